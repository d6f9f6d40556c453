#pragma once
/// \file
/// Setting the flow model's levers for a year from the interventions in force.

#include <vector>

#include "yigongti/behaviour/responses.hpp"
#include "yigongti/core/county.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/scenario/intervention.hpp"

namespace ygt {

/// The interventions of a variant sorted out by lever once, so that setting
/// every lever for a year allocates nothing and re-derives each line's chain
/// at most once.
class LeverSchedule {
 public:
  /// `model` gives the settings; `county` the alliances whose mechanisms the
  /// interventions may be; `baseline` the scenario's own lever values. All
  /// three must outlive the schedule.
  LeverSchedule(const FlowModel& model, const County& county, const FlowParameters& baseline,
                const std::vector<Intervention>& interventions);

  /// Sets every lever of `model` to its value in `year` (as
  /// `apply_interventions`), then raises the capability of each primary tier
  /// `t` by reinvestment: `cap + (1 - cap) * gain[t]` where `gain[t] > 0`;
  /// then, with `behaviour`, the responses' levers: the last in-county
  /// setting's capability by `referral_keep` of its gap to 1, and the flow
  /// model's adjustments. The alliances' mechanisms (rotation, referral
  /// protocols, procurement, remote consultation, their family doctors' coverage)
  /// act on each tier by the alliance's share of its institutions (of its
  /// residents, for coverage): `docs/model.md`, "Unified domains".
  void apply(FlowModel& model, int year, const PerTier<double>& gain,
             const BehaviourLevers* behaviour = nullptr) const;
  /// Family-doctor coverage in `year` with `model`'s residents, as `apply` sets it.
  [[nodiscard]] double coverage(int year, const FlowModel& model) const;

 private:
  /// The interventions on one alliance mechanism's lever, with what it acts through.
  struct Mechanism {
    const Intervention* first = nullptr;  // kind, alliance and parameters
    std::vector<TimePath> paths;
    PerTier<double> share{};              // the alliance's share of each tier's institutions
    double centres = 0.0;                 // rotation: the alliance's township centres
    std::vector<std::size_t> lines;       // the lines it acts on
    std::vector<double> township_weight;  // coverage: 1 for the alliance's townships
  };
  [[nodiscard]] double rotation_gain(const Mechanism& m, int year) const;
  void apply_mechanisms(FlowModel& model, int year) const;

  const FlowParameters* baseline_;
  std::size_t settings_ = 0;
  std::vector<Mechanism> rotations_, protocols_, procurements_, remotes_, shared_results_, alliance_coverage_;
  double county_staff_ = 0.0;                         // staff of the county-tier institutions
  std::vector<std::vector<TimePath>> capability_;     // [line * settings + setting], below the top
  std::vector<std::vector<TimePath>> demand_;         // per line
  std::vector<std::vector<TimePath>> reimbursement_;  // [setting * 2 + care]
  std::vector<std::vector<TimePath>> minutes_;        // per setting
  std::vector<TimePath> coverage_;
};

/// Sets every lever of `model` to its value in `year`: the scenario's value in
/// `baseline`, moved by the interventions on that lever (`value_at`). Levers:
/// capability (a line, or every line, at a tier), reimbursement (a tier, one
/// care type or both), minutes (a factor per tier), coverage, demand (a factor
/// per line). Reinvestment is the projection's, not a lever's. Interventions on
/// tiers the county lacks change nothing.
void apply_interventions(FlowModel& model, const County& county, const FlowParameters& baseline,
                         const std::vector<Intervention>& interventions, int year);

}  // namespace ygt
