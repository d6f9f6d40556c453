#pragma once
/// \file
/// The one-year patient-flow model: demand, first-contact choice, the referral
/// chain, capacity and money by setting (`docs/model.md`).

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

#include "yigongti/core/age.hpp"
#include "yigongti/core/county.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/flows/indicators.hpp"
#include "yigongti/flows/parameters.hpp"

namespace ygt {

/// How much of a county-year a `FlowTable` holds.
enum class FlowDetail {
  /// Every measure cell by cell, and the totals.
  cells,
  /// Demand, first contacts by cell, and the totals only: what a projection needs
  /// to settle a year, at a fraction of the cost. The other cell tables stay empty.
  totals,
};

/// The flows of one county-year, cell by cell and in total.
///
/// Cells are (township, line) pairs in rows `line * townships + township`
/// (each line's townships in one block) and settings in columns (the county's settings in referral order,
/// `settings`). All measures are expected counts per year (encounters, referrals) or yuan.
///
/// The totals (by line, by setting, the indicators) are worked out the same
/// way at either level of detail, so they are identical whichever was asked;
/// the cell tables add up to them to rounding (1e-12 relative).
struct FlowTable {
  std::vector<std::string> townships;  ///< row labels, with `lines`
  std::vector<std::string> lines;
  std::vector<Tier> settings;  ///< column labels
  FlowDetail detail = FlowDetail::cells;

  Eigen::MatrixXd demand;          ///< townships x lines: first-contact episodes
  Eigen::MatrixXd first_contacts;  ///< cells x settings

  // Cell tables of `FlowDetail::cells` (empty with `FlowDetail::totals`).
  Eigen::MatrixXd shares;          ///< cells x settings: first-contact choice shares
  Eigen::MatrixXd encounters;      ///< cells x settings, after capacity
  Eigen::MatrixXd referrals_up;    ///< cells x settings: referred up from the setting
  Eigen::MatrixXd referrals_down;  ///< cells x settings: referred down from the setting (follow-ups made)
  Eigen::MatrixXd spill;  ///< cells x settings: patients turned away by the setting's capacity, moved up
  Eigen::MatrixXd cost;   ///< cells x settings, yuan
  Eigen::MatrixXd fund;   ///< cells x settings, yuan
  Eigen::MatrixXd oop;    ///< cells x settings, yuan

  /// Lines x settings, summed over townships (encounters as the line's
  /// first contacts times its chain, not as a sum of cells).
  Eigen::MatrixXd line_first_contacts;
  Eigen::MatrixXd line_encounters;  ///< after capacity
  Eigen::MatrixXd line_spill;       ///< patients turned away by the setting's capacity, moved up
  Eigen::MatrixXd line_cost;        ///< yuan
  Eigen::MatrixXd line_fund;        ///< yuan
  /// Per township: fund spending on its residents at settings outside the county, yuan.
  Eigen::VectorXd township_fund_outside;
  /// Per line: episodes moved out of the line to its partner by an episode
  /// shift (`FlowAdjustments`), negative when moved in from it.
  Eigen::VectorXd moved_episodes;

  /// Totals per setting, rounded once to the fen; `fund + oop == cost` exactly.
  std::vector<Money> setting_cost;
  std::vector<Money> setting_fund;
  std::vector<Money> setting_oop;
  /// Indicator values in the order of `indicator_catalog()` (payment ones 0 here).
  Eigen::VectorXd indicators;
  /// The denominator of each indicator that is a share, rate or mean
  /// (`Aggregation::weighted`): episodes for `county_visit_rate`, residents for
  /// `hospitalization_rate`, admissions for the per-admission figures, and so
  /// on (`docs/model.md`, "Regions"); 1 for the others. Summing `indicators`
  /// times `weights` and `weights` over counties gives a region's values.
  Eigen::VectorXd weights;

  /// The row of township `t` and line `l`.
  [[nodiscard]] Eigen::Index row(std::size_t t, std::size_t l) const noexcept {
    return static_cast<Eigen::Index>(l * townships.size() + t);
  }
  /// The column of `tier`, or -1 when the county has no such setting.
  [[nodiscard]] Eigen::Index column(Tier tier) const noexcept;
  /// The value of one indicator.
  [[nodiscard]] double indicator(Indicator i) const noexcept {
    return indicators(static_cast<Eigen::Index>(index(i)));
  }
  /// Encounters at `tier` summed over all cells.
  [[nodiscard]] double encounters_at(Tier tier) const noexcept;
  /// The value of `i` for the encounters of line `line` alone (of care type
  /// `care`), for the indicators that have one (`has_line_value`): encounters
  /// by tier, `encounters_primary`, `county_encounter_share`, `fund_spending`,
  /// and for inpatient lines `hospitalization_rate` (the line's admissions per
  /// resident), `out_of_county_admissions`, `out_of_county_inpatient_fund`,
  /// `avoided_admissions` and the three per-admission figures. Nothing for
  /// the others.
  [[nodiscard]] std::optional<double> line_indicator(Indicator i, std::size_t line, CareType care) const;

  /// Lines x settings: the share of the patients presenting at each setting
  /// that its capacity turned away (moved up, or a follow-up kept where it was),
  /// 0 where capacity does not bind (`docs/model.md`, "Capacity").
  Eigen::MatrixXd turned_away;

 private:
  friend class FlowModel;
  // Scratch of `FlowModel::compute`, sized by `make_table`, so that it allocates nothing.
  Eigen::MatrixXd workspace_;         // townships x 1
  Eigen::MatrixXd capacity_chain_;    // (lines x settings) x settings: per line, encounters per first contact
  Eigen::MatrixXd capacity_spill_;    // the same for spill
  Eigen::MatrixXd capacity_leave_;    // lines x settings: probability of leaving the county
  std::vector<unsigned char> binds_;  // per line: capacity turned some of its patients away
};

/// Whether indicator `i` has a value for one service line of care type `care`
/// (`FlowTable::line_indicator`).
[[nodiscard]] bool has_line_value(Indicator i, CareType care) noexcept;

/// What provider behaviour does to the flow model's levers in a year
/// (`ygt::BehaviourModel` makes them; a default-constructed one, or one with
/// every shift 0 and every factor 1, changes nothing). Sizes are the model's:
/// lines, settings (its columns), care types.
struct FlowAdjustments {
  /// Per line: a share in [-1, 1] of the line's episodes moved to its
  /// `partner` line (> 0), or taken from the partner into it (< 0, at most the
  /// partner's episodes), township by township, after demand is computed.
  std::vector<double> episode_shift;
  std::vector<std::size_t> partner;
  /// Lines x settings: factors on cost per encounter, > 0.
  Eigen::MatrixXd cost_factor;
  /// Lines x settings: utility added in the first-contact choice.
  Eigen::MatrixXd utility_shift;
  /// Settings x care types (outpatient, inpatient): factors on the
  /// reimbursement rates, in [0, 1].
  Eigen::MatrixXd reimbursement_factor;
};

/// Every problem with `params` for `county`, with paths relative to the
/// scenario (`service_lines[2].capability.township`, `insurance.reimbursement.county`).
[[nodiscard]] std::vector<Problem> check_flow_parameters(const County& county, const FlowParameters& params);

/// The flow model of one county, built once and computed for any number of years.
///
/// Construction checks the parameters (throwing `InputError`) and sizes every
/// buffer; `compute` then allocates nothing. The setters change one lever
/// between years and re-derive only what depends on it.
class FlowModel {
 public:
  FlowModel(const County& county, FlowParameters params);

  /// A table sized for this model and `detail`, to pass to `compute`.
  [[nodiscard]] FlowTable make_table(FlowDetail detail = FlowDetail::cells) const;
  /// Computes one year into `out` (made by `make_table`), at its level of
  /// detail. Allocation-free.
  void compute(FlowTable& out) const;

  [[nodiscard]] std::size_t township_count() const noexcept {
    return static_cast<std::size_t>(population_.rows());
  }
  [[nodiscard]] std::size_t line_count() const noexcept { return params_.lines.size(); }
  [[nodiscard]] const std::vector<Tier>& settings() const noexcept { return settings_; }
  [[nodiscard]] const FlowParameters& parameters() const noexcept { return params_; }
  /// The line with `id`, or -1.
  [[nodiscard]] int find_line(std::string_view id) const noexcept;
  /// Residents by township (rows) and age (101 columns).
  [[nodiscard]] const Eigen::MatrixXd& population() const noexcept { return population_; }
  /// Residents of all townships (summed by age band when the population is set).
  [[nodiscard]] double people() const noexcept { return people_; }

  /// Residents of every township by age (townships x 101).
  void set_population(const Eigen::Ref<const Eigen::MatrixXd>& population);
  /// The same without a copy: the model takes `population` and hands back its
  /// previous one in its place (the same shape, to be reused).
  void swap_population(Eigen::MatrixXd& population);
  /// A line's capability at `tier` (probability in [0, 1]); not the top setting.
  void set_capability(std::size_t line, Tier tier, double value);
  /// A line's capability at every setting below the top one at once (entries
  /// of other tiers are ignored): one re-derivation of the line's chain,
  /// however many values change.
  void set_capabilities(std::size_t line, const PerTier<double>& values);
  [[nodiscard]] double capability(std::size_t line, Tier tier) const noexcept {
    return params_.lines[line].capability[index(tier)];
  }
  /// The reimbursement rate at `tier` for `care`.
  void set_reimbursement(Tier tier, CareType care, double value);
  /// Travel minutes to `tier` as a factor of the scenario's (1 = unchanged).
  void set_minutes_factor(Tier tier, double factor);
  /// Family-doctor coverage in [0, 1].
  void set_coverage(double coverage);
  /// A line's per-capita rates as a factor of the scenario's (its `rate` times `rate_scale`).
  void set_rate_factor(std::size_t line, double factor);
  /// A line's down-referral probability at `tier` (county level or above, in
  /// a county with a primary setting), in [0, 1].
  void set_down_referral(std::size_t line, Tier tier, double value);
  /// A factor > 0 on the cost per encounter of every line at `tier` (unified
  /// procurement's price effect), on top of the behaviour's adjustments.
  void set_cost_factor(Tier tier, double factor);
  /// A factor in [1e-6, 1] on the cost of the referred encounters at the
  /// in-county setting `tier` (shared results: a referred patient's tests are
  /// not repeated); a referred encounter is one that is not a first contact
  /// seen there. Money only: the choice sees first contacts' costs.
  void set_referred_cost_factor(Tier tier, double factor);
  /// The annual capacity of `tier` for `care` (outpatient encounters or
  /// inpatient bed-days), or none; not the top setting.
  void set_capacity(Tier tier, CareType care, std::optional<double> limit);
  /// Remote consultation from the primary setting `tier`: the share in [0, 1]
  /// of the patients it would refer up who are first discussed with the
  /// county hospital by teleconsultation, each resolved on the spot with the
  /// county's capability for the line; `fee` yuan per consultation is cost at
  /// the county setting. Needs a county setting.
  void set_remote_consultation(Tier tier, double share, double fee);
  /// Sets the behaviour's adjustments (`FlowAdjustments`), on top of the other
  /// levers: each line's utility is re-derived once. Throws
  /// `std::invalid_argument` for sizes other than the model's or values out of
  /// range (nothing is changed then).
  void set_adjustments(const FlowAdjustments& adjustments);

  /// Defers the re-derivation of the lines' choice utilities: from here to
  /// `end_changes`, a setter that moves a line's utility (capability,
  /// reimbursement, coverage, adjustments) marks the line, and `end_changes`
  /// re-derives each marked line once, however many setters moved it (the
  /// yearly loop sets every lever of a year so). `compute` throws
  /// `std::logic_error` in between.
  void begin_changes() noexcept { deferring_ = true; }
  /// Re-derives the utilities of the lines marked since `begin_changes`.
  void end_changes() noexcept;

 private:
  void update_line_utility(std::size_t line);
  /// `update_line_utility`, or a mark for `end_changes` while changes are deferred.
  void touch_utility(std::size_t line);
  void update_chain(std::size_t line);
  void update_treatment(std::size_t line);
  [[nodiscard]] Eigen::Index column_of(Tier tier) const noexcept;
  void update_time_utility();
  // The steps of `compute`, in order (`docs/model.md`).
  void compute_demand(FlowTable& out) const;
  template <bool Cells>
  void choose(FlowTable& out) const;
  void apply_capacity(FlowTable& out) const;
  template <bool Cells>
  void refer(FlowTable& out) const;
  void compute_money(FlowTable& out) const;
  void compute_outside_fund(FlowTable& out) const;
  void compute_cell_money(FlowTable& out) const;
  void compute_indicators(FlowTable& out) const;
  /// Line `l`'s encounters per first contact, by start (rows) and setting,
  /// under this year's capacity.
  [[nodiscard]] Eigen::Ref<const Eigen::MatrixXd> chain_of(const FlowTable& out, Eigen::Index l) const;
  void update_bands();
  void update_banded_population();

  FlowParameters params_;
  std::vector<Tier> settings_;
  std::vector<std::string> township_ids_;
  std::vector<std::string> line_ids_;
  std::vector<unsigned char> stale_utility_;  // per line: moved while changes are deferred
  bool deferring_ = false;
  Eigen::Index top_ = 0;           // column of out_of_county
  Eigen::Index down_target_ = -1;  // column of the highest primary setting, or -1
  Eigen::MatrixXd population_;     // townships x 101
  Eigen::MatrixXd rates_;          // lines x 101, with the rate factors applied
  // Ages whose rates are equal in every line form a band; demand is computed
  // by band (residents summed first), which banded rates make several times cheaper.
  std::vector<Eigen::Index> band_start_;  // first age of each band, then 101
  Eigen::MatrixXd banded_rates_;          // lines x 101, the first `bands` columns used
  Eigen::MatrixXd banded_population_;     // townships x 101, the first `bands` columns used
  double people_ = 0.0;                   // residents of all townships
  Eigen::MatrixXd minutes_;               // townships x settings, as given
  Eigen::VectorXd minutes_factor_;        // settings
  Eigen::MatrixXd line_utility_;  // lines x settings: asc + b_cap cap - b_oop oop/100 + b_fd cov [primary]
  Eigen::MatrixXd time_utility_;  // townships x settings: -b_time minutes
  Eigen::MatrixXd exp_line_;      // lines x settings: exp(line utility - its row max)
  Eigen::MatrixXd exp_time_;      // townships x settings: exp(time utility - its row max)
  std::vector<Eigen::MatrixXd> chain_;  // per line: N = (I - Q)^{-1}, settings x settings
  Eigen::MatrixXd leave_;  // lines x settings: probability that an episode begun there leaves the county
  Eigen::MatrixXd cap_;    // lines x settings (top = 1)
  Eigen::MatrixXd treat_;  // lines x settings: cap_ with what remote consultation resolves (the chain's)
  Eigen::VectorXd remote_share_;          // settings: share of referrals up discussed remotely (primary only)
  Eigen::VectorXd remote_fee_;            // settings: yuan per remote consultation
  Eigen::VectorXd setting_cost_factor_;   // settings: factor on cost per encounter
  Eigen::VectorXd referred_cost_factor_;  // settings: factor on the cost of referred encounters
  Eigen::Index lead_ = -1;                // column of the county setting, or -1
  Eigen::MatrixXd down_;                  // lines x settings (0 below county)
  Eigen::MatrixXd cost_;                  // lines x settings, yuan per encounter (times its adjustment)
  Eigen::MatrixXd reimb_;                 // lines x settings, by the line's care type (times its adjustment)
  FlowAdjustments adjustments_;           // neutral unless set
  std::vector<double> rate_factor_;
};

}  // namespace ygt
