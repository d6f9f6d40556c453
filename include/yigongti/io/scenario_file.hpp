#pragma once
/// \file
/// Scenario files: reading and validating a county study from JSON, with the
/// sections its studies read (uncertainty, calibration).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "yigongti/scenario/scenario.hpp"
#include "yigongti/study/calibration.hpp"
#include "yigongti/study/uncertainty.hpp"

namespace ygt {

/// The schema identifier this version reads.
inline constexpr std::string_view scenario_schema = "yigongti/scenario/1";

/// What a scenario file holds: the scenario, and the sections of the studies
/// made on it.
struct ScenarioFile {
  Scenario scenario;
  std::string schema;  ///< `yigongti/scenario/1`
  /// The `uncertainty` section: distributions of named parameters, for ensembles.
  std::optional<UncertaintySpec> uncertainty;
  /// The `calibration` section: the parameters a calibration may move, with bounds.
  std::optional<CalibrationSpec> calibration;
};

/// Reads and validates the scenario file at `path`, every section (the
/// study sections too: a typo there is an error whatever the file is used
/// for). Tables it refers to (CSV) are read relative to the file's directory.
/// Throws `InputError` listing every problem found, each as
/// `FILE: json.path: what (expected ...)`.
[[nodiscard]] ScenarioFile load_scenario_file(const std::filesystem::path& path);

/// Parses and validates scenario text as `load_scenario_file` does. `origin`
/// names it in messages; relative table paths are resolved against `base_dir`
/// (default: the directory part of `origin`, else the current directory).
[[nodiscard]] ScenarioFile parse_scenario_file(std::string_view text, const std::string& origin,
                                               const std::filesystem::path& base_dir = {});

/// The scenario of the file at `path`: `load_scenario_file(path).scenario`.
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& path);

/// The scenario of scenario text: `parse_scenario_file(text, origin, base_dir).scenario`.
[[nodiscard]] Scenario parse_scenario(std::string_view text, const std::string& origin,
                                      const std::filesystem::path& base_dir = {});

}  // namespace ygt
