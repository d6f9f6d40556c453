#include "yigongti/scenario/region.hpp"

namespace ygt {

const Scenario* Region::find_county(std::string_view county_id) const noexcept {
  for (const Scenario& c : counties) {
    if (c.county.id() == county_id) return &c;
  }
  return nullptr;
}

std::vector<std::string> Region::variant_ids() const {
  std::vector<std::string> out;
  if (counties.empty()) return out;
  for (const Variant& v : counties.front().variants) out.push_back(v.id);
  return out;
}

}  // namespace ygt
