#include "yigongti/projection/levers.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

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

LeverSchedule::LeverSchedule(const FlowModel& model, const County& county, const FlowParameters& baseline,
                             const std::vector<Intervention>& interventions)
    : baseline_(&baseline), settings_(model.settings().size()) {
  // The alliances' mechanisms, one per lever (kind, tier, line, alliance).
  std::map<std::string, Mechanism> by_lever;
  for (const Intervention& iv : interventions) {
    if (iv.alliance.empty() || !domain_of(iv.kind) || iv.kind == InterventionKind::reinvestment) continue;
    Mechanism& m = by_lever[iv.lever()];
    m.paths.push_back(iv.path);
    if (m.first != nullptr) continue;
    m.first = &iv;
    const Alliance& a = county.alliance(iv.alliance);
    for (Tier t : all_tiers) {
      long long members = 0;
      for (const Institution& inst : county.institutions()) {
        if (inst.tier() == t && a.includes(inst.id())) members += inst.count();
      }
      const long long all = county.facility_count(t);
      m.share[index(t)] = all > 0 ? static_cast<double>(members) / static_cast<double>(all) : 0.0;
      if (t == Tier::township) m.centres = static_cast<double>(members);
    }
    for (std::size_t l = 0; l < baseline.lines.size(); ++l) {
      if (iv.line.empty() || iv.line == baseline.lines[l].id) m.lines.push_back(l);
    }
    for (const Township& town : county.townships()) {
      bool in = false;
      for (const Institution& inst : county.institutions()) {
        in = in || (is_primary(inst.tier()) && inst.township() == town.id() && a.includes(inst.id()));
      }
      m.township_weight.push_back(in ? 1.0 : 0.0);
    }
  }
  for (auto& [lever, m] : by_lever) {
    std::sort(m.paths.begin(), m.paths.end(),
              [](const TimePath& a, const TimePath& b) { return a.from < b.from; });
    switch (m.first->kind) {
      case InterventionKind::rotation:
        rotations_.push_back(std::move(m));
        break;
      case InterventionKind::referral_protocol:
        protocols_.push_back(std::move(m));
        break;
      case InterventionKind::procurement:
        procurements_.push_back(std::move(m));
        break;
      case InterventionKind::remote_consultation:
        remotes_.push_back(std::move(m));
        break;
      case InterventionKind::shared_results:
        shared_results_.push_back(std::move(m));
        break;
      default:
        alliance_coverage_.push_back(std::move(m));
        break;
    }
  }
  county_staff_ = static_cast<double>(county.staff(Tier::county));

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
  coverage_ = paths_for(interventions, InterventionKind::coverage,
                        [](const Intervention& iv) { return iv.alliance.empty(); });
}

double LeverSchedule::coverage(int year, const FlowModel& model) const {
  const double county = value_at(coverage_, year, baseline_->insurance.family_doctor_coverage);
  if (alliance_coverage_.empty()) return county;
  // The alliances' family doctors cover their own townships' residents.
  const Eigen::VectorXd residents = model.population().rowwise().sum();
  const double all = residents.sum();
  if (!(all > 0.0)) return county;
  double mixed = county;
  for (const Mechanism& m : alliance_coverage_) {
    double weight = 0.0;
    for (std::size_t t = 0; t < m.township_weight.size(); ++t)
      weight += m.township_weight[t] * residents(static_cast<Eigen::Index>(t));
    mixed += weight / all * (value_at(m.paths, year, county) - county);
  }
  return std::clamp(mixed, 0.0, 1.0);
}

double LeverSchedule::rotation_gain(const Mechanism& m, int year) const {
  const double days = value_at(m.paths, year, 0.0);
  if (!(days > 0.0) || !(m.centres > 0.0)) return 0.0;
  return m.first->max_gain * (1.0 - std::exp(-days / m.centres / m.first->saturation_days));
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
      // Rotation: county clinicians' days in the alliance's township centres.
      if (tier == Tier::township) {
        for (const Mechanism& m : rotations_) {
          if (std::find(m.lines.begin(), m.lines.end(), l) == m.lines.end()) continue;
          value += (1.0 - value) * m.share[index(tier)] * rotation_gain(m, year);
        }
      }
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
  if (!coverage_.empty() || !alliance_coverage_.empty()) model.set_coverage(coverage(year, model));
  apply_mechanisms(model, year);
  if (behaviour != nullptr) model.set_adjustments(behaviour->flows);
}

void LeverSchedule::apply_mechanisms(FlowModel& model, int year) const {
  const FlowParameters& baseline = *baseline_;
  const std::vector<Tier>& settings = model.settings();
  const auto has = [&](Tier t) { return std::find(settings.begin(), settings.end(), t) != settings.end(); };
  // Rotation takes its days from the county hospitals' staff time.
  if (!rotations_.empty() && has(Tier::county)) {
    double days = 0.0;
    for (const Mechanism& m : rotations_) days += value_at(m.paths, year, 0.0);
    const double staff_days = clinician_working_days * county_staff_;
    const double kept = staff_days > 0.0 ? std::max(0.0, 1.0 - days / staff_days) : 1.0;
    const Capacity& c = baseline.capacity;
    for (CareType care : all_care_types) {
      const auto& limit =
          (care == CareType::inpatient ? c.inpatient_bed_days : c.outpatient_encounters)[index(Tier::county)];
      if (limit) model.set_capacity(Tier::county, care, *limit * kept);
    }
  }
  // Joint referral protocols: the alliance's hospitals move toward the target.
  const bool has_primary =
      std::any_of(settings.begin(), settings.end(), [](Tier t) { return is_primary(t); });
  if (!protocols_.empty() && has_primary) {
    for (std::size_t l = 0; l < baseline.lines.size(); ++l) {
      for (Tier tier : {Tier::county, Tier::municipal}) {
        if (!has(tier)) continue;
        const double base = baseline.lines[l].down_referral[index(tier)];
        double value = base;
        for (const Mechanism& m : protocols_) {
          if (m.first->tier != tier || std::find(m.lines.begin(), m.lines.end(), l) == m.lines.end())
            continue;
          value += m.share[index(tier)] * (value_at(m.paths, year, base) - base);
        }
        model.set_down_referral(l, tier, std::clamp(value, 0.0, 1.0));
      }
    }
  }
  // Unified procurement: the drug share of cost at the alliance's prices.
  if (!procurements_.empty()) {
    for (Tier tier : settings) {
      if (!is_in_county(tier)) continue;
      double factor = 1.0;
      for (const Mechanism& m : procurements_)
        factor *= 1.0 - m.share[index(tier)] * m.first->drug_share * (1.0 - value_at(m.paths, year, 1.0));
      model.set_cost_factor(tier, factor);
    }
  }
  // Shared results: the alliance's settings do not repeat a referred patient's tests.
  if (!shared_results_.empty()) {
    for (Tier tier : settings) {
      if (!is_in_county(tier)) continue;
      double factor = 1.0;
      for (const Mechanism& m : shared_results_)
        factor *= 1.0 - m.share[index(tier)] * (1.0 - value_at(m.paths, year, 1.0));
      model.set_referred_cost_factor(tier, factor);
    }
  }
  // Remote consultation from the alliance's primary institutions.
  if (!remotes_.empty() && has(Tier::county)) {
    for (Tier tier : settings) {
      if (!is_primary(tier)) continue;
      double share = 0.0, fees = 0.0;
      for (const Mechanism& m : remotes_) {
        const double s = m.share[index(tier)] * value_at(m.paths, year, 0.0);
        share += s;
        fees += s * m.first->fee;
      }
      model.set_remote_consultation(tier, std::min(share, 1.0), share > 0.0 ? fees / share : 0.0);
    }
  }
}

void apply_interventions(FlowModel& model, const County& county, const FlowParameters& baseline,
                         const std::vector<Intervention>& interventions, int year) {
  LeverSchedule(model, county, baseline, interventions).apply(model, year, PerTier<double>{});
}

}  // namespace ygt
