#include "yigongti/payment/scheme.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

namespace ygt {
namespace {

std::string at(std::size_t i) {
  return "[" + std::to_string(i) + "]";
}

/// The fund-payable spending of the alliance's institutions.
Money alliance_spending(const County& county, const Alliance& alliance, const YearActuals& actuals) {
  Money total;
  for (const auto& [id, amount] : actuals.fund_spending) {
    if (county.alliance_of(id) == &alliance) total += amount;
  }
  return total;
}

Money all_spending(const YearActuals& actuals) {
  // Out-of-county spending is given in total, by alliance, or both (the total then counts).
  Money total = actuals.out_of_county;
  if (total.is_zero()) {
    for (const auto& [id, amount] : actuals.out_of_county_by_alliance) total += amount;
  }
  for (const auto& [id, amount] : actuals.fund_spending) total += amount;
  return total;
}

void check_actuals(const YearActuals& actuals, const County& county) {
  ProblemList problems;
  for (const auto& [id, amount] : actuals.fund_spending) {
    if (county.find_institution(id) == nullptr) {
      problems.add("fund_spending." + id, "unknown institution \"" + id + "\"",
                   "an institution id of the county");
    }
    if (amount.is_negative())
      problems.add("fund_spending." + id, "negative spending " + amount.to_string(), ">= 0");
  }
  if (actuals.out_of_county.is_negative()) {
    problems.add("out_of_county", "negative spending " + actuals.out_of_county.to_string(), ">= 0");
  }
  for (const auto& [id, amount] : actuals.out_of_county_by_alliance) {
    if (county.find_alliance(id) == nullptr) {
      problems.add("out_of_county." + id, "unknown alliance \"" + id + "\"", "an alliance id of the county");
    }
    if (amount.is_negative())
      problems.add("out_of_county." + id, "negative spending " + amount.to_string(), ">= 0");
  }
  for (const auto* table : {&actuals.workload, &actuals.scores}) {
    for (const auto& [id, value] : *table) {
      if (county.find_institution(id) == nullptr) {
        problems.add((table == &actuals.workload ? "workload." : "scores.") + id,
                     "unknown institution \"" + id + "\"", "an institution id of the county");
      }
    }
  }
  problems.throw_if_any("");
}

void figure(SchemeSettlement& s, std::string name, Money value) {
  s.figures.push_back({std::move(name), value});
}
void figure(SchemeSettlement& s, std::string name, double value) {
  s.figures.push_back({std::move(name), value});
}

// Each kind of scheme: its outcome from a year's input, and its settlement
// (figures and ledger). `scheme_outcome` and `settle` dispatch to them.

SchemeOutcome outcome(const PaymentScheme&, const FeeForServiceParameters&, const SchemeInput&) {
  return {};  // claims are paid as incurred: no budget, no balance
}

void settlement(const PaymentScheme&, const FeeForServiceParameters& p, const SchemeInput& input,
                SchemeSettlement& out) {
  auto r = settle_fee_for_service(p, FeeForServiceInput{input.year, input.claims});
  figure(out, "eligible_cost", r.eligible_cost);
  figure(out, "fund_payment", r.fund_payment);
  figure(out, "out_of_pocket", r.out_of_pocket);
  out.ledger = std::move(r.ledger);
}

std::optional<double> assessment_score(const GlobalBudgetParameters& p, const SchemeInput& input) {
  return input.assessment_score ? input.assessment_score : p.assessment_score;
}

SchemeOutcome outcome(const PaymentScheme&, const GlobalBudgetParameters& p, const SchemeInput& input) {
  const GlobalBudgetOutcome o = global_budget_outcome(
      p, input.in_county_spending, input.out_of_county_spending, input.last_year_spending,
      assessment_score(p, input), input.contracted_share.value_or(Share(1.0)));
  return {o.budget,          o.balance,        o.retained, o.returned + o.overspend_alliance,
          o.alliance_result, o.alliance_result};
}

void settlement(const PaymentScheme& scheme, const GlobalBudgetParameters& p, const SchemeInput& input,
                SchemeSettlement& out) {
  GlobalBudgetInput in;
  in.year = input.year;
  in.alliance = scheme.party;
  in.in_county_spending = input.in_county_spending;
  in.out_of_county_spending = input.out_of_county_spending;
  in.last_year_spending = input.last_year_spending;
  in.assessment_score = assessment_score(p, input);
  if (p.distribution) in.members = input.members;
  in.contracted_share = input.contracted_share;
  in.care = input.care;
  auto r = settle_global_budget(p, in);
  figure(out, "budget", r.budget);
  figure(out, "prepaid", r.prepaid);
  figure(out, "in_county_spending", in.in_county_spending);
  figure(out, "out_of_county_spending", in.out_of_county_spending);
  if (p.scope == BudgetScope::contracted_residents && in.contracted_share)
    figure(out, "contracted_share", in.contracted_share->value());
  figure(out, "charged_spending", r.charged_spending);
  figure(out, "balance", r.balance);
  figure(out, "performance_factor", r.performance_factor);
  figure(out, "retained", r.retained);
  figure(out, "returned", r.returned);
  figure(out, "overspend_insurer", r.overspend.insurer);
  figure(out, "overspend_alliance", r.overspend.alliance);
  if (r.distribution) {
    for (Tier t : all_tiers) {
      if (!r.distribution->by_tier[index(t)].is_zero()) {
        figure(out, "distributed_" + std::string(to_string(t)), r.distribution->by_tier[index(t)]);
      }
    }
  }
  out.ledger = std::move(r.ledger);
}

std::int64_t enrolled(const CapitationParameters& p, const SchemeInput& input) {
  return input.enrolled.value_or(p.enrolled.value_or(0));
}

SchemeOutcome outcome(const PaymentScheme&, const CapitationParameters& p, const SchemeInput& input) {
  const Money package = p.rate_per_head * enrolled(p, input);
  const Money balance = package - input.capitated_total;
  return {package, balance, std::max(balance, Money{}), Money{}, balance, balance};
}

void settlement(const PaymentScheme& scheme, const CapitationParameters& p, const SchemeInput& input,
                SchemeSettlement& out) {
  CapitationInput in;
  in.year = input.year;
  in.holder = scheme.party;
  in.enrolled = enrolled(p, input);
  in.spending = input.capitated_spending;
  if (p.distribution) in.members = input.members;
  in.internal.reserve(input.care.size());
  for (const MemberAmount& m : input.care) in.internal.push_back(m.id);
  auto r = settle_capitation(p, in);
  figure(out, "package", r.package);
  figure(out, "spending", r.spending);
  figure(out, "balance", r.balance);
  figure(out, "surplus", r.surplus);
  figure(out, "deficit", r.deficit);
  out.ledger = std::move(r.ledger);
}

SchemeOutcome outcome(const PaymentScheme&, const DipParameters& p, const SchemeInput& input) {
  SchemeOutcome out;
  out.budget = p.pool();  // institutions are paid the pool by points: no balance
  out.outlay_change = p.fund - input.dip_spending;
  return out;
}

void settlement(const PaymentScheme&, const DipParameters& p, const SchemeInput& input,
                SchemeSettlement& out) {
  auto r = settle_dip(p, DipInput{input.year, input.dip_cases});
  figure(out, "pool", r.point_value.pool);
  figure(out, "total_points", r.point_value.total_points);
  figure(out, "point_value", r.point_value.yuan());
  for (const auto& inst : r.institutions) figure(out, "paid_" + inst.institution, inst.amount);
  out.ledger = std::move(r.ledger);
}

SchemeOutcome outcome(const PaymentScheme&, const SharedSavingsParameters& p, const SchemeInput& input) {
  const Money benchmark = p.benchmark.budget(input.last_year_spending, p.rounding);
  const SharedSavingsSettlement r =
      shared_savings_outcome(p, benchmark, input.total_spending, input.quality.value_or(p.quality));
  return {benchmark, r.savings, r.shared, r.owed, r.shared - r.owed, r.shared - r.owed};
}

void settlement(const PaymentScheme& scheme, const SharedSavingsParameters& p, const SchemeInput& input,
                SchemeSettlement& out) {
  SharedSavingsInput in;
  in.year = input.year;
  in.aco = scheme.party;
  in.spending = input.total_spending;
  in.last_year_spending = input.last_year_spending;
  in.quality = input.quality;
  in.care = input.care;
  auto r = settle_shared_savings(p, in);
  figure(out, "benchmark", r.benchmark);
  figure(out, "spending", in.spending);
  figure(out, "savings", r.savings);
  figure(out, "savings_rate", r.savings_rate);
  figure(out, "final_sharing_rate", r.final_sharing_rate.value());
  figure(out, "loss_rate", r.loss_rate.value());
  figure(out, "shared", r.shared);
  figure(out, "owed", r.owed);
  out.ledger = std::move(r.ledger);
}

/// The domains a scheme paid to an alliance needs it to have unified: one
/// purse (`finance`) for a package, budget or shared savings paid to the
/// alliance, and `performance` for an assessment score that scales its
/// retention (docs/payment.md, "Unified domains").
void check_domains(const PaymentScheme& s, const County& county, const std::string& at,
                   ProblemList& problems) {
  const Alliance* alliance = county.find_alliance(s.party);
  if (alliance == nullptr || s.kind() == SchemeKind::fee_for_service || s.kind() == SchemeKind::dip) return;
  const std::string key = s.kind() == SchemeKind::global_budget    ? ".alliance"
                          : s.kind() == SchemeKind::shared_savings ? ".aco"
                                                                   : ".holder";
  const std::string where = "\"" + std::string(to_string(Domain::finance)) +
                            "\" in the unified domains of alliance \"" + alliance->id() +
                            "\", or a scheme paid to its institutions";
  if (!alliance->unifies(Domain::finance)) {
    problems.add(at + key,
                 "alliance \"" + alliance->id() + "\" has not unified finance: a " +
                     std::string(to_string(s.kind())) + " paid to the alliance needs one purse",
                 where);
  }
  if (s.kind() == SchemeKind::global_budget &&
      std::get<GlobalBudgetParameters>(s.parameters).assessment_score.has_value() &&
      !alliance->unifies(Domain::performance)) {
    problems.add(at + ".assessment_score",
                 "alliance \"" + alliance->id() +
                     "\" has not unified performance: its members have no performance score of the alliance",
                 "\"performance\" in the unified domains of alliance \"" + alliance->id() +
                     "\", or no assessment_score");
  }
}

/// The distribution rule of a scheme that splits its result among an
/// alliance's members, or nullptr.
const DistributionRule* distribution_of(const PaymentScheme& s) {
  if (const auto* b = std::get_if<GlobalBudgetParameters>(&s.parameters); b && b->distribution)
    return &*b->distribution;
  if (const auto* c = std::get_if<CapitationParameters>(&s.parameters); c && c->distribution)
    return &*c->distribution;
  return nullptr;
}

/// A tier given a share of an alliance's result needs a member of that tier
/// to receive it: what settlement would refuse, found when the file is read.
void check_distribution_tiers(const PaymentScheme& s, const County& county, const std::string& at,
                              ProblemList& problems) {
  const DistributionRule* rule = distribution_of(s);
  const Alliance* alliance = county.find_alliance(s.party);
  if (rule == nullptr || alliance == nullptr) return;
  PerTier<std::size_t> count{};
  const auto add = [&](const std::string& id) {
    if (const Institution* inst = county.find_institution(id)) ++count[index(inst->tier())];
  };
  for (const auto& id : alliance->lead()) add(id);
  for (const auto& id : alliance->members()) add(id);
  for (Tier tier : all_tiers) {
    const double r = rule->ratios[index(tier)];
    if (tier == Tier::out_of_county || !(std::isfinite(r) && r > 0.0) || count[index(tier)] > 0) continue;
    problems.add(
        at + ".distribution.ratios." + std::string(to_string(tier)),
        "alliance \"" + alliance->id() + "\" has no " + std::string(to_string(tier)) +
            " institution to receive this share",
        "0, or a member of alliance \"" + alliance->id() + "\" in tier " + std::string(to_string(tier)));
  }
}

}  // namespace

std::vector<Problem> check_payment(const std::vector<PaymentScheme>& schemes, const County& county) {
  ProblemList problems;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < schemes.size(); ++i) {
    const PaymentScheme& s = schemes[i];
    if (!ids.insert(s.id).second)
      problems.add(at(i) + ".id", "duplicate id \"" + s.id + "\"", "a unique scheme id");
    if (s.to < s.from) {
      problems.add(at(i) + ".to", "ends in " + std::to_string(s.to) + ", before it starts",
                   "a year >= from (" + std::to_string(s.from) + ")");
    }
    std::visit([&](const auto& p) { problems.append(p.check(), at(i)); }, s.parameters);
    const SchemeKind kind = s.kind();
    const bool alliance_party = kind == SchemeKind::global_budget || kind == SchemeKind::shared_savings;
    if (alliance_party && county.find_alliance(s.party) == nullptr) {
      problems.add(at(i) + (kind == SchemeKind::global_budget ? ".alliance" : ".aco"),
                   "unknown alliance \"" + s.party + "\"", "the id of one of the county's alliances");
    }
    if (kind == SchemeKind::capitation && county.find_alliance(s.party) == nullptr &&
        county.find_institution(s.party) == nullptr) {
      problems.add(at(i) + ".holder", "unknown holder \"" + s.party + "\"", "an alliance or institution id");
    }
    check_domains(s, county, at(i), problems);
    check_distribution_tiers(s, county, at(i), problems);
  }
  return problems.problems();
}

void SchemeInput::clear() noexcept {
  in_county_spending = Money{};
  out_of_county_spending = Money{};
  total_spending = Money{};
  capitated_total = Money{};
  dip_spending = Money{};
  last_year_spending.reset();
  assessment_score.reset();
  contracted_share.reset();
  enrolled.reset();
  quality.reset();
  capitated_spending.clear();
  dip_cases.clear();
  claims.clear();
  members.clear();
  care.clear();
}

SchemeOutcome scheme_outcome(const PaymentScheme& scheme, const SchemeInput& input) {
  return std::visit([&](const auto& p) { return outcome(scheme, p, input); }, scheme.parameters);
}

SchemeSettlement settle(const PaymentScheme& scheme, const SchemeInput& input) {
  SchemeSettlement out;
  out.scheme_id = scheme.id;
  out.kind = scheme.kind();
  std::visit([&](const auto& p) { settlement(scheme, p, input, out); }, scheme.parameters);
  out.outcome = scheme_outcome(scheme, input);  // the settlement checked the input
  return out;
}

std::vector<AllianceMember> alliance_members(const County& county, const Alliance& alliance,
                                             const YearActuals& actuals) {
  std::vector<AllianceMember> members;
  const auto add = [&](const std::string& id) {
    const auto value = [&](const std::map<std::string, double>& m) {
      const auto it = m.find(id);
      return it == m.end() ? 0.0 : it->second;
    };
    members.push_back({id, county.institution(id).tier(), value(actuals.workload), value(actuals.scores)});
  };
  for (const auto& id : alliance.lead()) add(id);
  for (const auto& id : alliance.members()) add(id);
  return members;
}

std::vector<MemberAmount> alliance_care(const County& county, const Alliance& alliance,
                                        const YearActuals& actuals) {
  std::vector<MemberAmount> care;
  const auto add = [&](const std::string& id) {
    const auto it = actuals.fund_spending.find(id);
    care.push_back(
        {id, county.institution(id).tier(), it == actuals.fund_spending.end() ? Money{} : it->second});
  };
  for (const auto& id : alliance.lead()) add(id);
  for (const auto& id : alliance.members()) add(id);
  return care;
}

SchemeInput scheme_input(const PaymentScheme& scheme, const YearActuals& actuals, const County& county) {
  check_actuals(actuals, county);
  SchemeInput in;
  in.year = actuals.year;
  in.last_year_spending = actuals.last_year_spending;
  in.assessment_score = actuals.assessment_score;
  in.contracted_share = actuals.contracted_share;
  in.enrolled = actuals.enrolled;
  in.quality = actuals.quality;
  const Alliance* alliance = county.find_alliance(scheme.party);
  switch (scheme.kind()) {
    case SchemeKind::fee_for_service:
      in.claims = actuals.claims;
      break;
    case SchemeKind::global_budget:
      if (alliance == nullptr) break;  // check_payment reports the party
      in.in_county_spending = alliance_spending(county, *alliance, actuals);
      if (actuals.out_of_county_by_alliance.empty()) {
        in.out_of_county_spending = actuals.out_of_county;
      } else {
        const auto it = actuals.out_of_county_by_alliance.find(alliance->id());
        in.out_of_county_spending = it == actuals.out_of_county_by_alliance.end() ? Money{} : it->second;
      }
      if (std::get<GlobalBudgetParameters>(scheme.parameters).distribution)
        in.members = alliance_members(county, *alliance, actuals);
      in.care = alliance_care(county, *alliance, actuals);
      break;
    case SchemeKind::capitation:
      in.capitated_spending = actuals.capitated_spending;
      for (const CapitatedSpending& s : in.capitated_spending) in.capitated_total += s.amount;
      if (alliance != nullptr && std::get<CapitationParameters>(scheme.parameters).distribution)
        in.members = alliance_members(county, *alliance, actuals);
      if (alliance != nullptr) in.care = alliance_care(county, *alliance, actuals);
      break;
    case SchemeKind::dip:
      in.dip_cases = actuals.dip_cases;
      break;
    case SchemeKind::shared_savings:
      in.total_spending = actuals.aco_spending.value_or(all_spending(actuals));
      if (alliance == nullptr) break;
      in.care = alliance_care(county, *alliance, actuals);
      if (actuals.aco_spending && alliance_spending(county, *alliance, actuals) > *actuals.aco_spending) {
        throw InputError("", {{"aco_spending",
                               "the ACO's spending " + actuals.aco_spending->to_string() +
                                   " is less than its institutions' fund spending " +
                                   alliance_spending(county, *alliance, actuals).to_string(),
                               "at least the fund_spending of alliance \"" + alliance->id() +
                                   "\"'s institutions, which it passes on to them"}});
      }
      break;
  }
  return in;
}

void pay_through_legal_entities(Ledger& ledger, const County& county) {
  std::map<std::string_view, std::string_view> entity_of;  // institution id -> entity id
  for (const Alliance& a : county.alliances()) {
    if (!a.legal_entity()) continue;
    for (const auto& id : a.lead()) entity_of.emplace(id, a.id());
    for (const auto& id : a.members()) entity_of.emplace(id, a.id());
  }
  if (entity_of.empty()) return;
  const auto find = [&](const std::string& party) -> std::optional<std::string_view> {
    const auto it = entity_of.find(party);
    if (it == entity_of.end()) return std::nullopt;
    return it->second;
  };
  Ledger routed;
  routed.reserve(2 * ledger.size());
  for (const Transfer& t : ledger.transfers()) {
    const auto from = find(t.from);
    const auto to = find(t.to);
    const auto row = [&](std::string_view payer, std::string_view payee, TransferKind kind) {
      routed.add({t.year, t.quarter, std::string(payer), std::string(payee), kind, t.amount});
    };
    if (t.from == fund_party && to) {
      row(fund_party, *to, t.kind);
      row(*to, t.to, TransferKind::internal_allocation);
    } else if (t.to == fund_party && from) {
      row(t.from, *from, TransferKind::internal_allocation);
      row(*from, fund_party, t.kind);
    } else if (t.kind == TransferKind::claim_payment && from && to && *from == *to) {
      row(t.from, t.to, TransferKind::internal_allocation);
    } else {
      routed.add(t);
    }
  }
  ledger = std::move(routed);
}

SchemeSettlement settle(const PaymentScheme& scheme, const SchemeInput& input, const County& county) {
  SchemeSettlement out = settle(scheme, input);
  pay_through_legal_entities(out.ledger, county);
  return out;
}

SchemeSettlement settle(const PaymentScheme& scheme, const YearActuals& actuals, const County& county) {
  return settle(scheme, scheme_input(scheme, actuals, county), county);
}

}  // namespace ygt
