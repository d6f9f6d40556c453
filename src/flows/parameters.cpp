#include "yigongti/flows/parameters.hpp"

namespace ygt {

std::string_view to_string(CareType care) noexcept {
  return care == CareType::outpatient ? "outpatient" : "inpatient";
}

std::optional<CareType> parse_care_type(std::string_view name) noexcept {
  for (CareType c : all_care_types) {
    if (to_string(c) == name) return c;
  }
  return std::nullopt;
}

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::minor:
      return "minor";
    case Severity::common:
      return "common";
    case Severity::serious:
      return "serious";
    case Severity::complex:
      return "complex";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view name) noexcept {
  for (Severity s : all_severities) {
    if (to_string(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace ygt
