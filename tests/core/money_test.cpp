#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <yigongti/core/error.hpp>
#include <yigongti/core/money.hpp>

namespace ygt {
namespace {

constexpr std::int64_t max_fen = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t min_fen = std::numeric_limits<std::int64_t>::min();

TEST(Money, ParsesDecimalYuanExactly) {
  EXPECT_EQ(Money::parse("8570000").fen(), 857'000'000);
  EXPECT_EQ(Money::parse("857.5").fen(), 85'750);
  EXPECT_EQ(Money::parse("-12.34").fen(), -1'234);
  EXPECT_EQ(Money::parse("0.05").fen(), 5);
  EXPECT_EQ(Money::parse("+3").fen(), 300);
  EXPECT_EQ(Money::parse("-0").fen(), 0);
  EXPECT_EQ(Money::parse("92233720368547758.07").fen(), max_fen);
  EXPECT_EQ(Money::parse("-92233720368547758.08").fen(), min_fen);
}

TEST(Money, RejectsTextThatIsNotAnExactAmount) {
  for (const char* bad : {"1e3",
                          "12.345",
                          "",
                          "abc",
                          "12.",
                          ".5",
                          "1,000",
                          " 1",
                          "1 ",
                          "--1",
                          "+-1",
                          "1.2.3",
                          "0x10",
                          "NaN",
                          "inf",
                          "-",
                          "9223372036854775808",
                          "92233720368547758.08",
                          "-92233720368547758.09",
                          "99999999999999999999999"}) {
    EXPECT_THROW((void)Money::parse(bad), InputError) << "\"" << bad << "\"";
  }
}

TEST(Money, ParseErrorNamesTheTextAndTheExpectation) {
  try {
    (void)Money::parse("12.345");
    FAIL() << "no exception";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("12.345"), std::string::npos);
    EXPECT_NE(what.find("two decimals"), std::string::npos);
  }
}

TEST(Money, PrintsTwoDecimals) {
  EXPECT_EQ(Money::parse("8570000").to_string(), "8570000.00");
  EXPECT_EQ(Money::parse("857.5").to_string(), "857.50");
  EXPECT_EQ(Money::from_fen(-5).to_string(), "-0.05");
  EXPECT_EQ(Money::from_fen(min_fen).to_string(), "-92233720368547758.08");
  EXPECT_EQ(Money::parse("8570000").to_string_grouped(), "8,570,000.00");
  EXPECT_EQ(Money::parse("-1234567.8").to_string_grouped(), "-1,234,567.80");
  EXPECT_EQ(Money::parse("999.99").to_string_grouped(), "999.99");
}

TEST(Money, PrintParseRoundTripOverRandomAmounts) {
  std::mt19937_64 rng(20261123);
  std::uniform_int_distribution<std::int64_t> any(min_fen, max_fen);
  std::uniform_int_distribution<std::int64_t> small(-100'000, 100'000);
  for (int i = 0; i < 100'000; ++i) {
    const Money m = Money::from_fen(i % 2 == 0 ? any(rng) : small(rng));
    ASSERT_EQ(Money::parse(m.to_string()), m) << m.to_string();
  }
}

TEST(Money, ArithmeticDetectsOverflow) {
  const Money top = Money::from_fen(max_fen);
  const Money bottom = Money::from_fen(min_fen);
  const Money fen = Money::from_fen(1);
  EXPECT_EQ((top - fen + fen), top);
  EXPECT_THROW((void)(top + fen), std::overflow_error);
  EXPECT_THROW((void)(bottom - fen), std::overflow_error);
  EXPECT_THROW((void)(-bottom), std::overflow_error);
  EXPECT_THROW((void)bottom.abs(), std::overflow_error);
  EXPECT_THROW((void)(top * 2), std::overflow_error);
  EXPECT_THROW((void)Money::from_yuan(max_fen / 10), std::overflow_error);
  EXPECT_EQ(Money::from_yuan(150'000'000).fen(), 15'000'000'000);
  EXPECT_EQ((Money::parse("35.5") * 4).to_string(), "142.00");
}

TEST(Money, ScalesByAnExactRatio) {
  // Kedong 2021: of a surplus of 8,570,000 the alliances kept 4,640,000.
  EXPECT_EQ(Money::parse("8570000").scaled(464, 857).to_string(), "4640000.00");
  EXPECT_EQ(Money::from_fen(5).scaled(1, 2, Rounding::half_even).fen(), 2);
  EXPECT_EQ(Money::from_fen(7).scaled(1, 2, Rounding::half_even).fen(), 4);
  EXPECT_EQ(Money::from_fen(5).scaled(1, 2, Rounding::half_away_from_zero).fen(), 3);
  EXPECT_EQ(Money::from_fen(-5).scaled(1, 2, Rounding::half_away_from_zero).fen(), -3);
  EXPECT_EQ(Money::from_fen(-5).scaled(1, 2, Rounding::floor).fen(), -3);
  EXPECT_EQ(Money::from_fen(-5).scaled(1, 2, Rounding::ceiling).fen(), -2);
  EXPECT_EQ(Money::from_fen(-5).scaled(1, 2, Rounding::toward_zero).fen(), -2);
  EXPECT_EQ(Money::from_fen(-5).scaled(1, 2, Rounding::away_from_zero).fen(), -3);
  EXPECT_EQ(Money::from_fen(10).scaled(1, -3, Rounding::floor).fen(), -4);
  EXPECT_THROW((void)Money::from_fen(1).scaled(1, 0), std::invalid_argument);
  EXPECT_THROW((void)Money::from_fen(max_fen).scaled(3, 2), std::overflow_error);
}

TEST(Money, ScalingByADoubleRoundsItsExactValueOnce) {
  // A dyadic ratio k / 2^m is exact in binary: scaling by it must agree with
  // the exact rational scaling for every rounding mode.
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> fen(-(1LL << 40), 1LL << 40);
  std::uniform_int_distribution<std::int64_t> numerator(-(1 << 20), 1 << 20);
  std::uniform_int_distribution<int> power(0, 30);
  for (int i = 0; i < 50'000; ++i) {
    const Money m = Money::from_fen(fen(rng));
    const std::int64_t k = numerator(rng);
    const std::int64_t den = std::int64_t{1} << power(rng);
    const double ratio = static_cast<double>(k) / static_cast<double>(den);
    for (Rounding mode : {Rounding::half_even, Rounding::half_away_from_zero, Rounding::toward_zero,
                          Rounding::away_from_zero, Rounding::floor, Rounding::ceiling}) {
      ASSERT_EQ(m.scaled(ratio, mode), m.scaled(k, den, mode)) << m.fen() << " x " << k << "/" << den;
    }
  }
  EXPECT_THROW((void)Money::from_fen(1).scaled(std::numeric_limits<double>::quiet_NaN()),
               std::invalid_argument);
  EXPECT_THROW((void)Money::from_fen(1).scaled(std::numeric_limits<double>::infinity()),
               std::invalid_argument);
  EXPECT_THROW((void)Money::from_fen(max_fen).scaled(1.5), std::overflow_error);
  EXPECT_EQ(Money::from_fen(3).scaled(1e-300, Rounding::ceiling).fen(), 1);
  EXPECT_EQ(Money::from_fen(3).scaled(1e-300, Rounding::half_even).fen(), 0);
  EXPECT_EQ(Money::from_fen(-3).scaled(1e-300, Rounding::floor).fen(), -1);
}

TEST(Money, RoundsComputedYuanToFen) {
  EXPECT_EQ(Money::round_from_yuan(857.5).fen(), 85'750);
  EXPECT_EQ(Money::round_from_yuan(0.125).fen(), 12);  // 12.5 fen, ties to even
  EXPECT_EQ(Money::round_from_yuan(0.125, Rounding::half_away_from_zero).fen(), 13);
  EXPECT_EQ(Money::round_from_yuan(-0.125, Rounding::half_away_from_zero).fen(), -13);
  EXPECT_EQ(Money::round_from_yuan(10332.39).fen(), 1'033'239);
  EXPECT_THROW((void)Money::round_from_yuan(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_THROW((void)Money::round_from_yuan(1e20), std::overflow_error);
}

TEST(Money, OrdersAndSums) {
  const std::vector<Money> xs = {Money::parse("1.10"), Money::parse("-0.10"), Money::parse("2")};
  EXPECT_EQ(sum(xs).to_string(), "3.00");
  EXPECT_LT(Money::parse("-0.01"), Money{});
  EXPECT_TRUE(Money{}.is_zero());
  EXPECT_TRUE(Money::parse("-0.01").is_negative());
  const std::vector<Money> big = {Money::from_fen(max_fen), Money::from_fen(1)};
  EXPECT_THROW((void)sum(big), std::overflow_error);
}

}  // namespace
}  // namespace ygt
