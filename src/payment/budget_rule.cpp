#include "yigongti/payment/budget_rule.hpp"

#include <cmath>
#include <stdexcept>

#include "core/text.hpp"
#include "payment/checks.hpp"

namespace ygt {

std::vector<Problem> BudgetRule::check() const {
  ProblemList problems;
  if (amount.has_value() == rolling_growth.has_value()) {
    problems.add(
        "",
        amount ? "both a fixed amount and a rolling growth" : "neither a fixed amount nor a rolling growth",
        "exactly one of amount and rolling_growth");
  }
  if (amount) check_non_negative(problems, "amount", *amount);
  if (rolling_growth) {
    const double g = *rolling_growth;
    if (!std::isfinite(g)) {
      problems.add("rolling_growth", "not a finite number", "a growth rate > -1");
    } else if (g <= -1.0) {
      problems.add("rolling_growth",
                   "a change of " + detail::number_text(g * 100.0) + "% would leave no budget",
                   "a growth rate > -1 (a fall of less than 100%)");
    }
  }
  return problems.problems();
}

Money BudgetRule::budget(std::optional<Money> last_year_spending, Rounding mode) const {
  if (amount) return *amount;
  if (!rolling_growth || !last_year_spending) {
    throw std::invalid_argument("ygt::BudgetRule::budget: a rolling budget needs last year's spending");
  }
  return *last_year_spending + last_year_spending->scaled(*rolling_growth, mode);
}

}  // namespace ygt
