// Projections: the Suixi-like example over 15 years with both variants, per county-year.
#include <benchmark/benchmark.h>

#include <yigongti/io/scenario.hpp>
#include <yigongti/projection/projection.hpp>

namespace {

void project_suixi_15_years_2_variants(benchmark::State& state) {
  const ygt::Scenario sc = ygt::load_scenario(std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json");
  for (auto _ : state) {
    ygt::ProjectionResult r = ygt::project(sc);
    benchmark::DoNotOptimize(r.variants.data());
  }
  const double county_years = 2.0 * sc.years.count();
  state.counters["county_years_per_s"] =
      benchmark::Counter(county_years, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["us_per_county_year"] = benchmark::Counter(
      county_years, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK(project_suixi_15_years_2_variants)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
