#pragma once
// The progress line of long commands (ensembles, sweeps, calibrations):
// count, percentage, rate and time left, redrawn in place at most ten times
// a second on standard error. The library reports progress through callbacks
// (`ProgressCallback`); drawing it is the command line's.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

namespace ygt::cli {

/// Progress of a run of `total` units (draws, years, ...), drawn on one line:
///
///     \r<label> 1234/5000 draws 24.7% 812 draws/s ETA 0:04
///
/// `advance` may be called from any number of threads: it adds to an atomic
/// counter and, when at least `redraw_interval` has passed since the last line
/// (or since construction), redraws the line, unless another thread is drawing
/// at that moment. `finish` draws the final line, with the time taken instead of
/// the time left, and ends it with a newline. A disabled display (typically:
/// standard error is not a terminal) never writes anything, so logs and pipes
/// stay clean.
///
/// Lines are padded with spaces to the longest line drawn so far, so a shorter
/// line leaves no stale characters. The rate is the average since construction;
/// the time left assumes it holds.
class Progress {
 public:
  using Clock = std::chrono::steady_clock;
  /// The time source: `Clock::now` unless a test injects another. Called from
  /// every thread that calls `advance`, so it must be thread-safe.
  using Now = std::function<Clock::time_point()>;
  static constexpr std::chrono::milliseconds redraw_interval{100};

  /// Starts the clock. `unit` names what is counted ("draws").
  Progress(std::string label, std::uint64_t total, std::ostream& out, bool enabled,
           std::string unit = "draws", Now now = {});
  /// Ends a line left unfinished (a run that failed) with a newline.
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Whether standard error is a terminal: the usual test for `enabled`.
  [[nodiscard]] static bool stderr_is_terminal() noexcept;

  /// Counts `n` more units done; redraws the line if it is time to. Thread-safe.
  void advance(std::uint64_t n = 1);
  /// A callback that advances this display, for a study's options.
  [[nodiscard]] std::function<void(std::uint64_t)> callback() {
    return [this](std::uint64_t n) { advance(n); };
  }
  /// Draws the final line and a newline, once; later calls do nothing.
  /// Thread-safe, but `advance` after it draws nothing.
  void finish();

  [[nodiscard]] std::uint64_t done() const noexcept { return done_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t total() const noexcept { return total_; }

  /// The text of a line, without `\r` or padding:
  /// `<label> <done>/<total> <unit> <percent>% <rate> <unit>/s ETA <m:ss>`,
  /// or with `in <m:ss>` (time taken) instead of the ETA when `final`. The
  /// percentage is rounded to 0.1% but shows 100.0% only when all is done; the rate
  /// is `done / elapsed` with one decimal below 10 and none above, `--` when
  /// nothing is done or no time has passed (and then the ETA is `--:--`); times
  /// are rounded down to the second, `h:mm:ss` from an hour on.
  [[nodiscard]] static std::string format_line(const std::string& label, std::uint64_t done,
                                               std::uint64_t total, const std::string& unit,
                                               Clock::duration elapsed, bool final);

 private:
  void draw(Clock::time_point now, bool final);  // with mutex_ held

  std::string label_;
  std::string unit_;
  std::uint64_t total_;
  std::ostream& out_;
  bool enabled_;
  Now now_;
  Clock::time_point start_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<Clock::rep> last_draw_;  ///< time_since_epoch of the last line (or the start)
  std::mutex mutex_;                   ///< held while drawing
  bool finished_ = false;              ///< under mutex_
  bool drawn_ = false;                 ///< a line is on screen; under mutex_
  std::size_t width_ = 0;              ///< longest line so far; under mutex_
};

}  // namespace ygt::cli
