#pragma once
/// \file
/// Projections over years: population -> demand -> flows -> money -> settlement
/// -> reinvestment, year by year, for every variant (`docs/model.md`).

#include <Eigen/Core>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "yigongti/behaviour/responses.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/payment/ledger.hpp"
#include "yigongti/scenario/scenario.hpp"

namespace ygt {

/// What a projection keeps besides the indicators.
struct ProjectionOptions {
  bool keep_flows = false;  ///< every year's flow table
  /// Settle every scheme in full and keep the ledger. Without it, the four
  /// settlement indicators come from the schemes' figures alone (the same
  /// numbers) and the yearly loop allocates nothing: what ensembles, sweeps
  /// and calibration use.
  bool keep_ledger = true;
  std::optional<std::string> variant;  ///< run only this variant
};

/// Provider behaviour in one year of a variant (`docs/model.md`, "Provider behaviour").
struct BehaviourYear {
  CostShares shares;                                   ///< provider groups x lines
  std::array<Eigen::MatrixXd, response_count> levels;  ///< per response: provider groups x lines
  /// Per response: the residents' average, in-county tiers x lines.
  std::array<Eigen::MatrixXd, response_count> county;
};

/// The projection of one variant.
struct VariantProjection {
  std::string id;
  /// Years (rows, `first_year + i`) x indicators (columns, catalog order).
  Eigen::MatrixXd indicators;
  /// The same shape: each year's `FlowTable::weights`, which add the
  /// indicators up over the counties of a region.
  Eigen::MatrixXd weights;
  /// One flow table per year, when asked for.
  std::vector<FlowTable> flows;
  /// Every settlement of every year, in order.
  Ledger ledger;
  /// The capability of each primary tier after reinvestment, per year, when any
  /// reinvestment is in force: years x tiers (village, community, township).
  Eigen::MatrixXd reinvestment_gain;
  /// The purses of the cost shares: the county's alliances, then `unallied`.
  std::vector<std::string> purses;
  /// Each purse's share of the residents.
  Eigen::VectorXd purse_weights;
  /// The in-county tiers of the county's provider groups (`group_of`) that have settings.
  std::vector<Tier> group_tiers;
  /// Provider behaviour per year, when the scenario's behaviour is on and the
  /// ledger is kept (`ProjectionOptions::keep_ledger`).
  std::vector<BehaviourYear> behaviour;
};

/// The projection of a scenario over its years.
struct ProjectionResult {
  int first_year = 0;
  int last_year = 0;
  bool constant_population = true;  ///< no `demography` section: the population never changes
  std::vector<VariantProjection> variants;

  [[nodiscard]] int year_count() const noexcept { return last_year - first_year + 1; }
  /// The value of `indicator` in `year` for variant `v`. Throws
  /// `std::out_of_range` for a year outside `first_year..last_year` or a
  /// variant index past `variants`.
  [[nodiscard]] double value(std::size_t v, int year, Indicator indicator) const {
    if (v >= variants.size() || year < first_year || year > last_year) {
      throw std::out_of_range("ygt::ProjectionResult::value: year " + std::to_string(year) + " of variant " +
                              std::to_string(v) + " is outside the projection (years " +
                              std::to_string(first_year) + ".." + std::to_string(last_year) + ", " +
                              std::to_string(variants.size()) + " variants)");
    }
    return variants[v].indicators(year - first_year, static_cast<Eigen::Index>(index(indicator)));
  }
};

/// Projects `scenario` over its years for every variant (or the one asked for).
/// Throws `InputError` when the scenario has no service lines or names an
/// unknown variant, and when a year's settlement cannot be made.
[[nodiscard]] ProjectionResult project(const Scenario& scenario, const ProjectionOptions& options = {});

/// The flows of `year` in variant `variant` (the first when empty), as the
/// projection computes them: demography, interventions, payment and provider
/// behaviour up to that year apply, and the table's indicators are the
/// projection's, settlement figures included. The projection stops at
/// `year`. Throws `InputError` for a year outside the scenario's years, and
/// what `project` throws.
[[nodiscard]] FlowTable project_year_flows(const Scenario& scenario, int year,
                                           const std::string& variant = {});

}  // namespace ygt
