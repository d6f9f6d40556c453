#pragma once
/// \file
/// Calibration: the values of a scenario's free parameters that bring its
/// projected indicators closest to observed ones, by weighted least squares
/// (Levenberg-Marquardt, Eigen's `unsupported/Eigen/LevenbergMarquardt`) within
/// bounds (`docs/study.md`, "Calibration").

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "yigongti/flows/indicators.hpp"
#include "yigongti/study/parameters.hpp"
#include "yigongti/study/progress.hpp"
#include "yigongti/study/region_parameters.hpp"

namespace ygt {

/// A parameter the calibration may move, and the bounds it must stay within
/// (within the parameter's own range).
struct FreeParameter {
  ParameterRef parameter;
  double lower = 0.0;
  double upper = 0.0;
};

/// The `calibration` section of a scenario: the free parameters, in the order
/// of the file. Their starting values are the scenario's.
struct CalibrationSpec {
  std::vector<FreeParameter> free;
};

/// One observed value to fit: an indicator of a variant in a year, of the
/// whole county or of one service line, as a level or as a relative change.
struct CalibrationTarget {
  int year = 0;
  std::string variant;
  Indicator indicator = Indicator::county_visit_rate;
  double observed = 0.0;
  /// The weight of its squared residual, >= 0 (e.g. 1/observed^2 to fit
  /// relative errors, 1/sd^2 for a measurement's standard deviation).
  double weight = 1.0;
  /// A service line's id: the indicator for that line's encounters alone
  /// (`FlowTable::line_indicator`, which says which indicators have one);
  /// empty for the whole county.
  std::string line;
  /// When set, the target is a relative change: the model's value is
  /// `m(year, variant) / m(from_year, from_variant) - 1`, and `observed` a
  /// change such as -0.07 for "fell 7%".
  std::optional<int> from_year;
  /// The variant of the reference value (empty: `variant`).
  std::string from_variant;
  /// When set, the target is a total over years: the indicator summed over
  /// `first_year..year` (an indicator that adds up, `Aggregation::sum`:
  /// counts and amounts, such as a surplus kept over four years); with
  /// `from_year`, the change of that total from the same span of years
  /// ending in `from_year`.
  std::optional<int> first_year;
  /// Whose indicator: for a scenario, empty or its county's id; for a region,
  /// a county's id, or the region's id or empty for the region's own
  /// indicators (`combine_indicators`), which have no line.
  std::string county;
};

struct CalibrationOptions {
  /// The most projections the fit may run (the Jacobian's included).
  std::size_t max_evaluations = 2000;
  /// Stops when a step changes the parameters (in the solver's coordinates) or
  /// the weighted sum of squares by less than this, relatively.
  double tolerance = 1e-10;
  unsigned threads = 1;       ///< workers for the Jacobian's projections (1 by default); 0: one per core
  ProgressCallback progress;  ///< told of each projection done
};

/// A fitted parameter.
struct FittedParameter {
  std::string path;
  double start = 0.0;  ///< the scenario's value
  double value = 0.0;  ///< the fitted value
  /// Approximate standard error: from `s^2 (J^T J)^-1`, with `J` the Jacobian
  /// of the weighted residuals in the parameter's own units at the fit and
  /// `s^2` the weighted residual sum of squares over (targets - free
  /// parameters). NaN when there are no more targets than free parameters,
  /// when the parameter ends at a bound, or when the targets do not determine
  /// the parameters (a singular `J^T J`).
  double standard_error = 0.0;
  double lower = 0.0;
  double upper = 0.0;
  bool at_bound = false;  ///< the fit ends at (within 1e-6 of the width from) a bound
};

/// How well one target is fitted.
struct TargetFit {
  CalibrationTarget target;
  double fitted = 0.0;    ///< the model's value at the fit
  double residual = 0.0;  ///< observed - fitted
};

/// The result of a calibration.
struct CalibrationResult {
  std::vector<FittedParameter> parameters;
  std::vector<TargetFit> targets;
  double weighted_ssr = 0.0;  ///< sum of weight * residual^2 at the fit
  double start_ssr = 0.0;     ///< the same at the scenario's values
  std::size_t evaluations = 0;
  std::size_t iterations = 0;
  bool converged = false;  ///< the solver stopped on a tolerance, not on `max_evaluations`
  std::string status;      ///< the solver's reason for stopping, in words
  /// The approximate covariance of the fitted values, `s^2 (J^T J)^-1` (see
  /// `FittedParameter::standard_error`): `parameters.size()` squared numbers,
  /// by rows in the order of `parameters`; NaN in the rows and columns of a
  /// parameter without a standard error, and everywhere when none has one.
  std::vector<double> covariance;
};

/// Fits the free parameters of `spec` in `scenario` to `targets`.
///
/// Minimises `sum_i w_i (model_i(x) - observed_i)^2` with Levenberg-Marquardt
/// on residuals `sqrt(w_i) (model_i - observed_i)`. Bounds are kept by a smooth
/// change of variables: `x = lo + (hi - lo)(1 + sin u)/2` for two finite
/// bounds, `x = lo - 1 + sqrt(u^2 + 1)` or `x = hi + 1 - sqrt(u^2 + 1)` for one,
/// `x = u` for none; the Jacobian is by central differences in `u`. Each
/// evaluation projects a copy of the scenario without its ledger, only up to
/// the last target year and, when the targets name one variant, only that one.
/// Throws `std::invalid_argument` when the spec has no free parameter, there
/// are fewer targets (of weight > 0) than free parameters, or a target names a
/// year, variant or line the scenario does not have, or an indicator without
/// a value for its line (loaders report these as `InputError`); and what the
/// projection throws.
[[nodiscard]] CalibrationResult calibrate(const Scenario& scenario, const CalibrationSpec& spec,
                                          const std::vector<CalibrationTarget>& targets,
                                          const CalibrationOptions& options = {});

/// A parameter of a region the calibration may move (one county's, or the
/// same value in several), and its bounds.
struct RegionFreeParameter {
  RegionParameter parameter;
  double lower = 0.0;
  double upper = 0.0;
};

/// Fits `free` in `region` to `targets`, as `calibrate` does a scenario's:
/// each evaluation sets the values in a copy of the region's counties,
/// projects every county (without ledgers, up to the last target year) and
/// reads each target off its county's indicators or the region's. The start
/// of a parameter is its value in its first county. Throws
/// `std::invalid_argument` as `calibrate` does, and for a target naming a
/// county the region does not have or a line of the region's indicators.
[[nodiscard]] CalibrationResult calibrate(const Region& region, const std::vector<RegionFreeParameter>& free,
                                          const std::vector<CalibrationTarget>& targets,
                                          const CalibrationOptions& options = {});

/// Sets the fitted values of `result` (paths of the region,
/// `resolve_region_parameter`) in `region`. Throws as `resolve_region_parameter`
/// and `set_region_parameter` do.
void apply_calibration(Region& region, const CalibrationResult& result);

/// Sets the fitted values of `result` in `scenario` (the scenario that was
/// calibrated, or a copy). Throws `InputError` when a path is not a parameter
/// of `scenario`, `std::invalid_argument` when it cannot take the value.
void apply_calibration(Scenario& scenario, const CalibrationResult& result);

}  // namespace ygt
