#pragma once
/// \file
/// Care settings (tiers) of a county's health system, from village to out of county.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "yigongti/core/detail/enum_names.hpp"

namespace ygt {

/// A care setting, ordered from the lowest to the highest level.
///
/// The order is the referral order of the model (`docs/model.md`): a patient
/// referred up from a tier goes to the next higher tier the county has.
/// `out_of_county` (县外) always exists; the others are present when the county
/// has institutions of that tier.
enum class Tier : unsigned char {
  village,        ///< 村卫生室: village clinic
  community,      ///< 社区卫生服务中心(站): community health centre or station
  township,       ///< 乡镇卫生院: township health centre
  county,         ///< 县级医院: county hospital (general, TCM, maternal-child)
  municipal,      ///< 市级医院: city hospital, outside the county, sometimes allied
  out_of_county,  ///< 县外: any care residents seek outside the county
};

/// Number of tiers.
inline constexpr std::size_t tier_count = 6;

/// All tiers in referral order.
inline constexpr std::array<Tier, tier_count> all_tiers = {
    Tier::village, Tier::community, Tier::township, Tier::county, Tier::municipal, Tier::out_of_county};

/// A value per tier, indexed by `index(tier)`.
template <class T>
using PerTier = std::array<T, tier_count>;

/// The position of `tier` in `all_tiers` (0 for village .. 5 for out_of_county).
[[nodiscard]] constexpr std::size_t index(Tier tier) noexcept {
  return static_cast<std::size_t>(tier);
}

/// The names of the values of `Tier` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(Tier) noexcept {
  return detail::enum_names<Tier>("village", "community", "township", "county", "municipal", "out_of_county");
}

/// Primary care (基层): village, community and township tiers.
[[nodiscard]] constexpr bool is_primary(Tier tier) noexcept {
  return tier == Tier::village || tier == Tier::community || tier == Tier::township;
}

/// Inside the county (县域内): every tier but municipal and out_of_county.
[[nodiscard]] constexpr bool is_in_county(Tier tier) noexcept {
  return tier != Tier::municipal && tier != Tier::out_of_county;
}

}  // namespace ygt
