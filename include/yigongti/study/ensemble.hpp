#pragma once
/// \file
/// Uncertainty ensembles: every draw of every variant of one or several
/// counties, summarised as the draws finish (`docs/study.md`).
///
/// Work is cut into blocks of `summary_block_draws` consecutive draws of one
/// county. Workers take blocks in order from a shared counter, summarise each
/// block in draw order, and the blocks are merged in block order
/// (`OrderedMerger`), so the summaries are the same bits whatever the number
/// of threads or processes. Memory holds one summary per county and the
/// blocks in flight: every draw's values when they fit
/// `EnsembleOptions::percentile_memory` (exact percentiles), a compactor
/// sketch of each cell otherwise.

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "yigongti/flows/indicators.hpp"
#include "yigongti/scenario/region.hpp"
#include "yigongti/scenario/scenario.hpp"
#include "yigongti/study/progress.hpp"
#include "yigongti/study/summary.hpp"

namespace ygt {

/// The cells of one county's ensemble: blocks of years x indicators (in
/// catalog order), first one per variant, then, with a baseline, one per
/// compared variant (every other one, in order) holding its effect (the
/// variant's value less the baseline's, within the draw), then one per
/// compared variant holding 1 where that effect is > 0 and 0 elsewhere (whose
/// mean is the probability that the effect is positive).
struct EnsembleLayout {
  std::vector<std::string> variants;
  int first_year = 0;
  int last_year = 0;
  /// The index in `variants` of the baseline the others are compared with.
  std::optional<std::size_t> baseline;

  /// The layout of `scenario`'s ensemble: every variant, or only `variant`;
  /// compared with `baseline` when given. Throws `InputError` (naming the
  /// scenario's file) for a variant or baseline the scenario does not have,
  /// both given, or a baseline without another variant.
  [[nodiscard]] static EnsembleLayout of(const Scenario& scenario,
                                         const std::optional<std::string>& variant = {},
                                         const std::optional<std::string>& baseline = {});
  [[nodiscard]] std::size_t years() const noexcept {
    return static_cast<std::size_t>(last_year - first_year + 1);
  }
  /// The variants compared with the baseline (0 without one).
  [[nodiscard]] std::size_t effects() const noexcept { return baseline ? variants.size() - 1 : 0; }
  /// The variant (its index in `variants`) of effect `e`.
  [[nodiscard]] std::size_t effect_variant(std::size_t e) const noexcept {
    return baseline && e >= *baseline ? e + 1 : e;
  }
  [[nodiscard]] std::size_t cells() const noexcept {
    return (variants.size() + 2 * effects()) * years() * indicator_count;
  }
  /// The cell of variant `v`, year `year` and `indicator`.
  [[nodiscard]] std::size_t cell(std::size_t v, int year, Indicator indicator) const noexcept {
    return (v * years() + static_cast<std::size_t>(year - first_year)) * indicator_count + index(indicator);
  }
  /// The cell of effect `e` (variant `effect_variant(e)` less the baseline).
  [[nodiscard]] std::size_t effect_cell(std::size_t e, int year, Indicator indicator) const noexcept {
    return cell(variants.size() + e, year, indicator);
  }
  /// The cell of the indicator that effect `e` is > 0.
  [[nodiscard]] std::size_t positive_cell(std::size_t e, int year, Indicator indicator) const noexcept {
    return cell(variants.size() + effects() + e, year, indicator);
  }
};

/// Makes draw `draw` of county `county` (its index in the inputs): sets the
/// draw's parameter values in `scenario`, which is the calling worker's own
/// copy of the county's scenario and may hold an earlier draw's values. Must
/// depend on nothing but (county, draw) so that results do not depend on
/// which worker makes it. Throws to abandon the ensemble.
using DrawMaker = std::function<void(Scenario& scenario, std::size_t county, std::uint64_t draw)>;

/// Receives one draw's values (`layout.cells()` of them, in layout order).
/// Called under a lock, in (county, draw) order.
using DrawSink = std::function<void(std::size_t county, std::uint64_t draw, std::span<const double> values)>;

/// Receives the summary of one block computed here (distributed runs send it
/// on). Called under a lock, in no particular order.
using BlockSink = std::function<void(std::size_t county, std::uint64_t block, const SummaryTable& summary)>;

/// The default `EnsembleOptions::percentile_memory`: 256 MiB.
inline constexpr std::uint64_t default_percentile_memory = std::uint64_t{256} << 20;

struct EnsembleOptions {
  std::uint64_t draws = 1000;           ///< draws per county, >= 1
  std::optional<std::string> variant;   ///< run only this variant
  std::optional<std::string> baseline;  ///< compare every other variant with this one (`EnsembleLayout`)
  unsigned threads = 1;                 ///< worker threads (docs/architecture.md, "Threads"); 0: one per core
  /// Every draw's values, for `--keep-draws` (memory then holds the blocks in
  /// flight only; the sink writes them out).
  DrawSink keep_draws;
  ProgressCallback progress;  ///< told of each draw done here
  /// This process's share of the work, for distributed runs: the blocks whose
  /// global number (counties in order, then blocks) is `part` modulo `parts`.
  unsigned part = 0;
  unsigned parts = 1;
  /// When set, each block computed here goes to it instead of being merged
  /// into the result (whose summaries then stay empty).
  BlockSink blocks;
  /// Bytes that exact percentiles may take (`docs/study.md`, "Percentiles"):
  /// when every cell of every county (of a region: its counties' and its own)
  /// times `draws` times 8 bytes fit, each cell keeps every draw and its
  /// percentiles are exact order statistics; otherwise each cell keeps the
  /// default compactor sketch (`ensemble_percentile_mode`). 0 always sketches.
  /// Decided from the inputs alone, never from the threads or ranks.
  std::uint64_t percentile_memory = default_percentile_memory;
};

/// The percentile mode of an ensemble of `options.draws` draws whose units
/// (counties, or a region with its counties) have `cells` cells each:
/// `PercentileMode::fitting` of their sum and `options.percentile_memory`.
[[nodiscard]] PercentileMode ensemble_percentile_mode(const std::vector<std::size_t>& cells,
                                                      const EnsembleOptions& options) noexcept;

/// One county's ensemble.
struct CountyEnsemble {
  std::string county_id;
  std::string scenario_name;
  EnsembleLayout layout;
  SummaryTable summary;
};

/// How the percentiles of one run's ensembles were computed: every ensemble
/// of a run has the same draws, mode and merges, so this is the first's
/// `SummaryTable::percentile_method()` (empty when there is none).
[[nodiscard]] std::string percentile_method(const std::vector<CountyEnsemble>& ensembles);

/// The number of blocks of an ensemble of `draws` draws per county.
[[nodiscard]] constexpr std::uint64_t block_count(std::uint64_t draws) noexcept {
  return (draws + summary_block_draws - 1) / summary_block_draws;
}

/// Runs `options.draws` draws of every county in `scenarios` (every variant,
/// every year), each draw made by `make` on a worker's copy of the county's
/// scenario and projected without its ledger. Throws what `make` or the
/// projection throws (the first, after stopping the other workers), and
/// `std::invalid_argument` for no draws, more parts than 1 without a block
/// sink, or a scenario without service lines.
[[nodiscard]] std::vector<CountyEnsemble> run_ensemble(const std::vector<const Scenario*>& scenarios,
                                                       const DrawMaker& make, const EnsembleOptions& options);

/// The ensemble of a region: draw `d` of the region is draw `d` of each of
/// its counties (`make` is given the county's index in `region.counties`),
/// all projected, and the region's indicators added up within the draw
/// (`combine_indicators`), so that the region's percentiles are those of its
/// draws. Returns one ensemble per county, then the region's (its id and
/// name); `keep_draws` gets the draws in that order. One process only
/// (`std::invalid_argument` for parts or a block sink); otherwise as
/// `run_ensemble`.
[[nodiscard]] std::vector<CountyEnsemble> run_region_ensemble(const Region& region, const DrawMaker& make,
                                                              const EnsembleOptions& options);

}  // namespace ygt
