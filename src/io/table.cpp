#include "io/table.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "io/json_reader.hpp"

namespace ygt::detail {
namespace {

/// Columns a text takes on a terminal: East Asian wide characters (U+1100 and
/// above, in UTF-8 the lead bytes of 3- and 4-byte sequences) count two.
std::size_t display_width(const std::string& s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    width += c >= 0xE1 ? 2 : 1;
  }
  return width;
}

bool is_number(const Cell& c) {
  return !std::holds_alternative<std::string>(c);
}

/// A real number for people: up to 6 significant digits after the point, no exponent for ordinary sizes.
std::string readable(double x) {
  if (!std::isfinite(x)) return number_text(x);
  const double a = std::fabs(x);
  char buf[64];
  if (a != 0.0 && (a < 1e-4 || a >= 1e15)) {
    std::snprintf(buf, sizeof buf, "%.6g", x);
  } else if (a >= 1000.0) {
    std::snprintf(buf, sizeof buf, "%.1f", x);
  } else {
    std::snprintf(buf, sizeof buf, "%.4f", x);
  }
  return buf;
}

}  // namespace

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void Table::add(std::vector<Cell> row) {
  if (row.size() != columns.size()) throw std::logic_error("Table::add: row width differs from the header");
  rows.push_back(std::move(row));
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
          return number_text(v);
        } else {
          return v.to_string();
        }
      },
      cell);
}

std::string to_text(const Table& table) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> width(table.columns.size());
  for (std::size_t c = 0; c < table.columns.size(); ++c) width[c] = display_width(table.columns[c]);
  for (const auto& row : table.rows) {
    std::vector<std::string> texts;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string t;
      if (const auto* m = std::get_if<Money>(&row[c])) {
        t = m->to_string_grouped();
      } else if (const auto* d = std::get_if<double>(&row[c])) {
        t = readable(*d);
      } else {
        t = cell_text(row[c]);
      }
      width[c] = std::max(width[c], display_width(t));
      texts.push_back(std::move(t));
    }
    cells.push_back(std::move(texts));
  }
  const auto pad = [](const std::string& s, std::size_t w, bool right) {
    const std::size_t used = display_width(s);
    const std::string fill(w > used ? w - used : 0, ' ');
    return right ? fill + s : s + fill;
  };
  std::vector<bool> numeric(table.columns.size(), !table.rows.empty());
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) numeric[c] = numeric[c] && is_number(row[c]);
  }
  std::string out;
  const auto line = [&](const std::vector<std::string>& texts) {
    std::string l;
    for (std::size_t c = 0; c < texts.size(); ++c) {
      if (c > 0) l += "  ";
      l += pad(texts[c], width[c], numeric[c]);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(table.columns);
  for (const auto& texts : cells) line(texts);
  return out;
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

boost::json::value to_json(const Table& table) {
  boost::json::array rows;
  for (const auto& row : table.rows) {
    boost::json::object o;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string& key = table.columns[c];
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Money>) {
              o[key] = v.to_string();
            } else if constexpr (std::is_same_v<T, double>) {
              if (std::isfinite(v)) {
                o[key] = v;
              } else {
                o[key] = nullptr;
              }
            } else {
              o[key] = v;
            }
          },
          row[c]);
    }
    rows.push_back(std::move(o));
  }
  return rows;
}

AtomicFiles::AtomicFiles(std::filesystem::path dir) : dir_(std::move(dir)) {
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

}  // namespace ygt::detail
