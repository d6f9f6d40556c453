#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <numeric>
#include <random>
#include <thread>
#include <vector>
#include <yigongti/study/summary.hpp>

namespace ygt {
namespace {

using Generator = std::function<double(std::mt19937_64&)>;

struct Distribution {
  const char* name;
  Generator draw;
};

std::vector<Distribution> distributions() {
  return {
      {"normal(0,1)", [](std::mt19937_64& g) { return std::normal_distribution<double>(0.0, 1.0)(g); }},
      {"normal(1000,100)",
       [](std::mt19937_64& g) { return std::normal_distribution<double>(1000.0, 100.0)(g); }},
      {"lognormal(0,1)", [](std::mt19937_64& g) { return std::lognormal_distribution<double>(0.0, 1.0)(g); }},
      {"-lognormal(3,2)",
       [](std::mt19937_64& g) { return -std::lognormal_distribution<double>(3.0, 2.0)(g); }},
      {"uniform(-5,5)",
       [](std::mt19937_64& g) { return std::uniform_real_distribution<double>(-5.0, 5.0)(g); }},
      {"uniform(0,1)",
       [](std::mt19937_64& g) { return std::uniform_real_distribution<double>(0.0, 1.0)(g); }},
      {"30% zeros, else normal(0,2)",
       [](std::mt19937_64& g) {
         return std::bernoulli_distribution(0.3)(g) ? 0.0 : std::normal_distribution<double>(0.0, 2.0)(g);
       }},
      {"integers -3..3",
       [](std::mt19937_64& g) { return double(std::uniform_int_distribution<int>(-3, 3)(g)); }},
      {"log-uniform 1e-8..1e8",
       [](std::mt19937_64& g) {
         return std::pow(10.0, std::uniform_real_distribution<double>(-8.0, 8.0)(g));
       }},
  };
}

std::vector<double> sample(const Generator& draw, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> v(n);
  for (auto& x : v) x = draw(rng);
  return v;
}

const std::vector<double> probabilities = {0.0,  0.001, 0.01, 0.025, 0.05, 0.1,   0.25, 0.5,
                                           0.75, 0.9,   0.95, 0.975, 0.99, 0.999, 1.0};

/// The probabilities above and 200 random ones.
std::vector<double> many_probabilities() {
  std::vector<double> qs = probabilities;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) qs.push_back(std::uniform_real_distribution<double>(0.0, 1.0)(rng));
  return qs;
}

/// The values added to a store of `mode` in blocks of `block` values, each
/// block a store of its own merged into the total in order, as ensembles do.
QuantileStore store_of(std::span<const double> values, PercentileMode mode, std::size_t block = 64) {
  QuantileStore total(mode);
  for (std::size_t first = 0; first < values.size(); first += block) {
    QuantileStore part(mode);
    for (std::size_t i = first; i < std::min(values.size(), first + block); ++i) part.add(values[i]);
    total.merge(part);
  }
  return total;
}

/// How many ranks `value` is from rank `r` of `sorted`: 0 when one of the
/// places `value` takes there is `r`. Fails when `value` is not there.
std::uint64_t rank_distance(std::span<const double> sorted, std::uint64_t r, double value) {
  const auto lo =
      static_cast<std::uint64_t>(std::lower_bound(sorted.begin(), sorted.end(), value) - sorted.begin());
  const auto hi =
      static_cast<std::uint64_t>(std::upper_bound(sorted.begin(), sorted.end(), value) - sorted.begin());
  EXPECT_LT(lo, hi) << value << " is not one of the values";
  if (r < lo) return lo - r;
  return r >= hi ? r - hi + 1 : 0;
}

/// Checks every probability of `many_probabilities()` against the exact order
/// statistics of `values`: within `s.rank_error().worst` ranks always (and
/// `likely`, which fails with probability 1e-6 per percentile, far below what
/// these tests could meet), with the exact extremes. Returns the largest rank
/// distance seen.
std::uint64_t check_ranks(std::span<const double> values, const QuantileStore& s, const std::string& what) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const RankError bound = s.rank_error();
  EXPECT_LE(bound.likely, bound.worst) << what;
  std::uint64_t largest = 0;
  for (double q : many_probabilities()) {
    const std::uint64_t r = QuantileStore::rank(q, sorted.size());
    const double estimate = s.quantile(q);
    const std::uint64_t d = rank_distance(sorted, r, estimate);
    EXPECT_LE(d, bound.likely) << what << " q=" << q << " exact=" << sorted[r] << " estimate=" << estimate;
    largest = std::max(largest, d);
  }
  EXPECT_EQ(s.quantile(0.0), sorted.front()) << what;
  EXPECT_EQ(s.quantile(1.0), sorted.back()) << what;
  EXPECT_EQ(s.min(), sorted.front()) << what;
  EXPECT_EQ(s.max(), sorted.back()) << what;
  return largest;
}

// ---------------------------------------------------------------------------
// PercentileMode

TEST(PercentileMode, ExactWhenTheValuesFitTheBudget) {
  // 720 cells x 1000 draws x 8 bytes = 5,760,000 bytes.
  EXPECT_TRUE(PercentileMode::fitting(720, 1000, 5'760'000).is_exact());
  EXPECT_EQ(PercentileMode::fitting(720, 1000, 5'759'999), PercentileMode::sketch());
  EXPECT_EQ(PercentileMode::fitting(720, 1000, 0), PercentileMode::sketch());  // 0 forces the sketch
  EXPECT_EQ(PercentileMode::fitting(1, 1, 0), PercentileMode::sketch());
  EXPECT_TRUE(PercentileMode::fitting(1, 1, 8).is_exact());
  EXPECT_TRUE(PercentileMode::fitting(1, 1, 15).is_exact());
  EXPECT_FALSE(PercentileMode::fitting(2, 1, 15).is_exact());
  // Products past 64 bits do not wrap round to small ones.
  EXPECT_FALSE(PercentileMode::fitting(std::uint64_t{1} << 40, std::uint64_t{1} << 30, 1 << 30).is_exact());
  EXPECT_TRUE(PercentileMode::fitting(3, 5, std::numeric_limits<std::uint64_t>::max()).is_exact());
  EXPECT_EQ(PercentileMode::sketch().k(), PercentileMode::default_k);
  EXPECT_EQ(PercentileMode::exact().k(), 0U);
  EXPECT_THROW((void)PercentileMode::sketch(PercentileMode::min_k - 1), std::invalid_argument);
  EXPECT_THROW((void)PercentileMode::sketch(PercentileMode::max_k + 1), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// QuantileStore, exact

TEST(QuantileStore, RankIsFloorOfQTimesNMinusOne) {
  EXPECT_EQ(QuantileStore::rank(0.0, 1), 0U);
  EXPECT_EQ(QuantileStore::rank(1.0, 1), 0U);
  EXPECT_EQ(QuantileStore::rank(0.0, 10), 0U);
  EXPECT_EQ(QuantileStore::rank(1.0, 10), 9U);
  EXPECT_EQ(QuantileStore::rank(0.5, 11), 5U);
  EXPECT_EQ(QuantileStore::rank(0.5, 10), 4U);  // lower median
  EXPECT_EQ(QuantileStore::rank(0.025, 1001), 25U);
  EXPECT_EQ(QuantileStore::rank(0.975, 1001), 975U);
  EXPECT_EQ(QuantileStore::rank(0.975, 1000), 974U);  // 974.025
  EXPECT_THROW((void)QuantileStore::rank(0.5, 0), std::invalid_argument);
  EXPECT_THROW((void)QuantileStore::rank(-0.1, 5), std::invalid_argument);
  EXPECT_THROW((void)QuantileStore::rank(1.1, 5), std::invalid_argument);
  EXPECT_THROW((void)QuantileStore::rank(std::nan(""), 5), std::invalid_argument);
}

TEST(QuantileStore, ExactModeGivesTheOrderStatisticsThemselves) {
  std::uint64_t seed = 40;
  for (const auto& d : distributions()) {
    for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{65}, std::size_t{1000},
                          std::size_t{20'011}}) {
      const auto values = sample(d.draw, n, ++seed);
      std::vector<double> sorted = values;
      std::sort(sorted.begin(), sorted.end());
      const QuantileStore s = store_of(values, PercentileMode::exact());
      EXPECT_EQ(s.levels(), 1U);
      EXPECT_EQ(s.retained(), n);
      EXPECT_EQ(s.rank_error(), RankError{});
      for (double q : many_probabilities()) {
        ASSERT_EQ(s.quantile(q), sorted[QuantileStore::rank(q, n)]) << d.name << " n=" << n << " q=" << q;
      }
      // Blocks or one stream: the same values in the same order.
      QuantileStore stream;
      for (double x : values) stream.add(x);
      EXPECT_EQ(stream, s) << d.name << " n=" << n;
    }
  }
}

TEST(QuantileStore, ExactPercentilesOfANarrowShareNearOne) {
  // A county visit rate near 0.9 whose median moves by 0.1% a year: every
  // year's median is its draws' own, so the years differ as their draws do
  // (a relative-accuracy sketch of 0.5% gives most of them one value).
  std::vector<double> medians;
  for (int year = 0; year < 7; ++year) {
    const double centre = 0.9004 * (1.0 + 0.001 * year);
    const auto draws =
        sample([&](std::mt19937_64& g) { return std::normal_distribution<double>(centre, 0.0004)(g); }, 1000,
               static_cast<std::uint64_t>(500 + year));
    std::vector<double> sorted = draws;
    std::sort(sorted.begin(), sorted.end());
    const QuantileStore s = store_of(draws, PercentileMode::exact());
    for (double q : {0.025, 0.5, 0.975})
      EXPECT_EQ(s.quantile(q), sorted[QuantileStore::rank(q, 1000)]) << year;
    medians.push_back(s.quantile(0.5));
  }
  for (std::size_t y = 1; y < medians.size(); ++y) {
    EXPECT_GT(medians[y], medians[y - 1]) << "year " << y;
    EXPECT_NEAR(medians[y] / medians[y - 1], 1.001, 0.0002) << "year " << y;
  }
}

TEST(QuantileStore, SmallSamplesTiesZerosAndBadInput) {
  for (const PercentileMode mode : {PercentileMode::exact(), PercentileMode::sketch(PercentileMode::min_k)}) {
    QuantileStore s(mode);
    EXPECT_TRUE(std::isnan(s.quantile(0.5)));
    EXPECT_TRUE(std::isnan(s.min()));
    s.add(42.0);
    for (double q : probabilities) EXPECT_EQ(s.quantile(q), 42.0);
    const std::vector<double> ties(1000, -7.25);
    const QuantileStore t = store_of(ties, mode);
    for (double q : probabilities) EXPECT_EQ(t.quantile(q), -7.25);
    // -0.0 is kept as 0.0, so that the order of adds does not show.
    EXPECT_EQ(store_of(std::vector<double>{-0.0, 0.0}, mode), store_of(std::vector<double>{0.0, -0.0}, mode));
    EXPECT_FALSE(std::signbit(store_of(std::vector<double>{-0.0, -0.0}, mode).quantile(0.5)));
    EXPECT_EQ(store_of(std::vector<double>{4.9e-324, 1e-310, 1.0}, mode).quantile(0.5), 1e-310);

    const QuantileStore before = s;
    EXPECT_THROW(s.add(std::nan("")), std::invalid_argument);
    EXPECT_THROW(s.add(std::numeric_limits<double>::infinity()), std::invalid_argument);
    EXPECT_EQ(s, before);
    EXPECT_THROW((void)s.quantile(1.5), std::invalid_argument);
    EXPECT_THROW((void)s.quantile(std::nan("")), std::invalid_argument);
  }
  QuantileStore exact;
  EXPECT_THROW(exact.merge(QuantileStore(PercentileMode::sketch())), std::invalid_argument);
  QuantileStore sketch(PercentileMode::sketch(64));
  EXPECT_THROW(sketch.merge(QuantileStore(PercentileMode::sketch(128))), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// QuantileStore, sketch

TEST(QuantileStore, SketchRanksWithinTheirBoundOfTheExactOrderStatistics) {
  // Every distribution (ties included), sizes from below k to 100 k, blocks
  // of 64 merged in order as ensembles do, and other block sizes.
  std::uint64_t seed = 900;
  for (const std::uint32_t k : {std::uint32_t{16}, std::uint32_t{100}, PercentileMode::default_k}) {
    const PercentileMode mode = PercentileMode::sketch(k);
    for (const auto& d : distributions()) {
      for (const std::size_t n :
           {std::size_t{50}, std::size_t{1000}, std::size_t{4099}, std::size_t{30'000}}) {
        for (const std::size_t block : {std::size_t{64}, std::size_t{1}, std::size_t{500}}) {
          const auto values = sample(d.draw, n, ++seed);
          const QuantileStore s = store_of(values, mode, block);
          const std::string what = std::string(d.name) + " k=" + std::to_string(k) +
                                   " n=" + std::to_string(n) + " block=" + std::to_string(block);
          EXPECT_EQ(s.count(), n) << what;
          (void)check_ranks(values, s, what);
          if (n >= 4 * k) {
            EXPECT_GT(s.levels(), 2U) << what;
          }
        }
      }
    }
  }
}

TEST(QuantileStore, SketchErrorIsSmallAndNotZeroForTheDefaultK) {
  // The default sketch on 100,000 values: the stated bound below 1% of the
  // ranks, and some error seen (a sketch that kept every value shows none).
  const PercentileMode mode = PercentileMode::sketch();
  std::uint64_t largest = 0;
  std::uint64_t seed = 70;
  for (const auto& d : distributions()) {
    const auto values = sample(d.draw, 100'000, ++seed);
    const QuantileStore s = store_of(values, mode);
    largest = std::max(largest, check_ranks(values, s, d.name));
    EXPECT_LT(s.rank_error().likely, 1'000U) << d.name;  // 1% of the values
    EXPECT_LT(s.retained(), 3 * std::size_t{PercentileMode::default_k}) << d.name;
  }
  EXPECT_GT(largest, 0U);
}

TEST(QuantileStore, SketchBoundIsZeroUntilTheFirstCompaction) {
  const auto values = sample(distributions()[2].draw, PercentileMode::default_k - 1, 3);
  const QuantileStore s = store_of(values, PercentileMode::sketch());
  EXPECT_EQ(s.levels(), 1U);
  EXPECT_EQ(s.rank_error(), RankError{});
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  for (double q : many_probabilities())
    EXPECT_EQ(s.quantile(q), sorted[QuantileStore::rank(q, sorted.size())]);
}

TEST(QuantileStore, SketchIsAFunctionOfTheValuesAndTheMergeOrder) {
  const auto values = sample(distributions()[1].draw, 20'000, 8);
  const PercentileMode mode = PercentileMode::sketch(64);
  const QuantileStore a = store_of(values, mode);
  const QuantileStore b = store_of(values, mode);
  EXPECT_EQ(a, b);
  // A cleared store refills to the same state as a new one.
  QuantileStore reused = store_of(sample(distributions()[3].draw, 9'000, 9), mode);
  reused.clear();
  EXPECT_EQ(reused, QuantileStore(mode));
  EXPECT_EQ(reused.rank_error(), RankError{});
  for (std::size_t first = 0; first < values.size(); first += 64) {
    QuantileStore part(mode);
    for (std::size_t i = first; i < std::min(values.size(), first + 64); ++i) part.add(values[i]);
    reused.merge(part);
  }
  EXPECT_EQ(reused, a);
  // Merging a store into itself doubles every value's count.
  QuantileStore twice = a;
  twice.merge(twice);
  EXPECT_EQ(twice.count(), 2 * a.count());
  std::vector<double> doubled = values;
  doubled.insert(doubled.end(), values.begin(), values.end());
  (void)check_ranks(doubled, twice, "merged into itself");
}

TEST(QuantileStore, SketchMemoryStopsGrowing) {
  // Retained values and heap stay below about 3k however many values come.
  const PercentileMode mode = PercentileMode::sketch();
  QuantileStore s(mode);
  std::mt19937_64 rng(21);
  std::size_t most = 0;
  std::size_t heap_at_100000 = 0;
  for (std::uint64_t block = 0; block * 64 < 2'000'000; ++block) {
    QuantileStore part(mode);
    for (int i = 0; i < 64; ++i) part.add(std::lognormal_distribution<double>(0.0, 1.0)(rng));
    s.merge(part);
    most = std::max(most, s.retained());
    if (s.count() == 100'032) heap_at_100000 = s.heap_bytes();
  }
  EXPECT_LT(most, 3 * std::size_t{PercentileMode::default_k});
  EXPECT_LT(s.heap_bytes(), 6 * std::size_t{PercentileMode::default_k} * sizeof(double));
  EXPECT_GT(heap_at_100000, 0U);
  EXPECT_LT(s.heap_bytes(), 2 * heap_at_100000);
  // Bounded relative error in rank, whatever the count.
  EXPECT_LT(static_cast<double>(s.rank_error().likely), 0.01 * static_cast<double>(s.count()));
}

// ---------------------------------------------------------------------------
// RunningMoments

struct TwoPass {
  double mean, sd;
};

TwoPass two_pass(std::span<const double> v) {
  long double sum = 0;
  for (double x : v) sum += x;
  const long double mean = sum / static_cast<long double>(v.size());
  long double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return {double(mean), double(std::sqrt(ss / static_cast<long double>(v.size() - 1)))};
}

void expect_relative(double actual, double expected, double tolerance, const std::string& what) {
  EXPECT_LE(std::abs(actual - expected), tolerance * std::abs(expected))
      << what << ": " << actual << " vs " << expected;
}

TEST(RunningMoments, MatchesTwoPassMeanAndSd) {
  std::uint64_t seed = 1;
  for (const auto& d : distributions()) {
    for (std::size_t n : {std::size_t{10}, std::size_t{1000}, std::size_t{100'000}}) {
      const auto values = sample(d.draw, n, ++seed);
      RunningMoments m;
      for (double x : values) m.add(x);
      const auto ref = two_pass(values);
      EXPECT_EQ(m.count(), n);
      const std::string what = std::string(d.name) + " n=" + std::to_string(n);
      expect_relative(m.mean(), ref.mean, 1e-12, what + " mean");
      expect_relative(m.sd(), ref.sd, 1e-12, what + " sd");
    }
  }
}

TEST(RunningMoments, StableForALargeOffset) {
  // sum-of-squares would lose all digits here (x^2 ~ 1e18, variance ~ 1).
  const auto values =
      sample([](std::mt19937_64& g) { return 1e9 + std::normal_distribution<double>(0, 1)(g); }, 100'000, 3);
  RunningMoments m;
  for (double x : values) m.add(x);
  const auto ref = two_pass(values);
  expect_relative(m.mean(), ref.mean, 1e-13, "mean");
  expect_relative(m.sd(), ref.sd, 1e-6, "sd");
}

TEST(RunningMoments, SmallCounts) {
  RunningMoments m;
  EXPECT_TRUE(std::isnan(m.mean()));
  EXPECT_TRUE(std::isnan(m.sd()));
  m.add(3.5);
  EXPECT_EQ(m.mean(), 3.5);
  EXPECT_TRUE(std::isnan(m.sd()));
  m.add(5.5);
  EXPECT_EQ(m.mean(), 4.5);
  EXPECT_DOUBLE_EQ(m.sd(), std::sqrt(2.0));
}

TEST(RunningMoments, ChanMergeOfPartsMatchesTheWhole) {
  std::mt19937_64 rng(8);
  for (const auto& d : distributions()) {
    const auto values = sample(d.draw, 30'000, rng());
    const std::size_t parts = std::uniform_int_distribution<std::size_t>(2, 50)(rng);
    std::vector<RunningMoments> m(parts);
    for (double x : values) m[std::uniform_int_distribution<std::size_t>(0, parts - 1)(rng)].add(x);
    RunningMoments total;
    for (const auto& p : m) total.merge(p);
    const auto ref = two_pass(values);
    EXPECT_EQ(total.count(), values.size());
    expect_relative(total.mean(), ref.mean, 1e-12, std::string(d.name) + " mean");
    expect_relative(total.sd(), ref.sd, 1e-12, std::string(d.name) + " sd");
  }
  // Merging with an empty summary, on either side, changes nothing.
  RunningMoments a;
  for (double x : {1.0, 2.0, 4.0}) a.add(x);
  RunningMoments b = a;
  b.merge(RunningMoments{});
  EXPECT_EQ(b, a);
  RunningMoments c;
  c.merge(a);
  EXPECT_EQ(c, a);
  // Merging with itself doubles the count and keeps mean and sd's M2 ratio.
  RunningMoments d = a;
  d.merge(d);
  EXPECT_EQ(d.count(), 6U);
  EXPECT_DOUBLE_EQ(d.mean(), a.mean());
  EXPECT_DOUBLE_EQ(d.m2(), 2 * a.m2());
}

// ---------------------------------------------------------------------------
// SummaryTable, OrderedMerger

/// Draw `d` of a fake ensemble of `cells` indicators: a function of `d` only,
/// as a real draw is of its seed.
std::vector<double> fake_draw(std::uint64_t d, std::size_t cells) {
  std::mt19937_64 rng(d * 7919 + 1);
  std::vector<double> v(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    const double scale = 1.0 + static_cast<double>(c % 17) * 100.0;
    v[c] = c % 5 == 4 ? std::normal_distribution<double>(0.0, scale)(rng)  // changes, both signs
                      : scale * std::lognormal_distribution<double>(0.0, 0.2)(rng);
  }
  if (d % 10 == 3) v[0] = 0.0;
  return v;
}

SummaryTable block_summary(std::uint64_t block, std::uint64_t draws, std::size_t cells,
                           PercentileMode mode = PercentileMode::exact()) {
  SummaryTable t(cells, mode);
  const std::uint64_t first = block * summary_block_draws;
  const std::uint64_t end = std::min(first + summary_block_draws, draws);
  for (std::uint64_t d = first; d < end; ++d) t.add(fake_draw(d, cells));
  return t;
}

/// The two modes of the tests of tables: exact, and a small sketch that
/// compacts after a few blocks.
const PercentileMode modes[] = {PercentileMode::exact(), PercentileMode::sketch(100)};

TEST(SummaryTable, AddsOneValuePerCellPerDraw) {
  SummaryTable t(3);
  t.add(std::vector<double>{1.0, 10.0, -5.0});
  t.add(std::vector<double>{3.0, 30.0, -5.0});
  EXPECT_EQ(t.draws(), 2U);
  EXPECT_EQ(t.cells(), 3U);
  EXPECT_EQ(t[0].mean(), 2.0);
  EXPECT_EQ(t[1].mean(), 20.0);
  EXPECT_EQ(t[2].sd(), 0.0);
  EXPECT_EQ(t[1].max(), 30.0);
  EXPECT_EQ(t.at(2).min(), -5.0);
  EXPECT_EQ(t[0].quantile(0.5), 1.0);
  EXPECT_THROW((void)t.at(3), std::out_of_range);
  EXPECT_TRUE(t.percentile_mode().is_exact());
}

TEST(SummaryTable, RejectsBadDrawsAndLeavesTheTableUnchanged) {
  SummaryTable t(3);
  t.add(std::vector<double>{1.0, 2.0, 3.0});
  const SummaryTable before = t;
  EXPECT_THROW(t.add(std::vector<double>{1.0, 2.0}), std::invalid_argument);
  try {
    t.add(std::vector<double>{1.0, 2.0, std::nan("")});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("cell 2"), std::string::npos) << e.what();
  }
  EXPECT_EQ(t, before);
  EXPECT_THROW(t.merge(SummaryTable(4)), std::invalid_argument);
  EXPECT_THROW(t.merge(SummaryTable(3, PercentileMode::sketch())), std::invalid_argument);
}

TEST(SummaryTable, EveryCellsPercentilesAreItsOwnDrawsOrderStatistics) {
  constexpr std::size_t cells = 60;
  constexpr std::uint64_t draws = 37 * summary_block_draws + 11;
  for (const PercentileMode mode : modes) {
    SummaryTable total(cells, mode);
    std::vector<std::vector<double>> by_cell(cells);
    for (std::uint64_t b = 0; b * summary_block_draws < draws; ++b)
      total.merge(block_summary(b, draws, cells, mode));
    for (std::uint64_t d = 0; d < draws; ++d) {
      const auto v = fake_draw(d, cells);
      for (std::size_t c = 0; c < cells; ++c) by_cell[c].push_back(v[c]);
    }
    EXPECT_EQ(total.rank_error() == RankError{}, mode.is_exact());
    for (std::size_t c = 0; c < cells; ++c) {
      // Every cell has compacted alike: one rank error for the table.
      EXPECT_EQ(total[c].quantiles().rank_error(), total.rank_error());
      (void)check_ranks(by_cell[c], total[c].quantiles(), "cell " + std::to_string(c));
    }
  }
}

TEST(SummaryTable, NamesItsPercentileMethod) {
  SummaryTable exact(2);
  EXPECT_EQ(exact.percentile_method(), "exact order statistics of every draw, rank floor(q(n-1))");
  SummaryTable sketch(2, PercentileMode::sketch(100));
  sketch.add(std::vector<double>{1.0, 2.0});
  EXPECT_EQ(sketch.percentile_method(),
            "compactor sketch (KLL, k = 100) holding every draw: exact order statistics, rank floor(q(n-1))");
  for (std::uint64_t b = 0; b < 40; ++b)
    sketch.merge(block_summary(b, 40 * summary_block_draws, 2, sketch.percentile_mode()));
  const RankError e = sketch.rank_error();
  ASSERT_GT(e.likely, 0U);
  const std::string text = sketch.percentile_method();
  EXPECT_EQ(text.rfind("compactor sketch (KLL, k = 100): rank floor(q(n-1)) to within ", 0), 0U) << text;
  EXPECT_NE(text.find(" " + std::to_string(e.likely) + " of " + std::to_string(sketch.draws()) + " draws ("),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("probability 1 - 1e-06, to within " + std::to_string(e.worst) + " ("),
            std::string::npos)
      << text;
}

TEST(SummaryTable, AClearedTableRefillsToTheSameBitsAsANewOne) {
  constexpr std::size_t cells = 120;
  constexpr std::uint64_t draws = 30 * summary_block_draws + 9;
  for (const PercentileMode mode : modes) {
    SummaryTable reused(cells, mode);
    for (std::uint64_t b = 0; b * summary_block_draws < draws; ++b) {
      reused.clear();
      ASSERT_EQ(reused, SummaryTable(cells, mode)) << "block " << b;
      ASSERT_EQ(reused.to_bytes(), SummaryTable(cells, mode).to_bytes());
      const std::uint64_t first = b * summary_block_draws;
      for (std::uint64_t d = first; d < std::min(first + summary_block_draws, draws); ++d) {
        reused.add(fake_draw(d, cells));
      }
      const SummaryTable fresh = block_summary(b, draws, cells, mode);
      ASSERT_EQ(reused, fresh) << "block " << b;
      ASSERT_EQ(reused.to_bytes(), fresh.to_bytes()) << "block " << b;
    }
  }
}

TEST(SummaryTable, SplitMovesTheCellsIntoTablesOfTheSameDraws) {
  for (const PercentileMode mode : modes) {
    SummaryTable whole(10, mode);
    for (std::uint64_t b = 0; b < 20; ++b) whole.merge(block_summary(b, 20 * summary_block_draws, 10, mode));
    const SummaryTable copy = whole;
    std::vector<SummaryTable> parts = std::move(whole).split(4);
    ASSERT_EQ(parts.size(), 3U);
    EXPECT_EQ(parts[2].cells(), 2U);
    for (std::size_t c = 0; c < 10; ++c) {
      const SummaryTable& part = parts[c / 4];
      EXPECT_EQ(part.draws(), copy.draws());
      EXPECT_EQ(part.percentile_mode(), mode);
      EXPECT_EQ(part[c % 4], copy[c]);
    }
    EXPECT_THROW((void)SummaryTable(2, mode).split(0), std::invalid_argument);
  }
}

TEST(SummaryTable, ReserveMakesRoomForExactValuesOnly) {
  SummaryTable exact(3);
  exact.reserve(10'000);
  EXPECT_GE(exact.heap_bytes(), 3 * 10'000 * sizeof(double));
  SummaryTable sketch(3, PercentileMode::sketch());
  sketch.reserve(10'000);
  EXPECT_LT(sketch.heap_bytes(), 3 * 1'000 * sizeof(double));
  EXPECT_EQ(exact, SummaryTable(3));  // room is not content
}

TEST(OrderedMerger, HandsBackEveryTableItMerged) {
  constexpr std::size_t cells = 40;
  constexpr std::uint64_t draws = 25 * summary_block_draws + 3;
  constexpr std::uint64_t blocks = (draws + summary_block_draws - 1) / summary_block_draws;
  std::vector<std::uint64_t> order(blocks);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937_64(12));
  OrderedMerger merger(cells);
  std::vector<SummaryTable> merged;
  std::uint64_t handed_back_draws = 0;
  for (std::uint64_t b : order) {
    const std::size_t before = merged.size();
    const std::uint64_t next = merger.next_block();
    merger.submit(b, block_summary(b, draws, cells), &merged);
    // Exactly the blocks merged by this call come back.
    EXPECT_EQ(merged.size() - before, merger.next_block() - next) << "block " << b;
    for (std::size_t i = before; i < merged.size(); ++i) handed_back_draws += merged[i].draws();
  }
  EXPECT_EQ(merged.size(), blocks);
  EXPECT_EQ(handed_back_draws, draws);
  EXPECT_EQ(merger.total().draws(), draws);
}

TEST(OrderedMerger, SameBitsForAnyArrivalOrder) {
  constexpr std::size_t cells = 96;
  constexpr std::uint64_t draws = 40 * summary_block_draws + 17;  // a short last block
  constexpr std::uint64_t blocks = (draws + summary_block_draws - 1) / summary_block_draws;
  for (const PercentileMode mode : modes) {
    std::vector<SummaryTable> summaries;
    for (std::uint64_t b = 0; b < blocks; ++b) summaries.push_back(block_summary(b, draws, cells, mode));

    SummaryTable reference(cells, mode);
    for (const auto& s : summaries) reference.merge(s);
    ASSERT_EQ(reference.draws(), draws);
    const auto reference_bytes = reference.to_bytes();

    // The order of merges matters to the moments' last bits and to the order
    // of the values kept: without the merger, results would differ.
    SummaryTable reversed(cells, mode);
    for (auto it = summaries.rbegin(); it != summaries.rend(); ++it) reversed.merge(*it);
    EXPECT_NE(reversed.to_bytes(), reference_bytes);

    std::mt19937_64 rng(5);
    std::vector<std::uint64_t> order(blocks);
    std::iota(order.begin(), order.end(), 0);
    for (int trial = 0; trial < 20; ++trial) {
      std::shuffle(order.begin(), order.end(), rng);
      OrderedMerger merger(cells, mode, draws);
      std::size_t max_held = 0;
      for (std::uint64_t b : order) {
        merger.submit(b, summaries[b]);
        max_held = std::max(max_held, merger.held());
      }
      EXPECT_EQ(merger.next_block(), blocks);
      EXPECT_EQ(merger.held(), 0U);
      EXPECT_GT(max_held, 0U);
      ASSERT_EQ(merger.total().to_bytes(), reference_bytes) << "trial " << trial;
      ASSERT_EQ(merger.total(), reference);
    }
  }
}

TEST(OrderedMerger, SameBitsWhateverTheThreadCount) {
  constexpr std::size_t cells = 768;
  constexpr std::uint64_t draws = 20 * summary_block_draws - 5;
  constexpr std::uint64_t blocks = (draws + summary_block_draws - 1) / summary_block_draws;
  for (const PercentileMode mode : modes) {
    std::vector<std::byte> first;
    for (unsigned threads : {1U, 2U, 3U, 8U}) {
      OrderedMerger merger(cells, mode);
      std::mutex mutex;
      std::atomic<std::uint64_t> next{0};
      std::vector<std::thread> workers;
      for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
          for (std::uint64_t b = next++; b < blocks; b = next++) {
            SummaryTable s = block_summary(b, draws, cells, mode);
            const std::lock_guard lock(mutex);
            merger.submit(b, std::move(s));
          }
        });
      }
      for (auto& w : workers) w.join();
      ASSERT_EQ(merger.total().draws(), draws);
      if (first.empty()) {
        first = merger.total().to_bytes();
      } else {
        EXPECT_EQ(merger.total().to_bytes(), first) << threads << " threads";
      }
    }
  }
}

TEST(OrderedMerger, RejectsDuplicatesAndMismatchedTables) {
  OrderedMerger merger(2);
  merger.submit(1, SummaryTable(2));
  EXPECT_EQ(merger.next_block(), 0U);
  EXPECT_EQ(merger.held(), 1U);
  EXPECT_THROW(merger.submit(1, SummaryTable(2)), std::invalid_argument);
  merger.submit(0, SummaryTable(2));
  EXPECT_EQ(merger.next_block(), 2U);
  EXPECT_THROW(merger.submit(0, SummaryTable(2)), std::invalid_argument);
  EXPECT_THROW(merger.submit(2, SummaryTable(3)), std::invalid_argument);
  EXPECT_THROW(merger.submit(2, SummaryTable(2, PercentileMode::sketch())), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// Byte images

SummaryTable rich_table(PercentileMode mode) {
  SummaryTable t(7, mode);
  std::mt19937_64 rng(31);
  for (int d = 0; d < 500; ++d) {
    std::vector<double> v(7);
    v[0] = std::normal_distribution<double>(0.0, 1.0)(rng);
    v[1] = 0.0;
    v[2] = -std::lognormal_distribution<double>(0.0, 1.0)(rng);
    v[3] = std::pow(10.0, std::uniform_real_distribution<double>(-40.0, 40.0)(rng));
    v[4] = 123.0;
    v[5] = d % 2 == 0 ? 1e-200 : -1e200;  // M2 overflows to infinity
    v[6] = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    t.add(v);
  }
  return t;
}

/// Tables of both modes, sketches before and after compacting, empty ones,
/// and draws of no cells.
std::vector<SummaryTable> tables_to_write() {
  std::vector<SummaryTable> tables = {rich_table(PercentileMode::exact()),
                                      rich_table(PercentileMode::sketch(PercentileMode::min_k)),
                                      rich_table(PercentileMode::sketch(64)),
                                      rich_table(PercentileMode::sketch()),
                                      SummaryTable(3),
                                      SummaryTable(0),
                                      SummaryTable(2, PercentileMode::sketch())};
  for (const PercentileMode mode : {PercentileMode::exact(), PercentileMode::sketch(PercentileMode::min_k)}) {
    SummaryTable none(0, mode);
    for (int d = 0; d < 20; ++d) none.add(std::vector<double>{});
    tables.push_back(std::move(none));
  }
  return tables;
}

TEST(SummaryTableBytes, RoundTripsExactly) {
  for (const SummaryTable& t : tables_to_write()) {
    const auto bytes = t.to_bytes();
    const SummaryTable back = SummaryTable::from_bytes(bytes);
    EXPECT_EQ(back, t);
    EXPECT_EQ(back.to_bytes(), bytes);
    EXPECT_EQ(back.rank_error(), t.rank_error());
    for (std::size_t c = 0; c < t.cells(); ++c) {
      for (double q : probabilities) {
        if (t.draws() > 0) {
          EXPECT_EQ(back[c].quantile(q), t[c].quantile(q));
        }
      }
    }
  }
  // A restored table keeps working: adds and merges as the original does.
  for (const PercentileMode mode : {PercentileMode::exact(), PercentileMode::sketch(PercentileMode::min_k)}) {
    const SummaryTable t = rich_table(mode);
    SummaryTable back = SummaryTable::from_bytes(t.to_bytes());
    SummaryTable original = t;
    const std::vector<double> extra{1e300, -1e-300, 5.0, 1e-45, 0.0, 7.0, -1.0};
    back.add(extra);
    original.add(extra);
    EXPECT_EQ(back, original);
    back.merge(t);
    original.merge(t);
    EXPECT_EQ(back, original);
  }
}

TEST(SummaryTableBytes, RejectsTruncatedImagesAndBadHeaders) {
  for (const PercentileMode mode : {PercentileMode::exact(), PercentileMode::sketch(PercentileMode::min_k)}) {
    const auto bytes = rich_table(mode).to_bytes();
    for (std::size_t n = 0; n < bytes.size(); n += n < 200 ? 1 : 97) {
      ASSERT_THROW((void)SummaryTable::from_bytes(std::span(bytes).first(n)), std::invalid_argument) << n;
    }
    for (std::size_t extra : {std::size_t{1}, std::size_t{8}}) {
      auto longer = bytes;
      longer.resize(bytes.size() + extra);
      EXPECT_THROW((void)SummaryTable::from_bytes(longer), std::invalid_argument);
    }
    const auto with_word = [&](std::size_t word, std::uint64_t value) {
      auto b = bytes;
      for (std::size_t i = 0; i < 8; ++i) b[word * 8 + i] = static_cast<std::byte>((value >> (8 * i)) & 0xff);
      return b;
    };
    EXPECT_THROW((void)SummaryTable::from_bytes(with_word(0, 12345)), std::invalid_argument);  // magic
    EXPECT_THROW((void)SummaryTable::from_bytes(with_word(1, 1)), std::invalid_argument);      // version
    for (const std::uint64_t k : std::array<std::uint64_t, 3>{3, std::uint64_t{PercentileMode::max_k} + 1,
                                                              mode.k() == 0 ? 16U : 0U}) {
      EXPECT_THROW((void)SummaryTable::from_bytes(with_word(2, k)), std::invalid_argument) << k;  // k
    }
    EXPECT_THROW((void)SummaryTable::from_bytes(with_word(3, 499)), std::invalid_argument);         // draws
    EXPECT_THROW((void)SummaryTable::from_bytes(with_word(4, 1ULL << 60)), std::invalid_argument);  // cells
    EXPECT_THROW((void)SummaryTable::from_bytes(with_word(4, 6)), std::invalid_argument);           // cells
  }
}

/// `bytes` with the 8 bytes at `at` replaced by `v`'s.
std::vector<std::byte> with_double(std::vector<std::byte> bytes, std::size_t at, double v) {
  for (std::size_t i = 0; i < 8; ++i)
    bytes[at + i] = static_cast<std::byte>((std::bit_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
  return bytes;
}

TEST(SummaryTableBytes, LayoutOfAnExactImageAndRejectionOfEachBadField) {
  SummaryTable t(1);
  for (double x : {1.0, 4.0, 2.0}) t.add(std::vector<double>{x});
  const auto bytes = t.to_bytes();
  // Header (5 words, k = 0), mean, M2, then the values in the order added.
  ASSERT_EQ(bytes.size(), 40U + 16 + 24);
  EXPECT_EQ(std::to_integer<int>(bytes[16]), 0);  // k
  for (std::size_t i = 0; i < 3; ++i) {
    std::uint64_t word = 0;
    for (std::size_t j = 0; j < 8; ++j)
      word |= std::to_integer<std::uint64_t>(bytes[56 + 8 * i + j]) << (8 * j);
    EXPECT_EQ(std::bit_cast<double>(word), (std::array{1.0, 4.0, 2.0})[i]);
  }
  EXPECT_EQ(SummaryTable::from_bytes(with_double(bytes, 40, 2.5))[0].mean(),
            2.5);  // a mean is taken as it is
  EXPECT_THROW((void)SummaryTable::from_bytes(with_double(bytes, 48, -1.0)), std::invalid_argument);  // M2
  EXPECT_THROW((void)SummaryTable::from_bytes(with_double(bytes, 64, std::nan(""))), std::invalid_argument);
  EXPECT_THROW((void)SummaryTable::from_bytes(with_double(bytes, 64, HUGE_VAL)), std::invalid_argument);
  EXPECT_THROW((void)SummaryTable::from_bytes(with_double(bytes, 64, -0.0)), std::invalid_argument);
  // Another value reads, and its extremes follow the values.
  const SummaryTable other = SummaryTable::from_bytes(with_double(bytes, 64, 9.0));
  EXPECT_EQ(other[0].max(), 9.0);
  EXPECT_EQ(other[0].quantile(0.5), 2.0);
  EXPECT_EQ(SummaryTable::from_bytes(bytes), t);
}

TEST(SummaryTableBytes, LayoutOfASketchImageAndRejectionOfEachBadField) {
  // k = 8: every level compacts at 8 values; 20 values leave 3 levels.
  SummaryTable t(1, PercentileMode::sketch(8));
  for (int x = 1; x <= 20; ++x) t.add(std::vector<double>{static_cast<double>(x)});
  const QuantileStore& s = t[0].quantiles();
  ASSERT_EQ(s.levels(), 3U);
  const auto bytes = t.to_bytes();
  // After the header: varints for 3 levels, their sizes and compactions.
  std::vector<int> shape{3};
  std::uint64_t weight = 0;
  for (std::size_t h = 0; h < 3; ++h) {
    shape.push_back(std::to_integer<int>(bytes[41 + h]));
    weight += static_cast<std::uint64_t>(shape.back()) << h;
  }
  EXPECT_EQ(weight, 20U);
  EXPECT_EQ(static_cast<std::size_t>(shape[1] + shape[2] + shape[3]), s.retained());
  EXPECT_EQ(std::to_integer<int>(bytes[40]), 3);
  EXPECT_EQ(std::to_integer<int>(bytes[46]), 0);  // the top level never compacted
  EXPECT_GT(std::to_integer<int>(bytes[44]), 0);  // the others did
  EXPECT_GT(std::to_integer<int>(bytes[45]), 0);
  const std::size_t cell = 47;  // mean, M2, min, max, then the values
  ASSERT_EQ(bytes.size(), cell + 32 + 8 * s.retained());

  const auto with_byte = [&](std::size_t at, int v) {
    auto b = bytes;
    b[at] = static_cast<std::byte>(v);
    return b;
  };
  const auto rejects = [](const std::vector<std::byte>& b) {
    EXPECT_THROW((void)SummaryTable::from_bytes(b), std::invalid_argument);
  };
  rejects(with_byte(40, 0));                             // no level
  rejects(with_byte(40, 65));                            // too many levels
  rejects(with_byte(41, shape[1] + 2));                  // weights past the draws
  rejects(with_byte(41, 8));                             // a level at capacity
  rejects(with_byte(46, 1));                             // a top level that compacted
  rejects(with_byte(45, 0));                             // a level below it that did not
  rejects(with_byte(44, 11));                            // more compactions than 20 values allow
  rejects(with_double(bytes, cell + 16, 17.5));          // a minimum above a value
  rejects(with_double(bytes, cell + 24, 19.0));          // a maximum below them
  rejects(with_double(bytes, cell + 16, std::nan("")));  // a minimum that is not a number
  rejects(with_double(bytes, cell + 32, 0.5));           // a value below the minimum
  rejects(with_double(bytes, cell + 32, -0.0));          // -0 is never kept
  // Below the minimum kept aside, a value may not be; elsewhere any is.
  EXPECT_EQ(SummaryTable::from_bytes(with_double(bytes, cell + 16, -3.0))[0].min(), -3.0);
  EXPECT_EQ(SummaryTable::from_bytes(bytes), t);

  // Before the first compaction the extremes must be the values'.
  SummaryTable small(1, PercentileMode::sketch(8));
  for (double x : {3.0, 1.0, 2.0}) small.add(std::vector<double>{x});
  const auto few = small.to_bytes();  // header, 1 level of 3, no compaction: 3 varints
  ASSERT_EQ(few.size(), 43U + 32 + 24);
  rejects(with_double(few, 43 + 16, 0.5));  // a minimum that is not among the values
  rejects(with_double(few, 43 + 24, 3.5));
  EXPECT_EQ(SummaryTable::from_bytes(few), small);
}

TEST(SummaryTableBytes, AnyImageThatReadsIsTheImageOfWhatItReadsAs) {
  for (const PercentileMode mode : {PercentileMode::exact(), PercentileMode::sketch(PercentileMode::min_k)}) {
    const auto bytes = rich_table(mode).to_bytes();
    std::mt19937_64 rng(77);
    int accepted = 0;
    for (int trial = 0; trial < 3000; ++trial) {
      auto b = bytes;
      const int flips = std::uniform_int_distribution<int>(1, 3)(rng);
      for (int f = 0; f < flips; ++f) {
        const auto at = std::uniform_int_distribution<std::size_t>(0, b.size() - 1)(rng);
        b[at] ^= static_cast<std::byte>(1U << std::uniform_int_distribution<unsigned>(0, 7)(rng));
      }
      try {
        const SummaryTable t = SummaryTable::from_bytes(b);
        ++accepted;
        ASSERT_EQ(t.to_bytes(), b) << "trial " << trial;
      } catch (const std::invalid_argument&) {
      }
    }
    // Flips in means, M2 and values are legal: some images must read.
    EXPECT_GT(accepted, 10);
  }
}

}  // namespace
}  // namespace ygt
