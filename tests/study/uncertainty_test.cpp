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

// ---- Tied parameters: one draw set in several paths.

TEST(TiedParameters, OneDrawSetsEveryTiedPathWithinAllTheirRanges) {
  json::value doc = base_doc();
  // The township capability and the county capability of one line move together.
  parameters(doc)["service_lines.op.capability.township"] = json::parse(
      R"({"dist": "beta", "alpha": 17, "beta": 3, "also": ["service_lines.op.capability.county"]})");
  const ScenarioFile file = parse_scenario_file(json::serialize(doc), "u.json");
  const UncertaintySpec& spec = *file.uncertainty;
  const std::vector<std::string> paths = drawn_paths(spec);
  const auto township = std::find(paths.begin(), paths.end(), "service_lines.op.capability.township");
  ASSERT_NE(township, paths.end());
  ASSERT_NE(township + 1, paths.end());
  EXPECT_EQ(*(township + 1), "service_lines.op.capability.county");
  const auto at_township = static_cast<std::size_t>(township - paths.begin());
  std::vector<double> seen;
  for (std::uint64_t d = 0; d < 200; ++d) {
    DrawStream a(spec.seed, "c", d);
    const std::vector<double> x = draw_values(spec, a);
    ASSERT_EQ(x.size(), paths.size());
    EXPECT_EQ(x[at_township], x[at_township + 1]);
    EXPECT_GE(x[at_township], 0.0);
    EXPECT_LE(x[at_township], 1.0);
    seen.push_back(x[at_township]);
    // apply_draw sets exactly what draw_values gives.
    Scenario sc = file.scenario;
    DrawStream b(spec.seed, "c", d);
    apply_draw(sc, spec, b);
    for (const UncertainParameter& p : spec.parameters) {
      for (const ParameterRef& t : p.targets) {
        const auto k =
            static_cast<std::size_t>(std::find(paths.begin(), paths.end(), t.path()) - paths.begin());
        EXPECT_EQ(get_parameter(sc, t), x[k]) << t.path();
      }
    }
  }
  EXPECT_GT(*std::max_element(seen.begin(), seen.end()), *std::min_element(seen.begin(), seen.end()));
}

TEST(TiedParameters, EveryTiedPathIsCheckedAndNamed) {
  json::value range = base_doc();
  // A normal fine for b_cap (no range) but not for a capability tied to it.
  parameters(range)["choice.b_cap"].as_object()["also"] =
      json::parse(R"(["service_lines.op.capability.county"])");
  expect_problem(range, at + "choice.b_cap.also[0]", "outside the range [0, 1]");
  json::value unknown = base_doc();
  parameters(unknown)["choice.b_cap"].as_object()["also"] = json::parse(R"(["choice.b_tme"])");
  expect_problem(unknown, at + "choice.b_cap.also[0]", "did you mean `choice.b_time`?");
  json::value twice = base_doc();
  parameters(twice)["choice.b_cap"].as_object()["also"] = json::parse(R"(["service_lines.op.cost.county"])");
  expect_problem(twice, at + "service_lines.op.cost.county", "already given a distribution");
  json::value type = base_doc();
  parameters(type)["choice.b_cap"].as_object()["also"] = "choice.b_time";
  EXPECT_FALSE(problems_of(type).empty());
}

// ---- Multivariate normal: parameters drawn together with a covariance.

json::value with_joint(const std::string& entry) {
  json::value doc = base_doc();
  parameters(doc).erase("choice.b_cap");
  parameters(doc).erase("service_lines.op.capability.township");
  uncertainty(doc)["multivariate_normal"] = json::parse("[" + entry + "]");
  return doc;
}

const std::string joint_entry =
    R"({"targets": ["choice.b_cap", "service_lines.op.capability.township"], "mean": [3.0, 0.8],
        "covariance": [[0.09, 0.009], [0.009, 0.0025]]})";

TEST(MultivariateNormal, DrawsHaveItsMeansAndCovarianceWithinTheRanges) {
  const ScenarioFile file = parse_scenario_file(json::serialize(with_joint(joint_entry)), "u.json");
  const UncertaintySpec& spec = *file.uncertainty;
  const std::vector<std::string> paths = drawn_paths(spec);
  const auto k =
      static_cast<std::size_t>(std::find(paths.begin(), paths.end(), "choice.b_cap") - paths.begin());
  ASSERT_LT(k + 1, paths.size());
  ASSERT_EQ(paths[k + 1], "service_lines.op.capability.township");
  std::vector<double> a, b;
  for (int d = 0; d < n; ++d) {
    DrawStream stream(7, "c", static_cast<std::uint64_t>(d));
    const std::vector<double> x = draw_values(spec, stream);
    a.push_back(x[k]);
    b.push_back(x[k + 1]);
    ASSERT_GE(x[k + 1], 0.0);
    ASSERT_LE(x[k + 1], 1.0);
  }
  const Moments ma = moments(a), mb = moments(b);
  // Standard errors of a mean and of a variance (normal: 2 sigma^4 / n).
  EXPECT_NEAR(ma.mean, 3.0, 5 * 0.3 / std::sqrt(n));
  EXPECT_NEAR(mb.mean, 0.8, 5 * 0.05 / std::sqrt(n));
  EXPECT_NEAR(ma.variance, 0.09, 5 * 0.09 * std::sqrt(2.0 / n));
  EXPECT_NEAR(mb.variance, 0.0025, 5 * 0.0025 * std::sqrt(2.0 / n));
  double cov = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) cov += (a[i] - ma.mean) * (b[i] - mb.mean);
  cov /= static_cast<double>(a.size() - 1);
  // Correlation 0.6: the sample covariance's sd is about sqrt((1 + rho^2) / n) sigma_a sigma_b.
  EXPECT_NEAR(cov, 0.009, 5 * std::sqrt(1.36 / n) * 0.3 * 0.05);
}

TEST(MultivariateNormal, RedrawsRatherThanClampsAtARangeEnd) {
  // Capability 0.97 with sd 0.02: about 7% of the marginal's draws pass 1, within the 25% allowed.
  const ScenarioFile file = parse_scenario_file(
      json::serialize(with_joint(R"({"targets": ["choice.b_cap", "service_lines.op.capability.township"],
                                     "mean": [3.0, 0.97], "covariance": [[0.09, 0], [0, 0.0004]]})")),
      "u.json");
  const UncertaintySpec& spec = *file.uncertainty;
  const std::vector<std::string> paths = drawn_paths(spec);
  const auto k = static_cast<std::size_t>(
      std::find(paths.begin(), paths.end(), "service_lines.op.capability.township") - paths.begin());
  int at_one = 0;
  for (std::uint64_t d = 0; d < 5000; ++d) {
    DrawStream stream(3, "c", d);
    const double x = draw_values(spec, stream)[k];
    ASSERT_LE(x, 1.0);
    at_one += x == 1.0 ? 1 : 0;
  }
  EXPECT_EQ(at_one, 0);  // no pile of draws at the end of the range
}

TEST(MultivariateNormal, BadEntriesAreRefusedAtTheirPaths) {
  const std::string p = "uncertainty.multivariate_normal[0]";
  expect_problem(with_joint(R"({"targets": ["choice.b_cap", "choice.b_time"], "mean": [3, 0.02],
                                "covariance": [[0.09, 0.01], [0.02, 0.0001]]})"),
                 p + ".covariance[0][1]", "a symmetric covariance");
  expect_problem(with_joint(R"({"targets": ["choice.b_cap", "choice.b_time"], "mean": [3, 0.02],
                                "covariance": [[0.09, 0.01], [0.01, 0.0001]]})"),
                 p + ".covariance", "not positive definite");
  expect_problem(with_joint(R"({"targets": ["choice.b_cap", "choice.b_time"], "mean": [3],
                                "covariance": [[0.09]]})"),
                 p + ".mean", "one mean per target");
  expect_problem(with_joint(R"({"targets": ["choice.b_cap", "choice.b_time"], "mean": [3, 0.02],
                                "covariance": [[0.09, 0], [0]]})"),
                 p + ".covariance[1]", "one per target");
  expect_problem(with_joint(R"({"targets": ["choice.b_cap", "choice.b_time"], "mean": [3, 0.02],
                                "covariance": [[0.09, 0], 5]})"),
                 p + ".covariance[1]", "a row of numbers");
  expect_problem(with_joint(R"({"targets": ["choice.b_cap", "service_lines.op.capability.township"],
                                "mean": [3, 0.99], "covariance": [[0.09, 0], [0, 0.01]]})"),
                 p + ".targets[1]", "outside its range [0, 1]");
  expect_problem(with_joint(R"({"targets": ["choice.b_cap", "choice.b_tim"], "mean": [3, 0.02],
                                "covariance": [[0.09, 0], [0, 0.0001]]})"),
                 p + ".targets[1]", "did you mean `choice.b_time`?");
  expect_problem(with_joint(R"({"targets": ["choice.b_cap", "choice.b_time"], "mean": [3, 0.02],
                                "covariance": [[0.09, 0], [0, 0.0001]], "lower": 0})"),
                 p + ".lower", "unknown key");
  json::value in_parameters = base_doc();
  parameters(in_parameters)["choice.b_time"] = json::parse(R"({"dist": "multivariate_normal"})");
  expect_problem(in_parameters, at + "choice.b_time.dist", "uncertainty.multivariate_normal");
}

}  // namespace
}  // namespace ygt
