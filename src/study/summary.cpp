#include "yigongti/study/summary.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace ygt {
namespace {

/// No level of a sketch holds fewer values before it compacts.
constexpr std::size_t min_capacity = 8;
/// More levels than any count of values needs (2^64 values fill 64 levels of 1).
constexpr std::size_t max_levels = 64;

[[noreturn]] void invalid(const std::string& what) {
  throw std::invalid_argument("ygt::" + what);
}

/// The capacity of a sketch's level `depth` levels below the top: `k`, then
/// 2/3 of the level above (in integers, so that every machine agrees), even,
/// and at least `min_capacity`.
std::size_t sketch_capacity(std::uint32_t k, std::size_t depth) noexcept {
  std::uint64_t c = k;
  for (std::size_t d = 0; d < depth && c > min_capacity; ++d) c = c * 2 / 3;
  return std::max<std::size_t>(min_capacity, static_cast<std::size_t>(c & ~std::uint64_t{1}));
}

/// SplitMix64's finaliser: a fixed, well-mixed hash of 64 bits.
constexpr std::uint64_t mix(std::uint64_t z) noexcept {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// The coin of the `m`-th compaction of `level`: which of each pair moves up.
std::size_t coin(std::size_t level, std::uint64_t m) noexcept {
  return static_cast<std::size_t>(mix(mix(level) ^ m) >> 63);
}

}  // namespace

// ---------------------------------------------------------------------------
// PercentileMode

PercentileMode PercentileMode::sketch(std::uint32_t k) {
  if (k < min_k || k > max_k) {
    invalid("PercentileMode::sketch: k must be in [" + std::to_string(min_k) + ", " + std::to_string(max_k) +
            "], got " + std::to_string(k));
  }
  return PercentileMode(k);
}

PercentileMode PercentileMode::fitting(std::uint64_t values_per_draw, std::uint64_t draws,
                                       std::uint64_t budget_bytes) noexcept {
  // values x draws x 8 <= budget, without overflow.
  const std::uint64_t values = budget_bytes / 8;
  const bool fits = draws == 0 || values_per_draw <= values / draws;
  return budget_bytes > 0 && fits ? exact() : PercentileMode(default_k);
}

// ---------------------------------------------------------------------------
// QuantileStore

QuantileStore::QuantileStore(PercentileMode mode)
    : mode_(mode), levels_(1), compactions_(1, 0), level0_capacity_(capacity(0)) {}

std::size_t QuantileStore::capacity(std::size_t level) const noexcept {
  if (mode_.is_exact()) return std::numeric_limits<std::size_t>::max();
  return sketch_capacity(mode_.k(), levels_.size() - 1 - level);
}

void QuantileStore::add(double x) {
  if (!std::isfinite(x)) invalid("QuantileStore::add: value is NaN or infinite");
  if (x == 0.0) x = 0.0;  // -0.0 and 0.0 alike, so that nothing depends on which came first
  levels_[0].push_back(x);
  ++count_;
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
  if (levels_[0].size() >= level0_capacity_) compress();
}

void QuantileStore::merge(const QuantileStore& other) {
  if (other.mode_ != mode_) invalid("QuantileStore::merge: stores of different percentile modes");
  if (&other == this) {
    const QuantileStore copy = other;
    merge(copy);
    return;
  }
  if (other.count_ == 0) return;
  if (other.levels_.size() > levels_.size()) {
    levels_.resize(other.levels_.size());
    compactions_.resize(other.levels_.size(), 0);
  }
  for (std::size_t h = 0; h < other.levels_.size(); ++h) {
    levels_[h].insert(levels_[h].end(), other.levels_[h].begin(), other.levels_[h].end());
    compactions_[h] += other.compactions_[h];
  }
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  compress();
}

void QuantileStore::compress() {
  for (;;) {
    std::size_t h = 0;
    while (h < levels_.size() && levels_[h].size() < capacity(h)) ++h;
    if (h == levels_.size()) break;
    compact(h);
  }
  level0_capacity_ = capacity(0);
}

void QuantileStore::compact(std::size_t level) {
  if (level + 1 == levels_.size()) {
    levels_.emplace_back();
    compactions_.push_back(0);
  }
  std::vector<double>& values = levels_[level];
  std::vector<double>& up = levels_[level + 1];
  std::sort(values.begin(), values.end());
  const std::size_t odd = values.size() % 2;  // the smallest stays when the count is odd
  for (std::size_t i = odd + coin(level, compactions_[level]); i < values.size(); i += 2)
    up.push_back(values[i]);
  values.resize(odd);
  // A level's capacity falls as levels are added above it: give back what a
  // former top level held.
  if (values.capacity() > 2 * capacity(level) + summary_block_draws) values.shrink_to_fit();
  ++compactions_[level];
}

void QuantileStore::clear() noexcept {
  levels_.resize(1);
  levels_[0].clear();
  compactions_.assign(1, 0);
  level0_capacity_ = capacity(0);
  count_ = 0;
  min_ = std::numeric_limits<double>::infinity();
  max_ = -std::numeric_limits<double>::infinity();
}

void QuantileStore::reserve(std::uint64_t n) {
  if (mode_.is_exact()) levels_[0].reserve(static_cast<std::size_t>(n));
}

std::uint64_t QuantileStore::rank(double q, std::uint64_t n) {
  if (n == 0) invalid("QuantileStore::rank: no values");
  if (!(q >= 0.0 && q <= 1.0)) invalid("QuantileStore: quantile must be in [0, 1]");
  const double k = std::floor(q * static_cast<double>(n - 1));
  return std::min(static_cast<std::uint64_t>(k), n - 1);
}

double QuantileStore::quantile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) invalid("QuantileStore::quantile: q must be in [0, 1]");
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  const std::uint64_t r = rank(q, count_);
  if (r == 0) return min_;
  if (r == count_ - 1) return max_;
  if (levels_.size() == 1) {
    // Every value is here: the order statistic itself.
    std::vector<double> values = levels_[0];
    const auto at = values.begin() + static_cast<std::ptrdiff_t>(r);
    std::nth_element(values.begin(), at, values.end());
    return *at;
  }
  std::vector<std::pair<double, std::uint64_t>> weighted;
  weighted.reserve(retained());
  for (std::size_t h = 0; h < levels_.size(); ++h) {
    for (double x : levels_[h]) weighted.emplace_back(x, std::uint64_t{1} << h);
  }
  std::sort(weighted.begin(), weighted.end());
  std::uint64_t seen = 0;
  for (const auto& [x, weight] : weighted) {
    seen += weight;
    if (seen > r) return std::clamp(x, min_, max_);
  }
  return max_;  // not reached: the weights add up to count()
}

RankError QuantileStore::rank_error() const noexcept {
  double squares = 0.0;  // S, the sum of 4^h over compactions
  std::uint64_t worst = 0;
  for (std::size_t h = 0; h < compactions_.size(); ++h) {
    squares += static_cast<double>(compactions_[h]) * std::ldexp(1.0, static_cast<int>(2 * h));
    worst += compactions_[h] << h;
  }
  const double likely = std::sqrt(2.0 * squares * std::log(2.0 / RankError::failure_probability));
  return {std::min(worst, static_cast<std::uint64_t>(likely)), worst};
}

double QuantileStore::min() const noexcept {
  return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : min_;
}

double QuantileStore::max() const noexcept {
  return count_ == 0 ? std::numeric_limits<double>::quiet_NaN() : max_;
}

std::size_t QuantileStore::retained() const noexcept {
  std::size_t n = 0;
  for (const auto& level : levels_) n += level.size();
  return n;
}

std::size_t QuantileStore::heap_bytes() const noexcept {
  std::size_t n =
      levels_.capacity() * sizeof(std::vector<double>) + compactions_.capacity() * sizeof(std::uint64_t);
  for (const auto& level : levels_) n += level.capacity() * sizeof(double);
  return n;
}

bool operator==(const QuantileStore& a, const QuantileStore& b) noexcept {
  return a.mode_ == b.mode_ && a.count_ == b.count_ &&
         std::bit_cast<std::uint64_t>(a.min_) == std::bit_cast<std::uint64_t>(b.min_) &&
         std::bit_cast<std::uint64_t>(a.max_) == std::bit_cast<std::uint64_t>(b.max_) &&
         a.compactions_ == b.compactions_ && a.levels_ == b.levels_;
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
  quantiles_.add(x);
  moments_.add(x);
}

void Summary::merge(const Summary& other) {
  quantiles_.merge(other.quantiles_);  // checks the modes first
  moments_.merge(other.moments_);
}

// ---------------------------------------------------------------------------
// SummaryTable

SummaryTable::SummaryTable(std::size_t cells, PercentileMode mode)
    : mode_(mode), cells_(cells, Summary(mode)) {}

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
  if (other.cells_.size() != cells_.size() || other.mode_ != mode_) {
    invalid("SummaryTable::merge: tables of different cells or percentile modes");
  }
  if (&other == this) {
    const SummaryTable copy = other;
    merge(copy);
    return;
  }
  for (std::size_t c = 0; c < cells_.size(); ++c) cells_[c].merge(other.cells_[c]);
  draws_ += other.draws_;
}

std::vector<SummaryTable> SummaryTable::split(std::size_t cells_each) && {
  if (cells_each == 0) invalid("SummaryTable::split: tables of no cells");
  std::vector<SummaryTable> out;
  for (std::size_t first = 0; first < cells_.size(); first += cells_each) {
    SummaryTable& part = out.emplace_back(0, mode_);
    const std::size_t end = std::min(cells_.size(), first + cells_each);
    part.cells_.assign(std::make_move_iterator(cells_.begin() + static_cast<std::ptrdiff_t>(first)),
                       std::make_move_iterator(cells_.begin() + static_cast<std::ptrdiff_t>(end)));
    part.draws_ = draws_;
  }
  cells_.clear();
  draws_ = 0;
  return out;
}

void SummaryTable::clear() noexcept {
  for (auto& cell : cells_) cell.clear();
  draws_ = 0;
}

void SummaryTable::reserve(std::uint64_t draws) {
  for (auto& cell : cells_) cell.quantiles_.reserve(draws);
}

RankError SummaryTable::rank_error() const noexcept {
  return cells_.empty() ? RankError{} : cells_.front().quantiles().rank_error();
}

std::string SummaryTable::percentile_method() const {
  constexpr const char* rule = "rank floor(q(n-1))";
  if (mode_.is_exact()) return std::string("exact order statistics of every draw, ") + rule;
  const RankError e = rank_error();
  const std::string sketch = "compactor sketch (KLL, k = " + std::to_string(mode_.k()) + ")";
  if (e.worst == 0) return sketch + " holding every draw: exact order statistics, " + rule;
  const auto share = [&](std::uint64_t ranks) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2g%%",
                  100.0 * static_cast<double>(ranks) / static_cast<double>(draws_));
    return std::string(text);
  };
  char p[16];
  std::snprintf(p, sizeof p, "%g", RankError::failure_probability);
  return sketch + ": " + rule + " to within " + std::to_string(e.likely) + " of " + std::to_string(draws_) +
         " draws (" + share(e.likely) + ") with probability 1 - " + p + ", to within " +
         std::to_string(e.worst) + " (" + share(e.worst) + ") always";
}

std::size_t SummaryTable::heap_bytes() const noexcept {
  std::size_t n = cells_.capacity() * sizeof(Summary);
  for (const auto& cell : cells_) n += cell.quantiles().heap_bytes();
  return n;
}

// ---------------------------------------------------------------------------
// Byte images

/// Reads and writes `SummaryTable` images (format in `SummaryTable::to_bytes`).
struct SummaryCodec {
  static constexpr std::uint64_t magic = 0x594d4d5553544759;  // "YGTSUMMY" in little-endian bytes
  static constexpr std::size_t header_bytes = 5 * 8;

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
    /// A value held for the percentiles: finite, and never -0.0 (added as 0.0).
    double value() {
      const double x = f64();
      if (!std::isfinite(x) || std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(-0.0)) {
        fail("a value that is not finite or is -0");
      }
      return x;
    }
    [[nodiscard]] std::size_t bytes_left() const noexcept { return in_.size() - pos_; }

   private:
    std::span<const std::byte> in_;
    std::size_t pos_ = 0;
  };

  [[noreturn]] static void fail(const std::string& what) {
    invalid("SummaryTable::from_bytes: malformed image: " + what);
  }

  /// A table's levels and compactions: the same in every cell.
  struct Shape {
    std::vector<std::uint64_t> sizes;
    std::vector<std::uint64_t> compactions;
    friend bool operator==(const Shape&, const Shape&) = default;
  };

  static Shape shape_of(const QuantileStore& s) {
    Shape shape;
    for (const auto& level : s.levels_) shape.sizes.push_back(level.size());
    shape.compactions = s.compactions_;
    return shape;
  }

  /// Checks that a sketch of `k` could have the levels and compactions of
  /// `shape` after `draws` values.
  static void check_shape(const Shape& shape, std::uint32_t k, std::uint64_t draws) {
    const std::size_t levels = shape.sizes.size();
    // The values a level holds stand for 2^h each and add up to the draws.
    std::uint64_t weight = 0;
    for (std::size_t h = 0; h < levels; ++h) {
      const std::uint64_t size = shape.sizes[h];
      if (size >= sketch_capacity(k, levels - 1 - h)) fail("a level as full as its capacity");
      if (size > (std::numeric_limits<std::uint64_t>::max() >> h) || (size << h) > draws - weight) {
        fail("level sizes do not add up to the draws");
      }
      weight += size << h;
    }
    if (weight != draws) fail("level sizes do not add up to the draws");
    // Every level below the top has compacted (the level above came from it)
    // and the top never has; each compaction takes at least 2 values of 2^h.
    for (std::size_t h = 0; h < levels; ++h) {
      const std::uint64_t m = shape.compactions[h];
      if (h + 1 == levels ? m != 0 : (m == 0 || m > (draws >> (h + 1)))) fail("impossible compaction counts");
    }
    if (levels > 1 && shape.sizes.back() == 0) fail("an empty top level");
  }

  static void write(Writer& w, const Summary& c, bool exact) {
    w.f64(c.moments_.mean_);
    w.f64(c.moments_.m2_);
    const QuantileStore& q = c.quantiles_;
    if (!exact) {
      w.f64(q.min_);
      w.f64(q.max_);
    }
    for (const auto& level : q.levels_) {
      for (double x : level) w.f64(x);
    }
  }

  static Summary read_summary(Reader& r, PercentileMode mode, const Shape& shape, std::uint64_t draws) {
    Summary c(mode);
    c.moments_.count_ = draws;
    c.moments_.mean_ = r.f64();
    c.moments_.m2_ = r.f64();
    QuantileStore& q = c.quantiles_;
    q.count_ = draws;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    if (!mode.is_exact()) {
      min = r.f64();
      max = r.f64();
    }
    q.levels_.assign(shape.sizes.size(), {});
    q.compactions_ = shape.compactions;
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (std::size_t h = 0; h < shape.sizes.size(); ++h) {
      auto& level = q.levels_[h];
      level.reserve(static_cast<std::size_t>(shape.sizes[h]));
      for (std::uint64_t i = 0; i < shape.sizes[h]; ++i) {
        const double x = r.value();
        low = std::min(low, x);
        high = std::max(high, x);
        level.push_back(x);
      }
    }
    if (mode.is_exact()) {
      min = low;
      max = high;
    }
    q.min_ = min;
    q.max_ = max;
    q.level0_capacity_ = q.capacity(0);
    if (draws == 0) {
      if (std::bit_cast<std::uint64_t>(c.moments_.mean_) != 0 ||
          std::bit_cast<std::uint64_t>(c.moments_.m2_) != 0 ||
          min != std::numeric_limits<double>::infinity() || max != -std::numeric_limits<double>::infinity()) {
        fail("an empty cell with values");
      }
      return c;
    }
    // Moments may have overflowed for huge values (|x| ~ 1e200): taken as they are.
    if (c.moments_.m2_ < 0.0) fail("negative sum of squared deviations");
    if (!std::isfinite(min) || !std::isfinite(max) || min > low || max < high) fail("bad minimum or maximum");
    // Nothing compacted: every value is held, so the extremes are among them.
    if (q.levels_.size() == 1 && (min != low || max != high)) fail("extremes that are not the values'");
    return c;
  }
};

std::vector<std::byte> SummaryTable::to_bytes() const {
  const bool exact = mode_.is_exact();
  SummaryCodec::Writer w;
  std::size_t size = SummaryCodec::header_bytes;
  for (const auto& c : cells_) size += (exact ? 2 : 4) * 8 + 8 * c.quantiles().retained();
  w.out.reserve(size + 32);
  w.u64(SummaryCodec::magic);
  w.u64(format_version);
  w.u64(mode_.k());
  w.u64(draws_);
  w.u64(cells_.size());
  const SummaryCodec::Shape shape = cells_.empty() ? SummaryCodec::shape_of(QuantileStore(mode_))
                                                   : SummaryCodec::shape_of(cells_.front().quantiles());
  if (!exact) {
    w.varint(shape.sizes.size());
    for (std::uint64_t s : shape.sizes) w.varint(s);
    for (std::uint64_t m : shape.compactions) w.varint(m);
  }
  for (const auto& c : cells_) {
    // Every cell has seen the same adds and merges, so it has the same shape.
    if (SummaryCodec::shape_of(c.quantiles()) != shape) {
      throw std::logic_error("ygt::SummaryTable::to_bytes: cells of different shapes");
    }
    SummaryCodec::write(w, c, exact);
  }
  return std::move(w.out);
}

SummaryTable SummaryTable::from_bytes(std::span<const std::byte> bytes) {
  SummaryCodec::Reader r(bytes);
  if (r.u64() != SummaryCodec::magic) SummaryCodec::fail("not a summary table (magic)");
  const std::uint64_t version = r.u64();
  if (version != format_version) SummaryCodec::fail("unsupported version " + std::to_string(version));
  const std::uint64_t k = r.u64();
  if (k != 0 && (k < PercentileMode::min_k || k > PercentileMode::max_k)) SummaryCodec::fail("bad sketch k");
  const PercentileMode mode =
      k == 0 ? PercentileMode::exact() : PercentileMode::sketch(static_cast<std::uint32_t>(k));
  const std::uint64_t draws = r.u64();
  const std::uint64_t cells = r.u64();
  SummaryCodec::Shape shape;
  if (mode.is_exact()) {
    shape.sizes = {draws};
    shape.compactions = {0};
  } else {
    const std::uint64_t levels = r.varint();
    if (levels < 1 || levels > max_levels) SummaryCodec::fail("bad number of levels");
    for (std::uint64_t h = 0; h < levels; ++h) shape.sizes.push_back(r.varint());
    for (std::uint64_t h = 0; h < levels; ++h) shape.compactions.push_back(r.varint());
    if (cells > 0) {
      SummaryCodec::check_shape(shape, mode.k(), draws);
    } else if (shape.sizes != std::vector<std::uint64_t>{0} ||
               shape.compactions != std::vector<std::uint64_t>{0}) {
      SummaryCodec::fail("levels for no cells");  // a table of no cells writes an empty store's
    }
  }
  // The size of every cell is known: check it before reading (and allocating).
  if (cells == 0) {
    if (r.bytes_left() != 0) SummaryCodec::fail("trailing bytes");
  } else {
    std::uint64_t values = 0;
    for (std::uint64_t s : shape.sizes) {
      if (s > r.bytes_left() / 8) SummaryCodec::fail("truncated (values)");
      values += s;
    }
    const std::uint64_t cell_bytes = (mode.is_exact() ? 2 : 4) * 8 + 8 * values;
    if (cells > r.bytes_left() / cell_bytes) SummaryCodec::fail("truncated (cells)");
    if (cells * cell_bytes != r.bytes_left()) SummaryCodec::fail("trailing bytes");
  }
  SummaryTable table(0, mode);
  table.draws_ = draws;
  table.cells_.reserve(cells);
  for (std::uint64_t c = 0; c < cells; ++c)
    table.cells_.push_back(SummaryCodec::read_summary(r, mode, shape, draws));
  return table;
}

// ---------------------------------------------------------------------------
// OrderedMerger

OrderedMerger::OrderedMerger(std::size_t cells, PercentileMode mode, std::uint64_t expected_draws)
    : total_(cells, mode) {
  total_.reserve(expected_draws);
}

void OrderedMerger::submit(std::uint64_t block, SummaryTable summary, std::vector<SummaryTable>* merged) {
  if (summary.cells() != total_.cells() || summary.percentile_mode() != total_.percentile_mode()) {
    invalid("OrderedMerger::submit: block " + std::to_string(block) +
            " has different cells or percentile mode");
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
