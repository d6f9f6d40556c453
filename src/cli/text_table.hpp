#pragma once
// Tables for people: aligned columns on a terminal, numbers right-aligned,
// money with thousands separators. The files are io's (CSV, JSON); this is
// the command line's.

#include <string>

#include "yigongti/io/table.hpp"

namespace ygt::cli {

/// `table` as aligned text: numbers right-aligned with up to 4 decimals (6
/// significant digits when very small or large), money grouped by thousands,
/// wide (Chinese) characters counted as two columns.
[[nodiscard]] std::string to_text(const Table& table);

}  // namespace ygt::cli
