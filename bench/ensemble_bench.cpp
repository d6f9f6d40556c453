// Ensemble throughput: county-years per second for the synthetic 15-township
// county of the flows and projection benchmarks (15 years, both variants),
// with three uncertain parameters, on 1 and 2 threads: 512 draws with exact
// percentiles, and 4,096 draws summarised by the percentile sketch
// (`percentile_memory` 0), which compacts from the 1,024th draw on.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/study/ensemble.hpp>
#include <yigongti/study/uncertainty.hpp>

namespace {

ygt::ScenarioFile synthetic_with_uncertainty() {
  ygt::SyntheticOptions o;
  o.first_year = 2021;
  o.last_year = 2035;
  boost::json::object doc = boost::json::parse(ygt::synthetic_scenario_json(o)).as_object();
  doc["uncertainty"] = boost::json::parse(R"({
    "draws": 1000, "seed": 1,
    "parameters": {
      "choice.b_cap": {"dist": "normal", "mean": 3.0, "sd": 0.3, "lower": 0},
      "service_lines.ip_common.capability.township": {"dist": "beta", "alpha": 30, "beta": 20},
      "payment.alliance_package.retention": {"dist": "uniform", "min": 0.4, "max": 1.0}
    }})");
  return ygt::parse_scenario_file(boost::json::serialize(doc), "synthetic.json");
}

void ensemble_synthetic_15_townships(benchmark::State& state) {
  static const ygt::ScenarioFile file = synthetic_with_uncertainty();
  const ygt::Scenario& sc = file.scenario;
  const ygt::DrawMaker make = [&](ygt::Scenario& copy, std::size_t, std::uint64_t d) {
    ygt::DrawStream stream(file.uncertainty->seed, sc.county.id(), d);
    ygt::apply_draw(copy, *file.uncertainty, stream);
  };
  ygt::EnsembleOptions options;
  const bool sketch = state.range(1) != 0;
  options.draws = sketch ? 4096 : 512;
  options.threads = static_cast<unsigned>(state.range(0));
  if (sketch) options.percentile_memory = 0;
  for (auto _ : state) {
    const auto r = ygt::run_ensemble({&sc}, make, options);
    benchmark::DoNotOptimize(r.data());
  }
  const double county_years =
      static_cast<double>(options.draws) * static_cast<double>(sc.variants.size()) * sc.years.count();
  state.counters["county_years_per_s"] =
      benchmark::Counter(county_years, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(ensemble_synthetic_15_townships)
    ->ArgNames({"threads", "sketch"})
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_MAIN();
