#pragma once
/// \file
/// Global budget (总额预算): a year's fund budget handed to the alliance, prepaid
/// quarterly, with the surplus partly kept (结余留用) and an overspend shared
/// within limits (合理超支分担).

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/payment/budget_rule.hpp"
#include "yigongti/payment/distribution.hpp"
#include "yigongti/payment/ledger.hpp"
#include "yigongti/payment/performance.hpp"
#include "yigongti/payment/share.hpp"

namespace ygt {

/// One band of an overspend corridor.
///
/// Overspend up to `up_to * B` beyond the previous band's limit is borne by the
/// insurer at `insurer_share` and by the alliance at the rest.
struct OverspendBand {
  double up_to = 0.0;   ///< upper limit of the band as a fraction of the budget, > 0
  Share insurer_share;  ///< the fund's share of the band's slice, in [0, 1]
};

/// Who bears an overspend `O` of a budget `B` (合理超支分担).
///
/// Band `i` covers overspend in `(L[i-1], L[i]]` with `L[i] = B * up_to[i]`
/// rounded to the fen (`L[-1] = 0`); its slice is `clamp(O - L[i-1], 0, L[i] - L[i-1])`
/// and the insurer bears `slice * insurer_share[i]`, rounded. Past the last
/// band (`beyond`) the alliance bears everything. `insurer + alliance = O`; both
/// are non-decreasing in `O`.
struct OverspendSharing {
  Money overspend;
  std::vector<Money> slices;           ///< per band
  std::vector<Money> insurer_by_band;  ///< per band
  Money beyond;                        ///< overspend past the last band
  Money insurer;                       ///< the fund's part
  Money alliance;                      ///< the alliance's part: `overspend - insurer`
};

/// Shares `overspend` (>= 0) of `budget` along `corridor` (checked by
/// `GlobalBudgetParameters::check`); throws `std::invalid_argument` for a
/// negative budget or overspend.
[[nodiscard]] OverspendSharing share_overspend(std::span<const OverspendBand> corridor, Money budget,
                                               Money overspend, Rounding mode = Rounding::half_even);

/// How the year-end settlement moves the money (both give the same figures).
enum class YearEndBasis : unsigned char {
  /// 按实际支出清算: the fund reimburses the alliance's in-county spending, then
  /// pays it the kept surplus (`surplus_retained`) or recovers the alliance's
  /// share of an overspend (`overspend_alliance`).
  spending,
  /// 打包付费: the fund pays the whole budget package; the alliance hands back
  /// the surplus it may not keep (`surplus_returned`) or receives the fund's
  /// share of an overspend (`overspend_insurer`).
  budget,
};

/// The names of the values of `YearEndBasis` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(YearEndBasis) noexcept {
  return detail::enum_names<YearEndBasis>("spending", "budget");
}

/// Whose spending a global budget covers (预算口径).
enum class BudgetScope : unsigned char {
  /// Every resident: the alliance is charged its institutions' spending and its
  /// residents' spending outside the county.
  all_residents,
  /// 签约居民: the residents contracted with a family doctor (Luohu sets the
  /// budget from last year's fund spending on them plus the average growth).
  /// The alliance is charged `contracted_share` of what it would be charged for
  /// every resident; the other residents' claims are paid as incurred. A rolling
  /// budget's last-year spending is then that on this year's contracted residents.
  contracted_residents,
};

/// The names of the values of `BudgetScope` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(BudgetScope) noexcept {
  return detail::enum_names<BudgetScope>("all_residents", "contracted_residents");
}

/// The rules of a global budget (总额预算、季度预拨、结余留用、合理超支分担).
///
/// Equations (`B` budget, `p` prepaid share, `I` in-county spending, `X`
/// out-of-county spending, all fund-payable, yuan; `c` the contracted share):
///
///     prepaid    P = B * p, in four quarterly instalments
///     charged    C = I + (X if out_of_county_deducted)        scope all_residents
///                C = c * (I + (X if out_of_county_deducted))  scope contracted_residents, rounded once
///     balance    S = B - C
///     S >= 0:    kept     K = S * retention * performance_factor(score);  returned = S - K
///     S <  0:    overspend O = -S shared along `overspend` (see OverspendSharing)
///
/// Defaults: 90% prepaid (Zhoukou), the alliance keeps all of a surplus and
/// bears all of an overspend (Luohu), out-of-county spending deducted.
struct GlobalBudgetParameters {
  BudgetRule budget;                            ///< path `budget`
  Share prepay_share = 0.9;                     ///< path `prepay_share`
  Share retention = 1.0;                        ///< path `retention`
  bool out_of_county_deducted = true;           ///< 县外费用从打包资金中扣除
  std::vector<OverspendBand> overspend;         ///< path `overspend[i]`; `up_to` strictly increasing
  PerformanceMapping performance;               ///< path `performance`
  YearEndBasis basis = YearEndBasis::spending;  ///< path `basis`: which transfers carry the result
  /// Path `distribution`: how what the alliance keeps, or owes, is split among its members.
  std::optional<DistributionRule> distribution;
  /// Path `scope`: whose spending the budget covers and the alliance is charged.
  BudgetScope scope = BudgetScope::all_residents;
  /// Path `assessment_score`: the score assumed when a year's figures give
  /// none (projections); none means a performance factor of 1. Within the
  /// performance mapping's score range.
  std::optional<double> assessment_score;
  Rounding rounding = Rounding::half_even;  ///< rounding of every scaled amount

  /// Every problem, paths relative to the scheme (`retention`, `overspend[1].up_to`,
  /// `assessment_score`, ...).
  [[nodiscard]] std::vector<Problem> check() const;
};

/// The figures of one alliance's year.
struct GlobalBudgetInput {
  int year = 0;
  std::string alliance;                     ///< path `alliance`: the alliance id (its party name)
  Money in_county_spending;                 ///< fund-payable claims at the alliance's institutions, >= 0
  Money out_of_county_spending;             ///< fund-payable claims of residents outside the county, >= 0
  std::optional<Money> last_year_spending;  ///< required by a rolling budget, >= 0
  std::optional<double> assessment_score;   ///< 考核得分; none means a performance factor of 1
  std::vector<AllianceMember> members;      ///< required by a distribution
  /// The share of the spending that is on contracted residents, in [0, 1];
  /// required by scope `contracted_residents`, unused otherwise.
  std::optional<Share> contracted_share;
  /// One purse: each member institution's fund-payable care, summing to
  /// `in_county_spending` exactly; the alliance passes it on by
  /// `internal_allocation`. Empty: the alliance keeps it (no such rows).
  std::vector<MemberAmount> care;

  /// Every problem, paths relative to the input (`in_county_spending`, `members[2].id`, `care[0].amount`,
  /// ...).
  [[nodiscard]] std::vector<Problem> check(const GlobalBudgetParameters& params) const;
};

/// The settlement of a global budget year.
///
/// Cash flows recorded in `ledger` (`fund` = the insurance fund; in-county
/// spending is the alliance's own: its institutions are members under unified
/// finance, so paying them is no transfer):
///
/// - `prepayment` fund -> alliance, quarters 1..4: the instalments of `P`.
/// - `claim_payment` fund -> out_of_county, year end: out-of-county claims,
///   always paid by the fund to the providers; when deducted they count against
///   the alliance through `S`.
/// - basis `spending`: `year_end_settlement` fund -> alliance of `I - P`
///   (alliance -> fund when the prepayments exceeded the spending); then
///   `surplus_retained` fund -> alliance of `K`, or `overspend_alliance`
///   alliance -> fund of the alliance's share.
/// - basis `budget`: `year_end_settlement` fund -> alliance of
///   `B + I - C - P` (back when negative): the package, plus the in-county
///   claims outside it, less the out-of-county claims it bears; for every
///   resident that is `B - (X if deducted) - P`. Then `surplus_returned`
///   alliance -> fund of `S - K`, or `overspend_insurer` fund -> alliance of the
///   fund's share.
/// - with `care`: `internal_allocation` alliance -> member, year end, of each
///   member's care `I_m` (one purse paying its members for the care they
///   gave; the parts are the input's, summing to `I`).
/// - with a distribution: `distribution` alliance -> member of each part of
///   `K` (or member -> alliance of each part of the alliance's overspend share).
///
/// Either way nothing is created or lost: before internal allocation and
/// distribution the alliance's ledger balance is `I + kept - alliance_overspend`
/// (it is made whole for its spending and gains or loses its result); after
/// them a member's inflow is `I_m` plus its part of `K`, and the fund pays out
/// `I + X + kept - alliance_overspend`, which is `B + (I + X - C) - returned`
/// or `B + (I + X - C) + insurer_overspend` (`I + X - C` is `X` not deducted,
/// for every resident).
struct GlobalBudgetSettlement {
  Money budget;   ///< B
  Money prepaid;  ///< P
  std::array<Money, 4> instalments{};
  Money charged_spending;  ///< C: I + (X if deducted), times the contracted share by scope
  Money balance;           ///< S = B - charged_spending
  double performance_factor = 1.0;
  Share kept_share;                          ///< retention * performance_factor
  Money retained;                            ///< K (0 when S < 0)
  Money returned;                            ///< S - K (0 when S < 0)
  OverspendSharing overspend;                ///< all zero when S >= 0
  Money alliance_result;                     ///< what the alliance gains: K, or minus its overspend share
  std::optional<Distribution> distribution;  ///< the split of `alliance_result`
  Ledger ledger;
};

/// The figures of a global-budget year without its ledger: what
/// `settle_global_budget` computes, for loops that need only the numbers.
struct GlobalBudgetOutcome {
  Money budget;            ///< B
  Money prepaid;           ///< P
  Money charged_spending;  ///< C: I + (X if deducted), times the contracted share by scope
  Money balance;           ///< S
  double performance_factor = 1.0;
  Share kept_share;          ///< retention * performance_factor (0 when S < 0)
  Money retained;            ///< K
  Money returned;            ///< S - K
  Money overspend_insurer;   ///< the fund's share of an overspend
  Money overspend_alliance;  ///< the alliance's share of an overspend
  Money alliance_result;     ///< K, or minus the alliance's overspend share
};

/// The figures of one year from figures already checked (`params.check()` and
/// `GlobalBudgetInput::check` pass), allocating nothing. `settle_global_budget`
/// computes its figures with this function, so the two always agree.
/// `contracted_share` is used by scope `contracted_residents` only.
[[nodiscard]] GlobalBudgetOutcome global_budget_outcome(const GlobalBudgetParameters& params,
                                                        Money in_county_spending,
                                                        Money out_of_county_spending,
                                                        std::optional<Money> last_year_spending,
                                                        std::optional<double> assessment_score,
                                                        Share contracted_share = Share(1.0));

/// Settles one alliance's year. Throws `InputError` listing every problem of
/// `params` and `input`.
[[nodiscard]] GlobalBudgetSettlement settle_global_budget(const GlobalBudgetParameters& params,
                                                          const GlobalBudgetInput& input);

}  // namespace ygt
