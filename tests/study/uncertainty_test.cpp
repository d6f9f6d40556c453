// Uncertainty: sampled moments match the analytic ones, truncation holds,
// Dirichlet shares sum to 1, streams are reproducible.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>
#include <yigongti/study/uncertainty.hpp>

namespace ygt {
namespace {

constexpr int n = 20000;

struct Moments {
  double mean = 0.0;
  double variance = 0.0;
  double fourth = 0.0;  ///< central fourth moment
  double min = 0.0;
  double max = 0.0;
};

Moments moments(const std::vector<double>& x) {
  Moments m;
  m.mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  m.min = x.front();
  m.max = x.front();
  for (double v : x) {
    const double d = v - m.mean;
    m.variance += d * d;
    m.fourth += d * d * d * d;
    m.min = std::min(m.min, v);
    m.max = std::max(m.max, v);
  }
  m.variance /= static_cast<double>(x.size() - 1);
  m.fourth /= static_cast<double>(x.size());
  return m;
}

std::vector<double> draws(const ProbabilityDistribution& d, std::uint64_t seed = 1,
                          const ParameterRange& within = ParameterRange::unbounded()) {
  DrawStream stream(seed, "test-county", 0);
  std::vector<double> x(n);
  for (double& v : x) v = sample(d, stream, within);
  return x;
}

/// The sample mean and variance are within 5 standard errors of `mean` and
/// `variance` (the variance's error from the sample's fourth moment).
void expect_moments(const std::vector<double>& x, double mean, double variance) {
  const Moments m = moments(x);
  const double se_mean = std::sqrt(variance / static_cast<double>(x.size()));
  const double se_var = std::sqrt((m.fourth - m.variance * m.variance) / static_cast<double>(x.size()));
  EXPECT_NEAR(m.mean, mean, 5 * se_mean);
  EXPECT_NEAR(m.variance, variance, 5 * se_var);
}

double phi(double z) {
  return std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi);
}
double big_phi(double z) {
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

TEST(UncertaintySampling, NormalMoments) {
  expect_moments(draws(ProbabilityDistribution::normal(3.0, 0.3)), 3.0, 0.09);
}

TEST(UncertaintySampling, LognormalMoments) {
  const double mu = 0.2, s = 0.25;
  expect_moments(draws(ProbabilityDistribution::lognormal(mu, s)), std::exp(mu + s * s / 2),
                 (std::exp(s * s) - 1) * std::exp(2 * mu + s * s));
}

TEST(UncertaintySampling, BetaMoments) {
  const double a = 20, b = 10;
  expect_moments(draws(ProbabilityDistribution::beta(a, b)), a / (a + b),
                 a * b / ((a + b) * (a + b) * (a + b + 1)));
}

TEST(UncertaintySampling, GammaMoments) {
  const double k = 2.5, theta = 1.5;
  expect_moments(draws(ProbabilityDistribution::gamma(k, theta)), k * theta, k * theta * theta);
}

TEST(UncertaintySampling, UniformMoments) {
  const std::vector<double> x = draws(ProbabilityDistribution::uniform(0.4, 0.7));
  expect_moments(x, 0.55, 0.09 / 12);
  const Moments m = moments(x);
  EXPECT_GE(m.min, 0.4);
  EXPECT_LE(m.max, 0.7);
}

TEST(UncertaintySampling, TriangularMoments) {
  const double a = 0.4, c = 0.54, b = 0.7;
  expect_moments(draws(ProbabilityDistribution::triangular(a, c, b)), (a + b + c) / 3,
                 (a * a + b * b + c * c - a * b - a * c - b * c) / 18);
}

TEST(UncertaintySampling, TruncatedNormalStaysInItsBoundsWithTheTruncatedMean) {
  // Standard normal on [0.5, 2]: mean (phi(a) - phi(b)) / (Phi(b) - Phi(a)).
  const double a = 0.5, b = 2.0;
  const std::vector<double> x = draws(ProbabilityDistribution::normal(0.0, 1.0).truncated(a, b));
  const Moments m = moments(x);
  EXPECT_GE(m.min, a);
  EXPECT_LE(m.max, b);
  const double z = big_phi(b) - big_phi(a);
  const double mean = (phi(a) - phi(b)) / z;
  const double variance = 1 + (a * phi(a) - b * phi(b)) / z - mean * mean;
  expect_moments(x, mean, variance);
}

TEST(UncertaintySampling, FarUpperTailIsSampledExactly) {
  // Normal beyond 4 sd, where 1 - F loses its digits: the complement keeps them.
  const std::vector<double> x = draws(ProbabilityDistribution::normal(0.0, 1.0).truncated(4.0, std::nullopt));
  const Moments m = moments(x);
  EXPECT_GE(m.min, 4.0);
  const double mean = phi(4.0) / big_phi(-4.0);
  EXPECT_NEAR(m.mean, mean, 0.01);
}

TEST(UncertaintySampling, TruncatedGammaAndTheTargetRangeHold) {
  const std::vector<double> x = draws(ProbabilityDistribution::gamma(2.0, 1.0).truncated(std::nullopt, 1.5));
  EXPECT_LE(moments(x).max, 1.5);
  EXPECT_GT(moments(x).min, 0.0);
  // A target's open range is never left, even at its end.
  const ParameterRange open{0.0, 0.5, true, true};
  const std::vector<double> y = draws(ProbabilityDistribution::uniform(0.0, 1.0), 3, open);
  for (double v : y) ASSERT_TRUE(open.contains(v)) << v;
}

TEST(UncertaintySampling, DirichletSharesSumToOneWithTheirMoments) {
  const std::vector<double> alpha = {6, 3, 1};
  const double a0 = 10;
  DrawStream stream(7, "suixi", 3);
  std::vector<std::vector<double>> component(3, std::vector<double>(n));
  for (int i = 0; i < n; ++i) {
    const std::vector<double> s = sample_dirichlet(alpha, stream);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_NEAR(s[0] + s[1] + s[2], 1.0, 1e-12);
    for (std::size_t k = 0; k < 3; ++k) {
      ASSERT_GE(s[k], 0.0);
      ASSERT_LE(s[k], 1.0);
      component[k][static_cast<std::size_t>(i)] = s[k];
    }
  }
  for (std::size_t k = 0; k < 3; ++k) {
    const double a = alpha[k];
    expect_moments(component[k], a / a0, a * (a0 - a) / (a0 * a0 * (a0 + 1)));
  }
}

TEST(UncertaintySampling, InvalidDistributionsAreNotSampled) {
  DrawStream stream(1, "c", 0);
  EXPECT_THROW((void)sample(ProbabilityDistribution::normal(0, -1), stream), std::invalid_argument);
  EXPECT_THROW((void)sample(ProbabilityDistribution::dirichlet({1, 2}), stream), std::invalid_argument);
  EXPECT_THROW((void)sample_dirichlet({1}, stream), std::invalid_argument);
  EXPECT_THROW((void)sample_dirichlet({1, 0}, stream), std::invalid_argument);
}

TEST(DrawStream, DependsOnlyOnSeedCountyAndDraw) {
  const auto first = [](std::uint64_t seed, std::string_view county, std::uint64_t draw) {
    DrawStream s(seed, county, draw);
    std::vector<std::uint64_t> out(50);
    for (auto& x : out) x = s.bits();
    return out;
  };
  EXPECT_EQ(first(1, "suixi", 7), first(1, "suixi", 7));
  EXPECT_NE(first(1, "suixi", 7), first(1, "suixi", 8));
  EXPECT_NE(first(1, "suixi", 7), first(1, "kedong", 7));
  EXPECT_NE(first(1, "suixi", 7), first(2, "suixi", 7));
  // Draw 8 is the same whether or not draw 7 was made first.
  DrawStream a(1, "suixi", 8);
  (void)first(1, "suixi", 7);
  DrawStream b(1, "suixi", 8);
  EXPECT_EQ(a.bits(), b.bits());
}

TEST(DrawStream, MatchesTheDocumentedAlgorithm) {
  // Computed independently (Python) from SplitMix64, FNV-1a 64 and the
  // reference MT19937-64: the same bits on every platform.
  DrawStream s(1, "suixi", 0);
  EXPECT_EQ(s.bits(), 0xe05de332db2a7d16ULL);
  EXPECT_EQ(s.bits(), 0x3b2b17f495f5eabcULL);
  EXPECT_EQ(s.bits(), 0x3b097ddb528dbcf5ULL);
  EXPECT_EQ(DrawStream(20210101, "kedong", 41).bits(), 0x8c3110bcf47533d0ULL);
  const double u = DrawStream(1, "suixi", 0).uniform01();
  EXPECT_EQ(u, (static_cast<double>(0xe05de332db2a7d16ULL >> 12) + 0.5) / 4503599627370496.0);
  EXPECT_GT(u, 0.0);
  EXPECT_LT(u, 1.0);
}

}  // namespace
}  // namespace ygt
