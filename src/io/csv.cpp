#include "io/csv.hpp"

#include <algorithm>

namespace ygt::detail {

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header.begin());
}

std::optional<CsvTable> parse_csv(std::string_view text, const std::string& label,
                                  const std::string& problem_path, ProblemList& problems,
                                  std::size_t max_rows) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvTable table;
  std::vector<std::string> record;
  std::string field;
  std::size_t line = 1;
  std::size_t record_line = 1;
  bool in_quotes = false;
  bool field_started = false;
  bool ok = true;

  const auto end_record = [&] {
    const bool blank = record.empty() && field.empty() && !field_started;
    if (!blank) {
      record.push_back(std::move(field));
      if (table.header.empty()) {
        table.header = std::move(record);
      } else if (record.size() != table.header.size()) {
        problems.add(
            problem_path,
            label + ":" + std::to_string(record_line) + ": " + std::to_string(record.size()) + " fields",
            std::to_string(table.header.size()) + " fields, as in the header");
        ok = false;
      } else if (table.rows.size() == max_rows) {
        problems.add(problem_path, label + ": more than " + std::to_string(max_rows) + " rows",
                     "at most " + std::to_string(max_rows) + " rows");
        ok = false;
      } else {
        table.rows.push_back(std::move(record));
        table.line.push_back(record_line);
      }
    }
    record.clear();
    field.clear();
    field_started = false;
  };

  for (std::size_t i = 0; i < text.size() && ok; ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field.empty()) {
          problems.add(problem_path,
                       label + ":" + std::to_string(line) + ": a quote inside an unquoted field",
                       "quotes only around a whole field");
          ok = false;
        }
        in_quotes = true;
        field_started = true;
        break;
      case ',':
        record.push_back(std::move(field));
        field.clear();
        field_started = true;
        break;
      case '\r':
        break;
      case '\n':
        end_record();
        ++line;
        record_line = line;
        break;
      default:
        field += c;
        field_started = true;
    }
  }
  if (ok && in_quotes) {
    problems.add(problem_path, label + ":" + std::to_string(record_line) + ": a quoted field is not closed",
                 "a closing quote");
    ok = false;
  }
  if (ok) end_record();
  if (ok && table.header.empty()) {
    problems.add(problem_path, label + ": no header row", "a header row naming the columns");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return table;
}

}  // namespace ygt::detail
