// Money split of 10,000 parts: the largest-remainder method behind every
// distribution of a surplus or a package.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>
#include <yigongti/core/money.hpp>

namespace {

std::vector<double> random_weights(std::size_t n, bool integral) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> real(0.0, 1000.0);
  std::uniform_int_distribution<int> whole(0, 1000);
  std::vector<double> w(n);
  for (auto& x : w) x = integral ? whole(rng) : real(rng);
  return w;
}

void split_real_weights_10000_parts(benchmark::State& state) {
  const auto weights = random_weights(10'000, false);
  const auto total = ygt::Money::parse("94394600.00");
  for (auto _ : state) benchmark::DoNotOptimize(ygt::split(total, weights));
  state.counters["parts_per_s"] = benchmark::Counter(10'000.0, benchmark::Counter::kIsIterationInvariantRate);
}

void split_integral_weights_10000_parts(benchmark::State& state) {
  const auto weights = random_weights(10'000, true);
  const auto total = ygt::Money::parse("94394600.00");
  for (auto _ : state) benchmark::DoNotOptimize(ygt::split(total, weights));
  state.counters["parts_per_s"] = benchmark::Counter(10'000.0, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(split_real_weights_10000_parts)->Unit(benchmark::kMicrosecond);
BENCHMARK(split_integral_weights_10000_parts)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
