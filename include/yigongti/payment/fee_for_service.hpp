#pragma once
/// \file
/// Fee for service (按项目付费): the fund pays each claim as incurred; the
/// baseline the alliance reforms move away from.

#include <optional>
#include <string>
#include <vector>

#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/core/tier.hpp"
#include "yigongti/payment/ledger.hpp"
#include "yigongti/payment/share.hpp"

namespace ygt {

/// The reimbursement rates of fee-for-service payment.
///
/// The fund pays each claim its fund share (报销): the share the claim carries
/// when it has one (`ServiceClaim::fund_share`: a projection's claims carry
/// the flow model's, from `insurance`), else `eligible cost * reimbursement[tier]`;
/// the patient pays the rest. There is no budget and no balance: the fund bears
/// whatever volume the institutions bill.
struct FeeForServiceParameters {
  /// Share of eligible cost the fund pays at each tier, for claims without a
  /// fund share; path `reimbursement.<tier>`. A tier without a rate pays only
  /// claims that carry their fund share.
  PerTier<std::optional<Share>> reimbursement{};
  /// Rounding of each claim's fund share to the fen.
  Rounding rounding = Rounding::half_even;

  /// Every problem, paths relative to the scheme: a rate outside [0, 1].
  [[nodiscard]] std::vector<Problem> check() const;
};

/// What one institution billed for a period: the eligible cost of its claims.
///
/// The amount is the eligible cost (all payers, before reimbursement), so that
/// the same claims can be settled under different reimbursement rates.
struct ServiceClaim {
  std::string institution;  ///< the payee: an institution id, or `out_of_county`
  Tier tier = Tier::township;
  int quarter = 0;  ///< 1..4 when billed during the year, 0 at year end
  Money eligible_cost;
  /// The part of `eligible_cost` the fund pays, when known (the flow model's
  /// in a projection, an actual settled amount in a settlement file); else
  /// the scheme's rate for the tier applies.
  std::optional<Money> fund_share;
};

/// The claims of one year.
struct FeeForServiceInput {
  int year = 0;
  std::vector<ServiceClaim> claims;

  /// Every problem, paths `claims[i].institution`, `claims[i].quarter`,
  /// `claims[i].eligible_cost`, `claims[i].fund_share` (negative, above the
  /// eligible cost, or missing where `params` has no rate for the claim's tier).
  [[nodiscard]] std::vector<Problem> check(const FeeForServiceParameters& params) const;
};

/// The result of a fee-for-service year.
///
/// Ledger: one `claim_payment` transfer `fund -> institution` per claim with a
/// non-zero fund share, in the claim's quarter. Invariants: the fund's outflow
/// is `fund_payment`; `fund_payment + out_of_pocket = eligible_cost`.
struct FeeForServiceSettlement {
  std::vector<Money> fund_share;  ///< per claim, in input order
  Money eligible_cost;            ///< sum of the claims
  Money fund_payment;             ///< sum of `fund_share`
  Money out_of_pocket;            ///< eligible cost the patients pay
  Ledger ledger;
};

/// Settles `input` under `params`. Throws `InputError` listing every problem of both.
[[nodiscard]] FeeForServiceSettlement settle_fee_for_service(const FeeForServiceParameters& params,
                                                             const FeeForServiceInput& input);

}  // namespace ygt
