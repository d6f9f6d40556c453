#pragma once
/// \file
/// Region files: several counties, the city's hospitals and its city
/// health-service groups in one study (`docs/scenario-format.md`, "Region
/// files").

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/scenario/region.hpp"
#include "yigongti/study/calibration.hpp"
#include "yigongti/study/uncertainty.hpp"

namespace ygt {

/// What a region file holds: the region, and each county's study sections.
struct RegionFile {
  Region region;
  std::string schema;  ///< `yigongti/scenario/1`
  /// Per county, in the region's order: its `uncertainty` and `calibration` sections.
  std::vector<std::optional<UncertaintySpec>> uncertainty;
  std::vector<std::optional<CalibrationSpec>> calibration;
};

/// Whether `text` is a region file: a JSON object with a `region` member.
/// Text that is not JSON is not (reading it as a county file reports why).
[[nodiscard]] bool is_region_text(std::string_view text);

/// Reads and validates the region file at `path` and every county it holds
/// or names (a county's `file` is read relative to the region file's
/// directory, and its tables relative to its own). Throws `InputError`
/// listing every problem found, all in the region file's name: problems of a
/// county written in the region file carry its path
/// (`region.counties[1].county.townships[0].minutes`); those of a county file
/// are at `region.counties[i].file`, naming the county file and the path in it.
[[nodiscard]] RegionFile load_region_file(const std::filesystem::path& path);

/// Parses and validates region text as `load_region_file` does; `base_dir`
/// as for `parse_scenario_file`.
[[nodiscard]] RegionFile parse_region_file(std::string_view text, const std::string& origin,
                                           const std::filesystem::path& base_dir = {});

}  // namespace ygt
