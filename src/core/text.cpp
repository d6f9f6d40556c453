#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace ygt::detail {
namespace {

/// Damerau-Levenshtein distance (optimal string alignment) between two names.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

}  // namespace

std::string number_text(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Inf" : "-Inf";
  if (x == 0.0) return "0";
  const double a = std::fabs(x);
  const auto format = a >= 1e-5 && a < 1e16 ? std::chars_format::fixed : std::chars_format::scientific;
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, x, format);
  return std::string(buf, res.ptr);
}

std::string fixed_text(double x) {
  if (!std::isfinite(x)) return number_text(x);
  char buf[400];
  const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
  if (res.ec != std::errc{}) return number_text(x);
  return std::string(buf, res.ptr);
}

std::optional<double> parse_double(std::string_view text) {
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return std::nullopt;
  }
  double x = 0.0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), x);
  if (res.ec != std::errc{} || res.ptr != text.data() + text.size() || !std::isfinite(x)) return std::nullopt;
  return x;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return std::nullopt;
  }
  std::int64_t x = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || res.ec != std::errc{} || res.ptr != text.data() + text.size()) return std::nullopt;
  return x;
}

std::string_view trimmed(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string alternatives(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + items[i];
  return out;
}

std::optional<std::string> nearest_name(std::string_view name, const std::vector<std::string>& known) {
  std::optional<std::string> best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const auto& k : known) {
    const std::size_t d = edit_distance(name, k);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  const std::size_t tolerance = std::max<std::size_t>(2, name.size() / 3);
  if (!best || best_distance > tolerance) return std::nullopt;
  return best;
}

std::string with_suggestion(std::string what, std::string_view name, const std::vector<std::string>& known) {
  if (auto near = nearest_name(name, known)) what += ": did you mean `" + *near + "`?";
  return what;
}

}  // namespace ygt::detail
