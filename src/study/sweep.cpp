#include "yigongti/study/sweep.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "core/text.hpp"
#include "study/workers.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/scenario/scenario.hpp"

namespace ygt {
namespace {

constexpr std::string_view grid_expectation = "PATH=a:b:step with step > 0 and a <= b, or PATH=v1,v2,...";

[[noreturn]] void refuse(const Scenario& scenario, std::string_view spec, std::string what,
                         std::string expected) {
  throw InputError(scenario.origin, {{"--set " + std::string(spec), std::move(what), std::move(expected)}});
}

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

SweepAxis parse_sweep_axis(std::string_view spec, const Scenario& scenario) {
  const std::size_t eq = spec.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    refuse(scenario, spec, "no parameter path and values", std::string(grid_expectation));
  }
  const std::string path(spec.substr(0, eq));
  const std::string_view values = spec.substr(eq + 1);
  SweepAxis axis{resolve_parameter(scenario, path, "--set " + std::string(spec)), {}};

  const auto number = [&](std::string_view text, const char* name) {
    const auto x = parse_number(text);
    if (!x) {
      refuse(scenario, spec, std::string(name) + " \"" + std::string(text) + "\" is not a number",
             "a finite decimal number");
    }
    return *x;
  };
  if (values.find(':') != std::string_view::npos) {
    const std::size_t c1 = values.find(':');
    const std::size_t c2 = values.find(':', c1 + 1);
    if (c2 == std::string_view::npos || values.find(':', c2 + 1) != std::string_view::npos) {
      refuse(scenario, spec, "a range needs three numbers, a:b:step", std::string(grid_expectation));
    }
    const double a = number(values.substr(0, c1), "start");
    const double b = number(values.substr(c1 + 1, c2 - c1 - 1), "end");
    const double step = number(values.substr(c2 + 1), "step");
    if (step <= 0.0) refuse(scenario, spec, "step " + describe(step) + " is not positive", "a step > 0");
    if (a > b) {
      refuse(scenario, spec, "start " + describe(a) + " is above end " + describe(b), "a <= b");
    }
    const double steps = (b - a) / step;
    if (!(steps < static_cast<double>(max_sweep_points))) {
      refuse(scenario, spec, "more than " + std::to_string(max_sweep_points) + " values",
             "at most " + std::to_string(max_sweep_points) + " points in a sweep");
    }
    // b is the last value when the step divides b - a to 1e-9 of a step.
    const auto n = static_cast<std::size_t>(std::floor(steps + 1e-9)) + 1;
    axis.values.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      axis.values.push_back(std::min(b, decimal15(a + static_cast<double>(i) * step)));
    }
    axis.values.front() = a;
    if (std::abs(steps - std::round(steps)) <= 1e-9) axis.values.back() = b;
  } else {
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = values.find(',', start);
      axis.values.push_back(number(values.substr(start, comma - start), "value"));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
      if (axis.values.size() >= max_sweep_points) {
        refuse(scenario, spec, "more than " + std::to_string(max_sweep_points) + " values",
               "at most " + std::to_string(max_sweep_points) + " points in a sweep");
      }
    }
  }

  const ParameterRange range = axis.parameter.range();
  Scenario trial = scenario;
  for (double v : axis.values) {
    if (!range.contains(v)) {
      refuse(scenario, spec, path + " = " + describe(v) + " is outside the parameter's range",
             "values in " + range.describe());
    }
    try {
      set_parameter(trial, axis.parameter, v);
    } catch (const std::invalid_argument& e) {
      refuse(scenario, spec, path + " = " + describe(v) + " cannot be used: " + e.what(),
             "a value the scenario can be projected with");
    }
  }
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

SweepResult run_sweep(const Scenario& scenario, const std::vector<SweepAxis>& axes,
                      const SweepOptions& options) {
  ProblemList problems;
  if (axes.empty()) problems.add("--set", "no parameter to sweep", "at least one --set PATH=a:b:step");
  for (std::size_t i = 0; i < axes.size(); ++i) {
    if (axes[i].values.empty()) {
      problems.add("--set " + axes[i].parameter.path(), "no values", "at least one value");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (axes[i].parameter.same_value(axes[j].parameter)) {
        problems.add("--set " + axes[i].parameter.path(),
                     "the parameter is already swept by --set " + axes[j].parameter.path(),
                     "each parameter on one axis");
      }
    }
  }
  const std::size_t points = grid_size(axes);
  if (points > max_sweep_points) {
    problems.add("--set", "the grid has more than " + std::to_string(max_sweep_points) + " points",
                 "at most " + std::to_string(max_sweep_points) + " points (the product of the axes' sizes)");
  }
  if (options.year && !scenario.years.contains(*options.year)) {
    problems.add(
        "--year", "year " + std::to_string(*options.year) + " is not projected",
        "a year in " + std::to_string(scenario.years.start) + ".." + std::to_string(scenario.years.end));
  }
  if (options.variant) {
    const bool known = std::any_of(scenario.variants.begin(), scenario.variants.end(),
                                   [&](const Variant& v) { return v.id == *options.variant; });
    if (!known) {
      std::vector<std::string> ids;
      for (const Variant& v : scenario.variants) ids.push_back(v.id);
      std::string what = "unknown variant \"" + *options.variant + "\"";
      what = detail::with_suggestion(std::move(what), *options.variant, ids);
      std::string expected;
      for (const auto& id : ids) expected += (expected.empty() ? "one of " : ", ") + id;
      problems.add("--variant", std::move(what), std::move(expected));
    }
  }
  problems.throw_if_any(scenario.origin);

  SweepResult result;
  for (const SweepAxis& a : axes) result.parameters.push_back(a.parameter.path());
  for (const Variant& v : scenario.variants) {
    if (!options.variant || v.id == *options.variant) result.variants.push_back(v.id);
  }
  if (options.year) {
    result.years.push_back(*options.year);
  } else {
    for (int y = scenario.years.start; y <= scenario.years.end; ++y) result.years.push_back(y);
  }
  const auto n_axes = static_cast<Eigen::Index>(axes.size());
  result.points.resize(static_cast<Eigen::Index>(points), n_axes);
  for (std::size_t p = 0; p < points; ++p) {
    std::size_t rest = p;
    for (Eigen::Index a = n_axes - 1; a >= 0; --a) {
      const auto& values = axes[static_cast<std::size_t>(a)].values;
      result.points(static_cast<Eigen::Index>(p), a) = values[rest % values.size()];
      rest /= values.size();
    }
  }
  const std::size_t per_point = result.variants.size() * result.years.size();
  result.indicators.resize(static_cast<Eigen::Index>(points * per_point),
                           static_cast<Eigen::Index>(indicator_count));

  Scenario base = scenario;
  if (options.year) base.years.end = *options.year;  // a year depends on the years before it only
  ProjectionOptions projection;
  projection.keep_ledger = false;
  projection.variant = options.variant;
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
    for (std::size_t v = 0; v < r.variants.size(); ++v) {
      for (std::size_t y = 0; y < result.years.size(); ++y) {
        result.indicators.row(result.row(p, v, y)) =
            r.variants[v].indicators.row(static_cast<Eigen::Index>(first_row + y));
      }
    }
    if (options.progress) options.progress(1);
  });
  return result;
}

}  // namespace ygt
