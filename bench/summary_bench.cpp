// Ensemble summaries: one draw of 768 cells (2 variants x 16 years x 24
// indicators) added to a SummaryTable, a block of draws summarised from
// scratch, block merges into the total, and the byte images sent over MPI.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>
#include <yigongti/study/summary.hpp>

namespace {

constexpr std::size_t cells = 2 * 16 * 24;

/// `n` draws of indicators like a projection's: positive levels of many scales
/// with a few percent of spread, and every fifth a change of either sign.
std::vector<std::vector<double>> draws(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<double>> out(n, std::vector<double>(cells));
  for (auto& draw : out) {
    for (std::size_t c = 0; c < cells; ++c) {
      const double scale = std::pow(10.0, static_cast<double>(c % 9) - 2.0);
      draw[c] = c % 5 == 4 ? std::normal_distribution<double>(0.0, scale)(rng)
                           : scale * std::lognormal_distribution<double>(0.0, 0.1)(rng);
    }
  }
  return out;
}

ygt::SummaryTable block(const std::vector<std::vector<double>>& pool, std::size_t first) {
  ygt::SummaryTable t(cells);
  for (std::size_t d = 0; d < ygt::summary_block_draws; ++d) t.add(pool[(first + d) % pool.size()]);
  return t;
}

/// Steady state: the table has seen the values' range already.
void summary_table_add_768_cells(benchmark::State& state) {
  const auto pool = draws(1024, 1);
  ygt::SummaryTable table(cells);
  for (const auto& d : pool) table.add(d);
  std::size_t i = 0;
  for (auto _ : state) {
    table.add(pool[i]);
    i = (i + 1) % pool.size();
  }
  benchmark::DoNotOptimize(table);
  state.counters["draws_per_s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["cells_per_s"] =
      benchmark::Counter(static_cast<double>(cells), benchmark::Counter::kIsIterationInvariantRate);
}

/// A block of 64 draws summarised from an empty table, as a worker does.
void summary_block_of_64_draws(benchmark::State& state) {
  const auto pool = draws(1024, 2);
  std::size_t first = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(block(pool, first));
    first = (first + ygt::summary_block_draws) % pool.size();
  }
  state.counters["draws_per_s"] = benchmark::Counter(static_cast<double>(ygt::summary_block_draws),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}

/// One block merged into a total of many draws, as the OrderedMerger does.
void summary_table_merge(benchmark::State& state) {
  const auto pool = draws(1024, 3);
  ygt::SummaryTable total(cells);
  for (std::size_t b = 0; b < 16; ++b) total.merge(block(pool, b * ygt::summary_block_draws));
  const ygt::SummaryTable next = block(pool, 5);
  for (auto _ : state) total.merge(next);
  benchmark::DoNotOptimize(total);
  state.counters["merges_per_s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}

/// A block's byte image, written and read back (the MPI message).
void summary_table_bytes_round_trip(benchmark::State& state) {
  const auto pool = draws(256, 4);
  const ygt::SummaryTable t = block(pool, 0);
  std::size_t size = 0;
  for (auto _ : state) {
    const auto bytes = t.to_bytes();
    size = bytes.size();
    benchmark::DoNotOptimize(ygt::SummaryTable::from_bytes(bytes));
  }
  state.counters["bytes"] = static_cast<double>(size);
}

}  // namespace

BENCHMARK(summary_table_add_768_cells)->Unit(benchmark::kMicrosecond);
BENCHMARK(summary_block_of_64_draws)->Unit(benchmark::kMicrosecond);
BENCHMARK(summary_table_merge)->Unit(benchmark::kMicrosecond);
BENCHMARK(summary_table_bytes_round_trip)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
