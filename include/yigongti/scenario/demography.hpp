#pragma once
/// \file
/// The demography of a scenario: survival, fertility and net migration by
/// single-year age (`docs/model.md`, "Population"; the projection's
/// `CohortComponent` applies them).

#include <string>
#include <utility>
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

}  // namespace ygt
