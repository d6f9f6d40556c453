#pragma once
/// \file
/// The supply-side cost share (Ellis & McGuire, J. Health Econ. 5 (1986)
/// 129-151) under the payment schemes in force: for each purse and service
/// line, the share of one more yuan of fund-paid cost that the providers bear
/// at the margin (`docs/model.md`, "Provider behaviour").

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "yigongti/behaviour/parameters.hpp"
#include "yigongti/core/county.hpp"
#include "yigongti/core/tier.hpp"
#include "yigongti/flows/parameters.hpp"
#include "yigongti/payment/scheme.hpp"

namespace ygt {

/// What a scheme expects of its year when it sets its incentive: how its
/// previous year ended, as a share of its budget (a global budget's balance
/// over its budget, a shared-savings benchmark's savings rate); none in the
/// first year it is in force, which is taken as balanced.
using SchemeExpectation = std::optional<double>;

/// The in-county tiers a purse's providers are grouped by, in `Tier` order:
/// village, community, township, county.
inline constexpr std::size_t group_tiers = 4;

/// The provider group of tier `tier` in purse `purse`: its row in `CostShares`.
[[nodiscard]] constexpr Eigen::Index group_of(std::size_t purse, Tier tier) noexcept {
  return static_cast<Eigen::Index>(purse * group_tiers + index(tier));
}

/// The cost shares of one year, by provider group and service line.
///
/// A purse is an alliance (its members share one account toward the fund:
/// "one purse", whatever tier a yuan is spent at) or, last, the institutions
/// outside alliances. A provider group is a purse's institutions at one
/// in-county tier (`group_of`). Four shares per group and line:
///
/// - `volume`: of one more episode's fund cost, for the group's providers;
/// - `intensity`: of one more yuan of cost per encounter at the group's settings;
/// - `purse_volume`: of one more episode's fund cost, for the purse as a whole
///   (before any distribution of a surplus across its tiers);
/// - `outside`: of one more yuan the purse's residents cost the fund outside
///   the county, for the purse as a whole.
///
/// The last two are the purse's, the same in each of its groups. A scheme
/// whose surplus (or loss) is distributed across tiers by ratios gives a tier
/// its ratio's part of the purse's share (Suixi's 6 : 3 : 1 leaves a township
/// centre 0.3 of each yuan its alliance saves), and a tier without a part
/// keeps its fee-for-service margin; one without a distribution gives the
/// whole share to every tier (a capitation held by an institution: to the
/// holder's tier alone). Fee for service gives `-m` (the margin
/// earned on a yuan billed) for volume and intensity and 0 outside; each
/// scheme in force that reaches a group and line raises a share to its own
/// when that is larger.
struct CostShares {
  Eigen::MatrixXd volume;        ///< groups x lines
  Eigen::MatrixXd intensity;     ///< groups x lines
  Eigen::MatrixXd purse_volume;  ///< groups x lines, the same for each group of a purse
  Eigen::MatrixXd outside;       ///< groups x lines, the same for each group of a purse
};

/// The cost shares of a county under a fixed list of schemes, year by year.
///
/// Built once per projection (it resolves each scheme's purses and lines);
/// `compute` then allocates nothing.
class CostShareModel {
 public:
  /// `schemes` are kept by reference; `params` gives the fee-for-service margin.
  CostShareModel(const County& county, const FlowParameters& flows, const std::vector<PaymentScheme>& schemes,
                 const BehaviourParameters& params);

  /// The number of purses: the county's alliances, then the unallied.
  [[nodiscard]] std::size_t purses() const noexcept { return purses_; }
  /// The number of provider groups: `purses() * group_tiers`.
  [[nodiscard]] std::size_t groups() const noexcept { return purses_ * group_tiers; }
  /// The purse of township `t`: the alliance of its primary institutions (in
  /// a county with one alliance, that alliance), else the unallied purse.
  [[nodiscard]] std::size_t purse_of_township(std::size_t t) const noexcept { return township_purse_[t]; }

  /// The cost shares in `year`: of the schemes in force then, each expecting
  /// `expectations[i]` (by the index of the scheme), with family-doctor
  /// coverage `coverage` (a global budget on contracted residents bears that
  /// share of its residents' cost).
  void compute(int year, double coverage, std::span<const SchemeExpectation> expectations,
               CostShares& out) const;

  /// The share a global budget's party bears of a marginal yuan in a year
  /// expected to end with `expectation`: `retention x performance factor` in
  /// surplus; when overspent by a share `o` of the budget, the alliance's part
  /// of the corridor band `o` falls in (`1 - insurer_share`), and all of it
  /// beyond the corridor.
  [[nodiscard]] static double global_budget_share(const GlobalBudgetParameters& p,
                                                  SchemeExpectation expectation);
  /// The share a shared-savings ACO bears: `sharing_rate x quality` when it
  /// expects savings of at least the minimum rate (or in its first year), the
  /// loss rate when it expects a loss of at least the minimum loss rate, else 0.
  [[nodiscard]] static double shared_savings_share(const SharedSavingsParameters& p,
                                                   SchemeExpectation expectation);

 private:
  struct Reach {
    std::vector<bool> purses;  ///< the purses it reaches
    std::vector<bool> lines;   ///< the lines it covers
    /// Per in-county tier: the part of the purse's share its providers bear
    /// (the tier's distribution ratio over their sum; 1 without a distribution).
    std::array<double, group_tiers> tiers{1.0, 1.0, 1.0, 1.0};
  };
  const std::vector<PaymentScheme>* schemes_;
  std::size_t purses_ = 0;
  std::size_t lines_ = 0;
  double margin_ = 0.0;
  std::vector<std::size_t> township_purse_;
  std::vector<Reach> reach_;  ///< per scheme
};

}  // namespace ygt
