#include "yigongti/payment/scheme.hpp"

#include <array>
#include <set>

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
    if (kind == SchemeKind::shared_savings) problems.append(s.benchmark.check(), at(i) + ".benchmark");
    if (s.enrolled && *s.enrolled < 0) problems.add(at(i) + ".enrolled", "negative enrolment", ">= 0");
  }
  return problems.problems();
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

SchemeSettlement settle(const PaymentScheme& scheme, const YearActuals& actuals, const County& county) {
  check_actuals(actuals, county);
  SchemeSettlement out;
  out.scheme_id = scheme.id;
  out.kind = scheme.kind();
  switch (scheme.kind()) {
    case SchemeKind::fee_for_service: {
      const auto& p = std::get<FeeForServiceParameters>(scheme.parameters);
      FeeForServiceInput in{actuals.year, actuals.claims};
      auto r = settle_fee_for_service(p, in);
      figure(out, "eligible_cost", r.eligible_cost);
      figure(out, "fund_payment", r.fund_payment);
      figure(out, "out_of_pocket", r.out_of_pocket);
      out.ledger = std::move(r.ledger);
      break;
    }
    case SchemeKind::global_budget: {
      const auto& p = std::get<GlobalBudgetParameters>(scheme.parameters);
      const Alliance& alliance = county.alliance(scheme.party);
      GlobalBudgetInput in;
      in.year = actuals.year;
      in.alliance = alliance.id();
      in.in_county_spending = alliance_spending(county, alliance, actuals);
      if (actuals.out_of_county_by_alliance.empty()) {
        in.out_of_county_spending = actuals.out_of_county;
      } else {
        const auto it = actuals.out_of_county_by_alliance.find(alliance.id());
        in.out_of_county_spending = it == actuals.out_of_county_by_alliance.end() ? Money{} : it->second;
      }
      in.last_year_spending = actuals.last_year_spending;
      in.assessment_score = actuals.assessment_score ? actuals.assessment_score : scheme.assessment_score;
      if (p.distribution) in.members = alliance_members(county, alliance, actuals);
      in.contracted_share = actuals.contracted_share;
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
      out.alliance_result = r.alliance_result;
      out.budget = r.budget;
      out.balance = r.balance;
      out.retained = r.retained;
      out.recovered = r.returned + r.overspend.alliance;
      out.ledger = std::move(r.ledger);
      break;
    }
    case SchemeKind::capitation: {
      const auto& p = std::get<CapitationParameters>(scheme.parameters);
      CapitationInput in;
      in.year = actuals.year;
      in.holder = scheme.party;
      in.enrolled = actuals.enrolled.value_or(scheme.enrolled.value_or(0));
      in.spending = actuals.capitated_spending;
      if (p.distribution) {
        if (const Alliance* a = county.find_alliance(scheme.party))
          in.members = alliance_members(county, *a, actuals);
      }
      auto r = settle_capitation(p, in);
      figure(out, "package", r.package);
      figure(out, "spending", r.spending);
      figure(out, "balance", r.balance);
      figure(out, "surplus", r.surplus);
      figure(out, "deficit", r.deficit);
      out.alliance_result = r.balance;
      out.budget = r.package;
      out.balance = r.balance;
      out.retained = r.surplus;
      out.ledger = std::move(r.ledger);
      break;
    }
    case SchemeKind::dip: {
      const auto& p = std::get<DipParameters>(scheme.parameters);
      DipInput in{actuals.year, actuals.dip_cases};
      auto r = settle_dip(p, in);
      figure(out, "pool", r.point_value.pool);
      figure(out, "total_points", r.point_value.total_points);
      figure(out, "point_value", r.point_value.yuan());
      for (const auto& inst : r.institutions) figure(out, "paid_" + inst.institution, inst.amount);
      out.budget = r.point_value.pool;
      out.ledger = std::move(r.ledger);
      break;
    }
    case SchemeKind::shared_savings: {
      const auto& p = std::get<SharedSavingsParameters>(scheme.parameters);
      SharedSavingsInput in;
      in.year = actuals.year;
      in.aco = scheme.party;
      in.benchmark = scheme.benchmark.budget(actuals.last_year_spending, p.rounding);
      in.spending = actuals.aco_spending.value_or(all_spending(actuals));
      in.quality = actuals.quality.value_or(scheme.quality);
      auto r = settle_shared_savings(p, in);
      figure(out, "benchmark", in.benchmark);
      figure(out, "spending", in.spending);
      figure(out, "savings", r.savings);
      figure(out, "savings_rate", r.savings_rate);
      figure(out, "final_sharing_rate", r.final_sharing_rate.value());
      figure(out, "loss_rate", r.loss_rate.value());
      figure(out, "shared", r.shared);
      figure(out, "owed", r.owed);
      out.alliance_result = r.shared - r.owed;
      out.budget = in.benchmark;
      out.balance = r.savings;
      out.retained = r.shared;
      out.recovered = r.owed;
      out.ledger = std::move(r.ledger);
      break;
    }
  }
  return out;
}

}  // namespace ygt
