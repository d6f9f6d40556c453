#include "yigongti/projection/demography.hpp"

#include <cmath>

namespace ygt {
namespace {

Eigen::VectorXd to_eigen(const AgeVector& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), age_count);
}

}  // namespace

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

Eigen::MatrixXd population_matrix(const County& county) {
  Eigen::MatrixXd p(static_cast<Eigen::Index>(county.townships().size()),
                    static_cast<Eigen::Index>(age_count));
  for (std::size_t t = 0; t < county.townships().size(); ++t) {
    for (std::size_t a = 0; a < age_count; ++a) {
      p(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(a)) = county.townships()[t].population()[a];
    }
  }
  return p;
}

PopulationStep::PopulationStep(const County& county, const DemographySpec& demography)
    : survival_(Eigen::Map<const Eigen::VectorXd>(demography.survival.data(), age_count)),
      fertility_(Eigen::Map<const Eigen::VectorXd>(demography.fertility.data(), age_count)),
      migration_(static_cast<Eigen::Index>(county.townships().size()), static_cast<Eigen::Index>(age_count)) {
  for (std::size_t t = 0; t < county.townships().size(); ++t) {
    const AgeVector* rates = &demography.net_migration;
    for (const auto& [id, own] : demography.township_net_migration) {
      if (id == county.townships()[t].id()) rates = &own;
    }
    migration_.row(static_cast<Eigen::Index>(t)) =
        Eigen::Map<const Eigen::RowVectorXd>(rates->data(), static_cast<Eigen::Index>(age_count));
  }
  constexpr auto n = static_cast<Eigen::Index>(age_count);
  survival_by_cell_ = survival_.head(n - 1).transpose().replicate(migration_.rows(), 1);
  Eigen::Index last_fertile = -1;
  for (Eigen::Index a = 0; a < n; ++a) {
    if (fertility_(a) == 0.0) continue;
    if (last_fertile < 0) first_fertile_ = a;
    last_fertile = a;
  }
  fertile_ages_ = last_fertile < 0 ? 0 : last_fertile - first_fertile_ + 1;
}

void PopulationStep::step(const Eigen::MatrixXd& current, Eigen::MatrixXd& next) const {
  constexpr auto n = static_cast<Eigen::Index>(age_count);
  const Eigen::MatrixXd& p = current;
  next.resize(p.rows(), n);
  // Each age moves up one with its survivors, and net migration applies to
  // the start of year: ages 1 to 100 in one pass over the contiguous columns.
  next.rightCols(n - 1).array() = (p.leftCols(n - 1).array() * survival_by_cell_.array() +
                                   p.rightCols(n - 1).array() * migration_.rightCols(n - 1).array())
                                      .max(0.0);
  // The open group also keeps its own survivors.
  next.col(n - 1) = (survival_(n - 2) * p.col(n - 2) + survival_(n - 1) * p.col(n - 1) +
                     p.col(n - 1).cwiseProduct(migration_.col(n - 1)))
                        .cwiseMax(0.0);
  // Births enter age 0.
  if (fertile_ages_ > 0) {
    next.col(0).noalias() =
        p.middleCols(first_fertile_, fertile_ages_) * fertility_.segment(first_fertile_, fertile_ages_);
  } else {
    next.col(0).setZero();
  }
  next.col(0) = (next.col(0) + p.col(0).cwiseProduct(migration_.col(0))).cwiseMax(0.0);
}

}  // namespace ygt
