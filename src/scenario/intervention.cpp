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
  return key;
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
    const bool needs_tier = iv.kind == InterventionKind::capability ||
                            iv.kind == InterventionKind::reimbursement ||
                            iv.kind == InterventionKind::minutes;
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
    switch (iv.kind) {
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

}  // namespace ygt
