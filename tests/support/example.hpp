#pragma once
// The bundled example scenarios, and their reform variants with one lever taken out.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

#include "yigongti/io/scenario_file.hpp"

namespace ygt::testing {

/// `examples/NAME/NAME.json`, read once.
inline const Scenario& example(const std::string& name) {
  static std::map<std::string, Scenario> loaded;
  auto it = loaded.find(name);
  if (it == loaded.end())
    it = loaded
             .emplace(name,
                      load_scenario(std::string(YGT_SOURCE_DIR) + "/examples/" + name + "/" + name + ".json"))
             .first;
  return it->second;
}

/// The variant `reform` of `sc`.
inline const Variant& reform_of(const Scenario& sc) {
  const Variant* v = sc.find_variant("reform");
  if (v == nullptr) throw std::invalid_argument(sc.origin + ": no variant reform");
  return *v;
}

/// The first of the reform's interventions of `kind`.
inline const Intervention& reform_intervention(const Scenario& sc, InterventionKind kind) {
  const auto& list = reform_of(sc).interventions;
  const auto it =
      std::find_if(list.begin(), list.end(), [&](const Intervention& i) { return i.kind == kind; });
  if (it == list.end()) throw std::invalid_argument(sc.origin + ": the reform has no such intervention");
  return *it;
}

/// `sc` with the reform's interventions of `kind` removed (at least one).
inline Scenario without_reform_intervention(const Scenario& sc, InterventionKind kind) {
  Scenario out = sc;
  std::size_t removed = 0;
  for (Variant& v : out.variants) {
    if (v.id == "reform")
      removed = std::erase_if(v.interventions, [&](const Intervention& i) { return i.kind == kind; });
  }
  if (removed == 0) throw std::invalid_argument(sc.origin + ": the reform has no such intervention");
  return out;
}

/// What an example's county holds: townships, residents and facilities by tier.
struct CountySize {
  std::size_t townships = 0;
  double residents = 0;
  std::map<Tier, long long> facilities;  ///< every tier the county has, and 0 for some it has not
};

/// Checks that `county` has the size `expected`.
inline void expect_size(const County& county, const CountySize& expected) {
  EXPECT_EQ(county.townships().size(), expected.townships);
  EXPECT_NEAR(county.total_population(), expected.residents, 0.5);
  long long listed = 0;
  for (const auto& [tier, count] : expected.facilities) {
    EXPECT_EQ(county.facility_count(tier), count) << static_cast<int>(tier);
    listed += county.facility_count(tier);
  }
  long long all = 0;
  for (const Institution& i : county.institutions()) all += i.count();
  EXPECT_EQ(listed, all);  // no tier left out
}

}  // namespace ygt::testing
