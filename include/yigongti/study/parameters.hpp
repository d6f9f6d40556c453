#pragma once
/// \file
/// Model parameters named by dotted paths (`choice.b_cap`,
/// `service_lines.ip_common.capability.township`, `payment.retention`): what
/// ensembles, sweeps and calibration vary. One table describes every kind of
/// parameter (its path, range, unit, how it is read and set, and where a
/// calibrated value is written in a file); `docs/scenario-format.md`,
/// "Parameter paths", lists them, and `ygt parameters FILE` shows a
/// scenario's.

#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yigongti/core/error.hpp"
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
  /// The values both ranges hold.
  [[nodiscard]] ParameterRange intersection(const ParameterRange& other) const noexcept;
  /// The range in interval notation: "[0, 1]", "(-1, inf)", "(0, 1e+12]".
  [[nodiscard]] std::string describe() const;
  /// Every finite number: `(-inf, inf)`.
  [[nodiscard]] static constexpr ParameterRange unbounded() noexcept {
    return {-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(), true, true};
  }
};

/// Where a parameter's value is written in a scenario file, and how: what a
/// calibrated file's writer needs, in terms of the file format's own keys.
struct ParameterLocation {
  /// What `steps` start from.
  enum class Anchor : unsigned char {
    document,      ///< the top-level object
    service_line,  ///< the object `service_lines[index]`
    scheme,        ///< every payment scheme with id `scheme`, in `payment` and in each variant's
    intervention,  ///< `interventions[index]`, or `variants[variant].interventions[index]`
  };
  /// How the value is written.
  enum class Form : unsigned char {
    number,         ///< a JSON number
    money,          ///< a string of decimal yuan, exact to the fen
    rate_factor,    ///< a factor multiplied into the line's `rate` values (the key names no member)
    demand_factor,  ///< a demand intervention's factor: as `target`, or as `change` (factor - 1) when the
                    ///< file gave `change`
  };

  Anchor anchor = Anchor::document;
  std::size_t index = 0;        ///< the service line or intervention
  std::ptrdiff_t variant = -1;  ///< the variant of an intervention; -1 for the shared list
  std::string scheme;           ///< the payment scheme id
  /// Member names below the anchor, outermost first; an array element is a
  /// step "[i]" (`{"overspend", "[1]", "insurer_share"}`).
  std::vector<std::string> steps;
  Form form = Form::number;
};

namespace detail {

struct ParameterRow;

/// Which instance of a kind of parameter a reference names (internal to `ParameterRef`).
struct ParameterSlot {
  Tier tier = Tier::village;    ///< per-tier parameters
  std::size_t index = 0;        ///< a service line, an overspend band or an intervention
  std::ptrdiff_t variant = -1;  ///< the variant of an intervention; -1 for the shared list
  std::string scheme;           ///< the id of the payment schemes

  friend bool operator==(const ParameterSlot&, const ParameterSlot&) = default;
};

struct ParameterAccess;
class ParameterIndexBuilder;

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
  /// The values `set_parameter` accepts: the loader's bounds for the value.
  [[nodiscard]] ParameterRange range() const noexcept { return range_; }
  /// What the value is measured in ("probability", "yuan per encounter", ...).
  [[nodiscard]] std::string_view unit() const noexcept;
  /// Where the value is written in a scenario file.
  [[nodiscard]] ParameterLocation location() const;
  /// Whether `other` names the same value of the scenario (a shorthand and its
  /// full path, or a demand intervention's `target` and `change`).
  [[nodiscard]] bool same_value(const ParameterRef& other) const noexcept;

 private:
  friend struct detail::ParameterAccess;
  ParameterRef(std::string path, ParameterRange range, const detail::ParameterRow* row,
               detail::ParameterSlot slot)
      : path_(std::move(path)), range_(range), row_(row), slot_(std::move(slot)) {}

  std::string path_;
  ParameterRange range_;
  const detail::ParameterRow* row_ = nullptr;
  detail::ParameterSlot slot_;
};

/// Every parameter of one scenario, by path: resolves many references (an
/// `uncertainty` section) against one enumeration. Cheap to query, not to
/// build (it walks the whole scenario); it refers to nothing in the scenario.
class ParameterIndex {
 public:
  explicit ParameterIndex(const Scenario& scenario);

  /// The parameter at `path`; otherwise nothing, with a problem at `where`
  /// added to `problems`: unknown (with the nearest valid path) or ambiguous
  /// (with the full paths a shorthand could mean).
  [[nodiscard]] std::optional<ParameterRef> find(std::string_view path, const std::string& where,
                                                 ProblemList& problems) const;
  /// Every valid path, in the order of the file's sections; an intervention
  /// with an id by its id (`interventions.<id>.target`), though its position
  /// (`interventions[2].target`) is accepted too.
  [[nodiscard]] const std::vector<std::string>& paths() const noexcept { return paths_; }
  /// Every parameter, in the order of `paths`.
  [[nodiscard]] const std::vector<ParameterRef>& parameters() const noexcept { return refs_; }
  /// Whether the path at position `i` is a shorthand (`payment.<param>`).
  [[nodiscard]] bool is_shorthand(std::size_t i) const noexcept { return shorthand_[i]; }

 private:
  friend class detail::ParameterIndexBuilder;
  std::vector<ParameterRef> refs_;
  std::vector<std::string> paths_;
  std::vector<bool> shorthand_;
  std::map<std::string, std::size_t, std::less<>> by_path_;
  /// Shorthands that several scheme ids carry: their full paths.
  std::map<std::string, std::vector<std::string>, std::less<>> ambiguous_;
  /// The positional paths of interventions named by an id (not in `paths_`).
  std::map<std::string, ParameterRef, std::less<>> aliases_;
  /// The ids of each list of interventions (`interventions`,
  /// `variants.<v>.interventions`), in order.
  std::map<std::string, std::vector<std::string>, std::less<>> intervention_ids_;
  bool behaviour_off_ = false;  // the scenario has service lines but `"behaviour": "off"`
};

/// Resolves `path` in `scenario`. Throws `InputError` (file `scenario.origin`)
/// with one problem at `where` (the JSON path of the reference, e.g.
/// `uncertainty.parameters.choice.b_kap`): an unknown path, with the nearest
/// valid path as a "did you mean" suggestion, or an ambiguous shorthand, with
/// the full paths it could mean.
[[nodiscard]] ParameterRef resolve_parameter(const Scenario& scenario, std::string_view path,
                                             std::string_view where);

/// Every valid parameter path of `scenario`, in the order of the file's
/// sections, shorthands (`payment.<param>`) included; an intervention with an
/// id by its id (its positional path is valid too, and not listed).
[[nodiscard]] std::vector<std::string> parameter_paths(const Scenario& scenario);

/// One parameter of a scenario, as `ygt parameters` lists it.
struct ParameterInfo {
  std::string path;
  double value = 0.0;  ///< as `get_parameter` gives it
  ParameterRange range;
  std::string_view unit;
  bool shorthand = false;  ///< `payment.<param>`, standing for one scheme's full path
};

/// Every parameter of `scenario` with its value, range and unit, in the order
/// of `parameter_paths`.
[[nodiscard]] std::vector<ParameterInfo> list_parameters(const Scenario& scenario);

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
