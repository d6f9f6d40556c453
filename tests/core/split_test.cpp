#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <yigongti/core/money.hpp>

namespace ygt {
namespace {

std::vector<std::string> texts(const std::vector<Money>& parts) {
  std::vector<std::string> out;
  for (Money m : parts) out.push_back(m.to_string());
  return out;
}

TEST(Split, SuixiSurplusSixThreeOne) {
  // Suixi's alliance package surplus 2017-2020, county : township : village = 6 : 3 : 1.
  const std::vector<double> ratios = {6, 3, 1};
  EXPECT_EQ(texts(split(Money::parse("94394600.00"), ratios)),
            (std::vector<std::string>{"56636760.00", "28318380.00", "9439460.00"}));
}

TEST(Split, TiesGoToTheEarlierPosition) {
  const std::vector<double> equal2 = {1, 1};
  const std::vector<double> equal3 = {1, 1, 1};
  EXPECT_EQ(texts(split(Money::from_fen(1), equal2)), (std::vector<std::string>{"0.01", "0.00"}));
  EXPECT_EQ(texts(split(Money::from_fen(2), equal3)), (std::vector<std::string>{"0.01", "0.01", "0.00"}));
  EXPECT_EQ(texts(split(Money::from_fen(-2), equal3)), (std::vector<std::string>{"-0.01", "-0.01", "0.00"}));
  const std::vector<double> real = {0.5, 0.5};
  EXPECT_EQ(texts(split(Money::from_fen(3), real)), (std::vector<std::string>{"0.02", "0.01"}));
}

TEST(Split, LargestRemainderWinsTheLeftoverFen) {
  // Shares of 10 fen by 0.15 : 0.46 : 0.39 are 1.5, 4.6 and 3.9: floors 1, 4 and 3, and the
  // two fen left go to the largest remainders, 0.9 and 0.6.
  const std::vector<double> w = {0.15, 0.46, 0.39};
  EXPECT_EQ(texts(split(Money::from_fen(10), w)), (std::vector<std::string>{"0.01", "0.05", "0.04"}));
}

TEST(Split, RejectsUnusableWeights) {
  const Money total = Money::from_fen(100);
  EXPECT_THROW((void)split(total, std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW((void)split(total, std::vector<double>{0, 0, 0}), std::invalid_argument);
  EXPECT_THROW((void)split(total, std::vector<double>{1, -1}), std::invalid_argument);
  EXPECT_THROW((void)split(total, std::vector<double>{1, std::numeric_limits<double>::quiet_NaN()}),
               std::invalid_argument);
  EXPECT_THROW((void)split(total, std::vector<double>{1, std::numeric_limits<double>::infinity()}),
               std::invalid_argument);
  EXPECT_THROW((void)split(total, std::vector<std::int64_t>{0, 0}), std::invalid_argument);
  EXPECT_THROW((void)split(total, std::vector<std::int64_t>{3, -1}), std::invalid_argument);
}

/// Random weights of several kinds: whole numbers, reals over many magnitudes, zeros.
std::vector<double> random_weights(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> size(1, 40);
  std::uniform_int_distribution<int> kind(0, 3);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> w(static_cast<std::size_t>(size(rng)));
  const int k = kind(rng);
  for (auto& x : w) {
    switch (k) {
      case 0:
        x = std::floor(unit(rng) * 20);
        break;
      case 1:
        x = unit(rng);
        break;
      case 2:
        x = std::pow(10.0, unit(rng) * 12 - 6);
        break;
      default:
        x = unit(rng) < 0.3 ? 0.0 : unit(rng) * 1e6;
    }
  }
  if (std::all_of(w.begin(), w.end(), [](double x) { return x == 0.0; })) w.back() = 1.0;
  return w;
}

TEST(Split, PartsSumToTheTotalAndStayWithinOneFenOfTheirShare) {
  std::mt19937_64 rng(1123);
  std::uniform_int_distribution<std::int64_t> small(-1'000'000, 1'000'000);
  std::uniform_int_distribution<std::int64_t> large(-(1LL << 60), 1LL << 60);
  for (int trial = 0; trial < 20'000; ++trial) {
    const auto weights = random_weights(rng);
    const Money total = Money::from_fen(trial % 3 == 0 ? large(rng) : small(rng));
    const auto parts = split(total, weights);
    ASSERT_EQ(parts.size(), weights.size());
    ASSERT_EQ(sum(parts), total);
    long double weight_sum = 0;
    for (double w : weights) weight_sum += w;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const long double share = static_cast<long double>(total.fen()) * (weights[i] / weight_sum);
      // One fen, plus the rounding of the reference share itself at 2^60 fen.
      const long double slack = 1.0L + std::fabs(share) * 1e-15L;
      ASSERT_LE(std::fabs(static_cast<long double>(parts[i].fen()) - share), slack)
          << "trial " << trial << " part " << i;
      ASSERT_TRUE(total.is_negative() ? parts[i].fen() <= 0 : parts[i].fen() >= 0);
      if (weights[i] == 0.0) {
        ASSERT_EQ(parts[i].fen(), 0);
      }
    }
  }
}

TEST(Split, IntegerWeightsFollowTheLargestRemainderRuleExactly) {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<int> size(1, 12);
  std::uniform_int_distribution<std::int64_t> weight(0, 9);
  std::uniform_int_distribution<std::int64_t> fen(0, 10'000);
  for (int trial = 0; trial < 20'000; ++trial) {
    std::vector<std::int64_t> w(static_cast<std::size_t>(size(rng)));
    for (auto& x : w) x = weight(rng);
    w[0] += 1;
    const std::int64_t total = fen(rng);
    const auto parts = split(Money::from_fen(total), w);
    const std::vector<double> wd(w.begin(), w.end());
    ASSERT_EQ(parts, split(Money::from_fen(total), wd));  // both overloads agree
    std::int64_t weight_sum = 0;
    for (auto x : w) weight_sum += x;
    // Part i got a bonus fen iff its remainder ranks among the first `left`.
    for (std::size_t i = 0; i < w.size(); ++i) {
      for (std::size_t j = 0; j < w.size(); ++j) {
        const std::int64_t floor_i = total * w[i] / weight_sum;
        const std::int64_t floor_j = total * w[j] / weight_sum;
        const bool bonus_i = parts[i].fen() > floor_i;
        const bool bonus_j = parts[j].fen() > floor_j;
        if (bonus_i && !bonus_j) {
          const std::int64_t rem_i = total * w[i] % weight_sum;
          const std::int64_t rem_j = total * w[j] % weight_sum;
          ASSERT_TRUE(rem_i > rem_j || (rem_i == rem_j && i < j)) << "trial " << trial;
        }
      }
    }
  }
}

}  // namespace
}  // namespace ygt

namespace ygt {
namespace {

TEST(Splitter, WritesTheSamePartsAsSplitForEveryTotalAndWeights) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> size(1, 40);
  std::uniform_int_distribution<std::int64_t> weight(0, 1'000'000);
  std::uniform_int_distribution<std::int64_t> fen(-5'000'000'000, 5'000'000'000);
  Splitter splitter(40);
  std::vector<Money> parts;
  for (int trial = 0; trial < 5'000; ++trial) {
    std::vector<std::int64_t> weights(static_cast<std::size_t>(size(rng)));
    for (auto& w : weights) w = trial % 3 == 0 ? weight(rng) % 4 : weight(rng);  // many ties, or none
    weights.front() += 1;                                                        // never all zero
    const Money total = Money::from_fen(fen(rng));
    parts.resize(weights.size());
    splitter.split(total, weights, parts);
    EXPECT_EQ(parts, split(total, std::span<const std::int64_t>(weights))) << "trial " << trial;
    EXPECT_EQ(sum(parts), total);
  }
}

TEST(Splitter, RefusesWhatSplitRefusesAndMoreWeightsThanItsCapacity) {
  Splitter splitter(2);
  std::vector<Money> parts(2);
  const std::vector<std::int64_t> zero = {0, 0};
  const std::vector<std::int64_t> negative = {1, -1};
  const std::vector<std::int64_t> three = {1, 1, 1};
  EXPECT_THROW(splitter.split(Money::from_yuan(1), zero, parts), std::invalid_argument);
  EXPECT_THROW(splitter.split(Money::from_yuan(1), negative, parts), std::invalid_argument);
  std::vector<Money> three_parts(3);
  EXPECT_THROW(splitter.split(Money::from_yuan(1), three, three_parts), std::invalid_argument);
}

}  // namespace
}  // namespace ygt
