#include "yigongti/study/sweep.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <span>
#include <stdexcept>

#include "core/text.hpp"
#include "study/sweep_checks.hpp"
#include "study/workers.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/projection/region.hpp"
#include "yigongti/scenario/scenario.hpp"

namespace ygt {

namespace detail {

void check_sweep_options(const Scenario& scenario, const SweepOptions& options, ProblemList& problems) {
  if (options.year && !scenario.years.contains(*options.year)) {
    problems.add(
        "--year", "year " + std::to_string(*options.year) + " is not projected",
        "a year in " + std::to_string(scenario.years.start) + ".." + std::to_string(scenario.years.end));
  }
  if (!options.variant) return;
  const bool known = std::any_of(scenario.variants.begin(), scenario.variants.end(),
                                 [&](const Variant& v) { return v.id == *options.variant; });
  if (known) return;
  std::vector<std::string> ids;
  for (const Variant& v : scenario.variants) ids.push_back(v.id);
  std::string what = "unknown variant \"" + *options.variant + "\"";
  what = with_suggestion(std::move(what), *options.variant, ids);
  std::string expected;
  for (const auto& id : ids) expected += (expected.empty() ? "one of " : ", ") + id;
  problems.add("--variant", std::move(what), std::move(expected));
}

std::vector<std::string> reported_variants(const Scenario& scenario, const SweepOptions& options) {
  std::vector<std::string> out;
  for (const Variant& v : scenario.variants) {
    if (!options.variant || v.id == *options.variant) out.push_back(v.id);
  }
  return out;
}

std::vector<int> reported_years(const Scenario& scenario, const SweepOptions& options) {
  if (options.year) return {*options.year};
  std::vector<int> out;
  for (int y = scenario.years.start; y <= scenario.years.end; ++y) out.push_back(y);
  return out;
}

ProjectionOptions sweep_projection(const SweepOptions& options) {
  ProjectionOptions projection;
  projection.keep_ledger = false;
  projection.variant = options.variant;
  return projection;
}

}  // namespace detail

namespace {

constexpr std::string_view grid_expectation = "PATH=a:b:step with step > 0 and a <= b, or PATH=v1,v2,...";

std::optional<double> parse_number(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double x = 0.0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), x);
  if (s.empty() || res.ec != std::errc{} || res.ptr != s.data() + s.size() || !std::isfinite(x)) {
    return std::nullopt;
  }
  return x;
}

/// The nearest decimal of 15 significant digits: removes the binary noise of
/// `a + i*step` (0.30000000000000004 -> 0.3) and keeps any value a person typed.
double decimal15(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", x);
  return std::strtod(text, nullptr);
}

std::string describe(double x) {
  return detail::number_text(x);
}

}  // namespace

namespace {

/// The values of the axis `spec` (`PATH=a:b:step` or `PATH=v1,...`) whose
/// path has been resolved to a parameter of range `range`; `trial(v)`
/// throws `std::invalid_argument` for a value the inputs cannot take.
/// Problems are `origin`'s, at `--set SPEC`.
std::vector<double> axis_values(std::string_view spec, const std::string& origin, const ParameterRange& range,
                                const std::function<void(double)>& trial) {
  const auto fail = [&](std::string what, std::string expected) {
    throw InputError(origin, {{"--set " + std::string(spec), std::move(what), std::move(expected)}});
  };
  const std::size_t eq = spec.find('=');
  const std::string path(spec.substr(0, eq));
  const std::string_view values = spec.substr(eq + 1);
  std::vector<double> out;
  const auto number = [&](std::string_view text, const char* name) {
    const auto x = parse_number(text);
    if (!x)
      fail(std::string(name) + " \"" + std::string(text) + "\" is not a number", "a finite decimal number");
    return *x;
  };
  if (values.find(':') != std::string_view::npos) {
    const std::size_t c1 = values.find(':');
    const std::size_t c2 = values.find(':', c1 + 1);
    if (c2 == std::string_view::npos || values.find(':', c2 + 1) != std::string_view::npos) {
      fail("a range needs three numbers, a:b:step", std::string(grid_expectation));
    }
    const double a = number(values.substr(0, c1), "start");
    const double b = number(values.substr(c1 + 1, c2 - c1 - 1), "end");
    const double step = number(values.substr(c2 + 1), "step");
    if (step <= 0.0) fail("step " + describe(step) + " is not positive", "a step > 0");
    if (a > b) fail("start " + describe(a) + " is above end " + describe(b), "a <= b");
    const double steps = (b - a) / step;
    if (!(steps < static_cast<double>(max_sweep_points))) {
      fail("more than " + std::to_string(max_sweep_points) + " values",
           "at most " + std::to_string(max_sweep_points) + " points in a sweep");
    }
    // b is the last value when the step divides b - a to 1e-9 of a step.
    const auto n = static_cast<std::size_t>(std::floor(steps + 1e-9)) + 1;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
      out.push_back(std::min(b, decimal15(a + static_cast<double>(i) * step)));
    out.front() = a;
    if (std::abs(steps - std::round(steps)) <= 1e-9) out.back() = b;
  } else {
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = values.find(',', start);
      out.push_back(number(values.substr(start, comma - start), "value"));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
      if (out.size() >= max_sweep_points) {
        fail("more than " + std::to_string(max_sweep_points) + " values",
             "at most " + std::to_string(max_sweep_points) + " points in a sweep");
      }
    }
  }
  for (double v : out) {
    if (!range.contains(v))
      fail(path + " = " + describe(v) + " is outside the parameter's range", "values in " + range.describe());
    try {
      trial(v);
    } catch (const std::invalid_argument& e) {
      fail(path + " = " + describe(v) + " cannot be used: " + e.what(),
           "a value the scenario can be projected with");
    }
  }
  return out;
}

/// The path of `spec`; refuses a spec without one.
std::string axis_path(std::string_view spec, const std::string& origin) {
  const std::size_t eq = spec.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw InputError(origin, {{"--set " + std::string(spec), "no parameter path and values",
                               std::string(grid_expectation)}});
  }
  return std::string(spec.substr(0, eq));
}

}  // namespace

SweepAxis parse_sweep_axis(std::string_view spec, const Scenario& scenario) {
  const std::string path = axis_path(spec, scenario.origin);
  SweepAxis axis{resolve_parameter(scenario, path, "--set " + std::string(spec)), {}};
  Scenario trial = scenario;
  axis.values = axis_values(spec, scenario.origin, axis.parameter.range(),
                            [&](double v) { set_parameter(trial, axis.parameter, v); });
  return axis;
}

RegionSweepAxis parse_region_sweep_axis(std::string_view spec, const Region& region) {
  const std::string path = axis_path(spec, region.origin);
  RegionSweepAxis axis{resolve_region_parameter(region, path, "--set " + std::string(spec)), {}};
  std::vector<Scenario> trial = region.counties;
  axis.values = axis_values(spec, region.origin, axis.parameter.range,
                            [&](double v) { set_region_parameter(trial, axis.parameter, v); });
  return axis;
}

std::size_t grid_size(const std::vector<SweepAxis>& axes) noexcept {
  if (axes.empty()) return 0;
  std::size_t n = 1;
  for (const SweepAxis& a : axes) {
    if (a.values.empty()) return 0;
    // Saturate rather than overflow: anything this big is refused anyway.
    n = n > max_sweep_points * 2 / a.values.size() ? max_sweep_points * 2 : n * a.values.size();
  }
  return n;
}

namespace {

/// What a sweep is asked, checked before anything runs: the axes (`paths`,
/// `sizes`, whether axes `i` and `j` name the same value), the year and the
/// variant against `scenario` (a region's counties share years and variants).
/// The result's shape (parameters, variants, years, points) filled in.
SweepResult check_and_shape(const Scenario& scenario, const std::string& origin,
                            const std::vector<std::string>& paths, const std::vector<std::size_t>& sizes,
                            const std::function<bool(std::size_t, std::size_t)>& same,
                            const std::function<double(std::size_t, std::size_t)>& value,
                            const SweepOptions& options) {
  ProblemList problems;
  if (paths.empty()) problems.add("--set", "no parameter to sweep", "at least one --set PATH=a:b:step");
  std::size_t points = paths.empty() ? 0 : 1;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (sizes[i] == 0) problems.add("--set " + paths[i], "no values", "at least one value");
    for (std::size_t j = 0; j < i; ++j) {
      if (same(i, j)) {
        problems.add("--set " + paths[i], "the parameter is already swept by --set " + paths[j],
                     "each parameter on one axis");
      }
    }
    // Saturate rather than overflow: anything this big is refused anyway.
    points = sizes[i] == 0                              ? 0
             : points > max_sweep_points * 2 / sizes[i] ? max_sweep_points * 2
                                                        : points * sizes[i];
  }
  if (points > max_sweep_points) {
    problems.add("--set", "the grid has more than " + std::to_string(max_sweep_points) + " points",
                 "at most " + std::to_string(max_sweep_points) + " points (the product of the axes' sizes)");
  }
  detail::check_sweep_options(scenario, options, problems);
  problems.throw_if_any(origin);

  SweepResult result;
  result.parameters = paths;
  result.variants = detail::reported_variants(scenario, options);
  result.years = detail::reported_years(scenario, options);
  const auto n_axes = static_cast<Eigen::Index>(paths.size());
  result.points.resize(static_cast<Eigen::Index>(points), n_axes);
  for (std::size_t p = 0; p < points; ++p) {
    std::size_t rest = p;
    for (Eigen::Index a = n_axes - 1; a >= 0; --a) {
      const auto axis = static_cast<std::size_t>(a);
      result.points(static_cast<Eigen::Index>(p), a) = value(axis, rest % sizes[axis]);
      rest /= sizes[axis];
    }
  }
  result.indicators.resize(static_cast<Eigen::Index>(points * result.variants.size() * result.years.size()),
                           static_cast<Eigen::Index>(indicator_count));
  return result;
}

/// Copies the reported years of each variant of `indicators` (per variant:
/// years x indicators, from the scenario's first year) into point `p` of `result`.
void store(SweepResult& result, std::size_t p, std::span<const Eigen::MatrixXd* const> indicators,
           std::size_t first_row) {
  for (std::size_t v = 0; v < indicators.size(); ++v) {
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      result.indicators.row(result.row(p, v, y)) =
          indicators[v]->row(static_cast<Eigen::Index>(first_row + y));
    }
  }
}

}  // namespace

SweepResult run_sweep(const Scenario& scenario, const std::vector<SweepAxis>& axes,
                      const SweepOptions& options) {
  std::vector<std::string> paths;
  std::vector<std::size_t> sizes;
  for (const SweepAxis& a : axes) {
    paths.push_back(a.parameter.path());
    sizes.push_back(a.values.size());
  }
  SweepResult result = check_and_shape(
      scenario, scenario.origin, paths, sizes,
      [&](std::size_t i, std::size_t j) { return axes[i].parameter.same_value(axes[j].parameter); },
      [&](std::size_t a, std::size_t k) { return axes[a].values[k]; }, options);
  const std::size_t points = result.point_count();
  const auto n_axes = static_cast<Eigen::Index>(axes.size());

  Scenario base = scenario;
  if (options.year) base.years.end = *options.year;  // a year depends on the years before it only
  const ProjectionOptions projection = detail::sweep_projection(options);
  const std::size_t first_row = static_cast<std::size_t>(result.years.front() - scenario.years.start);

  const unsigned workers = detail::worker_count(options.threads, points);
  std::vector<Scenario> copies(workers, base);  // each worker's: every point sets every axis
  detail::parallel_for(points, workers, [&](std::size_t p, unsigned worker) {
    Scenario& sc = copies[worker];
    for (Eigen::Index a = 0; a < n_axes; ++a) {
      set_parameter(sc, axes[static_cast<std::size_t>(a)].parameter,
                    result.points(static_cast<Eigen::Index>(p), a));
    }
    const ProjectionResult r = project(sc, projection);
    std::vector<const Eigen::MatrixXd*> m;
    for (const VariantProjection& v : r.variants) m.push_back(&v.indicators);
    store(result, p, m, first_row);
    if (options.progress) options.progress(1);
  });
  return result;
}

RegionSweepResult run_region_sweep(const Region& region, const std::vector<RegionSweepAxis>& axes,
                                   const SweepOptions& options) {
  if (region.counties.empty()) throw std::invalid_argument("run_region_sweep: a region without counties");
  std::vector<std::string> paths;
  std::vector<std::size_t> sizes;
  for (const RegionSweepAxis& a : axes) {
    paths.push_back(a.parameter.path);
    sizes.push_back(a.values.size());
  }
  const auto same = [&](std::size_t i, std::size_t j) {
    for (const auto& [c, ref] : axes[i].parameter.targets) {
      for (const auto& [d, other] : axes[j].parameter.targets) {
        if (c == d && ref.same_value(other)) return true;
      }
    }
    return false;
  };
  const SweepResult shape = check_and_shape(
      region.counties.front(), region.origin, paths, sizes, same,
      [&](std::size_t a, std::size_t k) { return axes[a].values[k]; }, options);
  const std::size_t n = region.counties.size();
  RegionSweepResult result;
  for (const Scenario& c : region.counties) result.units.push_back(c.county.id());
  result.units.push_back(region.id);
  result.sweeps.assign(n + 1, shape);
  const std::size_t points = shape.point_count();
  const auto n_axes = static_cast<Eigen::Index>(axes.size());

  std::vector<Scenario> base = region.counties;
  if (options.year) {
    for (Scenario& c : base) c.years.end = *options.year;
  }
  const ProjectionOptions projection = detail::sweep_projection(options);
  const std::size_t first_row = static_cast<std::size_t>(shape.years.front() - region.years.start);
  const unsigned workers = detail::worker_count(options.threads, points);
  std::vector<std::vector<Scenario>> copies(workers, base);
  detail::parallel_for(points, workers, [&](std::size_t p, unsigned worker) {
    std::vector<Scenario>& counties = copies[worker];
    for (Eigen::Index a = 0; a < n_axes; ++a) {
      set_region_parameter(counties, axes[static_cast<std::size_t>(a)].parameter,
                           shape.points(static_cast<Eigen::Index>(p), a));
    }
    std::vector<ProjectionResult> results;
    for (std::size_t c = 0; c < n; ++c) {
      results.push_back(project(counties[c], projection));
      std::vector<const Eigen::MatrixXd*> m;
      for (const VariantProjection& v : results.back().variants) m.push_back(&v.indicators);
      store(result.sweeps[c], p, m, first_row);
    }
    const std::vector<Eigen::MatrixXd> combined = combine_projections(results);
    std::vector<const Eigen::MatrixXd*> m;
    for (const Eigen::MatrixXd& x : combined) m.push_back(&x);
    store(result.sweeps[n], p, m, first_row);
    if (options.progress) options.progress(1);
  });
  return result;
}

}  // namespace ygt
