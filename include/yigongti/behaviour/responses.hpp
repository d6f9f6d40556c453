#pragma once
/// \file
/// The five responses of providers to their cost share, year by year, and the
/// levers of the flow model they move (`docs/model.md`, "Provider behaviour").

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "yigongti/behaviour/cost_share.hpp"
#include "yigongti/behaviour/parameters.hpp"
#include "yigongti/core/county.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/payment/scheme.hpp"

namespace ygt {

/// What the responses do to the flow model in one year, on top of the
/// interventions: the flow model's adjustments, and per line the share of the
/// gap to 1 added to the capability of the last setting inside the county
/// (the keeping response's fewer referrals out).
struct BehaviourLevers {
  FlowAdjustments flows;
  std::vector<double> referral_keep;
};

/// The responses of a county's providers under a fixed list of schemes, over
/// the years of a projection.
///
/// Each response `r` of provider group `g` (purse `p`, tier `t`) and line `s`
/// has a target level
///
///     discretionary   x* = 1 - exp(-e max(v + m, 0))          v = sum_t a_st volume_(p,t),s
///     keep_in_county  x* = 1 - exp(-e max(o, 0) G_s)           o the purse's outside share
///     send_down       x* = 1 - exp(-e max(u, 0) P_s)           u the purse's volume share
///     intensity       x* = 1 - exp(-e max(i, 0))               i the group's intensity share
///     cost_shifting   x* = 1 - exp(-e max(i, 0))
///
/// with `e` the purse's elasticity of the response, `m` the fee-for-service
/// margin (the lines' rates are observed under fee for service, so every
/// response is 0 there and a baseline of fee for service is the model without
/// behaviour), `a_st` the share of line
/// `s`'s in-county encounters at tier `t` last year (admissions are decided
/// where they happen), `G_s` the share of an out_of_county encounter's fund
/// cost that line `s` saves when kept at the last in-county setting, and
/// `P_s` the share of a county encounter's fund cost saved when it is given
/// at the highest primary setting instead (both in [0, 1]). The first three are the purse's decisions,
/// the same in each of its groups. Levels move toward their targets by
/// partial adjustment, `x_t = x_{t-1} + theta (x*_t - x_{t-1})`, from the
/// first year's targets (the projection starts in the equilibrium of the
/// incentives then in force). The county's levers take the residents'
/// average of each level, `X_ts = sum_p pop_p x_(p,t),s / pop`, and move:
///
/// - episodes of an inpatient line: `discretionary_s X_s` of them to its
///   outpatient line;
/// - primary settings' utility for the line: `+ X_s` (send_down);
/// - municipal and out_of_county settings' utility for the line: `- X_s` (keep),
///   and the last in-county setting's capability by `keep_referral_share X_s`
///   of its gap to 1;
/// - cost per encounter at in-county setting of tier `t`: `x (1 - compressible_s X_ts)`;
/// - reimbursement at in-county settings of tier `t`, by care type: `x (1 - mean_s X_ts)`
///   over the care type's lines (cost shifting).
///
/// Built once per projection; `update` then allocates nothing. With
/// `params.enabled` false it must not be used (the projection has none).
class BehaviourModel {
 public:
  BehaviourModel(const County& county, const FlowParameters& baseline, const std::vector<Tier>& settings,
                 const std::vector<PaymentScheme>& schemes, const BehaviourParameters& params);

  /// Moves every response toward its target in `year` (to it, the first time)
  /// under the schemes in force then, each expecting `expectations[i]`, with
  /// family-doctor coverage `coverage`, where last year's flows were `last`
  /// (in the first year, the flows without responses); sets `levers()`.
  void update(int year, double coverage, std::span<const SchemeExpectation> expectations,
              const FlowTable& last);

  [[nodiscard]] const CostShareModel& cost_share_model() const noexcept { return shares_model_; }
  /// The year's cost shares, by provider group and line.
  [[nodiscard]] const CostShares& cost_shares() const noexcept { return shares_; }
  /// The level of response `r` by provider group (rows, `group_of`) and line;
  /// 0 in the groups of tiers the county has no setting for and of purses
  /// without residents (the levers are the residents' averages).
  [[nodiscard]] const Eigen::MatrixXd& level(Response r) const noexcept { return levels_[index(r)]; }
  /// The residents' average level of response `r` by in-county tier (rows) and
  /// line (`X_ts` above; the purse's responses are the same in the row of
  /// every tier the county has).
  [[nodiscard]] const Eigen::MatrixXd& county_level(Response r) const noexcept { return county_[index(r)]; }
  /// The levers the responses set this year.
  [[nodiscard]] const BehaviourLevers& levers() const noexcept { return levers_; }
  /// The residents' mean purse volume share over lines: the indicator `cost_share`.
  [[nodiscard]] double mean_cost_share() const noexcept { return mean_share_; }
  /// Residents per purse, as a share of all.
  [[nodiscard]] const Eigen::VectorXd& purse_weights() const noexcept { return weights_; }
  /// The in-county tiers the county has settings for, in `Tier` order.
  [[nodiscard]] const std::vector<Tier>& tiers() const noexcept { return tiers_; }

 private:
  /// `1 - exp(-x)`, kept for the last argument it was asked for.
  struct Saturation {
    double argument = 0.0;
    double value = 0.0;
    double operator()(double x) noexcept;
  };

  void targets(std::size_t purse, std::size_t line, std::array<double, response_count>& out);

  const BehaviourParameters* params_;
  CostShareModel shares_model_;
  CostShares shares_;
  std::vector<const Elasticities*> purse_elasticities_;  // per purse, in `params_`
  Eigen::VectorXd weights_;                              // per purse: share of residents
  std::vector<CareType> care_;                           // per line
  Eigen::VectorXd keep_stake_;                           // per line: G_s
  Eigen::VectorXd down_stake_;                           // per line: P_s
  std::vector<Tier> tiers_;                              // in-county tiers with a setting
  std::vector<Tier> setting_tiers_;                      // per setting (column)
  std::vector<std::size_t> primary_;                     // settings' columns that are primary
  std::vector<std::size_t> outside_;                     // settings' columns outside the county
  std::vector<std::size_t> inside_;                      // settings' columns inside the county
  Eigen::MatrixXd where_;  // tiers x lines: a_st, last year's in-county encounter shares
  std::array<Eigen::MatrixXd, response_count> levels_;  // groups x lines
  std::array<Eigen::MatrixXd, response_count> county_;  // tiers x lines
  std::vector<Saturation> purse_memo_;                  // per purse and line: discretionary, keep, send down
  std::vector<Saturation> group_memo_;                  // per group: intensity, cost shifting
  bool started_ = false;
  double mean_share_ = 0.0;
  BehaviourLevers levers_;
};

}  // namespace ygt
