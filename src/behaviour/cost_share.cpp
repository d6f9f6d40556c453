#include "yigongti/behaviour/cost_share.hpp"

#include <algorithm>

namespace ygt {
namespace {

/// Raises each entry of `m` (groups x lines) in the reached purses and lines
/// to at least `share` times the tier's weight (`tiers`), or `share` itself
/// in every group of the purse when `tiers` is null.
void raise(Eigen::MatrixXd& m, const std::vector<bool>& purses, const std::vector<bool>& lines, double share,
           const std::array<double, group_tiers>* tiers) {
  for (std::size_t p = 0; p < purses.size(); ++p) {
    if (!purses[p]) continue;
    for (std::size_t t = 0; t < group_tiers; ++t) {
      const Eigen::Index g = group_of(p, static_cast<Tier>(t));
      // A tier without a part of the distribution keeps what it had (its fee-for-service margin).
      if (tiers != nullptr && (*tiers)[t] == 0.0) continue;
      const double x = tiers != nullptr ? share * (*tiers)[t] : share;
      for (Eigen::Index l = 0; l < m.cols(); ++l) {
        if (lines[static_cast<std::size_t>(l)]) m(g, l) = std::max(m(g, l), x);
      }
    }
  }
}

/// The in-county tiers' parts of a distribution: each ratio over their sum.
std::array<double, group_tiers> tier_parts(const DistributionRule& rule) {
  double sum = 0.0;
  for (const double r : rule.ratios) sum += r;
  std::array<double, group_tiers> out{};
  for (std::size_t t = 0; t < group_tiers; ++t) out[t] = sum > 0.0 ? rule.ratios[t] / sum : 0.0;
  return out;
}

}  // namespace

CostShareModel::CostShareModel(const County& county, const FlowParameters& flows,
                               const std::vector<PaymentScheme>& schemes, const BehaviourParameters& params)
    : schemes_(&schemes),
      purses_(county.alliances().size() + 1),
      lines_(flows.lines.size()),
      margin_(params.ffs_margin) {
  const std::size_t unallied = purses_ - 1;
  const auto& institutions = county.institutions();
  for (const Township& t : county.townships()) {
    std::size_t purse = unallied;
    if (county.alliances().size() == 1) {
      purse = 0;
    } else {
      for (std::size_t i = 0; i < institutions.size(); ++i) {
        if (institutions[i].township() != t.id() || !is_primary(institutions[i].tier())) continue;
        const std::size_t a = county.alliance_index_of(i);
        if (a != County::no_alliance) purse = a;
        break;
      }
    }
    township_purse_.push_back(purse);
  }
  const auto alliance_purse = [&](const std::string& id) -> std::optional<std::size_t> {
    if (const Alliance* a = county.find_alliance(id))
      return static_cast<std::size_t>(a - county.alliances().data());
    return std::nullopt;
  };
  for (const PaymentScheme& s : schemes) {
    Reach r{std::vector<bool>(purses_, false), std::vector<bool>(lines_, true)};
    switch (s.kind()) {
      case SchemeKind::fee_for_service:
        break;
      case SchemeKind::global_budget: {
        if (auto p = alliance_purse(s.party)) r.purses[*p] = true;
        const auto& rule = std::get<GlobalBudgetParameters>(s.parameters).distribution;
        if (rule) r.tiers = tier_parts(*rule);
        break;
      }
      case SchemeKind::shared_savings:
        if (auto p = alliance_purse(s.party)) r.purses[*p] = true;
        break;
      case SchemeKind::capitation: {
        // Held by an alliance, or by a member institution: the alliance's
        // purse; by an institution outside alliances: the unallied purse.
        // Its distribution gives each tier its part; without one, an alliance
        // holder's tiers bear it all, an institution holder alone does (it
        // pays the others' care of its enrolled as fee for service).
        const auto& cap = std::get<CapitationParameters>(s.parameters);
        if (auto p = alliance_purse(s.party)) {
          r.purses[*p] = true;
        } else if (const Institution* holder = county.find_institution(s.party)) {
          const auto i = static_cast<std::size_t>(holder - county.institutions().data());
          const std::size_t a = county.alliance_index_of(i);
          r.purses[a == County::no_alliance ? unallied : a] = true;
          r.tiers = {};
          if (index(holder->tier()) < group_tiers) r.tiers[index(holder->tier())] = 1.0;
        }
        if (cap.distribution) r.tiers = tier_parts(*cap.distribution);
        const auto& covered = cap.service_lines;
        for (std::size_t l = 0; l < lines_; ++l)
          r.lines[l] = std::find(covered.begin(), covered.end(), flows.lines[l].id) != covered.end();
        break;
      }
      case SchemeKind::dip: {
        r.purses.assign(purses_, true);  // every in-county institution is paid by points
        const auto& groups = std::get<DipParameters>(s.parameters).groups;
        for (std::size_t l = 0; l < lines_; ++l) {
          r.lines[l] = std::any_of(groups.begin(), groups.end(),
                                   [&](const DipGroup& g) { return g.id == flows.lines[l].id; });
        }
        break;
      }
    }
    reach_.push_back(std::move(r));
  }
}

double CostShareModel::global_budget_share(const GlobalBudgetParameters& p, SchemeExpectation expectation) {
  if (!expectation || *expectation >= 0.0) {
    const double factor = p.assessment_score ? p.performance.factor(*p.assessment_score) : 1.0;
    return p.retention.value() * factor;
  }
  const double overspend = -*expectation;  // as a share of the budget
  double lower = 0.0;
  for (const OverspendBand& band : p.overspend) {
    if (overspend <= band.up_to && overspend > lower) return 1.0 - band.insurer_share.value();
    lower = band.up_to;
  }
  return 1.0;  // beyond the corridor the alliance bears all
}

double CostShareModel::shared_savings_share(const SharedSavingsParameters& p, SchemeExpectation expectation) {
  const Share quality = p.quality;
  if (!expectation || *expectation >= p.minimum_savings_rate.value())
    return p.sharing_rate.value() * quality.value();
  if (-*expectation >= p.minimum_loss_rate.value() && p.loss_cap.value() > 0.0)
    return p.loss_rate.rate(p.sharing_rate, quality).value();
  return 0.0;
}

void CostShareModel::compute(int year, double coverage, std::span<const SchemeExpectation> expectations,
                             CostShares& out) const {
  const auto rows = static_cast<Eigen::Index>(groups());
  const auto cols = static_cast<Eigen::Index>(lines_);
  out.volume.setConstant(rows, cols, -margin_);
  out.intensity.setConstant(rows, cols, -margin_);
  out.purse_volume.setConstant(rows, cols, -margin_);
  out.outside.setZero(rows, cols);
  for (std::size_t i = 0; i < schemes_->size(); ++i) {
    const PaymentScheme& s = (*schemes_)[i];
    if (!s.in_force(year)) continue;
    const Reach& r = reach_[i];
    switch (s.kind()) {
      case SchemeKind::fee_for_service:
        break;
      case SchemeKind::global_budget: {
        const auto& p = std::get<GlobalBudgetParameters>(s.parameters);
        double share = global_budget_share(p, expectations[i]);
        if (p.scope == BudgetScope::contracted_residents) share *= coverage;
        raise(out.volume, r.purses, r.lines, share, &r.tiers);
        raise(out.intensity, r.purses, r.lines, share, &r.tiers);
        raise(out.purse_volume, r.purses, r.lines, share, nullptr);
        if (p.out_of_county_deducted) raise(out.outside, r.purses, r.lines, share, nullptr);
        break;
      }
      case SchemeKind::capitation:
        // The holder pays all care of its enrolled on the covered lines, out of the county too.
        raise(out.volume, r.purses, r.lines, 1.0, &r.tiers);
        raise(out.intensity, r.purses, r.lines, 1.0, &r.tiers);
        raise(out.purse_volume, r.purses, r.lines, 1.0, nullptr);
        raise(out.outside, r.purses, r.lines, 1.0, nullptr);
        break;
      case SchemeKind::dip:
        // A case earns its points whatever it costs: every institution bears
        // its intensity; a case more earns more (volume stays at fee for service).
        raise(out.intensity, r.purses, r.lines, 1.0, nullptr);
        break;
      case SchemeKind::shared_savings: {
        const double share =
            shared_savings_share(std::get<SharedSavingsParameters>(s.parameters), expectations[i]);
        raise(out.volume, r.purses, r.lines, share, nullptr);
        raise(out.intensity, r.purses, r.lines, share, nullptr);
        raise(out.purse_volume, r.purses, r.lines, share, nullptr);
        raise(out.outside, r.purses, r.lines, share, nullptr);
        break;
      }
    }
  }
}

}  // namespace ygt
