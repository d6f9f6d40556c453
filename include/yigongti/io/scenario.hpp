#pragma once
/// \file
/// Scenario files: reading and validating a county study from JSON.

#include <filesystem>
#include <string>
#include <string_view>

#include <optional>

#include "yigongti/core/county.hpp"
#include "yigongti/flows/parameters.hpp"
#include "yigongti/payment/scheme.hpp"
#include "yigongti/projection/demography.hpp"
#include "yigongti/projection/intervention.hpp"
#include "yigongti/study/calibration.hpp"
#include "yigongti/study/uncertainty.hpp"

namespace ygt {

/// The schema identifier this version reads.
inline constexpr std::string_view scenario_schema = "yigongti/scenario/1";

/// The years a scenario covers, both ends included.
struct Years {
  int start = 0;
  int end = 0;

  [[nodiscard]] int count() const noexcept { return end - start + 1; }
  [[nodiscard]] bool contains(int year) const noexcept { return year >= start && year <= end; }
};

/// A named overlay on the shared scenario: more interventions, and its own
/// payment schemes in place of the shared ones when it gives any.
struct Variant {
  std::string id;
  std::string description;
  std::vector<Intervention> interventions;
  std::optional<std::vector<PaymentScheme>> payment;
};

/// A validated scenario: the county and what is asked of it.
///
/// Everything in it has been checked (`docs/scenario-format.md`); a `Scenario`
/// never holds input the model cannot use.
struct Scenario {
  std::string origin;       ///< the file it was read from, or the label given to `parse_scenario`
  std::string schema;       ///< `yigongti/scenario/1`
  std::string name;         ///< human-readable title
  std::string description;  ///< free text: sources, what is illustrative
  /// CRC-32 of the scenario text and of every table it read, in reading order
  /// ("crc32:1a2b3c4d"): the same inputs give the same checksum.
  std::string checksum;
  Years years;
  County county;
  /// The flow model's parameters (`service_lines`, `choice`, `insurance`,
  /// `capacity`), when the scenario has service lines.
  std::optional<FlowParameters> flows;
  /// Survival, fertility and migration; none means a constant population.
  std::optional<DemographySpec> demography;
  /// Interventions shared by every variant.
  std::vector<Intervention> interventions;
  /// Payment schemes shared by every variant (a year none is in force is fee for service).
  std::vector<PaymentScheme> payment;
  /// The variants a projection runs; without a `variants` section, one called `baseline`.
  std::vector<Variant> variants;
  /// The `uncertainty` section: distributions of named parameters, for ensembles.
  std::optional<UncertaintySpec> uncertainty;
  /// The `calibration` section: the parameters a calibration may move, with bounds.
  std::optional<CalibrationSpec> calibration;
};

/// Reads and validates the scenario file at `path`. Tables it refers to (CSV)
/// are read relative to the file's directory. Throws `InputError` listing every
/// problem found, each as `FILE: json.path: what (expected ...)`.
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& path);

/// Parses and validates scenario text. `origin` names it in messages; relative
/// table paths are resolved against `base_dir` (default: the directory part of
/// `origin`, else the current directory). Throws `InputError`.
[[nodiscard]] Scenario parse_scenario(std::string_view text, const std::string& origin,
                                      const std::filesystem::path& base_dir = {});

}  // namespace ygt
