// The cohort-component step against hand computation, and its conservation law.
#include <gtest/gtest.h>

#include <random>
#include <yigongti/projection/demography.hpp>

namespace ygt {
namespace {

AgeVector constant(double x) {
  AgeVector v;
  v.fill(x);
  return v;
}

TEST(CohortComponent, MatchesAHandComputedStep) {
  AgeVector survival = constant(0.99);
  survival[99] = 0.5;
  survival[100] = 0.25;
  AgeVector fertility = constant(0.0);
  fertility[20] = 0.1;
  fertility[30] = 0.05;
  AgeVector migration = constant(0.0);
  migration[20] = -0.02;
  const CohortComponent cc(survival, fertility, migration);
  Eigen::VectorXd p = Eigen::VectorXd::Zero(101);
  p(0) = 100;
  p(19) = 1000;
  p(20) = 2000;
  p(30) = 400;
  p(99) = 10;
  p(100) = 8;
  Eigen::VectorXd next(101);
  cc.step(p, next);
  EXPECT_DOUBLE_EQ(next(0), 0.1 * 2000 + 0.05 * 400);  // births: 220
  EXPECT_DOUBLE_EQ(next(1), 0.99 * 100);
  // Age 20 next year: survivors of 19 (990) plus migration at 20 this year (-2% of 2000).
  EXPECT_DOUBLE_EQ(next(20), 0.99 * 1000 - 0.02 * 2000);
  EXPECT_DOUBLE_EQ(next(21), 0.99 * 2000);
  EXPECT_DOUBLE_EQ(next(31), 0.99 * 400);
  // Open group: survivors of 99 (5) and of 100+ (2).
  EXPECT_DOUBLE_EQ(next(100), 0.5 * 10 + 0.25 * 8);
  EXPECT_DOUBLE_EQ(next(50), 0.0);
}

TEST(CohortComponent, ConservesPeopleWithoutDeathsBirthsOrMigration) {
  const CohortComponent cc(constant(1.0), constant(0.0), constant(0.0));
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> people(0, 5000);
  for (int trial = 0; trial < 200; ++trial) {
    Eigen::VectorXd p(101);
    for (auto& x : p) x = people(rng);
    Eigen::VectorXd next(101);
    for (int year = 0; year < 20; ++year) {
      cc.step(p, next);
      ASSERT_NEAR(next.sum(), p.sum(), 1e-9 * p.sum());
      ASSERT_EQ(next(0), 0.0);
      p = next;
    }
  }
}

TEST(CohortComponent, OutMigrationNeverLeavesANegativeCount) {
  const CohortComponent cc(constant(1.0), constant(0.0), constant(-1.0));
  Eigen::VectorXd p = Eigen::VectorXd::Constant(101, 10.0);
  Eigen::VectorXd next(101);
  cc.step(p, next);
  EXPECT_GE(next.minCoeff(), 0.0);
}

TEST(Demography, ChecksReportPaths) {
  DemographySpec spec;
  spec.survival = constant(0.99);
  EXPECT_TRUE(check_demography(spec).empty());
  spec.survival[3] = 1.2;
  spec.fertility[25] = -0.1;
  spec.township_net_migration.push_back({"t1", constant(2.0)});
  const auto problems = check_demography(spec);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].path, "survival");
  EXPECT_EQ(problems[1].path, "fertility");
  EXPECT_EQ(problems[2].path, "net_migration.townships.t1");
}

}  // namespace
}  // namespace ygt
