#pragma once
/// \file
/// Single-year ages 0..100+ and the expansion of age bands to single years.

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "yigongti/core/error.hpp"

namespace ygt {

/// Number of single-year ages: 0, 1, ..., 99 and the open group 100+.
inline constexpr std::size_t age_count = 101;
/// The open age group's index (100+).
inline constexpr int open_age = 100;

/// One value per single-year age (index 100 is the open group 100+).
using AgeVector = std::array<double, age_count>;

/// Checks age bands: `starts` begins at 0, strictly increases and stays below
/// 101; `values` has one finite entry >= `lowest` per band. Paths are relative
/// (`bands[2]`, `counts[0]`); `values_key` names the values' key.
[[nodiscard]] std::vector<Problem> check_age_bands(std::span<const int> starts,
                                                   std::span<const double> values, const char* values_key,
                                                   double lowest = 0.0);

/// Spreads band totals uniformly over the single years of each band. The last
/// band is open and runs to 100+. Preconditions: `check_age_bands` found nothing.
/// Example: bands {0, 5} with counts {500, 960} give 100 a year at ages 0-4 and
/// 10 a year at ages 5..100.
[[nodiscard]] AgeVector expand_band_counts(std::span<const int> starts, std::span<const double> counts);

/// Repeats a per-person rate (or probability) of each band at every single year
/// of the band (rates are not divided by the band's width).
[[nodiscard]] AgeVector expand_band_rates(std::span<const int> starts, std::span<const double> rates);

/// The sum of all ages.
[[nodiscard]] double total(const AgeVector& v) noexcept;

}  // namespace ygt
