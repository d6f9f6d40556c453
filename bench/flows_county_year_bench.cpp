// One county-year of the flow model for a synthetic county of 15 townships,
// 8 service lines and 6 settings: the unit of work of every projection and ensemble.
#include <benchmark/benchmark.h>

#include <random>
#include <yigongti/flows/flow_model.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>

#include "flows/generate.hpp"

namespace {

/// A generated county forced to 15 townships, 8 lines and all six settings.
ygt::testing::GeneratedCase synthetic_15_townships() {
  std::mt19937_64 rng(15);
  for (;;) {
    auto c = ygt::testing::generate_case(rng, false, 15, 8);
    if (c.county.townships().size() == 15 && c.params.lines.size() == 8 && c.county.settings().size() == 6)
      return c;
  }
}

/// Detail 0: every cell table (`ygt flows`); 1: the totals only (projections).
ygt::FlowDetail detail_of(const benchmark::State& state) {
  return state.range(0) == 0 ? ygt::FlowDetail::cells : ygt::FlowDetail::totals;
}

void flows_county_year_15_townships_8_lines_6_settings(benchmark::State& state) {
  const auto c = synthetic_15_townships();
  const ygt::FlowModel model(c.county, c.params);
  ygt::FlowTable table = model.make_table(detail_of(state));
  for (auto _ : state) {
    model.compute(table);
    benchmark::DoNotOptimize(table.indicators.data());
  }
  state.counters["county_years_per_s"] =
      benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}

/// The first year of the synthetic county of `ygt::synthetic_scenario_json`
/// (15 townships, 8 lines, 5 settings): the county `projection_bench` projects,
/// so the two give the yearly loop's cost over one year of flows.
void flows_county_year_synthetic_scenario(benchmark::State& state) {
  const ygt::Scenario sc = ygt::parse_scenario(ygt::synthetic_scenario_json({}), "synthetic.json");
  const ygt::FlowModel model(sc.county, *sc.flows);
  ygt::FlowTable table = model.make_table(detail_of(state));
  for (auto _ : state) {
    model.compute(table);
    benchmark::DoNotOptimize(table.indicators.data());
  }
  state.counters["county_years_per_s"] =
      benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(flows_county_year_15_townships_8_lines_6_settings)
    ->ArgName("totals")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(flows_county_year_synthetic_scenario)
    ->ArgName("totals")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
