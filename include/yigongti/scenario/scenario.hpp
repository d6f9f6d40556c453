#pragma once
/// \file
/// The Scenario type: a county with its flow parameters, payment schemes,
/// demography, interventions and variants, whatever it was read from.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/behaviour/parameters.hpp"
#include "yigongti/core/county.hpp"
#include "yigongti/flows/parameters.hpp"
#include "yigongti/payment/scheme.hpp"
#include "yigongti/scenario/demography.hpp"
#include "yigongti/scenario/intervention.hpp"

namespace ygt {

/// The years a scenario covers, both ends included.
struct Years {
  int start = 0;
  int end = 0;

  [[nodiscard]] int count() const noexcept { return end - start + 1; }
  [[nodiscard]] bool contains(int year) const noexcept { return year >= start && year <= end; }
};

/// A named overlay on the shared scenario: more interventions, and its own
/// payment schemes in place of the shared ones when it gives any.
struct Variant {
  std::string id;
  std::string description;
  std::vector<Intervention> interventions;
  std::optional<std::vector<PaymentScheme>> payment;
};

/// A county study: the county and what is asked of it, as plain data.
///
/// A `Scenario` read from a file (`ygt::load_scenario`) has been checked
/// (`docs/scenario-format.md`) and never holds input the model cannot use. The
/// studies' sections of a file (uncertainty, calibration) are not part of it:
/// they belong to the study layer (`ScenarioFile` holds both).
struct Scenario {
  std::string origin;       ///< the file it was read from, or the label given to `parse_scenario`
  std::string name;         ///< human-readable title
  std::string description;  ///< free text: sources, what is illustrative
  /// CRC-32 of the scenario text and of every table it read, in reading order
  /// ("crc32:1a2b3c4d"): the same inputs give the same checksum.
  std::string checksum;
  Years years;
  County county;
  /// The flow model's parameters (`service_lines`, `choice`, `insurance`,
  /// `capacity`), when the scenario has service lines.
  std::optional<FlowParameters> flows;
  /// Survival, fertility and migration; none means a constant population.
  std::optional<DemographySpec> demography;
  /// How providers respond to the payment in force (`behaviour`): the
  /// documented defaults when the file has no such section
  /// (`behaviour_defaulted`), off with `"behaviour": "off"`. Used when the
  /// scenario has service lines.
  BehaviourParameters behaviour;
  bool behaviour_defaulted = false;
  /// Interventions shared by every variant.
  std::vector<Intervention> interventions;
  /// Payment schemes shared by every variant (a year none is in force is fee for service).
  std::vector<PaymentScheme> payment;
  /// The variants a projection runs; without a `variants` section, one called `baseline`.
  std::vector<Variant> variants;

  /// The variant with `id`, or nullptr.
  [[nodiscard]] const Variant* find_variant(std::string_view id) const noexcept;
  /// The interventions in force in `variant`: the shared ones, then the variant's own.
  [[nodiscard]] std::vector<Intervention> interventions_of(const Variant& variant) const;
  /// The payment schemes of `variant`: its own when it gives any, else the shared ones.
  [[nodiscard]] const std::vector<PaymentScheme>& payment_of(const Variant& variant) const noexcept {
    return variant.payment ? *variant.payment : payment;
  }
};

}  // namespace ygt
