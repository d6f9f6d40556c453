#pragma once
// A small RFC 4180 CSV reader for the tables scenarios refer to. Internal.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/error.hpp"

namespace ygt::detail {

/// A CSV table: the header's column names and the data rows (each as long as the header).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> line;  ///< the 1-based line each row starts on

  /// The index of column `name`, if present.
  [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
};

/// Parses `text` (a header row, then data rows; quoted fields with "" escapes;
/// LF or CRLF; a UTF-8 byte-order mark is skipped; blank lines are ignored).
/// Problems are added at `problem_path` with `label:LINE` in the message.
[[nodiscard]] std::optional<CsvTable> parse_csv(std::string_view text, const std::string& label,
                                                const std::string& problem_path, ProblemList& problems,
                                                std::size_t max_rows = 1'000'000);

}  // namespace ygt::detail
