// Parse and validate a generated county of 30 townships and 600 institutions:
// what every command pays before it computes anything.
#include <benchmark/benchmark.h>

#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>

namespace {

void parse_validate_30_townships_600_institutions(benchmark::State& state) {
  const std::string text =
      ygt::synthetic_scenario_json({.townships = 30, .institutions = 600, .seed = 5, .projection = false});
  for (auto _ : state) {
    ygt::Scenario sc = ygt::parse_scenario(text, "synthetic");
    benchmark::DoNotOptimize(sc);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
  state.counters["scenarios_per_s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(parse_validate_30_townships_600_institutions)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
