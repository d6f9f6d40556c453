#pragma once
/// \file
/// Result tables and the files they go to: tidy tables of cells written as
/// CSV and JSON with numbers as the shortest text that reads back to the
/// same double and money exact to the fen, and output files that appear
/// together or not at all.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "yigongti/core/money.hpp"
#include "yigongti/flows/indicators.hpp"

namespace ygt {

/// One cell: text, a whole number, a real number or an amount of money.
using Cell = std::variant<std::string, std::int64_t, double, Money>;

/// A rectangular table with named columns: one observation a row.
struct Table {
  std::string name;  ///< file stem (`ledger` gives ledger.csv) and JSON member name
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;

  /// Appends a row; throws `std::logic_error` when its width is not the header's.
  void add(std::vector<Cell> row);
};

/// A value of kind `kind` as the cell it is written as: money rounded to the
/// fen (written with exactly two decimals), a count rounded to a whole number,
/// a real as it is (written as the shortest text that reads back to it). A
/// value that is not finite stays a real ("NaN", JSON null).
[[nodiscard]] Cell value_cell(double value, ValueKind kind);
/// The cell of a value of `indicator` (`value_kind`).
[[nodiscard]] Cell indicator_cell(Indicator indicator, double value);

/// A cell as text: numbers as the shortest text that reads back to them
/// (positional for ordinary magnitudes, "NaN" for a missing real), money as
/// decimal yuan exact to the fen.
[[nodiscard]] std::string cell_text(const Cell& cell);
/// A CSV field: as it is, or quoted (with doubled quotes) when it holds a comma, quote or newline.
[[nodiscard]] std::string csv_field(const std::string& s);
/// RFC 4180 CSV with a header row; every number reads back to the same value.
[[nodiscard]] std::string to_csv(const Table& table);

/// The UTF-8 byte-order mark, which Excel needs at the start of a CSV file to
/// read its Chinese text as UTF-8 (opt-in: many other readers take it as part
/// of the first column's name; `docs/output.md`).
inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

/// A value of a result's metadata.
using MetaValue =
    std::variant<std::string, std::int64_t, std::uint64_t, double, bool, std::vector<std::string>>;

/// One result as a set of files: metadata (scenario, version, checksums) and
/// tables. Written as one CSV file per table and one JSON document holding the
/// metadata and every table (`result_json`).
struct ResultSet {
  std::vector<std::pair<std::string, MetaValue>> meta;
  std::vector<Table> tables;       ///< each as `<name>.csv`, and in the JSON
  std::vector<Table> json_tables;  ///< in the JSON only (e.g. an ensemble's list of counties)

  /// The table named `name`; throws `std::out_of_range` when there is none.
  [[nodiscard]] const Table& table(std::string_view name) const;
};

/// The JSON document of `result`, on one line: its metadata, then each table
/// as an array of objects (one per row). Numbers as in CSV; money as strings
/// of decimal yuan; a real that is not finite as null.
[[nodiscard]] std::string result_json(const ResultSet& result);

/// Files that appear together or not at all: each is written to a temporary
/// name in its directory and renamed into place only when all were written.
class AtomicFiles {
 public:
  /// Creates `dir` (and its parents) when missing; throws `std::runtime_error`
  /// when it cannot. With `csv_bom`, every file whose name ends in `.csv`
  /// starts with `utf8_bom`.
  explicit AtomicFiles(std::filesystem::path dir, bool csv_bom = false);
  AtomicFiles(const AtomicFiles&) = delete;
  AtomicFiles& operator=(const AtomicFiles&) = delete;
  /// Removes temporary files of a set that was never committed.
  ~AtomicFiles();

  /// Writes `content` to a temporary file for `name`; throws `std::runtime_error` on failure.
  void add(const std::string& name, const std::string& content);
  /// Opens a temporary file for `name` to be written bit by bit (files too big
  /// to hold in memory); the stream stays valid until `commit`, which checks
  /// it and closes it. Throws `std::runtime_error` when it cannot be opened.
  std::ostream& stream(const std::string& name);
  /// Renames every temporary file into place; throws `std::runtime_error` on failure.
  void commit();

 private:
  std::filesystem::path dir_;
  bool csv_bom_;
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> pending_;           // temporary, final
  std::vector<std::pair<std::unique_ptr<std::ofstream>, std::filesystem::path>> streams_;  // open, final
};

/// Adds `result` to `files`: each table as `<name>.csv` and the whole as `json_name`.
void add_result(AtomicFiles& files, const ResultSet& result, const std::string& json_name);

/// Writes `result` into `dir` (created when missing), all its files or none:
/// each table as `<name>.csv` (starting with `utf8_bom` when `csv_bom`) and
/// the whole as `json_name`.
void write_result(const std::filesystem::path& dir, const ResultSet& result, const std::string& json_name,
                  bool csv_bom = false);

}  // namespace ygt
