#include "yigongti/payment/shared_savings.hpp"

#include <algorithm>
#include <cmath>
#include "payment/checks.hpp"

namespace ygt {

std::vector<Problem> LossRateRule::check() const {
  ProblemList problems;
  fixed_rate.check(problems, "fixed_rate");
  const std::size_t before = problems.size();
  floor.check(problems, "floor");
  ceiling.check(problems, "ceiling");
  if (problems.size() == before && floor.value() > ceiling.value()) {
    problems.add("ceiling", "ceiling " + ceiling.to_string() + " is below floor " + floor.to_string(),
                 "ceiling >= floor");
  }
  return problems.problems();
}

Share LossRateRule::rate(Share sharing_rate, Share quality) const {
  if (!quality_linked) return fixed_rate;
  const double linked = 1.0 - sharing_rate.value() * quality.value();
  if (linked <= floor.value()) return floor;
  if (linked >= ceiling.value()) return ceiling;
  return Share(linked);
}

std::vector<Problem> SharedSavingsParameters::check() const {
  ProblemList problems;
  minimum_savings_rate.check(problems, "minimum_savings_rate");
  minimum_loss_rate.check(problems, "minimum_loss_rate");
  sharing_rate.check(problems, "sharing_rate");
  problems.append(loss_rate.check(), "loss_rate");
  performance_payment_cap.check(problems, "performance_payment_cap");
  loss_cap.check(problems, "loss_cap");
  problems.append(benchmark.check(), "benchmark");
  if (benchmark.amount && !(Money{} < *benchmark.amount))
    problems.add("benchmark.amount", "benchmark " + benchmark.amount->to_string(), "an amount > 0");
  quality.check(problems, "quality");
  return problems.problems();
}

std::vector<Problem> SharedSavingsInput::check(const SharedSavingsParameters& params) const {
  ProblemList problems;
  check_holder(problems, "aco", aco);
  check_non_negative(problems, "spending", spending);
  if (quality) quality->check(problems, "quality");
  if (!care.empty()) problems.append(check_care(care, spending, "spending", true));
  if (last_year_spending) {
    check_non_negative(problems, "last_year_spending", *last_year_spending);
  } else if (params.benchmark.rolling_growth && !params.benchmark.amount) {
    problems.add("last_year_spending", "missing", "last year's actual spending, for a rolling benchmark");
  }
  if (problems.empty() && params.benchmark.check().empty()) {
    const Money b = params.benchmark.budget(last_year_spending, params.rounding);
    if (!(Money{} < b)) problems.add("benchmark", "benchmark " + b.to_string(), "an amount > 0");
  }
  return problems.problems();
}

SharedSavingsSettlement shared_savings_outcome(const SharedSavingsParameters& params, Money benchmark,
                                               Money spending, Share quality) {
  const Rounding mode = params.rounding;
  SharedSavingsSettlement out;
  out.benchmark = benchmark;
  out.savings = benchmark - spending;
  out.savings_rate = static_cast<double>(out.savings.fen()) / static_cast<double>(benchmark.fen());
  out.final_sharing_rate = params.sharing_rate.times(quality.value());
  out.loss_rate = params.loss_rate.rate(params.sharing_rate, quality);
  if (!out.savings.is_negative()) {
    const Money threshold = params.minimum_savings_rate.of(benchmark, mode);
    out.minimum_met = out.savings >= threshold;
    if (out.minimum_met) {
      const Money earned = out.final_sharing_rate.of(out.savings, mode);
      const Money cap = params.performance_payment_cap.of(benchmark, mode);
      out.capped = earned > cap;
      out.shared = std::min(earned, cap);
    }
  } else {
    const Money loss = -out.savings;
    const Money threshold = params.minimum_loss_rate.of(benchmark, mode);
    out.minimum_met = loss >= threshold;
    if (out.minimum_met) {
      const Money due = out.loss_rate.of(loss, mode);
      const Money cap = params.loss_cap.of(benchmark, mode);
      out.capped = due > cap;
      out.owed = std::min(due, cap);
    }
  }

  return out;
}

SharedSavingsSettlement settle_shared_savings(const SharedSavingsParameters& params,
                                              const SharedSavingsInput& input) {
  ProblemList problems;
  problems.append(params.check());
  problems.append(input.check(params));
  problems.throw_if_any("shared_savings");

  SharedSavingsSettlement out =
      shared_savings_outcome(params, params.benchmark.budget(input.last_year_spending, params.rounding),
                             input.spending, input.quality.value_or(params.quality));
  out.ledger.reserve(3 + input.care.size());
  out.ledger.add_net(input.year, 0, fund_party, input.aco, TransferKind::claim_payment, input.spending);
  record_internal_allocation(out.ledger, input.year, input.aco, input.care);
  out.ledger.add_net(input.year, 0, fund_party, input.aco, TransferKind::shared_savings_payment, out.shared);
  out.ledger.add_net(input.year, 0, input.aco, fund_party, TransferKind::shared_loss_repayment, out.owed);
  return out;
}

}  // namespace ygt
