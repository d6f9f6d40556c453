#pragma once
// Random valid counties and flow parameters for property tests.

#include <algorithm>
#include <random>
#include <yigongti/core/county.hpp>
#include <yigongti/flows/parameters.hpp>

namespace ygt::testing {

struct GeneratedCase {
  County county;
  FlowParameters params;
};

/// A county with 1..`max_townships` townships, a random subset of tiers (always
/// out_of_county, at least one other), and 1..`max_lines` service lines with
/// random rates, costs, capabilities, down-referrals and insurance; capacities
/// on some settings when `with_capacity`.
inline GeneratedCase generate_case(std::mt19937_64& rng, bool with_capacity, int max_townships = 20,
                                   int max_lines = 10) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const auto draw = [&](double lo, double hi) { return lo + (hi - lo) * u(rng); };
  const int townships = 1 + static_cast<int>(u(rng) * max_townships) % max_townships;
  const int lines = 1 + static_cast<int>(u(rng) * max_lines) % max_lines;

  std::vector<Tier> tiers;
  for (Tier t : {Tier::village, Tier::community, Tier::township, Tier::county, Tier::municipal}) {
    if (u(rng) < 0.6) tiers.push_back(t);
  }
  if (tiers.empty()) tiers.push_back(Tier::county);
  const bool has_primary = std::any_of(tiers.begin(), tiers.end(), [](Tier t) { return is_primary(t); });

  CountySpec spec;
  spec.id = "generated";
  for (int t = 0; t < townships; ++t) {
    TownshipSpec town;
    town.id = "t" + std::to_string(t);
    for (auto& p : town.population) p = draw(0.0, 400.0);
    for (Tier tier : tiers) town.minutes[index(tier)] = draw(0.0, 120.0);
    town.minutes[index(Tier::out_of_county)] = draw(30.0, 240.0);
    spec.townships.push_back(town);
  }
  for (Tier tier : tiers) {
    InstitutionSpec inst;
    inst.id = std::string(to_string(tier)) + "-inst";
    inst.tier = tier;
    if (is_primary(tier)) inst.township = "t0";
    spec.institutions.push_back(inst);
  }
  GeneratedCase out{County(spec), {}};

  FlowParameters& p = out.params;
  for (int l = 0; l < lines; ++l) {
    ServiceLine line;
    line.id = "line" + std::to_string(l);
    line.care = u(rng) < 0.5 ? CareType::outpatient : CareType::inpatient;
    line.severity = static_cast<Severity>(static_cast<int>(u(rng) * 4) % 4);
    for (auto& r : line.rate) r = draw(0.0, line.care == CareType::outpatient ? 3.0 : 0.2);
    for (Tier t : all_tiers) {
      line.cost[index(t)] = draw(20.0, line.care == CareType::outpatient ? 600.0 : 20000.0);
      line.capability[index(t)] = draw(0.05, 1.0);
      // Down-referrals from the county up, to a primary setting when there is one.
      const double down = t >= Tier::county ? draw(0.0, 0.6) : 0.0;
      line.down_referral[index(t)] = has_primary ? down : 0.0;
      line.asc[index(t)] = draw(-1.0, 1.0);
    }
    line.capability[index(Tier::out_of_county)] = 1.0;
    line.length_of_stay = line.care == CareType::inpatient ? draw(2.0, 15.0) : 0.0;
    p.lines.push_back(line);
  }
  p.choice.b_cap = draw(0.0, 5.0);
  p.choice.b_time = draw(0.0, 0.1);
  p.choice.b_oop = draw(0.0, 2.0);
  p.choice.b_fd = draw(0.0, 1.0);
  for (Tier t : all_tiers) {
    p.choice.asc[index(t)] = draw(-1.0, 1.0);
    p.insurance.outpatient[index(t)] = draw(0.0, 1.0);
    p.insurance.inpatient[index(t)] = draw(0.0, 1.0);
  }
  p.insurance.family_doctor_coverage = draw(0.0, 1.0);
  if (with_capacity) {
    for (Tier tier : tiers) {
      if (u(rng) < 0.5) p.capacity.outpatient_encounters[index(tier)] = draw(0.0, 50'000.0);
      if (u(rng) < 0.5) p.capacity.inpatient_bed_days[index(tier)] = draw(0.0, 50'000.0);
    }
  }
  return out;
}

}  // namespace ygt::testing
