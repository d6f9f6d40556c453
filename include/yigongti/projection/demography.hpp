#pragma once
/// \file
/// Population projection by the cohort-component method (`docs/model.md`, "Population").

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "yigongti/core/age.hpp"
#include "yigongti/core/error.hpp"

namespace ygt {

/// Demographic rates by single-year age, the same for every township unless a
/// township has its own net migration.
struct DemographySpec {
  /// Probability of surviving one year, by age; at 100 (the open group) the
  /// probability of staying alive within 100+. In [0, 1].
  AgeVector survival{};
  /// Births per resident of each age per year (all residents, not only women). >= 0.
  AgeVector fertility{};
  /// Net migration per resident of each age per year (negative: out-migration),
  /// for every township without its own. In [-1, 1].
  AgeVector net_migration{};
  /// Township id -> its own net-migration rates.
  std::vector<std::pair<std::string, AgeVector>> township_net_migration;
};

/// Checks a demography spec: probabilities in [0, 1], fertility >= 0, migration
/// in [-1, 1], all finite. Paths are relative (`survival`, `net_migration.t03`).
[[nodiscard]] std::vector<Problem> check_demography(const DemographySpec& spec);

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

}  // namespace ygt
