#pragma once
/// \file
/// Surplus distribution (结余分配): what an alliance keeps, or owes, split across
/// tiers by ratios and within a tier across its institutions.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/core/tier.hpp"
#include "yigongti/payment/ledger.hpp"

namespace ygt {

/// What a tier's part is split by among the tier's institutions.
enum class DistributionBasis : unsigned char {
  workload,  ///< 工作量: each institution's workload (visits, weighted services; any unit)
  score,     ///< 绩效得分: each institution's performance score
};

/// The names of the values of `DistributionBasis` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(DistributionBasis) noexcept {
  return detail::enum_names<DistributionBasis>("workload", "score");
}

/// How a surplus (or a loss) is split among an alliance's member institutions.
///
/// Tier shares are data, not policy constants: Suixi split its alliance package
/// surplus county : township : village = 6 : 3 : 1, while two sources give its
/// chronic-disease package 2 : 5 : 3 and 2.5 : 3 : 1. A ratio of 0 gives the
/// tier nothing. Equation: `tier part = amount * ratio[tier] / sum(ratios)`,
/// `institution part = tier part * weight / sum(weights in the tier)`, both by
/// the largest-remainder method (`ygt::split`) so every part sums to its whole
/// to the fen.
struct DistributionRule {
  /// Relative share of each tier (any positive scale: 6, 3, 1 or 0.6, 0.3, 0.1);
  /// path `ratios.<tier>`. `out_of_county` must be 0: nothing is distributed outside the county.
  PerTier<double> ratios{};
  /// How a tier's part is split among its institutions; path `basis`.
  DistributionBasis basis = DistributionBasis::workload;

  /// Every problem, paths relative to the rule: negative or non-finite ratios,
  /// all ratios zero, a ratio for `out_of_county`.
  [[nodiscard]] std::vector<Problem> check() const;
};

/// An institution that takes part in a distribution.
struct AllianceMember {
  std::string id;
  Tier tier = Tier::township;
  double workload = 0.0;  ///< >= 0, any unit shared by the members
  double score = 0.0;     ///< >= 0, the performance score
};

/// Every problem with `members` for `rule`, paths `members[i].id`, ... and
/// `members`: invalid or duplicate ids, out_of_county members, negative or
/// non-finite workloads or scores, a tier with a positive ratio but no member,
/// or whose members all weigh zero on the rule's basis. A ratio that is not a
/// finite positive number counts as no ratio here (`DistributionRule::check`
/// reports it).
[[nodiscard]] std::vector<Problem> check_members(const DistributionRule& rule,
                                                 std::span<const AllianceMember> members);

/// One institution's part of a distribution: positive received, negative owed.
struct MemberAmount {
  std::string id;
  Tier tier = Tier::township;
  Money amount;
};

/// The result of splitting an amount: the whole, by tier and by member.
struct Distribution {
  Money amount;                       ///< what was split (positive kept, negative owed)
  PerTier<Money> by_tier{};           ///< each tier's part; sums to `amount`
  std::vector<MemberAmount> members;  ///< each member's part, in input order; sums to `amount`
};

/// Splits `amount` by `rule` among `members`: first across tiers by ratio, then
/// within each tier by workload or score. Ties of the largest-remainder method
/// go to the lower tier and to the earlier member. Throws `InputError` listing
/// every problem of `rule` and `members`.
[[nodiscard]] Distribution distribute(const DistributionRule& rule, Money amount,
                                      std::span<const AllianceMember> members);

/// Records `distribution` in `ledger` as `distribution` transfers at year end:
/// `holder -> member` for a positive part, `member -> holder` for a negative
/// one. A part of the holder itself (a holder that is also a member) moves
/// nothing and is not recorded.
void record_distribution(Ledger& ledger, int year, std::string_view holder, const Distribution& distribution);

/// Every problem with `care`, each member's fund-payable care that one purse
/// passes on (`record_internal_allocation`), paths `care[i].id`,
/// `care[i].amount` and `care`: invalid or repeated ids, negative amounts,
/// and a sum other than `whole` (with `at_most`, a sum above it). `whole_name`
/// names the whole in the message (`in_county_spending`).
[[nodiscard]] std::vector<Problem> check_care(std::span<const MemberAmount> care, Money whole,
                                              std::string_view whole_name, bool at_most = false);

/// Records one purse passing on what its members' care cost, as
/// `internal_allocation` transfers at year end: `holder -> member` of each
/// positive amount of `care` (each member's fund-payable care), nothing for a
/// zero amount or for the holder itself. The same rows whatever the scheme:
/// a global budget's reimbursed spending, a capitation package's covered care,
/// a shared-savings ACO's claims.
void record_internal_allocation(Ledger& ledger, int year, std::string_view holder,
                                std::span<const MemberAmount> care);

}  // namespace ygt
