// One-at-a-time sensitivity: ranges from --set and from the uncertainty
// section's percentiles, each row a projection with that one parameter set,
// rows ranked by swing, and the same result on any number of threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/math/policies/policy.hpp>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/projection/projection.hpp>
#include <yigongti/study/sweep.hpp>

#include "support/problems.hpp"

namespace ygt {
namespace {

using testing::has_problem;
namespace bm = boost::math;
using Policy = bm::policies::policy<bm::policies::promote_float<false>, bm::policies::promote_double<false>>;

const ScenarioFile& suixi_file() {
  static const ScenarioFile f =
      load_scenario_file(std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json");
  return f;
}
const Scenario& suixi() {
  return suixi_file().scenario;
}

template <typename Fn>
std::vector<Problem> problems_of(Fn fn) {
  return testing::problems_thrown(suixi().origin, fn);
}

UncertainParameter entry(const std::string& path, ProbabilityDistribution dist) {
  return {{resolve_parameter(suixi(), path, "test")}, std::move(dist)};
}

TEST(OneAtATimeRanges, UnivariateEndsAreThe2point5And97point5Percentiles) {
  UncertaintySpec spec;
  spec.parameters = {
      entry("choice.b_cap", ProbabilityDistribution::normal(3.0, 0.3)),
      entry("choice.b_time", ProbabilityDistribution::uniform(0.01, 0.05)),
      entry("service_lines.ip_common.capability.township", ProbabilityDistribution::beta(24, 16))};
  const std::vector<OneAtATimeRange> r = one_at_a_time_ranges(spec);
  ASSERT_EQ(r.size(), 3u);
  const bm::normal_distribution<double, Policy> normal(3.0, 0.3);
  const bm::uniform_distribution<double, Policy> uniform(0.01, 0.05);
  const bm::beta_distribution<double, Policy> beta(24, 16);
  EXPECT_DOUBLE_EQ(r[0].low, bm::quantile(normal, 0.025));
  EXPECT_DOUBLE_EQ(r[0].high, bm::quantile(normal, 0.975));
  EXPECT_DOUBLE_EQ(r[1].low, bm::quantile(uniform, 0.025));
  EXPECT_DOUBLE_EQ(r[1].high, bm::quantile(uniform, 0.975));
  EXPECT_DOUBLE_EQ(r[2].low, bm::quantile(beta, 0.025));
  EXPECT_DOUBLE_EQ(r[2].high, bm::quantile(beta, 0.975));
  EXPECT_EQ(r[2].parameter.path(), "service_lines.ip_common.capability.township");
  EXPECT_EQ(r[2].source, "uncertainty.parameters.service_lines.ip_common.capability.township");
  EXPECT_TRUE(r[0].with_low.empty());
}

TEST(OneAtATimeRanges, TiedPathsMoveTogetherAndJointNormalsAlongTheirRegression) {
  UncertaintySpec spec;
  UncertainParameter tied =
      entry("service_lines.ip_common.capability.township", ProbabilityDistribution::beta(24, 16));
  tied.targets.push_back(resolve_parameter(suixi(), "service_lines.op_common.capability.township", "test"));
  UncertainParameter joint{
      {resolve_parameter(suixi(), "choice.b_cap", "test"),
       resolve_parameter(suixi(), "choice.b_time", "test")},
      ProbabilityDistribution::multivariate_normal({3.0, 0.02}, {0.09, 0.0006, 0.0006, 0.00001})};
  spec.parameters = {tied, joint};
  const std::vector<OneAtATimeRange> r = one_at_a_time_ranges(spec);
  ASSERT_EQ(r.size(), 3u);  // one for the tied pair, one per joint component
  const bm::beta_distribution<double, Policy> beta(24, 16);
  EXPECT_DOUBLE_EQ(r[0].low, bm::quantile(beta, 0.025));
  ASSERT_EQ(r[0].with_low.size(), 1u);
  EXPECT_EQ(r[0].with_low[0].parameter.path(), "service_lines.op_common.capability.township");
  EXPECT_EQ(r[0].with_low[0].value, r[0].low);
  EXPECT_EQ(r[0].with_high[0].value, r[0].high);
  // b_cap at its marginal's ends, b_time at its mean given them: 0.02 + (0.0006 / 0.09)(x - 3).
  const bm::normal_distribution<double, Policy> b_cap(3.0, 0.3);
  EXPECT_DOUBLE_EQ(r[1].low, bm::quantile(b_cap, 0.025));
  EXPECT_DOUBLE_EQ(r[1].high, bm::quantile(b_cap, 0.975));
  ASSERT_EQ(r[1].with_low.size(), 1u);
  EXPECT_NEAR(r[1].with_low[0].value, 0.02 + 0.0006 / 0.09 * (r[1].low - 3.0), 1e-15);
  EXPECT_NEAR(r[1].with_high[0].value, 0.02 + 0.0006 / 0.09 * (r[1].high - 3.0), 1e-15);
  EXPECT_EQ(r[2].parameter.path(), "choice.b_time");
  EXPECT_NEAR(r[2].with_high[0].value, 3.0 + 0.0006 / 0.00001 * (r[2].high - 0.02), 1e-12);
  EXPECT_EQ(r[2].source, "uncertainty.multivariate_normal[0].targets[1]");
}

TEST(OneAtATimeRanges, TruncationIsRespected) {
  // Normal(0.5, 0.5) on [0.4, 0.9]: the ends are the truncated distribution's
  // percentiles, so exactly 2.5% of its probability lies below the low end.
  UncertaintySpec spec;
  spec.parameters = {entry("choice.b_cap", ProbabilityDistribution::normal(0.5, 0.5).truncated(0.4, 0.9))};
  const OneAtATimeRange r = one_at_a_time_ranges(spec).front();
  const bm::normal_distribution<double, Policy> d(0.5, 0.5);
  const double mass = bm::cdf(d, 0.9) - bm::cdf(d, 0.4);
  EXPECT_NEAR((bm::cdf(d, r.low) - bm::cdf(d, 0.4)) / mass, 0.025, 1e-12);
  EXPECT_NEAR((bm::cdf(d, r.high) - bm::cdf(d, 0.4)) / mass, 0.975, 1e-12);
  EXPECT_GT(r.low, 0.4);
  EXPECT_LT(r.high, 0.9);
}

TEST(OneAtATimeRanges, DirichletComponentsKeepTheSharesSummingToOne) {
  const UncertaintySpec& spec = *suixi_file().uncertainty;
  const std::vector<OneAtATimeRange> ranges = one_at_a_time_ranges(spec);
  // Five univariate entries, then one range per Dirichlet component.
  ASSERT_EQ(ranges.size(), 5u + 3u);
  const std::vector<double> alpha = {6, 3, 1};
  for (std::size_t i = 0; i < 3; ++i) {
    const OneAtATimeRange& r = ranges[5 + i];
    EXPECT_EQ(r.source, "uncertainty.dirichlet[0].targets[" + std::to_string(i) + "]");
    const bm::beta_distribution<double, Policy> marginal(alpha[i], 10 - alpha[i]);
    EXPECT_DOUBLE_EQ(r.low, bm::quantile(marginal, 0.025));
    EXPECT_DOUBLE_EQ(r.high, bm::quantile(marginal, 0.975));
    ASSERT_EQ(r.with_low.size(), 2u);
    double low_sum = r.low;
    double high_sum = r.high;
    for (std::size_t j = 0; j < 2; ++j) {
      low_sum += r.with_low[j].value;
      high_sum += r.with_high[j].value;
      EXPECT_FALSE(r.with_low[j].parameter.same_value(r.parameter));
    }
    EXPECT_NEAR(low_sum, 1.0, 1e-12);
    EXPECT_NEAR(high_sum, 1.0, 1e-12);
  }
}

TEST(OneAtATimeRange, FromSetNeedsExactlyTwoValues) {
  const OneAtATimeRange r = parse_one_at_a_time_range("choice.b_cap=2.5,3.5", suixi());
  EXPECT_EQ(r.parameter.path(), "choice.b_cap");
  EXPECT_EQ(r.low, 2.5);
  EXPECT_EQ(r.high, 3.5);
  EXPECT_EQ(r.source, "--set choice.b_cap=2.5,3.5");
  const auto three = problems_of([] { (void)parse_one_at_a_time_range("choice.b_cap=1,2,3", suixi()); });
  EXPECT_TRUE(has_problem(three, "--set choice.b_cap=1,2,3", "3 values")) << three.size();
  const auto unknown = problems_of([] { (void)parse_one_at_a_time_range("choice.b_kap=1,2", suixi()); });
  EXPECT_TRUE(has_problem(unknown, "--set choice.b_kap=1,2", "choice.b_cap"));
  const auto range = problems_of([] {
    (void)parse_one_at_a_time_range("service_lines.ip_common.capability.township=0.5,1.5", suixi());
  });
  EXPECT_TRUE(has_problem(range, "--set service_lines.ip_common.capability.township=0.5,1.5",
                          "outside the parameter's range"));
}

TEST(OneAtATime, EachRowIsAProjectionWithThatOneParameterSet) {
  const std::vector<OneAtATimeRange> ranges = {
      parse_one_at_a_time_range("choice.b_cap=2.5,3.5", suixi()),
      parse_one_at_a_time_range("payment.retention=0.6,1", suixi()),
      parse_one_at_a_time_range("choice.asc.out_of_county=1,3", suixi())};
  SweepOptions options;
  options.year = 2021;
  const OneAtATimeResult r = one_at_a_time(suixi(), ranges, options);
  ASSERT_EQ(r.years, std::vector<int>{2021});
  ASSERT_EQ(r.rows.size(), ranges.size() * r.variants.size() * indicator_count);

  ProjectionOptions po;
  po.keep_ledger = false;
  const ProjectionResult base = project(suixi(), po);
  std::vector<ProjectionResult> low;
  std::vector<ProjectionResult> high;
  for (const OneAtATimeRange& range : ranges) {
    Scenario lo = suixi();
    set_parameter(lo, range.parameter, range.low);
    low.push_back(project(lo, po));
    Scenario hi = suixi();
    set_parameter(hi, range.parameter, range.high);
    high.push_back(project(hi, po));
  }
  for (const TornadoRow& row : r.rows) {
    std::size_t k = 0;
    while (r.parameters[k] != row.parameter) ++k;
    std::size_t v = 0;
    while (suixi().variants[v].id != row.variant) ++v;
    const double at_low = low[k].value(v, row.year, row.indicator);
    const double at_high = high[k].value(v, row.year, row.indicator);
    const auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
    EXPECT_TRUE(same(row.at_low, at_low)) << row.parameter << " " << index(row.indicator);
    EXPECT_TRUE(same(row.at_high, at_high)) << row.parameter;
    EXPECT_TRUE(same(row.at_base, base.value(v, row.year, row.indicator)));
    EXPECT_TRUE(same(row.swing, std::abs(at_high - at_low)));
    EXPECT_EQ(row.base, get_parameter(suixi(), ranges[k].parameter));
    EXPECT_EQ(row.low, ranges[k].low);
    EXPECT_EQ(row.high, ranges[k].high);
  }
}

TEST(OneAtATime, RowsAreRankedBySwingWithinEachGroup) {
  SweepOptions options;
  options.year = 2018;
  const OneAtATimeResult r = one_at_a_time(suixi(), one_at_a_time_ranges(*suixi_file().uncertainty), options);
  const std::size_t n = r.parameters.size();
  ASSERT_EQ(r.rows.size() % n, 0u);
  bool some_differ = false;
  for (std::size_t g = 0; g < r.rows.size(); g += n) {
    std::vector<std::string> seen;
    for (std::size_t i = g; i < g + n; ++i) {
      EXPECT_EQ(r.rows[i].indicator, r.rows[g].indicator);
      EXPECT_EQ(r.rows[i].variant, r.rows[g].variant);
      seen.push_back(r.rows[i].parameter);
      if (i > g && !std::isnan(r.rows[i].swing)) {
        EXPECT_FALSE(std::isnan(r.rows[i - 1].swing));
        EXPECT_GE(r.rows[i - 1].swing, r.rows[i].swing);
        some_differ = some_differ || r.rows[i - 1].swing > r.rows[i].swing;
      }
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end()) << "each parameter once per group";
  }
  EXPECT_TRUE(some_differ);
}

TEST(OneAtATime, SameResultOnOneAndThreeThreads) {
  const std::vector<OneAtATimeRange> ranges = one_at_a_time_ranges(*suixi_file().uncertainty);
  SweepOptions one;
  one.threads = 1;
  one.variant = "reform";
  SweepOptions three = one;
  three.threads = 3;
  const OneAtATimeResult a = one_at_a_time(suixi(), ranges, one);
  const OneAtATimeResult b = one_at_a_time(suixi(), ranges, three);
  ASSERT_EQ(a.rows.size(), b.rows.size());
  ASSERT_FALSE(a.rows.empty());
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_EQ(a.rows[i].parameter, b.rows[i].parameter);
    EXPECT_EQ(std::memcmp(&a.rows[i].at_low, &b.rows[i].at_low, sizeof(double)), 0);
    EXPECT_EQ(std::memcmp(&a.rows[i].at_high, &b.rows[i].at_high, sizeof(double)), 0);
  }
}

TEST(OneAtATime, BadRequestsAreRefusedBeforeAnythingRuns) {
  const auto bad = [](std::vector<OneAtATimeRange> ranges, SweepOptions options = {}) {
    return problems_of([&] { (void)one_at_a_time(suixi(), ranges, options); });
  };
  EXPECT_TRUE(has_problem(bad({}), "--set", "no parameter to move"));
  const OneAtATimeRange b_cap = parse_one_at_a_time_range("choice.b_cap=2,4", suixi());
  EXPECT_TRUE(has_problem(bad({b_cap, parse_one_at_a_time_range("choice.b_cap=1,2", suixi())}),
                          "--set choice.b_cap=1,2", "already moved by --set choice.b_cap=2,4"));
  OneAtATimeRange outside = b_cap;
  outside.parameter = resolve_parameter(suixi(), "payment.retention", "test");
  outside.source = "--set payment.retention";
  outside.high = 1.5;
  EXPECT_TRUE(has_problem(bad({outside}), "--set payment.retention", "cannot be used"));
  SweepOptions year;
  year.year = 2040;
  EXPECT_TRUE(has_problem(bad({b_cap}, year), "--year", "not projected"));
}

}  // namespace
}  // namespace ygt
