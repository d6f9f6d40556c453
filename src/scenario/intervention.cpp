#include "yigongti/scenario/intervention.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace ygt {

std::string Intervention::lever() const {
  std::string key(to_string(kind));
  if (tier) key += "/" + std::string(to_string(*tier));
  if (care) key += "/" + std::string(to_string(*care));
  if (!line.empty()) key += "/" + line;
  if (!alliance.empty()) key += "@" + alliance;
  return key;
}

std::optional<Domain> domain_of(InterventionKind kind) noexcept {
  switch (kind) {
    case InterventionKind::rotation:
      return Domain::personnel;
    case InterventionKind::referral_protocol:
      return Domain::medical_services;
    case InterventionKind::procurement:
      return Domain::drugs_devices;
    case InterventionKind::remote_consultation:
    case InterventionKind::shared_results:
      return Domain::information;
    case InterventionKind::coverage:
      return Domain::public_health;
    default:
      return std::nullopt;
  }
}

std::vector<Problem> check_interventions(const std::vector<Intervention>& interventions,
                                         const std::vector<std::string>& line_ids, int first_year,
                                         int last_year) {
  std::vector<Problem> problems;
  const auto at = [](std::size_t i, const char* key) { return "[" + std::to_string(i) + "]." + key; };
  std::map<std::string, std::vector<std::size_t>> by_lever;
  for (std::size_t i = 0; i < interventions.size(); ++i) {
    const Intervention& iv = interventions[i];
    const TimePath& p = iv.path;
    if (p.from < first_year || p.from > last_year) {
      problems.push_back({at(i, "from"),
                          "year " + std::to_string(p.from) + " is outside the scenario's years",
                          std::to_string(first_year) + ".." + std::to_string(last_year)});
    }
    if (p.to < p.from) {
      problems.push_back({at(i, "to"), "ends in " + std::to_string(p.to) + ", before it starts",
                          "a year >= from (" + std::to_string(p.from) + ")"});
    }
    const bool needs_tier =
        iv.kind == InterventionKind::capability || iv.kind == InterventionKind::reimbursement ||
        iv.kind == InterventionKind::minutes || iv.kind == InterventionKind::referral_protocol;
    if (needs_tier && !iv.tier) problems.push_back({at(i, "tier"), "missing", "the tier whose lever moves"});
    if (iv.kind == InterventionKind::capability && iv.tier == Tier::out_of_county) {
      problems.push_back({at(i, "tier"), "out_of_county treats everyone; its capability cannot move",
                          "a tier below out_of_county"});
    }
    if (iv.kind == InterventionKind::demand && iv.line.empty()) {
      problems.push_back({at(i, "line"), "missing", "the service line whose demand changes"});
    }
    if (!iv.line.empty() && std::find(line_ids.begin(), line_ids.end(), iv.line) == line_ids.end()) {
      problems.push_back(
          {at(i, "line"), "unknown service line \"" + iv.line + "\"", "the id of a service line"});
    }
    const double t = p.target;
    if (iv.kind == InterventionKind::referral_protocol && iv.tier && *iv.tier != Tier::county &&
        *iv.tier != Tier::municipal) {
      problems.push_back({at(i, "tier"),
                          std::string(to_string(*iv.tier)) + " has no alliance hospital to refer down from",
                          "county or municipal: the tier of the alliance's hospitals that refer down"});
    }
    const bool needs_alliance = domain_of(iv.kind) && iv.kind != InterventionKind::coverage;
    if (needs_alliance && iv.alliance.empty())
      problems.push_back({at(i, "alliance"), "missing", "the alliance whose mechanism this is"});
    switch (iv.kind) {
      case InterventionKind::rotation:
        if (!(t >= 0.0 && t <= 1e7)) {
          problems.push_back(
              {at(i, "target"), "days " + std::to_string(t), "clinician working days per year, 0 to 1e7"});
        }
        break;
      case InterventionKind::referral_protocol:
      case InterventionKind::remote_consultation:
        if (!(t >= 0.0 && t <= 1.0)) {
          problems.push_back(
              {at(i, "target"), "target " + std::to_string(t), "a probability or share in [0, 1]"});
        }
        break;
      case InterventionKind::procurement:
        if (!(t > 0.0 && t <= 1.0)) {
          problems.push_back({at(i, "target"), "price factor " + std::to_string(t),
                              "a factor in (0, 1] on drug and consumable prices"});
        }
        break;
      case InterventionKind::shared_results:
        if (!(t >= 1e-6 && t <= 1.0)) {
          problems.push_back({at(i, "target"), "cost factor " + std::to_string(t),
                              "a factor in [1e-6, 1] on the cost of referred encounters"});
        }
        break;
      case InterventionKind::capability:
      case InterventionKind::reimbursement:
      case InterventionKind::coverage:
        if (!(t >= 0.0 && t <= 1.0)) {
          problems.push_back(
              {at(i, "target"), "target " + std::to_string(t), "a probability or share in [0, 1]"});
        }
        break;
      case InterventionKind::minutes:
        if (!(t > 0.0 && std::isfinite(t))) {
          problems.push_back(
              {at(i, "target"), "factor " + std::to_string(t), "a factor > 0 (1 = unchanged)"});
        }
        break;
      case InterventionKind::demand:
        if (!(t >= 0.0 && std::isfinite(t))) {
          problems.push_back(
              {at(i, "target"),
               "factor " + std::to_string(t) + " is a change of " + std::to_string((t - 1.0) * 100) + "%",
               "a change of at least -100% (a factor >= 0)"});
        }
        break;
      case InterventionKind::reinvestment:
        if (!(iv.share >= 0.0 && iv.share <= 1.0)) {
          problems.push_back({at(i, "share"), "share " + std::to_string(iv.share), "a share in [0, 1]"});
        }
        if (!(iv.efficiency >= 0.0 && std::isfinite(iv.efficiency))) {
          problems.push_back({at(i, "efficiency"), "efficiency " + std::to_string(iv.efficiency),
                              "capability per yuan per resident, >= 0"});
        }
        if (iv.tiers.empty())
          problems.push_back({at(i, "tiers"), "no tiers", "the primary tiers that gain capability"});
        for (Tier tier : iv.tiers) {
          if (!is_primary(tier)) {
            problems.push_back({at(i, "tiers"), std::string(to_string(tier)) + " is not a primary tier",
                                "village, community or township"});
          }
        }
        break;
    }
    by_lever[iv.lever()].push_back(i);
  }
  for (const auto& [lever, indices] : by_lever) {
    for (std::size_t a = 0; a < indices.size(); ++a) {
      for (std::size_t b = 0; b < a; ++b) {
        const TimePath& x = interventions[indices[a]].path;
        const TimePath& y = interventions[indices[b]].path;
        if (x.from <= y.to && y.from <= x.to) {
          problems.push_back(
              {"[" + std::to_string(indices[a]) + "]",
               "moves " + lever + " in years that overlap intervention [" + std::to_string(indices[b]) + "]",
               "one intervention per lever at a time"});
        }
      }
    }
  }
  return problems;
}

std::vector<Problem> check_intervention_alliances(const std::vector<Intervention>& interventions,
                                                  const County& county) {
  std::vector<Problem> problems;
  const auto at = [](std::size_t i, const char* key) { return "[" + std::to_string(i) + "]." + key; };
  for (std::size_t i = 0; i < interventions.size(); ++i) {
    const Intervention& iv = interventions[i];
    if (iv.alliance.empty()) continue;
    const std::optional<Domain> domain = domain_of(iv.kind);
    if (!domain) {
      problems.push_back({at(i, "alliance"),
                          std::string("a ") + std::string(to_string(iv.kind)) +
                              " intervention is not an alliance's mechanism",
                          "no alliance (the lever is the county's)"});
      continue;
    }
    const Alliance* a = county.find_alliance(iv.alliance);
    if (a == nullptr) {
      std::vector<std::string> ids;
      for (const Alliance& x : county.alliances()) ids.push_back(x.id());
      problems.push_back({at(i, "alliance"), "unknown alliance \"" + iv.alliance + "\"",
                          ids.empty() ? std::string("an alliance of the county (it has none)")
                                      : "the id of an alliance of the county"});
      continue;
    }
    const std::string name(to_string(*domain));
    if (!a->unifies(*domain)) {
      problems.push_back({at(i, "alliance"),
                          "alliance \"" + a->id() + "\" has not unified " + name + ": a " +
                              std::string(to_string(iv.kind)) + " is a mechanism of that domain",
                          "\"" + name + "\" in the unified domains of alliance \"" + a->id() + "\""});
      continue;
    }
    const auto members_at = [&](auto tier_matches) {
      long long n = 0;
      for (const Institution& inst : county.institutions()) {
        if (tier_matches(inst.tier()) && a->includes(inst.id())) n += inst.count();
      }
      return n;
    };
    const auto need = [&](bool ok, const std::string& what, const std::string& expected) {
      if (!ok) problems.push_back({at(i, "alliance"), "alliance \"" + a->id() + "\" " + what, expected});
    };
    switch (iv.kind) {
      case InterventionKind::rotation:
        need(members_at([](Tier t) { return t == Tier::township; }) > 0,
             "has no township centre to rotate to", "an alliance with township-tier members");
        break;
      case InterventionKind::referral_protocol:
        if (iv.tier) {
          need(members_at([&](Tier t) { return t == *iv.tier; }) > 0,
               "has no " + std::string(to_string(*iv.tier)) + " hospital to refer down from",
               "an alliance with an institution of the protocol's tier");
        }
        break;
      case InterventionKind::remote_consultation:
        need(members_at([](Tier t) { return is_primary(t); }) > 0,
             "has no primary institution to consult from",
             "an alliance with village, community or township members");
        need(members_at([](Tier t) { return t == Tier::county; }) > 0, "has no county hospital to consult",
             "an alliance with a county-tier institution");
        break;
      case InterventionKind::procurement:
      case InterventionKind::shared_results:
        need(members_at([](Tier t) { return is_in_county(t); }) > 0, "has no institution in the county",
             "an alliance with in-county members");
        break;
      default:
        break;
    }
  }
  return problems;
}

}  // namespace ygt
