#pragma once
/// \file
/// Model parameters named by dotted paths (`choice.b_cap`,
/// `service_lines.ip_common.capability.township`, `payment.retention`): what
/// ensembles, sweeps and calibration vary. `docs/scenario-format.md`, "Parameter
/// paths", lists every path.

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yigongti/core/tier.hpp"

namespace ygt {

struct Scenario;

/// The valid values of a parameter: `[lo, hi]` with either end open, and
/// always finite. An infinite end means no bound on that side.
struct ParameterRange {
  double lo = 0.0;
  double hi = 0.0;
  bool lo_open = false;
  bool hi_open = false;

  /// Whether `v` is finite and within the range.
  [[nodiscard]] bool contains(double v) const noexcept;
  /// The range in interval notation: "[0, 1]", "(-1, inf)", "(0, 1e+12]".
  [[nodiscard]] std::string describe() const;
  /// Every finite number: `(-inf, inf)`.
  [[nodiscard]] static constexpr ParameterRange unbounded() noexcept {
    return {-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(), true, true};
  }
};

namespace detail {

/// Which value of a scenario a parameter reference names.
enum class ParameterField : unsigned char {
  // choice
  b_cap,
  b_time,
  b_oop,
  b_fd,
  choice_asc,
  // service_lines.<line>
  capability,
  cost,
  line_asc,
  down_referral,
  length_of_stay,
  rate_scale,
  // insurance
  outpatient_rate,
  inpatient_rate,
  family_doctor_coverage,
  // payment.<scheme id>
  prepay_share,
  retention,
  budget_amount,
  budget_growth,
  assessment_score,
  overspend_insurer_share,
  distribution_ratio,
  rate_per_head,
  dip_fund,
  dip_reimbursement_ratio,
  dip_low_cost_ratio,
  dip_high_cost_multiple,
  minimum_savings_rate,
  minimum_loss_rate,
  sharing_rate,
  fixed_loss_rate,
  performance_payment_cap,
  loss_cap,
  quality,
  benchmark_amount,
  benchmark_growth,
  ffs_reimbursement,
  // interventions[i] and variants.<id>.interventions[i]
  intervention_target,
  intervention_change,
  intervention_share,
  intervention_efficiency,
};

/// Where a parameter sits in a scenario (internal to `ParameterRef`).
struct ParameterSlot {
  ParameterField field = ParameterField::b_cap;
  Tier tier = Tier::village;    ///< per-tier fields
  std::size_t index = 0;        ///< a service line, an overspend band or an intervention
  std::ptrdiff_t variant = -1;  ///< the variant of an intervention; -1 for the shared list
  std::string scheme;           ///< the id of the payment schemes
};

struct ParameterAccess;

}  // namespace detail

/// A parameter of one scenario, resolved from its path (`resolve_parameter`).
///
/// A handle, cheap to copy: it names where the value sits, not the value. It
/// stays valid for copies of the scenario it was resolved against (the
/// ensemble's per-draw copies); using it with a scenario of another structure
/// is a misuse that `get_parameter`/`set_parameter` report.
class ParameterRef {
 public:
  /// The path it was resolved from (a shorthand such as `payment.retention` stays one).
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// The values `set_parameter` accepts: the loader's bounds for the field.
  [[nodiscard]] ParameterRange range() const noexcept { return range_; }
  /// Whether `other` names the same value of the scenario (a shorthand and its
  /// full path, or a demand intervention's `target` and `change`).
  [[nodiscard]] bool same_value(const ParameterRef& other) const noexcept;

 private:
  friend struct detail::ParameterAccess;
  ParameterRef(std::string path, ParameterRange range, detail::ParameterSlot slot)
      : path_(std::move(path)), range_(range), slot_(std::move(slot)) {}

  std::string path_;
  ParameterRange range_;
  detail::ParameterSlot slot_;
};

/// Resolves `path` in `scenario`. Throws `InputError` (file `scenario.origin`)
/// with one problem at `where` (the JSON path of the reference, e.g.
/// `uncertainty.parameters.choice.b_kap`): an unknown path, with the nearest
/// valid path as a "did you mean" suggestion, or an ambiguous shorthand, with
/// the full paths it could mean.
[[nodiscard]] ParameterRef resolve_parameter(const Scenario& scenario, std::string_view path,
                                             std::string_view where);

/// Every valid parameter path of `scenario`, in the order of the file's
/// sections, shorthands (`payment.<param>`) included.
[[nodiscard]] std::vector<std::string> parameter_paths(const Scenario& scenario);

/// The value of `ref` in `scenario`: money in yuan, shares and probabilities as
/// numbers. A payment parameter held by several schemes with the same id gives
/// the first one's (the shared `payment` before the variants'). Throws
/// `std::invalid_argument` when `scenario` has no such value.
[[nodiscard]] double get_parameter(const Scenario& scenario, const ParameterRef& ref);

/// Sets the value of `ref` in `scenario`: money rounded to the fen, every
/// payment scheme with the parameter's id changed. Throws
/// `std::invalid_argument`, leaving `scenario` unchanged, when `value` is outside
/// `ref.range()` or would make the scenario invalid for `ygt::project` (a
/// capability or down-referral probability whose referral chain never ends).
void set_parameter(Scenario& scenario, const ParameterRef& ref, double value);

}  // namespace ygt
