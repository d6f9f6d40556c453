#pragma once
// Readers of the scenario's sections beyond `county`. Internal to the library.

#include <optional>

#include "io/json_reader.hpp"
#include "yigongti/core/tier.hpp"
#include "yigongti/flows/parameters.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/payment/scheme.hpp"
#include "yigongti/projection/demography.hpp"
#include "yigongti/scenario/intervention.hpp"
#include "yigongti/study/calibration.hpp"
#include "yigongti/study/uncertainty.hpp"

namespace ygt::detail {

/// A value per tier where given: an object keyed by tier names, each a number in [lo, hi].
/// `allow_out_of_county` false makes `out_of_county` an unknown key.
std::optional<PerTier<std::optional<double>>> read_per_tier(ObjectReader& parent, std::string_view key,
                                                            Need need, double lo, double hi,
                                                            bool allow_out_of_county = true);

/// An age profile of per-person values in [lo, hi]: `{"bands": [...], "values": [...]}`
/// (each band's value repeated at its single years) or `{"ages": [101 values]}`.
std::optional<AgeVector> read_age_rates(ObjectReader& parent, std::string_view key, Need need, double lo,
                                        double hi);

/// Reads `service_lines`, `choice`, `insurance` and `capacity` from the top-level
/// object (checking JSON types and ranges). Returns parameters when
/// `service_lines` is present; the county-dependent checks are the flow model's
/// (`check_flow_parameters`).
std::optional<FlowParameters> read_flow_sections(ObjectReader& top);

/// Reads the `behaviour` section into `out`: the defaults for the lines of
/// `flows`, overridden by what the section gives, off for `"off"`;
/// `defaulted` tells whether the file had no such section. JSON types, ranges
/// and line ids are checked here; `check_behaviour` checks the rest.
void read_behaviour(ObjectReader& top, const std::optional<FlowParameters>& flows, BehaviourParameters& out,
                    bool& defaulted);

/// Reads the `demography` section, if present (types, ranges, township ids are
/// checked against `township_ids`).
std::optional<DemographySpec> read_demography(ObjectReader& top,
                                              const std::vector<std::string>& township_ids);

/// Reads an array of interventions at `key` of `parent` (JSON types and
/// ranges; `check_interventions` checks the rest).
std::vector<Intervention> read_interventions(ObjectReader& parent, std::string_view key);

/// Where a payment section is read: a scenario's schemes are settled on
/// projected flows, a settlement file's on its actual figures.
enum class PaymentOf : bool { scenario, settlement };

/// Reads a payment section at `key`: one scheme object or an array of them
/// (JSON types and the schemes' own checks; `check_payment` checks the rest).
/// In a scenario a fee-for-service `reimbursement` is refused: a projection
/// pays the flow model's fund share of every claim (`insurance`).
std::vector<PaymentScheme> read_payment(ObjectReader& parent, std::string_view key, PaymentOf of);

/// A share: a number, or a string holding a decimal ("0.6") or a fraction ("464/857").
std::optional<Share> read_share_value(ObjectReader& obj, std::string_view key, Need need);

/// Reads the required `years` object of `top` (`{"start": YEAR, "end": YEAR}`).
std::optional<Years> read_years(ObjectReader& top);

/// Reads a parsed scenario document as `parse_scenario_file` reads its text
/// (`text` is what the checksum is made of).
ScenarioFile parse_scenario_document(const boost::json::value& doc, std::string_view text,
                                     const std::string& origin, const std::filesystem::path& base_dir);

/// Names the county's only alliance as the party of schemes that gave none.
void default_alliance(std::vector<PaymentScheme>& schemes, const County& county);

/// Reads the `uncertainty` section `v`: parameter paths are resolved against
/// `scenario` (parsed and valid but for this section) and every distribution is
/// checked against its targets' ranges. Problems carry JSON paths
/// (`uncertainty.parameters.choice.b_cap.sd`).
std::optional<UncertaintySpec> read_uncertainty(const boost::json::value& v, const Scenario& scenario,
                                                ProblemList& problems);

/// Reads the `calibration` section `v` like `read_uncertainty`: parameter paths
/// resolved against `scenario`, bounds within each parameter's range (a missing
/// bound is the range's end) and around the scenario's value. Problems carry
/// JSON paths (`calibration.free.choice.b_cap.lower`).
std::optional<CalibrationSpec> read_calibration(const boost::json::value& v, const Scenario& scenario,
                                                ProblemList& problems);

}  // namespace ygt::detail
