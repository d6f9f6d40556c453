#pragma once
/// \file
/// Shared savings (the U.S. Medicare ACO form): providers paid fee for service
/// share the savings against a benchmark, and in two-sided models the losses.

#include <optional>
#include <string>
#include <vector>

#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/payment/budget_rule.hpp"
#include "yigongti/payment/distribution.hpp"
#include "yigongti/payment/ledger.hpp"
#include "yigongti/payment/share.hpp"

namespace ygt {

/// How the loss rate is set in a two-sided model.
///
/// Fixed: `loss_rate`. Quality-linked (the Medicare form): `1 - sharing_rate *
/// quality`, bounded to `[floor, ceiling]`, so better quality means a smaller
/// share of the losses.
struct LossRateRule {
  Share fixed_rate = 0.0;       ///< path `fixed_rate`: used when not quality-linked
  bool quality_linked = false;  ///< path `quality_linked`
  Share floor = 0.40;           ///< path `floor`
  Share ceiling = 0.75;         ///< path `ceiling`, >= floor

  /// Every problem, paths relative to the rule.
  [[nodiscard]] std::vector<Problem> check() const;
  /// The loss rate for `sharing_rate` and `quality`.
  [[nodiscard]] Share rate(Share sharing_rate, Share quality) const;
};

/// The rules of a shared-savings year.
///
/// Equations (`B` benchmark, `E` spending, `q` quality score in [0, 1], yuan):
///
///     savings  D = B - E                      (negative: a loss)
///     D >= B * minimum_savings_rate:  shared = min(D * sharing_rate * q, B * performance_payment_cap)
///     -D >= B * minimum_loss_rate:    owed   = min(-D * loss_rate, B * loss_cap)
///     otherwise nothing changes hands.
///
/// A minimum is met when the savings (or the loss) reach `B * rate` rounded to
/// the fen by `rounding`. Savings are shared from the first yuan once the
/// minimum rate is met (not only the part above it). Quality scales the sharing rate, as in the Medicare
/// Shared Savings Program's final sharing rate; at full quality the figure is
/// `sharing_rate * D`. `loss_cap` 0 makes the model one-sided.
struct SharedSavingsParameters {
  Share minimum_savings_rate = 0.02;     ///< path `minimum_savings_rate`
  Share minimum_loss_rate = 0.02;        ///< path `minimum_loss_rate`
  Share sharing_rate = 0.5;              ///< path `sharing_rate`
  LossRateRule loss_rate;                ///< path `loss_rate`
  Share performance_payment_cap = 0.10;  ///< path `performance_payment_cap`: fraction of B
  Share loss_cap = 0.0;                  ///< path `loss_cap`: fraction of B
  /// Path `benchmark`: how the benchmark `B` is set (fixed, or last year's
  /// spending x (1 + growth)); a fixed benchmark is > 0.
  BudgetRule benchmark;
  /// Path `quality`: the quality score assumed when a year's figures give none.
  Share quality = 1.0;
  Rounding rounding = Rounding::half_even;

  /// Every problem, paths relative to the scheme.
  [[nodiscard]] std::vector<Problem> check() const;
};

/// The figures of one ACO's year.
struct SharedSavingsInput {
  int year = 0;
  std::string aco;  ///< path `aco`: the ACO id
  Money spending;   ///< path `spending`: actual fee-for-service spending, >= 0
  /// Path `last_year_spending`: required by a rolling benchmark, >= 0.
  std::optional<Money> last_year_spending;
  /// Path `quality`: the year's quality score in [0, 1]; none: the parameters'.
  std::optional<Share> quality;
  /// An ACO that is one purse (an alliance with unified finance): each member
  /// institution's part of `spending`, summing to at most `spending` (the rest
  /// is care outside its members), passed on by `internal_allocation`.
  std::vector<MemberAmount> care;

  /// Every problem, paths relative to the input; also a benchmark that is not
  /// > 0 (path `benchmark`).
  [[nodiscard]] std::vector<Problem> check(const SharedSavingsParameters& params) const;
};

/// The settlement of a shared-savings year.
///
/// Cash flows recorded in `ledger`: `claim_payment` fund -> ACO of the year's
/// spending (the fee-for-service claims of its providers), then at year end
/// `shared_savings_payment` fund -> ACO of `shared` or `shared_loss_repayment`
/// ACO -> fund of `owed`; with `care`, `internal_allocation` ACO -> member of
/// each member's care. The ACO's balance is `spending - care + shared - owed`.
struct SharedSavingsSettlement {
  Money benchmark;            ///< B
  Money savings;              ///< D = B - E (negative: a loss)
  double savings_rate = 0.0;  ///< D / B
  bool minimum_met = false;   ///< the savings or the loss passed its minimum rate
  Share final_sharing_rate;   ///< sharing_rate * quality
  Share loss_rate;            ///< from the loss-rate rule
  Money shared;               ///< paid to the ACO, after the cap
  Money owed;                 ///< paid by the ACO, after the cap
  bool capped = false;        ///< the cap limited `shared` or `owed`
  Ledger ledger;
};

/// The figures of one ACO's year from checked figures (a benchmark > 0),
/// without the ledger and allocating nothing; `settle_shared_savings` computes
/// its figures with it.
[[nodiscard]] SharedSavingsSettlement shared_savings_outcome(const SharedSavingsParameters& params,
                                                             Money benchmark, Money spending, Share quality);

/// Settles one ACO's year. Throws `InputError` listing every problem of `params` and `input`.
[[nodiscard]] SharedSavingsSettlement settle_shared_savings(const SharedSavingsParameters& params,
                                                            const SharedSavingsInput& input);

}  // namespace ygt
