#include "yigongti/study/ensemble.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "study/workers.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/projection/region.hpp"

namespace ygt {

EnsembleLayout EnsembleLayout::of(const Scenario& scenario, const std::optional<std::string>& variant,
                                  const std::optional<std::string>& baseline) {
  std::string known;
  for (const Variant& v : scenario.variants) known += (known.empty() ? "" : ", ") + v.id;
  const auto unknown = [&](const std::string& id, const char* what) {
    return InputError(scenario.origin, {{"variants", std::string(what) + " \"" + id + "\" is not a variant",
                                         "one of: " + known}});
  };
  if (variant && baseline) {
    throw InputError(scenario.origin, {{"variants", "a comparison with a baseline runs every variant",
                                        "either one variant, or a baseline to compare the others with"}});
  }
  if (variant && scenario.find_variant(*variant) == nullptr) throw unknown(*variant, "variant");
  if (baseline && scenario.find_variant(*baseline) == nullptr) throw unknown(*baseline, "baseline");
  if (baseline && scenario.variants.size() < 2) {
    throw InputError(scenario.origin, {{"variants", "only one variant, \"" + *baseline + "\", to compare",
                                        "a scenario with another variant than the baseline"}});
  }
  EnsembleLayout layout;
  for (const Variant& v : scenario.variants) {
    if (variant && v.id != *variant) continue;
    if (baseline && v.id == *baseline) layout.baseline = layout.variants.size();
    layout.variants.push_back(v.id);
  }
  layout.first_year = scenario.years.start;
  layout.last_year = scenario.years.end;
  return layout;
}

PercentileMode ensemble_percentile_mode(const std::vector<std::size_t>& cells,
                                        const EnsembleOptions& options) noexcept {
  std::uint64_t values = 0;
  for (std::size_t c : cells) values += c;
  return PercentileMode::fitting(values, options.draws, options.percentile_memory);
}

std::string percentile_method(const std::vector<CountyEnsemble>& ensembles) {
  return ensembles.empty() ? std::string() : ensembles.front().summary.percentile_method();
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
  /// `keep` receives each unit's kept draws (in `(unit, draw)` order).
  Shared(std::size_t units, const EnsembleOptions& options, PercentileMode mode, DrawSink keep)
      : options_(options), mode_(mode), keep_(std::move(keep)), spares_(units) {
    const std::uint64_t blocks = block_count(options.draws);
    for (std::size_t c = 0; c < units; ++c) {
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
    if (!spare) return SummaryTable(cells, mode_);
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
    if (!keep_) return;
    held_.emplace(position, Kept{block.county, first_draw, std::move(kept)});
    // Positions are the indices of `work_`: emit them strictly in that order.
    for (auto it = held_.begin(); it != held_.end() && it->first == emitted_;
         it = held_.erase(it), ++emitted_) {
      const Kept& k = it->second;
      for (std::size_t d = 0; d * cells < k.values.size(); ++d) {
        keep_(k.county, k.first_draw + d, std::span(k.values).subspan(d * cells, cells));
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
  const PercentileMode mode_;
  DrawSink keep_;
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

/// Copies each variant's indicators (years x indicators) into its cells, from
/// `base` on, and each compared variant's effect into its own.
void flatten(std::span<const Eigen::MatrixXd* const> variants, const EnsembleLayout& layout,
             std::vector<double>& values, std::size_t base = 0) {
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const Eigen::MatrixXd& m = *variants[v];
    for (Eigen::Index y = 0; y < m.rows(); ++y) {
      const std::size_t at = base + layout.cell(v, layout.first_year + static_cast<int>(y), Indicator{});
      for (Eigen::Index i = 0; i < m.cols(); ++i) values[at + static_cast<std::size_t>(i)] = m(y, i);
    }
  }
  if (!layout.baseline) return;
  const std::size_t block = layout.years() * indicator_count;
  const std::size_t from = base + layout.cell(*layout.baseline, layout.first_year, Indicator{});
  for (std::size_t e = 0; e < layout.effects(); ++e) {
    const std::size_t of = base + layout.cell(layout.effect_variant(e), layout.first_year, Indicator{});
    const std::size_t to = base + layout.effect_cell(e, layout.first_year, Indicator{});
    const std::size_t flag = base + layout.positive_cell(e, layout.first_year, Indicator{});
    for (std::size_t k = 0; k < block; ++k) {
      const double d = values[of + k] - values[from + k];
      values[to + k] = d;
      values[flag + k] = d > 0.0 ? 1.0 : 0.0;
    }
  }
}

void flatten(const ProjectionResult& r, const EnsembleLayout& layout, std::vector<double>& values,
             std::size_t base = 0) {
  std::vector<const Eigen::MatrixXd*> m;
  for (const VariantProjection& v : r.variants) m.push_back(&v.indicators);
  flatten(m, layout, values, base);
}

/// One worker's way of computing draw `draw` of unit `unit` into `values`.
using DrawWork = std::function<void(std::size_t unit, std::uint64_t draw, std::vector<double>& values)>;

/// Runs every block of every unit (`cells[u]` values a draw), each worker
/// computing with its own `make_work()`; the merged summary of each unit.
std::vector<SummaryTable> run_units(const std::vector<std::size_t>& cells,
                                    const std::function<DrawWork()>& make_work,
                                    const EnsembleOptions& options, DrawSink keep,
                                    std::uint64_t progress_per_draw) {
  const PercentileMode mode = ensemble_percentile_mode(cells, options);
  std::vector<OrderedMerger> mergers;
  for (std::size_t c : cells) mergers.emplace_back(c, mode, options.blocks ? 0 : options.draws);
  Shared shared(cells.size(), options, mode, std::move(keep));
  const auto work = [&] {
    try {
      const DrawWork compute = make_work();
      std::vector<double> values;
      while (const std::optional<Block> block = shared.take()) {
        const std::size_t c = block->county;
        values.assign(cells[c], 0.0);
        SummaryTable summary = shared.table_for(c, cells[c]);
        std::vector<double> kept;
        const std::uint64_t first = block->block * summary_block_draws;
        const std::uint64_t last = std::min(options.draws, first + summary_block_draws);
        for (std::uint64_t d = first; d < last; ++d) {
          compute(c, d, values);
          summary.add(values);
          if (options.keep_draws) kept.insert(kept.end(), values.begin(), values.end());
          if (options.progress) options.progress(progress_per_draw);
        }
        shared.finish(shared.position_of(*block), *block, std::move(summary), std::move(kept), first,
                      cells[c], mergers);
      }
    } catch (...) {
      shared.fail(std::current_exception());
    }
  };
  const unsigned threads = detail::worker_count(options.threads, shared.size());
  shared.limit_ahead(2 * static_cast<std::size_t>(threads));
  detail::run_workers(threads, [&](unsigned) { work(); });
  shared.rethrow_if_failed();
  std::vector<SummaryTable> out;
  for (OrderedMerger& m : mergers) out.push_back(std::move(m).take());
  return out;
}

void check_options(const EnsembleOptions& options) {
  if (options.draws < 1) throw std::invalid_argument("run_ensemble: at least one draw");
  if (options.parts < 1 || options.part >= options.parts)
    throw std::invalid_argument("run_ensemble: part out of range");
  if (options.parts > 1 && !options.blocks)
    throw std::invalid_argument("run_ensemble: a share of the work needs a block sink");
}

}  // namespace

std::vector<CountyEnsemble> run_ensemble(const std::vector<const Scenario*>& scenarios, const DrawMaker& make,
                                         const EnsembleOptions& options) {
  check_options(options);
  std::vector<CountyEnsemble> out;
  std::vector<std::size_t> cells;
  for (const Scenario* sc : scenarios) {
    if (!sc->flows) throw std::invalid_argument("run_ensemble: " + sc->origin + " has no service lines");
    EnsembleLayout layout = EnsembleLayout::of(*sc, options.variant, options.baseline);
    cells.push_back(layout.cells());
    out.push_back({sc->county.id(), sc->name, std::move(layout), SummaryTable(0)});
  }
  const auto make_work = [&]() -> DrawWork {
    // This worker's copies of the counties, made when first needed.
    auto copies = std::make_shared<std::vector<std::optional<Scenario>>>(scenarios.size());
    return [&, copies](std::size_t c, std::uint64_t d, std::vector<double>& values) {
      if (!(*copies)[c]) (*copies)[c].emplace(*scenarios[c]);
      ProjectionOptions projection;
      projection.keep_ledger = false;
      projection.variant = options.variant;
      make(*(*copies)[c], c, d);
      flatten(project(*(*copies)[c], projection), out[c].layout, values);
    };
  };
  std::vector<SummaryTable> summaries = run_units(cells, make_work, options, options.keep_draws, 1);
  for (std::size_t c = 0; c < out.size(); ++c) out[c].summary = std::move(summaries[c]);
  return out;
}

std::vector<CountyEnsemble> run_region_ensemble(const Region& region, const DrawMaker& make,
                                                const EnsembleOptions& options) {
  check_options(options);
  if (options.parts > 1 || options.blocks)
    throw std::invalid_argument("run_region_ensemble: a region's ensemble runs in one process");
  if (region.counties.empty()) throw std::invalid_argument("run_region_ensemble: a region without counties");
  const std::size_t n = region.counties.size();
  std::vector<CountyEnsemble> out;
  for (const Scenario& sc : region.counties) {
    if (!sc.flows) throw std::invalid_argument("run_region_ensemble: " + sc.origin + " has no service lines");
    out.push_back({sc.county.id(), sc.name, EnsembleLayout::of(sc, options.variant, options.baseline),
                   SummaryTable(0)});
  }
  out.push_back({region.id, region.name, out.front().layout, SummaryTable(0)});
  const EnsembleLayout& layout = out.front().layout;
  const std::size_t block = layout.cells();
  const auto make_work = [&]() -> DrawWork {
    auto copies = std::make_shared<std::vector<Scenario>>(region.counties);
    return [&, copies](std::size_t, std::uint64_t d, std::vector<double>& values) {
      ProjectionOptions projection;
      projection.keep_ledger = false;
      projection.variant = options.variant;
      std::vector<ProjectionResult> results;
      for (std::size_t c = 0; c < n; ++c) {
        make((*copies)[c], c, d);
        results.push_back(project((*copies)[c], projection));
        flatten(results.back(), layout, values, c * block);
      }
      const std::vector<Eigen::MatrixXd> combined = combine_projections(results);
      std::vector<const Eigen::MatrixXd*> m;
      for (const Eigen::MatrixXd& x : combined) m.push_back(&x);
      flatten(m, layout, values, n * block);
    };
  };
  DrawSink keep;
  if (options.keep_draws) {
    keep = [&](std::size_t, std::uint64_t d, std::span<const double> values) {
      for (std::size_t e = 0; e <= n; ++e) options.keep_draws(e, d, values.subspan(e * block, block));
    };
  }
  std::vector<SummaryTable> all =
      std::move(run_units({(n + 1) * block}, make_work, options, keep, n).front()).split(block);
  for (std::size_t e = 0; e <= n; ++e) out[e].summary = std::move(all[e]);
  return out;
}

}  // namespace ygt
