#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <yigongti/payment/performance.hpp>
#include <yigongti/payment/prepayment.hpp>
#include <yigongti/payment/share.hpp>

namespace ygt {
namespace {

std::vector<std::string> paths(const std::vector<Problem>& problems) {
  std::vector<std::string> out;
  for (const Problem& p : problems) out.push_back(p.path);
  return out;
}

TEST(Share, FractionIsExactWhereNoDecimalIs) {
  // Kedong 2021 kept 4.64 million of an 8.57 million surplus.
  const Money surplus = Money::parse("8570000.00");
  EXPECT_EQ(Share::fraction(464, 857).of(surplus).to_string(), "4640000.00");
  EXPECT_NE(Share(0.541).of(surplus).to_string(), "4640000.00");
  EXPECT_TRUE(Share::fraction(464, 857).is_fraction());
  EXPECT_FALSE(Share(0.5).is_fraction());
  EXPECT_EQ(Share::fraction(464, 857).to_string(), "464/857");
}

TEST(Share, RoundsOnceByTheNamedMode) {
  const Money five_fen = Money::from_fen(5);
  EXPECT_EQ(Share(0.5).of(five_fen).fen(), 2);  // 2.5 fen, ties to even
  EXPECT_EQ(Share(0.5).of(five_fen, Rounding::half_away_from_zero).fen(), 3);
  EXPECT_EQ(Share::fraction(1, 3).of(Money::from_fen(100), Rounding::ceiling).fen(), 34);
  EXPECT_EQ(Share::fraction(1, 3).of(Money::from_fen(100), Rounding::floor).fen(), 33);
}

TEST(Share, TimesKeepsAFractionExactForFactorsZeroAndOne) {
  const Share kedong = Share::fraction(464, 857);
  EXPECT_EQ(kedong.times(1.0), kedong);
  EXPECT_EQ(kedong.times(0.0).of(Money::parse("8570000")), Money{});
  EXPECT_FALSE(kedong.times(0.5).is_fraction());
  EXPECT_DOUBLE_EQ(kedong.times(0.5).value(), 232.0 / 857.0);
}

TEST(Share, CheckReportsEveryOutOfRangeForm) {
  EXPECT_TRUE(Share(0.0).check("s").empty());
  EXPECT_TRUE(Share(1.0).check("s").empty());
  EXPECT_TRUE(Share::fraction(857, 857).check("s").empty());
  EXPECT_EQ(paths(Share(1.2).check("retention")), std::vector<std::string>{"retention"});
  EXPECT_EQ(paths(Share(-0.01).check("retention")), std::vector<std::string>{"retention"});
  EXPECT_EQ(Share(std::numeric_limits<double>::quiet_NaN()).check("x").size(), 1u);
  EXPECT_EQ(Share::fraction(900, 857).check("x").size(), 1u);
  EXPECT_EQ(Share::fraction(-1, 857).check("x").size(), 1u);
  EXPECT_EQ(Share::fraction(1, 0).check("x").size(), 1u);
  EXPECT_EQ(Share::fraction(-1, -2).check("x").size(), 1u);
}

TEST(Prepayment, FourInstalmentsSumExactlyWithEarlierQuartersTakingTheFen) {
  const auto q = quarterly_instalments(Money::from_fen(1003));
  EXPECT_EQ(q[0].fen(), 251);
  EXPECT_EQ(q[1].fen(), 251);
  EXPECT_EQ(q[2].fen(), 251);
  EXPECT_EQ(q[3].fen(), 250);
}

TEST(Prepayment, InstalmentsMatchTheLargestRemainderSplitForRandomTotals) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> fen(-(std::int64_t{1} << 50), std::int64_t{1} << 50);
  const std::vector<std::int64_t> equal = {1, 1, 1, 1};
  for (int i = 0; i < 2000; ++i) {
    const Money total = Money::from_fen(fen(rng));
    const auto q = quarterly_instalments(total);
    const std::vector<Money> expected = split(total, equal);
    for (std::size_t k = 0; k < 4; ++k) ASSERT_EQ(q[k], expected[k]);
    ASSERT_LE((q[0] - q[3]).abs().fen(), 1);
  }
}

TEST(Prepayment, RecordsNonZeroInstalmentsInQuartersOneToFour) {
  Ledger ledger;
  add_quarterly_instalments(ledger, 2021, "fund", "a1", TransferKind::prepayment, Money::from_fen(2));
  ASSERT_EQ(ledger.size(), 2u);
  EXPECT_EQ(ledger.transfers()[0].quarter, 1);
  EXPECT_EQ(ledger.transfers()[1].quarter, 2);
  EXPECT_EQ(ledger.balance("a1").fen(), 2);
}

TEST(PerformanceMapping, DefaultIsZeroBelowSixtyFullAtNinetyLinearBetween) {
  const PerformanceMapping m;
  EXPECT_EQ(m.factor(0.0), 0.0);
  EXPECT_EQ(m.factor(59.99), 0.0);
  EXPECT_EQ(m.factor(60.0), 0.0);
  EXPECT_DOUBLE_EQ(m.factor(75.0), 0.5);
  EXPECT_EQ(m.factor(90.0), 1.0);
  EXPECT_EQ(m.factor(100.0), 1.0);
}

TEST(PerformanceMapping, EqualThresholdsMakeAStep) {
  const PerformanceMapping m{0.0, 10.0, 7.0, 7.0};
  EXPECT_TRUE(m.check().empty());
  EXPECT_EQ(m.factor(6.999), 0.0);
  EXPECT_EQ(m.factor(7.0), 1.0);
}

TEST(PerformanceMapping, FactorIsMonotoneAndWithinZeroOne) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < 2000; ++i) {
    const double lo = -50.0 + 100.0 * u(rng);
    const double hi = lo + 1.0 + 100.0 * u(rng);
    double a = lo + (hi - lo) * u(rng);
    double b = lo + (hi - lo) * u(rng);
    if (a > b) std::swap(a, b);
    const PerformanceMapping m{lo, hi, a, b};
    ASSERT_TRUE(m.check().empty());
    double s1 = lo + (hi - lo) * u(rng);
    double s2 = lo + (hi - lo) * u(rng);
    if (s1 > s2) std::swap(s1, s2);
    ASSERT_GE(m.factor(s1), 0.0);
    ASSERT_LE(m.factor(s2), 1.0);
    ASSERT_LE(m.factor(s1), m.factor(s2));
  }
}

TEST(PerformanceMapping, CheckNamesEachBadParameter) {
  EXPECT_EQ(paths(PerformanceMapping{100.0, 0.0, 60.0, 90.0}.check()), std::vector<std::string>{"score_max"});
  EXPECT_EQ(paths(PerformanceMapping{0.0, 100.0, 90.0, 60.0}.check()), std::vector<std::string>{"full_at"});
  EXPECT_EQ(paths(PerformanceMapping{0.0, 100.0, -1.0, 90.0}.check()),
            std::vector<std::string>{"zero_below"});
  EXPECT_EQ(paths(PerformanceMapping{0.0, 100.0, 60.0, 101.0}.check()), std::vector<std::string>{"full_at"});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(paths(PerformanceMapping{nan, 100.0, 60.0, 90.0}.check()), std::vector<std::string>{"score_min"});
  ProblemList problems;
  PerformanceMapping{}.check_score(problems, "assessment_score", 120.0);
  EXPECT_EQ(paths(problems.problems()), std::vector<std::string>{"assessment_score"});
  EXPECT_THROW((void)PerformanceMapping{}.factor(-1.0), std::invalid_argument);
}

}  // namespace
}  // namespace ygt
