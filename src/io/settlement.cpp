#include "yigongti/io/settlement.hpp"

#include <algorithm>

#include "io/json_reader.hpp"
#include "io/sections.hpp"

namespace ygt {
namespace {
namespace json = boost::json;
using detail::Need;
using detail::ObjectReader;

constexpr double unbounded = 1e300;

/// An object of institution id -> value >= 0, each value read by `read`
/// (which reports its own problems); ids must be the county's.
template <class T, class Read>
std::map<std::string, T> read_by_institution(ObjectReader& parent, std::string_view key, const County& county,
                                             const char* expected, Read read) {
  std::map<std::string, T> out;
  const json::value* v = parent.get(key);
  if (v == nullptr) return out;
  const std::string path = parent.path_of(key);
  const auto* o = v->if_object();
  if (o == nullptr) {
    parent.problems().add(path, detail::json_kind(*v) + " where an object belongs", expected);
    return out;
  }
  for (const auto& kv : *o) {
    const std::string id(kv.key());
    const std::string p = path + "." + id;
    if (county.find_institution(id) == nullptr) {
      std::vector<std::string> ids;
      for (const auto& i : county.institutions()) ids.push_back(i.id());
      std::string what = "unknown institution \"" + id + "\"";
      what = detail::with_suggestion(std::move(what), id, ids);
      parent.problems().add(p, std::move(what), "an institution id of the county");
      continue;
    }
    if (std::optional<T> x = read(kv.value(), p)) out.emplace(id, *x);
  }
  return out;
}

std::map<std::string, Money> read_amounts(ObjectReader& parent, std::string_view key, const County& county) {
  return read_by_institution<Money>(parent, key, county, "{\"INSTITUTION\": YUAN, ...}",
                                    [&](const json::value& v, const std::string& p) -> std::optional<Money> {
                                      auto m = detail::as_money(v, p, parent.problems());
                                      if (m && m->is_negative()) {
                                        parent.problems().add(p, "negative amount " + m->to_string(),
                                                              "yuan >= 0");
                                        return std::nullopt;
                                      }
                                      return m;
                                    });
}

std::map<std::string, double> read_values(ObjectReader& parent, std::string_view key, const County& county) {
  return read_by_institution<double>(
      parent, key, county, "{\"INSTITUTION\": NUMBER, ...}",
      [&](const json::value& v, const std::string& p) -> std::optional<double> {
        auto x = detail::as_number(v, p, parent.problems());
        if (x && *x < 0) {
          parent.problems().add(p, "negative value", ">= 0");
          return std::nullopt;
        }
        return x;
      });
}

Money non_negative_money(ObjectReader& obj, std::string_view key, Need need = Need::optional) {
  auto m = obj.money(key, need);
  if (m && m->is_negative()) {
    obj.problems().add(obj.path_of(key), "negative amount " + m->to_string(), "yuan >= 0");
    return Money{};
  }
  return m.value_or(Money{});
}

void read_actuals(ObjectReader& top, const County& county, YearActuals& a) {
  const json::value* v = top.get("actual", Need::required, "the year's actual figures");
  if (v == nullptr) return;
  ObjectReader obj(*v, "actual", top.problems());
  if (!obj.ok()) return;
  a.fund_spending = read_amounts(obj, "fund_spending", county);
  // One amount, or amounts by alliance for a county with several alliance budgets.
  if (const json::value* ooc = obj.get("out_of_county"); ooc != nullptr && ooc->is_object()) {
    for (const auto& kv : ooc->get_object()) {
      const std::string id(kv.key());
      const std::string p = obj.path_of("out_of_county") + "." + id;
      if (county.find_alliance(id) == nullptr) {
        top.problems().add(p, "unknown alliance \"" + id + "\"", "an alliance id of the county");
      } else if (auto m = detail::as_money(kv.value(), p, top.problems())) {
        if (m->is_negative()) {
          top.problems().add(p, "negative amount " + m->to_string(), "yuan >= 0");
        } else {
          a.out_of_county_by_alliance.emplace(id, *m);
        }
      }
    }
  } else {
    a.out_of_county = non_negative_money(obj, "out_of_county");
  }
  if (obj.has("last_year_spending")) a.last_year_spending = non_negative_money(obj, "last_year_spending");
  a.assessment_score = obj.number("assessment_score");
  a.contracted_share = detail::read_share_value(obj, "contracted_share", Need::optional);
  a.workload = read_values(obj, "workload", county);
  a.scores = read_values(obj, "scores", county);
  if (auto e = obj.integer("enrolled", Need::optional, 0, 1LL << 40)) a.enrolled = *e;
  obj.for_each("capitated_spending", Need::optional, [&](const json::value& e, const std::string& path) {
    ObjectReader row(e, path, top.problems());
    if (!row.ok()) return;
    CapitatedSpending cs;
    cs.line = row.string("line", Need::required).value_or("");
    cs.provider = row.string("provider", Need::required).value_or("");
    cs.amount = non_negative_money(row, "amount", Need::required);
    a.capitated_spending.push_back(std::move(cs));
  });
  obj.for_each("dip_cases", Need::optional, [&](const json::value& e, const std::string& path) {
    ObjectReader row(e, path, top.problems());
    if (!row.ok()) return;
    DipCase c;
    c.institution = row.string("institution", Need::required).value_or("");
    if (!c.institution.empty() && county.find_institution(c.institution) == nullptr) {
      top.problems().add(row.path_of("institution"), "unknown institution \"" + c.institution + "\"",
                         "an institution id of the county");
    }
    c.group = row.string("group", Need::required).value_or("");
    c.cost = non_negative_money(row, "cost", Need::required);
    c.count = row.integer("count", Need::optional, 1, 1LL << 40).value_or(1);
    a.dip_cases.push_back(std::move(c));
  });
  obj.for_each("claims", Need::optional, [&](const json::value& e, const std::string& path) {
    ObjectReader row(e, path, top.problems());
    if (!row.ok()) return;
    ServiceClaim c;
    c.institution = row.string("institution", Need::required).value_or("");
    if (c.institution == out_of_county_party) {
      c.tier = Tier::out_of_county;
    } else if (const Institution* inst = county.find_institution(c.institution)) {
      c.tier = inst->tier();
    } else if (!c.institution.empty()) {
      top.problems().add(row.path_of("institution"), "unknown institution \"" + c.institution + "\"",
                         "an institution id of the county, or out_of_county");
    }
    c.quarter = static_cast<int>(row.integer("quarter", Need::optional, 0, 4).value_or(0));
    c.eligible_cost = non_negative_money(row, "eligible_cost", Need::required);
    if (row.has("fund_share")) c.fund_share = non_negative_money(row, "fund_share");
    a.claims.push_back(std::move(c));
  });
  if (obj.has("aco_spending")) a.aco_spending = non_negative_money(obj, "aco_spending");
  if (auto q = detail::read_share_value(obj, "quality", Need::optional)) a.quality = *q;
}

/// A global budget or shared savings paid to an alliance is settled on its
/// institutions' spending: each of them needs an amount in
/// `actual.fund_spending` (0 for none), or a missing one would be read as no
/// spending and make a surplus that is not there.
void check_alliances_spending(const SettlementFile& file, ProblemList& problems) {
  const County& county = file.scenario.county;
  std::vector<std::string> checked;
  for (const PaymentScheme& s : file.schemes) {
    if (!s.in_force(file.actuals.year)) continue;
    if (s.kind() != SchemeKind::global_budget && s.kind() != SchemeKind::shared_savings) continue;
    const Alliance* a = county.find_alliance(s.party);
    if (a == nullptr || std::find(checked.begin(), checked.end(), s.party) != checked.end()) continue;
    checked.push_back(s.party);
    std::vector<std::string> missing;
    for (const auto* list : {&a->lead(), &a->members()}) {
      for (const auto& id : *list) {
        if (!file.actuals.fund_spending.contains(id)) missing.push_back(id);
      }
    }
    if (missing.empty()) continue;
    std::string names;
    for (std::size_t i = 0; i < missing.size() && i < 5; ++i) names += (i > 0 ? ", " : "") + missing[i];
    if (missing.size() > 5) names += " and " + std::to_string(missing.size() - 5) + " more";
    problems.add("actual.fund_spending",
                 "no amount for " + std::to_string(missing.size()) + " of the " +
                     std::to_string(a->lead().size() + a->members().size()) + " institutions of alliance \"" +
                     s.party + "\", which scheme \"" + s.id + "\" pays: " + names,
                 "an amount for every institution of the alliance (0 for one without spending)");
  }
}

}  // namespace

SettlementFile load_settlement(const std::filesystem::path& path) {
  ProblemList problems;
  const detail::JsonLimits limits;
  const std::string origin = path.string();
  auto text = detail::read_text_file(origin, limits.max_file_bytes, problems);
  problems.throw_if_any(origin);
  auto doc = detail::parse_json(*text, limits, problems);
  problems.throw_if_any(origin);

  SettlementFile file;
  file.origin = origin;
  ObjectReader top(*doc, "", problems);
  if (!top.ok()) problems.throw_if_any(origin);
  const auto schema = top.string("schema", Need::required);
  if (schema && *schema != settlement_schema) {
    problems.add("schema", "unsupported schema \"" + *schema + "\"",
                 "\"" + std::string(settlement_schema) + "\"");
  }
  file.name = top.string("name").value_or("");
  file.actuals.year = static_cast<int>(top.integer("year", Need::required, 1900, 2200).value_or(0));
  const auto scenario = top.string("scenario", Need::required);
  // The county is needed to check every reference: read it first, then the rest.
  if (scenario) file.scenario = load_scenario(path.parent_path() / *scenario);
  file.schemes = detail::read_payment(top, "payment", detail::PaymentOf::settlement);
  const bool own_payment = top.has("payment");
  const bool payment_is_list = own_payment && doc->as_object().at("payment").is_array();
  read_actuals(top, file.scenario.county, file.actuals);
  top.finish();
  problems.throw_if_any(origin);

  if (own_payment) {
    detail::default_alliance(file.schemes, file.scenario.county);
    for (Problem p : check_payment(file.schemes, file.scenario.county)) {
      if (!payment_is_list && p.path.rfind("[0]", 0) == 0) p.path.erase(0, 3);
      p.path = "payment" + p.path;
      problems.add(std::move(p));
    }
  } else {
    for (const auto& s : file.scenario.payment) {
      if (s.in_force(file.actuals.year)) file.schemes.push_back(s);
    }
    if (file.schemes.empty()) {
      problems.add(
          "payment",
          "no payment given, and the scenario has no scheme in force in " + std::to_string(file.actuals.year),
          "a payment section, or a scenario with a scheme in force that year");
    }
  }
  check_alliances_spending(file, problems);
  std::size_t budgets = 0;
  for (const auto& s : file.schemes) budgets += s.kind() == SchemeKind::global_budget ? 1u : 0u;
  if (budgets > 1 && file.actuals.out_of_county_by_alliance.empty() &&
      !file.actuals.out_of_county.is_zero()) {
    problems.add("actual.out_of_county",
                 "one out-of-county amount for " + std::to_string(budgets) + " global budgets",
                 "amounts by alliance: {\"ALLIANCE\": YUAN, ...}");
  }
  problems.throw_if_any(origin);
  return file;
}

std::vector<SchemeSettlement> settle_file(const SettlementFile& file) {
  std::vector<SchemeSettlement> out;
  try {
    for (const auto& s : file.schemes) out.push_back(settle(s, file.actuals, file.scenario.county));
  } catch (const InputError& e) {
    // Problems of the figures name them under `actual`.
    ProblemList problems;
    problems.append(e.problems(), "actual");
    problems.throw_if_any(file.origin);
  }
  return out;
}

}  // namespace ygt
