#include "yigongti/projection/levers.hpp"

#include <algorithm>
#include <cmath>

namespace ygt {
namespace {

/// The interventions of `kind` matching `match`, sorted by start year.
template <class Match>
std::vector<TimePath> paths_for(const std::vector<Intervention>& interventions, InterventionKind kind,
                                Match match) {
  std::vector<TimePath> paths;
  for (const Intervention& iv : interventions) {
    if (iv.kind == kind && match(iv)) paths.push_back(iv.path);
  }
  std::sort(paths.begin(), paths.end(), [](const TimePath& a, const TimePath& b) { return a.from < b.from; });
  return paths;
}

}  // namespace

LeverSchedule::LeverSchedule(const FlowModel& model, const FlowParameters& baseline,
                             const std::vector<Intervention>& interventions)
    : baseline_(&baseline), settings_(model.settings().size()) {
  const std::vector<Tier>& settings = model.settings();
  for (const ServiceLine& line : baseline.lines) {
    for (std::size_t k = 0; k < settings.size(); ++k) {
      const Tier tier = settings[k];
      capability_.push_back(
          paths_for(interventions, InterventionKind::capability, [&](const Intervention& iv) {
            return iv.tier == tier && (iv.line.empty() || iv.line == line.id);
          }));
    }
    demand_.push_back(paths_for(interventions, InterventionKind::demand,
                                [&](const Intervention& iv) { return iv.line == line.id; }));
  }
  for (Tier tier : settings) {
    for (CareType care : all_care_types) {
      reimbursement_.push_back(paths_for(
          interventions, InterventionKind::reimbursement,
          [&](const Intervention& iv) { return iv.tier == tier && (!iv.care || iv.care == care); }));
    }
    minutes_.push_back(paths_for(interventions, InterventionKind::minutes,
                                 [&](const Intervention& iv) { return iv.tier == tier; }));
  }
  coverage_ = paths_for(interventions, InterventionKind::coverage, [](const Intervention&) { return true; });
}

void LeverSchedule::apply(FlowModel& model, int year, const PerTier<double>& gain) const {
  const FlowParameters& baseline = *baseline_;
  const std::vector<Tier>& settings = model.settings();
  for (std::size_t l = 0; l < baseline.lines.size(); ++l) {
    const ServiceLine& line = baseline.lines[l];
    PerTier<double> values = line.capability;
    for (std::size_t k = 0; k + 1 < settings.size(); ++k) {
      const Tier tier = settings[k];
      double value = value_at(capability_[l * settings_ + k], year, line.capability[index(tier)]);
      if (is_primary(tier) && gain[index(tier)] > 0.0) value += (1.0 - value) * gain[index(tier)];
      values[index(tier)] = value;
    }
    model.set_capabilities(l, values);
    model.set_rate_factor(l, value_at(demand_[l], year, 1.0));
  }
  for (std::size_t k = 0; k < settings.size(); ++k) {
    const Tier tier = settings[k];
    for (std::size_t c = 0; c < all_care_types.size(); ++c) {
      const CareType care = all_care_types[c];
      const double base = baseline.insurance.rate(tier, care);
      if (std::isnan(base)) continue;  // no line of this care type
      const std::vector<TimePath>& paths = reimbursement_[k * all_care_types.size() + c];
      if (!paths.empty() || model.parameters().insurance.rate(tier, care) != base) {
        model.set_reimbursement(tier, care, value_at(paths, year, base));
      }
    }
    if (!minutes_[k].empty()) model.set_minutes_factor(tier, value_at(minutes_[k], year, 1.0));
  }
  if (!coverage_.empty())
    model.set_coverage(value_at(coverage_, year, baseline.insurance.family_doctor_coverage));
}

void apply_interventions(FlowModel& model, const FlowParameters& baseline,
                         const std::vector<Intervention>& interventions, int year) {
  LeverSchedule(model, baseline, interventions).apply(model, year, PerTier<double>{});
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
