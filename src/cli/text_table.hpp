#pragma once
// Tables for people: aligned columns on a terminal, numbers right-aligned,
// money with thousands separators. The files are io's (CSV, JSON); this is
// the command line's.

#include <string>

#include "yigongti/io/table.hpp"

namespace ygt::cli {

/// `table` as aligned text: numbers right-aligned as `cell_for_people`
/// writes them, wide (Chinese) characters counted as two columns.
[[nodiscard]] std::string to_text(const Table& table);

/// One cell as `to_text` writes it: money grouped by thousands with two
/// decimals, whole numbers as they are, reals with up to 4 decimals (6
/// significant digits when very small or large), text as it is.
[[nodiscard]] std::string cell_for_people(const Cell& cell);

/// A mean of `indicator` and its band, "mean [low, high]", each written as
/// `cell_for_people` writes the indicator's value (`indicator_cell`).
[[nodiscard]] std::string band_text(Indicator indicator, double mean, double low, double high);

}  // namespace ygt::cli
