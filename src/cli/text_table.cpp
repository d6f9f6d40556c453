#include "cli/text_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/text.hpp"

namespace ygt::cli {
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
  if (!std::isfinite(x)) return detail::number_text(x);
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

std::string cell_for_people(const Cell& cell) {
  if (const auto* m = std::get_if<Money>(&cell)) return m->to_string_grouped();
  if (const auto* d = std::get_if<double>(&cell)) return readable(*d);
  return cell_text(cell);
}

std::string band_text(Indicator indicator, double mean, double low, double high) {
  const auto text = [&](double x) { return cell_for_people(indicator_cell(indicator, x)); };
  return text(mean) + " [" + text(low) + ", " + text(high) + "]";
}

std::string to_text(const Table& table) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> width(table.columns.size());
  for (std::size_t c = 0; c < table.columns.size(); ++c) width[c] = display_width(table.columns[c]);
  for (const auto& row : table.rows) {
    std::vector<std::string> texts;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string t = cell_for_people(row[c]);
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

}  // namespace ygt::cli
