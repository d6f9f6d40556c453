#pragma once
/// \file
/// The files of a calibration: the targets table it reads (CSV) and the
/// calibrated scenario it writes (`docs/study.md`, "Calibration").

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/io/region_file.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/study/calibration.hpp"

namespace ygt {

/// Reads a targets table: a CSV file with a header naming the columns `year`,
/// `variant`, `indicator`, `observed` and optionally `weight` (default 1), in
/// any order, one target a row. Throws `InputError` (file `path`) listing every
/// problem by line and column: an unknown or missing column, a year the
/// scenario does not project, an unknown variant or indicator (with the
/// nearest id), an observed value that is not a finite number, a weight that
/// is not a finite number >= 0, the same (year, variant, indicator) twice, and
/// no target of weight > 0.
[[nodiscard]] std::vector<CalibrationTarget> load_targets(const std::filesystem::path& path,
                                                          const Scenario& scenario);

/// Parses targets text as `load_targets` does; `origin` names it in messages.
/// An optional column `county` must be empty or the scenario's county id.
[[nodiscard]] std::vector<CalibrationTarget> parse_targets(std::string_view text, const std::string& origin,
                                                           const Scenario& scenario);

/// Reads a region's targets table: as `load_targets`, with an optional column
/// `county` naming a county of `region` or the region's id; an empty cell, or
/// no such column, is the region's own indicators (whose targets have no
/// line). Each target's `county` is set: the county's id or the region's.
[[nodiscard]] std::vector<CalibrationTarget> load_region_targets(const std::filesystem::path& path,
                                                                 const Region& region);

/// Parses a region's targets text as `load_region_targets` does.
[[nodiscard]] std::vector<CalibrationTarget> parse_region_targets(std::string_view text,
                                                                  const std::string& origin,
                                                                  const Region& region);

/// The free parameters of a region: every county's `calibration` section,
/// each path prefixed `counties.ID.`, in county order. Throws `InputError`
/// (file: the region's) when no county has a calibration section.
[[nodiscard]] std::vector<RegionFreeParameter> region_free_parameters(const RegionFile& file);

/// The text of the calibrated scenario: `original_text` (the JSON of the file
/// `scenario` was read from) with the fitted values of `result` written where
/// the parameters sit in the document, as indented JSON.
///
/// A parameter's key is added when the file left it to its default (a tier's
/// `asc`); money is written as a string of decimal yuan; a demand intervention
/// keeps the key it was given by (`target` or `change`). A line's
/// `rate_scale`, which is no key of the file, is written into its rates (each
/// multiplied by the factor), and its calibration bounds are divided by the
/// factor, so that the new file's factor is 1. Relative table paths (`population.file`) are rewritten to stay
/// valid from `output_dir` (default: the original's directory). Comments are
/// not kept. The text is checked before it is returned: it loads, and every
/// fitted parameter reads back as fitted (to the fen for money); a mismatch is
/// a `std::logic_error`.
///
/// The `uncertainty` entries of fitted parameters are centred on the fit
/// (`docs/study.md`, "Uncertainty follows the fit"). With `uncertainty_from_fit`,
/// they are replaced instead by one `multivariate_normal` entry over the fitted
/// parameters that have a standard error, at the fitted values with the fit's
/// approximate covariance (`CalibrationResult::covariance`); an `InputError`
/// when no parameter has one, or when the fitted parameter is drawn with
/// others (a Dirichlet, tied targets).
[[nodiscard]] std::string calibrated_scenario_text(std::string_view original_text, const Scenario& scenario,
                                                   const CalibrationResult& result,
                                                   const std::filesystem::path& output_dir = {},
                                                   bool uncertainty_from_fit = false);

/// A file to write: its name, relative to the output folder, and its text.
struct OutputFile {
  std::string name;
  std::string text;
};

/// The files of a calibrated region, `output_file` first (the region file,
/// named by its file name) and then a calibrated county file
/// `<stem>.<county>.json` beside it for each county named by `file` that has a
/// fitted parameter (`calibrated_scenario_text`). Counties written in the
/// region file get their fitted values in place; the region file names the
/// calibrated county files, and the other county files and the counties'
/// relative table paths as seen from `output_file`'s folder. `region_text`
/// is the JSON of the region file `region` was read from.
[[nodiscard]] std::vector<OutputFile> calibrated_region_files(std::string_view region_text,
                                                              const Region& region,
                                                              const CalibrationResult& result,
                                                              const std::filesystem::path& output_file);

}  // namespace ygt
