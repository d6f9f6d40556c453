#pragma once
/// \file
/// How providers respond to the payment in force: the elasticities of the five
/// responses, their speed, and what each service line leaves to discretion
/// (`docs/behaviour.md`; the equations are in `docs/model.md`, "Provider
/// behaviour").

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "yigongti/core/county.hpp"
#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/flows/parameters.hpp"

namespace ygt {

/// The five responses of providers to their cost share (DESIGN: "Provider behaviour").
enum class Response : unsigned char {
  discretionary,   ///< admissions that could be outpatient care: fewer when the provider bears cost, more
                   ///< under fee for service
  keep_in_county,  ///< steering residents away from care outside the county, where its cost is the alliance's
  send_down,       ///< promoting first contact at primary settings, whose care costs the fund less
  intensity,       ///< cutting the compressible part of cost per encounter (tests, drugs)
  cost_shifting,   ///< moving part of a saving to patients: the effective reimbursement rate falls
};

/// Number of responses.
inline constexpr std::size_t response_count = 5;

/// The names of the values of `Response` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(Response) noexcept {
  return detail::enum_names<Response>("discretionary", "keep_in_county", "send_down", "intensity",
                                      "cost_shifting");
}

/// The position of `r` in `Elasticities`.
[[nodiscard]] constexpr std::size_t index(Response r) noexcept {
  return static_cast<std::size_t>(r);
}

/// An elasticity per response: how far a response goes per unit of the cost
/// share behind it (dimensionless, in [0, max_elasticity]).
using Elasticities = std::array<double, response_count>;

/// The largest elasticity accepted: a response saturates long before it.
inline constexpr double max_elasticity = 50.0;

/// What a service line leaves to the provider's discretion.
struct LineBehaviour {
  /// Inpatient lines: the share of admissions that could be outpatient care
  /// (in [0, 1]); 0 for outpatient lines.
  double discretionary = 0.0;
  /// The share of cost per encounter that can be cut without changing the
  /// care (tests, drugs; in [0, 1]).
  double compressible = 0.0;
  /// Inpatient lines: the outpatient line avoided admissions become (and
  /// induced ones come from); its index among the scenario's lines.
  std::size_t outpatient_line = 0;
};

/// An alliance whose responses have elasticities of their own.
struct AllianceBehaviour {
  std::string alliance;
  Elasticities elasticities{};
};

/// The scenario's `behaviour` section. A scenario file without one gets the
/// documented defaults (`default_behaviour`), on; `"behaviour": "off"` is the
/// model without responses, the same bits as a model that has none.
struct BehaviourParameters {
  /// Whether the responses act at all. A default-constructed `BehaviourParameters`
  /// is off; a scenario file without a `behaviour` section gets `default_behaviour`, on.
  bool enabled = false;
  /// m: what a provider earns on one more yuan billed under fee for service,
  /// as a share of it, in [0, 1]. Its cost share there is `-m`.
  double ffs_margin = 0.1;
  /// theta: the share of the gap between a response and its target closed each
  /// year, in (0, 1]; 1 responds at once.
  double adjustment = 0.5;
  Elasticities elasticities{};
  /// Per service line, in the scenario's order.
  std::vector<LineBehaviour> lines;
  /// Alliances with their own elasticities (the others use `elasticities`).
  std::vector<AllianceBehaviour> alliances;
  /// The share of the keeping response that raises the last in-county
  /// setting's capability (fewer referrals out), in [0, 1].
  double keep_referral_share = 0.5;

  /// The elasticities that apply to the residents of alliance `alliance` (an
  /// id; empty for townships outside alliances).
  [[nodiscard]] const Elasticities& elasticities_of(std::string_view alliance) const noexcept;
};

/// The default elasticities (`docs/behaviour.md` gives their evidence and ranges).
[[nodiscard]] Elasticities default_elasticities() noexcept;

/// What a line leaves to discretion by default: inpatient lines' discretionary
/// share by severity (minor 0.4, common 0.25, serious 0.1, complex 0.05), a
/// compressible share of 0.3 for inpatient and 0.2 for outpatient lines, and
/// as outpatient line of an inpatient one the first outpatient line of the
/// same severity, else of the next less severe, else the first outpatient line.
[[nodiscard]] LineBehaviour default_line_behaviour(const FlowParameters& flows, std::size_t line);

/// The defaults for a scenario's lines: `BehaviourParameters`, on, with the
/// default elasticities and every line's `default_line_behaviour`.
[[nodiscard]] BehaviourParameters default_behaviour(const FlowParameters& flows);

/// Every problem with `params` for `flows` and `county`, paths relative to the
/// section (`elasticities.intensity`, `lines.ip_common.discretionary`,
/// `alliances.a2`): values outside their bounds, a line list that does not
/// match the scenario's lines, an outpatient line that is not outpatient, an
/// alliance the county does not have.
[[nodiscard]] std::vector<Problem> check_behaviour(const BehaviourParameters& params,
                                                   const FlowParameters& flows, const County& county);

}  // namespace ygt
