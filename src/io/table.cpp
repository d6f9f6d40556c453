#include "yigongti/io/table.hpp"

#include <unistd.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cmath>
#include <stdexcept>

#include "core/text.hpp"
#include "io/json_text.hpp"

namespace ygt {
namespace {

namespace json = boost::json;

json::value table_json(const Table& table) {
  json::array rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    json::object o;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string& key = table.columns[c];
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Money>) {
              o[key] = v.to_string();
            } else {
              o[key] = v;  // json_text writes a real that is not finite as null
            }
          },
          row[c]);
    }
    rows.push_back(std::move(o));
  }
  return rows;
}

}  // namespace

void Table::add(std::vector<Cell> row) {
  if (row.size() != columns.size()) throw std::logic_error("Table::add: row width differs from the header");
  rows.push_back(std::move(row));
}

Cell value_cell(double value, ValueKind kind) {
  // Beyond 2^53 fen (or whole numbers) a double has no exact integer to round to.
  constexpr double exact = 9007199254740992.0;
  if (!std::isfinite(value)) return value;
  switch (kind) {
    case ValueKind::money:
      if (std::fabs(value) * 100.0 < exact) return Money::round_from_yuan(value);
      break;
    case ValueKind::count:
      if (std::fabs(value) < exact) return static_cast<std::int64_t>(std::llround(value));
      break;
    case ValueKind::real:
      break;
  }
  return value;
}

Cell indicator_cell(Indicator indicator, double value) {
  return value_cell(value, value_kind(indicator));
}

std::string cell_text(const Cell& cell) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          return detail::number_text(v);
        } else {
          return v.to_string();
        }
      },
      cell);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string to_csv(const Table& table) {
  std::string out;
  for (std::size_t c = 0; c < table.columns.size(); ++c) out += (c ? "," : "") + csv_field(table.columns[c]);
  out += "\n";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + csv_field(cell_text(row[c]));
    out += "\n";
  }
  return out;
}

const Table& ResultSet::table(std::string_view name) const {
  for (const Table& t : tables) {
    if (t.name == name) return t;
  }
  for (const Table& t : json_tables) {
    if (t.name == name) return t;
  }
  throw std::out_of_range("no table " + std::string(name) + " in the result");
}

std::string result_json(const ResultSet& result) {
  json::object doc;
  for (const auto& [key, value] : result.meta) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            json::array a;
            for (const auto& s : v) a.emplace_back(s);
            doc[key] = std::move(a);
          } else {
            doc[key] = v;
          }
        },
        value);
  }
  for (const Table& t : result.json_tables) doc[t.name] = table_json(t);
  for (const Table& t : result.tables) doc[t.name] = table_json(t);
  return detail::json_text(doc) + "\n";
}

namespace {

bool is_csv(const std::string& name) {
  return name.ends_with(".csv");
}

}  // namespace

AtomicFiles::AtomicFiles(std::filesystem::path dir, bool csv_bom) : dir_(std::move(dir)), csv_bom_(csv_bom) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec || !std::filesystem::is_directory(dir_)) {
    throw std::runtime_error("cannot create the output directory " + dir_.string() +
                             (ec ? ": " + ec.message() : std::string()));
  }
}

AtomicFiles::~AtomicFiles() {
  streams_.clear();  // closed before their files are removed
  for (const auto& [tmp, final_path] : pending_) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
  }
}

void AtomicFiles::add(const std::string& name, const std::string& content) {
  const std::filesystem::path final_path = dir_ / name;
  const std::filesystem::path tmp = dir_ / ("." + name + ".tmp-" + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      throw std::runtime_error("cannot write " + final_path.string() + ": the directory is not writable");
    if (csv_bom_ && is_csv(name)) out << utf8_bom;
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw std::runtime_error("cannot write " + final_path.string());
    }
  }
  pending_.emplace_back(tmp, final_path);
}

std::ostream& AtomicFiles::stream(const std::string& name) {
  const std::filesystem::path final_path = dir_ / name;
  const std::filesystem::path tmp = dir_ / ("." + name + ".tmp-" + std::to_string(::getpid()));
  auto out = std::make_unique<std::ofstream>(tmp, std::ios::binary | std::ios::trunc);
  if (!*out)
    throw std::runtime_error("cannot write " + final_path.string() + ": the directory is not writable");
  if (csv_bom_ && is_csv(name)) *out << utf8_bom;
  pending_.emplace_back(tmp, final_path);
  streams_.emplace_back(std::move(out), final_path);
  return *streams_.back().first;
}

void AtomicFiles::commit() {
  for (auto& [out, final_path] : streams_) {
    out->flush();
    const bool good = out->good();
    out->close();
    if (!good) throw std::runtime_error("cannot write " + final_path.string());
  }
  streams_.clear();
  // A rename cannot replace a directory: find that out before anything moves.
  for (const auto& [tmp, final_path] : pending_) {
    if (std::filesystem::is_directory(final_path)) {
      throw std::runtime_error("cannot write " + final_path.string() + ": a directory is in the way");
    }
  }
  for (const auto& [tmp, final_path] : pending_) {
    std::error_code ec;
    std::filesystem::rename(tmp, final_path, ec);
    if (ec)
      throw std::runtime_error("cannot move " + tmp.string() + " to " + final_path.string() + ": " +
                               ec.message());
  }
  pending_.clear();
}

void add_result(AtomicFiles& files, const ResultSet& result, const std::string& json_name) {
  for (const Table& t : result.tables) files.add(t.name + ".csv", to_csv(t));
  files.add(json_name, result_json(result));
}

void write_result(const std::filesystem::path& dir, const ResultSet& result, const std::string& json_name,
                  bool csv_bom) {
  AtomicFiles files(dir, csv_bom);
  add_result(files, result, json_name);
  files.commit();
}

}  // namespace ygt
