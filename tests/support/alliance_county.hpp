#pragma once
// Generated counties with several alliances, for tests of what follows each
// alliance's residents and institutions.

#include <random>
#include <string>
#include <utility>

#include "yigongti/core/county.hpp"

namespace ygt::testing {

/// A generated county: townships whose primary institutions belong to one of
/// up to three alliances (or none), led by county hospitals.
inline County alliance_county(std::mt19937_64& rng, int townships, bool municipal) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<int> pick(0, 3);
  std::uniform_int_distribution<long long> facilities(1, 9);
  CountySpec spec;
  spec.id = "generated";
  const int alliances = 1 + pick(rng) % 3;
  for (int a = 0; a < alliances; ++a) {
    spec.institutions.push_back(
        {"h" + std::to_string(a), "", Tier::county, InstitutionKind::general, "", 0, 0, facilities(rng)});
    spec.alliances.push_back(
        {"a" + std::to_string(a), "", {"h" + std::to_string(a)}, {}, {Domain::finance, Domain::performance}});
  }
  spec.institutions.push_back({"unallied-h", "", Tier::county, InstitutionKind::tcm, "", 0, 0, 1});
  if (municipal)
    spec.institutions.push_back({"city", "", Tier::municipal, InstitutionKind::general, "", 0, 0, 1});
  for (int t = 0; t < townships; ++t) {
    const std::string id = "t" + std::to_string(t);
    TownshipSpec town;
    town.id = id;
    for (auto& p : town.population) p = 50.0 + 200.0 * u(rng);
    for (Tier tier : all_tiers) town.minutes[index(tier)] = 5.0 + 100.0 * u(rng);
    spec.townships.push_back(town);
    const int owner = pick(rng) % (alliances + 1) - 1;  // -1: no alliance
    for (const auto& [tier, suffix] : {std::pair{Tier::township, "-c"}, std::pair{Tier::village, "-v"}}) {
      spec.institutions.push_back({id + suffix, "", tier, InstitutionKind::general, id, 0, 0,
                                   tier == Tier::village ? facilities(rng) : 1});
      if (owner >= 0) spec.alliances[static_cast<std::size_t>(owner)].members.push_back(id + suffix);
    }
  }
  return County(spec);
}

}  // namespace ygt::testing
