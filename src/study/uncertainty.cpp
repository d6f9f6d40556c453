#include "yigongti/study/uncertainty.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/complement.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/math/policies/policy.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "yigongti/scenario/scenario.hpp"

namespace ygt {
namespace {

namespace bm = boost::math;

/// Boost.Math computes in double throughout (no promotion to long double, whose
/// width differs between platforms), so that a draw is the same everywhere.
using Policy = bm::policies::policy<bm::policies::promote_float<false>, bm::policies::promote_double<false>>;

constexpr double inf = std::numeric_limits<double>::infinity();

std::string text(double x) {
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, res.ptr);
}

/// Calls `fn` with the Boost.Math distribution of `d` (not a Dirichlet; the
/// parameters already checked).
template <class Fn>
auto with_boost(const ProbabilityDistribution& d, Fn&& fn) {
  const std::vector<double>& p = d.parameters;
  switch (d.kind) {
    case DistributionKind::normal:
      return fn(bm::normal_distribution<double, Policy>(p[0], p[1]));
    case DistributionKind::lognormal:
      return fn(bm::lognormal_distribution<double, Policy>(p[0], p[1]));
    case DistributionKind::beta:
      return fn(bm::beta_distribution<double, Policy>(p[0], p[1]));
    case DistributionKind::gamma:
      return fn(bm::gamma_distribution<double, Policy>(p[0], p[1]));
    case DistributionKind::uniform:
      return fn(bm::uniform_distribution<double, Policy>(p[0], p[1]));
    case DistributionKind::triangular:
      return fn(bm::triangular_distribution<double, Policy>(p[0], p[1], p[2]));
    case DistributionKind::dirichlet:
    case DistributionKind::multivariate_normal:
      break;
  }
  throw std::invalid_argument("ygt: a joint distribution has no univariate CDF");
}

/// P(X <= x) and P(X > x), exact 0 and 1 outside the support.
template <class D>
double cdf_at(const D& d, const ParameterRange& support, double x) {
  if (x <= support.lo) return 0.0;
  if (x >= support.hi) return 1.0;
  return bm::cdf(d, x);
}
template <class D>
double ccdf_at(const D& d, const ParameterRange& support, double x) {
  if (x <= support.lo) return 1.0;
  if (x >= support.hi) return 0.0;
  return bm::cdf(bm::complement(d, x));
}

/// The probability of `[lo, hi]`, from whichever tail keeps its precision.
template <class D>
double mass(const D& d, const ParameterRange& support, double lo, double hi) {
  const double flo = cdf_at(d, support, lo);
  if (flo > 0.5) return ccdf_at(d, support, lo) - ccdf_at(d, support, hi);
  return cdf_at(d, support, hi) - flo;
}

/// `x` moved into `range` where rounding left it just outside (an open end
/// becomes the nearest number inside).
double into(const ParameterRange& range, double x) {
  if (x < range.lo || (x == range.lo && range.lo_open)) {
    x = range.lo_open ? std::nextafter(range.lo, inf) : range.lo;
  }
  if (x > range.hi || (x == range.hi && range.hi_open)) {
    x = range.hi_open ? std::nextafter(range.hi, -inf) : range.hi;
  }
  return x;
}

/// The values `d` takes once truncated: its support within [lower, upper].
ParameterRange truncated_support(const ProbabilityDistribution& d) {
  ParameterRange s = d.support();
  if (d.lower && *d.lower > s.lo) {
    s.lo = *d.lower;
    s.lo_open = false;
  }
  if (d.upper && *d.upper < s.hi) {
    s.hi = *d.upper;
    s.hi_open = false;
  }
  return s;
}

/// The smallest uniform number a stream gives, and 1 less the largest.
constexpr double tail = 1.0 / 9007199254740992.0;  // 2^-53

/// A number with 4 significant digits, for messages.
std::string approx(double x) {
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 4);
  return std::string(buf, res.ptr);
}

/// The values `d` (checked) can draw: its support within its truncation,
/// narrowed to its quantiles at the most extreme uniform numbers a stream gives.
ParameterRange drawable_values(const ProbabilityDistribution& d) {
  ParameterRange s = truncated_support(d);
  with_boost(d, [&](const auto& b) {
    const double lo = bm::quantile(b, tail);
    const double hi = bm::quantile(bm::complement(b, tail));
    if (lo > s.lo) s = {lo, s.hi, false, s.hi_open};
    if (hi < s.hi) s = {s.lo, hi, s.lo_open, false};
    return 0;
  });
  return s;
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

std::vector<std::string_view> parameter_names(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::normal:
      return {"mean", "sd"};
    case DistributionKind::lognormal:
      return {"meanlog", "sdlog"};
    case DistributionKind::beta:
      return {"alpha", "beta"};
    case DistributionKind::gamma:
      return {"shape", "scale"};
    case DistributionKind::uniform:
      return {"min", "max"};
    case DistributionKind::triangular:
      return {"min", "mode", "max"};
    case DistributionKind::dirichlet:
      return {"alpha"};
    case DistributionKind::multivariate_normal:
      return {"mean", "covariance"};
  }
  return {};
}

std::size_t ProbabilityDistribution::dimension() const noexcept {
  if (kind == DistributionKind::dirichlet) return parameters.size();
  if (kind != DistributionKind::multivariate_normal) return 1;
  // k + k^2 numbers.
  const std::size_t n = parameters.size();
  for (std::size_t k = 1; k + k * k <= n; ++k) {
    if (k + k * k == n) return k;
  }
  return 0;
}

namespace {

/// The covariance of a multivariate normal of dimension `k` (checked).
Eigen::MatrixXd covariance_of(const ProbabilityDistribution& d, std::size_t k) {
  const auto n = static_cast<Eigen::Index>(k);
  Eigen::MatrixXd c(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) c(i, j) = d.parameters[k + static_cast<std::size_t>(i * n + j)];
  }
  return c;
}

/// The problems of a multivariate normal itself (`ProbabilityDistribution::check`).
void check_multivariate_normal(const ProbabilityDistribution& d, ProblemList& problems) {
  const std::size_t k = d.dimension();
  if (k == 0) {
    problems.add("covariance", std::to_string(d.parameters.size()) + " numbers",
                 "k means and a k x k covariance (k + k^2 numbers)");
    return;
  }
  for (std::size_t i = 0; i < d.parameters.size(); ++i) {
    if (std::isfinite(d.parameters[i])) continue;
    problems.add(i < k
                     ? "mean[" + std::to_string(i) + "]"
                     : "covariance[" + std::to_string((i - k) / k) + "][" + std::to_string((i - k) % k) + "]",
                 "not finite", "a finite number");
  }
  if (d.lower) problems.add("lower", "a multivariate normal cannot be truncated", "no lower");
  if (d.upper) problems.add("upper", "a multivariate normal cannot be truncated", "no upper");
  if (!problems.empty()) return;
  const Eigen::MatrixXd c = covariance_of(d, k);
  for (Eigen::Index i = 0; i < c.rows(); ++i) {
    for (Eigen::Index j = i + 1; j < c.cols(); ++j) {
      if (std::abs(c(i, j) - c(j, i)) > 1e-9 * std::max({std::abs(c(i, j)), std::abs(c(j, i)), 1e-300})) {
        problems.add("covariance[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                     text(c(i, j)) + " differs from covariance[" + std::to_string(j) + "][" +
                         std::to_string(i) + "] " + text(c(j, i)),
                     "a symmetric covariance");
        return;
      }
    }
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(c);
  if (llt.info() != Eigen::Success || (c.diagonal().array() <= 0.0).any()) {
    problems.add("covariance", "not positive definite",
                 "a covariance with positive variances whose Cholesky factor exists");
  }
}

}  // namespace

std::vector<Problem> ProbabilityDistribution::check() const {
  ProblemList problems;
  if (kind == DistributionKind::multivariate_normal) {
    check_multivariate_normal(*this, problems);
    return problems.problems();
  }
  const std::vector<std::string_view> names = parameter_names(kind);
  if (kind == DistributionKind::dirichlet) {
    if (parameters.size() < 2) {
      problems.add("alpha", std::to_string(parameters.size()) + " alphas", "at least two, one per share");
    }
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      if (!(std::isfinite(parameters[i]) && parameters[i] > 0.0)) {
        problems.add("alpha[" + std::to_string(i) + "]", "alpha " + text(parameters[i]), "a number > 0");
      }
    }
    if (lower) problems.add("lower", "a Dirichlet distribution cannot be truncated", "no lower");
    if (upper) problems.add("upper", "a Dirichlet distribution cannot be truncated", "no upper");
    return problems.problems();
  }
  if (parameters.size() != names.size()) {
    std::string expected;
    for (std::string_view n : names) expected += (expected.empty() ? "" : ", ") + std::string(n);
    problems.add("", std::to_string(parameters.size()) + " parameters for a " + std::string(to_string(kind)),
                 expected);
    return problems.problems();
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!std::isfinite(parameters[i])) problems.add(std::string(names[i]), "not finite", "a finite number");
  }
  if (!problems.empty()) return problems.problems();
  const auto positive = [&](std::size_t i, const char* meaning) {
    if (!(parameters[i] > 0.0)) {
      problems.add(std::string(names[i]), std::string(names[i]) + " " + text(parameters[i]),
                   std::string(meaning) + " > 0");
    }
  };
  switch (kind) {
    case DistributionKind::normal:
      positive(1, "a standard deviation");
      break;
    case DistributionKind::lognormal:
      positive(1, "a standard deviation of the logarithm");
      break;
    case DistributionKind::beta:
      positive(0, "a shape");
      positive(1, "a shape");
      break;
    case DistributionKind::gamma:
      positive(0, "a shape");
      positive(1, "a scale");
      break;
    case DistributionKind::uniform:
    case DistributionKind::triangular: {
      const double min = parameters.front();
      const double max = parameters.back();
      if (!(min < max)) {
        problems.add("max", "max " + text(max) + " is not above min " + text(min), "max > min");
      } else if (kind == DistributionKind::triangular && !(parameters[1] >= min && parameters[1] <= max)) {
        problems.add("mode",
                     "mode " + text(parameters[1]) + " is outside [" + text(min) + ", " + text(max) + "]",
                     "min <= mode <= max");
      }
      break;
    }
    case DistributionKind::dirichlet:
    case DistributionKind::multivariate_normal:
      break;
  }
  if (lower && !std::isfinite(*lower)) problems.add("lower", "not finite", "a finite bound");
  if (upper && !std::isfinite(*upper)) problems.add("upper", "not finite", "a finite bound");
  if (!problems.empty()) return problems.problems();
  if (lower && upper && !(*lower < *upper)) {
    problems.add("upper", "upper " + text(*upper) + " is not above lower " + text(*lower), "upper > lower");
    return problems.problems();
  }
  if (lower || upper) {
    const ParameterRange s = support();
    const double lo = lower.value_or(-inf);
    const double hi = upper.value_or(inf);
    const double p = with_boost(*this, [&](const auto& d) { return mass(d, s, lo, hi); });
    if (!(p > 0.0)) {
      problems.add("", "truncated to [" + text(lo) + ", " + text(hi) + "], where it has no probability",
                   "truncation bounds around values the distribution takes, within " + s.describe());
    }
  }
  return problems.problems();
}

ParameterRange ProbabilityDistribution::support() const {
  switch (kind) {
    case DistributionKind::normal:
    case DistributionKind::multivariate_normal:
      return ParameterRange::unbounded();
    case DistributionKind::lognormal:
    case DistributionKind::gamma:
      return {0.0, inf, true, true};
    case DistributionKind::beta:
    case DistributionKind::dirichlet:
      return {0.0, 1.0};
    case DistributionKind::uniform:
    case DistributionKind::triangular:
      if (parameters.empty()) return ParameterRange::unbounded();
      return {parameters.front(), parameters.back()};
  }
  return ParameterRange::unbounded();
}

std::vector<Problem> check_uncertain_parameter(const UncertainParameter& p) {
  ProblemList problems;
  problems.append(p.dist.check());
  if (p.dist.kind == DistributionKind::dirichlet) {
    if (p.targets.size() != p.dist.parameters.size()) {
      problems.add("alpha",
                   std::to_string(p.dist.parameters.size()) + " alphas for " +
                       std::to_string(p.targets.size()) + " targets",
                   "one alpha per target");
    }
    for (std::size_t i = 0; i < p.targets.size(); ++i) {
      const ParameterRange r = p.targets[i].range();
      if (r.lo > 0.0 || r.hi < 1.0) {
        problems.add(
            "targets[" + std::to_string(i) + "]",
            "a Dirichlet share takes values in [0, 1], outside the range " + r.describe() + " of " +
                p.targets[i].path(),
            "parameters that can hold any share in [0, 1] (shares, probabilities, distribution ratios)");
      }
    }
    return problems.problems();
  }
  if (p.dist.kind == DistributionKind::multivariate_normal) {
    const std::size_t k = p.dist.dimension();
    if (!problems.empty()) return problems.problems();
    if (p.targets.size() != k) {
      problems.add("mean", std::to_string(k) + " means for " + std::to_string(p.targets.size()) + " targets",
                   "one mean per target");
      return problems.problems();
    }
    // Draws are redrawn until all lie in their ranges: no target may lose
    // more than 1/(2k) of its draws, so that at least half are kept.
    const double keep = 1.0 - 0.5 / static_cast<double>(k);
    for (std::size_t i = 0; i < k; ++i) {
      const ParameterRange r = p.targets[i].range();
      const double sd = std::sqrt(p.dist.parameters[k + i * k + i]);
      const bm::normal_distribution<double, Policy> marginal(p.dist.parameters[i], sd);
      const double m = mass(marginal, ParameterRange::unbounded(), r.lo, r.hi);
      if (!(m >= keep)) {
        problems.add("targets[" + std::to_string(i) + "]",
                     "the distribution puts " + approx(100.0 * (1.0 - m)) + "% of the draws of " +
                         p.targets[i].path() + " (mean " + text(p.dist.parameters[i]) + ", sd " + approx(sd) +
                         ") outside its range " + r.describe(),
                     "at most " + approx(100.0 * (1.0 - keep)) +
                         "% outside: a mean further inside the range or a smaller variance");
      }
    }
    return problems.problems();
  }
  if (p.targets.empty()) {
    problems.add("targets", "no target", "at least one parameter path");
    return problems.problems();
  }
  if (!problems.empty()) return problems.problems();
  const bool tied = p.targets.size() > 1;
  const ParameterRange values = drawable_values(p.dist);
  for (std::size_t t = 0; t < p.targets.size(); ++t) {
    const ParameterRef& target = p.targets[t];
    const std::string at = tied ? "targets[" + std::to_string(t) + "]" : "";
    const ParameterRange range = target.range();
    const std::string where = " of " + target.path();
    // Bounds may sit on an open end of the range: a continuous distribution never takes that value.
    bool bounds_ok = true;
    for (auto [key, bound] : {std::pair{"lower", p.dist.lower}, std::pair{"upper", p.dist.upper}}) {
      if (bound && !(*bound >= range.lo && *bound <= range.hi)) {
        problems.add(
            key, std::string(key) + " " + text(*bound) + " is outside the range " + range.describe() + where,
            "a bound within " + range.describe());
        bounds_ok = false;
      }
    }
    if (!bounds_ok) continue;
    const bool below = values.lo < range.lo;
    const bool above = values.hi > range.hi;
    if (below || above) {
      std::string what = "a " + std::string(to_string(p.dist.kind)) + " distribution";
      if (p.dist.lower || p.dist.upper) what += " so truncated";
      what += " can draw values from " + approx(values.lo) + " to " + approx(values.hi) +
              ", outside the range " + range.describe() + where;
      std::string expected;
      if (below) expected += "`lower` >= " + text(range.lo);
      if (below && above) expected += " and ";
      if (above) expected += "`upper` <= " + text(range.hi);
      expected +=
          " to truncate it to the range, or a distribution whose draws all lie in " + range.describe();
      problems.add(at, std::move(what), std::move(expected));
    }
  }
  return problems.problems();
}

std::vector<Problem> check_uncertainty(const UncertaintySpec& spec) {
  ProblemList problems;
  if (spec.draws < 1) problems.add("draws", std::to_string(spec.draws) + " draws", "at least 1");
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const std::string at = "parameters[" + std::to_string(i) + "]";
    problems.append(check_uncertain_parameter(spec.parameters[i]), at);
    const auto& targets = spec.parameters[i].targets;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      bool repeated = false;
      for (std::size_t j = 0; j <= i && !repeated; ++j) {
        const auto& earlier = spec.parameters[j].targets;
        for (std::size_t u = 0; u < (j == i ? t : earlier.size()) && !repeated; ++u) {
          if (earlier[u].same_value(targets[t])) {
            problems.add(at + ".targets[" + std::to_string(t) + "]",
                         targets[t].path() + " is already set by parameters[" + std::to_string(j) +
                             "].targets[" + std::to_string(u) + "] (" + earlier[u].path() + ")",
                         "each parameter in one distribution");
            repeated = true;
          }
        }
      }
    }
  }
  return problems.problems();
}

DrawStream::DrawStream(std::uint64_t seed, std::string_view county_id, std::uint64_t draw) {
  std::uint64_t s = splitmix64(seed);
  s = splitmix64(s ^ fnv1a64(county_id));
  s = splitmix64(s ^ draw);
  engine_.seed(s);
}

double DrawStream::uniform01() {
  // 52 bits, so that k + 0.5 is exact: the numbers lie in [2^-53, 1 - 2^-53].
  constexpr double two_to_minus_52 = 1.0 / 4503599627370496.0;
  return (static_cast<double>(bits() >> 12) + 0.5) * two_to_minus_52;
}

double truncated_quantile(const ProbabilityDistribution& dist, double p, const ParameterRange& within) {
  if (dist.joint()) {
    throw std::invalid_argument("ygt::sample: a " + std::string(to_string(dist.kind)) +
                                " distribution gives several values");
  }
  const auto problems = dist.check();
  if (!problems.empty()) {
    throw std::invalid_argument("ygt::sample: " + std::string(to_string(dist.kind)) + " distribution: " +
                                (problems.front().path.empty() ? "" : problems.front().path + ": ") +
                                problems.front().what);
  }
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("ygt::truncated_quantile: p outside [0, 1]");
  const ParameterRange support = dist.support();
  const double lo = std::max(within.lo, dist.lower.value_or(-inf));
  const double hi = std::min(within.hi, dist.upper.value_or(inf));
  const double x = with_boost(dist, [&](const auto& d) {
    const double flo = cdf_at(d, support, lo);
    if (flo > 0.5) {
      // In the upper tail the complement keeps the precision that 1 - F loses.
      const double qlo = ccdf_at(d, support, lo);
      const double qhi = ccdf_at(d, support, hi);
      if (!(qlo > qhi)) throw std::invalid_argument("ygt::sample: no probability within the bounds");
      const double q = std::clamp(qlo - (qlo - qhi) * p, qhi, qlo);
      if (q <= 0.0) return hi;
      if (q >= 1.0) return lo;
      return bm::quantile(bm::complement(d, q));
    }
    const double fhi = cdf_at(d, support, hi);
    if (!(fhi > flo)) throw std::invalid_argument("ygt::sample: no probability within the bounds");
    const double u = std::clamp(flo + (fhi - flo) * p, flo, fhi);
    if (u <= 0.0) return std::max(lo, support.lo);
    if (u >= 1.0) return std::min(hi, support.hi);
    return bm::quantile(d, u);
  });
  ParameterRange bounds = within;
  if (lo > bounds.lo) bounds = {lo, bounds.hi, false, bounds.hi_open};
  if (hi < bounds.hi) bounds = {bounds.lo, hi, bounds.lo_open, false};
  return into(bounds, x);
}

double sample(const ProbabilityDistribution& dist, DrawStream& stream, const ParameterRange& within) {
  return truncated_quantile(dist, stream.uniform01(), within);
}

std::vector<double> sample_dirichlet(const std::vector<double>& alpha, DrawStream& stream) {
  if (alpha.size() < 2) throw std::invalid_argument("ygt::sample_dirichlet: fewer than two alphas");
  for (double a : alpha) {
    if (!(std::isfinite(a) && a > 0.0))
      throw std::invalid_argument("ygt::sample_dirichlet: an alpha not > 0");
  }
  std::vector<double> x(alpha.size());
  std::vector<double> u(alpha.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < alpha.size(); ++i) {
    u[i] = stream.uniform01();
    x[i] = bm::quantile(bm::gamma_distribution<double, Policy>(alpha[i], 1.0), u[i]);
    sum += x[i];
  }
  if (!(sum > 0.0) || !std::isfinite(sum)) {
    // Every gamma value underflowed (tiny alphas): near 0 a gamma(a) quantile
    // is about u^(1/a), so the largest is the component with the largest log(u)/a.
    std::size_t best = 0;
    for (std::size_t i = 1; i < alpha.size(); ++i) {
      if (std::log(u[i]) / alpha[i] > std::log(u[best]) / alpha[best]) best = i;
    }
    std::fill(x.begin(), x.end(), 0.0);
    x[best] = 1.0;
    return x;
  }
  for (double& xi : x) xi /= sum;
  return x;
}

std::vector<double> sample_multivariate_normal(const ProbabilityDistribution& dist, DrawStream& stream,
                                               const std::vector<ParameterRange>& within) {
  const auto problems = dist.check();
  if (dist.kind != DistributionKind::multivariate_normal || !problems.empty()) {
    throw std::invalid_argument("ygt::sample_multivariate_normal: not a valid multivariate normal" +
                                (problems.empty() ? std::string() : ": " + problems.front().what));
  }
  const std::size_t k = dist.dimension();
  if (within.size() != k)
    throw std::invalid_argument("ygt::sample_multivariate_normal: one range per component");
  const Eigen::LLT<Eigen::MatrixXd> llt(covariance_of(dist, k));
  const Eigen::MatrixXd l = llt.matrixL();
  const bm::normal_distribution<double, Policy> standard(0.0, 1.0);
  Eigen::VectorXd z(static_cast<Eigen::Index>(k));
  std::vector<double> x(k);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    for (Eigen::Index i = 0; i < z.size(); ++i) z(i) = bm::quantile(standard, stream.uniform01());
    const Eigen::VectorXd v = l * z;
    bool inside = true;
    for (std::size_t i = 0; i < k; ++i) {
      x[i] = dist.parameters[i] + v(static_cast<Eigen::Index>(i));
      inside = inside && within[i].contains(x[i]);
    }
    if (inside) return x;
  }
  throw std::invalid_argument("ygt::sample_multivariate_normal: no draw within the ranges in 1000 attempts");
}

std::vector<std::string> drawn_paths(const UncertaintySpec& spec) {
  std::vector<std::string> paths;
  for (const UncertainParameter& p : spec.parameters) {
    for (const ParameterRef& t : p.targets) paths.push_back(t.path());
  }
  return paths;
}

std::vector<double> draw_values(const UncertaintySpec& spec, DrawStream& stream) {
  std::vector<double> values;
  for (const UncertainParameter& p : spec.parameters) {
    const auto problems = check_uncertain_parameter(p);
    if (!problems.empty()) {
      const std::string target = p.targets.empty() ? std::string("no target") : p.targets.front().path();
      throw std::invalid_argument("ygt::apply_draw: " + target + ": " +
                                  (problems.front().path.empty() ? "" : problems.front().path + ": ") +
                                  problems.front().what);
    }
    if (p.dist.kind == DistributionKind::dirichlet) {
      const std::vector<double> shares = sample_dirichlet(p.dist.parameters, stream);
      for (std::size_t i = 0; i < shares.size(); ++i) values.push_back(into(p.targets[i].range(), shares[i]));
    } else if (p.dist.kind == DistributionKind::multivariate_normal) {
      std::vector<ParameterRange> ranges;
      for (const ParameterRef& t : p.targets) ranges.push_back(t.range());
      const std::vector<double> x = sample_multivariate_normal(p.dist, stream, ranges);
      values.insert(values.end(), x.begin(), x.end());
    } else {
      // Tied targets take one value, drawn within all their ranges.
      ParameterRange within = p.targets.front().range();
      for (const ParameterRef& t : p.targets) within = within.intersection(t.range());
      const double x = sample(p.dist, stream, within);
      for (std::size_t i = 0; i < p.targets.size(); ++i) values.push_back(x);
    }
  }
  return values;
}

void apply_draw(Scenario& scenario, const UncertaintySpec& spec, DrawStream& stream) {
  const std::vector<double> values = draw_values(spec, stream);
  std::size_t next = 0;
  for (const UncertainParameter& p : spec.parameters) {
    for (const ParameterRef& t : p.targets) set_parameter(scenario, t, values[next++]);
  }
}

}  // namespace ygt
