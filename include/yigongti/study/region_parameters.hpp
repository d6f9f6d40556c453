#pragma once
/// \file
/// Parameters of a region by path (`docs/study.md`, "Regions"):
/// `counties.ID.PATH` is county ID's parameter PATH; a PATH without the
/// prefix is that parameter in every county, one value for all (a policy
/// the region sets for each of its counties alike).

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yigongti/scenario/region.hpp"
#include "yigongti/study/parameters.hpp"

namespace ygt {

/// A parameter of a region: where its value sits in each county it sets.
struct RegionParameter {
  std::string path;  ///< as written: `counties.a.choice.b_cap` or `choice.b_cap`
  /// The counties it sets (indices into `Region::counties`) and the parameter in each.
  std::vector<std::pair<std::size_t, ParameterRef>> targets;
  /// The values every target accepts: the intersection of their ranges.
  ParameterRange range;
};

/// Resolves `path` in `region`. Throws `InputError` (file `region.origin`)
/// with one problem at `where`: an unknown county, or a path that is not a
/// parameter of the county (of some county, for a path without prefix),
/// with the nearest valid path.
[[nodiscard]] RegionParameter resolve_region_parameter(const Region& region, std::string_view path,
                                                       std::string_view where);

/// The value of `parameter` in `counties` (a region's, or copies of them):
/// its first target's.
[[nodiscard]] double get_region_parameter(const std::vector<Scenario>& counties,
                                          const RegionParameter& parameter);

/// Sets `parameter` to `value` in every county it targets. Throws
/// `std::invalid_argument` as `set_parameter` does; the counties set before
/// the one that refused keep the value.
void set_region_parameter(std::vector<Scenario>& counties, const RegionParameter& parameter, double value);

/// Every parameter of every county, as `counties.ID.PATH`, in county order.
[[nodiscard]] std::vector<ParameterInfo> list_region_parameters(const Region& region);

}  // namespace ygt
