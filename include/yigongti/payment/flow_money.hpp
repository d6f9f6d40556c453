#pragma once
/// \file
/// The bridge from patient flows to payment: a computed flow year's fund
/// spending resolved to the county's institutions, alliances and residents,
/// and from it what each payment scheme is settled on, year after year
/// (`docs/payment.md`, "Settling a projected year").

#include <cstdint>
#include <optional>
#include <vector>

#include "yigongti/core/county.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/payment/scheme.hpp"

namespace ygt {

/// What a projection settles each year: the money of a computed `FlowTable`
/// as the payment schemes are settled on it.
///
/// How the flows' money is resolved:
///
/// - each in-county setting's fund spending is spread over the county's
///   institutions of that tier by their `count` (to the fen), and its
///   encounters as their workload the same way;
/// - when a municipal-tier institution of the county (a city hospital) is a
///   lead or member of an alliance, the municipal setting's fund spending and
///   encounters are spread the same way over the county's municipal-tier
///   institutions; an allied one's share is its alliance's, paid to it like
///   an in-county member's care;
/// - the rest of the spending outside the county (the municipal setting's
///   shares at unallied city hospitals, or all of it when none is allied, and
///   the out_of_county setting's) is out-of-county spending;
/// - with several alliances, the out-of-county spending of each township's
///   residents is charged to the alliance its primary institutions belong to
///   (split by the townships' own fund spending outside the county, municipal
///   setting included, to the fen), so two budgets never count the same yuan;
/// - capitated spending is each setting's fund spending on each covered line,
///   rounded to the fen, at one institution standing for the setting (the
///   first of its tier in the county; for the municipal setting the first
///   allied city hospital; else `out_of_county`); DIP cases are a grouped
///   line's encounters at an in-county setting (never municipal), rounded to
///   whole cases, at the line's cost per encounter;
/// - fee-for-service claims are one per institution and setting: the
///   setting's cost spread by `count` as its fund spending is, each claim
///   carrying its institution's fund spending as its fund share (so the
///   claims pay the flow model's fund spending to the fen, whatever rates
///   the scheme has), and one `out_of_county` claim per setting for its
///   spending outside the county;
/// - a scheme paid to an alliance (one purse) passes on each of its
///   institutions' fund spending as resolved above (`SchemeInput::care`);
/// - capitation enrols the scheme's `enrolled`, else the family-doctor
///   contracted residents: coverage x population, rounded.
///
/// Across years: a rolling budget or benchmark starts from what the scheme's
/// party was charged the year before (whether the scheme was in force or
/// not), and in the first year from that year's own; a global budget on
/// contracted residents is charged, this year and last, the year's coverage
/// of that spending (contracted and other residents alike per head), rounded
/// once as the settlement rounds.
///
/// Everything that does not change between years is worked out at
/// construction, so a year allocates nothing unless the lists a ledger needs
/// are asked for. Not thread-safe; one per projection.
class FlowMoney {
 public:
  /// `table` gives the shape of the years to come (settings, townships,
  /// lines); `params` the lines' costs; `schemes` (kept by reference, checked
  /// against `county`) what is settled.
  FlowMoney(const County& county, const FlowParameters& params, const FlowTable& table,
            const std::vector<PaymentScheme>& schemes);

  /// Resolves the computed year `table` and sets what each scheme in force in
  /// `year` is settled on (`input`). `coverage` is the year's family-doctor
  /// coverage and `people` its population. With `lists`, also each
  /// institution's spending and workload and the lists a ledger needs
  /// (members, capitated spending, DIP cases, claims), which allocates.
  void compute(const FlowTable& table, int year, double coverage, double people, bool lists);
  /// What scheme `s` (its index in the schemes) is settled on in the year
  /// computed last; meaningful when it is in force that year.
  [[nodiscard]] const SchemeInput& input(std::size_t s) const { return inputs_[s]; }
  /// Ends the year computed last: what each scheme's party was charged
  /// becomes the next year's base of a rolling budget or benchmark.
  void close_year();

  /// All fund spending of the year: at the county's institutions (allied city
  /// hospitals included) and out of the county.
  [[nodiscard]] Money total() const noexcept { return total_; }
  /// Fund spending at settings outside the county, less allied city
  /// hospitals' shares of the municipal setting.
  [[nodiscard]] Money out_of_county() const noexcept { return out_of_county_; }
  /// The fund spending at alliance `a`'s institutions (`a` an index in the
  /// county's alliances): in the county and at its allied city hospitals.
  /// Named after `SchemeInput::in_county_spending`, which it fills.
  [[nodiscard]] Money alliance_in_county(std::size_t a) const { return in_alliance_[a]; }
  /// The out-of-county spending charged to alliance `a`.
  [[nodiscard]] Money alliance_out_of_county(std::size_t a) const {
    return by_alliance_.empty() ? out_of_county_ : by_alliance_[a];
  }
  /// What scheme `s`'s party is charged for all its residents: for a global
  /// budget its alliance's institutions and residents' out-of-county
  /// spending, for other schemes all fund spending.
  [[nodiscard]] Money charged(std::size_t s) const;
  /// Fund spending per institution (index in the county), after a `compute`
  /// with lists; 0 at an unallied city hospital (its share is out-of-county).
  [[nodiscard]] const std::vector<Money>& institution_fund() const noexcept { return fund_; }
  /// Encounters per institution, after a `compute` with lists; 0 at an
  /// unallied city hospital.
  [[nodiscard]] const std::vector<double>& institution_workload() const noexcept { return workload_; }

  /// The year's figures as a stand-alone settlement file would give them
  /// (after a `compute` with lists): spending and workload per in-county or
  /// allied city institution, out-of-county spending in total and, with
  /// several alliances, by alliance.
  [[nodiscard]] YearActuals actuals(int year) const;

 private:
  /// A scheme resolved against the county once.
  struct Plan {
    const PaymentScheme* scheme = nullptr;
    std::size_t alliance = 0;           ///< global budget: the alliance's index
    std::optional<std::size_t> party;   ///< the party's index when it is an alliance
    bool contracted = false;            ///< global budget on contracted residents
    std::vector<std::size_t> lines;     ///< capitation: the covered lines' indices
    std::vector<bool> dip_lines;        ///< DIP: whether each line is a group
    std::optional<Money> last_charged;  ///< what its party was charged last year
  };

  void resolve(const FlowTable& f, bool by_institution);
  void fill(std::size_t s, const FlowTable& f, int year, double coverage, double people, bool lists);
  void claims(const FlowTable& f, std::vector<ServiceClaim>& out);
  [[nodiscard]] std::vector<AllianceMember> members_of(std::size_t alliance) const;
  [[nodiscard]] std::vector<MemberAmount> care_of(std::size_t alliance) const;

  static constexpr int mixed = -2;  // a setting's institutions belong to several alliances
  const County* county_;
  const FlowParameters* params_;
  std::vector<Plan> plans_;
  std::vector<SchemeInput> inputs_;
  Money total_;
  Money out_of_county_;
  std::vector<Money> in_alliance_;                 // per alliance: its institutions' spending
  std::vector<Money> by_alliance_;                 // per alliance: out-of-county spending (several alliances)
  std::vector<int> setting_owner_;                 // per setting: alliance index, -1 none, or mixed
  std::vector<std::vector<std::size_t>> members_;  // per setting: institution indices
  std::vector<std::vector<std::int64_t>> counts_;  // per setting: the members' counts
  std::vector<std::string> provider_;              // per setting: the institution standing for it
  std::vector<int> alliance_of_;                   // per institution: alliance index or -1
  std::vector<int> owner_;                         // per township: alliance index or -1
  std::vector<std::int64_t> township_weight_;
  Splitter splitter_;
  std::vector<Money> parts_;
  std::vector<Money> fund_;       // per institution
  std::vector<double> workload_;  // per institution
};

}  // namespace ygt
