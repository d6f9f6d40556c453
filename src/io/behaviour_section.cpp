// The `behaviour` section of a scenario: how providers respond to the payment
// in force (docs/scenario-format.md, "behaviour").

#include "io/sections.hpp"

namespace ygt::detail {
namespace json = boost::json;
namespace {

/// An object of response name -> elasticity, each given one overriding `out`'s.
void read_elasticities(ObjectReader& parent, std::string_view key, Elasticities& out) {
  const json::value* v = parent.get(key, Need::optional, "an object: response -> elasticity");
  if (v == nullptr) return;
  ObjectReader obj(*v, parent.path_of(key), parent.problems());
  if (!obj.ok()) return;
  for (const Response r : names_of(Response{}).values()) {
    if (auto x = obj.number(to_string(r), Need::optional, 0.0, max_elasticity)) out[index(r)] = *x;
  }
}

std::optional<std::size_t> line_index(const FlowParameters& flows, std::string_view id) {
  for (std::size_t l = 0; l < flows.lines.size(); ++l) {
    if (flows.lines[l].id == id) return l;
  }
  return std::nullopt;
}

std::vector<std::string> line_ids(const FlowParameters& flows) {
  std::vector<std::string> ids;
  for (const ServiceLine& l : flows.lines) ids.push_back(l.id);
  return ids;
}

}  // namespace

void read_behaviour(ObjectReader& top, const std::optional<FlowParameters>& flows, BehaviourParameters& out,
                    bool& defaulted) {
  const FlowParameters none;
  const FlowParameters& lines = flows ? *flows : none;
  out = default_behaviour(lines);
  defaulted = !top.has("behaviour");
  const json::value* v = top.get("behaviour");
  if (v == nullptr) return;
  ProblemList& problems = top.problems();
  if (v->is_string()) {
    if (v->get_string() == "off") {
      out.enabled = false;
    } else {
      problems.add("behaviour", "\"" + std::string(v->get_string()) + "\" is not a behaviour setting",
                   "\"off\", or an object of elasticities and line shares");
    }
    return;
  }
  ObjectReader obj(*v, "behaviour", problems);
  if (!obj.ok()) return;
  if (auto x = obj.number("ffs_margin")) out.ffs_margin = *x;
  if (auto x = obj.number("adjustment")) out.adjustment = *x;
  if (auto x = obj.number("keep_referral_share")) out.keep_referral_share = *x;
  read_elasticities(obj, "elasticities", out.elasticities);
  if (const json::value* ls = obj.get("lines", Need::optional, "an object: line id -> its shares")) {
    ObjectReader by_line(*ls, obj.path_of("lines"), problems);
    if (by_line.ok()) {
      for (const auto& member : ls->as_object()) {
        const std::string id(member.key());
        const std::string path = by_line.path_of(id);
        (void)by_line.get(id);
        const auto l = line_index(lines, id);
        if (!l) {
          problems.add(path,
                       with_suggestion("unknown service line " + detail::quoted(id), id, line_ids(lines)),
                       "the id of one of the scenario's service lines");
          continue;
        }
        ObjectReader entry(member.value(), path, problems);
        if (!entry.ok()) continue;
        LineBehaviour& b = out.lines[*l];
        if (auto x = entry.number("discretionary")) b.discretionary = *x;
        if (auto x = entry.number("compressible")) b.compressible = *x;
        if (auto to = entry.string("outpatient_line")) {
          if (auto o = line_index(lines, *to)) {
            b.outpatient_line = *o;
          } else {
            problems.add(entry.path_of("outpatient_line"),
                         with_suggestion("unknown service line " + detail::quoted(*to), *to, line_ids(lines)),
                         "the id of an outpatient line of the scenario");
          }
        }
      }
    }
  }
  if (const json::value* as =
          obj.get("alliances", Need::optional, "an object: alliance id -> its elasticities")) {
    ObjectReader by_alliance(*as, obj.path_of("alliances"), problems);
    if (by_alliance.ok()) {
      for (const auto& member : as->as_object()) {
        const std::string id(member.key());
        (void)by_alliance.get(id);
        ObjectReader entry(member.value(), by_alliance.path_of(id), problems);
        if (!entry.ok()) continue;
        AllianceBehaviour a{id, out.elasticities};
        read_elasticities(entry, "elasticities", a.elasticities);
        out.alliances.push_back(std::move(a));
      }
    }
  }
}

}  // namespace ygt::detail
