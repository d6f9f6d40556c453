#include "yigongti/projection/demography.hpp"

#include <cmath>
#include <string>

namespace ygt {
namespace {

Eigen::VectorXd to_eigen(const AgeVector& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), age_count);
}

void check_profile(const AgeVector& v, double lo, double hi, const std::string& path, const char* expected,
                   std::vector<Problem>& problems) {
  for (std::size_t a = 0; a < age_count; ++a) {
    if (!std::isfinite(v[a]) || v[a] < lo || v[a] > hi) {
      problems.push_back({path, "value " + std::to_string(v[a]) + " at age " + std::to_string(a), expected});
      return;
    }
  }
}

}  // namespace

std::vector<Problem> check_demography(const DemographySpec& spec) {
  std::vector<Problem> problems;
  check_profile(spec.survival, 0.0, 1.0, "survival", "probabilities in [0, 1]", problems);
  check_profile(spec.fertility, 0.0, 10.0, "fertility", "births per resident per year, 0 to 10", problems);
  check_profile(spec.net_migration, -1.0, 1.0, "net_migration", "rates per resident per year in [-1, 1]",
                problems);
  for (const auto& [id, rates] : spec.township_net_migration) {
    check_profile(rates, -1.0, 1.0, "net_migration.townships." + id, "rates per resident per year in [-1, 1]",
                  problems);
  }
  return problems;
}

CohortComponent::CohortComponent(const AgeVector& survival, const AgeVector& fertility,
                                 const AgeVector& migration)
    : survival_(to_eigen(survival)), fertility_(to_eigen(fertility)), migration_(to_eigen(migration)) {}

void CohortComponent::step(const Eigen::Ref<const Eigen::VectorXd>& current,
                           Eigen::Ref<Eigen::VectorXd> next) const {
  constexpr Eigen::Index n = static_cast<Eigen::Index>(age_count);
  // Ageing: the sub-diagonal of L; the open group keeps its own survivors.
  next(0) = fertility_.dot(current);
  next.segment(1, n - 1) = survival_.head(n - 1).cwiseProduct(current.head(n - 1));
  next(n - 1) += survival_(n - 1) * current(n - 1);
  next += migration_.cwiseProduct(current);
  next = next.cwiseMax(0.0);
}

}  // namespace ygt
