#include "yigongti/behaviour/responses.hpp"

#include <algorithm>
#include <cmath>

namespace ygt {
namespace {

/// The fund cost of one encounter of `line` at `tier`, yuan.
double fund_per_encounter(const ServiceLine& line, const Insurance& insurance, Tier tier) {
  return line.cost[index(tier)] * insurance.rate(tier, line.care);
}

/// 1 - exp(-x) for x >= 0: a response that saturates at 1.
double saturating(double x) {
  return x > 0.0 ? -std::expm1(-x) : 0.0;
}

}  // namespace

double BehaviourModel::Saturation::operator()(double x) noexcept {
  // Most arguments repeat from year to year (a budget's share is the same each
  // year it is in surplus): the exponential is taken only when one changes.
  if (x != argument) {
    argument = x;
    value = saturating(x);
  }
  return value;
}

BehaviourModel::BehaviourModel(const County& county, const FlowParameters& baseline,
                               const std::vector<Tier>& settings, const std::vector<PaymentScheme>& schemes,
                               const BehaviourParameters& params)
    : params_(&params), shares_model_(county, baseline, schemes, params) {
  const std::size_t purses = shares_model_.purses();
  const std::size_t groups = shares_model_.groups();
  const std::size_t lines = baseline.lines.size();
  const auto k_count = static_cast<Eigen::Index>(settings.size());
  for (const Alliance& a : county.alliances()) purse_elasticities_.push_back(&params.elasticities_of(a.id()));
  purse_elasticities_.push_back(&params.elasticities);
  weights_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(purses));
  double people = 0.0;
  for (std::size_t t = 0; t < county.townships().size(); ++t) {
    const double n = county.townships()[t].total_population();
    weights_(static_cast<Eigen::Index>(shares_model_.purse_of_township(t))) += n;
    people += n;
  }
  if (people > 0.0) weights_ /= people;

  // Where the stakes are: the last setting inside the county, the highest primary one, the county.
  std::optional<Tier> last_inside;
  std::optional<Tier> top_primary;
  bool has_county = false;
  for (std::size_t k = 0; k < settings.size(); ++k) {
    const Tier t = settings[k];
    setting_tiers_.push_back(t);
    if (is_in_county(t) && index(t) < group_tiers) tiers_.push_back(t);
    if (is_in_county(t)) {
      last_inside = t;
      inside_.push_back(k);
    } else {
      outside_.push_back(k);
    }
    if (is_primary(t)) {
      top_primary = t;
      primary_.push_back(k);
    }
    has_county = has_county || t == Tier::county;
  }
  keep_stake_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(lines));
  down_stake_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(lines));
  for (std::size_t l = 0; l < lines; ++l) {
    const ServiceLine& line = baseline.lines[l];
    care_.push_back(line.care);
    const auto i = static_cast<Eigen::Index>(l);
    // The share of an encounter's fund cost saved where it is kept in the county or starts lower.
    const auto saved = [&](Tier from, Tier to) {
      const double f = fund_per_encounter(line, baseline.insurance, from);
      return f > 0.0 ? std::clamp(1.0 - fund_per_encounter(line, baseline.insurance, to) / f, 0.0, 1.0) : 0.0;
    };
    if (last_inside) keep_stake_(i) = saved(Tier::out_of_county, *last_inside);
    if (top_primary && has_county) down_stake_(i) = saved(Tier::county, *top_primary);
  }
  const auto l_count = static_cast<Eigen::Index>(lines);
  const auto t_count = static_cast<Eigen::Index>(group_tiers);
  for (auto& m : levels_) m = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(groups), l_count);
  for (auto& m : county_) m = Eigen::MatrixXd::Zero(t_count, l_count);
  where_ = Eigen::MatrixXd::Zero(t_count, l_count);

  FlowAdjustments& a = levers_.flows;
  a.episode_shift.assign(lines, 0.0);
  for (std::size_t l = 0; l < lines; ++l) a.partner.push_back(params.lines[l].outpatient_line);
  a.cost_factor = Eigen::MatrixXd::Ones(static_cast<Eigen::Index>(lines), k_count);
  a.utility_shift = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(lines), k_count);
  a.reimbursement_factor = Eigen::MatrixXd::Ones(k_count, 2);
  levers_.referral_keep.assign(lines, 0.0);
  purse_memo_.resize(purses * lines * 3);
  group_memo_.resize(groups * 2);
  for (Eigen::MatrixXd* m : {&shares_.volume, &shares_.intensity, &shares_.purse_volume, &shares_.outside})
    m->resize(static_cast<Eigen::Index>(groups), l_count);
}

void BehaviourModel::targets(std::size_t purse, std::size_t line, std::array<double, response_count>& out) {
  // The purse's responses; the groups' own (intensity, cost shifting) are set by `update`.
  const Elasticities& e = *purse_elasticities_[purse];
  const auto l = static_cast<Eigen::Index>(line);
  const Eigen::Index g = group_of(purse, Tier::county);  // any group of the purse: the purse's shares
  // The volume share above fee for service's, where the line's admissions
  // happen (each term exactly 0 under fee for service).
  const double m = params_->ffs_margin;
  double above = 0.0;
  for (std::size_t t = 0; t < group_tiers; ++t) {
    above += where_(static_cast<Eigen::Index>(t), l) *
             (shares_.volume(group_of(purse, static_cast<Tier>(t)), l) + m);
  }
  const double purse_volume = shares_.purse_volume(g, l);
  const double outside = shares_.outside(g, l);
  // Measured from fee for service (-m), under which the lines' rates are observed.
  const bool inpatient = care_[line] == CareType::inpatient;
  Saturation* memo = &purse_memo_[(purse * care_.size() + line) * 3];
  out[index(Response::discretionary)] =
      inpatient ? memo[0](e[index(Response::discretionary)] * std::max(above, 0.0)) : 0.0;
  out[index(Response::keep_in_county)] =
      memo[1](e[index(Response::keep_in_county)] * std::max(outside, 0.0) * keep_stake_(l));
  out[index(Response::send_down)] =
      memo[2](e[index(Response::send_down)] * std::max(purse_volume, 0.0) * down_stake_(l));
}

void BehaviourModel::update(int year, double coverage, std::span<const SchemeExpectation> expectations,
                            const FlowTable& last) {
  shares_model_.compute(year, coverage, expectations, shares_);
  const std::size_t purses = shares_model_.purses();
  const auto lines = static_cast<Eigen::Index>(care_.size());
  // Where each line's in-county encounters were last year, by tier.
  where_.setZero();
  for (std::size_t k : inside_) {
    const Tier t = setting_tiers_[k];
    if (index(t) < group_tiers)
      where_.row(static_cast<Eigen::Index>(index(t))) +=
          last.line_encounters.col(static_cast<Eigen::Index>(k)).transpose();
  }
  for (Eigen::Index l = 0; l < lines; ++l) {
    const double sum = where_.col(l).sum();
    if (sum > 0.0) where_.col(l) /= sum;
  }
  const double theta = started_ ? params_->adjustment : 1.0;
  constexpr std::size_t intensity = index(Response::intensity);
  constexpr std::size_t shifting = index(Response::cost_shifting);
  const auto adjust = [&](std::size_t r, Eigen::Index g, Eigen::Index l, double target) {
    levels_[r](g, l) += theta * (target - levels_[r](g, l));
  };
  // Tiers the county has no setting for, and purses without residents (whose
  // levels weigh nothing in the county's levers), keep their levels at 0.
  // The purse's own responses (discretionary, keeping, sending down) are the
  // same in each of its groups: worked out in the row of its last tier, then
  // copied to the others.
  constexpr std::array<std::size_t, 3> purse_responses = {
      index(Response::discretionary), index(Response::keep_in_county), index(Response::send_down)};
  const Tier last_tier = tiers_.empty() ? Tier::county : tiers_.back();
  const auto last_row = static_cast<Eigen::Index>(index(last_tier));
  std::array<double, response_count> target{};
  for (std::size_t p = 0; p < purses; ++p) {
    if (weights_(static_cast<Eigen::Index>(p)) == 0.0) continue;
    const Elasticities& e = *purse_elasticities_[p];
    const Eigen::Index g0 = group_of(p, last_tier);
    for (Eigen::Index l = 0; l < lines; ++l) {
      targets(p, static_cast<std::size_t>(l), target);
      for (const std::size_t r : purse_responses) {
        adjust(r, g0, l, target[r]);
        for (const Tier tier : tiers_) levels_[r](group_of(p, tier), l) = levels_[r](g0, l);
      }
    }
    // A scheme usually gives a group one intensity share on every line.
    for (const Tier tier : tiers_) {
      const Eigen::Index g = group_of(p, tier);
      Saturation* memo = &group_memo_[static_cast<std::size_t>(g) * 2];
      for (Eigen::Index l = 0; l < lines; ++l) {
        const double i = std::max(shares_.intensity(g, l), 0.0);
        target[intensity] = memo[0](e[intensity] * i);
        target[shifting] = memo[1](e[shifting] * i);
        adjust(intensity, g, l, target[intensity]);
        adjust(shifting, g, l, target[shifting]);
      }
    }
  }
  started_ = true;
  for (std::size_t r = 0; r < response_count; ++r) {
    Eigen::MatrixXd& county = county_[r];
    const bool purse_response = r != intensity && r != shifting;
    county.setZero();
    for (std::size_t p = 0; p < purses; ++p) {
      const double w = weights_(static_cast<Eigen::Index>(p));
      if (w == 0.0) continue;
      for (const Tier tier : tiers_) {
        if (purse_response && tier != last_tier) continue;
        const auto t = static_cast<Eigen::Index>(index(tier));
        const Eigen::Index g = group_of(p, tier);
        for (Eigen::Index l = 0; l < lines; ++l) county(t, l) += w * levels_[r](g, l);
      }
    }
    if (purse_response) {
      for (const Tier tier : tiers_)
        county.row(static_cast<Eigen::Index>(index(tier))) = county.row(last_row);
    }
  }
  mean_share_ = 0.0;
  for (std::size_t p = 0; p < purses && lines > 0; ++p) {
    mean_share_ +=
        weights_(static_cast<Eigen::Index>(p)) * shares_.purse_volume.row(group_of(p, Tier::county)).mean();
  }

  // The levers, from the residents' average levels.
  FlowAdjustments& a = levers_.flows;
  const auto purse_level = [&](Response r, Eigen::Index l) { return county_[index(r)](last_row, l); };
  double shift_sum[group_tiers][2] = {};
  int shift_lines[2] = {0, 0};
  for (Eigen::Index l = 0; l < lines; ++l) {
    const auto s = static_cast<std::size_t>(l);
    const LineBehaviour& b = params_->lines[s];
    a.episode_shift[s] = b.discretionary * purse_level(Response::discretionary, l);
    const double keep = purse_level(Response::keep_in_county, l);
    const double down = purse_level(Response::send_down, l);
    levers_.referral_keep[s] = params_->keep_referral_share * keep;
    for (std::size_t k : primary_) a.utility_shift(l, static_cast<Eigen::Index>(k)) = down;
    for (std::size_t k : outside_) a.utility_shift(l, static_cast<Eigen::Index>(k)) = -keep;
    for (std::size_t k : inside_) {
      const auto t = static_cast<Eigen::Index>(std::min(index(setting_tiers_[k]), group_tiers - 1));
      a.cost_factor(l, static_cast<Eigen::Index>(k)) =
          1.0 - b.compressible * county_[index(Response::intensity)](t, l);
    }
    const int c = static_cast<int>(care_[s]);
    for (std::size_t t = 0; t < group_tiers; ++t)
      shift_sum[t][c] += county_[index(Response::cost_shifting)](static_cast<Eigen::Index>(t), l);
    ++shift_lines[c];
  }
  for (std::size_t k : inside_) {
    const std::size_t t = std::min(index(setting_tiers_[k]), group_tiers - 1);
    for (int c = 0; c < 2; ++c) {
      const double mean = shift_lines[c] > 0 ? shift_sum[t][c] / shift_lines[c] : 0.0;
      a.reimbursement_factor(static_cast<Eigen::Index>(k), c) = 1.0 - mean;
    }
  }
}

}  // namespace ygt
