// Projections per county-year: the Suixi-like example over 15 years with both
// variants, with and without the ledger, and the synthetic 15-township county,
// with the providers' responses (the default) and without them.
#include <benchmark/benchmark.h>

#include <optional>
#include <string>

#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/projection/projection.hpp>

namespace {

void report(benchmark::State& state, const ygt::Scenario& sc) {
  const double county_years =
      static_cast<double>(state.counters.count("one_variant") ? 1 : sc.variants.size()) * sc.years.count();
  state.counters["county_years_per_s"] =
      benchmark::Counter(county_years, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["us_per_county_year"] = benchmark::Counter(
      county_years, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void run(benchmark::State& state, const ygt::Scenario& sc, bool keep_ledger,
         std::optional<std::string> variant = std::nullopt) {
  ygt::ProjectionOptions options;
  options.keep_ledger = keep_ledger;
  options.variant = variant;
  for (auto _ : state) {
    ygt::ProjectionResult r = ygt::project(sc, options);
    benchmark::DoNotOptimize(r.variants.data());
  }
  if (variant) state.counters["one_variant"] = 1;
  report(state, sc);
}

const ygt::Scenario& suixi() {
  static const ygt::Scenario sc =
      ygt::load_scenario(std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json");
  return sc;
}

/// The synthetic 15-township county of `synthetic_scenario_json`, projected
/// from 2021 over `years` years (both variants).
ygt::Scenario synthetic(int years) {
  ygt::SyntheticOptions o;
  o.first_year = 2021;
  o.last_year = 2021 + years - 1;
  return ygt::parse_scenario(ygt::synthetic_scenario_json(o), "synthetic.json");
}

void project_suixi_15_years_2_variants_with_ledger(benchmark::State& state) {
  run(state, suixi(), true);
}
void project_suixi_15_years_2_variants(benchmark::State& state) {
  run(state, suixi(), false);
}
// Over 1 and 15 years: the difference, over 14 x 2 county-years, is the cost
// of the yearly loop alone, without the set-up each projection makes once.
void project_synthetic_15_townships(benchmark::State& state) {
  run(state, synthetic(static_cast<int>(state.range(0))), false);
}

// Each variant alone: the baseline changes no lever, the reform re-derives
// every line's referral chain each year as reinvestment moves capability.
void project_synthetic_15_townships_one_variant(benchmark::State& state) {
  run(state, synthetic(static_cast<int>(state.range(0))), false, state.range(1) == 0 ? "baseline" : "reform");
}

// The reform alone over 1 and 15 years, behaviour on (the defaults: its
// rolling global budget with retention and out-of-county spending deducted
// moves every one of the five responses) or off: the difference between 15
// and 1 years is the yearly loop's, with and without the responses.
void project_synthetic_15_townships_behaviour(benchmark::State& state) {
  ygt::Scenario sc = synthetic(static_cast<int>(state.range(0)));
  sc.behaviour.enabled = state.range(1) != 0;
  run(state, sc, false, "reform");
}

}  // namespace

BENCHMARK(project_suixi_15_years_2_variants_with_ledger)->Unit(benchmark::kMicrosecond);
BENCHMARK(project_suixi_15_years_2_variants)->Unit(benchmark::kMicrosecond);
BENCHMARK(project_synthetic_15_townships)->ArgName("years")->Arg(1)->Arg(15)->Unit(benchmark::kMicrosecond);
BENCHMARK(project_synthetic_15_townships_one_variant)
    ->ArgNames({"years", "reform"})
    ->ArgsProduct({{1, 15}, {0, 1}})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(project_synthetic_15_townships_behaviour)
    ->ArgNames({"years", "behaviour"})
    ->ArgsProduct({{1, 15}, {0, 1}})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
