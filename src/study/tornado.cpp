// One-at-a-time sensitivity (tornado): each parameter alone at a low and a
// high value, the others at the scenario's (docs/study.md, "One at a time").

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/text.hpp"
#include "study/sweep_checks.hpp"
#include "study/workers.hpp"
#include "yigongti/study/sweep.hpp"

namespace ygt {
namespace {

/// `x` within `range`: an end it passed by rounding, or the nearest number inside an open end.
double inside(const ParameterRange& range, double x) {
  constexpr double infinity = std::numeric_limits<double>::infinity();
  const double lo = range.lo_open ? std::nextafter(range.lo, infinity) : range.lo;
  const double hi = range.hi_open ? std::nextafter(range.hi, -infinity) : range.hi;
  return std::clamp(x, lo, hi);
}

/// The quantile at `p` of `dist` (univariate, checked) truncated to its
/// `lower`/`upper` and to `within`.
double percentile(const ProbabilityDistribution& dist, const ParameterRange& within, double p) {
  return truncated_quantile(dist, p, within);
}

/// The ranges of a multivariate normal's components (`p` checked): each at
/// its marginal normal's percentiles within its range, the others at their
/// conditional means given it (the regression on it, within their ranges).
void joint_normal_ranges(const UncertainParameter& p, const std::string& source,
                         std::vector<OneAtATimeRange>& out) {
  const std::size_t k = p.targets.size();
  const std::vector<double>& a = p.dist.parameters;
  const auto cov = [&](std::size_t i, std::size_t j) { return a[k + i * k + j]; };
  for (std::size_t i = 0; i < k; ++i) {
    const ProbabilityDistribution marginal = ProbabilityDistribution::normal(a[i], std::sqrt(cov(i, i)));
    const ParameterRange& range = p.targets[i].range();
    OneAtATimeRange r{p.targets[i],
                      percentile(marginal, range, one_at_a_time_low_probability),
                      percentile(marginal, range, one_at_a_time_high_probability),
                      source + ".targets[" + std::to_string(i) + "]",
                      {},
                      {}};
    for (std::size_t j = 0; j < k; ++j) {
      if (j == i) continue;
      const double slope = cov(j, i) / cov(i, i);
      const ParameterRange& other = p.targets[j].range();
      r.with_low.push_back({p.targets[j], inside(other, a[j] + slope * (r.low - a[i]))});
      r.with_high.push_back({p.targets[j], inside(other, a[j] + slope * (r.high - a[i]))});
    }
    out.push_back(std::move(r));
  }
}

/// The ranges of a Dirichlet's components (`p` checked), each with the other
/// components at their conditional means; `source` names the entry.
void dirichlet_ranges(const UncertainParameter& p, const std::string& source,
                      std::vector<OneAtATimeRange>& out) {
  const std::vector<double>& alpha = p.dist.parameters;
  double sum = 0.0;
  for (double a : alpha) sum += a;
  for (std::size_t i = 0; i < alpha.size(); ++i) {
    const ProbabilityDistribution marginal = ProbabilityDistribution::beta(alpha[i], sum - alpha[i]);
    const ParameterRange& range = p.targets[i].range();
    OneAtATimeRange r{p.targets[i],
                      percentile(marginal, range, one_at_a_time_low_probability),
                      percentile(marginal, range, one_at_a_time_high_probability),
                      source + ".targets[" + std::to_string(i) + "]",
                      {},
                      {}};
    for (std::size_t j = 0; j < alpha.size(); ++j) {
      if (j == i) continue;
      const double mean_share = alpha[j] / (sum - alpha[i]);
      const ParameterRange& other = p.targets[j].range();
      r.with_low.push_back({p.targets[j], inside(other, (1.0 - r.low) * mean_share)});
      r.with_high.push_back({p.targets[j], inside(other, (1.0 - r.high) * mean_share)});
    }
    out.push_back(std::move(r));
  }
}

/// Sets `range`'s parameter to `value` and what goes with it (`with`) in `sc`.
void set_end(Scenario& sc, const OneAtATimeRange& range, double value,
             const std::vector<OneAtATimeSetting>& with) {
  set_parameter(sc, range.parameter, value);
  for (const OneAtATimeSetting& s : with) set_parameter(sc, s.parameter, s.value);
}

}  // namespace

OneAtATimeRange parse_one_at_a_time_range(std::string_view spec, const Scenario& scenario) {
  SweepAxis axis = parse_sweep_axis(spec, scenario);
  if (axis.values.size() != 2) {
    throw InputError(scenario.origin, {{"--set " + std::string(spec),
                                        std::to_string(axis.values.size()) + " value" +
                                            (axis.values.size() == 1 ? "" : "s") + " in one-at-a-time mode",
                                        "PATH=LOW,HIGH: exactly two values, the low and the high end"}});
  }
  return {std::move(axis.parameter), axis.values[0], axis.values[1], "--set " + std::string(spec), {}, {}};
}

std::vector<OneAtATimeRange> one_at_a_time_ranges(const UncertaintySpec& spec) {
  std::vector<OneAtATimeRange> out;
  std::size_t dirichlet = 0;
  std::size_t joint = 0;
  for (const UncertainParameter& p : spec.parameters) {
    const auto problems = check_uncertain_parameter(p);
    const std::string target = p.targets.empty() ? std::string("no target") : p.targets.front().path();
    if (!problems.empty()) {
      throw std::invalid_argument("ygt::one_at_a_time_ranges: " + target + ": " +
                                  (problems.front().path.empty() ? "" : problems.front().path + ": ") +
                                  problems.front().what);
    }
    if (p.dist.kind == DistributionKind::dirichlet) {
      dirichlet_ranges(p, "uncertainty.dirichlet[" + std::to_string(dirichlet++) + "]", out);
      continue;
    }
    if (p.dist.kind == DistributionKind::multivariate_normal) {
      joint_normal_ranges(p, "uncertainty.multivariate_normal[" + std::to_string(joint++) + "]", out);
      continue;
    }
    // Tied targets move together: the first carries the row, the others go with it.
    ParameterRange range = p.targets.front().range();
    for (const ParameterRef& t : p.targets) range = range.intersection(t.range());
    OneAtATimeRange r{p.targets.front(),
                      percentile(p.dist, range, one_at_a_time_low_probability),
                      percentile(p.dist, range, one_at_a_time_high_probability),
                      "uncertainty.parameters." + target,
                      {},
                      {}};
    for (std::size_t t = 1; t < p.targets.size(); ++t) {
      r.with_low.push_back({p.targets[t], r.low});
      r.with_high.push_back({p.targets[t], r.high});
    }
    out.push_back(std::move(r));
  }
  return out;
}

OneAtATimeResult one_at_a_time(const Scenario& scenario, const std::vector<OneAtATimeRange>& ranges,
                               const SweepOptions& options) {
  ProblemList problems;
  if (ranges.empty()) {
    problems.add("--set", "no parameter to move",
                 "at least one --set PATH=LOW,HIGH, or an uncertainty section to take the ranges from");
  }
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const OneAtATimeRange& r = ranges[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (r.parameter.same_value(ranges[j].parameter)) {
        problems.add(r.source, "the parameter is already moved by " + ranges[j].source,
                     "each parameter once");
      }
    }
    for (const auto& [value, with] : {std::pair{r.low, &r.with_low}, std::pair{r.high, &r.with_high}}) {
      Scenario trial = scenario;
      try {
        set_end(trial, r, value, *with);
      } catch (const std::invalid_argument& e) {
        problems.add(r.source,
                     r.parameter.path() + " = " + detail::number_text(value) + " cannot be used: " + e.what(),
                     "a value the scenario can be projected with, in " + r.parameter.range().describe());
      }
    }
  }
  detail::check_sweep_options(scenario, options, problems);
  problems.throw_if_any(scenario.origin);

  OneAtATimeResult result;
  for (const OneAtATimeRange& r : ranges) {
    result.parameters.push_back(r.parameter.path());
    result.sources.push_back(r.source);
  }
  result.variants = detail::reported_variants(scenario, options);
  result.years = detail::reported_years(scenario, options);

  Scenario base = scenario;
  if (options.year) base.years.end = *options.year;  // a year depends on the years before it only
  const ProjectionOptions projection = detail::sweep_projection(options);
  const auto first_row = static_cast<Eigen::Index>(result.years.front() - scenario.years.start);
  const auto n_years = static_cast<Eigen::Index>(result.years.size());

  // Piece 0 is the scenario as it is; pieces 2k+1 and 2k+2 range k at its low and high end.
  const std::size_t pieces = 1 + 2 * ranges.size();
  std::vector<std::vector<Eigen::MatrixXd>> indicators(pieces);  // per piece: per variant, years x indicators
  detail::parallel_for(pieces, detail::worker_count(options.threads, pieces),
                       [&](std::size_t piece, unsigned) {
                         Scenario sc = base;
                         if (piece > 0) {
                           const OneAtATimeRange& r = ranges[(piece - 1) / 2];
                           const bool high = piece % 2 == 0;
                           set_end(sc, r, high ? r.high : r.low, high ? r.with_high : r.with_low);
                         }
                         const ProjectionResult p = project(sc, projection);
                         for (const VariantProjection& v : p.variants)
                           indicators[piece].push_back(v.indicators.middleRows(first_row, n_years));
                         if (options.progress) options.progress(1);
                       });

  std::vector<double> bases;
  for (const OneAtATimeRange& r : ranges) bases.push_back(get_parameter(scenario, r.parameter));
  std::vector<TornadoRow> group;
  for (std::size_t v = 0; v < result.variants.size(); ++v) {
    for (std::size_t y = 0; y < result.years.size(); ++y) {
      const auto row = static_cast<Eigen::Index>(y);
      for (std::size_t i = 0; i < indicator_count; ++i) {
        const auto col = static_cast<Eigen::Index>(i);
        group.clear();
        for (std::size_t k = 0; k < ranges.size(); ++k) {
          const double at_low = indicators[2 * k + 1][v](row, col);
          const double at_high = indicators[2 * k + 2][v](row, col);
          group.push_back({result.variants[v], result.years[y], static_cast<Indicator>(i),
                           result.parameters[k], bases[k], ranges[k].low, ranges[k].high,
                           indicators[0][v](row, col), at_low, at_high, std::abs(at_high - at_low)});
        }
        // The largest swing first; a swing that is not a number after every other.
        std::stable_sort(group.begin(), group.end(), [](const TornadoRow& a, const TornadoRow& b) {
          if (std::isnan(b.swing)) return !std::isnan(a.swing);
          return a.swing > b.swing;
        });
        result.rows.insert(result.rows.end(), group.begin(), group.end());
      }
    }
  }
  return result;
}

}  // namespace ygt
