#pragma once
/// \file
/// Exact money: integer fen (0.01 yuan) in 64 bits, never binary floating point.

#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/detail/enum_names.hpp"

namespace ygt {

/// How a scaled amount that falls between two fen is rounded.
enum class Rounding {
  half_even,            ///< to the nearest fen, ties to the even fen (banker's rounding)
  half_away_from_zero,  ///< to the nearest fen, ties away from zero (commercial rounding)
  toward_zero,          ///< drop the fraction (truncate)
  away_from_zero,       ///< any fraction goes to the next fen away from zero
  floor,                ///< toward negative infinity
  ceiling,              ///< toward positive infinity
};

/// The names of the values of `Rounding` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(Rounding) noexcept {
  return detail::enum_names<Rounding>("half_even", "half_away_from_zero", "toward_zero", "away_from_zero",
                                      "floor", "ceiling");
}

/// An amount of money in yuan, held exactly as a signed 64-bit count of fen.
///
/// Invariant: every value is a whole number of fen in [INT64_MIN, INT64_MAX];
/// arithmetic that would leave that range throws `std::overflow_error` instead
/// of wrapping. Text is decimal yuan with at most two decimals ("857.5",
/// "-12.34"); nothing passes through `double` unless a caller asks for it by
/// name (`scaled(double)`, `round_from_yuan`), and then the exact binary value
/// is rounded once, by the named mode.
class Money {
 public:
  constexpr Money() noexcept = default;

  /// An amount of `fen` (0.01 yuan).
  [[nodiscard]] static constexpr Money from_fen(std::int64_t fen) noexcept { return Money(fen); }
  /// An amount of whole yuan; throws `std::overflow_error` past the range.
  [[nodiscard]] static Money from_yuan(std::int64_t yuan);
  /// Parses decimal yuan: an optional sign, digits, and optionally a point and
  /// one or two digits. Rejects exponents, thousands separators, white space,
  /// more than two decimals and amounts beyond 64-bit fen; throws `InputError`.
  [[nodiscard]] static Money parse(std::string_view text);
  /// The nearest amount to `yuan` (a computed, not an entered, figure), rounded
  /// once by `mode`. Throws `std::invalid_argument` for NaN or infinity and
  /// `std::overflow_error` past the range.
  [[nodiscard]] static Money round_from_yuan(double yuan, Rounding mode = Rounding::half_even);

  [[nodiscard]] constexpr std::int64_t fen() const noexcept { return fen_; }
  /// The amount as decimal yuan with exactly two decimals: "8570000.00", "-0.05".
  [[nodiscard]] std::string to_string() const;
  /// The same with thousands separators, for tables people read: "8,570,000.00".
  [[nodiscard]] std::string to_string_grouped() const;
  /// The amount in yuan as a double, for ratios and indicators only.
  [[nodiscard]] constexpr double yuan() const noexcept { return static_cast<double>(fen_) / 100.0; }

  /// This amount times the exact value of `ratio`, rounded once by `mode`.
  /// Throws `std::invalid_argument` for a non-finite ratio, `std::overflow_error`
  /// past the range.
  [[nodiscard]] Money scaled(double ratio, Rounding mode = Rounding::half_even) const;
  /// This amount times `numerator / denominator` computed exactly (128-bit), then
  /// rounded once by `mode`; e.g. Kedong's retention 464/857. Throws
  /// `std::invalid_argument` for a zero denominator.
  [[nodiscard]] Money scaled(std::int64_t numerator, std::int64_t denominator,
                             Rounding mode = Rounding::half_even) const;

  [[nodiscard]] constexpr bool is_zero() const noexcept { return fen_ == 0; }
  [[nodiscard]] constexpr bool is_negative() const noexcept { return fen_ < 0; }
  [[nodiscard]] Money abs() const;

  Money& operator+=(Money other);
  Money& operator-=(Money other);
  [[nodiscard]] friend Money operator+(Money a, Money b) { return a += b; }
  [[nodiscard]] friend Money operator-(Money a, Money b) { return a -= b; }
  [[nodiscard]] Money operator-() const;
  /// A whole multiple (e.g. a per-head rate times enrolled residents), checked.
  [[nodiscard]] friend Money operator*(Money a, std::int64_t k) { return a.times(k); }
  [[nodiscard]] friend Money operator*(std::int64_t k, Money a) { return a.times(k); }

  friend constexpr auto operator<=>(Money, Money) noexcept = default;
  friend constexpr bool operator==(Money, Money) noexcept = default;

 private:
  constexpr explicit Money(std::int64_t fen) noexcept : fen_(fen) {}
  [[nodiscard]] Money times(std::int64_t k) const;

  std::int64_t fen_ = 0;
};

/// The sum of `amounts`, checked for overflow.
[[nodiscard]] Money sum(std::span<const Money> amounts);

/// Splits `total` into parts proportional to `weights` that sum to `total` to the fen.
///
/// Largest-remainder method: each part first gets the whole fen of its exact
/// share (toward zero), then the fen left over go one each to the parts with the
/// largest remainders, ties to the earlier position. So every part is within one
/// fen of its exact share and the parts sum exactly to `total` (a negative total
/// gives non-positive parts). Integral weights (ratios such as 6:3:1, workload
/// counts) are computed exactly in 128-bit integers. Throws `std::invalid_argument`
/// when `weights` is empty, any weight is negative, NaN or infinite, or all are zero.
[[nodiscard]] std::vector<Money> split(Money total, std::span<const double> weights);
/// The same for integer weights, always exact. The weights must sum to less than 2^62.
[[nodiscard]] std::vector<Money> split(Money total, std::span<const std::int64_t> weights);

/// Splits totals by integer weights again and again, allocating nothing
/// after construction: `split(total, weights, parts)` writes exactly the parts
/// of `ygt::split(total, weights)`. For hot loops such as the yearly
/// projection. Not thread-safe (it keeps scratch space); use one per thread.
class Splitter {
 public:
  /// Scratch for up to `capacity` weights.
  explicit Splitter(std::size_t capacity) : base_(capacity), remainder_(capacity), order_(capacity) {}
  /// Writes the parts of `total` into `parts` (as many as `weights`, at most
  /// the capacity). Throws `std::invalid_argument` as `split` does, and for
  /// more weights than the capacity or a different number of parts.
  void split(Money total, std::span<const std::int64_t> weights, std::span<Money> parts);

 private:
  std::vector<std::int64_t> base_;
  std::vector<std::int64_t> remainder_;
  std::vector<std::size_t> order_;
};

}  // namespace ygt
