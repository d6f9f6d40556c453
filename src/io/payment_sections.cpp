// The `payment` section of a scenario: one scheme or a list of schemes side by side.

#include <charconv>

#include "io/sections.hpp"

namespace ygt::detail {
namespace json = boost::json;
namespace {

constexpr double unbounded = 1e300;

/// A share: a number, or a string with a decimal ("0.6") or a fraction ("464/857").
std::optional<Share> read_share(ObjectReader& obj, std::string_view key, Need need = Need::optional) {
  const json::value* v = obj.get(key, need, "a share in [0, 1]: 0.6 or \"464/857\"");
  if (v == nullptr) return std::nullopt;
  const std::string path = obj.path_of(key);
  if (v->is_string()) {
    const std::string text(v->get_string());
    const auto slash = text.find('/');
    if (slash != std::string::npos) {
      std::int64_t num = 0;
      std::int64_t den = 0;
      const auto r1 = std::from_chars(text.data(), text.data() + slash, num);
      const auto r2 = std::from_chars(text.data() + slash + 1, text.data() + text.size(), den);
      if (r1.ec == std::errc{} && r1.ptr == text.data() + slash && r2.ec == std::errc{} &&
          r2.ptr == text.data() + text.size()) {
        const Share s = Share::fraction(num, den);
        const auto problems = s.check(path);
        obj.problems().append(problems);
        if (problems.empty()) return s;
        return std::nullopt;
      }
    }
    double x = 0.0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), x);
    if (r.ec != std::errc{} || r.ptr != text.data() + text.size()) {
      obj.problems().add(path, "not a share: \"" + text + "\"",
                         "a number in [0, 1] or a fraction \"464/857\"");
      return std::nullopt;
    }
    const Share s(x);
    const auto problems = s.check(path);
    obj.problems().append(problems);
    if (problems.empty()) return s;
    return std::nullopt;
  }
  auto x = as_number(*v, path, obj.problems());
  if (!x) return std::nullopt;
  const Share s(*x);
  const auto problems = s.check(path);
  obj.problems().append(problems);
  if (problems.empty()) return s;
  return std::nullopt;
}

std::optional<BudgetRule> read_budget_rule(ObjectReader& parent, std::string_view key, Need need) {
  const json::value* v = parent.get(key, need, "{\"amount\": YUAN} or {\"rolling_growth\": RATE}");
  if (v == nullptr) return std::nullopt;
  ObjectReader obj(*v, parent.path_of(key), parent.problems());
  if (!obj.ok()) return std::nullopt;
  BudgetRule rule;
  rule.amount = obj.money("amount");
  rule.rolling_growth = obj.number("rolling_growth", Need::optional, -unbounded, unbounded);
  parent.problems().append(rule.check(), obj.path());
  return rule;
}

std::optional<DistributionRule> read_distribution(ObjectReader& parent) {
  const json::value* v = parent.get("distribution");
  if (v == nullptr) return std::nullopt;
  ObjectReader obj(*v, parent.path_of("distribution"), parent.problems());
  if (!obj.ok()) return std::nullopt;
  DistributionRule rule;
  if (auto ratios = read_per_tier(obj, "ratios", Need::required, 0.0, unbounded)) {
    for (Tier t : all_tiers) rule.ratios[index(t)] = (*ratios)[index(t)].value_or(0.0);
  }
  if (auto basis = obj.enumerator<DistributionBasis>("basis", "basis")) rule.basis = *basis;
  return rule;
}

void read_global_budget(ObjectReader& obj, PaymentScheme& s) {
  GlobalBudgetParameters p;
  s.party = obj.string("alliance").value_or("");
  if (auto rule = read_budget_rule(obj, "budget", Need::required)) p.budget = *rule;
  if (auto x = read_share(obj, "prepay_share")) p.prepay_share = *x;
  if (auto x = read_share(obj, "retention")) p.retention = *x;
  if (auto x = obj.boolean("out_of_county_deducted")) p.out_of_county_deducted = *x;
  obj.for_each("overspend", Need::optional, [&](const json::value& b, const std::string& path) {
    ObjectReader band(b, path, obj.problems());
    if (!band.ok()) return;
    OverspendBand ob;
    ob.up_to = band.number("up_to", Need::required, -unbounded, unbounded).value_or(0.0);
    if (auto x = read_share(band, "insurer_share", Need::required)) ob.insurer_share = *x;
    p.overspend.push_back(ob);
  });
  if (const json::value* v = obj.get("performance")) {
    ObjectReader perf(*v, obj.path_of("performance"), obj.problems());
    if (perf.ok()) {
      p.performance.score_min = perf.number("score_min").value_or(p.performance.score_min);
      p.performance.score_max = perf.number("score_max").value_or(p.performance.score_max);
      p.performance.zero_below = perf.number("zero_below").value_or(p.performance.zero_below);
      p.performance.full_at = perf.number("full_at").value_or(p.performance.full_at);
    }
  }
  p.assessment_score = obj.number("assessment_score");
  if (auto basis = obj.enumerator<YearEndBasis>("basis", "basis")) p.basis = *basis;
  if (auto scope = obj.enumerator<BudgetScope>("scope", "scope")) p.scope = *scope;
  p.distribution = read_distribution(obj);
  s.parameters = std::move(p);
}

void read_capitation(ObjectReader& obj, PaymentScheme& s) {
  CapitationParameters p;
  s.party = obj.string("holder", Need::required).value_or("");
  p.rate_per_head = obj.money("rate_per_head", Need::required).value_or(Money{});
  p.service_lines = obj.strings("service_lines", Need::required).value_or(std::vector<std::string>{});
  p.enrolled = obj.integer("enrolled", Need::optional, 0, 1LL << 40);
  p.distribution = read_distribution(obj);
  s.parameters = std::move(p);
}

void read_dip(ObjectReader& obj, PaymentScheme& s) {
  DipParameters p;
  p.fund = obj.money("fund", Need::required).value_or(Money{});
  p.reimbursement_ratio = read_share(obj, "reimbursement_ratio");
  p.low_cost_ratio = obj.number("low_cost_ratio").value_or(p.low_cost_ratio);
  p.high_cost_multiple = obj.number("high_cost_multiple").value_or(p.high_cost_multiple);
  obj.for_each("groups", Need::required, [&](const json::value& g, const std::string& path) {
    ObjectReader group(g, path, obj.problems());
    if (!group.ok()) return;
    DipGroup dg;
    dg.id = group.string("id", Need::required).value_or("");
    dg.weight = group.number("weight", Need::required, -unbounded, unbounded).value_or(0.0);
    dg.average_cost = group.money("average_cost");
    p.groups.push_back(std::move(dg));
  });
  s.parameters = std::move(p);
}

void read_shared_savings(ObjectReader& obj, PaymentScheme& s) {
  SharedSavingsParameters p;
  s.party = obj.string("aco", Need::required).value_or("");
  if (auto rule = read_budget_rule(obj, "benchmark", Need::required)) p.benchmark = *rule;
  if (auto x = read_share(obj, "minimum_savings_rate")) p.minimum_savings_rate = *x;
  if (auto x = read_share(obj, "minimum_loss_rate")) p.minimum_loss_rate = *x;
  if (auto x = read_share(obj, "sharing_rate")) p.sharing_rate = *x;
  if (const json::value* v = obj.get("loss_rate")) {
    ObjectReader lr(*v, obj.path_of("loss_rate"), obj.problems());
    if (lr.ok()) {
      if (auto x = read_share(lr, "fixed_rate")) p.loss_rate.fixed_rate = *x;
      if (auto x = lr.boolean("quality_linked")) p.loss_rate.quality_linked = *x;
      if (auto x = read_share(lr, "floor")) p.loss_rate.floor = *x;
      if (auto x = read_share(lr, "ceiling")) p.loss_rate.ceiling = *x;
    }
  }
  if (auto x = read_share(obj, "performance_payment_cap")) p.performance_payment_cap = *x;
  if (auto x = read_share(obj, "loss_cap")) p.loss_cap = *x;
  if (auto x = read_share(obj, "quality")) p.quality = *x;
  s.parameters = std::move(p);
}

void read_fee_for_service(ObjectReader& obj, PaymentScheme& s, PaymentOf of) {
  FeeForServiceParameters p;
  if (of == PaymentOf::scenario) {
    if (obj.has("reimbursement")) {
      obj.problems().add(obj.path_of("reimbursement"),
                         "a projection pays each claim the fund's share the flow model computes, from the "
                         "insurance section's rates: a scheme's own rates would pay what fund_spending does "
                         "not count",
                         "no reimbursement here: the rates in insurance.reimbursement (or a reimbursement "
                         "intervention)");
    }
  } else if (auto rates = read_per_tier(obj, "reimbursement", Need::optional, 0.0, 1.0)) {
    for (Tier t : all_tiers) {
      if (const auto rate = (*rates)[index(t)]) p.reimbursement[index(t)] = Share(*rate);
    }
  }
  s.parameters = std::move(p);
}

void read_scheme(const json::value& v, const std::string& path, ProblemList& problems, PaymentOf of,
                 std::vector<PaymentScheme>& out) {
  ObjectReader obj(v, path, problems);
  if (!obj.ok()) return;
  PaymentScheme s;
  const auto kind = obj.enumerator<SchemeKind>("scheme", "scheme", Need::required);
  if (!kind) return;
  s.id = obj.string("id").value_or(std::string(to_string(*kind)));
  if (auto from = obj.integer("from", Need::optional, 1900, 2200)) s.from = static_cast<int>(*from);
  if (auto to = obj.integer("to", Need::optional, 1900, 2200)) s.to = static_cast<int>(*to);
  switch (*kind) {
    case SchemeKind::fee_for_service:
      read_fee_for_service(obj, s, of);
      break;
    case SchemeKind::global_budget:
      read_global_budget(obj, s);
      break;
    case SchemeKind::capitation:
      read_capitation(obj, s);
      break;
    case SchemeKind::dip:
      read_dip(obj, s);
      break;
    case SchemeKind::shared_savings:
      read_shared_savings(obj, s);
      break;
  }
  out.push_back(std::move(s));
}

}  // namespace

std::optional<Share> read_share_value(ObjectReader& obj, std::string_view key, Need need) {
  return read_share(obj, key, need);
}

std::vector<PaymentScheme> read_payment(ObjectReader& parent, std::string_view key, PaymentOf of) {
  std::vector<PaymentScheme> out;
  const json::value* v = parent.get(key);
  if (v == nullptr) return out;
  if (v->is_array()) {
    parent.for_each(key, Need::optional, [&](const json::value& e, const std::string& path) {
      read_scheme(e, path, parent.problems(), of, out);
    });
  } else {
    read_scheme(*v, parent.path_of(key), parent.problems(), of, out);
  }
  return out;
}

void default_alliance(std::vector<PaymentScheme>& schemes, const County& county) {
  if (county.alliances().size() != 1) return;
  for (auto& s : schemes) {
    if (s.party.empty() &&
        (s.kind() == SchemeKind::global_budget || s.kind() == SchemeKind::shared_savings)) {
      s.party = county.alliances()[0].id();
    }
  }
}

}  // namespace ygt::detail
