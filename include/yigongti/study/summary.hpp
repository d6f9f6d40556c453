#pragma once
/// \file
/// Streaming summaries of an ensemble of random draws: mean, standard deviation
/// and percentiles per cell (county x variant x year x indicator), accumulated as
/// draws finish, in memory that does not grow with the number of draws, and
/// merged deterministically across threads and MPI ranks.
///
/// ## What is kept per cell
///
/// - `RunningMoments`: count, mean and the sum of squared deviations (Welford's
///   update, Chan et al.'s pairwise merge).
/// - `QuantileSketch`: integer counts in logarithmically spaced buckets (the
///   DDSketch idea), giving every quantile within a stated relative accuracy,
///   plus the exact minimum and maximum.
///
/// ## Determinism: the same bits whatever the thread or rank count
///
/// Sketch merges add integer counts, so they are exact, associative and
/// commutative: a sketch does not depend on how its values were split or in
/// which order the parts were merged. Floating-point moments are not: `(a+b)+c`
/// and `a+(b+c)` may differ in the last bits. Ensembles therefore fix the order
/// of every floating-point operation independently of how work is spread:
///
/// 1. The draws are cut into fixed blocks of consecutive draws
///    (`summary_block_draws`, a constant that never depends on the number of
///    threads or ranks; the last block may be shorter).
/// 2. Each block is summarised on its own, from an empty `SummaryTable`, adding
///    its draws in draw order (whichever thread or rank computes it).
/// 3. The block summaries are merged into the total strictly in block order,
///    starting from an empty table: `total = (((B0 + B1) + B2) + ...)`. An
///    `OrderedMerger` accepts blocks in any completion order and holds those that
///    arrive early until their turn.
///
/// A single-threaded run goes through the same blocks; it does not add all
/// draws to one table. Any other merge tree fixed independently of the thread
/// and rank counts would do as well (e.g. super-blocks of 16 blocks merged in
/// order within and then between), which lets a rank that owns whole
/// super-blocks reduce them before sending; what must never happen is a rank
/// or thread merging "whatever it computed" in an order that depends on the
/// split. Identical bits also assume the same binary and maths library on every
/// rank (bucket indices come from `std::log`).
///
/// ## Why not Boost.Accumulators
///
/// Its quantile estimators (P-square, extended P-square, tail quantiles) keep
/// marker positions that cannot be merged: summaries computed on different
/// threads or ranks could not be combined, and the result would depend on how
/// draws were split. A bucket sketch merges exactly.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ygt {

/// Draws per block of an ensemble (see the file comment): a constant, so that
/// results never depend on the number of threads or ranks.
inline constexpr std::uint64_t summary_block_draws = 64;

/// A mergeable quantile sketch with relative accuracy `a`.
///
/// A value `x > 0` with `x >= DBL_MIN` is counted in bucket
/// `i = ceil(log(x) / log(gamma))`, `gamma = (1 + a) / (1 - a)`, which holds the
/// values in `(gamma^(i-1), gamma^i]`; the bucket is reported as
/// `2 gamma^i / (gamma + 1)`, within relative distance `a` of every value in it.
/// (The buckets are built for `a - 1e-10`, so that the rounding of `log` and
/// `exp`, a few 1e-13 at most, never takes an estimate past `a`.) Negative
/// values are counted the same way by magnitude, in buckets of their own; zero
/// (either sign) and any magnitude below `DBL_MIN`, the smallest normal double,
/// are counted in a bucket of their own reported as 0. Counts are integers, so
/// `merge` is exact and a sketch depends only on the multiset of values added,
/// never on the order of adds and merges.
///
/// Memory: each sign keeps a dense array of counts over its observed bucket
/// range, at most `max_buckets_per_sign` wide. When a sign's range would be
/// wider, the buckets of smallest magnitude are folded into the lowest kept one
/// (which depends only on the largest magnitude seen, so it stays order
/// independent). With the default accuracy the kept range spans a factor
/// `gamma^4095`, about 6e17, below the largest magnitude of each sign; quantiles
/// that fall in folded buckets lose the accuracy guarantee (they are reported
/// with a magnitude no smaller than the true one, and never beyond the exact
/// minimum and maximum). Memory is thus bounded whatever the data: at most
/// 2 x (4096 + 512) counts per sketch, the 512 being room left for growth.
///
/// Not thread-safe for writes; `const` members may be called concurrently.
class QuantileSketch {
 public:
  static constexpr double default_accuracy = 0.005;
  static constexpr std::int64_t max_buckets_per_sign = 4096;
  /// How quantiles are computed, for the outputs (default accuracy).
  static constexpr std::string_view method = "log-bucket sketch, relative accuracy 0.5%, rank floor(q(n-1))";

  /// An empty sketch. Throws `std::invalid_argument` unless
  /// `1e-6 <= relative_accuracy <= 0.5`.
  explicit QuantileSketch(double relative_accuracy = default_accuracy);

  /// Counts `x`. Throws `std::invalid_argument` for NaN or infinity (and then
  /// counts nothing).
  void add(double x);
  /// Adds `other`'s counts. Throws `std::invalid_argument` if the accuracies
  /// differ.
  void merge(const QuantileSketch& other);
  /// Forgets every value, keeping the count arrays' memory for the next ones.
  void clear() noexcept;

  /// The 0-based rank of the `q` quantile among `n` values: `floor(q * (n - 1))`,
  /// with `q * (n - 1)` computed in `double`. So `q = 0` is the minimum, `q = 1`
  /// the maximum, and `q = 0.5` the lower median. Requires `n > 0` and
  /// `0 <= q <= 1`.
  [[nodiscard]] static std::uint64_t rank(double q, std::uint64_t n);

  /// An estimate of the order statistic `x_(k)`, `k = rank(q, count())`, of the
  /// values added (sorted ascending, 0-based): within relative accuracy `a` of
  /// it, i.e. `|estimate - x_(k)| <= a |x_(k)|`, provided `x_(k)` lies in no
  /// folded bucket. `q = 0` and `q = 1` give the exact minimum and maximum.
  /// NaN for an empty sketch; throws `std::invalid_argument` when `q` is not in
  /// `[0, 1]`.
  [[nodiscard]] double quantile(double q) const;

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  /// The exact smallest and largest value added (NaN when empty).
  [[nodiscard]] double min() const noexcept;
  [[nodiscard]] double max() const noexcept;
  [[nodiscard]] double relative_accuracy() const noexcept { return accuracy_; }
  /// `method` for this sketch's accuracy, e.g. "... relative accuracy 0.1% ...".
  [[nodiscard]] std::string description() const;

  /// Buckets in the observed ranges of both signs (occupied or not); never more
  /// than `2 * max_buckets_per_sign`.
  [[nodiscard]] std::size_t bucket_count() const noexcept;
  /// Heap bytes held by the count arrays (their capacity).
  [[nodiscard]] std::size_t heap_bytes() const noexcept;

  /// The same counts, extremes and accuracy (not the same storage layout).
  friend bool operator==(const QuantileSketch& a, const QuantileSketch& b) noexcept;

 private:
  friend struct SummaryCodec;

  /// Counts of one sign by bucket index, dense over `[lo, hi]`.
  struct Store {
    /// buf[j] counts bucket `base + j`; 32 bits halve the memory of wide
    /// ranges (an ensemble has at most 10^8 draws per county).
    std::vector<std::uint32_t> buf;
    std::int64_t base = 0;
    std::int64_t lo = 0;  ///< lowest bucket with a count (when total > 0)
    std::int64_t hi = 0;  ///< highest bucket with a count (when total > 0)
    std::uint64_t total = 0;

    void add(std::int64_t index, std::uint64_t n);
    void merge(const Store& other);
    void clear() noexcept;
    [[nodiscard]] std::uint64_t at(std::int64_t index) const noexcept {
      return buf[static_cast<std::size_t>(index - base)];
    }
    /// Folds every count below `floor` into bucket `floor`, before `[lo', hi']`
    /// (`lo' >= floor`) becomes the range; makes room for that range.
    void fold_and_reserve(std::int64_t floor, std::int64_t new_lo, std::int64_t new_hi);
    /// The same counts in the same buckets (whatever the storage layout).
    [[nodiscard]] bool same_counts(const Store& other) const noexcept;
  };

  [[nodiscard]] std::int64_t index_of(double magnitude) const noexcept;
  [[nodiscard]] double value_of(std::int64_t index) const noexcept;

  double accuracy_;
  double log_gamma_;       // log of gamma for the working accuracy
  double inv_log_gamma_;   // 1 / log_gamma_
  double representative_;  // 2 / (gamma + 1)
  Store positive_;
  Store negative_;  ///< by magnitude
  std::uint64_t zero_ = 0;
  std::uint64_t count_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

/// Count, mean and sum of squared deviations of a stream of values.
///
/// `add` is Welford's update; `merge` is the pairwise formula of Chan, Golub and
/// LeVeque, so summaries of parts combine into the summary of the whole (to
/// rounding: the result depends on the order of merges, see the file comment).
/// Values are not checked: a NaN or infinity makes the mean NaN or infinite
/// (`Summary` rejects them first).
class RunningMoments {
 public:
  void add(double x) noexcept {
    ++count_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (x - mean_);
  }
  void merge(const RunningMoments& other) noexcept;

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  /// The mean; NaN when empty.
  [[nodiscard]] double mean() const noexcept;
  /// The sample variance, `M2 / (n - 1)`; NaN when `n < 2`.
  [[nodiscard]] double variance() const noexcept;
  /// The sample standard deviation, `sqrt(variance())`; NaN when `n < 2`.
  [[nodiscard]] double sd() const noexcept;
  /// The sum of squared deviations from the mean.
  [[nodiscard]] double m2() const noexcept { return m2_; }

  /// The same count, mean and M2 to the bit.
  friend bool operator==(const RunningMoments& a, const RunningMoments& b) noexcept;

 private:
  friend struct SummaryCodec;

  std::uint64_t count_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

/// The summary of one cell: moments and a quantile sketch of the same values.
class Summary {
 public:
  explicit Summary(double relative_accuracy = QuantileSketch::default_accuracy)
      : sketch_(relative_accuracy) {}

  /// Adds `x`; throws `std::invalid_argument` for NaN or infinity (adding
  /// nothing). `-0.0` is added as `0.0`.
  void add(double x);
  /// Throws `std::invalid_argument` if the accuracies differ.
  void merge(const Summary& other);
  /// Forgets every value, keeping the sketch's memory.
  void clear() noexcept {
    moments_ = RunningMoments{};
    sketch_.clear();
  }

  [[nodiscard]] std::uint64_t count() const noexcept { return moments_.count(); }
  [[nodiscard]] double mean() const noexcept { return moments_.mean(); }
  [[nodiscard]] double sd() const noexcept { return moments_.sd(); }
  [[nodiscard]] double quantile(double q) const { return sketch_.quantile(q); }
  [[nodiscard]] double min() const noexcept { return sketch_.min(); }
  [[nodiscard]] double max() const noexcept { return sketch_.max(); }
  [[nodiscard]] const RunningMoments& moments() const noexcept { return moments_; }
  [[nodiscard]] const QuantileSketch& sketch() const noexcept { return sketch_; }

  friend bool operator==(const Summary&, const Summary&) noexcept = default;

 private:
  friend struct SummaryCodec;

  RunningMoments moments_;
  QuantileSketch sketch_;
};

/// Summaries of a whole grid of cells, one value per cell per draw (e.g.
/// variants x years x indicators, flattened by the caller).
class SummaryTable {
 public:
  /// Current `to_bytes` format.
  static constexpr std::uint64_t format_version = 1;

  explicit SummaryTable(std::size_t cells, double relative_accuracy = QuantileSketch::default_accuracy);

  /// Adds one draw: `values[c]` to cell `c`. Throws `std::invalid_argument` when
  /// the size is not `cells()` or any value is NaN or infinite (naming the first
  /// such cell); the table is then unchanged.
  void add(std::span<const double> values);
  /// Merges `other` in after this table's draws. Throws `std::invalid_argument`
  /// when the cell counts or accuracies differ.
  void merge(const SummaryTable& other);
  /// The cells `[first, first + count)` as a table of their own, with the
  /// same draws. Throws `std::out_of_range` past the last cell.
  [[nodiscard]] SummaryTable slice(std::size_t first, std::size_t count) const;
  /// Forgets every draw, keeping the cells and their memory: a cleared table
  /// equals a new one of the same cells and accuracy, and refilling it
  /// allocates little, so workers reuse their block tables.
  void clear() noexcept;

  [[nodiscard]] std::size_t cells() const noexcept { return cells_.size(); }
  /// Draws added (directly or through merges).
  [[nodiscard]] std::uint64_t draws() const noexcept { return draws_; }
  [[nodiscard]] double relative_accuracy() const noexcept { return accuracy_; }
  [[nodiscard]] const Summary& operator[](std::size_t cell) const { return cells_[cell]; }
  /// Bounds-checked access; throws `std::out_of_range`.
  [[nodiscard]] const Summary& at(std::size_t cell) const { return cells_.at(cell); }
  /// Heap bytes held by the sketches' count arrays and the cells, for memory
  /// accounting.
  [[nodiscard]] std::size_t heap_bytes() const noexcept;

  /// A self-describing byte image, for MPI messages or files. Fixed fields are
  /// 64-bit little-endian words (doubles by their bits), counts are LEB128
  /// varints in their shortest form:
  ///
  ///     magic "YGTSUMMY", format_version, accuracy, draws, cells
  ///     per cell:   mean, M2, min, max, varint zero count, positive, negative
  ///     per sign:   varint k = occupied buckets; if k > 0: zigzag varint first
  ///                 index, varint count, then k-1 x (varint index step, varint count)
  ///
  /// Only occupied buckets are written, so a block of 64 draws takes at most
  /// about 35 + 3 x 64 bytes per cell however wide its buckets' range (about
  /// 110 on average in `bench/summary_bench.cpp`). Tables that compare equal
  /// give identical bytes.
  [[nodiscard]] std::vector<std::byte> to_bytes() const;
  /// Reads a `to_bytes` image. Throws `std::invalid_argument` for anything
  /// malformed: wrong magic or version, truncated or trailing bytes, varints
  /// not in their shortest form or past 64 bits, counts that do not add up to
  /// the draws, empty or non-increasing buckets, bucket ranges out of bounds,
  /// non-finite or misordered extremes, a negative M2. (Means and M2 are
  /// otherwise taken as they are: they may have overflowed for values near
  /// 1e200.) An image that reads is the image of the table it reads as.
  [[nodiscard]] static SummaryTable from_bytes(std::span<const std::byte> bytes);

  friend bool operator==(const SummaryTable&, const SummaryTable&) noexcept = default;

 private:
  double accuracy_;
  std::uint64_t draws_ = 0;
  std::vector<Summary> cells_;
};

/// Merges block summaries into a total strictly in block order, whatever the
/// order in which they arrive.
///
/// Blocks are numbered 0, 1, 2, ...; `submit(k, table)` merges block `k` at
/// once if every earlier block has been merged, and otherwise holds it until
/// they have. The total is thus always `((B0 + B1) + ...) + B(next-1)`,
/// independent of completion order. When workers take block numbers in
/// increasing order from a shared counter, at most (workers - 1) blocks are ever
/// held.
///
/// Not thread-safe: workers call `submit` under a mutex of the caller's (a
/// merge of 768 cells takes microseconds).
class OrderedMerger {
 public:
  OrderedMerger(std::size_t cells, double relative_accuracy = QuantileSketch::default_accuracy);

  /// Accepts block `block`'s summary. Throws `std::invalid_argument` when that
  /// block was already submitted, or when the table's cell count or accuracy
  /// differs from the total's. The tables merged by this call (the one given
  /// and any held ones it released) are moved into `*merged` when `merged` is
  /// not null, for reuse, and freed otherwise.
  void submit(std::uint64_t block, SummaryTable summary, std::vector<SummaryTable>* merged = nullptr);

  /// Blocks merged so far: the total covers blocks `[0, next_block())`.
  [[nodiscard]] std::uint64_t next_block() const noexcept { return next_; }
  /// Blocks received but waiting for an earlier one.
  [[nodiscard]] std::size_t held() const noexcept { return pending_.size(); }
  /// The merge of blocks `[0, next_block())`.
  [[nodiscard]] const SummaryTable& total() const noexcept { return total_; }
  /// Hands over the total without a copy; the merger is left empty.
  [[nodiscard]] SummaryTable take() && { return std::move(total_); }

 private:
  SummaryTable total_;
  std::uint64_t next_ = 0;
  std::map<std::uint64_t, SummaryTable> pending_;
};

}  // namespace ygt
