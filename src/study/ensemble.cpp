#include "yigongti/study/ensemble.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "study/workers.hpp"
#include "yigongti/projection/projection.hpp"

namespace ygt {

EnsembleLayout EnsembleLayout::of(const Scenario& scenario) {
  EnsembleLayout layout;
  for (const Variant& v : scenario.variants) layout.variants.push_back(v.id);
  layout.first_year = scenario.years.start;
  layout.last_year = scenario.years.end;
  return layout;
}

namespace {

/// One block of one county: the unit of work.
struct Block {
  std::size_t county = 0;
  std::uint64_t block = 0;
};

/// The state workers share, all behind one mutex but the counter and the stop flag.
class Shared {
 public:
  Shared(const std::vector<const Scenario*>& scenarios, const EnsembleOptions& options)
      : options_(options), spares_(scenarios.size()) {
    const std::uint64_t blocks = block_count(options.draws);
    for (std::size_t c = 0; c < scenarios.size(); ++c) {
      for (std::uint64_t b = 0; b < blocks; ++b) {
        if ((c * blocks + b) % options.parts == options.part) work_.push_back({c, b});
      }
    }
    finished_.assign(work_.size(), false);
  }

  /// Lets a worker start a block at most `blocks` positions after the first
  /// unfinished one. Blocks finished out of order wait in memory for the
  /// earlier ones; without a limit a worker stalled for a while (by the
  /// system) would leave the others piling up finished blocks, so that peak
  /// memory would grow with the length of the run.
  void limit_ahead(std::size_t blocks) { ahead_ = std::max<std::size_t>(1, blocks); }

  /// The next block to compute, or nothing when all are taken or a worker
  /// failed. Waits while the block would be too far ahead (`limit_ahead`); the
  /// worker of the first unfinished block never waits, so this cannot lock up.
  std::optional<Block> take() {
    if (stop_.load(std::memory_order_relaxed)) return std::nullopt;
    const std::size_t i = next_.fetch_add(1, std::memory_order_relaxed);
    if (i >= work_.size()) return std::nullopt;
    std::unique_lock lock(mutex_);
    caught_up_.wait(lock, [&] { return i < finished_prefix_ + ahead_ || stop_.load(); });
    if (stop_.load()) return std::nullopt;
    return work_[i];
  }

  /// A cleared summary table for a block of county `c`: one merged earlier,
  /// so that workers reuse a few tables instead of allocating one a block
  /// and freeing it on another thread (which makes the heap grow).
  SummaryTable table_for(std::size_t c, std::size_t cells) {
    std::optional<SummaryTable> spare;
    {
      const std::lock_guard lock(mutex_);
      if (!spares_[c].empty()) {
        spare.emplace(std::move(spares_[c].back()));
        spares_[c].pop_back();
      }
    }
    if (!spare) return SummaryTable(cells);
    spare->clear();
    return std::move(*spare);
  }

  /// Hands in a finished block: its summary to the merger (or the block sink),
  /// its kept draws to the draw sink once every earlier block's have gone.
  void finish(std::size_t position, const Block& block, SummaryTable summary, std::vector<double> kept,
              std::uint64_t first_draw, std::size_t cells, std::vector<OrderedMerger>& mergers) {
    const std::lock_guard lock(mutex_);
    finished_[position] = true;
    const std::size_t prefix = finished_prefix_;
    while (finished_prefix_ < finished_.size() && finished_[finished_prefix_]) ++finished_prefix_;
    if (finished_prefix_ != prefix) caught_up_.notify_all();
    if (options_.blocks) {
      options_.blocks(block.county, block.block, summary);
      spares_[block.county].push_back(std::move(summary));
    } else {
      mergers[block.county].submit(block.block, std::move(summary), &spares_[block.county]);
    }
    if (!options_.keep_draws) return;
    held_.emplace(position, Kept{block.county, first_draw, std::move(kept)});
    // Positions are the indices of `work_`: emit them strictly in that order.
    for (auto it = held_.begin(); it != held_.end() && it->first == emitted_;
         it = held_.erase(it), ++emitted_) {
      const Kept& k = it->second;
      for (std::size_t d = 0; d * cells < k.values.size(); ++d) {
        options_.keep_draws(k.county, k.first_draw + d, std::span(k.values).subspan(d * cells, cells));
      }
    }
  }

  /// Records the first failure and stops the other workers.
  void fail(std::exception_ptr e) {
    const std::lock_guard lock(mutex_);
    if (!error_) error_ = std::move(e);
    stop_.store(true);
    caught_up_.notify_all();
  }

  void rethrow_if_failed() const {
    if (error_) std::rethrow_exception(error_);
  }

  [[nodiscard]] std::size_t position_of(const Block& b) const {
    // Work is in (county, block) order; a binary search finds the index.
    const auto it = std::lower_bound(work_.begin(), work_.end(), b, [](const Block& x, const Block& y) {
      return x.county < y.county || (x.county == y.county && x.block < y.block);
    });
    return static_cast<std::size_t>(it - work_.begin());
  }

  [[nodiscard]] std::size_t size() const noexcept { return work_.size(); }

 private:
  struct Kept {
    std::size_t county;
    std::uint64_t first_draw;
    std::vector<double> values;
  };
  const EnsembleOptions& options_;
  std::vector<Block> work_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::exception_ptr error_;
  std::map<std::size_t, Kept> held_;
  std::size_t emitted_ = 0;
  std::vector<std::vector<SummaryTable>> spares_;  // by county: merged tables to reuse
  std::vector<bool> finished_;                     // by position in `work_`
  std::size_t finished_prefix_ = 0;                // positions before it are all finished
  std::size_t ahead_ = 1;
  std::condition_variable caught_up_;
};

/// Copies one variant's indicators (years x indicators) into its cells.
void flatten(const ProjectionResult& r, const EnsembleLayout& layout, std::vector<double>& values) {
  for (std::size_t v = 0; v < r.variants.size(); ++v) {
    const Eigen::MatrixXd& m = r.variants[v].indicators;
    for (Eigen::Index y = 0; y < m.rows(); ++y) {
      const std::size_t base = layout.cell(v, layout.first_year + static_cast<int>(y), Indicator{});
      for (Eigen::Index i = 0; i < m.cols(); ++i) values[base + static_cast<std::size_t>(i)] = m(y, i);
    }
  }
}

}  // namespace

std::vector<CountyEnsemble> run_ensemble(const std::vector<const Scenario*>& scenarios, const DrawMaker& make,
                                         const EnsembleOptions& options) {
  if (options.draws < 1) throw std::invalid_argument("run_ensemble: at least one draw");
  if (options.parts < 1 || options.part >= options.parts)
    throw std::invalid_argument("run_ensemble: part out of range");
  if (options.parts > 1 && !options.blocks)
    throw std::invalid_argument("run_ensemble: a share of the work needs a block sink");

  std::vector<CountyEnsemble> out;
  std::vector<OrderedMerger> mergers;
  for (const Scenario* sc : scenarios) {
    if (!sc->flows) throw std::invalid_argument("run_ensemble: " + sc->origin + " has no service lines");
    EnsembleLayout layout = EnsembleLayout::of(*sc);
    const std::size_t cells = layout.cells();
    out.push_back({sc->county.id(), sc->name, std::move(layout), SummaryTable(cells)});
    mergers.emplace_back(cells);
  }

  Shared shared(scenarios, options);
  const auto work = [&] {
    try {
      std::vector<std::optional<Scenario>> copies(scenarios.size());  // this worker's, made when first needed
      std::vector<double> values;
      ProjectionOptions projection;
      projection.keep_ledger = false;
      while (const std::optional<Block> block = shared.take()) {
        const std::size_t c = block->county;
        if (!copies[c]) copies[c].emplace(*scenarios[c]);
        const EnsembleLayout& layout = out[c].layout;
        const std::size_t cells = layout.cells();
        values.assign(cells, 0.0);
        SummaryTable summary = shared.table_for(c, cells);
        std::vector<double> kept;
        const std::uint64_t first = block->block * summary_block_draws;
        const std::uint64_t last = std::min(options.draws, first + summary_block_draws);
        for (std::uint64_t d = first; d < last; ++d) {
          make(*copies[c], c, d);
          flatten(project(*copies[c], projection), layout, values);
          summary.add(values);
          if (options.keep_draws) kept.insert(kept.end(), values.begin(), values.end());
          if (options.progress) options.progress(1);
        }
        shared.finish(shared.position_of(*block), *block, std::move(summary), std::move(kept), first, cells,
                      mergers);
      }
    } catch (...) {
      shared.fail(std::current_exception());
    }
  };

  const unsigned threads = detail::worker_count(options.threads, shared.size());
  shared.limit_ahead(2 * static_cast<std::size_t>(threads));
  detail::run_workers(threads, [&](unsigned) { work(); });
  shared.rethrow_if_failed();
  for (std::size_t c = 0; c < out.size(); ++c) out[c].summary = std::move(mergers[c]).take();
  return out;
}

}  // namespace ygt
