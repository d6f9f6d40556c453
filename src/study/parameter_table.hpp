#pragma once
// The table of model parameters: one row per kind of parameter, giving its
// path pattern, unit, range, where its value sits in a scenario and how a
// calibrated value is written back. The index, `get_parameter`,
// `set_parameter`, draws, sweeps, calibration and the calibrated file's
// writer all read it. Internal to the library.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

#include "yigongti/core/money.hpp"
#include "yigongti/payment/share.hpp"
#include "yigongti/scenario/scenario.hpp"
#include "yigongti/study/parameters.hpp"

namespace ygt::detail {

/// Where a parameter's value is stored: a number, a share or an amount of
/// money; `std::monostate` when the instance has no such value.
using ValuePointer = std::variant<std::monostate, double*, Share*, Money*>;

/// Which instances of a kind of parameter a scenario has, and what their
/// slots hold.
enum class ParameterScope : unsigned char {
  flows,         ///< once, when the scenario has service lines
  setting,       ///< per setting of the county (`slot.tier`)
  line,          ///< per service line (`slot.index`)
  line_setting,  ///< per service line and setting (`slot.index`, `slot.tier`)
  scheme,        ///< per id of the payment schemes that have the value (`slot.scheme`)
  scheme_band,   ///< per scheme id and overspend band (`slot.scheme`, `slot.index`)
  scheme_tier,   ///< per scheme id and tier (`slot.scheme`, `slot.tier`)
  intervention,  ///< per intervention of the row's kinds, shared and in variants (`slot.index`,
                 ///< `slot.variant`)
  // The `behaviour` section, when it is on:
  behaviour,           ///< once
  behaviour_response,  ///< per response (`slot.index`)
  behaviour_line,      ///< per service line (`slot.index`)
  behaviour_alliance,  ///< per alliance with elasticities of its own (`slot.scheme`) and response
                       ///< (`slot.index`)
};

/// One kind of parameter.
struct ParameterRow {
  /// The path, with `<line>`, `<tier>`, `<scheme>`, `<band>`, `<i>`,
  /// `<response>` and `<alliance>` for the slot's parts; a variant's
  /// interventions are prefixed `variants.<id>.`.
  std::string_view pattern;
  std::string_view unit;
  ParameterScope scope = ParameterScope::flows;
  ParameterRange range;
  /// Flow scopes: the value in the flow parameters.
  double* (*flow)(FlowParameters&, const ParameterSlot&) = nullptr;
  /// Scheme scopes: the value in one scheme (monostate when it has none).
  ValuePointer (*scheme)(PaymentScheme&, const ParameterSlot&) = nullptr;
  /// Scheme scopes: the range one scheme allows, when narrower than `range`.
  std::optional<ParameterRange> (*scheme_range)(const PaymentScheme&) = nullptr;
  /// Intervention scope: the kinds it applies to (bits `1 << kind`) and the value.
  unsigned kinds = 0;
  double* (*intervention)(Intervention&) = nullptr;
  /// Intervention scope: the range one intervention of the scenario allows, when narrower than `range`.
  std::optional<ParameterRange> (*intervention_range)(const Scenario&, const Intervention&) = nullptr;
  /// Whether an instance exists in `scenario` (a line's length of stay, the
  /// insurance rates of a care type no line has, ...); none: always.
  bool (*applies)(const Scenario&, const ParameterSlot&) = nullptr;
  /// Behaviour scopes: the value in the scenario.
  double* (*scenario)(Scenario&, const ParameterSlot&) = nullptr;
  /// Scheme tiers: only the county's settings (otherwise every tier).
  bool county_tiers = false;
  /// What is stored is the value plus this (a demand change is its factor less 1).
  double stored_offset = 0.0;
  ParameterLocation::Form form = ParameterLocation::Form::number;
  /// Setting it must leave every line's referral chain ending.
  bool keeps_chain = false;
};

/// Every kind of parameter, in the order of the file's sections.
[[nodiscard]] std::span<const ParameterRow> parameter_table();

/// Makes and opens parameter references (the resolver's side of `ParameterRef`).
struct ParameterAccess {
  [[nodiscard]] static ParameterRef make(std::string path, ParameterRange range, const ParameterRow& row,
                                         ParameterSlot slot) {
    return {std::move(path), range, &row, std::move(slot)};
  }
  [[nodiscard]] static const ParameterRow& row(const ParameterRef& ref) noexcept { return *ref.row_; }
  [[nodiscard]] static const ParameterSlot& slot(const ParameterRef& ref) noexcept { return ref.slot_; }
};

}  // namespace ygt::detail
