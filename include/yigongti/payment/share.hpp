#pragma once
/// \file
/// A share of an amount in [0, 1] (a retention rate, a prepaid share, a
/// reimbursement rate), held as a decimal or as an exact fraction.

#include <cstdint>
#include <string>
#include <vector>

#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"

namespace ygt {

/// A share of an amount: a number in [0, 1], held as a decimal (`0.6`) or as an
/// exact fraction (`464/857`).
///
/// Why a fraction: an article often gives the amounts, not the rate. Kedong kept
/// 4.64 million yuan of an 8.57 million surplus, a retention of 464/857, which no
/// decimal reproduces to the fen. `of(amount)` is `amount * share` rounded once
/// by a named mode: exactly in 128-bit integers for a fraction, and on the exact
/// binary value of the double otherwise (`Money::scaled`).
///
/// A `Share` may hold a value out of range, as a file gives it; `check` reports
/// it and every settlement refuses it.
class Share {
 public:
  /// The share 0.
  constexpr Share() noexcept = default;
  /// A decimal share; implicit so that parameters read `p.retention = 0.6;`.
  constexpr Share(double value) noexcept : value_(value) {}  // NOLINT(google-explicit-constructor)
  /// The exact share `numerator / denominator`, e.g. `Share::fraction(464, 857)`.
  [[nodiscard]] static constexpr Share fraction(std::int64_t numerator, std::int64_t denominator) noexcept {
    Share s;
    s.exact_ = true;
    s.numerator_ = numerator;
    s.denominator_ = denominator;
    s.value_ = denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
    return s;
  }

  /// The share as a number (for a fraction, the nearest double).
  [[nodiscard]] constexpr double value() const noexcept { return value_; }
  /// Whether the share is an exact fraction.
  [[nodiscard]] constexpr bool is_fraction() const noexcept { return exact_; }
  /// Numerator and denominator of a fraction (both 0 for a decimal share).
  [[nodiscard]] constexpr std::int64_t numerator() const noexcept { return numerator_; }
  [[nodiscard]] constexpr std::int64_t denominator() const noexcept { return denominator_; }

  /// `amount * share`, rounded once by `mode`.
  [[nodiscard]] Money of(Money amount, Rounding mode = Rounding::half_even) const;
  /// This share scaled by `factor` in [0, 1] (e.g. a performance factor). Stays
  /// exact when `factor` is 0 or 1; otherwise the decimal `value() * factor`.
  [[nodiscard]] Share times(double factor) const noexcept;

  /// Every problem with this share at `path`: not finite, outside [0, 1], or a
  /// fraction with a denominator <= 0 or a numerator outside [0, denominator].
  [[nodiscard]] std::vector<Problem> check(const ProblemPath& path) const;
  /// The same, added to `problems`.
  void check(ProblemList& problems, const ProblemPath& path) const;

  /// The share as text: "0.6" or "464/857".
  [[nodiscard]] std::string to_string() const;

  friend constexpr bool operator==(const Share&, const Share&) noexcept = default;

 private:
  double value_ = 0.0;
  bool exact_ = false;
  std::int64_t numerator_ = 0;
  std::int64_t denominator_ = 0;
};

}  // namespace ygt
