#pragma once
/// \file
/// Uncertain parameters: distributions, the random stream of each (county,
/// draw), and the sampling of one draw into a scenario (`docs/scenario-format.md`,
/// "uncertainty").

#include <array>
#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/study/parameters.hpp"

namespace ygt {

/// The family of a distribution: the snake_case names of the `dist` key.
enum class DistributionKind : unsigned char {
  normal,
  lognormal,
  beta,
  gamma,
  uniform,
  triangular,
  dirichlet,
  multivariate_normal
};
inline constexpr std::array<DistributionKind, 8> all_distribution_kinds = {
    DistributionKind::normal,    DistributionKind::lognormal,
    DistributionKind::beta,      DistributionKind::gamma,
    DistributionKind::uniform,   DistributionKind::triangular,
    DistributionKind::dirichlet, DistributionKind::multivariate_normal};

/// The names of the values of `DistributionKind` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(DistributionKind) noexcept {
  return detail::enum_names<DistributionKind>("normal", "lognormal", "beta", "gamma", "uniform", "triangular",
                                              "dirichlet", "multivariate_normal");
}

/// The names of the parameters of `kind`, in the order of `ProbabilityDistribution::parameters`
/// (the keys of the file format): normal `mean, sd`; lognormal `meanlog, sdlog`
/// (of the logarithm); beta `alpha, beta`; gamma `shape, scale`; uniform
/// `min, max`; triangular `min, mode, max`; dirichlet `alpha` (one per component);
/// multivariate normal `mean, covariance` (k means, then the k x k matrix by rows).
[[nodiscard]] std::vector<std::string_view> parameter_names(DistributionKind kind);

/// A probability distribution of one parameter (or, Dirichlet, of k shares that
/// sum to 1; multivariate normal, of k parameters drawn together); not to be
/// confused with a surplus `Distribution` (payment).
///
/// A univariate distribution may be truncated to `[lower, upper]`; sampling is
/// then exact (the inverse CDF of a uniform number in `[F(lower), F(upper)]`).
struct ProbabilityDistribution {
  DistributionKind kind = DistributionKind::uniform;
  /// The parameters, named by `parameter_names(kind)`; a Dirichlet's alphas.
  std::vector<double> parameters;
  std::optional<double> lower;  ///< truncation from below (not for a Dirichlet)
  std::optional<double> upper;  ///< truncation from above (not for a Dirichlet)

  [[nodiscard]] static ProbabilityDistribution normal(double mean, double sd) {
    return {DistributionKind::normal, {mean, sd}};
  }
  [[nodiscard]] static ProbabilityDistribution lognormal(double meanlog, double sdlog) {
    return {DistributionKind::lognormal, {meanlog, sdlog}};
  }
  [[nodiscard]] static ProbabilityDistribution beta(double a, double b) {
    return {DistributionKind::beta, {a, b}};
  }
  [[nodiscard]] static ProbabilityDistribution gamma(double shape, double scale) {
    return {DistributionKind::gamma, {shape, scale}};
  }
  [[nodiscard]] static ProbabilityDistribution uniform(double min, double max) {
    return {DistributionKind::uniform, {min, max}};
  }
  [[nodiscard]] static ProbabilityDistribution triangular(double min, double mode, double max) {
    return {DistributionKind::triangular, {min, mode, max}};
  }
  [[nodiscard]] static ProbabilityDistribution dirichlet(std::vector<double> alpha) {
    return {DistributionKind::dirichlet, std::move(alpha)};
  }
  /// k parameters drawn together: `mean` (k values) and `covariance` (k x k,
  /// by rows). Not checked here (`check`).
  [[nodiscard]] static ProbabilityDistribution multivariate_normal(const std::vector<double>& mean,
                                                                   const std::vector<double>& covariance) {
    ProbabilityDistribution d{DistributionKind::multivariate_normal, mean};
    d.parameters.insert(d.parameters.end(), covariance.begin(), covariance.end());
    return d;
  }
  /// How many values one draw gives: k for a Dirichlet or a multivariate
  /// normal (0 when its parameters cannot be k + k^2 numbers), else 1.
  [[nodiscard]] std::size_t dimension() const noexcept;
  /// Several values drawn together (Dirichlet, multivariate normal).
  [[nodiscard]] bool joint() const noexcept {
    return kind == DistributionKind::dirichlet || kind == DistributionKind::multivariate_normal;
  }
  /// This distribution truncated to `[lo, hi]`.
  [[nodiscard]] ProbabilityDistribution truncated(std::optional<double> lo, std::optional<double> hi) const {
    ProbabilityDistribution d = *this;
    d.lower = lo;
    d.upper = hi;
    return d;
  }

  /// Every problem with the distribution itself, paths relative to it: a
  /// parameter by its name (`sd`, `alpha[2]` of a Dirichlet), `lower`, `upper`.
  /// Checked: finite parameters, sd, sdlog, alpha, beta, shape, scale > 0,
  /// min < max, min <= mode <= max, at least two Dirichlet alphas; a
  /// multivariate normal's k + k^2 numbers with a symmetric positive-definite
  /// covariance (to 1e-9 relative); finite truncation bounds with lower <
  /// upper that leave some probability (none for a joint distribution).
  [[nodiscard]] std::vector<Problem> check() const;
  /// The values the untruncated distribution takes: `(-inf, inf)`, `(0, inf)`,
  /// `[0, 1]` (beta, and each Dirichlet component), `[min, max]`.
  [[nodiscard]] ParameterRange support() const;
};

/// A distribution over parameters of a scenario: for a univariate
/// distribution, one target or several tied ones (each set to the same drawn
/// value, e.g. one policy applied to two alliances); for a joint one, k
/// targets (component i sets target i).
struct UncertainParameter {
  std::vector<ParameterRef> targets;
  ProbabilityDistribution dist;
};

/// The `uncertainty` section: how many draws an ensemble makes, its seed, and
/// the uncertain parameters, sampled in this order.
struct UncertaintySpec {
  int draws = 1000;
  std::uint64_t seed = 1;
  std::vector<UncertainParameter> parameters;
};

/// Every problem with `p`, paths relative to it: the distribution's own
/// (`ProbabilityDistribution::check`), no target, truncation bounds outside a
/// target's range (`lower`, `upper`), a distribution that can draw values
/// outside a target's range (path empty, or `targets[i]` of tied targets), a
/// Dirichlet whose alphas do not match its targets (`alpha`) or whose target
/// cannot hold every share in [0, 1] (`targets[i]`), a multivariate normal of
/// another dimension than its targets (`mean`) or that puts more than
/// 1 / (2k) of a target's draws outside its range (`targets[i]`): its draws
/// are redrawn until every value lies in its range, and the bound keeps at
/// least half of them.
///
/// The values a distribution can draw are those of its support (within its
/// truncation) between its quantiles at 2^-53 and 1 - 2^-53, the most extreme
/// uniform numbers a `DrawStream` gives: about 8.2 standard deviations either
/// side of a normal's mean. So a normal on a share must be truncated to [0, 1]
/// unless it lies so far inside that no draw can leave it, while a gamma on a
/// cost needs no `upper` at the loader's limit of 1e12 yuan.
[[nodiscard]] std::vector<Problem> check_uncertain_parameter(const UncertainParameter& p);

/// Every problem with `spec`, paths relative to it (`draws`,
/// `parameters[2].sd`, ...): each parameter's, and a value set by two of them.
[[nodiscard]] std::vector<Problem> check_uncertainty(const UncertaintySpec& spec);

/// The random stream of one draw of one county.
///
/// It depends only on `(seed, county_id, draw)`, never on the order in which
/// draws are run or on how many processes run them, so an ensemble gives the
/// same numbers on any number of ranks. The engine is Boost's `mt19937_64`
/// seeded with SplitMix64 mixes of the seed, the FNV-1a hash of the county id
/// and the draw; its numbers are the same on every platform.
class DrawStream {
 public:
  DrawStream(std::uint64_t seed, std::string_view county_id, std::uint64_t draw);

  /// The next 64 random bits.
  [[nodiscard]] std::uint64_t bits() { return engine_(); }
  /// A uniform number in (0, 1), never 0 or 1: `(k + 0.5) / 2^52` for the top
  /// 52 bits `k` of the next 64, so within [2^-53, 1 - 2^-53].
  [[nodiscard]] double uniform01();

 private:
  boost::random::mt19937_64 engine_;
};

/// The quantile at `p` (in [0, 1]) of `dist` (univariate) truncated to its
/// `lower`/`upper` and to `within`: the value below which `p` of the
/// truncated distribution's probability lies, computed from whichever tail
/// keeps its precision; what `sample` gives for the uniform number `p`.
/// Throws `std::invalid_argument` when `dist` does not pass `check()`, is
/// joint, or leaves no probability in `within`.
[[nodiscard]] double truncated_quantile(const ProbabilityDistribution& dist, double p,
                                        const ParameterRange& within = ParameterRange::unbounded());

/// One value from `dist` (not a Dirichlet), within its truncation and within
/// `within` (the target's range): the inverse CDF (`boost::math::quantile`) of
/// one uniform number from `stream`. Throws `std::invalid_argument` when `dist`
/// does not pass `check()` or leaves no probability in `within`.
[[nodiscard]] double sample(const ProbabilityDistribution& dist, DrawStream& stream,
                            const ParameterRange& within = ParameterRange::unbounded());

/// One point of a Dirichlet with `alpha`: independent gamma(alpha_i, 1) values,
/// each by the inverse CDF of one uniform number, divided by their sum. The
/// components are in [0, 1] and sum to 1 (to rounding). Throws
/// `std::invalid_argument` for fewer than two alphas or one that is not > 0.
[[nodiscard]] std::vector<double> sample_dirichlet(const std::vector<double>& alpha, DrawStream& stream);

/// One point of a multivariate normal (`dist`, checked) whose component i
/// must lie in `within[i]`: `mean + L z`, with `L` the Cholesky factor of the
/// covariance and `z` k standard normals (inverse CDFs of uniform numbers),
/// drawn again until every component is within its range (at most 1000
/// times; `std::invalid_argument` after that, which a distribution that
/// passes `check_uncertain_parameter` makes less likely than 2^-1000).
[[nodiscard]] std::vector<double> sample_multivariate_normal(const ProbabilityDistribution& dist,
                                                             DrawStream& stream,
                                                             const std::vector<ParameterRange>& within);

/// The paths a draw of `spec` sets, in the order of `draw_values`: each
/// parameter's targets in turn.
[[nodiscard]] std::vector<std::string> drawn_paths(const UncertaintySpec& spec);

/// One draw of every parameter of `spec`, in order, as the values set in
/// their targets (`drawn_paths`; a tied value once per target). Throws
/// `std::invalid_argument` when a parameter does not pass
/// `check_uncertain_parameter`.
[[nodiscard]] std::vector<double> draw_values(const UncertaintySpec& spec, DrawStream& stream);

/// Samples every parameter of `spec` (`draw_values`) and sets it in
/// `scenario` (a copy of the county's scenario, which the targets were
/// resolved against). Throws `std::invalid_argument` when a parameter does not
/// pass `check_uncertain_parameter`, or a value would make the scenario invalid
/// (`set_parameter`).
void apply_draw(Scenario& scenario, const UncertaintySpec& spec, DrawStream& stream);

}  // namespace ygt
