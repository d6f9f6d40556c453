// The ensemble runner: the same bits whatever the threads or the split of
// the work, summaries that agree with the stored draws, draws kept in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/study/calibration.hpp>
#include <yigongti/study/ensemble.hpp>
#include <yigongti/study/sweep.hpp>
#include <yigongti/study/uncertainty.hpp>

#include "support/synthetic_ensemble.hpp"

namespace ygt {
namespace {

Scenario county(std::uint64_t seed) {
  return testing::synthetic_county(seed);
}

void make(Scenario& sc, std::size_t c, std::uint64_t d) {
  testing::hashed_draw(sc, c, d);
}

TEST(Ensemble, ResultsAreTheSameBitsForAnyNumberOfThreads) {
  const Scenario a = county(1);
  const Scenario b = county(2);
  EnsembleOptions o;
  o.draws = 150;  // three blocks, the last one short
  o.threads = 1;
  const auto one = run_ensemble({&a, &b}, make, o);
  for (unsigned threads : {2u, 3u, 5u}) {
    o.threads = threads;
    const auto many = run_ensemble({&a, &b}, make, o);
    ASSERT_EQ(many.size(), 2u);
    for (std::size_t c = 0; c < 2; ++c) {
      EXPECT_EQ(many[c].summary.draws(), 150u);
      EXPECT_TRUE(many[c].summary == one[c].summary) << threads << " threads, county " << c;
    }
  }
}

TEST(Ensemble, ByDefaultOneWorkerAndAsManyAsAskedOtherwise) {
  // A service calling the library from its own pool must not get another one on top.
  const Scenario a = county(4);
  std::mutex m;
  std::set<std::thread::id> seen;
  const DrawMaker counting = [&](Scenario& sc, std::size_t c, std::uint64_t d) {
    {
      const std::lock_guard lock(m);
      seen.insert(std::this_thread::get_id());
    }
    make(sc, c, d);
  };
  EnsembleOptions o;
  o.draws = 256;  // four blocks
  (void)run_ensemble({&a}, counting, o);
  EXPECT_EQ(seen.size(), 1u);
  seen.clear();
  o.threads = 4;
  (void)run_ensemble({&a}, counting, o);
  EXPECT_GE(seen.size(), 1u);
  EXPECT_LE(seen.size(), 4u);
  EXPECT_EQ(SweepOptions{}.threads, 1u);
  EXPECT_EQ(CalibrationOptions{}.threads, 1u);
}

TEST(Ensemble, ASplitOfTheBlocksMergedInOrderGivesTheSameSummaries) {
  const Scenario a = county(3);
  const Scenario b = county(4);
  EnsembleOptions o;
  o.draws = 200;
  o.threads = 2;
  const auto whole = run_ensemble({&a, &b}, make, o);

  // Three "processes", each handing its blocks on; merged in block order.
  std::vector<OrderedMerger> mergers;
  for (const auto& c : whole) mergers.emplace_back(c.layout.cells());
  for (unsigned part = 0; part < 3; ++part) {
    EnsembleOptions p = o;
    p.part = part;
    p.parts = 3;
    p.blocks = [&](std::size_t c, std::uint64_t block, const SummaryTable& s) {
      mergers[c].submit(block, SummaryTable::from_bytes(s.to_bytes()));
    };
    (void)run_ensemble({&a, &b}, make, p);
  }
  for (std::size_t c = 0; c < whole.size(); ++c) {
    EXPECT_EQ(mergers[c].next_block(), block_count(o.draws));
    EXPECT_TRUE(mergers[c].total() == whole[c].summary) << "county " << c;
  }
}

TEST(Ensemble, SummariesAgreeWithTheKeptDrawsWhichComeInOrder) {
  const Scenario a = county(5);
  const Scenario b = county(6);
  EnsembleOptions o;
  o.draws = 300;
  o.threads = 3;
  std::vector<std::vector<std::vector<double>>> kept(2);  // county, draw, cell
  std::pair<std::size_t, std::uint64_t> last{0, 0};
  bool first = true;
  o.keep_draws = [&](std::size_t c, std::uint64_t d, std::span<const double> values) {
    const std::pair<std::size_t, std::uint64_t> now{c, d};
    EXPECT_TRUE(first || now > last) << "draw " << d << " of county " << c << " out of order";
    first = false;
    last = now;
    kept[c].emplace_back(values.begin(), values.end());
  };
  const auto r = run_ensemble({&a, &b}, make, o);
  for (std::size_t c = 0; c < 2; ++c) {
    ASSERT_EQ(kept[c].size(), 300u);
    const EnsembleLayout& layout = r[c].layout;
    for (Indicator ind : {Indicator::county_visit_rate, Indicator::budget, Indicator::balance}) {
      for (int year : {layout.first_year, layout.last_year}) {
        const std::size_t cell = layout.cell(1, year, ind);
        std::vector<double> x;
        for (const auto& draw : kept[c]) x.push_back(draw[cell]);
        double mean = 0;
        for (double v : x) mean += v;
        mean /= static_cast<double>(x.size());
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        const double sd = std::sqrt(ss / static_cast<double>(x.size() - 1));
        const Summary& s = r[c].summary[cell];
        EXPECT_NEAR(s.moments().mean(), mean, 1e-9 * std::max(1.0, std::abs(mean)));
        EXPECT_NEAR(s.moments().sd(), sd, 1e-6 * std::max(1.0, sd));
        std::sort(x.begin(), x.end());
        // Two counties of 300 draws fit the default memory: exact.
        for (double q : {0.0, 0.025, 0.5, 0.975, 1.0}) {
          EXPECT_EQ(s.quantile(q), x[QuantileStore::rank(q, x.size())])
              << "county " << c << " cell " << cell << " q " << q;
        }
      }
    }
  }
}

TEST(Ensemble, PercentilesAreExactWhenEveryDrawFitsTheMemoryAndASketchOtherwise) {
  const Scenario a = county(10);
  const Scenario b = county(11);
  EnsembleOptions o;
  o.draws = 70;
  o.threads = 2;
  const std::size_t cells = EnsembleLayout::of(a).cells() + EnsembleLayout::of(b).cells();
  // Exactly the bytes of every value of both counties: exact; a byte less: the sketch.
  o.percentile_memory = cells * o.draws * 8;
  EXPECT_TRUE(ensemble_percentile_mode({cells}, o).is_exact());
  const auto exact = run_ensemble({&a, &b}, make, o);
  o.percentile_memory -= 1;
  EXPECT_EQ(ensemble_percentile_mode({cells}, o), PercentileMode::sketch());
  const auto sketch = run_ensemble({&a, &b}, make, o);
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_TRUE(exact[c].summary.percentile_mode().is_exact());
    EXPECT_EQ(sketch[c].summary.percentile_mode(), PercentileMode::sketch());
    // 70 draws never fill a sketch's top level: nothing dropped, the same percentiles.
    EXPECT_EQ(sketch[c].summary.rank_error(), RankError{});
    for (std::size_t cell = 0; cell < exact[c].summary.cells(); cell += 7) {
      for (double q : {0.025, 0.5, 0.975})
        EXPECT_EQ(sketch[c].summary[cell].quantile(q), exact[c].summary[cell].quantile(q));
    }
  }
  EXPECT_EQ(percentile_method(exact), exact[0].summary.percentile_method());
  EXPECT_EQ(percentile_method({}), "");
  // The threads do not count.
  o.threads = 1;
  EXPECT_EQ(ensemble_percentile_mode({cells}, o), PercentileMode::sketch());
}

TEST(Ensemble, ASketchedEnsembleIsTheSameBitsForAnyThreadsAndWithinItsRankError) {
  const Scenario a = county(12);
  EnsembleOptions o;
  o.draws = 1500;  // past the sketch's 1024: it compacts
  o.threads = 1;
  o.percentile_memory = 0;
  std::vector<std::vector<double>> kept;
  o.keep_draws = [&](std::size_t, std::uint64_t, std::span<const double> values) {
    kept.emplace_back(values.begin(), values.end());
  };
  const auto one = run_ensemble({&a}, make, o);
  o.keep_draws = nullptr;
  o.threads = 3;
  const auto three = run_ensemble({&a}, make, o);
  EXPECT_TRUE(one[0].summary == three[0].summary);
  const SummaryTable& s = one[0].summary;
  const RankError e = s.rank_error();
  EXPECT_GT(e.likely, 0U);
  EXPECT_LT(e.likely, 1500U / 100);
  ASSERT_EQ(kept.size(), 1500U);
  const EnsembleLayout& layout = one[0].layout;
  for (Indicator ind : {Indicator::county_visit_rate, Indicator::fund_spending}) {
    const std::size_t cell = layout.cell(1, layout.last_year, ind);
    std::vector<double> x;
    for (const auto& draw : kept) x.push_back(draw[cell]);
    std::sort(x.begin(), x.end());
    for (double q : {0.025, 0.5, 0.975}) {
      const std::uint64_t r = QuantileStore::rank(q, x.size());
      const double v = s[cell].quantile(q);
      // Between the exact order statistics e ranks below and above.
      EXPECT_GE(v, x[r - std::min(r, e.likely)]) << q;
      EXPECT_LE(v, x[std::min<std::uint64_t>(x.size() - 1, r + e.likely)]) << q;
    }
  }
}

TEST(Ensemble, ACountysSummaryDependsOnItsIdAndDrawsNotOnTheOtherCounties) {
  // Draws from the county's own stream, as `ygt ensemble` makes them.
  const DrawMaker by_stream = [](Scenario& sc, std::size_t, std::uint64_t d) {
    DrawStream stream(42, sc.county.id(), d);
    sc.flows->choice.b_cap = 2.0 + 2.0 * stream.uniform01();
  };
  const Scenario a = county(8);
  const Scenario b = county(9);
  EnsembleOptions o;
  o.draws = 100;
  o.threads = 2;
  const auto ab = run_ensemble({&a, &b}, by_stream, o);
  const auto ba = run_ensemble({&b, &a}, by_stream, o);
  const auto alone = run_ensemble({&a}, by_stream, o);
  EXPECT_TRUE(ab[0].summary == ba[1].summary);
  EXPECT_TRUE(ab[1].summary == ba[0].summary);
  EXPECT_TRUE(ab[0].summary == alone[0].summary);
  EXPECT_FALSE(ab[0].summary == ab[1].summary);
}

TEST(Ensemble, AFailingDrawStopsTheRunAndIsRethrown) {
  const Scenario a = county(7);
  EnsembleOptions o;
  o.draws = 500;
  o.threads = 2;
  const DrawMaker failing = [](Scenario& sc, std::size_t c, std::uint64_t d) {
    if (d == 77) throw std::runtime_error("draw 77 failed");
    make(sc, c, d);
  };
  EXPECT_THROW((void)run_ensemble({&a}, failing, o), std::runtime_error);
  o.draws = 0;
  EXPECT_THROW((void)run_ensemble({&a}, make, o), std::invalid_argument);
}

}  // namespace
}  // namespace ygt
