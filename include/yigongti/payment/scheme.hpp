#pragma once
/// \file
/// A payment scheme as a scenario declares it, the actual figures of one year,
/// and the settlement of any scheme into one result with its ledger.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "yigongti/core/county.hpp"
#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/payment/capitation.hpp"
#include "yigongti/payment/dip.hpp"
#include "yigongti/payment/fee_for_service.hpp"
#include "yigongti/payment/global_budget.hpp"
#include "yigongti/payment/ledger.hpp"
#include "yigongti/payment/shared_savings.hpp"

namespace ygt {

/// Which scheme: the snake_case names of the `scheme` key.
enum class SchemeKind : unsigned char { fee_for_service, global_budget, capitation, dip, shared_savings };

/// The names of the values of `SchemeKind` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(SchemeKind) noexcept {
  return detail::enum_names<SchemeKind>("fee_for_service", "global_budget", "capitation", "dip",
                                        "shared_savings");
}

/// One payment scheme of a scenario, in force from `from` to `to` (both included).
///
/// Several schemes may be in force side by side (a global budget and a chronic-
/// disease capitation); a year with none in force is paid fee for service.
struct PaymentScheme {
  std::string id;       ///< names the scheme in outputs; defaults to the scheme's name
  int from = -1000000;  ///< first year in force
  int to = 1000000;     ///< last year in force
  /// The party the scheme pays: the alliance of a global budget, the ACO of
  /// shared savings, the holder of a capitation package.
  std::string party;
  std::variant<FeeForServiceParameters, GlobalBudgetParameters, CapitationParameters, DipParameters,
               SharedSavingsParameters>
      parameters;
  /// Global budget: the assessment score assumed in projections (none: factor 1).
  std::optional<double> assessment_score;
  /// Shared savings: how the benchmark is set (fixed, or last year's spending x (1 + growth)).
  BudgetRule benchmark;
  /// Shared savings: the quality score assumed in projections.
  Share quality = 1.0;
  /// Capitation: enrolled residents; none means the family-doctor contracted
  /// residents (coverage x population) in projections.
  std::optional<std::int64_t> enrolled;

  [[nodiscard]] SchemeKind kind() const noexcept { return static_cast<SchemeKind>(parameters.index()); }
  [[nodiscard]] bool in_force(int year) const noexcept { return year >= from && year <= to; }
};

/// Checks schemes against the county: parties and institutions resolve, ids
/// unique, years in order, each scheme's own parameter checks. Paths are
/// relative to the list (`[1].retention`).
[[nodiscard]] std::vector<Problem> check_payment(const std::vector<PaymentScheme>& schemes,
                                                 const County& county);

/// The actual figures of one year, as a stand-alone settlement gives them.
struct YearActuals {
  int year = 0;
  /// Fund-payable spending per institution id (in-county care), yuan.
  std::map<std::string, Money> fund_spending;
  /// Fund-payable spending on residents' care outside the county.
  Money out_of_county;
  /// The same by alliance id, where a county has several alliances with their
  /// own budgets; when given, a global budget is charged its alliance's part.
  std::map<std::string, Money> out_of_county_by_alliance;
  /// Last year's actual fund spending (rolling budgets and benchmarks); for a
  /// global budget on contracted residents, last year's spending on them.
  std::optional<Money> last_year_spending;
  std::optional<double> assessment_score;
  /// Global budgets on contracted residents: the share of the spending that is
  /// on residents with a family-doctor contract (in projections, the year's
  /// family-doctor coverage).
  std::optional<Share> contracted_share;
  /// Workload and performance score per institution id (for distributions).
  std::map<std::string, double> workload;
  std::map<std::string, double> scores;
  /// Capitation: enrolled residents and spending on the covered lines.
  std::optional<std::int64_t> enrolled;
  std::vector<CapitatedSpending> capitated_spending;
  /// DIP cases and fee-for-service claims.
  std::vector<DipCase> dip_cases;
  std::vector<ServiceClaim> claims;
  /// Shared savings: the year's spending against the benchmark and the quality score.
  std::optional<Money> aco_spending;
  std::optional<Share> quality;
};

/// One figure of a settlement, for tables: a label and an amount, or a ratio.
struct SettlementFigure {
  std::string name;
  std::variant<Money, double> value;
};

/// The settlement of one scheme for one year.
struct SchemeSettlement {
  std::string scheme_id;
  SchemeKind kind = SchemeKind::fee_for_service;
  std::vector<SettlementFigure> figures;  ///< budget, balance, retained, ... by scheme
  Ledger ledger;
  /// What the alliance (or holder) keeps; negative when it bears a loss.
  Money alliance_result;
  /// The budget, balance, amount kept and amount recovered by the fund, for the
  /// indicators `budget`, `balance`, `alliance_retained`, `insurer_recovered`.
  Money budget;
  Money balance;
  Money retained;
  Money recovered;
};

/// The members of `alliance` as distribution takes them: each lead and member
/// with its tier, workload and score from `actuals` (0 when not given).
[[nodiscard]] std::vector<AllianceMember> alliance_members(const County& county, const Alliance& alliance,
                                                           const YearActuals& actuals);

/// Settles `scheme` on `actuals`. Throws `InputError` for figures the scheme
/// cannot use (paths relative to the actuals: `fund_spending.xyz`).
[[nodiscard]] SchemeSettlement settle(const PaymentScheme& scheme, const YearActuals& actuals,
                                      const County& county);

}  // namespace ygt
