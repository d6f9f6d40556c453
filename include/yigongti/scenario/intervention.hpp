#pragma once
/// \file
/// Policy interventions: levers of the flow model moved along time paths
/// (`docs/model.md`, "Interventions").

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/alliance.hpp"
#include "yigongti/core/county.hpp"
#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/ids.hpp"
#include "yigongti/core/tier.hpp"
#include "yigongti/flows/parameters.hpp"
#include "yigongti/scenario/time_path.hpp"

namespace ygt {

/// Which lever an intervention moves.
enum class InterventionKind : unsigned char {
  capability,     ///< a tier's capability for one line or all lines (probability, absolute target)
  reimbursement,  ///< a tier's reimbursement rate, for one care type or both (absolute target)
  minutes,        ///< travel minutes to a tier, as a factor of the scenario's (1 = unchanged)
  coverage,       ///< family-doctor contract coverage (absolute target)
  demand,         ///< a line's per-capita rates, as a factor (0.9057 = -9.43%)
  reinvestment,   ///< a share of what the alliance kept last year raises primary capability
  // The mechanisms of an alliance's unified domains (`docs/model.md`, "Unified domains"):
  rotation,             ///< personnel: county clinicians' days per year in the alliance's township centres
  referral_protocol,    ///< medical_services: the alliance's down-referral probability at a tier
  procurement,          ///< drugs_devices: a price factor on the drug share of cost per case
  remote_consultation,  ///< information: the share of referrals up first discussed by teleconsultation
  shared_results,       ///< information: a cost factor on referred encounters (tests not repeated)
};
inline constexpr std::array<InterventionKind, 11> all_intervention_kinds = {
    InterventionKind::capability,    InterventionKind::reimbursement,
    InterventionKind::minutes,       InterventionKind::coverage,
    InterventionKind::demand,        InterventionKind::reinvestment,
    InterventionKind::rotation,      InterventionKind::referral_protocol,
    InterventionKind::procurement,   InterventionKind::remote_consultation,
    InterventionKind::shared_results};

/// The names of the values of `InterventionKind` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(InterventionKind) noexcept {
  return detail::enum_names<InterventionKind>("capability", "reimbursement", "minutes", "coverage", "demand",
                                              "reinvestment", "rotation", "referral_protocol", "procurement",
                                              "remote_consultation", "shared_results");
}

/// The domain an alliance must have unified for an intervention of `kind`
/// given to it, or none (`coverage` given to an alliance needs public_health).
[[nodiscard]] std::optional<Domain> domain_of(InterventionKind kind) noexcept;

/// A rotation's largest gain, as a share of a township centre's gap to full
/// capability, when a scenario gives none (`docs/model.md`, "Unified domains").
inline constexpr double default_rotation_max_gain = 0.3;
/// A rotation's saturation scale when a scenario gives none: one clinician's
/// working year (250 days) per centre closes 1 - 1/e of the largest gain.
inline constexpr double default_rotation_saturation_days = 250.0;
/// Working days of one clinician in a year: how rotation days become the
/// county hospital's lost staff time.
inline constexpr double clinician_working_days = 250.0;

/// The capability a reinvestment gains per yuan per resident when a scenario
/// gives none: Suixi's 375 million yuan for township capability (342 yuan per
/// resident) taken to close about 40% of the gap to full capability
/// (`-ln(1 - 0.4) / 342`); `docs/behaviour.md`, "Reinvestment efficiency",
/// gives the derivation and the range 0.00065 to 0.0027.
inline constexpr double default_reinvestment_efficiency = 0.0015;

/// True when `id` can name an intervention in a parameter path: 1 to 64
/// ASCII letters, digits, `_` or `-`, starting with a letter (so it is never
/// read as a position, and never holds the path's `.`).
[[nodiscard]] constexpr bool is_valid_intervention_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > max_id_length) return false;
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(id.front())) return false;
  for (char c : id) {
    if (!(letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

/// What `is_valid_intervention_id` accepts, for error messages.
inline constexpr std::string_view intervention_id_expectation =
    "1 to 64 ASCII letters, digits, '_' or '-', starting with a letter";

/// One intervention: a lever, its target and its time path.
struct Intervention {
  InterventionKind kind = InterventionKind::capability;
  std::optional<Tier> tier;      ///< capability, reimbursement, minutes
  std::optional<CareType> care;  ///< reimbursement: one care type, or both when empty
  std::string line;              ///< capability (empty: every line), demand (required)
  TimePath path;                 ///< target, years and shape (unused target for reinvestment)
  /// Reinvestment only: the share of last year's retained surplus invested in
  /// primary care, and the capability gained per yuan per resident, applied as
  /// `cap <- cap + (1-cap)*(1-exp(-efficiency*invested_per_resident))` to `tiers`.
  double share = 0.0;
  double efficiency = default_reinvestment_efficiency;
  std::vector<Tier> tiers;
  /// The alliance a mechanism belongs to (required for rotation,
  /// referral_protocol, procurement, remote_consultation; optional for
  /// coverage: the alliance's own family doctors). Empty: county-wide.
  std::string alliance;
  /// Rotation: the largest gain and the saturation scale in days per centre,
  /// `gain = max_gain (1 - exp(-days_per_centre / saturation_days))`.
  double max_gain = default_rotation_max_gain;
  double saturation_days = default_rotation_saturation_days;
  /// Procurement: the drug and consumable share of cost per case, in [0, 1].
  double drug_share = 0.0;
  /// Remote consultation: yuan per consultation, paid to the county hospital.
  double fee = 0.0;
  /// A name for parameter paths (`interventions.<id>.target`) that does not
  /// change when the list is reordered; empty: none. The loader checks it
  /// (`is_valid_intervention_id`, unique within its list).
  std::string id;

  /// The lever this moves, as text (`capability/township/ip_common`): two
  /// interventions on the same lever must not overlap in years.
  [[nodiscard]] std::string lever() const;
};

/// Checks a list of interventions: targets in range, ids and tiers known,
/// years in `[first_year, last_year]`, no two on the same lever in overlapping
/// years. `line_ids` are the scenario's service lines. Paths are relative
/// (`[2].target`).
[[nodiscard]] std::vector<Problem> check_interventions(const std::vector<Intervention>& interventions,
                                                       const std::vector<std::string>& line_ids,
                                                       int first_year, int last_year);

/// Checks the interventions given to an alliance against `county`: the
/// alliance exists, has unified the domain the mechanism needs (the message
/// names both), and has the institutions it acts through (township centres
/// for rotation, a member at the protocol's tier, primary members and a county
/// setting for remote consultation, in-county members for procurement). Paths
/// are relative (`[2].alliance`).
[[nodiscard]] std::vector<Problem> check_intervention_alliances(
    const std::vector<Intervention>& interventions, const County& county);

}  // namespace ygt
