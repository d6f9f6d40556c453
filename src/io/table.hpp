#pragma once
// Tables of results and their renderings (aligned text, CSV, JSON), and output
// files written atomically. Internal to the library and the CLI.

#include <boost/json/value.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "yigongti/core/money.hpp"

namespace ygt::detail {

/// One cell: text, a whole number, a real number or an amount of money.
using Cell = std::variant<std::string, std::int64_t, double, Money>;

/// A rectangular table with named columns.
struct Table {
  std::string name;  ///< file stem for outputs (`ledger` gives ledger.csv)
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;

  /// Appends a row; throws `std::logic_error` when its width is not the header's.
  void add(std::vector<Cell> row);
};

/// A cell as text: numbers in their shortest round-trip form, money as decimal yuan.
[[nodiscard]] std::string cell_text(const Cell& cell);
/// Aligned columns for people: numbers right-aligned, money with thousands separators.
[[nodiscard]] std::string to_text(const Table& table);
/// RFC 4180 CSV with a header row; numbers read back to the same doubles.
[[nodiscard]] std::string to_csv(const Table& table);
/// A CSV field: as it is, or quoted (with doubled quotes) when it holds a comma, quote or newline.
[[nodiscard]] std::string csv_field(const std::string& s);
/// An array of objects, one per row (money as strings of decimal yuan, exact).
[[nodiscard]] boost::json::value to_json(const Table& table);

/// Output formats of the CLI.
enum class Format { table, csv, json };

/// Files that appear together or not at all: each is written to a temporary
/// name in its directory and renamed into place only when all were written.
class AtomicFiles {
 public:
  explicit AtomicFiles(std::filesystem::path dir);
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
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> pending_;           // temporary, final
  std::vector<std::pair<std::unique_ptr<std::ofstream>, std::filesystem::path>> streams_;  // open, final
};

}  // namespace ygt::detail
