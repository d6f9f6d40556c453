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
/// What belongs to one kind of scheme lives in its parameters.
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

  [[nodiscard]] SchemeKind kind() const noexcept { return static_cast<SchemeKind>(parameters.index()); }
  [[nodiscard]] bool in_force(int year) const noexcept { return year >= from && year <= to; }
};

/// Checks schemes against the county: parties and institutions resolve, ids
/// unique, years in order, each scheme's own parameter checks. Paths are
/// relative to the list (`[1].retention`).
[[nodiscard]] std::vector<Problem> check_payment(const std::vector<PaymentScheme>& schemes,
                                                 const County& county);

/// The four figures of a scheme's year that the indicators report, and what
/// its party gains: the scheme's outcome without its ledger.
struct SchemeOutcome {
  Money budget;     ///< the budget, the capitation package, the DIP pool or the shared-savings benchmark
  Money balance;    ///< the budget less what was charged against it (the savings of shared savings)
  Money retained;   ///< what the party keeps of a surplus (or is paid of shared savings)
  Money recovered;  ///< what goes back to the fund: the surplus not kept, the party's overspend or owed loss
  Money party_result;  ///< what the party gains: `retained`, or minus what it bears
  /// What the fund pays beyond (negative: short of) the fund spending of the
  /// care the scheme covers, had that care been paid as incurred: the party's
  /// result for a global budget, capitation (the package less the covered
  /// spending) and shared savings; for DIP the fund it pays out by points
  /// less the grouped lines' fund spending (`SchemeInput::dip_spending`); 0
  /// for fee for service.
  Money outlay_change;
};

/// What one scheme is settled on in one year, resolved for its party: from a
/// stand-alone settlement's actual figures (`scheme_input`) or from a projected
/// year's flows (`FlowMoney`). A scheme reads the fields of its kind only.
///
/// The totals are what `scheme_outcome` needs; the lists (`capitated_spending`
/// to `members`) only `settle`, for the ledger, and may stay empty otherwise.
struct SchemeInput {
  int year = 0;
  /// Global budget: fund-payable spending at the alliance's institutions.
  Money in_county_spending;
  /// Global budget: its residents' fund-payable spending outside the county.
  Money out_of_county_spending;
  /// Shared savings: the spending measured against the benchmark.
  Money total_spending;
  /// Capitation: fund-payable spending on the covered lines, all providers.
  Money capitated_total;
  /// DIP: the fund spending on the grouped lines at in-county settings, which
  /// the pool replaces (a projection's; 0 from a settlement file).
  Money dip_spending;
  /// Rolling budgets and benchmarks: what the party was charged last year.
  std::optional<Money> last_year_spending;
  /// Global budget: the year's assessment score; none: the scheme's own.
  std::optional<double> assessment_score;
  /// Global budget on contracted residents: their share of the spending.
  std::optional<Share> contracted_share;
  /// Capitation: the residents enrolled; none: the scheme's own, else 0.
  std::optional<std::int64_t> enrolled;
  /// Shared savings: the year's quality score; none: the scheme's own.
  std::optional<Share> quality;

  std::vector<CapitatedSpending> capitated_spending;  ///< capitation: by line and provider
  std::vector<DipCase> dip_cases;                     ///< DIP: the year's cases
  std::vector<ServiceClaim> claims;                   ///< fee for service: the year's claims
  std::vector<AllianceMember> members;                ///< distributions: the party's members
  /// One purse (a party that is an alliance): each of its institutions with
  /// its fund-payable in-county spending, which the alliance passes on by
  /// `internal_allocation` (a capitation uses the ids, its covered care being
  /// in `capitated_spending`). Empty: no internal allocation.
  std::vector<MemberAmount> care;

  /// Empties the lists, keeping their memory, and resets the totals.
  void clear() noexcept;
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
  SchemeOutcome outcome;                  ///< the same figures `scheme_outcome` gives
  std::vector<SettlementFigure> figures;  ///< budget, balance, retained, ... by scheme
  Ledger ledger;
};

/// The outcome of `scheme` on `input`, without a ledger: allocation-free, for
/// loops over many years and draws. `input` must be valid for the scheme
/// (what `settle` checks); `settle` computes its outcome with this function, so
/// the two always agree.
[[nodiscard]] SchemeOutcome scheme_outcome(const PaymentScheme& scheme, const SchemeInput& input);

/// Settles `scheme` on `input`: the outcome, the scheme's figures and its
/// ledger. Throws `InputError` for figures the scheme cannot use (paths as the
/// scheme's settlement names them).
[[nodiscard]] SchemeSettlement settle(const PaymentScheme& scheme, const SchemeInput& input);

/// The actual figures of one year, as a stand-alone settlement gives them.
struct YearActuals {
  int year = 0;
  /// Fund-payable spending per institution id (in-county care).
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
  /// on residents with a family-doctor contract.
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

/// The members of `alliance` as distribution takes them: each lead and member
/// with its tier, workload and score from `actuals` (0 when not given).
[[nodiscard]] std::vector<AllianceMember> alliance_members(const County& county, const Alliance& alliance,
                                                           const YearActuals& actuals);

/// The care `alliance` passes on to its institutions: each lead and member
/// with its tier and its fund-payable spending from `actuals` (0 when not given).
[[nodiscard]] std::vector<MemberAmount> alliance_care(const County& county, const Alliance& alliance,
                                                      const YearActuals& actuals);

/// What `scheme` is settled on from `actuals`: its alliance's spending, the
/// out-of-county spending charged to it, and so on. Throws `InputError` for
/// figures that name what the county does not have or are negative (paths
/// relative to the actuals: `fund_spending.xyz`).
[[nodiscard]] SchemeInput scheme_input(const PaymentScheme& scheme, const YearActuals& actuals,
                                       const County& county);

/// Makes each legal-entity alliance of `county` (`Alliance::legal_entity`)
/// one party toward the fund: a transfer between the fund and one of its
/// institutions becomes the same transfer between the fund and the entity
/// plus an `internal_allocation` between the entity and the institution (in
/// the same direction and quarter), and a `claim_payment` between two of its
/// institutions becomes an `internal_allocation`. Balances still sum to zero;
/// each institution's balance is unchanged. Nothing changes without an entity.
void pay_through_legal_entities(Ledger& ledger, const County& county);

/// Settles `scheme` on `input` as the county's parties are paid:
/// `settle(scheme, input)` with `pay_through_legal_entities` applied.
[[nodiscard]] SchemeSettlement settle(const PaymentScheme& scheme, const SchemeInput& input,
                                      const County& county);

/// Settles `scheme` on `actuals`: `settle(scheme, scheme_input(scheme, actuals, county), county)`.
[[nodiscard]] SchemeSettlement settle(const PaymentScheme& scheme, const YearActuals& actuals,
                                      const County& county);

}  // namespace ygt
