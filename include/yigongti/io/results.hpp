#pragma once
/// \file
/// Every result a user can get, as tables and files: flows, projections,
/// settlements and their ledgers, ensembles, sweeps, calibrations and the
/// parameter list. `ygt` writes exactly these; a C++ program gets the same
/// files by calling `write_result(dir, projection_result(...), "result.json")`.
///
/// Each `*_result` gives a `ResultSet`: metadata (the scenario's name and
/// checksum, the library's version, what was asked) and tidy tables, one
/// observation a row, whose columns are documented with each function.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "yigongti/flows/flow_model.hpp"
#include "yigongti/io/settlement.hpp"
#include "yigongti/io/table.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/projection/region.hpp"
#include "yigongti/scenario/region.hpp"
#include "yigongti/scenario/scenario.hpp"
#include "yigongti/study/calibration.hpp"
#include "yigongti/study/ensemble.hpp"
#include "yigongti/study/sweep.hpp"

namespace ygt {

/// One year of flows: tables `settings` (year, setting, first_contacts,
/// encounters, referrals_up, referrals_down, spill, cost, fund, oop),
/// `indicators` (year, indicator, name_zh, value, unit; the flow model's) and
/// `cells` (year, township, line, setting and the measures of `settings`).
/// `table` must hold cells (`FlowDetail::cells`): `std::invalid_argument` otherwise.
[[nodiscard]] ResultSet flows_result(const Scenario& scenario, const FlowTable& table, int year);

/// A projection: tables `indicators` (year, variant, then every indicator in
/// catalog order), `flows` (year, variant, township, line, setting, the
/// measures by cell; years whose flow tables were kept), `ledger` (year,
/// quarter, variant, from, to, kind, amount) and `behaviour` (year, variant,
/// purse, line, the cost shares `volume_share`, `intensity_share` and
/// `outside_share`, and the level of each response; a purse `county` gives
/// the residents' average, what moves the county's levers; empty when
/// behaviour is off or the ledger was not kept).
[[nodiscard]] ResultSet projection_result(const Scenario& scenario, const ProjectionResult& result);

/// One year of a region's flows (`tables`: each county's, cells included,
/// in the region's order): the tables of `flows_result` with a first column
/// `county`, and in `indicators` the region's rows too, under the region's
/// id (`docs/model.md`, "Regions").
[[nodiscard]] ResultSet region_flows_result(const Region& region, const std::vector<FlowTable>& tables,
                                            int year);

/// A region's projection: the tables of `projection_result` with a first
/// column `county`, and in `indicators` the region's rows too, under the
/// region's id.
[[nodiscard]] ResultSet region_projection_result(const Region& region, const RegionProjection& result);

/// A settlement: tables `figures` (year, scheme, kind, figure, value) and
/// `ledger` (year, quarter, scheme, from, to, kind, amount).
[[nodiscard]] ResultSet settlement_result(const SettlementFile& file,
                                          const std::vector<SchemeSettlement>& results);

/// The percentiles an ensemble's summary reports.
inline constexpr double summary_probabilities[] = {0.025, 0.5, 0.975};

/// An ensemble: table `summary` (county, variant, year, indicator, draws,
/// mean, sd, p2_5, p50, p97_5); when compared with a baseline
/// (`EnsembleLayout::baseline`), table `effects` (county, variant, baseline,
/// year, indicator, draws, mean, sd, p2_5, p50, p97_5 of the variant less the
/// baseline within each draw, and p_positive, the share of draws where that
/// is > 0); and in the JSON only `counties` (county, scenario, file, seed,
/// inputs_checksum). `seeds` are the counties' seeds, in the order of
/// `scenarios` and `results`.
[[nodiscard]] ResultSet ensemble_result(const std::vector<const Scenario*>& scenarios,
                                        const std::vector<std::uint64_t>& seeds,
                                        const std::vector<CountyEnsemble>& results, std::uint64_t draws);

/// The parameter values a draw set, for `draws.csv`: column names, and
/// `values(county, draw, row)`, which fills `row` (one number per column,
/// NaN where the county's draw sets none; written as an empty field).
struct DrawnParameters {
  std::vector<std::string> columns;
  std::function<void(std::size_t county, std::uint64_t draw, std::vector<double>& row)> values;
};

/// Writes every draw of an ensemble as CSV (`draws.csv`): a header `county,
/// variant, draw, year, <indicators>, <drawn parameters>`, then one row per
/// county, variant, draw and year, as the draws arrive (an
/// `EnsembleOptions::keep_draws` sink).
class DrawsCsvWriter {
 public:
  /// `layouts` gives each county's id and layout, in the ensemble's order;
  /// `drawn` the parameter columns (none by default).
  DrawsCsvWriter(std::ostream& out, std::vector<CountyEnsemble> layouts, DrawnParameters drawn = {});
  /// Writes the rows of draw `draw` of county `county`.
  void operator()(std::size_t county, std::uint64_t draw, std::span<const double> values);

 private:
  std::ostream& out_;
  std::vector<CountyEnsemble> layouts_;
  DrawnParameters drawn_;
  std::vector<double> parameter_values_;
};

/// A sweep: table `sweep` (point, one column per axis, variant, year, then
/// `indicators`).
[[nodiscard]] ResultSet sweep_result(const Scenario& scenario, const SweepResult& result,
                                     const std::vector<Indicator>& indicators);

/// A one-at-a-time study: table `tornado` (variant, year, indicator, rank
/// (1: the largest swing), parameter, base, low, high, at_base, at_low,
/// at_high, swing), the rows of `indicators` only, in the result's order;
/// metadata the parameters and where each range comes from (`sources`).
[[nodiscard]] ResultSet tornado_result(const Scenario& scenario, const OneAtATimeResult& result,
                                       const std::vector<Indicator>& indicators);

/// A region's sweep: table `sweep` as `sweep_result` gives it with a first
/// column `county` (each county's rows, then the region's under its id).
[[nodiscard]] ResultSet region_sweep_result(const Region& region, const RegionSweepResult& result,
                                            const std::vector<Indicator>& indicators);

/// The parameters of a region: table `parameters` as `parameters_result`
/// gives it, each path as `counties.ID.PATH` (`resolve_region_parameter`).
[[nodiscard]] ResultSet region_parameters_result(const Region& region);

/// A calibration: tables `parameters` (parameter, start, value,
/// standard_error, lower, upper, at_bound) and `targets` (year, variant,
/// indicator, observed, weight, fitted, residual); the metadata names
/// `calibrated_file`, where the calibrated scenario was written.
[[nodiscard]] ResultSet calibration_result(const Scenario& scenario, const CalibrationResult& result,
                                           const std::filesystem::path& calibrated_file);

/// A region's calibration: the tables of `calibration_result`, `targets`
/// with a first column `county` (a county's id, or the region's); the
/// metadata names the region and its counties.
[[nodiscard]] ResultSet region_calibration_result(const Region& region, const CalibrationResult& result,
                                                  const std::filesystem::path& calibrated_file);

/// The parameters of a scenario: table `parameters` (path, value, range, unit, shorthand).
[[nodiscard]] ResultSet parameters_result(const Scenario& scenario);

}  // namespace ygt
