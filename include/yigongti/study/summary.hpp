#pragma once
/// \file
/// Summaries of an ensemble of random draws: mean, standard deviation and
/// percentiles per cell (county x variant x year x indicator), accumulated as
/// draws finish and merged deterministically across threads and MPI ranks.
///
/// ## What is kept per cell
///
/// - `RunningMoments`: count, mean and the sum of squared deviations (Welford's
///   update, Chan et al.'s pairwise merge).
/// - `QuantileStore`: the values for the percentiles, in one of two modes
///   (`PercentileMode`): every value, so that percentiles are exact order
///   statistics; or a compactor sketch (the KLL design) whose memory stops
///   growing after a few thousand values and whose percentiles are order
///   statistics of a rank within a stated distance of the exact one. Ensembles
///   choose the mode before they start, from the memory the values would take
///   (`docs/study.md`, "Percentiles").
///
/// ## Determinism: the same bits whatever the thread or rank count
///
/// Neither floating-point moments nor sketches are independent of how values
/// were grouped: `(a+b)+c` and `a+(b+c)` may differ in the last bits, and a
/// sketch compacts at different moments. Ensembles therefore fix the order of
/// every operation independently of how work is spread:
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
/// split. The sketch's coins are bits of a fixed hash of the compaction's level
/// and number, never random, so a sketch is a function of the values and of
/// the order of adds and merges alone.
///
/// ## Why not Boost.Accumulators
///
/// Its quantile estimators (P-square, extended P-square, tail quantiles) keep
/// marker positions that cannot be merged: summaries computed on different
/// threads or ranks could not be combined, and their error is not bounded.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace ygt {

/// Draws per block of an ensemble (see the file comment): a constant, so that
/// results never depend on the number of threads or ranks.
inline constexpr std::uint64_t summary_block_draws = 64;

/// How a `QuantileStore` keeps its values: all of them (exact percentiles), or
/// a compactor sketch with `k` values in its top level.
class PercentileMode {
 public:
  /// The sketch of ensembles that do not keep every value: at most about
  /// 2,600 values (34 KB with the room its levels keep) a cell, whatever the
  /// number of draws.
  static constexpr std::uint32_t default_k = 1024;
  static constexpr std::uint32_t min_k = 8;
  static constexpr std::uint32_t max_k = std::uint32_t{1} << 20;

  /// Every value kept: percentiles are exact order statistics.
  [[nodiscard]] static constexpr PercentileMode exact() noexcept { return PercentileMode(0); }
  /// A compactor sketch of parameter `k`. Throws `std::invalid_argument`
  /// unless `min_k <= k <= max_k`.
  [[nodiscard]] static PercentileMode sketch(std::uint32_t k = default_k);
  /// The mode of an ensemble of `draws` draws of `values_per_draw` values
  /// each: exact when `values_per_draw x draws x 8` bytes are at most
  /// `budget_bytes`, the default sketch otherwise (so a budget of 0 always
  /// sketches).
  [[nodiscard]] static PercentileMode fitting(std::uint64_t values_per_draw, std::uint64_t draws,
                                              std::uint64_t budget_bytes) noexcept;

  [[nodiscard]] constexpr bool is_exact() const noexcept { return k_ == 0; }
  /// The sketch's parameter; 0 when exact.
  [[nodiscard]] constexpr std::uint32_t k() const noexcept { return k_; }

  friend constexpr bool operator==(PercentileMode, PercentileMode) noexcept = default;

 private:
  constexpr explicit PercentileMode(std::uint32_t k) noexcept : k_(k) {}
  std::uint32_t k_;
};

/// How far a percentile may be from the exact one, in ranks: the value given
/// for `q` lies between the exact order statistics of ranks `r - e` and `r + e`
/// (clamped to the values), `r = QuantileStore::rank(q, n)`.
struct RankError {
  /// `e` with probability at least `1 - failure_probability` for each
  /// percentile, were the sketch's coins fair and independent (see
  /// `QuantileStore`).
  std::uint64_t likely = 0;
  /// `e` always, whatever the coins and the values.
  std::uint64_t worst = 0;

  static constexpr double failure_probability = 1e-6;

  friend bool operator==(const RankError&, const RankError&) noexcept = default;
};

/// The values of one cell, for its percentiles (`PercentileMode`).
///
/// **Exact.** Every value is kept, in the order added; `quantile(q)` is the
/// order statistic of rank `rank(q, n)`. Memory: 8 bytes a value.
///
/// **Sketch.** A stack of compactors (the KLL design of Karnin, Lang and
/// Liberty): level `h` holds values that each stand for `2^h` of the values
/// added. Values are added to level 0; whenever a level holds as many values
/// as its capacity, it is sorted and compacted: one value of every adjacent
/// pair (the first or the second of each pair, by a coin) moves up a level,
/// where it counts twice, and the others are dropped (an odd value out, the
/// smallest, stays). The top level's capacity is `k`, each level below has 2/3
/// of the one above (at least 8). `quantile(q)` is the retained value at which
/// the counted weights pass `rank(q, n)`; `q = 0` and `q = 1` give the exact
/// minimum and maximum, kept aside.
///
/// *Error.* A compaction at level `h` moves the count of values below any
/// point by at most `2^h`, up or down as the coin says, and by nothing when an
/// even number of the compacted values lie below it. The worst case is thus
/// the sum `W` of `2^h` over the compactions made. With fair coins each step
/// has mean zero whatever the steps before (a martingale), so the error is at
/// most `t = sqrt(2 S ln(2 / p))` except with probability `p`
/// (Azuma-Hoeffding, once on each side of the percentile), where `S` is the
/// sum of `4^h` over the compactions. Both follow from the
/// number of compactions at each level, which depends on the number of values
/// and the order of adds and merges only; `rank_error()` gives them. With
/// `k = 1024` and ensembles' blocks, `t` stays below 0.8% of the values up to
/// 10^7 of them, while `W` grows (2.5% at 10^5, 22% at 10^7; `docs/study.md`
/// has the table).
///
/// *Coins.* The coin of the `m`-th compaction of level `h` is a bit of a fixed
/// hash of `(h, m)`: independent of the values, and never the same twice
/// within one stream of adds and of merges of sketches that have not
/// compacted, as in ensembles (blocks of 64 values, fewer than `k`, merged
/// into a running total). Merging two sketches that have both compacted
/// reuses coins, so that there only `worst` is guaranteed.
///
/// Memory: at most about `2.5k` values (the capacities' sum) and the room its
/// levels keep; never more values than exact would keep.
///
/// Not thread-safe for writes; `const` members may be called concurrently.
class QuantileStore {
 public:
  explicit QuantileStore(PercentileMode mode = PercentileMode::exact());

  /// Adds `x`. Throws `std::invalid_argument` for NaN or infinity (and then
  /// adds nothing); `-0.0` is added as `0.0`.
  void add(double x);
  /// Adds `other`'s values after this store's. Throws `std::invalid_argument`
  /// if the modes differ.
  void merge(const QuantileStore& other);
  /// Forgets every value, keeping level 0's memory for the next ones.
  void clear() noexcept;
  /// Room for `n` values in exact mode, so that adding them never reallocates
  /// (nothing for a sketch).
  void reserve(std::uint64_t n);

  /// The 0-based rank of the `q` quantile among `n` values: `floor(q * (n - 1))`,
  /// with `q * (n - 1)` computed in `double`. So `q = 0` is the minimum, `q = 1`
  /// the maximum, and `q = 0.5` the lower median. Requires `n > 0` and
  /// `0 <= q <= 1` (`std::invalid_argument` otherwise).
  [[nodiscard]] static std::uint64_t rank(double q, std::uint64_t n);

  /// The order statistic `x_(r)`, `r = rank(q, count())`, of the values added
  /// (sorted ascending, 0-based): exactly in exact mode, and within
  /// `rank_error()` ranks of it for a sketch. NaN when empty; throws
  /// `std::invalid_argument` when `q` is not in `[0, 1]`.
  [[nodiscard]] double quantile(double q) const;
  /// The bounds on `quantile`'s rank error (zero when exact or when nothing
  /// has been compacted).
  [[nodiscard]] RankError rank_error() const noexcept;

  [[nodiscard]] PercentileMode mode() const noexcept { return mode_; }
  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
  /// The exact smallest and largest value added (NaN when empty).
  [[nodiscard]] double min() const noexcept;
  [[nodiscard]] double max() const noexcept;
  /// Values held, over every level.
  [[nodiscard]] std::size_t retained() const noexcept;
  /// Levels in use (1 until the first compaction).
  [[nodiscard]] std::size_t levels() const noexcept { return levels_.size(); }
  /// Heap bytes held (the levels' capacity).
  [[nodiscard]] std::size_t heap_bytes() const noexcept;

  /// The same mode, values in the same levels and order, compactions and extremes.
  friend bool operator==(const QuantileStore& a, const QuantileStore& b) noexcept;

 private:
  friend struct SummaryCodec;

  [[nodiscard]] std::size_t capacity(std::size_t level) const noexcept;
  void compress();
  void compact(std::size_t level);

  PercentileMode mode_;
  /// levels_[h] holds values that stand for 2^h values each; never empty.
  std::vector<std::vector<double>> levels_;
  /// Compactions made at each level (as many entries as levels).
  std::vector<std::uint64_t> compactions_;
  std::size_t level0_capacity_;  ///< compress when level 0 holds this many
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

/// The summary of one cell: moments and the quantile store of the same values.
class Summary {
 public:
  explicit Summary(PercentileMode mode = PercentileMode::exact()) : quantiles_(mode) {}

  /// Adds `x`; throws `std::invalid_argument` for NaN or infinity (adding
  /// nothing). `-0.0` is added as `0.0`.
  void add(double x);
  /// Throws `std::invalid_argument` if the modes differ.
  void merge(const Summary& other);
  /// Forgets every value, keeping the store's memory.
  void clear() noexcept {
    moments_ = RunningMoments{};
    quantiles_.clear();
  }

  [[nodiscard]] std::uint64_t count() const noexcept { return moments_.count(); }
  [[nodiscard]] double mean() const noexcept { return moments_.mean(); }
  [[nodiscard]] double sd() const noexcept { return moments_.sd(); }
  /// See `QuantileStore::quantile`.
  [[nodiscard]] double quantile(double q) const { return quantiles_.quantile(q); }
  [[nodiscard]] double min() const noexcept { return quantiles_.min(); }
  [[nodiscard]] double max() const noexcept { return quantiles_.max(); }
  [[nodiscard]] const RunningMoments& moments() const noexcept { return moments_; }
  [[nodiscard]] const QuantileStore& quantiles() const noexcept { return quantiles_; }

  friend bool operator==(const Summary&, const Summary&) noexcept = default;

 private:
  friend class SummaryTable;
  friend struct SummaryCodec;

  RunningMoments moments_;
  QuantileStore quantiles_;
};

/// Summaries of a whole grid of cells, one value per cell per draw (e.g.
/// variants x years x indicators, flattened by the caller). Every cell sees the
/// same adds and merges, so in sketch mode all cells have compacted alike and
/// share one rank error.
class SummaryTable {
 public:
  /// Current `to_bytes` format.
  static constexpr std::uint64_t format_version = 2;

  explicit SummaryTable(std::size_t cells, PercentileMode mode = PercentileMode::exact());

  /// Adds one draw: `values[c]` to cell `c`. Throws `std::invalid_argument` when
  /// the size is not `cells()` or any value is NaN or infinite (naming the first
  /// such cell); the table is then unchanged.
  void add(std::span<const double> values);
  /// Merges `other` in after this table's draws. Throws `std::invalid_argument`
  /// when the cell counts or modes differ.
  void merge(const SummaryTable& other);
  /// Cuts the table into consecutive tables of `cells_each` cells (the last
  /// may have fewer), with the same draws, moving the cells rather than
  /// copying them. Throws `std::invalid_argument` when `cells_each` is 0.
  [[nodiscard]] std::vector<SummaryTable> split(std::size_t cells_each) &&;
  /// Forgets every draw, keeping the cells and their memory: a cleared table
  /// equals a new one of the same cells and mode, and refilling it
  /// allocates little, so workers reuse their block tables.
  void clear() noexcept;
  /// Room for `draws` draws in exact mode, so that adds and merges up to
  /// that many never reallocate (nothing for a sketch).
  void reserve(std::uint64_t draws);

  [[nodiscard]] std::size_t cells() const noexcept { return cells_.size(); }
  /// Draws added (directly or through merges).
  [[nodiscard]] std::uint64_t draws() const noexcept { return draws_; }
  [[nodiscard]] PercentileMode percentile_mode() const noexcept { return mode_; }
  /// The rank error of every cell's percentiles.
  [[nodiscard]] RankError rank_error() const noexcept;
  /// How the percentiles were computed, for the outputs: "exact order
  /// statistics ..." or the sketch and its rank error for these draws.
  [[nodiscard]] std::string percentile_method() const;
  [[nodiscard]] const Summary& operator[](std::size_t cell) const { return cells_[cell]; }
  /// Bounds-checked access; throws `std::out_of_range`.
  [[nodiscard]] const Summary& at(std::size_t cell) const { return cells_.at(cell); }
  /// Heap bytes held by the cells and their values, for memory accounting.
  [[nodiscard]] std::size_t heap_bytes() const noexcept;

  /// A self-describing byte image, for MPI messages or files. Fixed fields are
  /// 64-bit little-endian words (doubles by their bits), counts are LEB128
  /// varints in their shortest form:
  ///
  ///     magic "YGTSUMMY", format_version, k (0: exact), draws, cells
  ///     sketch only: varint levels L, then L x varint values held, then
  ///                  L x varint compactions (the same for every cell)
  ///     per cell:    mean, M2; exact: the draws' values in order;
  ///                  sketch: min, max, then each level's values in order
  ///
  /// A block of 64 draws takes 16 + 64 x 8 = 528 bytes a cell (544 for a
  /// sketch). Tables that compare equal give identical bytes.
  [[nodiscard]] std::vector<std::byte> to_bytes() const;
  /// Reads a `to_bytes` image. Throws `std::invalid_argument` for anything
  /// malformed: wrong magic or version, a `k` out of range, truncated or
  /// trailing bytes, varints not in their shortest form or past 64 bits, level
  /// sizes whose weights do not add up to the draws or that a sketch would
  /// have compacted, compaction counts no sketch could have made, values that
  /// are not finite or are `-0.0`, extremes that are not finite, misordered,
  /// not those of the values held when nothing was compacted, or not around
  /// them, a negative M2. (Means and M2 are otherwise taken as they are: they
  /// may have overflowed for values near 1e200.) An image that reads is the
  /// image of the table it reads as.
  [[nodiscard]] static SummaryTable from_bytes(std::span<const std::byte> bytes);

  friend bool operator==(const SummaryTable&, const SummaryTable&) noexcept = default;

 private:
  PercentileMode mode_;
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
  /// A total of `cells` cells in `mode`, with room for `expected_draws` draws
  /// (`SummaryTable::reserve`).
  explicit OrderedMerger(std::size_t cells, PercentileMode mode = PercentileMode::exact(),
                         std::uint64_t expected_draws = 0);

  /// Accepts block `block`'s summary. Throws `std::invalid_argument` when that
  /// block was already submitted, or when the table's cell count or mode
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
