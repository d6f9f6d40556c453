#pragma once
/// \file
/// Setting the flow model's levers for a year from the interventions in force.

#include <vector>

#include "yigongti/behaviour/responses.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/scenario/intervention.hpp"

namespace ygt {

/// The interventions of a variant sorted out by lever once, so that setting
/// every lever for a year allocates nothing and re-derives each line's chain
/// at most once.
class LeverSchedule {
 public:
  /// `model` gives the settings; `baseline` the scenario's own lever values.
  LeverSchedule(const FlowModel& model, const FlowParameters& baseline,
                const std::vector<Intervention>& interventions);

  /// Sets every lever of `model` to its value in `year` (as
  /// `apply_interventions`), then raises the capability of each primary tier
  /// `t` by reinvestment: `cap + (1 - cap) * gain[t]` where `gain[t] > 0`;
  /// then, with `behaviour`, the responses' levers: the last in-county
  /// setting's capability by `referral_keep` of its gap to 1, and the flow
  /// model's adjustments.
  void apply(FlowModel& model, int year, const PerTier<double>& gain,
             const BehaviourLevers* behaviour = nullptr) const;
  /// Family-doctor coverage in `year`, as `apply` sets it.
  [[nodiscard]] double coverage(int year) const noexcept;

 private:
  const FlowParameters* baseline_;
  std::size_t settings_ = 0;
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
void apply_interventions(FlowModel& model, const FlowParameters& baseline,
                         const std::vector<Intervention>& interventions, int year);

}  // namespace ygt
