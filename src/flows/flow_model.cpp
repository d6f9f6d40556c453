#include "yigongti/flows/flow_model.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "yigongti/core/ids.hpp"

namespace ygt {
namespace {

/// At most six settings: small matrices live on the stack.
using SettingMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, 6, 6>;
using SettingVector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 6, 1>;

std::string tier_key(Tier t) {
  return std::string(to_string(t));
}

bool finite_in(double x, double lo, double hi) {
  return std::isfinite(x) && x >= lo && x <= hi;
}

/// The highest primary setting present (the target of down-referrals), or -1.
Eigen::Index down_target_of(const std::vector<Tier>& settings) {
  Eigen::Index target = -1;
  for (std::size_t k = 0; k < settings.size(); ++k) {
    if (is_primary(settings[k])) target = static_cast<Eigen::Index>(k);
  }
  return target;
}

/// The transient matrix Q of a line's referral chain (`docs/model.md`).
SettingMatrix referral_matrix(const std::vector<Tier>& settings, Eigen::Index down_target,
                              const PerTier<double>& capability, const PerTier<double>& down) {
  const auto n = static_cast<Eigen::Index>(settings.size());
  SettingMatrix q = SettingMatrix::Zero(n, n);
  for (Eigen::Index k = 0; k + 1 < n; ++k) {
    q(k, k + 1) = 1.0 - capability[index(settings[static_cast<std::size_t>(k)])];
  }
  if (down_target >= 0) {
    for (Eigen::Index k = 0; k < n; ++k) {
      const Tier t = settings[static_cast<std::size_t>(k)];
      if (t < Tier::county) continue;
      const double cap = k + 1 == n ? 1.0 : capability[index(t)];
      q(k, down_target) += cap * down[index(t)];
    }
  }
  return q;
}

/// A line's referral chain under capacity (`docs/model.md`, "Capacity"): by
/// setting, its capability, its down-referral probability (0 below county),
/// and the share `turned` of the patients presenting that capacity turns away;
/// `target` is the down-referral target, or -1.
struct LineChain {
  SettingVector cap, down, turned;
  Eigen::Index target = -1;
};

/// Where first contacts `f` go through the first `stop` settings of `c`.
struct ChainFlow {
  SettingVector presented, encounters, spill;
  double offered = 0.0;  ///< follow-ups referred down to the target (it may turn some away)
  double left = 0.0;     ///< what climbed past setting `stop - 1` (0 when `stop` is every setting)
};

/// One sweep up the settings, with `arriving` follow-ups presenting at the target.
void sweep_chain(const LineChain& c, const SettingVector& f, double arriving, Eigen::Index stop,
                 ChainFlow& out) {
  const Eigen::Index n = c.cap.size();
  out.presented.setZero(n);
  out.encounters.setZero(n);
  out.spill.setZero(n);
  out.offered = 0.0;
  double climbing = 0.0;  // referred up or turned away from the setting below
  for (Eigen::Index j = 0; j < stop; ++j) {
    const double from_below = f(j) + climbing;
    out.presented(j) = from_below + (j == c.target ? arriving : 0.0);
    out.encounters(j) = (1.0 - c.turned(j)) * out.presented(j);
    out.spill(j) = c.turned(j) * from_below;
    out.offered += out.encounters(j) * c.cap(j) * c.down(j);
    climbing = out.encounters(j) * (1.0 - c.cap(j)) + out.spill(j);
  }
  out.left = climbing;
}

/// The probability that one follow-up referred down is, through its episode,
/// referred down again (the loop of the chain; below 1 when every episode ends).
double loop_return(const LineChain& c) {
  ChainFlow once;
  sweep_chain(c, SettingVector::Zero(c.cap.size()), 1.0, c.cap.size(), once);
  return once.offered;
}

/// The flows of first contacts `f` through `c`: one sweep without follow-ups,
/// one per follow-up arriving at the target, and the follow-ups `D` that make
/// the two consistent, `D = offered_0 + D offered_1`. Throws `InputError` when
/// the chain never ends.
ChainFlow follow_chain(const LineChain& c, const SettingVector& f, Eigen::Index stop,
                       const std::string& line) {
  ChainFlow a;
  sweep_chain(c, f, 0.0, stop, a);
  if (c.target < 0 || a.offered == 0.0) return a;
  ChainFlow b;
  sweep_chain(c, SettingVector::Zero(f.size()), 1.0, stop, b);
  const double denominator = 1.0 - b.offered;
  if (!(denominator > 1e-12)) {
    throw InputError("service line " + line + ": the referral chain never ends under capacity");
  }
  const double follow_ups = a.offered / denominator;
  a.presented += follow_ups * b.presented;
  a.encounters += follow_ups * b.encounters;
  a.spill += follow_ups * b.spill;
  a.left += follow_ups * b.left;
  a.offered = follow_ups;
  return a;
}

/// Whether bed capacity moves the patients of `line` (an inpatient line
/// without a length of stay takes no bed-days, and is not moved).
bool moved_by_capacity(const ServiceLine& line) {
  return !(line.care == CareType::inpatient && line.length_of_stay == 0.0);
}

/// The capacity limits of `line`'s care type.
const PerTier<std::optional<double>>& limits_of(const Capacity& capacity, const ServiceLine& line) {
  return line.care == CareType::inpatient ? capacity.inpatient_bed_days : capacity.outpatient_encounters;
}

/// A full setting turns its follow-ups away and moves its other patients up,
/// which can close the chain's loop: checks that it ends whichever of the
/// settings with a capacity are full. The loop's probability is multilinear
/// in the turned-away shares (a setting is passed at most once on the way up
/// from the target), so its largest value is at a corner of [0, 1]^settings:
/// trying each setting full or free covers every year's capacity.
void check_chain_under_capacity(const std::vector<Tier>& settings, Eigen::Index target,
                                const ServiceLine& line, const Capacity& capacity, const std::string& path,
                                ProblemList& problems) {
  if (target < 0 || !moved_by_capacity(line)) return;
  const auto n = static_cast<Eigen::Index>(settings.size());
  LineChain c;
  c.target = target;
  c.cap.resize(n);
  c.down.resize(n);
  c.turned.setZero(n);
  std::vector<Eigen::Index> limited;
  for (Eigen::Index k = 0; k < n; ++k) {
    const Tier t = settings[static_cast<std::size_t>(k)];
    c.cap(k) = k + 1 == n ? 1.0 : line.capability[index(t)];
    c.down(k) = t >= Tier::county ? line.down_referral[index(t)] : 0.0;
    if (k + 1 < n && limits_of(capacity, line)[index(t)]) limited.push_back(k);
  }
  if (limited.empty() || !c.down.any()) return;
  for (unsigned corner = 1; corner < (1U << limited.size()); ++corner) {
    std::string full;
    for (std::size_t i = 0; i < limited.size(); ++i) {
      const bool is_full = ((corner >> i) & 1U) != 0;
      c.turned(limited[i]) = is_full ? 1.0 : 0.0;
      if (is_full)
        full += (full.empty() ? "" : ", ") + tier_key(settings[static_cast<std::size_t>(limited[i])]);
    }
    if (!(1.0 - loop_return(c) > 1e-12)) {
      problems.add(
          path,
          "when the capacity of " + full +
              " is full, a follow-up referred down is referred down again without end",
          "capability, down-referral and capacity that let every episode end when settings are full");
      return;
    }
  }
}

}  // namespace

Eigen::Index FlowTable::column(Tier tier) const noexcept {
  for (std::size_t k = 0; k < settings.size(); ++k) {
    if (settings[k] == tier) return static_cast<Eigen::Index>(k);
  }
  return -1;
}

double FlowTable::encounters_at(Tier tier) const noexcept {
  const Eigen::Index k = column(tier);
  return k < 0 ? 0.0 : line_encounters.col(k).sum();
}

bool has_line_value(Indicator i, CareType care) noexcept {
  switch (i) {
    case Indicator::encounters_village:
    case Indicator::encounters_community:
    case Indicator::encounters_township:
    case Indicator::encounters_county:
    case Indicator::encounters_municipal:
    case Indicator::encounters_out_of_county:
    case Indicator::county_encounter_share:
    case Indicator::encounters_primary:
    case Indicator::fund_spending:
      return true;
    case Indicator::outpatient_visits:
    case Indicator::outpatient_visit_rate:
      return care == CareType::outpatient;
    case Indicator::hospitalization_rate:
    case Indicator::out_of_county_admissions:
    case Indicator::out_of_county_inpatient_fund:
    case Indicator::avoided_admissions:
    case Indicator::cost_per_admission:
    case Indicator::fund_per_admission:
    case Indicator::oop_per_admission:
      return care == CareType::inpatient;
    default:
      return false;
  }
}

std::optional<double> FlowTable::line_indicator(Indicator i, std::size_t line, CareType care) const {
  if (!has_line_value(i, care)) return std::nullopt;
  const auto l = static_cast<Eigen::Index>(line);
  double all = 0.0, inside = 0.0, primary = 0.0, line_fund_all = 0.0, line_fund_in = 0.0;
  for (std::size_t k = 0; k < settings.size(); ++k) {
    const auto kk = static_cast<Eigen::Index>(k);
    all += line_encounters(l, kk);
    line_fund_all += line_fund(l, kk);
    if (is_in_county(settings[k])) {
      inside += line_encounters(l, kk);
      line_fund_in += line_fund(l, kk);
    }
    if (is_primary(settings[k])) primary += line_encounters(l, kk);
  }
  const auto ratio = [](double a, double b) { return b > 0.0 ? a / b : 0.0; };
  const double line_cost_all = line_cost.row(l).sum();
  switch (i) {
    case Indicator::encounters_village:
    case Indicator::encounters_community:
    case Indicator::encounters_township:
    case Indicator::encounters_county:
    case Indicator::encounters_municipal:
    case Indicator::encounters_out_of_county: {
      const auto tier = static_cast<Tier>(index(i) - index(Indicator::encounters_village));
      const Eigen::Index k = column(tier);
      return k < 0 ? 0.0 : line_encounters(l, k);
    }
    case Indicator::encounters_primary:
      return primary;
    case Indicator::county_encounter_share:
      return ratio(inside, all);
    case Indicator::fund_spending:
      return line_fund_all;
    case Indicator::out_of_county_inpatient_fund:
      return line_fund_all - line_fund_in;
    case Indicator::outpatient_visits:
      return all;
    case Indicator::hospitalization_rate:
    case Indicator::outpatient_visit_rate:
      return ratio(all, indicator(Indicator::population));
    case Indicator::out_of_county_admissions:
      return all - inside;
    case Indicator::avoided_admissions:
      return moved_episodes(l);
    case Indicator::cost_per_admission:
      return ratio(line_cost_all, all);
    case Indicator::fund_per_admission:
      return ratio(line_fund_all, all);
    default:  // oop_per_admission
      return ratio(line_cost_all - line_fund_all, all);
  }
}

std::vector<Problem> check_flow_parameters(const County& county, const FlowParameters& params) {
  ProblemList problems;
  const std::vector<Tier> settings = county.settings();
  const Eigen::Index down_target = down_target_of(settings);
  bool uses[2] = {false, false};
  for (std::size_t i = 0; i < params.lines.size(); ++i) {
    const ServiceLine& line = params.lines[i];
    const std::string p = "service_lines[" + std::to_string(i) + "]";
    const std::size_t before = problems.size();
    uses[static_cast<int>(line.care)] = true;
    if (!is_valid_id(line.id))
      problems.add(p + ".id", "invalid id \"" + line.id + "\"", std::string(id_expectation));
    for (std::size_t a = 0; a < age_count; ++a) {
      if (!finite_in(line.rate[a], 0.0, std::numeric_limits<double>::max())) {
        problems.add(p + ".rate", "rate " + std::to_string(line.rate[a]) + " at age " + std::to_string(a),
                     "finite rates >= 0");
        break;
      }
    }
    for (Tier t : settings) {
      const double cost = line.cost[index(t)];
      if (std::isnan(cost)) {
        problems.add(p + ".cost." + tier_key(t),
                     "no cost at the " + tier_key(t) + " setting, which the county has",
                     "yuan per encounter at every setting the county has");
      } else if (!finite_in(cost, 0.0, 1e12)) {
        problems.add(p + ".cost." + tier_key(t), "cost " + std::to_string(cost), "finite yuan >= 0");
      }
      if (t != Tier::out_of_county) {
        const double cap = line.capability[index(t)];
        if (std::isnan(cap)) {
          problems.add(p + ".capability." + tier_key(t),
                       "no capability at the " + tier_key(t) + " setting, which the county has",
                       "a probability in [0, 1] for every setting below out_of_county");
        } else if (!finite_in(cap, 0.0, 1.0)) {
          problems.add(p + ".capability." + tier_key(t), "capability " + std::to_string(cap),
                       "a probability in [0, 1]");
        }
      }
      const double down = line.down_referral[index(t)];
      if (!finite_in(down, 0.0, 1.0)) {
        problems.add(p + ".down_referral." + tier_key(t), "probability " + std::to_string(down),
                     "a probability in [0, 1]");
      } else if (down > 0.0 && t < Tier::county) {
        problems.add(p + ".down_referral." + tier_key(t),
                     "a primary setting has no setting below it to refer down to",
                     "down-referral probabilities at county, municipal or out_of_county settings only");
      } else if (down > 0.0 && down_target < 0) {
        problems.add(p + ".down_referral." + tier_key(t),
                     "the county has no primary setting (village, community or township) to refer down to",
                     "0, or a primary institution in the county");
      }
      if (!std::isfinite(line.asc[index(t)]))
        problems.add(p + ".asc." + tier_key(t), "not finite", "a finite number");
    }
    if (!finite_in(line.rate_scale, 0.0, std::numeric_limits<double>::max())) {
      problems.add(p + ".rate_scale", "rate factor " + std::to_string(line.rate_scale),
                   "a finite factor >= 0");
    }
    if (!finite_in(line.length_of_stay, 0.0, 366.0)) {
      problems.add(p + ".length_of_stay", "length of stay " + std::to_string(line.length_of_stay),
                   "0 to 366 days");
    }
    if (problems.size() != before) continue;
    // The referral chain must end: I - Q invertible, with non-negative encounters.
    const SettingMatrix q = referral_matrix(settings, down_target, line.capability, line.down_referral);
    const auto n = q.rows();
    const SettingMatrix a = SettingMatrix::Identity(n, n) - q;
    const Eigen::FullPivLU<SettingMatrix> lu(a);
    if (!lu.isInvertible()) {
      problems.add(p, "the referral chain never ends: I - Q is singular",
                   "capability and down-referral probabilities that let every episode end");
      continue;
    }
    const SettingMatrix nmat = lu.inverse();
    if (!nmat.allFinite() || (nmat.array() < -1e-12).any()) {
      problems.add(p, "the referral chain gives negative or infinite encounters",
                   "capability and down-referral probabilities that let every episode end");
      continue;
    }
    check_chain_under_capacity(settings, down_target, line, params.capacity, p, problems);
  }
  const ChoiceParameters& c = params.choice;
  for (auto [name, value] : {std::pair{"b_cap", c.b_cap}, std::pair{"b_time", c.b_time},
                             std::pair{"b_oop", c.b_oop}, std::pair{"b_fd", c.b_fd}}) {
    if (!std::isfinite(value))
      problems.add(std::string("choice.") + name, "not finite", "a finite coefficient");
  }
  for (Tier t : settings) {
    if (!std::isfinite(c.asc[index(t)]))
      problems.add("choice.asc." + tier_key(t), "not finite", "a finite number");
    for (CareType care : all_care_types) {
      if (!uses[static_cast<int>(care)]) continue;
      const double r = params.insurance.rate(t, care);
      if (std::isnan(r)) {
        problems.add(
            "insurance.reimbursement." + tier_key(t),
            "no " + std::string(to_string(care)) + " reimbursement rate at the " + tier_key(t) + " setting",
            "a rate in [0, 1] for every setting the county has (or in insurance." +
                std::string(to_string(care)) + ")");
      } else if (!finite_in(r, 0.0, 1.0)) {
        problems.add("insurance." + std::string(to_string(care)) + "." + tier_key(t),
                     "rate " + std::to_string(r), "a rate in [0, 1]");
      }
    }
  }
  if (!finite_in(params.insurance.family_doctor_coverage, 0.0, 1.0)) {
    problems.add("insurance.family_doctor_coverage",
                 "coverage " + std::to_string(params.insurance.family_doctor_coverage), "a share in [0, 1]");
  }
  for (Tier t : all_tiers) {
    for (auto [name, cap] :
         {std::pair{"outpatient_encounters", params.capacity.outpatient_encounters[index(t)]},
          std::pair{"inpatient_bed_days", params.capacity.inpatient_bed_days[index(t)]}}) {
      if (cap && !finite_in(*cap, 0.0, std::numeric_limits<double>::max())) {
        problems.add("capacity." + std::string(name) + "." + tier_key(t), "capacity " + std::to_string(*cap),
                     "a finite number >= 0");
      }
      if (cap && t == Tier::out_of_county) {
        problems.add("capacity." + std::string(name) + "." + tier_key(t),
                     "out_of_county has no capacity limit",
                     "capacity only for settings inside the county or municipal");
      }
    }
  }
  return problems.problems();
}

FlowModel::FlowModel(const County& county, FlowParameters params) : params_(std::move(params)) {
  ProblemList problems;
  problems.append(check_flow_parameters(county, params_));
  problems.throw_if_any("flow parameters of county " + county.id());

  settings_ = county.settings();
  const auto k_count = static_cast<Eigen::Index>(settings_.size());
  const auto l_count = static_cast<Eigen::Index>(params_.lines.size());
  const auto t_count = static_cast<Eigen::Index>(county.townships().size());
  top_ = k_count - 1;
  down_target_ = down_target_of(settings_);

  population_.resize(t_count, static_cast<Eigen::Index>(age_count));
  minutes_.resize(t_count, k_count);
  for (Eigen::Index t = 0; t < t_count; ++t) {
    const Township& town = county.townships()[static_cast<std::size_t>(t)];
    township_ids_.push_back(town.id());
    for (Eigen::Index a = 0; a < population_.cols(); ++a)
      population_(t, a) = town.population()[static_cast<std::size_t>(a)];
    for (Eigen::Index k = 0; k < k_count; ++k)
      minutes_(t, k) = town.minutes(settings_[static_cast<std::size_t>(k)]).value_or(0.0);
  }
  minutes_factor_ = Eigen::VectorXd::Ones(k_count);
  rates_.resize(l_count, static_cast<Eigen::Index>(age_count));
  cap_.resize(l_count, k_count);
  treat_.resize(l_count, k_count);
  down_.resize(l_count, k_count);
  remote_share_ = Eigen::VectorXd::Zero(k_count);
  remote_fee_ = Eigen::VectorXd::Zero(k_count);
  setting_cost_factor_ = Eigen::VectorXd::Ones(k_count);
  referred_cost_factor_ = Eigen::VectorXd::Ones(k_count);
  lead_ = -1;
  for (Eigen::Index k = 0; k < k_count; ++k) {
    if (settings_[static_cast<std::size_t>(k)] == Tier::county) lead_ = k;
  }
  cost_.resize(l_count, k_count);
  reimb_.resize(l_count, k_count);
  line_utility_.resize(l_count, k_count);
  exp_line_.resize(l_count, k_count);
  time_utility_.resize(t_count, k_count);
  exp_time_.resize(t_count, k_count);
  rate_factor_.assign(params_.lines.size(), 1.0);
  chain_.resize(params_.lines.size());
  leave_.resize(l_count, k_count);
  adjustments_.episode_shift.assign(params_.lines.size(), 0.0);
  for (std::size_t l = 0; l < params_.lines.size(); ++l) adjustments_.partner.push_back(l);
  adjustments_.cost_factor = Eigen::MatrixXd::Ones(l_count, k_count);
  adjustments_.utility_shift = Eigen::MatrixXd::Zero(l_count, k_count);
  adjustments_.reimbursement_factor = Eigen::MatrixXd::Ones(k_count, 2);
  for (Eigen::Index l = 0; l < l_count; ++l) {
    const ServiceLine& line = params_.lines[static_cast<std::size_t>(l)];
    line_ids_.push_back(line.id);
    for (Eigen::Index a = 0; a < rates_.cols(); ++a)
      rates_(l, a) = line.rate[static_cast<std::size_t>(a)] * line.rate_scale;
    for (Eigen::Index k = 0; k < k_count; ++k) {
      const Tier t = settings_[static_cast<std::size_t>(k)];
      cap_(l, k) = k == top_ ? 1.0 : line.capability[index(t)];
      treat_(l, k) = cap_(l, k);
      down_(l, k) = (t >= Tier::county && down_target_ >= 0) ? line.down_referral[index(t)] : 0.0;
      cost_(l, k) = line.cost[index(t)];
      reimb_(l, k) = params_.insurance.rate(t, line.care);
    }
    update_chain(static_cast<std::size_t>(l));
    update_line_utility(static_cast<std::size_t>(l));
  }
  stale_utility_.assign(params_.lines.size(), 0);
  update_time_utility();
  band_start_.reserve(age_count + 1);
  banded_rates_.resize(l_count, static_cast<Eigen::Index>(age_count));
  banded_population_.resize(t_count, static_cast<Eigen::Index>(age_count));
  update_bands();
}

void FlowModel::update_bands() {
  // An age starts a band when any line's rate differs from the age before.
  band_start_.clear();
  for (Eigen::Index a = 0; a < rates_.cols(); ++a) {
    if (a == 0 || rates_.col(a) != rates_.col(a - 1)) {
      banded_rates_.col(static_cast<Eigen::Index>(band_start_.size())) = rates_.col(a);
      band_start_.push_back(a);
    }
  }
  band_start_.push_back(rates_.cols());
  update_banded_population();
}

void FlowModel::update_banded_population() {
  for (std::size_t b = 0; b + 1 < band_start_.size(); ++b) {
    const Eigen::Index first = band_start_[b];
    const Eigen::Index width = band_start_[b + 1] - first;
    banded_population_.col(static_cast<Eigen::Index>(b)) =
        population_.middleCols(first, width).rowwise().sum();
  }
  people_ = banded_population_.leftCols(static_cast<Eigen::Index>(band_start_.size()) - 1).sum();
}

int FlowModel::find_line(std::string_view id) const noexcept {
  for (std::size_t l = 0; l < line_ids_.size(); ++l) {
    if (line_ids_[l] == id) return static_cast<int>(l);
  }
  return -1;
}

void FlowModel::update_chain(std::size_t line) {
  // Q is the upward referrals u_k = 1 - cap_k on the superdiagonal plus one
  // column, the down-referrals c_k = cap_k * down_k into the target d. So
  // I - Q = A - c e_d' with A unit upper bidiagonal, whose inverse is the
  // probability of climbing from k to j untreated, prod_{m=k}^{j-1} u_m, and
  // the rank-one column is folded in by Sherman-Morrison:
  //   N = A^-1 + (A^-1 c)(e_d' A^-1) / (1 - (A^-1 c)_d).
  // Exact algebra in O(settings^2), where a general LU would take O(settings^3).
  const auto l = static_cast<Eigen::Index>(line);
  const auto n = static_cast<Eigen::Index>(settings_.size());
  Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 6, 1> u(n);
  Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 6, 1> c =
      Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 6, 1>::Zero(n);
  for (Eigen::Index k = 0; k < n; ++k) {
    u(k) = k + 1 < n ? 1.0 - treat_(l, k) : 0.0;
    if (down_target_ >= 0) c(k) = treat_(l, k) * down_(l, k);
  }
  Eigen::MatrixXd& chain = chain_[line];
  chain.resize(n, n);  // allocates on the first call only
  for (Eigen::Index k = 0; k < n; ++k) {
    double p = 1.0;
    for (Eigen::Index j = 0; j < n; ++j) {
      if (j < k) {
        chain(k, j) = 0.0;
        continue;
      }
      chain(k, j) = p;
      p *= u(j);
    }
  }
  // A^-1 x by back substitution: y_k = x_k + u_k y_{k+1}.
  const auto solve_bidiagonal = [&](auto& y, Eigen::Index size) {
    for (Eigen::Index k = size - 2; k >= 0; --k) y(k) += u(k) * y(k + 1);
  };
  if (down_target_ >= 0 && c.any()) {
    Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 6, 1> y = c;
    solve_bidiagonal(y, n);
    const double denominator = 1.0 - y(down_target_);
    if (!(denominator > 1e-12)) {
      throw InputError("service line " + line_ids_[line] +
                       ": the referral chain never ends (I - Q is singular)");
    }
    const Eigen::Matrix<double, 1, Eigen::Dynamic, Eigen::RowMajor, 1, 6> row = chain.row(down_target_);
    chain.noalias() += (y / denominator) * row;
  }
  if (!chain.allFinite() || (chain.array() < -1e-12).any()) {
    throw InputError("service line " + line_ids_[line] +
                     ": the referral chain never ends (I - Q is singular)");
  }

  // The probability that an episode begun at k ever reaches a setting outside
  // the county: outside settings are made absorbing, h = 1 there, and inside
  // h_in = Q_in,in h_in + Q_in,out 1, the same structure on the inside block
  // (only the climb out of the last inside setting leaves it).
  Eigen::Index inside = 0;
  while (inside < n && is_in_county(settings_[static_cast<std::size_t>(inside)])) ++inside;
  for (Eigen::Index k = inside; k < n; ++k) leave_(l, k) = 1.0;
  if (inside > 0) {
    Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 6, 1> x =
        Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 6, 1>::Zero(inside);
    if (inside < n) x(inside - 1) = u(inside - 1);
    solve_bidiagonal(x, inside);
    if (down_target_ >= 0 && down_target_ < inside) {
      Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 6, 1> y = c.head(inside);
      solve_bidiagonal(y, inside);
      const double denominator = 1.0 - y(down_target_);
      if (denominator > 1e-12) x += y * (x(down_target_) / denominator);
    }
    for (Eigen::Index k = 0; k < inside; ++k) leave_(l, k) = std::clamp(x(k), 0.0, 1.0);
  }
}

void FlowModel::update_line_utility(std::size_t line) {
  const auto l = static_cast<Eigen::Index>(line);
  const ServiceLine& sl = params_.lines[line];
  const ChoiceParameters& c = params_.choice;
  const double coverage = params_.insurance.family_doctor_coverage;
  for (Eigen::Index k = 0; k < line_utility_.cols(); ++k) {
    const Tier t = settings_[static_cast<std::size_t>(k)];
    const double oop = cost_(l, k) * (1.0 - reimb_(l, k));
    line_utility_(l, k) = c.asc[index(t)] + sl.asc[index(t)] + c.b_cap * cap_(l, k) - c.b_oop * oop / 100.0 +
                          (is_primary(t) ? c.b_fd * coverage : 0.0) + adjustments_.utility_shift(l, k);
  }
  const double m = line_utility_.row(l).maxCoeff();
  exp_line_.row(l) = (line_utility_.row(l).array() - m).exp().matrix();
}

void FlowModel::touch_utility(std::size_t line) {
  if (deferring_) {
    stale_utility_[line] = 1;
  } else {
    update_line_utility(line);
  }
}

void FlowModel::end_changes() noexcept {
  deferring_ = false;
  for (std::size_t l = 0; l < stale_utility_.size(); ++l) {
    if (stale_utility_[l] == 0) continue;
    update_line_utility(l);
    stale_utility_[l] = 0;
  }
}

void FlowModel::update_time_utility() {
  for (Eigen::Index t = 0; t < time_utility_.rows(); ++t) {
    for (Eigen::Index k = 0; k < time_utility_.cols(); ++k) {
      time_utility_(t, k) = -params_.choice.b_time * minutes_(t, k) * minutes_factor_(k);
    }
    const double m = time_utility_.row(t).maxCoeff();
    exp_time_.row(t) = (time_utility_.row(t).array() - m).exp().matrix();
  }
}

void FlowModel::set_population(const Eigen::Ref<const Eigen::MatrixXd>& population) {
  if (population.rows() != population_.rows() || population.cols() != population_.cols()) {
    throw std::invalid_argument("FlowModel::set_population: expected townships x 101 ages");
  }
  population_ = population;
  update_banded_population();
}

void FlowModel::swap_population(Eigen::MatrixXd& population) {
  if (population.rows() != population_.rows() || population.cols() != population_.cols()) {
    throw std::invalid_argument("FlowModel::swap_population: expected townships x 101 ages");
  }
  population_.swap(population);
  update_banded_population();
}

void FlowModel::set_capability(std::size_t line, Tier tier, double value) {
  const auto k =
      static_cast<Eigen::Index>(std::find(settings_.begin(), settings_.end(), tier) - settings_.begin());
  if (line >= line_ids_.size() || k >= top_ || !finite_in(value, 0.0, 1.0)) {
    throw std::invalid_argument("FlowModel::set_capability: no such line or setting, or not a probability");
  }
  params_.lines[line].capability[index(tier)] = value;
  cap_(static_cast<Eigen::Index>(line), k) = value;
  update_treatment(line);
  update_chain(line);
  touch_utility(line);
}

void FlowModel::set_capabilities(std::size_t line, const PerTier<double>& values) {
  if (line >= line_ids_.size()) throw std::invalid_argument("FlowModel::set_capabilities: no such line");
  for (Eigen::Index k = 0; k < top_; ++k) {
    if (!finite_in(values[index(settings_[static_cast<std::size_t>(k)])], 0.0, 1.0))
      throw std::invalid_argument("FlowModel::set_capabilities: not a probability");
  }
  bool changed = false;
  for (Eigen::Index k = 0; k < top_; ++k) {
    const Tier tier = settings_[static_cast<std::size_t>(k)];
    double& current = params_.lines[line].capability[index(tier)];
    if (current == values[index(tier)]) continue;
    current = values[index(tier)];
    cap_(static_cast<Eigen::Index>(line), k) = current;
    changed = true;
  }
  if (!changed) return;
  update_treatment(line);
  update_chain(line);
  touch_utility(line);
}

void FlowModel::set_reimbursement(Tier tier, CareType care, double value) {
  const auto k =
      static_cast<Eigen::Index>(std::find(settings_.begin(), settings_.end(), tier) - settings_.begin());
  if (k >= static_cast<Eigen::Index>(settings_.size()) || !finite_in(value, 0.0, 1.0)) {
    throw std::invalid_argument("FlowModel::set_reimbursement: no such setting, or not a rate in [0, 1]");
  }
  (care == CareType::outpatient ? params_.insurance.outpatient : params_.insurance.inpatient)[index(tier)] =
      value;
  const double factor = adjustments_.reimbursement_factor(k, static_cast<Eigen::Index>(care));
  for (std::size_t l = 0; l < params_.lines.size(); ++l) {
    if (params_.lines[l].care != care) continue;
    reimb_(static_cast<Eigen::Index>(l), k) = value * factor;
    touch_utility(l);
  }
}

void FlowModel::set_adjustments(const FlowAdjustments& a) {
  const auto l_count = static_cast<Eigen::Index>(params_.lines.size());
  const auto k_count = static_cast<Eigen::Index>(settings_.size());
  bool good = a.episode_shift.size() == params_.lines.size() && a.partner.size() == params_.lines.size() &&
              a.cost_factor.rows() == l_count && a.cost_factor.cols() == k_count &&
              a.utility_shift.rows() == l_count && a.utility_shift.cols() == k_count &&
              a.reimbursement_factor.rows() == k_count && a.reimbursement_factor.cols() == 2;
  for (std::size_t l = 0; good && l < a.episode_shift.size(); ++l) {
    good = finite_in(a.episode_shift[l], -1.0, 1.0) && a.partner[l] < params_.lines.size();
  }
  good = good && a.cost_factor.allFinite() && (a.cost_factor.array() > 0.0).all() &&
         a.utility_shift.allFinite() && (a.reimbursement_factor.array() >= 0.0).all() &&
         (a.reimbursement_factor.array() <= 1.0).all();
  if (!good) throw std::invalid_argument("FlowModel::set_adjustments: sizes or values out of range");
  adjustments_.episode_shift = a.episode_shift;
  adjustments_.partner = a.partner;
  adjustments_.cost_factor = a.cost_factor;
  adjustments_.utility_shift = a.utility_shift;
  adjustments_.reimbursement_factor = a.reimbursement_factor;
  for (Eigen::Index l = 0; l < l_count; ++l) {
    const ServiceLine& line = params_.lines[static_cast<std::size_t>(l)];
    for (Eigen::Index k = 0; k < k_count; ++k) {
      const Tier t = settings_[static_cast<std::size_t>(k)];
      cost_(l, k) = line.cost[index(t)] * adjustments_.cost_factor(l, k) * setting_cost_factor_(k);
      reimb_(l, k) = params_.insurance.rate(t, line.care) *
                     adjustments_.reimbursement_factor(k, static_cast<Eigen::Index>(line.care));
    }
    touch_utility(static_cast<std::size_t>(l));
  }
}

void FlowModel::set_minutes_factor(Tier tier, double factor) {
  const auto k =
      static_cast<Eigen::Index>(std::find(settings_.begin(), settings_.end(), tier) - settings_.begin());
  if (k >= static_cast<Eigen::Index>(settings_.size()) || !(factor > 0.0) || !std::isfinite(factor)) {
    throw std::invalid_argument("FlowModel::set_minutes_factor: no such setting, or not a factor > 0");
  }
  minutes_factor_(k) = factor;
  update_time_utility();
}

void FlowModel::set_coverage(double coverage) {
  if (!finite_in(coverage, 0.0, 1.0))
    throw std::invalid_argument("FlowModel::set_coverage: not a share in [0, 1]");
  if (params_.insurance.family_doctor_coverage == coverage) return;
  params_.insurance.family_doctor_coverage = coverage;
  for (std::size_t l = 0; l < params_.lines.size(); ++l) touch_utility(l);
}

void FlowModel::update_treatment(std::size_t line) {
  // A patient a primary setting would refer up is resolved there after a
  // remote consultation with the lead hospital with probability
  // share x the lead's capability for the line.
  const auto l = static_cast<Eigen::Index>(line);
  for (Eigen::Index k = 0; k < treat_.cols(); ++k) {
    const double cap = cap_(l, k);
    const double resolved = lead_ >= 0 && remote_share_(k) > 0.0 ? remote_share_(k) * cap_(l, lead_) : 0.0;
    treat_(l, k) = resolved > 0.0 ? cap + (1.0 - cap) * resolved : cap;
  }
}

Eigen::Index FlowModel::column_of(Tier tier) const noexcept {
  const auto it = std::find(settings_.begin(), settings_.end(), tier);
  return it == settings_.end() ? -1 : static_cast<Eigen::Index>(it - settings_.begin());
}

void FlowModel::set_down_referral(std::size_t line, Tier tier, double value) {
  const Eigen::Index k = column_of(tier);
  if (line >= line_ids_.size() || k < 0 || tier < Tier::county || down_target_ < 0 ||
      !finite_in(value, 0.0, 1.0)) {
    throw std::invalid_argument(
        "FlowModel::set_down_referral: no such line or setting at county level or above, no primary setting "
        "to refer to, or not a probability");
  }
  double& current = params_.lines[line].down_referral[index(tier)];
  if (current == value) return;
  current = value;
  down_(static_cast<Eigen::Index>(line), k) = value;
  update_chain(line);
}

void FlowModel::set_cost_factor(Tier tier, double factor) {
  const Eigen::Index k = column_of(tier);
  if (k < 0 || !(factor > 0.0) || !std::isfinite(factor)) {
    throw std::invalid_argument("FlowModel::set_cost_factor: no such setting, or not a factor > 0");
  }
  if (setting_cost_factor_(k) == factor) return;
  setting_cost_factor_(k) = factor;
  for (std::size_t l = 0; l < params_.lines.size(); ++l) {
    const auto li = static_cast<Eigen::Index>(l);
    cost_(li, k) = params_.lines[l].cost[index(tier)] * adjustments_.cost_factor(li, k) * factor;
    touch_utility(l);
  }
}

void FlowModel::set_referred_cost_factor(Tier tier, double factor) {
  const Eigen::Index k = column_of(tier);
  if (k < 0 || !is_in_county(tier) || !finite_in(factor, 1e-6, 1.0)) {
    throw std::invalid_argument(
        "FlowModel::set_referred_cost_factor: no such setting in the county, or not a factor in [1e-6, 1]");
  }
  referred_cost_factor_(k) = factor;
}

void FlowModel::set_capacity(Tier tier, CareType care, std::optional<double> limit) {
  const Eigen::Index k = column_of(tier);
  if (k < 0 || k == top_ || (limit && !finite_in(*limit, 0.0, std::numeric_limits<double>::max()))) {
    throw std::invalid_argument(
        "FlowModel::set_capacity: no such setting below the top, or not a number >= 0");
  }
  auto& limits = care == CareType::inpatient ? params_.capacity.inpatient_bed_days
                                             : params_.capacity.outpatient_encounters;
  limits[index(tier)] = limit;
}

void FlowModel::set_remote_consultation(Tier tier, double share, double fee) {
  const Eigen::Index k = column_of(tier);
  if (k < 0 || !is_primary(tier) || lead_ < 0 || !finite_in(share, 0.0, 1.0) || !finite_in(fee, 0.0, 1e9)) {
    throw std::invalid_argument(
        "FlowModel::set_remote_consultation: no such primary setting, no county setting to consult, or a "
        "share "
        "outside [0, 1] or a fee outside [0, 1e9]");
  }
  remote_fee_(k) = fee;
  if (remote_share_(k) == share) return;
  remote_share_(k) = share;
  for (std::size_t l = 0; l < params_.lines.size(); ++l) {
    update_treatment(l);
    update_chain(l);
  }
}

void FlowModel::set_rate_factor(std::size_t line, double factor) {
  if (line >= line_ids_.size() || !(factor >= 0.0) || !std::isfinite(factor)) {
    throw std::invalid_argument("FlowModel::set_rate_factor: no such line, or not a factor >= 0");
  }
  if (rate_factor_[line] == factor) return;
  rate_factor_[line] = factor;
  const auto& base = params_.lines[line].rate;
  const double scale = params_.lines[line].rate_scale;
  for (Eigen::Index a = 0; a < rates_.cols(); ++a) {
    rates_(static_cast<Eigen::Index>(line), a) = base[static_cast<std::size_t>(a)] * scale * factor;
  }
  update_bands();
}

FlowTable FlowModel::make_table(FlowDetail detail) const {
  FlowTable out;
  out.townships = township_ids_;
  out.lines = line_ids_;
  out.settings = settings_;
  out.detail = detail;
  const Eigen::Index cells = population_.rows() * rates_.rows();
  const auto k = static_cast<Eigen::Index>(settings_.size());
  out.demand.setZero(population_.rows(), rates_.rows());
  out.first_contacts.setZero(cells, k);
  if (detail == FlowDetail::cells) {
    for (Eigen::MatrixXd* m : {&out.shares, &out.encounters, &out.referrals_up, &out.referrals_down,
                               &out.spill, &out.cost, &out.fund, &out.oop}) {
      m->setZero(cells, k);
    }
  }
  for (Eigen::MatrixXd* m :
       {&out.line_first_contacts, &out.line_encounters, &out.line_spill, &out.line_cost, &out.line_fund}) {
    m->setZero(rates_.rows(), k);
  }
  out.township_fund_outside.setZero(population_.rows());
  out.moved_episodes.setZero(rates_.rows());
  out.setting_cost.assign(settings_.size(), Money{});
  out.setting_fund.assign(settings_.size(), Money{});
  out.setting_oop.assign(settings_.size(), Money{});
  out.indicators = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(indicator_count));
  out.weights = Eigen::VectorXd::Ones(static_cast<Eigen::Index>(indicator_count));
  out.turned_away.setZero(rates_.rows(), k);
  out.workspace_.setZero(population_.rows(), 1);
  out.capacity_chain_.setZero(rates_.rows() * k, k);
  out.capacity_spill_.setZero(rates_.rows() * k, k);
  out.capacity_leave_.setZero(rates_.rows(), k);
  out.binds_.assign(params_.lines.size(), 0);
  return out;
}

template <bool Cells>
void FlowModel::choose(FlowTable& out) const {
  const Eigen::Index t_count = population_.rows();
  const Eigen::Index l_count = rates_.rows();
  const auto k_count = static_cast<Eigen::Index>(settings_.size());
  constexpr double underflow = 1e-250;
  auto scale = out.workspace_.col(0);

  // One line at a time, all its townships together (a block of rows).
  for (Eigen::Index l = 0; l < l_count; ++l) {
    auto f = out.first_contacts.middleRows(l * t_count, t_count);
    // First-contact shares: exp(V) separates into a line part and a township
    // part, each taken relative to its own maximum; only when their product
    // underflows is the full log-sum-exp computed.
    for (Eigen::Index k = 0; k < k_count; ++k) f.col(k) = exp_time_.col(k) * exp_line_(l, k);
    scale = f.rowwise().sum();
    if (!(scale.array() > underflow).all()) {
      for (Eigen::Index t = 0; t < t_count; ++t) {
        if (scale(t) > underflow) continue;
        double m = -std::numeric_limits<double>::infinity();
        for (Eigen::Index k = 0; k < k_count; ++k) m = std::max(m, line_utility_(l, k) + time_utility_(t, k));
        scale(t) = 0.0;
        for (Eigen::Index k = 0; k < k_count; ++k) {
          f(t, k) = std::exp(line_utility_(l, k) + time_utility_(t, k) - m);
          scale(t) += f(t, k);
        }
      }
    }
    if constexpr (Cells) {
      out.shares.middleRows(l * t_count, t_count) = f.array().colwise() / scale.array();
    }
    // First contacts: the weights times demand / their sum.
    scale.array() = out.demand.col(l).array() / scale.array();
    f.array().colwise() *= scale.array();
    out.line_first_contacts.row(l) = f.colwise().sum();
  }
}

Eigen::Ref<const Eigen::MatrixXd> FlowModel::chain_of(const FlowTable& out, Eigen::Index l) const {
  const auto n = static_cast<Eigen::Index>(settings_.size());
  if (out.binds_[static_cast<std::size_t>(l)] != 0) return out.capacity_chain_.middleRows(l * n, n);
  return chain_[static_cast<std::size_t>(l)];
}

template <bool Cells>
void FlowModel::refer(FlowTable& out) const {
  const Eigen::Index t_count = population_.rows();
  const Eigen::Index l_count = rates_.rows();
  const auto k_count = static_cast<Eigen::Index>(settings_.size());
  for (Eigen::Index l = 0; l < l_count; ++l) {
    const bool binds = out.binds_[static_cast<std::size_t>(l)] != 0;
    const auto f = out.first_contacts.middleRows(l * t_count, t_count);
    const Eigen::Ref<const Eigen::MatrixXd> n = chain_of(out, l);
    // The line's totals from its total first contacts: through N when no
    // setting turned its patients away; `apply_capacity` set them otherwise.
    if (!binds) {
      out.line_encounters.row(l).noalias() = out.line_first_contacts.row(l).lazyProduct(n);
      out.line_spill.row(l).setZero();
    }
    if constexpr (Cells) {
      // The cells column by column over N's non-zero entries.
      const double accepted = down_target_ >= 0 ? 1.0 - out.turned_away(l, down_target_) : 0.0;
      auto e = out.encounters.middleRows(l * t_count, t_count);
      auto spill = out.spill.middleRows(l * t_count, t_count);
      for (Eigen::Index j = 0; j < k_count; ++j) {
        e.col(j).setZero();
        spill.col(j).setZero();
        for (Eigen::Index k = 0; k < k_count; ++k) {
          if (n(k, j) != 0.0) e.col(j) += n(k, j) * f.col(k);
          if (binds && out.capacity_spill_(l * k_count + k, j) != 0.0)
            spill.col(j) += out.capacity_spill_(l * k_count + k, j) * f.col(k);
        }
        out.referrals_up.middleRows(l * t_count, t_count).col(j) =
            e.col(j) * (j == top_ ? 0.0 : 1.0 - treat_(l, j));
        out.referrals_down.middleRows(l * t_count, t_count).col(j) =
            e.col(j) * (treat_(l, j) * down_(l, j) * accepted);
      }
    }
  }
}

void FlowModel::compute_demand(FlowTable& out) const {
  // D = P U^T, by age band.
  const auto bands = static_cast<Eigen::Index>(band_start_.size()) - 1;
  const auto p = banded_population_.leftCols(bands);
  const auto u = banded_rates_.leftCols(bands).transpose();
  if (bands <= 16) {
    out.demand.noalias() = p.lazyProduct(u);  // a few products each: no packing
  } else {
    out.demand.noalias() = p * u;
  }
  // Episodes moved between lines by behaviour (discretionary admissions).
  out.moved_episodes.setZero();
  auto moved = out.workspace_.col(0);
  for (std::size_t l = 0; l < adjustments_.episode_shift.size(); ++l) {
    const double share = adjustments_.episode_shift[l];
    if (share == 0.0) continue;
    const auto from = static_cast<Eigen::Index>(l);
    const auto to = static_cast<Eigen::Index>(adjustments_.partner[l]);
    if (share > 0.0) {
      moved = out.demand.col(from) * share;
    } else {
      moved = (out.demand.col(from) * -share).cwiseMin(out.demand.col(to));
      moved = -moved;
    }
    out.demand.col(from) -= moved;
    out.demand.col(to) += moved;
    out.moved_episodes(from) += moved.sum();
    out.moved_episodes(to) -= moved.sum();
  }
}

void FlowModel::apply_capacity(FlowTable& out) const {
  // The shares turned away, m[care][k], found setting by setting from the
  // lowest up: a setting's load counts every patient presenting there under
  // the shares already found, and m = 1 - capacity / load where the load is
  // over. With down-referrals, the target's load depends on the settings
  // above it: the sweeps repeat until no share moves (the loop returns fewer
  // than all of its follow-ups, so they converge geometrically).
  const Eigen::Index l_count = rates_.rows();
  const auto k_count = static_cast<Eigen::Index>(settings_.size());
  out.turned_away.setZero();
  std::fill(out.binds_.begin(), out.binds_.end(), 0);
  bool limited = false;
  for (Eigen::Index k = 0; k < top_; ++k) {
    const Tier t = settings_[static_cast<std::size_t>(k)];
    limited = limited || params_.capacity.outpatient_encounters[index(t)] ||
              params_.capacity.inpatient_bed_days[index(t)];
  }
  if (!limited) return;

  double turned[2][6] = {};
  LineChain c;
  c.target = down_target_;
  c.turned.resize(k_count);
  const auto chain_of_line = [&](Eigen::Index l) -> const LineChain& {
    const ServiceLine& line = params_.lines[static_cast<std::size_t>(l)];
    c.cap = treat_.row(l).transpose();
    c.down = down_.row(l).transpose();
    const bool moved = moved_by_capacity(line);
    for (Eigen::Index k = 0; k < k_count; ++k)
      c.turned(k) = moved ? turned[static_cast<int>(line.care)][k] : 0.0;
    return c;
  };
  SettingVector f(k_count);
  constexpr int most_sweeps = 500;
  for (int sweep = 0; sweep < most_sweeps; ++sweep) {
    double change = 0.0;
    for (Eigen::Index k = 0; k < top_; ++k) {
      const Tier t = settings_[static_cast<std::size_t>(k)];
      const std::optional<double> limit[2] = {params_.capacity.outpatient_encounters[index(t)],
                                              params_.capacity.inpatient_bed_days[index(t)]};
      if (!limit[0] && !limit[1]) continue;
      double load[2] = {0.0, 0.0};
      for (Eigen::Index l = 0; l < l_count; ++l) {
        const ServiceLine& line = params_.lines[static_cast<std::size_t>(l)];
        const int care = static_cast<int>(line.care);
        if (!limit[care] || !moved_by_capacity(line)) continue;
        f = out.line_first_contacts.row(l).transpose();
        const ChainFlow flow = follow_chain(chain_of_line(l), f, k_count, line.id);
        load[care] += flow.presented(k) * (line.care == CareType::inpatient ? line.length_of_stay : 1.0);
      }
      for (int care = 0; care < 2; ++care) {
        if (!limit[care]) continue;
        const double m = load[care] > *limit[care] ? 1.0 - *limit[care] / load[care] : 0.0;
        change = std::max(change, std::fabs(m - turned[care][k]));
        turned[care][k] = m;
      }
    }
    if (change <= 1e-15) break;
  }

  // The lines whose patients were turned away: their chain per first contact
  // (encounters, spill, the chance of leaving the county) and their totals.
  Eigen::Index inside = 0;
  while (inside < k_count && is_in_county(settings_[static_cast<std::size_t>(inside)])) ++inside;
  for (Eigen::Index l = 0; l < l_count; ++l) {
    const ServiceLine& line = params_.lines[static_cast<std::size_t>(l)];
    const LineChain& lc = chain_of_line(l);
    if (!lc.turned.any()) continue;
    out.binds_[static_cast<std::size_t>(l)] = 1;
    out.turned_away.row(l) = lc.turned.transpose();
    for (Eigen::Index k = 0; k < k_count; ++k) {
      f.setZero();
      f(k) = 1.0;
      const ChainFlow one = follow_chain(lc, f, k_count, line.id);
      out.capacity_chain_.row(l * k_count + k) = one.encounters.transpose();
      out.capacity_spill_.row(l * k_count + k) = one.spill.transpose();
      out.capacity_leave_(l, k) = k < inside ? follow_chain(lc, f, inside, line.id).left : 1.0;
    }
    f = out.line_first_contacts.row(l).transpose();
    const ChainFlow total = follow_chain(lc, f, k_count, line.id);
    out.line_encounters.row(l) = total.encounters.transpose();
    out.line_spill.row(l) = total.spill.transpose();
  }
}

void FlowModel::compute_money(FlowTable& out) const {
  const Eigen::Index l_count = rates_.rows();
  const auto k_count = static_cast<Eigen::Index>(settings_.size());
  const bool remote = remote_share_.any();
  // Money by line, then by setting rounded once to the fen.
  for (Eigen::Index k = 0; k < k_count; ++k) {
    double cost = 0.0, fund = 0.0;
    for (Eigen::Index l = 0; l < l_count; ++l) {
      double c = out.line_encounters(l, k) * cost_(l, k);
      if (referred_cost_factor_(k) != 1.0) {
        // Shared results: a referred patient's tests are not repeated.
        const double referred =
            out.line_encounters(l, k) - (1.0 - out.turned_away(l, k)) * out.line_first_contacts(l, k);
        c -= (1.0 - referred_cost_factor_(k)) * std::max(referred, 0.0) * cost_(l, k);
      }
      if (k == lead_ && remote) {
        // Remote consultations are paid to the county hospital.
        for (Eigen::Index j = 0; j < k_count; ++j)
          c += out.line_encounters(l, j) * (1.0 - cap_(l, j)) * remote_share_(j) * remote_fee_(j);
      }
      out.line_cost(l, k) = c;
      out.line_fund(l, k) = c * reimb_(l, k);
      cost += c;
      fund += out.line_fund(l, k);
    }
    const auto ks = static_cast<std::size_t>(k);
    out.setting_cost[ks] = Money::round_from_yuan(cost);
    out.setting_fund[ks] = Money::round_from_yuan(fund);
    out.setting_oop[ks] = out.setting_cost[ks] - out.setting_fund[ks];
  }
}

void FlowModel::compute_outside_fund(FlowTable& out) const {
  const Eigen::Index t_count = population_.rows();
  const Eigen::Index l_count = rates_.rows();
  const auto k_count = static_cast<Eigen::Index>(settings_.size());
  // Each township's fund spending outside the county: its first contacts
  // times h = N g, where g is the fund per encounter outside the county and N
  // the line's chain under this year's capacity.
  out.township_fund_outside.setZero();
  for (Eigen::Index l = 0; l < l_count; ++l) {
    SettingVector g(k_count);
    for (Eigen::Index k = 0; k < k_count; ++k)
      g(k) = is_in_county(settings_[static_cast<std::size_t>(k)]) ? 0.0 : cost_(l, k) * reimb_(l, k);
    const SettingVector h = chain_of(out, l) * g;
    const auto f = out.first_contacts.middleRows(l * t_count, t_count);
    for (Eigen::Index k = 0; k < k_count; ++k) {
      if (h(k) != 0.0) out.township_fund_outside += f.col(k) * h(k);
    }
  }
}

void FlowModel::compute_cell_money(FlowTable& out) const {
  const Eigen::Index t_count = population_.rows();
  const Eigen::Index l_count = rates_.rows();
  const auto k_count = static_cast<Eigen::Index>(settings_.size());
  const bool remote = remote_share_.any();
  for (Eigen::Index l = 0; l < l_count; ++l) {
    const Eigen::Index first = l * t_count;
    for (Eigen::Index k = 0; k < k_count; ++k) {
      auto c = out.cost.middleRows(first, t_count).col(k);
      auto fund = out.fund.middleRows(first, t_count).col(k);
      c = out.encounters.middleRows(first, t_count).col(k) * cost_(l, k);
      if (referred_cost_factor_(k) != 1.0) {
        auto referred = out.workspace_.col(0);
        referred = (out.encounters.middleRows(first, t_count).col(k) -
                    (1.0 - out.turned_away(l, k)) * out.first_contacts.middleRows(first, t_count).col(k))
                       .cwiseMax(0.0);
        c -= referred * ((1.0 - referred_cost_factor_(k)) * cost_(l, k));
      }
      if (k == lead_ && remote) {
        for (Eigen::Index j = 0; j < k_count; ++j) {
          const double fee = (1.0 - cap_(l, j)) * remote_share_(j) * remote_fee_(j);
          if (fee > 0.0) c += out.encounters.middleRows(first, t_count).col(j) * fee;
        }
      }
      fund = c * reimb_(l, k);
      out.oop.middleRows(first, t_count).col(k) = c - fund;
    }
  }
}

void FlowModel::compute_indicators(FlowTable& out) const {
  const Eigen::Index l_count = rates_.rows();
  const auto k_count = static_cast<Eigen::Index>(settings_.size());
  // Indicators, from the totals by line.
  // Episodes that leave the county: each by the probability, from where it
  // began, that its chain (under this year's capacity) ever reaches a setting
  // outside. Referrals from the encounters that took place.
  double episodes = 0.0, episodes_out = 0.0, referred_up = 0.0, referred_down = 0.0, remote = 0.0;
  for (Eigen::Index k = 0; k < k_count; ++k) {
    for (Eigen::Index l = 0; l < l_count; ++l) {
      const bool binds = out.binds_[static_cast<std::size_t>(l)] != 0;
      const double accepted = down_target_ >= 0 ? 1.0 - out.turned_away(l, down_target_) : 0.0;
      const double leave = binds ? out.capacity_leave_(l, k) : leave_(l, k);
      episodes += out.line_first_contacts(l, k);
      episodes_out += out.line_first_contacts(l, k) * leave;
      const double e = out.line_encounters(l, k);
      if (k != top_) referred_up += e * (1.0 - treat_(l, k));
      referred_down += e * (treat_(l, k) * down_(l, k) * accepted);
      if (remote_share_(k) > 0.0) remote += e * (1.0 - cap_(l, k)) * remote_share_(k);
    }
  }
  double all = 0.0, in_county = 0.0, admissions = 0.0, admissions_in = 0.0, admissions_out = 0.0;
  double op_in = 0.0, op_primary = 0.0, ip_cost = 0.0, ip_fund = 0.0, ip_fund_out = 0.0, primary_all = 0.0;
  double county_visits = 0.0, county_visit_cost = 0.0, county_admissions = 0.0, county_admission_cost = 0.0;
  double fund_all = 0.0, fund_in = 0.0, fund_primary = 0.0, cost_all = 0.0, oop_all = 0.0;
  double visits = 0.0;
  auto& v = out.indicators;
  const auto set = [&v](Indicator i, double x) { v(static_cast<Eigen::Index>(index(i))) = x; };
  v.setZero();
  constexpr Indicator per_tier[] = {Indicator::encounters_village,   Indicator::encounters_community,
                                    Indicator::encounters_township,  Indicator::encounters_county,
                                    Indicator::encounters_municipal, Indicator::encounters_out_of_county};
  for (Eigen::Index k = 0; k < k_count; ++k) {
    const auto ks = static_cast<std::size_t>(k);
    const Tier tier = settings_[ks];
    const bool inside = is_in_county(tier);
    const bool primary = is_primary(tier);
    const double fund_k = out.setting_fund[ks].yuan();
    fund_all += fund_k;
    cost_all += out.setting_cost[ks].yuan();
    oop_all += out.setting_oop[ks].yuan();
    if (inside) fund_in += fund_k;
    if (primary) fund_primary += fund_k;
    double at_setting = 0.0;
    for (Eigen::Index l = 0; l < l_count; ++l) {
      const double e = out.line_encounters(l, k);
      at_setting += e;
      const bool inpatient = params_.lines[static_cast<std::size_t>(l)].care == CareType::inpatient;
      if (tier == Tier::county) {
        (inpatient ? county_admissions : county_visits) += e;
        (inpatient ? county_admission_cost : county_visit_cost) += out.line_cost(l, k);
      }
      if (inpatient) {
        admissions += e;
        (inside ? admissions_in : admissions_out) += e;
        ip_cost += out.line_cost(l, k);
        ip_fund += out.line_fund(l, k);
        if (!inside) ip_fund_out += out.line_fund(l, k);
      } else {
        visits += e;
        if (inside) op_in += e;
        if (inside && primary) op_primary += e;
      }
    }
    all += at_setting;
    if (inside) in_county += at_setting;
    if (primary) primary_all += at_setting;
    set(per_tier[index(tier)], at_setting);
  }
  const auto ratio = [](double a, double b) { return b > 0.0 ? a / b : 0.0; };
  const double people = people_;
  set(Indicator::county_visit_rate, episodes > 0.0 ? 1.0 - episodes_out / episodes : 0.0);
  set(Indicator::county_encounter_share, ratio(in_county, all));
  set(Indicator::county_inpatient_rate, ratio(admissions_in, admissions));
  set(Indicator::primary_visit_share, ratio(op_primary, op_in));
  set(Indicator::hospitalization_rate, ratio(admissions, people));
  set(Indicator::outpatient_visits, visits);
  set(Indicator::outpatient_visit_rate, ratio(visits, people));
  set(Indicator::out_of_county_admissions, admissions_out);
  set(Indicator::upward_referrals, referred_up);
  set(Indicator::downward_referrals, referred_down);
  set(Indicator::fund_spending, fund_all);
  set(Indicator::fund_in_county_share, ratio(fund_in, fund_all));
  set(Indicator::primary_fund_share, ratio(fund_primary, fund_in));
  set(Indicator::oop_share, ratio(oop_all, cost_all));
  set(Indicator::inpatient_reimbursement_rate, ratio(ip_fund, ip_cost));
  set(Indicator::population, people);
  set(Indicator::encounters_primary, primary_all);
  set(Indicator::out_of_county_inpatient_fund, ip_fund_out);
  set(Indicator::cost_per_admission, ratio(ip_cost, admissions));
  set(Indicator::fund_per_admission, ratio(ip_fund, admissions));
  set(Indicator::oop_per_admission, ratio(ip_cost - ip_fund, admissions));
  set(Indicator::cost_per_visit_county, ratio(county_visit_cost, county_visits));
  set(Indicator::cost_per_admission_county, ratio(county_admission_cost, county_admissions));
  double avoided = 0.0;
  for (Eigen::Index l = 0; l < l_count; ++l) {
    if (params_.lines[static_cast<std::size_t>(l)].care == CareType::inpatient)
      avoided += out.moved_episodes(l);
  }
  set(Indicator::avoided_admissions, avoided);
  set(Indicator::remote_consultations, remote);
  auto& w = out.weights;
  const auto weigh = [&w](Indicator i, double x) { w(static_cast<Eigen::Index>(index(i))) = x; };
  weigh(Indicator::county_visit_rate, episodes);
  weigh(Indicator::county_encounter_share, all);
  weigh(Indicator::county_inpatient_rate, admissions);
  weigh(Indicator::primary_visit_share, op_in);
  weigh(Indicator::hospitalization_rate, people);
  weigh(Indicator::outpatient_visit_rate, people);
  weigh(Indicator::fund_in_county_share, fund_all);
  weigh(Indicator::primary_fund_share, fund_in);
  weigh(Indicator::oop_share, cost_all);
  weigh(Indicator::inpatient_reimbursement_rate, ip_cost);
  weigh(Indicator::cost_per_admission, admissions);
  weigh(Indicator::fund_per_admission, admissions);
  weigh(Indicator::oop_per_admission, admissions);
  weigh(Indicator::cost_per_visit_county, county_visits);
  weigh(Indicator::cost_per_admission_county, county_admissions);
  weigh(Indicator::cost_share, people);
}

void FlowModel::compute(FlowTable& out) const {
  if (deferring_) throw std::logic_error("FlowModel::compute: between begin_changes and end_changes");
  compute_demand(out);
  const bool cells = out.detail == FlowDetail::cells;
  if (cells) {
    choose<true>(out);
  } else {
    choose<false>(out);
  }
  apply_capacity(out);
  if (cells) {
    refer<true>(out);
  } else {
    refer<false>(out);
  }
  compute_money(out);
  compute_outside_fund(out);
  if (cells) compute_cell_money(out);
  compute_indicators(out);
}

}  // namespace ygt
