// Sweeps: grids from their specs, one projection per point, a tidy result that
// matches projecting each point by hand, and every bad spec refused up front.
#include <gtest/gtest.h>

#include <string>
#include <vector>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/projection/projection.hpp>
#include <yigongti/study/sweep.hpp>

#include "support/problems.hpp"

namespace ygt {
namespace {

using testing::has_problem;

const Scenario& suixi() {
  static const Scenario sc = load_scenario(std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json");
  return sc;
}

template <typename Fn>
std::vector<Problem> problems_of(Fn fn) {
  return testing::problems_thrown(suixi().origin, fn);
}

TEST(SweepAxis, RangeIncludesBothEndsExactly) {
  const SweepAxis a = parse_sweep_axis("choice.b_cap=2:4:0.5", suixi());
  EXPECT_EQ(a.parameter.path(), "choice.b_cap");
  EXPECT_EQ(a.values, (std::vector<double>{2.0, 2.5, 3.0, 3.5, 4.0}));
  // Steps that are not exact in binary still give the decimals and the end.
  const SweepAxis b = parse_sweep_axis("service_lines.ip_common.capability.township=0.1:0.7:0.1", suixi());
  EXPECT_EQ(b.values, (std::vector<double>{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}));
  EXPECT_EQ(b.values.back(), 0.7);
}

TEST(SweepAxis, RangeStopsAtTheLastStepBelowTheEnd) {
  const SweepAxis a = parse_sweep_axis("choice.b_cap=0:1:0.3", suixi());
  EXPECT_EQ(a.values, (std::vector<double>{0.0, 0.3, 0.6, 0.9}));
  const SweepAxis one = parse_sweep_axis("choice.b_cap=2:2:1", suixi());
  EXPECT_EQ(one.values, (std::vector<double>{2.0}));
}

TEST(SweepAxis, ListOfValues) {
  const SweepAxis a = parse_sweep_axis("payment.retention=0.5,0.75,1", suixi());
  EXPECT_EQ(a.values, (std::vector<double>{0.5, 0.75, 1.0}));
}

TEST(SweepAxis, BadSpecsAreRefusedWithThePathAndTheExpectation) {
  const auto bad = [](const std::string& spec) {
    return problems_of([&] { (void)parse_sweep_axis(spec, suixi()); });
  };
  EXPECT_TRUE(
      has_problem(bad("choice.b_kap=1:2:0.5"), "--set choice.b_kap=1:2:0.5", "did you mean `choice.b_cap`"));
  EXPECT_TRUE(has_problem(bad("choice.b_cap=1:2:0"), "--set choice.b_cap=1:2:0", "a step > 0"));
  EXPECT_TRUE(has_problem(bad("choice.b_cap=1:2:-1"), "--set choice.b_cap=1:2:-1", "not positive"));
  EXPECT_TRUE(has_problem(bad("choice.b_cap=3:2:0.5"), "--set choice.b_cap=3:2:0.5", "a <= b"));
  EXPECT_TRUE(has_problem(bad("choice.b_cap=1:x:0.5"), "--set choice.b_cap=1:x:0.5", "not a number"));
  EXPECT_TRUE(has_problem(bad("choice.b_cap=1:2"), "--set choice.b_cap=1:2", "a:b:step"));
  EXPECT_TRUE(has_problem(bad("choice.b_cap"), "--set choice.b_cap", "PATH=a:b:step"));
  EXPECT_TRUE(has_problem(bad("choice.b_cap=0:1e9:1e-3"), "--set choice.b_cap=0:1e9:1e-3", "at most"));
  // Values outside the parameter's range: a capability above 1, a negative scale.
  EXPECT_TRUE(has_problem(bad("service_lines.ip_common.capability.township=0.5:1.5:0.5"),
                          "--set service_lines.ip_common.capability.township=0.5:1.5:0.5", "[0, 1]"));
  EXPECT_TRUE(has_problem(bad("service_lines.ip_common.rate_scale=-1,1"),
                          "--set service_lines.ip_common.rate_scale=-1,1", "[0, inf)"));
}

TEST(Sweep, GridIsTheProductOfTheAxesFirstAxisSlowest) {
  std::vector<SweepAxis> axes = {parse_sweep_axis("choice.b_cap=2:3:0.5", suixi()),
                                 parse_sweep_axis("payment.retention=0.6,1", suixi())};
  EXPECT_EQ(grid_size(axes), 6u);
  SweepOptions options;
  options.year = 2018;
  const SweepResult r = run_sweep(suixi(), axes, options);
  ASSERT_EQ(r.point_count(), 6u);
  EXPECT_EQ(r.parameters, (std::vector<std::string>{"choice.b_cap", "payment.retention"}));
  EXPECT_EQ(r.variants, (std::vector<std::string>{"baseline", "reform"}));
  EXPECT_EQ(r.years, (std::vector<int>{2018}));
  EXPECT_EQ(r.indicators.rows(), 12);
  const double expected[6][2] = {{2, 0.6}, {2, 1}, {2.5, 0.6}, {2.5, 1}, {3, 0.6}, {3, 1}};
  for (Eigen::Index p = 0; p < 6; ++p) {
    EXPECT_EQ(r.points(p, 0), expected[p][0]);
    EXPECT_EQ(r.points(p, 1), expected[p][1]);
  }
}

TEST(Sweep, EachRowIsTheProjectionOfItsPoint) {
  std::vector<SweepAxis> axes = {
      parse_sweep_axis("choice.b_cap=2.5,3.5", suixi()),
      parse_sweep_axis("service_lines.op_common.capability.township=0.7,0.9", suixi())};
  SweepOptions options;
  options.threads = 2;
  const SweepResult r = run_sweep(suixi(), axes, options);
  ASSERT_EQ(r.years.size(), static_cast<std::size_t>(suixi().years.count()));
  for (std::size_t p = 0; p < r.point_count(); ++p) {
    Scenario sc = suixi();
    set_parameter(sc, axes[0].parameter, r.points(static_cast<Eigen::Index>(p), 0));
    set_parameter(sc, axes[1].parameter, r.points(static_cast<Eigen::Index>(p), 1));
    ProjectionOptions po;
    po.keep_ledger = false;
    const ProjectionResult want = project(sc, po);
    for (std::size_t v = 0; v < r.variants.size(); ++v) {
      for (std::size_t y = 0; y < r.years.size(); ++y) {
        for (std::size_t i = 0; i < indicator_count; ++i) {
          EXPECT_EQ(r.indicators(r.row(p, v, y), static_cast<Eigen::Index>(i)),
                    want.variants[v].indicators(static_cast<Eigen::Index>(y), static_cast<Eigen::Index>(i)))
              << "point " << p << " variant " << v << " year " << r.years[y] << " indicator " << i;
        }
      }
    }
  }
}

TEST(Sweep, SameResultOnOneOrTwoThreadsAndForOneYear) {
  std::vector<SweepAxis> axes = {parse_sweep_axis("choice.b_time=0.01:0.05:0.01", suixi())};
  SweepOptions one;
  one.threads = 1;
  one.variant = "reform";
  SweepOptions two = one;
  two.threads = 2;
  const SweepResult a = run_sweep(suixi(), axes, one);
  const SweepResult b = run_sweep(suixi(), axes, two);
  EXPECT_EQ(a.indicators, b.indicators);
  EXPECT_EQ(a.variants, (std::vector<std::string>{"reform"}));
  // Stopping the projection at the year asked for changes nothing up to it.
  SweepOptions year = one;
  year.year = 2021;
  const SweepResult c = run_sweep(suixi(), axes, year);
  for (std::size_t p = 0; p < a.point_count(); ++p) {
    EXPECT_EQ(c.indicators.row(c.row(p, 0, 0)), a.indicators.row(a.row(p, 0, 2021 - 2016)));
  }
}

TEST(Sweep, OneWayLeverMovesTheIndicatorTheExpectedWay) {
  // A stronger pull of out-of-county hospitals lowers the county visit rate;
  // better township capability for common outpatient care raises township encounters.
  SweepOptions options;
  options.year = 2021;
  options.variant = "baseline";
  const SweepResult pull =
      run_sweep(suixi(), {parse_sweep_axis("choice.asc.out_of_county=1:3:0.5", suixi())}, options);
  const SweepResult cap = run_sweep(
      suixi(), {parse_sweep_axis("service_lines.op_common.capability.township=0.6:0.95:0.05", suixi())},
      options);
  for (std::size_t p = 1; p < pull.point_count(); ++p) {
    EXPECT_LT(pull.value(p, 0, 0, Indicator::county_visit_rate),
              pull.value(p - 1, 0, 0, Indicator::county_visit_rate));
  }
  for (std::size_t p = 1; p < cap.point_count(); ++p) {
    EXPECT_GT(cap.value(p, 0, 0, Indicator::encounters_township),
              cap.value(p - 1, 0, 0, Indicator::encounters_township));
  }
}

TEST(Sweep, BadRunsAreRefusedBeforeComputing) {
  const SweepAxis a = parse_sweep_axis("payment.retention=0.5,1", suixi());
  const SweepAxis full = parse_sweep_axis("payment.alliance_package.retention=0.7", suixi());
  EXPECT_TRUE(has_problem(problems_of([&] {
                            (void)run_sweep(suixi(), {a, full});
                          }),
                          "--set payment.alliance_package.retention", "each parameter on one axis"));
  EXPECT_TRUE(has_problem(problems_of([&] { (void)run_sweep(suixi(), {}); }), "--set", "at least one"));
  SweepOptions late;
  late.year = 2031;
  EXPECT_TRUE(has_problem(problems_of([&] { (void)run_sweep(suixi(), {a}, late); }), "--year", "2016..2030"));
  SweepOptions unknown;
  unknown.variant = "reforn";
  EXPECT_TRUE(has_problem(problems_of([&] { (void)run_sweep(suixi(), {a}, unknown); }), "--variant",
                          "did you mean `reform`"));
  const SweepAxis big = parse_sweep_axis("choice.b_cap=0:999:1", suixi());  // 1000 values
  const SweepAxis big2 = parse_sweep_axis("choice.b_time=0:0.999:0.001", suixi());
  const SweepAxis big3 = parse_sweep_axis("choice.b_oop=0:1:0.5", suixi());
  EXPECT_TRUE(has_problem(problems_of([&] {
                            (void)run_sweep(suixi(), {big, big2, big3});
                          }),
                          "--set", "more than 1000000 points"));
}

}  // namespace
}  // namespace ygt
