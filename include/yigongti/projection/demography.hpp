#pragma once
/// \file
/// Population projection by the cohort-component method (`docs/model.md`, "Population").

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "yigongti/core/age.hpp"
#include "yigongti/core/county.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/scenario/demography.hpp"

namespace ygt {

/// The cohort-component step `p(t+1) = L p(t) + m(t)` for one township.
///
/// `L` has the survival probabilities `s[a]` on the sub-diagonal (age a to a+1),
/// the open group's survival `s[100]` on its diagonal entry (so the 100+ group
/// keeps its survivors and gains the survivors of age 99), and the fertility
/// rates in its first row (births of the year enter age 0). Net migration is
/// `m(t) = r .* p(t)`, added after ageing, with `r` the township's migration
/// rates by age (applied to the population at the start of the year).
class CohortComponent {
 public:
  CohortComponent() = default;
  /// `migration` are the township's net-migration rates by age.
  CohortComponent(const AgeVector& survival, const AgeVector& fertility, const AgeVector& migration);

  /// One year on: `next = L * current + r .* current`, negative counts clamped to 0
  /// (more out-migrants than residents cannot leave). Allocation-free; `current`
  /// and `next` must not overlap.
  void step(const Eigen::Ref<const Eigen::VectorXd>& current, Eigen::Ref<Eigen::VectorXd> next) const;

 private:
  Eigen::VectorXd survival_;   // s[0..100]
  Eigen::VectorXd fertility_;  // f[0..100]
  Eigen::VectorXd migration_;  // r[0..100]
};

/// The county's residents as a townships x 101 matrix.
[[nodiscard]] Eigen::MatrixXd population_matrix(const County& county);

/// The cohort-component step of every township at once (`CohortComponent`'s
/// equations, each township with its own net migration or the county's), on a
/// townships x 101 matrix whose columns are ages: each age is one vector
/// operation over the townships.
class PopulationStep {
 public:
  PopulationStep(const County& county, const DemographySpec& demography);
  /// Writes the population one year after `current` into `next` (resized to
  /// the same shape when it differs; then nothing is allocated).
  void step(const Eigen::MatrixXd& current, Eigen::MatrixXd& next) const;

 private:
  Eigen::VectorXd survival_;          // s[0..100]
  Eigen::VectorXd fertility_;         // f[0..100]
  Eigen::MatrixXd migration_;         // townships x 101: r
  Eigen::MatrixXd survival_by_cell_;  // townships x 100: s of the age below each of ages 1 to 100
  Eigen::Index first_fertile_ = 0;    // the ages of non-zero fertility: first and how many
  Eigen::Index fertile_ages_ = 0;
};

}  // namespace ygt
