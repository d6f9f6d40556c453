#include "yigongti/scenario/scenario.hpp"

namespace ygt {

const Variant* Scenario::find_variant(std::string_view id) const noexcept {
  for (const Variant& v : variants) {
    if (v.id == id) return &v;
  }
  return nullptr;
}

std::vector<Intervention> Scenario::interventions_of(const Variant& variant) const {
  std::vector<Intervention> all = interventions;
  all.insert(all.end(), variant.interventions.begin(), variant.interventions.end());
  return all;
}

}  // namespace ygt
