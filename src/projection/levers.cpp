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

void apply_interventions(FlowModel& model, const FlowParameters& baseline,
                         const std::vector<Intervention>& interventions, int year) {
  const std::vector<Tier>& settings = model.settings();
  for (std::size_t l = 0; l < baseline.lines.size(); ++l) {
    const ServiceLine& line = baseline.lines[l];
    for (std::size_t k = 0; k + 1 < settings.size(); ++k) {
      const Tier tier = settings[k];
      const auto paths = paths_for(interventions, InterventionKind::capability, [&](const Intervention& iv) {
        return iv.tier == tier && (iv.line.empty() || iv.line == line.id);
      });
      const double value = value_at(paths, year, line.capability[index(tier)]);
      if (value != model.capability(l, tier)) model.set_capability(l, tier, value);
    }
    const auto demand = paths_for(interventions, InterventionKind::demand,
                                  [&](const Intervention& iv) { return iv.line == line.id; });
    model.set_rate_factor(l, value_at(demand, year, 1.0));
  }
  for (Tier tier : settings) {
    for (CareType care : all_care_types) {
      const auto paths =
          paths_for(interventions, InterventionKind::reimbursement,
                    [&](const Intervention& iv) { return iv.tier == tier && (!iv.care || iv.care == care); });
      const double base = baseline.insurance.rate(tier, care);
      if (std::isnan(base)) continue;  // no line of this care type
      if (!paths.empty() || model.parameters().insurance.rate(tier, care) != base) {
        model.set_reimbursement(tier, care, value_at(paths, year, base));
      }
    }
    const auto minutes = paths_for(interventions, InterventionKind::minutes,
                                   [&](const Intervention& iv) { return iv.tier == tier; });
    if (!minutes.empty()) model.set_minutes_factor(tier, value_at(minutes, year, 1.0));
  }
  const auto coverage =
      paths_for(interventions, InterventionKind::coverage, [](const Intervention&) { return true; });
  if (!coverage.empty())
    model.set_coverage(value_at(coverage, year, baseline.insurance.family_doctor_coverage));
}

}  // namespace ygt

namespace ygt {

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

std::vector<CohortComponent> cohort_steps(const County& county, const DemographySpec& demography) {
  std::vector<CohortComponent> steps;
  for (const Township& t : county.townships()) {
    const AgeVector* migration = &demography.net_migration;
    for (const auto& [id, rates] : demography.township_net_migration) {
      if (id == t.id()) migration = &rates;
    }
    steps.emplace_back(demography.survival, demography.fertility, *migration);
  }
  return steps;
}

void step_population(const std::vector<CohortComponent>& steps, Eigen::MatrixXd& population,
                     Eigen::VectorXd& from, Eigen::VectorXd& to) {
  for (Eigen::Index t = 0; t < population.rows(); ++t) {
    from = population.row(t).transpose();
    steps[static_cast<std::size_t>(t)].step(from, to);
    population.row(t) = to.transpose();
  }
}

}  // namespace ygt
