#include "yigongti/payment/global_budget.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "payment/checks.hpp"
#include "yigongti/payment/prepayment.hpp"

namespace ygt {

namespace {

/// Walks the corridor band by band for an overspend `overspend` of `budget`,
/// calling `band(slice, insurer)` with each band's slice and the fund's part of
/// it (`OverspendSharing` has the equations). The one place the corridor is
/// computed: the settlement's tables and the outcome's totals both use it.
template <class Band>
void walk_corridor(std::span<const OverspendBand> corridor, Money budget, Money overspend, Rounding mode,
                   Band&& band) {
  Money lower;
  for (const OverspendBand& b : corridor) {
    const Money upper = std::max(lower, budget.scaled(b.up_to, mode));
    const Money slice = std::clamp(overspend - lower, Money{}, upper - lower);
    band(slice, b.insurer_share.of(slice, mode));
    lower = upper;
  }
}

}  // namespace

OverspendSharing share_overspend(std::span<const OverspendBand> corridor, Money budget, Money overspend,
                                 Rounding mode) {
  if (budget.is_negative() || overspend.is_negative()) {
    throw std::invalid_argument("ygt::share_overspend: negative budget or overspend");
  }
  OverspendSharing out;
  out.overspend = overspend;
  out.slices.reserve(corridor.size());
  out.insurer_by_band.reserve(corridor.size());
  Money covered;
  walk_corridor(corridor, budget, overspend, mode, [&](Money slice, Money insurer) {
    out.slices.push_back(slice);
    out.insurer_by_band.push_back(insurer);
    out.insurer += insurer;
    covered += slice;
  });
  out.beyond = overspend - covered;
  out.alliance = overspend - out.insurer;
  return out;
}

std::vector<Problem> GlobalBudgetParameters::check() const {
  ProblemList problems;
  problems.append(budget.check(), "budget");
  prepay_share.check(problems, "prepay_share");
  retention.check(problems, "retention");
  double previous = 0.0;
  for (std::size_t i = 0; i < overspend.size(); ++i) {
    const double up_to = overspend[i].up_to;
    if (!std::isfinite(up_to)) {
      problems.add(ProblemPath("overspend", i, "up_to").str(), "not a finite number",
                   "a fraction of the budget > 0");
    } else if (up_to <= previous) {
      problems.add(ProblemPath("overspend", i, "up_to").str(), "band limits do not increase",
                   i == 0 ? "a fraction of the budget > 0" : "a limit greater than the previous band's");
    }
    if (std::isfinite(up_to)) previous = std::max(previous, up_to);
    overspend[i].insurer_share.check(problems, ProblemPath("overspend", i, "insurer_share"));
  }
  const std::size_t before_performance = problems.size();
  problems.append(performance.check(), "performance");
  if (assessment_score && problems.size() == before_performance)
    performance.check_score(problems, "assessment_score", *assessment_score);
  if (distribution) problems.append(distribution->check(), "distribution");
  return problems.problems();
}

std::vector<Problem> GlobalBudgetInput::check(const GlobalBudgetParameters& params) const {
  ProblemList problems;
  check_holder(problems, "alliance", alliance);
  check_non_negative(problems, "in_county_spending", in_county_spending);
  check_non_negative(problems, "out_of_county_spending", out_of_county_spending);
  if (last_year_spending) {
    check_non_negative(problems, "last_year_spending", *last_year_spending);
  } else if (params.budget.rolling_growth && !params.budget.amount) {
    problems.add("last_year_spending", "missing", "last year's actual fund spending, for a rolling budget");
  }
  if (assessment_score) params.performance.check_score(problems, "assessment_score", *assessment_score);
  if (params.distribution) problems.append(check_members(*params.distribution, members));
  if (!care.empty()) problems.append(check_care(care, in_county_spending, "in_county_spending"));
  if (contracted_share) {
    contracted_share->check(problems, "contracted_share");
  } else if (params.scope == BudgetScope::contracted_residents) {
    problems.add("contracted_share", "missing",
                 "the share of the spending that is on contracted residents, for scope contracted_residents");
  }
  return problems.problems();
}

GlobalBudgetOutcome global_budget_outcome(const GlobalBudgetParameters& params, Money in_county_spending,
                                          Money out_of_county_spending,
                                          std::optional<Money> last_year_spending,
                                          std::optional<double> assessment_score, Share contracted_share) {
  const Rounding mode = params.rounding;
  GlobalBudgetOutcome out;
  out.budget = params.budget.budget(last_year_spending, mode);
  out.prepaid = params.prepay_share.of(out.budget, mode);
  out.charged_spending =
      in_county_spending + (params.out_of_county_deducted ? out_of_county_spending : Money{});
  if (params.scope == BudgetScope::contracted_residents)
    out.charged_spending = contracted_share.of(out.charged_spending, mode);
  out.balance = out.budget - out.charged_spending;
  out.performance_factor = assessment_score ? params.performance.factor(*assessment_score) : 1.0;
  if (!out.balance.is_negative()) {
    out.kept_share = params.retention.times(out.performance_factor);
    out.retained = out.kept_share.of(out.balance, mode);
    out.returned = out.balance - out.retained;
    out.alliance_result = out.retained;
  } else {
    const Money overspend = -out.balance;
    walk_corridor(params.overspend, out.budget, overspend, mode,
                  [&](Money, Money insurer) { out.overspend_insurer += insurer; });
    out.overspend_alliance = overspend - out.overspend_insurer;
    out.alliance_result = -out.overspend_alliance;
  }
  return out;
}

GlobalBudgetSettlement settle_global_budget(const GlobalBudgetParameters& params,
                                            const GlobalBudgetInput& input) {
  ProblemList problems;
  problems.append(params.check());
  problems.append(input.check(params));
  problems.throw_if_any("global_budget");

  const Rounding mode = params.rounding;
  const int year = input.year;
  const std::string& alliance = input.alliance;
  GlobalBudgetSettlement out;
  Ledger& ledger = out.ledger;
  ledger.reserve(8 + input.care.size() + input.members.size());

  const GlobalBudgetOutcome o = global_budget_outcome(
      params, input.in_county_spending, input.out_of_county_spending, input.last_year_spending,
      input.assessment_score, input.contracted_share.value_or(Share(1.0)));
  out.budget = o.budget;
  out.prepaid = o.prepaid;
  out.instalments =
      add_quarterly_instalments(ledger, year, fund_party, alliance, TransferKind::prepayment, out.prepaid);
  ledger.add_net(year, 0, fund_party, out_of_county_party, TransferKind::claim_payment,
                 input.out_of_county_spending);

  out.charged_spending = o.charged_spending;
  out.balance = o.balance;
  out.performance_factor = o.performance_factor;
  out.retained = o.retained;
  out.returned = o.returned;
  out.alliance_result = o.alliance_result;
  if (!out.balance.is_negative()) out.kept_share = o.kept_share;
  out.overspend =
      share_overspend(params.overspend, out.budget, out.balance.is_negative() ? -out.balance : Money{}, mode);

  if (params.basis == YearEndBasis::spending) {
    ledger.add_net(year, 0, fund_party, alliance, TransferKind::year_end_settlement,
                   input.in_county_spending - out.prepaid);
    ledger.add_net(year, 0, fund_party, alliance, TransferKind::surplus_retained, out.retained);
    ledger.add_net(year, 0, alliance, fund_party, TransferKind::overspend_alliance, out.overspend.alliance);
  } else {
    // The package, plus the in-county claims outside it (those of residents
    // the scope leaves out), less the out-of-county claims it bears.
    ledger.add_net(year, 0, fund_party, alliance, TransferKind::year_end_settlement,
                   out.budget + input.in_county_spending - out.charged_spending - out.prepaid);
    ledger.add_net(year, 0, alliance, fund_party, TransferKind::surplus_returned, out.returned);
    ledger.add_net(year, 0, fund_party, alliance, TransferKind::overspend_insurer, out.overspend.insurer);
  }

  record_internal_allocation(ledger, year, alliance, input.care);
  if (params.distribution) {
    out.distribution = distribute(*params.distribution, out.alliance_result, input.members);
    record_distribution(ledger, year, alliance, *out.distribution);
  }
  return out;
}

}  // namespace ygt
