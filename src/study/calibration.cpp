#include "yigongti/study/calibration.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <unsupported/Eigen/LevenbergMarquardt>

#include "study/workers.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/projection/region.hpp"
#include "yigongti/scenario/scenario.hpp"

namespace ygt {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// The change of variables that keeps a free parameter within its bounds:
/// the solver moves `u` over all real numbers, the model sees `x(u)`.
struct Bounds {
  double lo = 0.0;
  double hi = 0.0;
  ParameterRange range;

  [[nodiscard]] bool has_lo() const noexcept { return std::isfinite(lo); }
  [[nodiscard]] bool has_hi() const noexcept { return std::isfinite(hi); }

  [[nodiscard]] double to_x(double u) const {
    double x = u;
    if (has_lo() && has_hi()) {
      x = lo + (hi - lo) * (1.0 + std::sin(u)) / 2.0;
    } else if (has_lo()) {
      x = lo - 1.0 + std::sqrt(u * u + 1.0);
    } else if (has_hi()) {
      x = hi + 1.0 - std::sqrt(u * u + 1.0);
    }
    x = std::clamp(x, has_lo() ? lo : x, has_hi() ? hi : x);
    // A bound at an open end of the parameter's range (a ratio's 0) is
    // approached, never reached.
    if (range.lo_open && x <= range.lo) x = std::nextafter(range.lo, range.hi);
    if (range.hi_open && x >= range.hi) x = std::nextafter(range.hi, range.lo);
    return x;
  }

  /// The solver's coordinate of `x`, moved slightly inside when `x` sits on a
  /// bound, where the change of variables has a zero derivative.
  [[nodiscard]] double to_u(double x) const {
    constexpr double inside = 0.01;
    if (has_lo() && has_hi()) {
      const double s = std::clamp(2.0 * (x - lo) / (hi - lo) - 1.0, -1.0, 1.0);
      return std::clamp(std::asin(s), -std::numbers::pi / 2 + inside, std::numbers::pi / 2 - inside);
    }
    if (has_lo()) return std::max(inside, std::sqrt(std::pow(x - lo + 1.0, 2) - 1.0));
    if (has_hi()) return std::max(inside, std::sqrt(std::pow(hi - x + 1.0, 2) - 1.0));
    return x;
  }

  [[nodiscard]] bool at_bound(double x) const noexcept {
    const auto tol = [&](double bound) {
      return 1e-6 * (has_lo() && has_hi() ? hi - lo : std::max(1.0, std::abs(bound)));
    };
    return (has_lo() && x - lo <= tol(lo)) || (has_hi() && hi - x <= tol(hi));
  }
};

/// Where a target's value sits in a projection of one scenario.
struct Cell {
  std::size_t variant;
  Eigen::Index row;
  Eigen::Index col;
  std::optional<std::size_t> line;  ///< a line's value, from the year's flow table
  CareType care;
  Eigen::Index years = 1;  ///< the rows summed: `row` and the years before it
};

const std::string& reference_variant(const CalibrationTarget& t) {
  return t.from_variant.empty() ? t.variant : t.from_variant;
}

/// What every evaluation projects: the years up to the last target year, the
/// targets' variant when they name one, flows when a target is a line's.
struct Reach {
  ProjectionOptions projection;
  int last = 0;
};

Reach reach_of(const std::vector<CalibrationTarget>& targets, int first_year) {
  Reach r;
  r.last = first_year;
  std::vector<std::string> variants;
  const auto use_variant = [&](const std::string& id) {
    if (std::find(variants.begin(), variants.end(), id) == variants.end()) variants.push_back(id);
  };
  for (const CalibrationTarget& t : targets) {
    r.last = std::max({r.last, t.year, t.from_year.value_or(t.year)});
    use_variant(t.variant);
    if (t.from_year) use_variant(reference_variant(t));
    r.projection.keep_flows = r.projection.keep_flows || !t.line.empty();
  }
  r.projection.keep_ledger = false;
  if (variants.size() == 1) r.projection.variant = variants.front();
  return r;
}

/// The cell of `t` (at `variant`, `year`) in a projection of `sc` with `options`.
Cell cell_of(const Scenario& sc, const ProjectionOptions& options, const std::string& variant, int year,
             const CalibrationTarget& t) {
  std::size_t v = 0;
  if (!options.variant) {
    while (sc.variants[v].id != variant) ++v;
  }
  Cell c{v,
         static_cast<Eigen::Index>(year - sc.years.start),
         static_cast<Eigen::Index>(index(t.indicator)),
         std::nullopt,
         CareType::outpatient,
         t.first_year ? static_cast<Eigen::Index>(t.year - *t.first_year + 1) : 1};
  if (!t.line.empty()) {
    const auto& lines = sc.flows->lines;
    const auto it =
        std::find_if(lines.begin(), lines.end(), [&](const ServiceLine& l) { return l.id == t.line; });
    c.line = static_cast<std::size_t>(it - lines.begin());
    c.care = it->care;
  }
  return c;
}

double value_of(const ProjectionResult& r, const Cell& c) {
  const VariantProjection& vp = r.variants[c.variant];
  double sum = 0.0;
  for (Eigen::Index row = c.row - c.years + 1; row <= c.row; ++row) {
    sum += c.line ? vp.flows[static_cast<std::size_t>(row)]
                        .line_indicator(static_cast<Indicator>(c.col), *c.line, c.care)
                        .value_or(0.0)
                  : vp.indicators(row, c.col);
  }
  return sum;
}

/// A target's value from its cell's value and its reference cell's.
double target_value(double m, std::optional<double> from) {
  if (!from) return m;
  return *from != 0.0 ? m / *from - 1.0 : std::numeric_limits<double>::infinity();
}

/// What the solver fits: the targets' model values at parameter values `x`,
/// computed on worker `worker` (each worker has its own copy of the inputs),
/// or nothing when the inputs refuse `x` (a capability whose referral chain
/// never ends).
class Model {
 public:
  Model() = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  virtual ~Model() = default;
  [[nodiscard]] virtual unsigned workers() const = 0;
  virtual std::optional<Eigen::VectorXd> values(const Eigen::VectorXd& x, unsigned worker) = 0;
};

/// A scenario's model: copies of the scenario projected.
class ScenarioModel final : public Model {
 public:
  ScenarioModel(const Scenario& scenario, const CalibrationSpec& spec,
                const std::vector<CalibrationTarget>& targets, const CalibrationOptions& options)
      : spec_(spec) {
    const Reach reach = reach_of(targets, scenario.years.start);
    projection_ = reach.projection;
    Scenario base = scenario;
    base.years.end = reach.last;  // a year depends on the years before it only
    for (const CalibrationTarget& t : targets) {
      cells_.push_back(cell_of(scenario, projection_, t.variant, t.year, t));
      reference_cells_.push_back(
          t.from_year
              ? std::optional<Cell>(cell_of(scenario, projection_, reference_variant(t), *t.from_year, t))
              : std::nullopt);
    }
    copies_.assign(detail::worker_count(options.threads, 2 * spec.free.size()), base);
  }

  [[nodiscard]] unsigned workers() const override { return static_cast<unsigned>(copies_.size()); }

  std::optional<Eigen::VectorXd> values(const Eigen::VectorXd& x, unsigned worker) override {
    Scenario& sc = copies_[worker];
    try {
      for (std::size_t j = 0; j < spec_.free.size(); ++j) {
        set_parameter(sc, spec_.free[j].parameter, x(static_cast<Eigen::Index>(j)));
      }
    } catch (const std::invalid_argument&) {
      return std::nullopt;
    }
    const ProjectionResult r = project(sc, projection_);
    Eigen::VectorXd out(static_cast<Eigen::Index>(cells_.size()));
    for (std::size_t i = 0; i < cells_.size(); ++i) {
      const auto& ref = reference_cells_[i];
      out(static_cast<Eigen::Index>(i)) =
          target_value(value_of(r, cells_[i]), ref ? std::optional<double>(value_of(r, *ref)) : std::nullopt);
    }
    return out;
  }

 private:
  const CalibrationSpec& spec_;
  ProjectionOptions projection_;
  std::vector<Cell> cells_;
  std::vector<std::optional<Cell>> reference_cells_;
  std::vector<Scenario> copies_;
};

/// A region's model: copies of the region's counties projected together, a
/// target read off its county's indicators or the region's.
class RegionModel final : public Model {
 public:
  static constexpr std::size_t region_cell = static_cast<std::size_t>(-1);

  RegionModel(const Region& region, const std::vector<RegionFreeParameter>& free,
              const std::vector<CalibrationTarget>& targets, const CalibrationOptions& options)
      : free_(free) {
    const Reach reach = reach_of(targets, region.years.start);
    projection_ = reach.projection;
    Region base = region;
    base.years.end = reach.last;
    for (Scenario& sc : base.counties) sc.years.end = reach.last;
    for (const CalibrationTarget& t : targets) {
      const std::size_t c = county_index(region, t);
      const Scenario& sc = region.counties[c == region_cell ? 0 : c];
      counties_.push_back(c);
      cells_.push_back(cell_of(sc, projection_, t.variant, t.year, t));
      reference_cells_.push_back(
          t.from_year ? std::optional<Cell>(cell_of(sc, projection_, reference_variant(t), *t.from_year, t))
                      : std::nullopt);
    }
    copies_.assign(detail::worker_count(options.threads, 2 * free.size()), base);
  }

  /// The index of the target's county, or `region_cell` for the region's indicators.
  static std::size_t county_index(const Region& region, const CalibrationTarget& t) {
    if (t.county.empty() || t.county == region.id) return region_cell;
    for (std::size_t c = 0; c < region.counties.size(); ++c) {
      if (region.counties[c].county.id() == t.county) return c;
    }
    throw std::invalid_argument("ygt::calibrate: unknown county \"" + t.county + "\"");
  }

  [[nodiscard]] unsigned workers() const override { return static_cast<unsigned>(copies_.size()); }

  std::optional<Eigen::VectorXd> values(const Eigen::VectorXd& x, unsigned worker) override {
    Region& region = copies_[worker];
    try {
      for (std::size_t j = 0; j < free_.size(); ++j) {
        set_region_parameter(region.counties, free_[j].parameter, x(static_cast<Eigen::Index>(j)));
      }
    } catch (const std::invalid_argument&) {
      return std::nullopt;
    }
    const RegionProjection r = project(region, projection_);
    const auto value = [&](std::size_t c, const Cell& cell) {
      if (c != region_cell) return value_of(r.counties[c], cell);
      return r.region[cell.variant].col(cell.col).segment(cell.row - cell.years + 1, cell.years).sum();
    };
    Eigen::VectorXd out(static_cast<Eigen::Index>(cells_.size()));
    for (std::size_t i = 0; i < cells_.size(); ++i) {
      const auto& ref = reference_cells_[i];
      out(static_cast<Eigen::Index>(i)) =
          target_value(value(counties_[i], cells_[i]),
                       ref ? std::optional<double>(value(counties_[i], *ref)) : std::nullopt);
    }
    return out;
  }

 private:
  const std::vector<RegionFreeParameter>& free_;
  ProjectionOptions projection_;
  std::vector<std::size_t> counties_;
  std::vector<Cell> cells_;
  std::vector<std::optional<Cell>> reference_cells_;
  std::vector<Region> copies_;
};

/// Evaluates a model for the solver: counts the projections, turns values
/// into weighted residuals, shares a batch of points among the workers.
class Evaluator {
 public:
  Evaluator(Model& model, const std::vector<CalibrationTarget>& targets, const CalibrationOptions& options)
      : model_(model), targets_(targets), options_(options) {}

  std::optional<Eigen::VectorXd> model(const Eigen::VectorXd& x, unsigned worker) {
    auto out = model_.values(x, worker);
    count();
    return out;
  }

  std::optional<Eigen::VectorXd> model(const Eigen::VectorXd& x) { return model(x, 0); }

  /// `model` at each of `xs`, shared among the workers.
  std::vector<std::optional<Eigen::VectorXd>> models(const std::vector<Eigen::VectorXd>& xs) {
    std::vector<std::optional<Eigen::VectorXd>> out(xs.size());
    detail::parallel_for(xs.size(), static_cast<unsigned>(std::min<std::size_t>(model_.workers(), xs.size())),
                         [&](std::size_t i, unsigned worker) { out[i] = model(xs[i], worker); });
    return out;
  }

  /// Weighted residuals `sqrt(w) (model - observed)`; a refused `x` gets
  /// residuals far larger than any real one, so the solver steps back.
  [[nodiscard]] Eigen::VectorXd residuals(const std::optional<Eigen::VectorXd>& m) const {
    Eigen::VectorXd r(static_cast<Eigen::Index>(targets_.size()));
    for (std::size_t i = 0; i < targets_.size(); ++i) {
      const CalibrationTarget& t = targets_[i];
      const double fitted = m ? (*m)(static_cast<Eigen::Index>(i)) : 1e6 * (std::abs(t.observed) + 1.0);
      r(static_cast<Eigen::Index>(i)) = std::sqrt(t.weight) * (fitted - t.observed);
    }
    return r;
  }

  [[nodiscard]] std::size_t evaluations() const noexcept { return evaluations_.load(); }

 private:
  void count() {
    ++evaluations_;
    if (options_.progress) options_.progress(1);
  }

  Model& model_;
  const std::vector<CalibrationTarget>& targets_;
  const CalibrationOptions& options_;
  std::atomic<std::size_t> evaluations_{0};
};

/// The least-squares problem in the solver's coordinates `u`.
struct Functor : Eigen::DenseFunctor<double> {
  Functor(Evaluator& e, const std::vector<Bounds>& b, int targets)
      : Eigen::DenseFunctor<double>(static_cast<int>(b.size()), targets), evaluator(e), bounds(b) {}

  [[nodiscard]] Eigen::VectorXd to_x(const Eigen::VectorXd& u) const {
    Eigen::VectorXd x(u.size());
    for (Eigen::Index j = 0; j < u.size(); ++j) x(j) = bounds[static_cast<std::size_t>(j)].to_x(u(j));
    return x;
  }

  int operator()(const Eigen::VectorXd& u, Eigen::VectorXd& fvec) const {
    fvec = evaluator.residuals(evaluator.model(to_x(u)));
    return 0;
  }

  /// Central differences, the 2n projections run together; one-sided where
  /// one side is refused by the scenario. Returns the projections run.
  int df(const Eigen::VectorXd& u, Eigen::MatrixXd& fjac) const {
    const Eigen::Index n = u.size();
    std::vector<Eigen::VectorXd> xs;
    std::vector<double> steps;
    for (Eigen::Index j = 0; j < n; ++j) {
      const double h = 1e-6 * std::max(1.0, std::abs(u(j)));
      steps.push_back(h);
      for (double sign : {1.0, -1.0}) {
        Eigen::VectorXd v = u;
        v(j) += sign * h;
        xs.push_back(to_x(v));
      }
    }
    const auto models = evaluator.models(xs);
    std::optional<Eigen::VectorXd> centre;
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto& plus = models[static_cast<std::size_t>(2 * j)];
      const auto& minus = models[static_cast<std::size_t>(2 * j + 1)];
      const double h = steps[static_cast<std::size_t>(j)];
      if (plus && minus) {
        fjac.col(j) = (evaluator.residuals(plus) - evaluator.residuals(minus)) / (2.0 * h);
        continue;
      }
      if (!centre) centre = evaluator.model(to_x(u));
      if (!centre || (!plus && !minus)) {
        fjac.col(j).setZero();
      } else if (plus) {
        fjac.col(j) = (evaluator.residuals(plus) - evaluator.residuals(centre)) / h;
      } else {
        fjac.col(j) = (evaluator.residuals(centre) - evaluator.residuals(minus)) / h;
      }
    }
    return static_cast<int>(2 * n);
  }

  Evaluator& evaluator;
  const std::vector<Bounds>& bounds;
};

std::string status_text(Eigen::LevenbergMarquardtSpace::Status s) {
  using namespace Eigen::LevenbergMarquardtSpace;
  switch (s) {
    case RelativeReductionTooSmall:
      return "converged: the sum of squares changes less than the tolerance";
    case RelativeErrorTooSmall:
      return "converged: the parameters change less than the tolerance";
    case RelativeErrorAndReductionTooSmall:
      return "converged: the parameters and the sum of squares change less than the tolerance";
    case CosinusTooSmall:
      return "converged: the residuals are orthogonal to the Jacobian";
    case FtolTooSmall:
    case XtolTooSmall:
    case GtolTooSmall:
      return "converged: no further reduction in the sum of squares is possible";
    case TooManyFunctionEvaluation:
      return "stopped: the evaluation budget ran out before convergence";
    case UserAsked:
      return "stopped on request";
    case ImproperInputParameters:
      return "improper input";
    default:
      return "stopped";
  }
}

/// Approximate covariance of `x` (the free parameters not at a bound), from a
/// central-difference Jacobian in the parameters' own units: n x n by rows,
/// NaN for the parameters it does not cover.
std::vector<double> fit_covariance(Evaluator& evaluator, const std::vector<Bounds>& bounds,
                                   const Eigen::VectorXd& x, const std::vector<bool>& at_bound, double ssr,
                                   std::size_t rows, std::size_t targets) {
  const std::size_t n = bounds.size();
  std::vector<double> se(n * n, nan);
  std::vector<std::size_t> moving;
  for (std::size_t j = 0; j < n; ++j) {
    if (!at_bound[j]) moving.push_back(j);
  }
  if (moving.empty() || targets <= n) return se;
  std::vector<Eigen::VectorXd> xs;
  std::vector<double> lo_step;
  std::vector<double> hi_step;
  for (std::size_t j : moving) {
    const auto jj = static_cast<Eigen::Index>(j);
    const double h = 1e-6 * std::max(std::abs(x(jj)), 1e-3);
    const ParameterRange& range = bounds[j].range;
    const double up = range.contains(x(jj) + h) ? h : 0.0;
    const double down = range.contains(x(jj) - h) ? h : 0.0;
    hi_step.push_back(up);
    lo_step.push_back(down);
    Eigen::VectorXd a = x;
    Eigen::VectorXd b = x;
    a(jj) += up;
    b(jj) -= down;
    xs.push_back(a);
    xs.push_back(b);
  }
  const auto models = evaluator.models(xs);
  Eigen::MatrixXd jac(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(moving.size()));
  for (std::size_t k = 0; k < moving.size(); ++k) {
    const auto& plus = models[2 * k];
    const auto& minus = models[2 * k + 1];
    const double width = hi_step[k] + lo_step[k];
    if (!plus || !minus || width == 0.0) return se;
    jac.col(static_cast<Eigen::Index>(k)) = (evaluator.residuals(plus) - evaluator.residuals(minus)) / width;
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(jac);
  if (qr.rank() < jac.cols()) return se;
  const double s2 = ssr / static_cast<double>(targets - n);
  const Eigen::MatrixXd cov = s2 * (jac.transpose() * jac).inverse();
  for (std::size_t k = 0; k < moving.size(); ++k) {
    for (std::size_t l = 0; l < moving.size(); ++l)
      se[moving[k] * n + moving[l]] = cov(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(l));
  }
  return se;
}

/// Checks `t` against `sc` (the scenario, or a county of the region):
/// its years, variants and line, its value and weight.
void check_target(const CalibrationTarget& t, const Scenario& scenario) {
  if (!scenario.years.contains(t.year)) {
    throw std::invalid_argument("ygt::calibrate: target year " + std::to_string(t.year) +
                                " is outside the scenario's years");
  }
  if (std::none_of(scenario.variants.begin(), scenario.variants.end(),
                   [&](const Variant& v) { return v.id == t.variant; })) {
    throw std::invalid_argument("ygt::calibrate: unknown variant \"" + t.variant + "\"");
  }
  if (t.from_year && !scenario.years.contains(*t.from_year)) {
    throw std::invalid_argument("ygt::calibrate: target reference year " + std::to_string(*t.from_year) +
                                " is outside the scenario's years");
  }
  if (t.first_year) {
    if (*t.first_year > t.year || !scenario.years.contains(*t.first_year) ||
        (t.from_year && !scenario.years.contains(*t.from_year - (t.year - *t.first_year)))) {
      throw std::invalid_argument("ygt::calibrate: a target's first year " + std::to_string(*t.first_year) +
                                  " is after its year or outside the scenario's years");
    }
    if (aggregation_of(t.indicator) != Aggregation::sum) {
      throw std::invalid_argument("ygt::calibrate: indicator " +
                                  std::string(indicator_catalog()[index(t.indicator)].id) +
                                  " does not add up over years (a total needs a count or an amount)");
    }
  }
  if (!t.from_variant.empty() && std::none_of(scenario.variants.begin(), scenario.variants.end(),
                                              [&](const Variant& v) { return v.id == t.from_variant; })) {
    throw std::invalid_argument("ygt::calibrate: unknown reference variant \"" + t.from_variant + "\"");
  }
  if (!t.line.empty()) {
    const ServiceLine* line = nullptr;
    if (scenario.flows) {
      for (const ServiceLine& l : scenario.flows->lines) {
        if (l.id == t.line) line = &l;
      }
    }
    if (line == nullptr)
      throw std::invalid_argument("ygt::calibrate: unknown service line \"" + t.line + "\"");
    if (!has_line_value(t.indicator, line->care)) {
      throw std::invalid_argument("ygt::calibrate: indicator " +
                                  std::string(indicator_catalog()[index(t.indicator)].id) +
                                  " has no value for line \"" + t.line + "\"");
    }
  }
  if (!can_be_negative(t.indicator) && t.observed < (t.from_year ? -1.0 : 0.0)) {
    throw std::invalid_argument("ygt::calibrate: an observed value of " +
                                std::string(indicator_catalog()[index(t.indicator)].id) +
                                " below what it can be (a level below 0, or a fall of more than 100%)");
  }
  if (!std::isfinite(t.observed) || !std::isfinite(t.weight) || t.weight < 0.0) {
    throw std::invalid_argument("ygt::calibrate: a target's value is not finite or its weight is negative");
  }
}

/// The targets of weight > 0, at least `n` of them.
std::size_t weighted_targets(const std::vector<CalibrationTarget>& targets, std::size_t n) {
  if (n == 0) throw std::invalid_argument("ygt::calibrate: no free parameter");
  const auto weighted = static_cast<std::size_t>(std::count_if(
      targets.begin(), targets.end(), [](const CalibrationTarget& t) { return t.weight > 0.0; }));
  if (weighted < n) {
    throw std::invalid_argument("ygt::calibrate: " + std::to_string(weighted) +
                                " targets of weight > 0 for " + std::to_string(n) +
                                " free parameters (at least as many targets are needed)");
  }
  return weighted;
}

/// A free parameter as the solver sees it.
struct Unknown {
  std::string path;
  double start = 0.0;
  double lower = 0.0;
  double upper = 0.0;
  ParameterRange range;
};

/// Fits `unknowns` of `model` to `targets` (checked): the one solver of
/// scenarios and regions.
CalibrationResult solve(Model& model, const std::vector<Unknown>& unknowns,
                        const std::vector<CalibrationTarget>& targets, const CalibrationOptions& options) {
  const std::size_t n = unknowns.size();
  const std::size_t weighted = weighted_targets(targets, n);
  std::vector<Bounds> bounds;
  Eigen::VectorXd start(static_cast<Eigen::Index>(n));
  Eigen::VectorXd u(static_cast<Eigen::Index>(n));
  for (std::size_t j = 0; j < n; ++j) {
    const Unknown& f = unknowns[j];
    bounds.push_back({f.lower, f.upper, f.range});
    start(static_cast<Eigen::Index>(j)) = f.start;
    u(static_cast<Eigen::Index>(j)) = bounds.back().to_u(f.start);
  }

  Evaluator evaluator(model, targets, options);
  Functor functor(evaluator, bounds, static_cast<int>(targets.size()));
  const Eigen::VectorXd start_residuals = evaluator.residuals(evaluator.model(start));

  Eigen::LevenbergMarquardt<Functor> lm(functor);
  lm.setXtol(options.tolerance);
  lm.setFtol(options.tolerance);
  lm.setMaxfev(static_cast<Eigen::Index>(std::max<std::size_t>(options.max_evaluations, 2 * n + 2)));
  const auto status = lm.minimize(u);
  if (status == Eigen::LevenbergMarquardtSpace::ImproperInputParameters) {
    throw std::logic_error("ygt::calibrate: the solver refused its input");
  }

  const Eigen::VectorXd x = functor.to_x(u);
  const auto fitted = evaluator.model(x);
  if (!fitted) throw std::logic_error("ygt::calibrate: the fitted values cannot be set in the scenario");

  CalibrationResult result;
  const Eigen::VectorXd r = evaluator.residuals(fitted);
  result.weighted_ssr = r.squaredNorm();
  result.start_ssr = start_residuals.squaredNorm();
  result.iterations = static_cast<std::size_t>(lm.iterations());
  result.status = status_text(status);
  result.converged = status != Eigen::LevenbergMarquardtSpace::TooManyFunctionEvaluation &&
                     status != Eigen::LevenbergMarquardtSpace::UserAsked;
  std::vector<bool> at_bound;
  for (std::size_t j = 0; j < n; ++j) at_bound.push_back(bounds[j].at_bound(x(static_cast<Eigen::Index>(j))));
  result.covariance =
      fit_covariance(evaluator, bounds, x, at_bound, result.weighted_ssr, targets.size(), weighted);
  for (std::size_t j = 0; j < n; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    const double var = result.covariance[j * n + j];
    const double se = var >= 0.0 ? std::sqrt(var) : nan;
    result.parameters.push_back(
        {unknowns[j].path, start(jj), x(jj), se, unknowns[j].lower, unknowns[j].upper, at_bound[j]});
  }
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const double m = (*fitted)(static_cast<Eigen::Index>(i));
    result.targets.push_back({targets[i], m, targets[i].observed - m});
  }
  result.evaluations = evaluator.evaluations();
  return result;
}

}  // namespace

CalibrationResult calibrate(const Scenario& scenario, const CalibrationSpec& spec,
                            const std::vector<CalibrationTarget>& targets,
                            const CalibrationOptions& options) {
  if (spec.free.empty()) throw std::invalid_argument("ygt::calibrate: no free parameter");
  for (const CalibrationTarget& t : targets) {
    if (!t.county.empty() && t.county != scenario.county.id()) {
      throw std::invalid_argument("ygt::calibrate: target of county \"" + t.county + "\" for county \"" +
                                  scenario.county.id() + "\"");
    }
    check_target(t, scenario);
  }
  (void)weighted_targets(targets, spec.free.size());
  std::vector<Unknown> unknowns;
  for (const FreeParameter& f : spec.free) {
    unknowns.push_back(
        {f.parameter.path(), get_parameter(scenario, f.parameter), f.lower, f.upper, f.parameter.range()});
  }
  ScenarioModel model(scenario, spec, targets, options);
  return solve(model, unknowns, targets, options);
}

CalibrationResult calibrate(const Region& region, const std::vector<RegionFreeParameter>& free,
                            const std::vector<CalibrationTarget>& targets,
                            const CalibrationOptions& options) {
  if (region.counties.empty()) throw std::invalid_argument("ygt::calibrate: a region without counties");
  if (free.empty()) throw std::invalid_argument("ygt::calibrate: no free parameter");
  for (const CalibrationTarget& t : targets) {
    const std::size_t c = RegionModel::county_index(region, t);
    if (c == RegionModel::region_cell && !t.line.empty()) {
      throw std::invalid_argument("ygt::calibrate: a line target (\"" + t.line +
                                  "\") for the region's indicators (a line is one county's)");
    }
    check_target(t, region.counties[c == RegionModel::region_cell ? 0 : c]);
  }
  (void)weighted_targets(targets, free.size());
  std::vector<Unknown> unknowns;
  for (const RegionFreeParameter& f : free) {
    unknowns.push_back({f.parameter.path, get_region_parameter(region.counties, f.parameter), f.lower,
                        f.upper, f.parameter.range});
  }
  RegionModel model(region, free, targets, options);
  return solve(model, unknowns, targets, options);
}

void apply_calibration(Region& region, const CalibrationResult& result) {
  for (const FittedParameter& p : result.parameters) {
    set_region_parameter(region.counties,
                         resolve_region_parameter(region, p.path, "calibration.free." + p.path), p.value);
  }
}

void apply_calibration(Scenario& scenario, const CalibrationResult& result) {
  for (const FittedParameter& p : result.parameters) {
    set_parameter(scenario, resolve_parameter(scenario, p.path, "calibration.free." + p.path), p.value);
  }
}

}  // namespace ygt
