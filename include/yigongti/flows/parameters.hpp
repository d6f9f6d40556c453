#pragma once
/// \file
/// The parameters of the one-year patient-flow model: service lines, first-contact
/// choice, insurance and capacity (`docs/model.md`, "Demand" to "Money").

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/age.hpp"
#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/tier.hpp"

namespace ygt {

/// Outpatient (门诊) or inpatient (住院) care.
enum class CareType : unsigned char { outpatient, inpatient };
inline constexpr std::array<CareType, 2> all_care_types = {CareType::outpatient, CareType::inpatient};

/// The names of the values of `CareType` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(CareType) noexcept {
  return detail::enum_names<CareType>("outpatient", "inpatient");
}
enum class Severity : unsigned char {
  minor,    ///< 小病: village level
  common,   ///< 常见病: township level
  serious,  ///< 大病: county level
  complex,  ///< 疑难杂症: city level and beyond
};
inline constexpr std::array<Severity, 4> all_severities = {Severity::minor, Severity::common,
                                                           Severity::serious, Severity::complex};

/// The names of the values of `Severity` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(Severity) noexcept {
  return detail::enum_names<Severity>("minor", "common", "serious", "complex");
}

/// One service line: a kind of care episode with its demand, costs and how each
/// tier handles it. Values for tiers the county does not have are unused.
struct ServiceLine {
  std::string id;
  CareType care = CareType::outpatient;
  Severity severity = Severity::common;
  /// First-contact episodes per resident per year, by single-year age.
  AgeVector rate{};
  /// Cost per encounter at each setting, yuan (all payers). Required for every setting present.
  PerTier<double> cost{};
  /// Probability that a patient at this setting is treated there rather than
  /// referred up to the next higher setting present; the top setting present
  /// (always out_of_county) treats everyone. In [0, 1].
  PerTier<double> capability{};
  /// Probability that a patient treated at county level or above is referred
  /// down for follow-up to the highest primary setting present. In [0, 1];
  /// unused below county level.
  PerTier<double> down_referral{};
  /// Alternative-specific constants of this line in the first-contact choice
  /// (added to `ChoiceParameters::asc`).
  PerTier<double> asc{};
  /// Mean length of stay per inpatient encounter, days (bed-day capacity).
  double length_of_stay = 0.0;
  /// A factor on every age's `rate` (1 = the rates as given, >= 0): what studies
  /// vary (`service_lines.<line>.rate_scale`) while `rate` keeps the file's values.
  double rate_scale = 1.0;
};

/// Coefficients of the first-contact multinomial logit (`docs/model.md`, "First-contact choice"):
/// `V = asc + b_cap*cap - b_time*minutes - b_oop*oop/100 + b_fd*coverage*[primary]`.
struct ChoiceParameters {
  double b_cap = 0.0;     ///< utility per unit of capability
  double b_time = 0.0;    ///< utility lost per travel minute
  double b_oop = 0.0;     ///< utility lost per 100 yuan paid out of pocket
  double b_fd = 0.0;      ///< utility of primary settings per unit of family-doctor coverage
  PerTier<double> asc{};  ///< alternative-specific constants of every line
};

/// Insurance reimbursement (报销比例): the share of an encounter's cost the fund
/// pays, by setting and care type. In [0, 1].
struct Insurance {
  PerTier<double> outpatient{};
  PerTier<double> inpatient{};
  /// Share of residents with a family-doctor contract (家庭医生签约率), in [0, 1].
  double family_doctor_coverage = 0.0;

  [[nodiscard]] double rate(Tier tier, CareType care) const noexcept {
    return care == CareType::outpatient ? outpatient[index(tier)] : inpatient[index(tier)];
  }
};

/// Optional annual capacity of each setting: outpatient encounters and inpatient
/// bed-days. Encounters beyond capacity spill to the next setting up.
struct Capacity {
  PerTier<std::optional<double>> outpatient_encounters{};
  PerTier<std::optional<double>> inpatient_bed_days{};
};

/// Everything the one-year flow model needs besides the county.
struct FlowParameters {
  std::vector<ServiceLine> lines;
  ChoiceParameters choice;
  Insurance insurance;
  Capacity capacity;
};

}  // namespace ygt
