#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <sstream>
#include <thread>
#include <vector>
#include "cli/progress.hpp"

namespace ygt::cli {
namespace {

using namespace std::chrono_literals;
using Clock = Progress::Clock;

/// A clock that stands still until told to move.
class FakeClock {
 public:
  template <class Rep, class Period>
  void set(std::chrono::duration<Rep, Period> since_start) {
    ticks_ = std::chrono::duration_cast<Clock::duration>(since_start).count();
  }
  [[nodiscard]] Progress::Now function() {
    return [this] { return Clock::time_point(Clock::duration(ticks_.load())); };
  }

 private:
  std::atomic<Clock::rep> ticks_{0};
};

std::size_t count(const std::string& text, char c) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), c));
}

TEST(Progress, FormatsCountPercentRateAndTimeLeft) {
  const auto line = [](std::uint64_t done, std::uint64_t total, std::chrono::duration<double> elapsed,
                       bool final = false) {
    return Progress::format_line("ensemble", done, total, "draws",
                                 std::chrono::duration_cast<Clock::duration>(elapsed), final);
  };
  // 1234 / 1.52 s = 811.8/s; 3766 left / 811.8 = 4.6 s.
  EXPECT_EQ(line(1234, 5000, 1.52s), "ensemble 1234/5000 draws 24.7% 812 draws/s ETA 0:04");
  EXPECT_EQ(line(1, 3, 0.4s), "ensemble 1/3 draws 33.3% 2.5 draws/s ETA 0:00");
  EXPECT_EQ(line(9, 1000, 3s), "ensemble 9/1000 draws 0.9% 3.0 draws/s ETA 5:30");
  EXPECT_EQ(line(100, 100'000, 10s), "ensemble 100/100000 draws 0.1% 10 draws/s ETA 2:46:30");
  EXPECT_EQ(line(9999, 10000, 1s), "ensemble 9999/10000 draws 99.9% 9999 draws/s ETA 0:00");
  EXPECT_EQ(line(0, 10, 5s), "ensemble 0/10 draws 0.0% -- draws/s ETA --:--");
  EXPECT_EQ(line(3, 10, 0s), "ensemble 3/10 draws 30.0% -- draws/s ETA --:--");
  EXPECT_EQ(line(0, 0, 0s), "ensemble 0/0 draws 100.0% -- draws/s ETA --:--");
  EXPECT_EQ(line(5000, 5000, 75.9s, true), "ensemble 5000/5000 draws 100.0% 66 draws/s in 1:15");
  EXPECT_EQ(Progress::format_line("年", 2, 16, "years", 1s, false),
            "年 2/16 years 12.5% 2.0 years/s ETA 0:07");
}

TEST(Progress, DisabledWritesNothingEver) {
  std::ostringstream out;
  FakeClock clock;
  {
    Progress p("ensemble", 100, out, false, "draws", clock.function());
    for (int i = 1; i <= 100; ++i) {
      clock.set(i * 1s);
      p.advance();
    }
    EXPECT_EQ(p.done(), 100U);
    p.finish();
    p.advance(5);
  }
  EXPECT_EQ(out.str(), "");
}

TEST(Progress, RedrawsAtMostTenTimesASecond) {
  std::ostringstream out;
  FakeClock clock;
  Progress p("run", 5000, out, true, "draws", clock.function());
  clock.set(50ms);
  p.advance(100);  // too soon after the start
  EXPECT_EQ(out.str(), "");
  clock.set(100ms);
  p.advance(100);  // 200 in 0.1 s: 2000/s, 4800 left = 2.4 s
  EXPECT_EQ(out.str(), "\rrun 200/5000 draws 4.0% 2000 draws/s ETA 0:02");
  out.str("");
  for (int ms = 110; ms < 200; ms += 10) {
    clock.set(ms * 1ms);
    p.advance(10);
  }
  EXPECT_EQ(out.str(), "");  // nine calls within 0.1 s of the last line
  clock.set(200ms);
  p.advance(10);  // 300 in 0.2 s
  EXPECT_EQ(out.str(), "\rrun 300/5000 draws 6.0% 1500 draws/s ETA 0:03");
  out.str("");
  // One hundred calls over ten seconds, every 0.1 s exactly: one line each.
  for (int i = 1; i <= 100; ++i) {
    clock.set(200ms + i * 100ms);
    p.advance(47);
  }
  EXPECT_EQ(count(out.str(), '\r'), 100U);
  out.str("");
  // A thousand calls over one second: ten lines.
  for (int i = 1; i <= 1000; ++i) {
    clock.set(10200ms + i * 1ms);
    p.advance(0);
  }
  EXPECT_EQ(count(out.str(), '\r'), 10U);
  EXPECT_EQ(count(out.str(), '\n'), 0U);
}

TEST(Progress, FinishDrawsTheFinalLineOnceAndPadsOverLongerLines) {
  std::ostringstream out;
  FakeClock clock;
  Progress p("run", 20, out, true, "draws", clock.function());
  clock.set(1s);
  p.advance(9);  // "run 9/20 draws 45.0% 9.0 draws/s ETA 0:01"
  const std::string first = out.str();
  EXPECT_EQ(first, "\rrun 9/20 draws 45.0% 9.0 draws/s ETA 0:01");
  out.str("");
  clock.set(2s);
  p.advance(11);
  out.str("");
  clock.set(2500ms);
  p.finish();
  // As long as the longest line so far ("run 20/20 draws 100.0% 10 draws/s ETA 0:00"):
  // no padding.
  EXPECT_EQ(out.str(), "\rrun 20/20 draws 100.0% 8.0 draws/s in 0:02\n");
  out.str("");
  p.finish();
  clock.set(10s);
  p.advance();
  EXPECT_EQ(out.str(), "");

  std::ostringstream out2;
  Progress q("run", 1000, out2, true, "draws", clock.function());
  clock.set(10s + 200ms);
  q.advance(999);  // "run 999/1000 draws 99.9% 4995 draws/s ETA 0:00"
  clock.set(10s + 300ms);
  q.finish();  // "run 999/1000 draws 99.9% 3330 draws/s in 0:00": one shorter, padded
  const std::string lines = out2.str();
  EXPECT_EQ(lines,
            "\rrun 999/1000 draws 99.9% 4995 draws/s ETA 0:00"
            "\rrun 999/1000 draws 99.9% 3330 draws/s in 0:00 \n");
}

TEST(Progress, EndsAnUnfinishedLineWhenDestroyed) {
  std::ostringstream out;
  FakeClock clock;
  {
    Progress p("run", 10, out, true, "draws", clock.function());
    clock.set(1s);
    p.advance(3);
  }
  EXPECT_EQ(out.str(), "\rrun 3/10 draws 30.0% 3.0 draws/s ETA 0:02\n");
  std::ostringstream quiet;
  { Progress p("run", 10, quiet, true, "draws", clock.function()); }  // nothing drawn: nothing to end
  EXPECT_EQ(quiet.str(), "");
}

TEST(Progress, CountsEveryAdvanceFromManyThreads) {
  std::ostringstream out;
  Progress p("threads", 80'000, out, true);  // the real clock
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&p] {
      for (int i = 0; i < 10'000; ++i) p.advance();
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  p.finish();
  EXPECT_EQ(p.done(), 80'000U);
  const std::string text = out.str();
  EXPECT_NE(text.find("threads 80000/80000 draws 100.0%"), std::string::npos) << text;
  EXPECT_LE(count(text, '\r'), static_cast<std::size_t>(seconds * 10) + 2) << text;
  EXPECT_EQ(count(text, '\n'), 1U);
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace ygt::cli
