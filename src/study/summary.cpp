#include "yigongti/study/summary.hpp"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace ygt {
namespace {

constexpr double min_accuracy = 1e-6;
constexpr double max_accuracy = 0.5;
/// Buckets are built for a slightly smaller accuracy than promised, so that the
/// rounding of `log` and `exp` (a few 1e-13 relative at most) never takes an
/// estimate past the promised one.
constexpr double accuracy_margin = 1e-10;
/// Extra buckets allocated when a count array grows: half its width, at least
/// `min_slack` and at most `max_slack`.
constexpr std::int64_t min_slack = 16;
constexpr std::int64_t max_slack = QuantileSketch::max_buckets_per_sign / 8;

[[noreturn]] void invalid(const std::string& what) {
  throw std::invalid_argument("ygt::" + what);
}

void check_accuracy(double a) {
  if (!(a >= min_accuracy && a <= max_accuracy)) {
    invalid("QuantileSketch: relative accuracy must be in [1e-6, 0.5], got " + std::to_string(a));
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// QuantileSketch::Store

namespace {

/// Adds `n` to a 32-bit bucket count, refusing to wrap.
void bump(std::uint32_t& slot, std::uint64_t n) {
  if (n > std::numeric_limits<std::uint32_t>::max() - slot) {
    throw std::overflow_error("ygt::QuantileSketch: more than 2^32 - 1 values in one bucket");
  }
  slot = static_cast<std::uint32_t>(slot + n);
}

}  // namespace

void QuantileSketch::Store::fold_and_reserve(std::int64_t floor, std::int64_t new_lo, std::int64_t new_hi) {
  // Fold the counts below `floor` into bucket `floor`.
  std::uint64_t folded = 0;
  if (total > 0 && lo < floor) {
    const std::int64_t end = std::min(hi, floor - 1);
    for (std::int64_t i = lo; i <= end; ++i) {
      auto& slot = buf[static_cast<std::size_t>(i - base)];
      folded += slot;
      slot = 0;
    }
  }
  const std::int64_t size = static_cast<std::int64_t>(buf.size());
  if (buf.empty() || new_lo < base || new_hi >= base + size) {
    const std::int64_t width = new_hi - new_lo + 1;
    const std::int64_t slack = std::clamp(width / 2, min_slack, max_slack);
    const bool down = buf.empty() || new_lo < base;
    const bool up = buf.empty() || new_hi >= base + size;
    // Buckets below `floor` can never be used again: no slack there.
    const std::int64_t new_base = down ? std::max(new_lo - slack, floor) : new_lo;
    const std::int64_t new_end = up ? new_hi + slack : new_hi;  // inclusive
    const auto new_size = static_cast<std::size_t>(new_end - new_base + 1);
    // Re-base in the same vector: its capacity grows geometrically and is
    // kept by `clear`, so a reused sketch rarely allocates.
    // What remains after folding lies in [max(lo, floor), hi] (maybe nothing).
    const std::int64_t first = std::max(lo, floor);
    if (total == 0 || first > hi) {
      buf.assign(new_size, 0);
    } else {
      // Move the counts to their new offset and zero the rest.
      const auto count = static_cast<std::size_t>(hi - first + 1);
      const auto from = static_cast<std::size_t>(first - base);
      const auto to = static_cast<std::size_t>(first - new_base);
      if (new_size > buf.size()) buf.resize(new_size, 0);
      std::memmove(buf.data() + to, buf.data() + from, count * sizeof(std::uint32_t));
      std::fill(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(to), std::uint32_t{0});
      std::fill(buf.begin() + static_cast<std::ptrdiff_t>(to + count), buf.end(), std::uint32_t{0});
      buf.resize(new_size);
    }
    base = new_base;
  }
  if (folded > 0) bump(buf[static_cast<std::size_t>(floor - base)], folded);
  lo = new_lo;
  hi = new_hi;
}

void QuantileSketch::Store::add(std::int64_t index, std::uint64_t n) {
  if (total > 0 && index >= lo && index <= hi) {
    bump(buf[static_cast<std::size_t>(index - base)], n);
    total += n;
    return;
  }
  // The lowest bucket kept depends only on the highest bucket ever used.
  const std::int64_t new_hi = total > 0 ? std::max(hi, index) : index;
  const std::int64_t floor = new_hi - max_buckets_per_sign + 1;
  const std::int64_t kept = std::max(index, floor);
  const std::int64_t new_lo = total > 0 ? std::max(std::min(lo, kept), floor) : kept;
  fold_and_reserve(floor, new_lo, new_hi);
  bump(buf[static_cast<std::size_t>(kept - base)], n);
  total += n;
}

void QuantileSketch::Store::merge(const Store& other) {
  if (other.total == 0) return;
  const std::int64_t new_hi = total > 0 ? std::max(hi, other.hi) : other.hi;
  const std::int64_t floor = new_hi - max_buckets_per_sign + 1;
  const std::int64_t new_lo = std::max(total > 0 ? std::min(lo, other.lo) : other.lo, floor);
  fold_and_reserve(floor, new_lo, new_hi);
  for (std::int64_t i = other.lo; i <= other.hi; ++i) {
    const std::uint64_t c = other.at(i);
    if (c != 0) bump(buf[static_cast<std::size_t>(std::max(i, floor) - base)], c);
  }
  total += other.total;
}

void QuantileSketch::Store::clear() noexcept {
  // Zero the buckets in use; the rest of `buf` is zero already.
  if (total > 0) std::fill(buf.begin() + (lo - base), buf.begin() + (hi - base) + 1, std::uint32_t{0});
  total = 0;
  lo = hi = 0;
}

bool QuantileSketch::Store::same_counts(const Store& other) const noexcept {
  if (total != other.total) return false;
  if (total == 0) return true;
  if (lo != other.lo || hi != other.hi) return false;
  for (std::int64_t i = lo; i <= hi; ++i) {
    if (at(i) != other.at(i)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// QuantileSketch

QuantileSketch::QuantileSketch(double relative_accuracy) : accuracy_(relative_accuracy) {
  check_accuracy(relative_accuracy);
  const double a = relative_accuracy - accuracy_margin;
  // gamma = (1 + a) / (1 - a) = 1 + 2a / (1 - a)
  log_gamma_ = std::log1p(2.0 * a / (1.0 - a));
  inv_log_gamma_ = 1.0 / log_gamma_;
  representative_ = 1.0 - a;  // 2 / (gamma + 1)
}

std::int64_t QuantileSketch::index_of(double magnitude) const noexcept {
  return static_cast<std::int64_t>(std::ceil(std::log(magnitude) * inv_log_gamma_));
}

double QuantileSketch::value_of(std::int64_t index) const noexcept {
  return std::exp(static_cast<double>(index) * log_gamma_) * representative_;
}

void QuantileSketch::add(double x) {
  if (!std::isfinite(x)) invalid("QuantileSketch::add: value is NaN or infinite");
  if (x >= DBL_MIN) {
    positive_.add(index_of(x), 1);
  } else if (x <= -DBL_MIN) {
    negative_.add(index_of(-x), 1);
  } else {
    ++zero_;
    if (x == 0.0) x = 0.0;  // -0.0 and 0.0 alike, so that min and max do not depend on order
  }
  ++count_;
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
}

void QuantileSketch::merge(const QuantileSketch& other) {
  if (other.accuracy_ != accuracy_) invalid("QuantileSketch::merge: sketches of different accuracy");
  if (&other == this) {
    const QuantileSketch copy = other;
    merge(copy);
    return;
  }
  positive_.merge(other.positive_);
  negative_.merge(other.negative_);
  zero_ += other.zero_;
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

std::uint64_t QuantileSketch::rank(double q, std::uint64_t n) {
  if (n == 0) invalid("QuantileSketch::rank: no values");
  if (!(q >= 0.0 && q <= 1.0)) invalid("QuantileSketch: quantile must be in [0, 1]");
  const double k = std::floor(q * static_cast<double>(n - 1));
  return std::min(static_cast<std::uint64_t>(k), n - 1);
}

double QuantileSketch::quantile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) invalid("QuantileSketch::quantile: q must be in [0, 1]");
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  const std::uint64_t k = rank(q, count_);
  if (k == 0) return min_;
  if (k == count_ - 1) return max_;
  // Ascending order: negative buckets from the largest magnitude, zero, positive.
  std::uint64_t seen = 0;
  double estimate = 0.0;
  [&] {
    if (negative_.total > 0) {
      for (std::int64_t i = negative_.hi; i >= negative_.lo; --i) {
        seen += negative_.at(i);
        if (seen > k) {
          estimate = -value_of(i);
          return;
        }
      }
    }
    seen += zero_;
    if (seen > k) {
      estimate = 0.0;
      return;
    }
    for (std::int64_t i = positive_.lo; i <= positive_.hi; ++i) {
      seen += positive_.at(i);
      if (seen > k) {
        estimate = value_of(i);
        return;
      }
    }
  }();
  return std::clamp(estimate, min_, max_);
}

double QuantileSketch::min() const noexcept {
  return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : min_;
}

double QuantileSketch::max() const noexcept {
  return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : max_;
}

std::string QuantileSketch::description() const {
  char percent[32];
  std::snprintf(percent, sizeof percent, "%g", accuracy_ * 100.0);
  return std::string("log-bucket sketch, relative accuracy ") + percent + "%, rank floor(q(n-1))";
}

std::size_t QuantileSketch::bucket_count() const noexcept {
  std::size_t n = 0;
  for (const Store* s : {&positive_, &negative_}) {
    if (s->total > 0) n += static_cast<std::size_t>(s->hi - s->lo + 1);
  }
  return n;
}

void QuantileSketch::clear() noexcept {
  positive_.clear();
  negative_.clear();
  zero_ = 0;
  count_ = 0;
  min_ = std::numeric_limits<double>::infinity();
  max_ = -std::numeric_limits<double>::infinity();
}

std::size_t QuantileSketch::heap_bytes() const noexcept {
  return (positive_.buf.capacity() + negative_.buf.capacity()) * sizeof(std::uint32_t);
}

bool operator==(const QuantileSketch& a, const QuantileSketch& b) noexcept {
  return a.accuracy_ == b.accuracy_ && a.count_ == b.count_ && a.zero_ == b.zero_ &&
         std::bit_cast<std::uint64_t>(a.min_) == std::bit_cast<std::uint64_t>(b.min_) &&
         std::bit_cast<std::uint64_t>(a.max_) == std::bit_cast<std::uint64_t>(b.max_) &&
         a.positive_.same_counts(b.positive_) && a.negative_.same_counts(b.negative_);
}

// ---------------------------------------------------------------------------
// RunningMoments, Summary

void RunningMoments::merge(const RunningMoments& other) noexcept {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  // Read `other` first: it may be `*this`.
  const std::uint64_t nb = other.count_;
  const double mean_b = other.mean_;
  const double m2_b = other.m2_;
  const std::uint64_t na = count_;
  const std::uint64_t n = na + nb;
  const double delta = mean_b - mean_;
  const double dn = static_cast<double>(n);
  mean_ += delta * (static_cast<double>(nb) / dn);
  m2_ += m2_b + delta * delta * (static_cast<double>(na) * static_cast<double>(nb) / dn);
  count_ = n;
}

bool operator==(const RunningMoments& a, const RunningMoments& b) noexcept {
  return a.count_ == b.count_ &&
         std::bit_cast<std::uint64_t>(a.mean_) == std::bit_cast<std::uint64_t>(b.mean_) &&
         std::bit_cast<std::uint64_t>(a.m2_) == std::bit_cast<std::uint64_t>(b.m2_);
}

double RunningMoments::mean() const noexcept {
  return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : mean_;
}

double RunningMoments::variance() const noexcept {
  return count_ < 2 ? std::numeric_limits<double>::quiet_NaN() : m2_ / static_cast<double>(count_ - 1);
}

double RunningMoments::sd() const noexcept {
  return std::sqrt(variance());
}

void Summary::add(double x) {
  if (!std::isfinite(x)) invalid("Summary::add: value is NaN or infinite");
  if (x == 0.0) x = 0.0;
  sketch_.add(x);
  moments_.add(x);
}

void Summary::merge(const Summary& other) {
  sketch_.merge(other.sketch_);  // checks the accuracies first
  moments_.merge(other.moments_);
}

// ---------------------------------------------------------------------------
// SummaryTable

SummaryTable::SummaryTable(std::size_t cells, double relative_accuracy)
    : accuracy_(relative_accuracy), cells_(cells, Summary(relative_accuracy)) {
  check_accuracy(relative_accuracy);
}

void SummaryTable::add(std::span<const double> values) {
  if (values.size() != cells_.size()) {
    invalid("SummaryTable::add: " + std::to_string(values.size()) + " values for " +
            std::to_string(cells_.size()) + " cells");
  }
  for (std::size_t c = 0; c < values.size(); ++c) {
    if (!std::isfinite(values[c])) {
      invalid("SummaryTable::add: the value of cell " + std::to_string(c) + " is NaN or infinite");
    }
  }
  for (std::size_t c = 0; c < values.size(); ++c) cells_[c].add(values[c]);
  ++draws_;
}

void SummaryTable::merge(const SummaryTable& other) {
  if (other.cells_.size() != cells_.size() || other.accuracy_ != accuracy_) {
    invalid("SummaryTable::merge: tables of different cells or accuracy");
  }
  if (&other == this) {
    const SummaryTable copy = other;
    merge(copy);
    return;
  }
  for (std::size_t c = 0; c < cells_.size(); ++c) cells_[c].merge(other.cells_[c]);
  draws_ += other.draws_;
}

SummaryTable SummaryTable::slice(std::size_t first, std::size_t count) const {
  if (first > cells_.size() || count > cells_.size() - first)
    throw std::out_of_range("SummaryTable::slice: cells past the last");
  SummaryTable out(0, accuracy_);
  out.cells_.assign(cells_.begin() + static_cast<std::ptrdiff_t>(first),
                    cells_.begin() + static_cast<std::ptrdiff_t>(first + count));
  out.draws_ = draws_;
  return out;
}

void SummaryTable::clear() noexcept {
  for (auto& cell : cells_) cell.clear();
  draws_ = 0;
}

std::size_t SummaryTable::heap_bytes() const noexcept {
  std::size_t n = cells_.capacity() * sizeof(Summary);
  for (const auto& cell : cells_) n += cell.sketch().heap_bytes();
  return n;
}

// ---------------------------------------------------------------------------
// Byte images

/// Reads and writes `SummaryTable` images (format in `SummaryTable::to_bytes`).
struct SummaryCodec {
  static constexpr std::uint64_t magic = 0x594d4d5553544759;  // "YGTSUMMY" in little-endian bytes
  static constexpr std::int64_t max_index = std::int64_t{1} << 40;
  static constexpr std::size_t header_bytes = 5 * 8;
  /// A cell with no buckets: mean, M2, min, max and three one-byte varints.
  static constexpr std::size_t min_cell_bytes = 4 * 8 + 3;

  class Writer {
   public:
    void u64(std::uint64_t v) {
      for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xffU));
    }
    void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
    /// LEB128: seven bits a byte, low first, high bit set on all but the last.
    void varint(std::uint64_t v) {
      while (v >= 0x80) {
        out.push_back(static_cast<std::byte>((v & 0x7fU) | 0x80U));
        v >>= 7;
      }
      out.push_back(static_cast<std::byte>(v));
    }
    /// Zigzag: 0, -1, 1, -2, ... as 0, 1, 2, 3, ...
    void svarint(std::int64_t v) {
      varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    }
    std::vector<std::byte> out;
  };

  class Reader {
   public:
    explicit Reader(std::span<const std::byte> bytes) : in_(bytes) {}
    std::uint64_t u64() {
      if (in_.size() - pos_ < 8) fail("truncated");
      std::uint64_t v = 0;
      for (std::size_t i = 0; i < 8; ++i) v |= std::to_integer<std::uint64_t>(in_[pos_ + i]) << (8 * i);
      pos_ += 8;
      return v;
    }
    double f64() { return std::bit_cast<double>(u64()); }
    /// Only the shortest encoding of a number is accepted, so that an image
    /// that reads is the image of what it reads as.
    std::uint64_t varint() {
      std::uint64_t v = 0;
      for (int shift = 0;; shift += 7) {
        if (pos_ == in_.size()) fail("truncated");
        const auto b = std::to_integer<std::uint64_t>(in_[pos_++]);
        if (shift == 63 && b > 1) fail("number out of range");
        v |= (b & 0x7fU) << shift;
        if ((b & 0x80U) == 0) {
          if (b == 0 && shift > 0) fail("number not in its shortest form");
          return v;
        }
      }
    }
    std::int64_t svarint() {
      const std::uint64_t z = varint();
      return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
    }
    [[nodiscard]] std::size_t bytes_left() const noexcept { return in_.size() - pos_; }

   private:
    std::span<const std::byte> in_;
    std::size_t pos_ = 0;
  };

  [[noreturn]] static void fail(const std::string& what) {
    invalid("SummaryTable::from_bytes: malformed image: " + what);
  }

  static void write(Writer& w, const QuantileSketch::Store& s) {
    if (s.total == 0) {
      w.varint(0);
      return;
    }
    std::uint64_t occupied = 0;
    for (std::int64_t i = s.lo; i <= s.hi; ++i) occupied += s.at(i) != 0 ? 1U : 0U;
    w.varint(occupied);
    w.svarint(s.lo);
    std::int64_t previous = s.lo;
    for (std::int64_t i = s.lo; i <= s.hi; ++i) {
      const std::uint64_t c = s.at(i);
      if (c == 0) continue;
      if (i != s.lo) w.varint(static_cast<std::uint64_t>(i - previous));
      w.varint(c);
      previous = i;
    }
  }

  static QuantileSketch::Store read_store(Reader& r) {
    QuantileSketch::Store s;
    const std::uint64_t occupied = r.varint();
    if (occupied == 0) return s;
    if (occupied > static_cast<std::uint64_t>(QuantileSketch::max_buckets_per_sign)) fail("too many buckets");
    if (occupied * 2 > r.bytes_left()) fail("truncated");
    const std::int64_t lo = r.svarint();
    if (lo < -max_index || lo > max_index) fail("bucket index out of range");
    std::vector<std::pair<std::int64_t, std::uint64_t>> buckets;
    buckets.reserve(occupied);
    std::int64_t index = lo;
    for (std::uint64_t k = 0; k < occupied; ++k) {
      if (k > 0) {
        const std::uint64_t step = r.varint();
        if (step == 0 || step >= static_cast<std::uint64_t>(QuantileSketch::max_buckets_per_sign)) {
          fail("bucket indices not increasing within the range");
        }
        index += static_cast<std::int64_t>(step);
        if (index - lo >= QuantileSketch::max_buckets_per_sign) fail("bucket range too wide");
      }
      const std::uint64_t c = r.varint();
      if (c == 0) fail("a bucket listed with no count");
      if (c > std::numeric_limits<std::uint32_t>::max()) fail("a bucket count past 32 bits");
      if (s.total + c < s.total) fail("bucket counts overflow");
      s.total += c;
      buckets.emplace_back(index, c);
    }
    s.base = lo;
    s.lo = lo;
    s.hi = index;
    s.buf.assign(static_cast<std::size_t>(index - lo + 1), 0);
    for (const auto& [i, c] : buckets)
      s.buf[static_cast<std::size_t>(i - lo)] = static_cast<std::uint32_t>(c);
    return s;
  }

  static void write(Writer& w, const Summary& c) {
    w.f64(c.moments_.mean_);
    w.f64(c.moments_.m2_);
    const QuantileSketch& k = c.sketch_;
    w.f64(k.min_);
    w.f64(k.max_);
    w.varint(k.zero_);
    write(w, k.positive_);
    write(w, k.negative_);
  }

  static Summary read_summary(Reader& r, double accuracy, std::uint64_t draws) {
    Summary c(accuracy);
    c.moments_.count_ = draws;
    c.moments_.mean_ = r.f64();
    c.moments_.m2_ = r.f64();
    QuantileSketch& k = c.sketch_;
    k.count_ = draws;
    k.min_ = r.f64();
    k.max_ = r.f64();
    k.zero_ = r.varint();
    k.positive_ = read_store(r);
    k.negative_ = read_store(r);
    const std::uint64_t signed_total = k.positive_.total + k.negative_.total;
    const std::uint64_t buckets = k.zero_ + signed_total;
    if (signed_total < k.positive_.total || buckets < signed_total || buckets != draws) {
      fail("bucket counts do not add up to the draws");
    }
    if (draws == 0) {
      if (std::bit_cast<std::uint64_t>(c.moments_.mean_) != 0 ||
          std::bit_cast<std::uint64_t>(c.moments_.m2_) != 0 ||
          k.min_ != std::numeric_limits<double>::infinity() ||
          k.max_ != -std::numeric_limits<double>::infinity()) {
        fail("an empty cell with values");
      }
    } else {
      // Moments may have overflowed for huge values (|x| ~ 1e200): taken as they are.
      if (c.moments_.m2_ < 0.0) fail("negative sum of squared deviations");
      if (!std::isfinite(k.min_) || !std::isfinite(k.max_) || k.min_ > k.max_) fail("bad minimum or maximum");
    }
    return c;
  }
};

std::vector<std::byte> SummaryTable::to_bytes() const {
  SummaryCodec::Writer w;
  std::size_t size = SummaryCodec::header_bytes;
  for (const auto& c : cells_) size += SummaryCodec::min_cell_bytes + 3 * c.sketch().bucket_count();
  w.out.reserve(size);
  w.u64(SummaryCodec::magic);
  w.u64(format_version);
  w.f64(accuracy_);
  w.u64(draws_);
  w.u64(cells_.size());
  for (const auto& c : cells_) SummaryCodec::write(w, c);
  return std::move(w.out);
}

SummaryTable SummaryTable::from_bytes(std::span<const std::byte> bytes) {
  SummaryCodec::Reader r(bytes);
  if (r.u64() != SummaryCodec::magic) SummaryCodec::fail("not a summary table (magic)");
  const std::uint64_t version = r.u64();
  if (version != format_version) SummaryCodec::fail("unsupported version " + std::to_string(version));
  const double accuracy = r.f64();
  if (!(accuracy >= min_accuracy && accuracy <= max_accuracy)) SummaryCodec::fail("bad accuracy");
  const std::uint64_t draws = r.u64();
  const std::uint64_t cells = r.u64();
  if (cells > r.bytes_left() / SummaryCodec::min_cell_bytes) SummaryCodec::fail("truncated (cell count)");
  SummaryTable table(0, accuracy);
  table.draws_ = draws;
  table.cells_.reserve(cells);
  for (std::uint64_t c = 0; c < cells; ++c)
    table.cells_.push_back(SummaryCodec::read_summary(r, accuracy, draws));
  if (r.bytes_left() != 0) SummaryCodec::fail("trailing bytes");
  return table;
}

// ---------------------------------------------------------------------------
// OrderedMerger

OrderedMerger::OrderedMerger(std::size_t cells, double relative_accuracy)
    : total_(cells, relative_accuracy) {}

void OrderedMerger::submit(std::uint64_t block, SummaryTable summary, std::vector<SummaryTable>* merged) {
  if (summary.cells() != total_.cells() || summary.relative_accuracy() != total_.relative_accuracy()) {
    invalid("OrderedMerger::submit: block " + std::to_string(block) + " has different cells or accuracy");
  }
  if (block < next_ || pending_.contains(block)) {
    invalid("OrderedMerger::submit: block " + std::to_string(block) + " submitted twice");
  }
  if (block != next_) {
    pending_.emplace(block, std::move(summary));
    return;
  }
  total_.merge(summary);
  ++next_;
  if (merged != nullptr) merged->push_back(std::move(summary));
  for (auto it = pending_.find(next_); it != pending_.end(); it = pending_.find(next_)) {
    total_.merge(it->second);
    if (merged != nullptr) merged->push_back(std::move(it->second));
    pending_.erase(it);
    ++next_;
  }
}

}  // namespace ygt
