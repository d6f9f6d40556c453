// Proves that FlowModel::compute allocates nothing once set up, and that the
// yearly loop of a projection without its ledger allocates nothing: every malloc of
// the process is counted (glibc's allocator is called underneath), so Eigen's
// and the standard library's allocations are seen alike. A program of its own,
// as it replaces malloc, and not built under the sanitizers, which do too.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <yigongti/flows/flow_model.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/projection/projection.hpp>

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

/// Allocations made by projecting `sc` over its first `years` years, without the ledger.
long projection_allocations(ygt::Scenario sc, int years) {
  sc.years.end = sc.years.start + years - 1;
  const long before = allocations;
  {
    const ygt::ProjectionResult r = ygt::project(sc, {.keep_ledger = false});
    if (r.variants.empty()) std::abort();
  }
  return allocations - before;
}

/// The yearly loop allocates nothing: a projection over all of the scenario's
/// years makes exactly the allocations of one over its first year (the set-up),
/// the providers' responses included.
int check_projection(const ygt::Scenario& sc, const std::string& name) {
  const long one = projection_allocations(sc, 1);
  const long all = projection_allocations(sc, sc.years.count());
  if (one == all) return 0;
  std::printf("%s: %ld allocations over 1 year, %ld over %d years\n", name.c_str(), one, all,
              sc.years.count());
  return 1;
}

int main() {
  std::mt19937_64 rng(3);
  int failures = 0;
  const std::string examples = std::string(YGT_SOURCE_DIR) + "/examples";
  failures += check_projection(ygt::load_scenario(examples + "/suixi/suixi.json"), "suixi");
  failures += check_projection(ygt::load_scenario(examples + "/kedong/kedong.json"), "kedong");
  failures += check_projection(ygt::load_scenario(examples + "/luohu/luohu.json"), "luohu");
  // The examples and the synthetic counties have no behaviour section: their
  // providers respond with the defaults. Without behaviour, too:
  {
    ygt::Scenario off = ygt::load_scenario(examples + "/suixi/suixi.json");
    off.behaviour.enabled = false;
    failures += check_projection(off, "suixi, behaviour off");
  }
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    failures +=
        check_projection(ygt::parse_scenario(ygt::synthetic_scenario_json({.seed = seed}), "synthetic"),
                         "synthetic " + std::to_string(seed));
  }
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
  std::printf("%d failures\n", failures);
  return failures == 0 ? 0 : 1;
}
