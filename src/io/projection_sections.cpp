// The projection's sections of a scenario: demography and interventions.

#include <cmath>

#include "io/sections.hpp"

namespace ygt::detail {
namespace json = boost::json;
namespace {

constexpr double unbounded = 1e300;

void read_intervention(const json::value& v, const std::string& path, ProblemList& problems,
                       std::vector<Intervention>& out) {
  ObjectReader obj(v, path, problems);
  if (!obj.ok()) return;
  Intervention iv;
  if (obj.has("id")) {
    iv.id = obj.string("id").value_or("");
    if (!is_valid_intervention_id(iv.id)) {
      problems.add(obj.path_of("id"), "invalid id " + detail::quoted(iv.id),
                   std::string(intervention_id_expectation));
    }
  }
  if (!obj.has("kind")) {
    (void)obj.string("kind", Need::required);
  } else if (auto kind = obj.enumerator<InterventionKind>("kind", "kind")) {
    iv.kind = *kind;
  } else {
    return;
  }
  const auto from = obj.integer("from", Need::required, 1900, 2200);
  const auto to = obj.integer("to", Need::optional, 1900, 2200);
  iv.path.from = static_cast<int>(from.value_or(0));
  iv.path.to = static_cast<int>(to.value_or(from.value_or(0)));
  if (obj.has("shape")) {
    iv.path.shape = obj.enumerator<Shape>("shape", "shape").value_or(Shape::step);
  } else {
    iv.path.shape = to && from && *to > *from ? Shape::linear : Shape::step;
  }
  if (iv.path.shape == Shape::step && to && from && *to != *from) {
    problems.add(obj.path_of("to"), "a step has no end year", "no `to`, or `to` equal to `from`");
  }

  const auto has = [&](const char* key) { return obj.has(key); };
  switch (iv.kind) {
    case InterventionKind::capability:
      iv.tier = obj.enumerator<Tier>("tier", "tier");
      iv.line = obj.string("line").value_or("");
      iv.path.target = obj.number("target", Need::required, 0.0, 1.0).value_or(0.0);
      break;
    case InterventionKind::reimbursement:
      iv.tier = obj.enumerator<Tier>("tier", "tier");
      iv.care = obj.enumerator<CareType>("care", "care type");
      iv.path.target = obj.number("target", Need::required, 0.0, 1.0).value_or(0.0);
      break;
    case InterventionKind::minutes:
      iv.tier = obj.enumerator<Tier>("tier", "tier");
      iv.path.target = obj.number("target", Need::required, 1e-6, 1e6).value_or(1.0);
      break;
    case InterventionKind::coverage:
      iv.path.target = obj.number("target", Need::required, 0.0, 1.0).value_or(0.0);
      iv.alliance = obj.string("alliance").value_or("");
      break;
    case InterventionKind::rotation:
      iv.alliance = obj.string("alliance", Need::required).value_or("");
      iv.line = obj.string("line").value_or("");
      iv.path.target = obj.number("target", Need::required, 0.0, 1e7).value_or(0.0);
      iv.max_gain = obj.number("max_gain", Need::optional, 0.0, 1.0).value_or(default_rotation_max_gain);
      iv.saturation_days =
          obj.number("saturation_days", Need::optional, 1.0, 1e6).value_or(default_rotation_saturation_days);
      break;
    case InterventionKind::referral_protocol:
      iv.alliance = obj.string("alliance", Need::required).value_or("");
      iv.tier = obj.enumerator<Tier>("tier", "tier");
      iv.line = obj.string("line").value_or("");
      iv.path.target = obj.number("target", Need::required, 0.0, 1.0).value_or(0.0);
      break;
    case InterventionKind::procurement:
      iv.alliance = obj.string("alliance", Need::required).value_or("");
      iv.drug_share = obj.number("drug_share", Need::required, 0.0, 1.0).value_or(0.0);
      iv.path.target = obj.number("target", Need::required, 1e-6, 1.0).value_or(1.0);
      break;
    case InterventionKind::shared_results:
      iv.alliance = obj.string("alliance", Need::required).value_or("");
      iv.path.target = obj.number("target", Need::required, 1e-6, 1.0).value_or(1.0);
      break;
    case InterventionKind::remote_consultation:
      iv.alliance = obj.string("alliance", Need::required).value_or("");
      iv.path.target = obj.number("target", Need::required, 0.0, 1.0).value_or(0.0);
      iv.fee = obj.number("fee", Need::optional, 0.0, 1e6).value_or(0.0);
      break;
    case InterventionKind::demand: {
      iv.line = obj.string("line", Need::required).value_or("");
      // Either a factor (`target`) or a relative change (`change`: -0.0943 for -9.43%).
      const bool by_target = has("target");
      const bool by_change = has("change");
      if (by_target == by_change) {
        problems.add(path, by_target ? "both target and change given" : "no target or change given",
                     "a factor `target` >= 0 or a relative `change` >= -1");
      } else if (by_target) {
        iv.path.target = obj.number("target", Need::required, 0.0, unbounded).value_or(1.0);
      } else if (auto change = obj.number("change", Need::required, -unbounded, unbounded)) {
        if (*change < -1.0) {
          problems.add(obj.path_of("change"),
                       "a change of " + std::to_string(*change * 100) + "% is a fall of more than 100%",
                       "a change >= -1 (-100%)");
        }
        iv.path.target = 1.0 + *change;
      }
      break;
    }
    case InterventionKind::reinvestment:
      iv.share = obj.number("share", Need::required, 0.0, 1.0).value_or(0.0);
      iv.efficiency =
          obj.number("efficiency", Need::optional, 0.0, unbounded).value_or(default_reinvestment_efficiency);
      if (obj.has("tiers")) {
        iv.tiers = obj.enumerators<Tier>("tiers", "tier").value_or(std::vector<Tier>{});
      } else {
        iv.tiers = {Tier::village, Tier::community, Tier::township};
      }
      // Reinvestment runs every year from `from` to `to` (default: to the end).
      if (!to) iv.path.to = 2200;
      iv.path.shape = Shape::step;
      break;
  }
  out.push_back(std::move(iv));
}

}  // namespace

std::vector<Intervention> read_interventions(ObjectReader& parent, std::string_view key) {
  std::vector<Intervention> out;
  std::vector<std::string> paths;  // of each intervention read
  parent.for_each(key, Need::optional, [&](const json::value& v, const std::string& path) {
    read_intervention(v, path, parent.problems(), out);
    if (paths.size() < out.size()) paths.push_back(path);
  });
  // Ids name interventions in parameter paths: unique within the list.
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].id.empty()) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (out[j].id == out[i].id) {
        parent.problems().add(paths[i] + ".id",
                              "duplicate id " + detail::quoted(out[i].id) + ", also " + paths[j] + ".id",
                              "ids unique among the interventions of one list");
        break;
      }
    }
  }
  return out;
}

std::optional<DemographySpec> read_demography(ObjectReader& top,
                                              const std::vector<std::string>& township_ids) {
  const json::value* v = top.get("demography");
  if (v == nullptr) return std::nullopt;
  ObjectReader obj(*v, "demography", top.problems());
  if (!obj.ok()) return std::nullopt;
  DemographySpec spec;
  const bool has_survival = obj.has("survival");
  const bool has_mortality = obj.has("mortality");
  if (has_survival == has_mortality) {
    top.problems().add("demography",
                       has_survival ? "both survival and mortality given" : "no survival or mortality",
                       "exactly one of survival (probability of living a year) or mortality (of dying)");
  } else if (has_survival) {
    if (auto s = read_age_rates(obj, "survival", Need::required, 0.0, 1.0)) spec.survival = *s;
  } else if (auto m = read_age_rates(obj, "mortality", Need::required, 0.0, 1.0)) {
    for (std::size_t a = 0; a < age_count; ++a) spec.survival[a] = 1.0 - (*m)[a];
  }
  if (auto f = read_age_rates(obj, "fertility", Need::optional, 0.0, 10.0)) spec.fertility = *f;
  if (auto m = read_age_rates(obj, "net_migration", Need::optional, -1.0, 1.0)) spec.net_migration = *m;
  if (const json::value* t = obj.get("township_net_migration")) {
    ObjectReader towns(*t, obj.path_of("township_net_migration"), top.problems());
    if (towns.ok()) {
      for (const auto& id : township_ids) {
        if (auto m = read_age_rates(towns, id, Need::optional, -1.0, 1.0)) {
          spec.township_net_migration.emplace_back(id, *m);
        }
      }
    }
  }
  return spec;
}

}  // namespace ygt::detail
