#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace ygt::cli {
namespace {

/// `seconds` (rounded down) as m:ss, or h:mm:ss from an hour on; at most
/// 999,999 hours.
std::string clock_text(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::floor(std::clamp(seconds, 0.0, 999'999.0 * 3600)));
  char text[48];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%llu:%02llu:%02llu", static_cast<unsigned long long>(s / 3600),
                  static_cast<unsigned long long>(s / 60 % 60), static_cast<unsigned long long>(s % 60));
  } else {
    std::snprintf(text, sizeof text, "%llu:%02llu", static_cast<unsigned long long>(s / 60),
                  static_cast<unsigned long long>(s % 60));
  }
  return text;
}

}  // namespace

Progress::Progress(std::string label, std::uint64_t total, std::ostream& out, bool enabled, std::string unit,
                   Now now)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      out_(out),
      enabled_(enabled),
      now_(now ? std::move(now) : Now([] { return Clock::now(); })),
      start_(now_()),
      last_draw_(start_.time_since_epoch().count()) {}

Progress::~Progress() {
  try {
    const std::lock_guard lock(mutex_);
    if (enabled_ && drawn_ && !finished_) out_ << '\n' << std::flush;
  } catch (...) {  // a destructor must not throw; the line stays unfinished
  }
}

bool Progress::stderr_is_terminal() noexcept {
  return ::isatty(STDERR_FILENO) == 1;
}

void Progress::advance(std::uint64_t n) {
  done_.fetch_add(n, std::memory_order_relaxed);
  if (!enabled_) return;
  const Clock::time_point t = now_();
  const Clock::duration since =
      t.time_since_epoch() - Clock::duration(last_draw_.load(std::memory_order_relaxed));
  if (since < redraw_interval) return;
  const std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_) return;  // another thread is drawing, or all is done
  // Re-check: another thread may have drawn since.
  if (t.time_since_epoch() - Clock::duration(last_draw_.load(std::memory_order_relaxed)) < redraw_interval)
    return;
  last_draw_.store(t.time_since_epoch().count(), std::memory_order_relaxed);
  draw(t, false);
}

void Progress::finish() {
  const std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  draw(now_(), true);
  out_ << '\n' << std::flush;
}

void Progress::draw(Clock::time_point now, bool final) {
  const std::string text = format_line(label_, done(), total_, unit_, now - start_, final);
  std::string line = "\r" + text;
  if (text.size() < width_) line.append(width_ - text.size(), ' ');
  width_ = std::max(width_, text.size());
  out_ << line << std::flush;
  drawn_ = true;
}

std::string Progress::format_line(const std::string& label, std::uint64_t done, std::uint64_t total,
                                  const std::string& unit, Clock::duration elapsed, bool final) {
  const double d = static_cast<double>(done);
  // Rounded to 0.1%, but 100.0% only once all is done.
  const double percent = total == 0 || done >= total
                             ? 100.0
                             : std::min(std::round(1000.0 * d / static_cast<double>(total)) / 10.0, 99.9);
  const double seconds = std::chrono::duration<double>(elapsed).count();
  char number[64];
  std::string line = label + " " + std::to_string(done) + "/" + std::to_string(total) + " " + unit + " ";
  std::snprintf(number, sizeof number, "%.1f%% ", percent);
  line += number;
  const bool known = done > 0 && seconds > 0.0;
  const double rate = known ? d / seconds : 0.0;
  if (!known) {
    line += "--";
  } else {
    std::snprintf(number, sizeof number, rate < 10.0 ? "%.1f" : "%.0f", rate);
    line += number;
  }
  line += " " + unit + "/s ";
  if (final) {
    line += "in " + clock_text(seconds);
  } else if (!known) {
    line += "ETA --:--";
  } else {
    const double left = done >= total ? 0.0 : static_cast<double>(total - done) / rate;
    line += "ETA " + clock_text(left);
  }
  return line;
}

}  // namespace ygt::cli
