#pragma once
/// \file
/// A region (地级市): a prefecture-level city with its counties, its city
/// hospitals and the city health-service groups (城市医疗集团) that join them
/// across counties (`docs/model.md`, "Regions").

#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/institution.hpp"
#include "yigongti/scenario/scenario.hpp"

namespace ygt {

/// A county alliance that is part of a city group.
struct GroupMember {
  std::string county;    ///< the county's id
  std::string alliance;  ///< the alliance's id in that county
};

/// A city health-service group: city hospitals leading alliances of several
/// counties (Zhoukou's groups linking city, county, township and village).
///
/// Each of its city hospitals is a member of each of its alliances, so that
/// the group's municipal care of a county's residents is inside that county
/// alliance's purse (`docs/payment.md`), while it stays outside the county
/// for the county's own indicators.
struct CityGroup {
  std::string id;
  std::string name;                    ///< defaults to `id` when empty
  std::vector<std::string> hospitals;  ///< ids of the region's city hospitals leading it (may be none)
  std::vector<GroupMember> alliances;  ///< at most one alliance of each county
};

/// A region study: counties projected together, with indicators for each
/// county and for the region.
///
/// A `Region` read from a file (`ygt::load_region_file`) has been checked
/// (`docs/scenario-format.md`, "Region files"): every county is a valid
/// scenario over the region's years with the same variants, and the groups'
/// city hospitals have been joined to their counties and alliances.
struct Region {
  std::string origin;  ///< the file it was read from
  std::string id;      ///< the region's id
  std::string name;    ///< human-readable title
  std::string description;
  /// CRC-32 of the region file's text and of every county's inputs, in order.
  std::string checksum;
  Years years;
  std::vector<InstitutionSpec> hospitals;  ///< the city hospitals (tier municipal)
  std::vector<CityGroup> groups;
  /// The counties, each as projected: with the city hospitals of its groups
  /// among its institutions and in its alliances.
  std::vector<Scenario> counties;

  /// The county with `id`, or nullptr.
  [[nodiscard]] const Scenario* find_county(std::string_view county_id) const noexcept;
  /// The variant ids, the same in every county.
  [[nodiscard]] std::vector<std::string> variant_ids() const;
};

}  // namespace ygt
