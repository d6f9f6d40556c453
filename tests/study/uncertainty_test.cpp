// Uncertainty: sampled moments match the analytic ones, truncation holds,
// Dirichlet shares sum to 1, streams are reproducible, draws land in the
// scenario, and every bad `uncertainty` section is refused at its JSON path.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/projection/projection.hpp>
#include <yigongti/study/uncertainty.hpp>

#include "support/problems.hpp"

namespace ygt {
namespace {
namespace json = boost::json;

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

const ScenarioFile& suixi_file() {
  static const ScenarioFile file =
      load_scenario_file(std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json");
  return file;
}

const Scenario& suixi() {
  return suixi_file().scenario;
}

TEST(UncertaintySection, SuixiReadsItsIllustrativeSection) {
  const ScenarioFile& sc = suixi_file();
  ASSERT_TRUE(sc.uncertainty.has_value());
  EXPECT_EQ(sc.uncertainty->draws, 1000);
  EXPECT_EQ(sc.uncertainty->seed, 1u);
  ASSERT_EQ(sc.uncertainty->parameters.size(), 6u);
  const UncertainParameter& b_cap = sc.uncertainty->parameters[0];
  EXPECT_EQ(b_cap.targets.at(0).path(), "choice.b_cap");
  EXPECT_EQ(b_cap.dist.kind, DistributionKind::normal);
  EXPECT_EQ(b_cap.dist.parameters, (std::vector<double>{3.0, 0.3}));
  EXPECT_EQ(b_cap.dist.lower, 0.0);
  EXPECT_FALSE(b_cap.dist.upper.has_value());
  const UncertainParameter& split = sc.uncertainty->parameters.back();
  EXPECT_EQ(split.dist.kind, DistributionKind::dirichlet);
  ASSERT_EQ(split.targets.size(), 3u);
  EXPECT_EQ(split.targets[2].path(), "payment.alliance_package.distribution.ratios.village");
  EXPECT_TRUE(check_uncertainty(*sc.uncertainty).empty());
}

TEST(UncertaintySection, ADrawSetsEveryParameterReproducibly) {
  const Scenario& base = suixi();
  const UncertaintySpec& spec = *suixi_file().uncertainty;
  const auto drawn = [&](std::uint64_t draw) {
    Scenario sc = base;
    DrawStream stream(spec.seed, sc.county.id(), draw);
    apply_draw(sc, spec, stream);
    std::vector<double> values;
    for (const UncertainParameter& p : spec.parameters) {
      for (const ParameterRef& t : p.targets) values.push_back(get_parameter(sc, t));
    }
    return values;
  };
  std::vector<double> original;
  for (const UncertainParameter& p : spec.parameters) {
    for (const ParameterRef& t : p.targets) original.push_back(get_parameter(base, t));
  }
  const std::vector<double> d0 = drawn(0);
  EXPECT_EQ(d0, drawn(0));
  const std::vector<double> d1 = drawn(1);
  ASSERT_EQ(d0.size(), original.size());
  for (std::size_t i = 0; i < d0.size(); ++i) {
    EXPECT_NE(d0[i], original[i]) << i;
    EXPECT_NE(d0[i], d1[i]) << i;
  }
  // The Dirichlet's ratios are shares that sum to 1; the retention is within its triangle.
  EXPECT_NEAR(d0[5] + d0[6] + d0[7], 1.0, 1e-12);
  EXPECT_GE(d0[2], 0.7);
  EXPECT_LE(d0[2], 1.0);

  // The drawn scenario projects.
  Scenario sc = base;
  DrawStream stream(spec.seed, sc.county.id(), 2);
  apply_draw(sc, spec, stream);
  EXPECT_NO_THROW((void)project(sc, {.variant = "reform"}));
}

// ---- Bad input: each rule at its JSON path.

json::value base_doc() {
  return json::parse(R"({
    "schema": "yigongti/scenario/1", "name": "Uncertainty test", "years": {"start": 2020, "end": 2024},
    "county": {
      "id": "c",
      "townships": [{"id": "a", "population": {"bands": [0, 15, 65], "counts": [1500, 5000, 1000]},
                     "minutes": {"township": 20, "county": 40, "out_of_county": 120}}],
      "institutions": [{"id": "hosp", "tier": "county"}, {"id": "a-centre", "tier": "township", "township": "a"}],
      "alliances": [{"id": "al", "lead": ["hosp"], "members": ["a-centre"], "unified": ["finance", "performance"]}]
    },
    "service_lines": [
      {"id": "op", "care": "outpatient", "severity": "common", "rate": {"bands": [0], "values": [3.0]},
       "cost": {"township": 90, "county": 260, "out_of_county": 520},
       "capability": {"township": 0.85, "county": 0.98}}
    ],
    "choice": {"b_cap": 3.0, "b_time": 0.02, "b_oop": 0.3},
    "insurance": {"reimbursement": {"township": 0.85, "county": 0.75, "out_of_county": 0.55}},
    "payment": {"id": "gb", "scheme": "global_budget", "budget": {"rolling_growth": 0.05}, "retention": 0.6,
                "distribution": {"ratios": {"county": 6, "township": 3}}},
    "interventions": [{"kind": "minutes", "tier": "county", "from": 2021, "target": 0.8}],
    "uncertainty": {
      "draws": 200, "seed": 42,
      "parameters": {
        "choice.b_cap": {"dist": "normal", "mean": 3.0, "sd": 0.3},
        "service_lines.op.capability.township": {"dist": "beta", "alpha": 17, "beta": 3},
        "payment.budget.rolling_growth": {"dist": "normal", "mean": 0.05, "sd": 0.02, "lower": -0.5},
        "interventions[0].target": {"dist": "lognormal", "meanlog": -0.2, "sdlog": 0.1},
        "service_lines.op.cost.county": {"dist": "gamma", "shape": 100, "scale": 2.6}
      },
      "dirichlet": [{"targets": ["payment.gb.distribution.ratios.county", "payment.gb.distribution.ratios.township"],
                     "alpha": [6, 3]}]
    }
  })");
}

json::object& uncertainty(json::value& doc) {
  return doc.at("uncertainty").as_object();
}
json::object& parameters(json::value& doc) {
  return uncertainty(doc).at("parameters").as_object();
}
json::object& dirichlet(json::value& doc) {
  return uncertainty(doc).at("dirichlet").as_array().at(0).as_object();
}

std::vector<Problem> problems_of(const json::value& doc) {
  try {
    (void)parse_scenario(json::serialize(doc), "u.json");
  } catch (const InputError& e) {
    return e.problems();
  }
  return {};
}

void expect_problem(const json::value& doc, const std::string& path, const std::string& fragment) {
  EXPECT_TRUE(testing::has_problem(problems_of(doc), path, fragment));
}

const std::string at = "uncertainty.parameters.";

TEST(UncertaintySection, TheTestDocumentIsValid) {
  const ScenarioFile sc = parse_scenario_file(json::serialize(base_doc()), "u.json");
  ASSERT_TRUE(sc.uncertainty.has_value());
  EXPECT_EQ(sc.uncertainty->draws, 200);
  EXPECT_EQ(sc.uncertainty->seed, 42u);
  EXPECT_EQ(sc.uncertainty->parameters.size(), 6u);
}

TEST(UncertaintySection, WithoutTheSectionThereIsNoSpec) {
  json::value doc = base_doc();
  doc.as_object().erase("uncertainty");
  EXPECT_FALSE(parse_scenario_file(json::serialize(doc), "u.json").uncertainty.has_value());
  json::value defaults = base_doc();
  uncertainty(defaults).erase("draws");
  uncertainty(defaults).erase("seed");
  const ScenarioFile sc = parse_scenario_file(json::serialize(defaults), "u.json");
  EXPECT_EQ(sc.uncertainty->draws, 1000);
  EXPECT_EQ(sc.uncertainty->seed, 1u);
}

TEST(UncertaintySection, UnknownPathIsNamedWithASuggestion) {
  json::value doc = base_doc();
  parameters(doc)["choice.b_kap"] = parameters(doc)["choice.b_cap"];
  parameters(doc).erase("choice.b_cap");
  expect_problem(doc, at + "choice.b_kap", "did you mean `choice.b_cap`?");
}

TEST(UncertaintySection, NonPositiveSpreadsAndShapes) {
  for (auto [path, key, fragment] :
       {std::tuple{"choice.b_cap", "sd", "a standard deviation > 0"},
        std::tuple{"interventions[0].target", "sdlog", "> 0"},
        std::tuple{"service_lines.op.capability.township", "alpha", "a shape > 0"},
        std::tuple{"service_lines.op.capability.township", "beta", "a shape > 0"},
        std::tuple{"service_lines.op.cost.county", "shape", "a shape > 0"},
        std::tuple{"service_lines.op.cost.county", "scale", "a scale > 0"}}) {
    json::value doc = base_doc();
    parameters(doc)[path].as_object()[key] = 0;
    expect_problem(doc, at + path + "." + key, fragment);
  }
}

TEST(UncertaintySection, UniformAndTriangularNeedOrderedEnds) {
  json::value doc = base_doc();
  parameters(doc)["choice.b_time"] = json::parse(R"({"dist": "uniform", "min": 0.03, "max": 0.01})");
  expect_problem(doc, at + "choice.b_time.max", "max > min");
  parameters(doc)["choice.b_time"] =
      json::parse(R"({"dist": "triangular", "min": 0.01, "mode": 0.05, "max": 0.03})");
  expect_problem(doc, at + "choice.b_time.mode", "min <= mode <= max");
}

TEST(UncertaintySection, TruncationBoundsOutsideTheRangeOrOutOfOrder) {
  json::value doc = base_doc();
  auto& cap = parameters(doc)["service_lines.op.capability.township"].as_object();
  cap["lower"] = -0.1;
  expect_problem(doc, at + "service_lines.op.capability.township.lower", "a bound within [0, 1]");
  cap.erase("lower");
  cap["upper"] = 1.2;
  expect_problem(doc, at + "service_lines.op.capability.township.upper", "outside the range [0, 1]");
  cap["lower"] = 0.8;
  cap["upper"] = 0.7;
  expect_problem(doc, at + "service_lines.op.capability.township.upper", "upper > lower");
  json::value growth = base_doc();
  parameters(growth)["payment.budget.rolling_growth"].as_object()["lower"] = -1.5;
  expect_problem(growth, at + "payment.budget.rolling_growth.lower", "a bound within (-1, inf)");
}

TEST(UncertaintySection, ADistributionReachingBeyondTheRangeNeedsTruncation) {
  json::value doc = base_doc();
  auto& cap = parameters(doc)["service_lines.op.capability.township"].as_object();
  cap = json::parse(R"({"dist": "normal", "mean": 0.5, "sd": 0.2})").as_object();
  expect_problem(doc, at + "service_lines.op.capability.township", "`lower` >= 0 and `upper` <= 1");
  expect_problem(doc, at + "service_lines.op.capability.township", "outside the range [0, 1]");
  cap["lower"] = 0.2;
  expect_problem(doc, at + "service_lines.op.capability.township", "`upper` <= 1 to truncate it");
  cap["upper"] = 1;
  EXPECT_TRUE(problems_of(doc).empty());
  // Near the top of the range only that end needs a bound.
  json::value high = base_doc();
  parameters(high)["service_lines.op.capability.township"] =
      json::parse(R"({"dist": "normal", "mean": 0.85, "sd": 0.05})");
  const std::vector<Problem> problems = problems_of(high);
  EXPECT_TRUE(testing::has_problem(problems, at + "service_lines.op.capability.township", "`upper` <= 1"));
  EXPECT_FALSE(testing::has_problem(problems, at + "service_lines.op.capability.township", "`lower`"));
  // A growth rate: a wide normal needs `lower`, for a fall of 100% would leave no budget.
  json::value growth = base_doc();
  parameters(growth)["payment.budget.rolling_growth"] =
      json::parse(R"({"dist": "normal", "mean": 0.05, "sd": 0.2})");
  expect_problem(growth, at + "payment.budget.rolling_growth", "`lower` >= -1");
  // A uniform wider than the shares.
  json::value wide = base_doc();
  parameters(wide)["insurance.family_doctor_coverage"] =
      json::parse(R"({"dist": "uniform", "min": 0.5, "max": 1.5})");
  expect_problem(wide, at + "insurance.family_doctor_coverage", "from 0.5 to 1.5, outside the range [0, 1]");
}

TEST(UncertaintySection, DistributionsThatNoDrawTakesOutOfRangeNeedNoTruncation) {
  // The test document has a gamma on a cost (the loader's limit is 1e12 yuan),
  // a lognormal on a minutes factor (limits 1e-6 and 1e6) and a normal on a
  // growth rate whose draws stay far above -1.
  json::value doc = base_doc();
  parameters(doc)["payment.budget.rolling_growth"].as_object().erase("lower");
  // A normal on a share so narrow that no draw reaches 0 or 1 (mean -+ 8.2 sd).
  parameters(doc)["insurance.family_doctor_coverage"] =
      json::parse(R"({"dist": "normal", "mean": 0.5, "sd": 0.05})");
  EXPECT_TRUE(problems_of(doc).empty());
}

TEST(UncertaintySection, TruncationWithoutProbabilityIsRefused) {
  json::value doc = base_doc();
  parameters(doc)["insurance.family_doctor_coverage"] =
      json::parse(R"({"dist": "uniform", "min": 0.2, "max": 0.4, "lower": 0.5, "upper": 0.6})");
  expect_problem(doc, at + "insurance.family_doctor_coverage", "no probability");
}

TEST(UncertaintySection, UnknownFamiliesAndKeys) {
  json::value doc = base_doc();
  parameters(doc)["choice.b_cap"].as_object()["dist"] = "normla";
  expect_problem(doc, at + "choice.b_cap.dist", "did you mean `normal`?");
  json::value dir = base_doc();
  parameters(dir)["choice.b_cap"] = json::parse(R"({"dist": "dirichlet", "alpha": [1, 2]})");
  expect_problem(dir, at + "choice.b_cap.dist", "uncertainty.dirichlet");
  json::value typo = base_doc();
  auto& b_cap = parameters(typo)["choice.b_cap"].as_object();
  b_cap.erase("sd");
  b_cap["sdd"] = 0.3;
  expect_problem(typo, at + "choice.b_cap.sdd", "did you mean `sd`?");
  expect_problem(typo, at + "choice.b_cap.sd", "missing");
  json::value section = base_doc();
  uncertainty(section)["seeds"] = 3;
  expect_problem(section, "uncertainty.seeds", "did you mean `seed`?");
}

TEST(UncertaintySection, DrawsSeedAndEmptiness) {
  json::value doc = base_doc();
  uncertainty(doc)["draws"] = 0;
  expect_problem(doc, "uncertainty.draws", "out of range");
  json::value seed = base_doc();
  uncertainty(seed)["seed"] = -1;
  expect_problem(seed, "uncertainty.seed", "out of range");
  json::value empty = base_doc();
  uncertainty(empty).erase("parameters");
  uncertainty(empty).erase("dirichlet");
  expect_problem(empty, "uncertainty", "at least one distribution");
}

TEST(UncertaintySection, AParameterGivenTwiceIsRefused) {
  json::value doc = base_doc();
  parameters(doc)["payment.gb.budget.rolling_growth"] = parameters(doc)["payment.budget.rolling_growth"];
  expect_problem(doc, at + "payment.gb.budget.rolling_growth",
                 "already given a distribution at " + at + "payment.budget.rolling_growth");
  json::value both = base_doc();
  parameters(both)["payment.gb.distribution.ratios.county"] =
      json::parse(R"({"dist": "uniform", "min": 1, "max": 2})");
  expect_problem(both, "uncertainty.dirichlet[0].targets[0]", "already given a distribution");
}

TEST(UncertaintySection, DirichletRules) {
  json::value count = base_doc();
  dirichlet(count)["alpha"] = json::parse("[6, 3, 1]");
  expect_problem(count, "uncertainty.dirichlet[0].alpha", "one alpha per target");
  json::value alpha = base_doc();
  dirichlet(alpha)["alpha"] = json::parse("[6, 0]");
  expect_problem(alpha, "uncertainty.dirichlet[0].alpha[1]", "a number > 0");
  json::value unknown = base_doc();
  dirichlet(unknown)["targets"].as_array()[1] = "payment.gb.distribution.ratios.townsip";
  expect_problem(unknown, "uncertainty.dirichlet[0].targets[1]",
                 "did you mean `payment.gb.distribution.ratios.township`?");
  json::value range = base_doc();
  dirichlet(range)["targets"].as_array()[1] = "interventions[0].target";
  expect_problem(range, "uncertainty.dirichlet[0].targets[1]", "outside the range [1e-06, 1000000]");
  json::value one = base_doc();
  dirichlet(one)["targets"] = json::parse(R"(["payment.gb.distribution.ratios.county"])");
  dirichlet(one)["alpha"] = json::parse("[6]");
  expect_problem(one, "uncertainty.dirichlet[0].alpha", "at least two");
  json::value truncated = base_doc();
  dirichlet(truncated)["lower"] = 0.1;
  expect_problem(truncated, "uncertainty.dirichlet[0].lower", "unknown key");
}

TEST(UncertaintySection, CheckedInCodeToo) {
  const ScenarioFile file = parse_scenario_file(json::serialize(base_doc()), "u.json");
  const Scenario& sc = file.scenario;
  UncertaintySpec spec = *file.uncertainty;
  spec.draws = 0;
  spec.parameters.push_back(spec.parameters[0]);
  spec.parameters[1].dist = ProbabilityDistribution::normal(0.85, 0.05);
  const std::vector<Problem> problems = check_uncertainty(spec);
  EXPECT_TRUE(testing::has_problem(problems, "draws", "at least 1"));
  EXPECT_TRUE(testing::has_problem(problems, "parameters[1]", "`upper` <= 1"));
  EXPECT_TRUE(
      testing::has_problem(problems, "parameters[6].targets[0]", "already set by parameters[0].targets[0]"));
  Scenario copy = sc;
  DrawStream stream(1, "c", 0);
  EXPECT_THROW(apply_draw(copy, spec, stream), std::invalid_argument);
}

}  // namespace
}  // namespace ygt
