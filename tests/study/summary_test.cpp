#include <gtest/gtest.h>

#include <algorithm>
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

QuantileSketch sketch_of(std::span<const double> values, double accuracy = QuantileSketch::default_accuracy) {
  QuantileSketch s(accuracy);
  for (double x : values) s.add(x);
  return s;
}

const std::vector<double> probabilities = {0.0,  0.001, 0.01, 0.025, 0.05, 0.1,   0.25, 0.5,
                                           0.75, 0.9,   0.95, 0.975, 0.99, 0.999, 1.0};

/// Checks every probability in `probabilities` and 200 random ones against the
/// exact order statistics of `values`; returns the largest relative error seen.
double check_quantiles(std::span<const double> values, const QuantileSketch& s, const std::string& what) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> qs = probabilities;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) qs.push_back(std::uniform_real_distribution<double>(0.0, 1.0)(rng));
  const double a = s.relative_accuracy();
  double worst = 0.0;
  for (double q : qs) {
    const double exact = sorted[QuantileSketch::rank(q, sorted.size())];
    const double estimate = s.quantile(q);
    const double error = std::abs(estimate - exact);
    EXPECT_LE(error, a * std::abs(exact))
        << what << " q=" << q << " exact=" << exact << " estimate=" << estimate;
    if (exact != 0.0) worst = std::max(worst, error / std::abs(exact));
  }
  EXPECT_EQ(s.quantile(0.0), sorted.front()) << what;
  EXPECT_EQ(s.quantile(1.0), sorted.back()) << what;
  EXPECT_EQ(s.min(), sorted.front()) << what;
  EXPECT_EQ(s.max(), sorted.back()) << what;
  return worst;
}

// ---------------------------------------------------------------------------
// QuantileSketch

TEST(QuantileSketch, RankIsFloorOfQTimesNMinusOne) {
  EXPECT_EQ(QuantileSketch::rank(0.0, 1), 0U);
  EXPECT_EQ(QuantileSketch::rank(1.0, 1), 0U);
  EXPECT_EQ(QuantileSketch::rank(0.0, 10), 0U);
  EXPECT_EQ(QuantileSketch::rank(1.0, 10), 9U);
  EXPECT_EQ(QuantileSketch::rank(0.5, 11), 5U);
  EXPECT_EQ(QuantileSketch::rank(0.5, 10), 4U);  // lower median
  EXPECT_EQ(QuantileSketch::rank(0.025, 1001), 25U);
  EXPECT_EQ(QuantileSketch::rank(0.975, 1001), 975U);
  EXPECT_EQ(QuantileSketch::rank(0.975, 1000), 974U);  // 974.025
  EXPECT_THROW((void)QuantileSketch::rank(0.5, 0), std::invalid_argument);
  EXPECT_THROW((void)QuantileSketch::rank(-0.1, 5), std::invalid_argument);
  EXPECT_THROW((void)QuantileSketch::rank(1.1, 5), std::invalid_argument);
  EXPECT_THROW((void)QuantileSketch::rank(std::nan(""), 5), std::invalid_argument);
}

TEST(QuantileSketch, NamesItsMethod) {
  EXPECT_EQ(QuantileSketch().description(), QuantileSketch::method);
  EXPECT_EQ(QuantileSketch(0.001).description(),
            "log-bucket sketch, relative accuracy 0.1%, rank floor(q(n-1))");
}

TEST(QuantileSketch, QuantilesWithinRelativeAccuracyOfExactOrderStatistics) {
  std::uint64_t seed = 100;
  for (const auto& d : distributions()) {
    for (std::size_t n : {std::size_t{10}, std::size_t{1000}, std::size_t{100'000}}) {
      const auto values = sample(d.draw, n, ++seed);
      (void)check_quantiles(values, sketch_of(values), std::string(d.name) + " n=" + std::to_string(n));
    }
  }
}

TEST(QuantileSketch, AccuracyIsTheStatedOneNotBetterByAccident) {
  // With 100,000 spread values some estimate must come close to the bound: a
  // sketch that were much coarser would fail above, one much finer here shows
  // the bound is not slack by orders of magnitude.
  for (double a : {0.001, 0.005, 0.05}) {
    const auto values = sample(distributions()[2].draw, 100'000, 5);
    const double worst = check_quantiles(values, sketch_of(values, a), "lognormal a=" + std::to_string(a));
    EXPECT_GT(worst, a / 4) << a;
    EXPECT_LE(worst, a) << a;
  }
}

TEST(QuantileSketch, AccurateAtExtremeMagnitudes) {
  struct Case {
    double lo_exp, hi_exp, sign, a;
  };
  for (const Case c : {Case{-150, 150, 1, 0.1}, Case{280, 308, 1, 0.05}, Case{-307, -290, -1, 0.05},
                       Case{-300, 300, -1, 0.5}}) {
    std::mt19937_64 rng(11);
    std::vector<double> values(20'000);
    for (auto& x : values) {
      x = c.sign * std::pow(10.0, std::uniform_real_distribution<double>(c.lo_exp, c.hi_exp)(rng));
    }
    const auto s = sketch_of(values, c.a);
    EXPECT_LT(s.bucket_count(), std::size_t{QuantileSketch::max_buckets_per_sign});  // nothing folded
    check_quantiles(values, s, "10^[" + std::to_string(c.lo_exp) + "," + std::to_string(c.hi_exp) + "]");
  }
  // Exact bucket edges of the nominal gamma, and their neighbours in the last bit.
  const double a = 0.01;
  const double gamma = (1 + a) / (1 - a);
  std::vector<double> edges;
  for (int i = -500; i <= 500; ++i) {
    const double e = std::pow(gamma, i);
    edges.insert(edges.end(), {e, std::nextafter(e, 0.0), std::nextafter(e, 1e300), -e});
  }
  check_quantiles(edges, sketch_of(edges, a), "bucket edges");
}

TEST(QuantileSketch, SmallSamplesAndTies) {
  QuantileSketch s;
  EXPECT_TRUE(std::isnan(s.quantile(0.5)));
  EXPECT_TRUE(std::isnan(s.min()));
  EXPECT_TRUE(std::isnan(s.max()));
  s.add(42.0);
  for (double q : probabilities) EXPECT_EQ(s.quantile(q), 42.0);
  const std::vector<double> ties(1001, -7.25);
  const auto t = sketch_of(ties);
  for (double q : probabilities) EXPECT_NEAR(t.quantile(q), -7.25, 7.25 * 0.005);
  // -0.0 and 0.0 are the same value: the extremes do not depend on their order.
  EXPECT_EQ(sketch_of(std::vector<double>{-0.0, 0.0}), sketch_of(std::vector<double>{0.0, -0.0}));
  EXPECT_FALSE(std::signbit(sketch_of(std::vector<double>{-0.0, 0.0}).min()));
  // Subnormals are counted as zero but the extremes stay exact.
  const auto tiny = sketch_of(std::vector<double>{4.9e-324, 1e-310, 1.0});
  EXPECT_EQ(tiny.min(), 4.9e-324);
  EXPECT_EQ(tiny.quantile(0.5), 4.9e-324);  // zero, clamped to the exact minimum
}

TEST(QuantileSketch, RejectsNaNInfinityAndBadArguments) {
  QuantileSketch s;
  s.add(1.0);
  EXPECT_THROW(s.add(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_THROW(s.add(std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_THROW(s.add(-std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_EQ(s.count(), 1U);
  EXPECT_EQ(s, sketch_of(std::vector<double>{1.0}));
  EXPECT_THROW((void)s.quantile(1.5), std::invalid_argument);
  EXPECT_THROW((void)s.quantile(std::nan("")), std::invalid_argument);
  EXPECT_THROW(QuantileSketch(0.0), std::invalid_argument);
  EXPECT_THROW(QuantileSketch(0.9), std::invalid_argument);
  QuantileSketch other(0.01);
  EXPECT_THROW(s.merge(other), std::invalid_argument);
}

TEST(QuantileSketch, MergeOfAnyPartitionEqualsTheWholeBitForBit) {
  std::mt19937_64 rng(2024);
  for (int trial = 0; trial < 40; ++trial) {
    const Distribution d = distributions()[static_cast<std::size_t>(trial) % distributions().size()];
    const std::size_t n = std::uniform_int_distribution<std::size_t>(1, 20'000)(rng);
    const auto values = sample(d.draw, n, rng());
    const QuantileSketch whole = sketch_of(values);

    const std::size_t parts = std::uniform_int_distribution<std::size_t>(1, 12)(rng);
    std::vector<QuantileSketch> sketches(parts);
    for (double x : values) sketches[std::uniform_int_distribution<std::size_t>(0, parts - 1)(rng)].add(x);
    std::shuffle(sketches.begin(), sketches.end(), rng);
    QuantileSketch merged;
    for (const auto& s : sketches) merged.merge(s);
    ASSERT_EQ(merged, whole) << d.name << " n=" << n << " parts=" << parts;
    // Same counts, so the same estimates to the bit.
    for (double q : probabilities) {
      ASSERT_EQ(std::bit_cast<std::uint64_t>(merged.quantile(q)),
                std::bit_cast<std::uint64_t>(whole.quantile(q)));
    }
    // A tree of merges gives the same again.
    QuantileSketch left, right;
    for (std::size_t i = 0; i < parts; ++i) (i % 2 == 0 ? left : right).merge(sketches[i]);
    right.merge(left);
    ASSERT_EQ(right, whole);
  }
}

TEST(QuantileSketch, FoldingKeepsMemoryBoundedAndOrderIndependent) {
  // 10^[-30, 30] spans about 13,800 buckets at 0.5%: more than one sign may keep.
  std::mt19937_64 rng(99);
  std::vector<double> values(50'000);
  for (auto& x : values) {
    const double m = std::pow(10.0, std::uniform_real_distribution<double>(-30.0, 30.0)(rng));
    x = std::bernoulli_distribution(0.5)(rng) ? m : -m;
  }
  const auto shuffled = sketch_of(values);
  EXPECT_LE(shuffled.bucket_count(), 2 * std::size_t{QuantileSketch::max_buckets_per_sign});
  EXPECT_GE(shuffled.bucket_count(), 2 * std::size_t{QuantileSketch::max_buckets_per_sign} - 2);
  std::sort(values.begin(), values.end(), [](double a, double b) { return std::abs(a) < std::abs(b); });
  const auto ascending = sketch_of(values);
  std::reverse(values.begin(), values.end());
  const auto descending = sketch_of(values);
  EXPECT_EQ(shuffled, ascending);
  EXPECT_EQ(shuffled, descending);
  QuantileSketch parts[3];
  for (std::size_t i = 0; i < values.size(); ++i) parts[i * 3 / values.size()].add(values[i]);
  QuantileSketch merged = parts[2];
  merged.merge(parts[0]);
  merged.merge(parts[1]);
  EXPECT_EQ(merged, shuffled);

  // Large magnitudes stay accurate; folded small ones are overstated in
  // magnitude, never beyond the extremes.
  std::sort(values.begin(), values.end());
  const double gamma = (1 + 0.005) / (1 - 0.005);
  const double top_magnitude[2] = {values.back(), -values.front()};  // positive, negative
  int accurate = 0, folded = 0;
  for (double q : probabilities) {
    const double exact = values[QuantileSketch::rank(q, values.size())];
    const double estimate = shuffled.quantile(q);
    const double top = top_magnitude[exact < 0 ? 1 : 0];
    if (std::abs(exact) * std::pow(gamma, 4094) > top) {
      ++accurate;
      EXPECT_LE(std::abs(estimate - exact), 0.005 * std::abs(exact)) << q;
    } else if (std::abs(exact) * std::pow(gamma, 4097) < top) {
      ++folded;
      EXPECT_GE(std::abs(estimate), std::abs(exact)) << q;
      EXPECT_EQ(std::signbit(estimate), std::signbit(exact)) << q;
    }
  }
  EXPECT_GT(accurate, 4);
  EXPECT_GT(folded, 2);
}

TEST(QuantileSketch, BucketCountStopsGrowingOnceTheRangeIsCovered) {
  struct Case {
    const char* name;
    Generator draw;
    std::size_t bound;
    bool bounded;
  };
  const double log_gamma = std::log((1 + 0.005) / (1 - 0.005));
  const auto span = [&](double lo, double hi) {
    return std::size_t(std::ceil(std::log(hi / lo) / log_gamma)) + 1;
  };
  const std::vector<Case> cases = {
      {"uniform(1,2)", [](std::mt19937_64& g) { return std::uniform_real_distribution<double>(1.0, 2.0)(g); },
       span(1.0, 2.0), true},
      {"uniform(-200,-100)",
       [](std::mt19937_64& g) { return std::uniform_real_distribution<double>(-200.0, -100.0)(g); },
       span(100.0, 200.0), true},
      // Values near zero of both signs: as many buckets as the cap allows, no more.
      {"normal(0,1)", distributions()[0].draw, 2 * std::size_t{QuantileSketch::max_buckets_per_sign}, false},
  };
  for (const auto& c : cases) {
    std::mt19937_64 rng(17);
    QuantileSketch s;
    std::size_t heap_after_10000 = 0;
    for (int i = 0; i < 1'000'000; ++i) {
      s.add(c.draw(rng));
      if (i == 9'999) heap_after_10000 = s.heap_bytes();
    }
    EXPECT_LE(s.bucket_count(), c.bound) << c.name;
    // Room for growth is at most half the range (at least 16, at most 512).
    EXPECT_LE(s.heap_bytes(), (c.bound + c.bound / 2 + 32) * sizeof(std::uint64_t)) << c.name;
    // A bounded distribution has covered its range after 10,000 values: the
    // next 990,000 take no memory at all.
    if (c.bounded) {
      EXPECT_EQ(s.heap_bytes(), heap_after_10000) << c.name;
    }
  }
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

SummaryTable block_summary(std::uint64_t block, std::uint64_t draws, std::size_t cells) {
  SummaryTable t(cells);
  const std::uint64_t first = block * summary_block_draws;
  const std::uint64_t end = std::min(first + summary_block_draws, draws);
  for (std::uint64_t d = first; d < end; ++d) t.add(fake_draw(d, cells));
  return t;
}

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
  EXPECT_THROW((void)t.at(3), std::out_of_range);
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
  EXPECT_THROW(t.merge(SummaryTable(3, 0.01)), std::invalid_argument);
}

TEST(SummaryTable, AClearedTableRefillsToTheSameBitsAsANewOne) {
  constexpr std::size_t cells = 120;
  constexpr std::uint64_t draws = 30 * summary_block_draws + 9;
  SummaryTable reused(cells);
  for (std::uint64_t b = 0; b * summary_block_draws < draws; ++b) {
    reused.clear();
    ASSERT_EQ(reused, SummaryTable(cells)) << "block " << b;
    ASSERT_EQ(reused.to_bytes(), SummaryTable(cells).to_bytes());
    const std::uint64_t first = b * summary_block_draws;
    for (std::uint64_t d = first; d < std::min(first + summary_block_draws, draws); ++d) {
      reused.add(fake_draw(d, cells));
    }
    const SummaryTable fresh = block_summary(b, draws, cells);
    ASSERT_EQ(reused, fresh) << "block " << b;
    ASSERT_EQ(reused.to_bytes(), fresh.to_bytes()) << "block " << b;
    for (std::size_t c = 0; c < cells; c += 7) {
      for (double q : {0.0, 0.025, 0.5, 0.975, 1.0}) {
        ASSERT_EQ(reused[c].quantile(q), fresh[c].quantile(q)) << "block " << b << " cell " << c;
      }
    }
  }
}

TEST(QuantileSketch, ClearKeepsMemoryAndForgetsFoldedCounts) {
  // A range wide enough to fold, then a narrow one: the cleared sketch must
  // forget the folded bucket and count the new values as a new sketch does.
  std::mt19937_64 rng(77);
  QuantileSketch s;
  for (int i = 0; i < 5000; ++i) s.add(std::ldexp(1.0, std::uniform_int_distribution<int>(-900, 900)(rng)));
  for (int i = 0; i < 200; ++i) s.add(-std::uniform_real_distribution<double>(1.0, 1e6)(rng));
  s.add(0.0);
  const std::size_t bytes = s.heap_bytes();
  s.clear();
  EXPECT_EQ(s.heap_bytes(), bytes);
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s, QuantileSketch());
  EXPECT_TRUE(std::isnan(s.quantile(0.5)));
  const std::vector<double> values = sample(distributions()[1].draw, 3000, 5);  // normal(1000, 100)
  QuantileSketch fresh;
  for (double v : values) {
    s.add(v);
    fresh.add(v);
  }
  EXPECT_EQ(s, fresh);
  for (double q : {0.0, 0.01, 0.3, 0.5, 0.9, 1.0}) EXPECT_EQ(s.quantile(q), fresh.quantile(q)) << q;
  check_quantiles(values, s, "refilled after clear");
  // The same values again fit the memory kept.
  const std::size_t refilled = s.heap_bytes();
  s.clear();
  for (double v : values) s.add(v);
  EXPECT_EQ(s.heap_bytes(), refilled);
  EXPECT_EQ(s, fresh);
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
  std::vector<SummaryTable> summaries;
  for (std::uint64_t b = 0; b < blocks; ++b) summaries.push_back(block_summary(b, draws, cells));

  SummaryTable reference(cells);
  for (const auto& s : summaries) reference.merge(s);
  ASSERT_EQ(reference.draws(), draws);
  const auto reference_bytes = reference.to_bytes();

  // The order of merges matters to the moments' last bits: without the
  // merger, results would differ.
  SummaryTable reversed(cells);
  for (auto it = summaries.rbegin(); it != summaries.rend(); ++it) reversed.merge(*it);
  EXPECT_NE(reversed.to_bytes(), reference_bytes);

  std::mt19937_64 rng(5);
  std::vector<std::uint64_t> order(blocks);
  std::iota(order.begin(), order.end(), 0);
  for (int trial = 0; trial < 20; ++trial) {
    std::shuffle(order.begin(), order.end(), rng);
    OrderedMerger merger(cells);
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

TEST(OrderedMerger, SameBitsWhateverTheThreadCount) {
  constexpr std::size_t cells = 768;
  constexpr std::uint64_t draws = 20 * summary_block_draws - 5;
  constexpr std::uint64_t blocks = (draws + summary_block_draws - 1) / summary_block_draws;
  std::vector<std::byte> first;
  for (unsigned threads : {1U, 2U, 3U, 8U}) {
    OrderedMerger merger(cells);
    std::mutex mutex;
    std::atomic<std::uint64_t> next{0};
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        for (std::uint64_t b = next++; b < blocks; b = next++) {
          SummaryTable s = block_summary(b, draws, cells);
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
  EXPECT_THROW(merger.submit(2, SummaryTable(2, 0.01)), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// Byte images

SummaryTable rich_table() {
  SummaryTable t(7);
  std::mt19937_64 rng(31);
  for (int d = 0; d < 500; ++d) {
    std::vector<double> v(7);
    v[0] = std::normal_distribution<double>(0.0, 1.0)(rng);
    v[1] = 0.0;
    v[2] = -std::lognormal_distribution<double>(0.0, 1.0)(rng);
    v[3] = std::pow(10.0, std::uniform_real_distribution<double>(-40.0, 40.0)(rng));  // folds
    v[4] = 123.0;
    v[5] = d % 2 == 0 ? 1e-200 : -1e200;  // M2 overflows to infinity
    v[6] = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    t.add(v);
  }
  return t;
}

TEST(SummaryTableBytes, RoundTripsExactly) {
  for (const SummaryTable& t : {rich_table(), SummaryTable(3), SummaryTable(0), SummaryTable(2, 0.01)}) {
    const auto bytes = t.to_bytes();
    const SummaryTable back = SummaryTable::from_bytes(bytes);
    EXPECT_EQ(back, t);
    EXPECT_EQ(back.to_bytes(), bytes);
    for (std::size_t c = 0; c < t.cells(); ++c) {
      for (double q : probabilities) {
        if (t.draws() > 0) {
          EXPECT_EQ(back[c].quantile(q), t[c].quantile(q));
        }
      }
    }
  }
  // A restored table keeps working: adds and merges as the original does.
  const SummaryTable t = rich_table();
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

TEST(SummaryTableBytes, RejectsTruncatedImagesAndBadHeaders) {
  const auto bytes = rich_table().to_bytes();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
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
  EXPECT_THROW((void)SummaryTable::from_bytes(with_word(1, 2)), std::invalid_argument);      // version
  EXPECT_THROW((void)SummaryTable::from_bytes(with_word(2, std::bit_cast<std::uint64_t>(0.0))),
               std::invalid_argument);                                                            // accuracy
  EXPECT_THROW((void)SummaryTable::from_bytes(with_word(3, 499)), std::invalid_argument);         // draws
  EXPECT_THROW((void)SummaryTable::from_bytes(with_word(4, 1ULL << 60)), std::invalid_argument);  // cells
  EXPECT_THROW((void)SummaryTable::from_bytes(with_word(4, 6)), std::invalid_argument);           // cells
}

TEST(SummaryTableBytes, LayoutOfASmallImageAndRejectionOfEachBadField) {
  SummaryTable t(1);
  for (double x : {1.0, 2.0, 4.0}) t.add(std::vector<double>{x});
  const auto bytes = t.to_bytes();
  // Header (5 words), mean, M2, min, max (4 words), then varints: zero count,
  // 3 positive buckets at indices 0, 70 (ln 2 / ln gamma = 69.3) and 139, none negative.
  const std::vector<int> tail{0, 3, 0, 1, 70, 1, 69, 1, 0};
  ASSERT_EQ(bytes.size(), 72 + tail.size());
  for (std::size_t i = 0; i < tail.size(); ++i) EXPECT_EQ(std::to_integer<int>(bytes[72 + i]), tail[i]) << i;

  const auto with_double = [&](std::size_t at, double v) {
    auto b = bytes;
    for (std::size_t i = 0; i < 8; ++i) {
      b[at + i] = static_cast<std::byte>((std::bit_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
    }
    return b;
  };
  const auto with_byte = [&](std::size_t at, int v) {
    auto b = bytes;
    b[at] = static_cast<std::byte>(v);
    return b;
  };
  const auto with_inserted = [&](std::size_t at, std::vector<int> v) {
    auto b = bytes;
    b.erase(b.begin() + static_cast<std::ptrdiff_t>(at));
    for (auto it = v.rbegin(); it != v.rend(); ++it) {
      b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::byte>(*it));
    }
    return b;
  };
  EXPECT_EQ(SummaryTable::from_bytes(with_double(40, 2.5))[0].mean(), 2.5);  // a mean is taken as it is
  EXPECT_THROW((void)SummaryTable::from_bytes(with_double(48, -1.0)), std::invalid_argument);  // M2
  EXPECT_THROW((void)SummaryTable::from_bytes(with_double(56, 5.0)), std::invalid_argument);   // min > max
  EXPECT_THROW((void)SummaryTable::from_bytes(with_double(64, std::nan(""))), std::invalid_argument);  // max
  EXPECT_THROW((void)SummaryTable::from_bytes(with_byte(72, 1)), std::invalid_argument);  // 4 counts, 3 draws
  EXPECT_THROW((void)SummaryTable::from_bytes(with_byte(73, 2)), std::invalid_argument);  // buckets
  EXPECT_THROW((void)SummaryTable::from_bytes(with_byte(75, 0)), std::invalid_argument);  // empty bucket
  EXPECT_THROW((void)SummaryTable::from_bytes(with_byte(75, 2)), std::invalid_argument);  // 4 counts
  EXPECT_THROW((void)SummaryTable::from_bytes(with_byte(76, 0)), std::invalid_argument);  // same index twice
  EXPECT_THROW((void)SummaryTable::from_bytes(with_byte(80, 1)), std::invalid_argument);  // no such bucket
  EXPECT_THROW((void)SummaryTable::from_bytes(with_inserted(72, {0x80, 0x00})),
               std::invalid_argument);  // long 0
  EXPECT_THROW((void)SummaryTable::from_bytes(
                   with_inserted(72, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})),
               std::invalid_argument);  // past 64 bits
  // First index 2^41 (zigzag 2^42): outside any double's buckets.
  EXPECT_THROW((void)SummaryTable::from_bytes(with_inserted(74, {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})),
               std::invalid_argument);
  // A step of 4096 makes the range wider than a sign may keep.
  EXPECT_THROW((void)SummaryTable::from_bytes(with_inserted(76, {0x80, 0x20})), std::invalid_argument);
  // And the untouched image still reads.
  EXPECT_EQ(SummaryTable::from_bytes(bytes), t);
}

TEST(SummaryTableBytes, AnyImageThatReadsIsTheImageOfWhatItReadsAs) {
  const auto bytes = rich_table().to_bytes();
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
  // Flips in means, M2 and extremes are legal values: some images must read.
  EXPECT_GT(accepted, 10);
}

}  // namespace
}  // namespace ygt
