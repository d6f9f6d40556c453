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
        for (double q : {0.025, 0.5, 0.975}) {
          const double exact = x[QuantileSketch::rank(q, x.size())];
          EXPECT_LE(std::abs(s.sketch().quantile(q) - exact), 0.005 * std::abs(exact) + 1e-12)
              << "county " << c << " cell " << cell << " q " << q;
        }
      }
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
