#pragma once
// Generated counties with several alliances, for tests of what follows each
// alliance's residents and institutions.

#include <random>
#include <string>
#include <utility>

#include "flows/generate.hpp"
#include "yigongti/core/county.hpp"
#include "yigongti/payment/global_budget.hpp"

namespace ygt::testing {

/// The specification of a generated county: townships whose primary
/// institutions belong to one of up to three alliances (or none), led by
/// county hospitals; with `municipal`, an unallied city hospital "city". With
/// `legal_entity`, every alliance is one legal entity (all domains unified);
/// the draws are the same either way.
inline CountySpec alliance_county_spec(std::mt19937_64& rng, int townships, bool municipal,
                                       bool legal_entity = false) {
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
  for (AllianceSpec& a : spec.alliances) {
    a.legal_entity = legal_entity;
    if (legal_entity) a.unified.clear();  // all domains, by definition
  }
  return spec;
}

/// The county of `alliance_county_spec`.
inline County alliance_county(std::mt19937_64& rng, int townships, bool municipal,
                              bool legal_entity = false) {
  return County(alliance_county_spec(rng, townships, municipal, legal_entity));
}

/// Generated flow parameters (up to 6 lines) for a generated county of 1..7
/// townships and several alliances (`alliance_county`), for property loops.
inline GeneratedCase alliance_flow_case(std::mt19937_64& rng, bool municipal, bool legal_entity = false) {
  GeneratedCase gen = generate_case(rng, false, 1, 6);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int townships = 1 + static_cast<int>(u(rng) * 7);
  return {alliance_county(rng, townships, municipal, legal_entity), std::move(gen.params)};
}

/// A rolling global budget for `alliance` (growth `growth`, a corridor to 5%
/// of the budget with the fund bearing half) that splits what the alliance
/// keeps or owes 6:3:1 over county, township and village, the county alone
/// when the alliance has no members.
inline GlobalBudgetParameters alliance_budget(const Alliance& alliance, double growth, BudgetScope scope) {
  GlobalBudgetParameters gb;
  gb.budget = BudgetRule::rolling(growth);
  gb.scope = scope;
  gb.overspend = {{0.05, 0.5}};
  gb.distribution = DistributionRule{};
  gb.distribution->ratios[index(Tier::county)] = 6;
  gb.distribution->ratios[index(Tier::township)] = alliance.members().empty() ? 0 : 3;
  gb.distribution->ratios[index(Tier::village)] = alliance.members().empty() ? 0 : 1;
  return gb;
}

}  // namespace ygt::testing
