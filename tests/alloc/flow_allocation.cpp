// Proves that FlowModel::compute allocates nothing once set up: every malloc of
// the process is counted (glibc's allocator is called underneath), so Eigen's
// and the standard library's allocations are seen alike. A program of its own,
// as it replaces malloc, and not built under the sanitizers, which do too.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <yigongti/flows/flow_model.hpp>

#include "flows/generate.hpp"

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
}

namespace {
volatile long allocations = 0;
}

extern "C" void* malloc(std::size_t size) {
  allocations = allocations + 1;
  return __libc_malloc(size);
}
extern "C" void* calloc(std::size_t n, std::size_t size) {
  allocations = allocations + 1;
  return __libc_calloc(n, size);
}
extern "C" void* realloc(void* p, std::size_t size) {
  allocations = allocations + 1;
  return __libc_realloc(p, size);
}

int main() {
  std::mt19937_64 rng(3);
  int failures = 0;
  for (int trial = 0; trial < 20; ++trial) {
    auto c = ygt::testing::generate_case(rng, trial % 2 == 0, 15, 8);
    const ygt::FlowModel model(c.county, c.params);
    ygt::FlowTable table = model.make_table();
    model.compute(table);
    const long before = allocations;
    for (int i = 0; i < 10; ++i) model.compute(table);
    const long made = allocations - before;
    if (made != 0) {
      std::printf("trial %d: compute allocated %ld times\n", trial, made);
      ++failures;
    }
  }
  std::printf("%d passed, %d failed\n", 20 - failures, failures);
  return failures == 0 ? 0 : 1;
}
