#pragma once
/// \file
/// Parameter sweeps: one-way and multi-way sensitivity over a full grid of
/// parameter values, every point projected without its ledger (`docs/study.md`,
/// "Sweeps").

#include <Eigen/Core>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/flows/indicators.hpp"
#include "yigongti/scenario/region.hpp"
#include "yigongti/study/parameters.hpp"
#include "yigongti/study/progress.hpp"
#include "yigongti/study/region_parameters.hpp"
#include "yigongti/study/uncertainty.hpp"

namespace ygt {

/// One axis of a sweep grid: a parameter and the values it takes, in order.
struct SweepAxis {
  ParameterRef parameter;
  std::vector<double> values;
};

/// The most grid points one sweep may have (all axes together).
inline constexpr std::size_t max_sweep_points = 1'000'000;

/// Parses an axis of the command line, `PATH=a:b:step` or `PATH=v1,v2,...`,
/// against `scenario`.
///
/// `a:b:step` gives `a, a+step, ...` up to `b`: `b` itself when `step` divides
/// `b - a` (to 1e-9 of a step), so both ends are exact; each value is the
/// nearest 15-significant-digit decimal to `a + i*step` (0.3, not
/// 0.30000000000000004). Throws `InputError` (file `scenario.origin`, at
/// `--set SPEC`) for an unknown path (with the nearest valid path), a spec
/// without `=`, a number that does not parse, `step <= 0`, `a > b`, more than
/// `max_sweep_points` values, a value outside the parameter's range, and a
/// value the scenario cannot take (a capability whose referral chain never
/// ends).
[[nodiscard]] SweepAxis parse_sweep_axis(std::string_view spec, const Scenario& scenario);

struct SweepOptions {
  /// Report only this year (the projection then stops there); otherwise every year.
  std::optional<int> year;
  /// Run only this variant; otherwise every variant.
  std::optional<std::string> variant;
  unsigned threads = 1;       ///< worker threads (1 by default); 0: one per core
  ProgressCallback progress;  ///< told of each grid point done
};

/// The indicators of every grid point, in a tidy layout: one row per (grid
/// point, variant, year), point-major, then variant, then year; one column per
/// indicator in catalog order.
struct SweepResult {
  std::vector<std::string> parameters;  ///< the axes' paths, in axis order
  /// Grid points x axes: the values of each point. The first axis varies
  /// slowest, the last fastest (nested loops in axis order).
  Eigen::MatrixXd points;
  std::vector<std::string> variants;  ///< the variants reported
  std::vector<int> years;             ///< the years reported
  /// Rows `row(point, variant, year)`, columns `index(indicator)`.
  Eigen::MatrixXd indicators;

  [[nodiscard]] std::size_t point_count() const noexcept { return static_cast<std::size_t>(points.rows()); }
  /// The row of grid point `point`, variant `v` (index into `variants`) and
  /// year `y` (index into `years`).
  [[nodiscard]] Eigen::Index row(std::size_t point, std::size_t v, std::size_t y) const noexcept {
    return static_cast<Eigen::Index>((point * variants.size() + v) * years.size() + y);
  }
  /// The value of `indicator` at that row.
  [[nodiscard]] double value(std::size_t point, std::size_t v, std::size_t y, Indicator indicator) const {
    return indicators(row(point, v, y), static_cast<Eigen::Index>(index(indicator)));
  }
};

/// The number of points of the full grid over `axes`: the product of their sizes.
[[nodiscard]] std::size_t grid_size(const std::vector<SweepAxis>& axes) noexcept;

/// Projects `scenario` at every point of the grid over `axes` (each point a
/// copy of the scenario with the axes' values set) and collects the indicators.
/// Points are shared among `options.threads` workers; the result does not
/// depend on their number. Throws `InputError` before computing anything when
/// `axes` is empty, names one parameter twice, the grid has more than
/// `max_sweep_points` points, or `options` asks for a year or variant the
/// scenario does not have; and what the projection throws.
[[nodiscard]] SweepResult run_sweep(const Scenario& scenario, const std::vector<SweepAxis>& axes,
                                    const SweepOptions& options = {});

/// One axis of a region's sweep: a region parameter (`counties.ID.PATH`, or
/// a path set in every county) and its values.
struct RegionSweepAxis {
  RegionParameter parameter;
  std::vector<double> values;
};

/// Parses an axis as `parse_sweep_axis` does, against `region`
/// (`resolve_region_parameter`); problems are the region file's.
[[nodiscard]] RegionSweepAxis parse_region_sweep_axis(std::string_view spec, const Region& region);

/// A region's sweep: one `SweepResult` per county, then the region's (its
/// indicators added up from the counties' at each point), all on the same grid.
struct RegionSweepResult {
  std::vector<std::string> units;  ///< the counties' ids, then the region's
  std::vector<SweepResult> sweeps;
};

/// Projects every county of `region` at every point of the grid over `axes`
/// and adds the region up at each point; checks and options as `run_sweep`.
[[nodiscard]] RegionSweepResult run_region_sweep(const Region& region,
                                                 const std::vector<RegionSweepAxis>& axes,
                                                 const SweepOptions& options = {});

/// The probabilities of the low and the high end of a one-at-a-time range
/// taken from a distribution: its 2.5th and 97.5th percentiles.
inline constexpr double one_at_a_time_low_probability = 0.025;
inline constexpr double one_at_a_time_high_probability = 0.975;

/// A value set together with a one-at-a-time parameter at one of its ends.
struct OneAtATimeSetting {
  ParameterRef parameter;
  double value = 0.0;
};

/// One parameter of a one-at-a-time (tornado) study: the low and the high
/// value it is moved to, alone, from the scenario's value.
struct OneAtATimeRange {
  ParameterRef parameter;
  double low = 0.0;
  double high = 0.0;
  /// Where the range comes from, for messages: `--set SPEC` or
  /// `uncertainty.parameters.PATH`, `uncertainty.dirichlet[i].targets[j]`.
  std::string source;
  /// What is set with the parameter at its low and at its high end: a
  /// Dirichlet's or multivariate normal's other components, at their
  /// conditional means given it (a Dirichlet's shares still sum to 1), or the
  /// targets tied to it, at the same value. Empty for every other range.
  std::vector<OneAtATimeSetting> with_low;
  std::vector<OneAtATimeSetting> with_high;
};

/// The range of the axis `spec` of the command line, `PATH=LOW,HIGH` (or any
/// spec `parse_sweep_axis` reads that gives exactly two values: the first is
/// the low end), against `scenario`. Throws `InputError` as
/// `parse_sweep_axis`, and for a spec of other than two values.
[[nodiscard]] OneAtATimeRange parse_one_at_a_time_range(std::string_view spec, const Scenario& scenario);

/// The range of every parameter of `spec` (an `uncertainty` section resolved
/// against the scenario): the 2.5th and 97.5th percentiles of its
/// distribution within its truncation and the target's range (the quantile,
/// `boost::math::quantile`, of the distribution truncated to both), in the
/// order of the section (`parameters`, `dirichlet`, `multivariate_normal`). A Dirichlet gives
/// one range per component: component i at the percentiles of its marginal,
/// beta(alpha_i, sum - alpha_i), the other components at their conditional
/// means given it, `(1 - x_i) alpha_j / (sum - alpha_i)`; a multivariate
/// normal likewise, component i at its marginal normal's percentiles within
/// its range and the others at their conditional means, `mu_j + (C_ji / C_ii)
/// (x_i - mu_i)`. Tied targets move together: one range, the first target's,
/// with the others set to the same value. Throws `std::invalid_argument` for a
/// parameter that does not pass `check_uncertain_parameter`.
[[nodiscard]] std::vector<OneAtATimeRange> one_at_a_time_ranges(const UncertaintySpec& spec);

/// One bar of a tornado: how one indicator of one variant and year moves
/// when one parameter alone goes from its low to its high value.
struct TornadoRow {
  std::string variant;
  int year = 0;
  Indicator indicator = Indicator::county_visit_rate;
  std::string parameter;  ///< its path
  double base = 0.0;      ///< the parameter's value in the scenario
  double low = 0.0;       ///< the parameter's low value
  double high = 0.0;      ///< the parameter's high value
  double at_base = 0.0;   ///< the indicator with every parameter at its value
  double at_low = 0.0;    ///< the indicator with this parameter at `low`
  double at_high = 0.0;   ///< the indicator with this parameter at `high`
  double swing = 0.0;     ///< `|at_high - at_low|`
};

/// A one-at-a-time study: the tornado of every (variant, year, indicator).
struct OneAtATimeResult {
  std::vector<std::string> parameters;  ///< the ranges' paths, in their order
  std::vector<std::string> sources;     ///< where each range comes from (`OneAtATimeRange::source`)
  std::vector<std::string> variants;    ///< the variants reported
  std::vector<int> years;               ///< the years reported
  /// Grouped by variant, then year, then indicator (catalog order); within a
  /// group one row per parameter, the largest swing first (the tornado's top
  /// bar; ties and swings that are not numbers, last, in the ranges' order).
  std::vector<TornadoRow> rows;
};

/// Projects `scenario` once as it is and twice for each range (its parameter
/// at `low`, then at `high`, every other parameter at its value) and ranks
/// the parameters by the swing of each indicator. Projections are shared
/// among `options.threads` workers; the result does not depend on their
/// number. Throws `InputError` (file `scenario.origin`) before computing
/// anything when `ranges` is empty, names one parameter twice, holds a value
/// the scenario cannot take (at the range's `source`), or `options` asks for
/// a year or variant the scenario does not have; and what the projection throws.
[[nodiscard]] OneAtATimeResult one_at_a_time(const Scenario& scenario,
                                             const std::vector<OneAtATimeRange>& ranges,
                                             const SweepOptions& options = {});

}  // namespace ygt
