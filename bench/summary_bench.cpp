// Ensemble summaries, in both percentile modes (argument 0: exact, every
// value kept; 1: the default compactor sketch): a block of 64 draws of 768
// cells (2 variants x 16 years x 24 indicators) summarised in a cleared table
// as a worker does, block merges into the total as the OrderedMerger does,
// the three percentiles of every cell of a total of 10,000 draws, and the
// byte images sent over MPI.
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

ygt::PercentileMode mode_of(const benchmark::State& state) {
  return state.range(0) == 0 ? ygt::PercentileMode::exact() : ygt::PercentileMode::sketch();
}

ygt::SummaryTable block(const std::vector<std::vector<double>>& pool, std::size_t first,
                        ygt::PercentileMode mode) {
  ygt::SummaryTable t(cells, mode);
  for (std::size_t d = 0; d < ygt::summary_block_draws; ++d) t.add(pool[(first + d) % pool.size()]);
  return t;
}

/// A block of 64 draws added to a cleared table, as a worker does.
void summary_block_of_64_draws(benchmark::State& state) {
  const ygt::PercentileMode mode = mode_of(state);
  const auto pool = draws(1024, 2);
  ygt::SummaryTable table(cells, mode);
  std::size_t first = 0;
  for (auto _ : state) {
    table.clear();
    for (std::size_t d = 0; d < ygt::summary_block_draws; ++d) table.add(pool[(first + d) % pool.size()]);
    benchmark::DoNotOptimize(table);
    first = (first + ygt::summary_block_draws) % pool.size();
  }
  state.counters["draws_per_s"] = benchmark::Counter(static_cast<double>(ygt::summary_block_draws),
                                                     benchmark::Counter::kIsIterationInvariantRate);
  state.counters["cells_per_s"] = benchmark::Counter(static_cast<double>(ygt::summary_block_draws * cells),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}

/// One block merged into a total, as the OrderedMerger does. A sketch's total
/// has seen 100,000 draws first (its memory no longer grows); an exact total
/// starts again from a cleared table every 256 blocks, so that memory stays
/// in bounds over the benchmark's iterations.
void summary_table_merge(benchmark::State& state) {
  const ygt::PercentileMode mode = mode_of(state);
  const auto pool = draws(1024, 3);
  std::vector<ygt::SummaryTable> blocks;
  for (std::size_t b = 0; b < 16; ++b) blocks.push_back(block(pool, b * ygt::summary_block_draws, mode));
  ygt::SummaryTable total(cells, mode);
  if (mode.is_exact()) {
    total.reserve(256 * ygt::summary_block_draws);
  } else {
    for (std::size_t b = 0; b < 1600; ++b) total.merge(blocks[b % blocks.size()]);
  }
  std::size_t i = 0;
  for (auto _ : state) {
    if (mode.is_exact() && i % 256 == 0) total.clear();
    total.merge(blocks[i % blocks.size()]);
    ++i;
  }
  benchmark::DoNotOptimize(total);
  state.counters["merges_per_s"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}

/// The 2.5, 50 and 97.5 percentiles of every cell of a total of 10,000 draws,
/// as the outputs read them.
void summary_table_percentiles_of_10000_draws(benchmark::State& state) {
  const ygt::PercentileMode mode = mode_of(state);
  const auto pool = draws(1024, 5);
  ygt::SummaryTable total(cells, mode);
  std::mt19937_64 rng(6);
  for (std::size_t b = 0; b * ygt::summary_block_draws < 10'000; ++b) {
    total.merge(block(pool, std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng), mode));
  }
  for (auto _ : state) {
    double sum = 0.0;
    for (std::size_t c = 0; c < cells; ++c) {
      for (double q : {0.025, 0.5, 0.975}) sum += total[c].quantile(q);
    }
    benchmark::DoNotOptimize(sum);
  }
  state.counters["cells_per_s"] =
      benchmark::Counter(static_cast<double>(cells), benchmark::Counter::kIsIterationInvariantRate);
}

/// A block's byte image, written and read back (the MPI message).
void summary_table_bytes_round_trip(benchmark::State& state) {
  const auto pool = draws(256, 4);
  const ygt::SummaryTable t = block(pool, 0, mode_of(state));
  std::size_t size = 0;
  for (auto _ : state) {
    const auto bytes = t.to_bytes();
    size = bytes.size();
    benchmark::DoNotOptimize(ygt::SummaryTable::from_bytes(bytes));
  }
  state.counters["bytes"] = static_cast<double>(size);
}

}  // namespace

BENCHMARK(summary_block_of_64_draws)->ArgName("sketch")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(summary_table_merge)->ArgName("sketch")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(summary_table_percentiles_of_10000_draws)
    ->ArgName("sketch")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(summary_table_bytes_round_trip)->ArgName("sketch")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
