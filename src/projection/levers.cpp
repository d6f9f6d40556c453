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

double LeverSchedule::coverage(int year) const noexcept {
  return value_at(coverage_, year, baseline_->insurance.family_doctor_coverage);
}

void LeverSchedule::apply(FlowModel& model, int year, const PerTier<double>& gain,
                          const BehaviourLevers* behaviour) const {
  const FlowParameters& baseline = *baseline_;
  const std::vector<Tier>& settings = model.settings();
  // Every lever of the year, then each moved line's utilities derived once.
  struct Changes {
    FlowModel& model;
    explicit Changes(FlowModel& m) noexcept : model(m) { model.begin_changes(); }
    Changes(const Changes&) = delete;
    Changes& operator=(const Changes&) = delete;
    ~Changes() { model.end_changes(); }
  } changes(model);
  for (std::size_t l = 0; l < baseline.lines.size(); ++l) {
    const ServiceLine& line = baseline.lines[l];
    PerTier<double> values = line.capability;
    for (std::size_t k = 0; k + 1 < settings.size(); ++k) {
      const Tier tier = settings[k];
      double value = value_at(capability_[l * settings_ + k], year, line.capability[index(tier)]);
      if (is_primary(tier) && gain[index(tier)] > 0.0) value += (1.0 - value) * gain[index(tier)];
      // The keeping response: fewer referrals out of the last setting inside the county.
      if (behaviour != nullptr && is_in_county(tier) && !is_in_county(settings[k + 1]))
        value += (1.0 - value) * behaviour->referral_keep[l];
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
  if (behaviour != nullptr) model.set_adjustments(behaviour->flows);
}

void apply_interventions(FlowModel& model, const FlowParameters& baseline,
                         const std::vector<Intervention>& interventions, int year) {
  LeverSchedule(model, baseline, interventions).apply(model, year, PerTier<double>{});
}

}  // namespace ygt
