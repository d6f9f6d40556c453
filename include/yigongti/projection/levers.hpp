#pragma once
/// \file
/// Setting the flow model's levers for a year from the interventions in force.

#include <vector>

#include "yigongti/flows/flow_model.hpp"
#include "yigongti/projection/demography.hpp"
#include "yigongti/projection/intervention.hpp"

namespace ygt {

/// Sets every lever of `model` to its value in `year`: the scenario's value in
/// `baseline`, moved by the interventions on that lever (`value_at`). Levers:
/// capability (a line, or every line, at a tier), reimbursement (a tier, one
/// care type or both), minutes (a factor per tier), coverage, demand (a factor
/// per line). Reinvestment is the projection's, not a lever's. Interventions on
/// tiers the county lacks change nothing.
void apply_interventions(FlowModel& model, const FlowParameters& baseline,
                         const std::vector<Intervention>& interventions, int year);

/// The county's residents as a townships x 101 matrix.
[[nodiscard]] Eigen::MatrixXd population_matrix(const County& county);

/// One cohort-component step per township (its own net migration, or the county's).
[[nodiscard]] std::vector<CohortComponent> cohort_steps(const County& county,
                                                        const DemographySpec& demography);

/// Moves every township's population one year on. `from` and `to` are work
/// vectors of 101 entries, so that the step allocates nothing.
void step_population(const std::vector<CohortComponent>& steps, Eigen::MatrixXd& population,
                     Eigen::VectorXd& from, Eigen::VectorXd& to);

}  // namespace ygt
