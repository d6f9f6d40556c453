#pragma once
/// \file
/// How a year's budget or benchmark is set: a fixed amount, or last year's
/// spending grown by a rate (a rolling budget).

#include <optional>
#include <vector>

#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"

namespace ygt {

/// How the year's budget `B` is set: a fixed amount, or a rolling budget.
///
/// Rolling: `B = last year's actual fund spending * (1 + growth)` (Kedong sets
/// it from last year's fund spending, Luohu from last year's spending on
/// contracted residents plus the average growth: see `BudgetScope`). Exactly
/// one of the two fields is set.
struct BudgetRule {
  /// Path `amount`: a fixed budget, yuan, >= 0.
  std::optional<Money> amount;
  /// Path `rolling_growth`: the change over last year's spending, > -1 (a fall
  /// of 100% or more is impossible).
  std::optional<double> rolling_growth;

  [[nodiscard]] static BudgetRule fixed(Money amount) { return {amount, std::nullopt}; }
  [[nodiscard]] static BudgetRule rolling(double growth) { return {std::nullopt, growth}; }

  /// Every problem, paths relative to the rule; both or neither field set is a
  /// problem at the rule's own path (empty).
  [[nodiscard]] std::vector<Problem> check() const;
  /// The budget: `amount`, or `last + last * growth` with the growth term
  /// rounded by `mode`. Throws `std::invalid_argument` for a rolling rule
  /// without `last_year_spending`.
  [[nodiscard]] Money budget(std::optional<Money> last_year_spending, Rounding mode) const;
};

}  // namespace ygt
