#pragma once
/// \file
/// Capitation (按人头付费): a per-head rate for enrolled residents, packaged to a
/// holder for named service lines and prepaid quarterly.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/payment/distribution.hpp"
#include "yigongti/payment/ledger.hpp"

namespace ygt {

/// The rules of a capitation package.
///
/// Suixi packages chronic-disease money per head to its township centres;
/// Kedong prepays per head each quarter. Equation (yuan):
///
///     package  C = rate_per_head * enrolled, prepaid in four quarterly instalments
///     balance  S = C - spending on the covered lines   (surplus if >= 0, deficit if < 0)
///
/// The holder keeps a surplus and bears a deficit (超支不补、结余留用); with a
/// distribution rule the balance is split among member institutions.
struct CapitationParameters {
  Money rate_per_head;  ///< path `rate_per_head`: yuan per enrolled resident per year, >= 0
  /// Path `service_lines[i]`: ids of the covered lines, at least one.
  std::vector<std::string> service_lines;
  std::optional<DistributionRule> distribution;  ///< path `distribution`
  /// Path `enrolled`: the residents enrolled, >= 0, when a year's figures
  /// give none; none means the family-doctor contracted residents (coverage x
  /// population) in projections.
  std::optional<std::int64_t> enrolled;

  /// Every problem, paths relative to the scheme.
  [[nodiscard]] std::vector<Problem> check() const;
};

/// Spending on one covered line at one provider, fund-payable, yuan.
struct CapitatedSpending {
  std::string line;      ///< a covered service line
  std::string provider;  ///< the institution that gave the care, the holder itself, or `out_of_county`
  Money amount;
};

/// The figures of one holder's year.
struct CapitationInput {
  int year = 0;
  std::string holder;                       ///< path `holder`: alliance or township-centre id
  std::int64_t enrolled = 0;                ///< path `enrolled`: contracted residents, >= 0
  std::vector<CapitatedSpending> spending;  ///< path `spending[i]`
  std::vector<AllianceMember> members;      ///< required by a distribution
  /// Path `internal[i]`: the member institutions of a holder that is one
  /// purse (an alliance with unified finance). Their covered care is passed on
  /// by `internal_allocation` rows instead of `claim_payment` rows.
  std::vector<std::string> internal;

  /// Every problem, paths relative to the input: negative amounts or counts,
  /// spending on a line the package does not cover, invalid ids.
  [[nodiscard]] std::vector<Problem> check(const CapitationParameters& params) const;
};

/// The settlement of a capitation year.
///
/// Cash flows recorded in `ledger`:
///
/// - `capitation_prepayment` fund -> holder, quarters 1..4: the instalments of `C`.
/// - `claim_payment` holder -> provider, year end: the holder pays, out of the
///   package, the care other providers gave on the covered lines (its own care
///   is no transfer), one row per spending entry.
///   For a provider listed in `internal` the row is an `internal_allocation`
///   instead: one purse passing the package on to its member.
/// - with a distribution: `distribution` holder -> member of each part of a
///   surplus, or member -> holder of each part of a deficit.
///
/// Invariants: the fund pays out exactly `C`; the holder's balance before
/// distribution is `C - spending at other providers and members`, i.e. its own
/// care plus `S`; a member's inflow is its covered care plus its distribution part.
struct CapitationSettlement {
  Money package;  ///< C
  std::array<Money, 4> instalments{};
  Money spending;                            ///< on the covered lines, all providers
  Money balance;                             ///< S = package - spending
  Money surplus;                             ///< max(S, 0)
  Money deficit;                             ///< max(-S, 0)
  std::optional<Distribution> distribution;  ///< the split of `balance`
  Ledger ledger;
};

/// Settles one holder's year. Throws `InputError` listing every problem of
/// `params` and `input`.
[[nodiscard]] CapitationSettlement settle_capitation(const CapitationParameters& params,
                                                     const CapitationInput& input);

}  // namespace ygt
