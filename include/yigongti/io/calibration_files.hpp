#pragma once
/// \file
/// The files of a calibration: the targets table it reads (CSV) and the
/// calibrated scenario it writes (`docs/study.md`, "Calibration").

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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
[[nodiscard]] std::vector<CalibrationTarget> parse_targets(std::string_view text, const std::string& origin,
                                                           const Scenario& scenario);

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
[[nodiscard]] std::string calibrated_scenario_text(std::string_view original_text, const Scenario& scenario,
                                                   const CalibrationResult& result,
                                                   const std::filesystem::path& output_dir = {});

}  // namespace ygt
