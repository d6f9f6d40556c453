#pragma once
// Reading validated values out of a parsed JSON document, with the JSON path of
// every problem. Internal to the library (not installed).

#include <boost/json/value.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"

namespace ygt::detail {

/// Limits that keep a hostile document from exhausting memory or the stack.
struct JsonLimits {
  std::size_t max_file_bytes = 64u << 20;    ///< 64 MiB
  std::size_t max_depth = 64;                ///< nesting of arrays and objects
  std::size_t max_array_length = 1'000'000;  ///< elements in one array
  std::size_t max_string_bytes = 1u << 20;   ///< 1 MiB in one string
};

/// Parses `text` as JSON with comments and trailing commas allowed, within
/// `limits`. On failure adds a problem (with line and column) to `problems`
/// and returns nothing.
[[nodiscard]] std::optional<boost::json::value> parse_json(std::string_view text, const JsonLimits& limits,
                                                           ProblemList& problems);

/// Reads a whole file, refusing one larger than `max_bytes`. On failure adds a
/// problem and returns nothing.
[[nodiscard]] std::optional<std::string> read_text_file(const std::string& path, std::size_t max_bytes,
                                                        ProblemList& problems,
                                                        const std::string& problem_path = {});

/// The JSON type name of a value, for messages ("a string", "an array", ...).
[[nodiscard]] std::string json_kind(const boost::json::value& v);

/// The path of element `i` of the array at `path`.
[[nodiscard]] std::string element_path(const std::string& path, std::size_t i);

/// The value of `E` named `text`; otherwise a problem at `path`, `unknown WHAT
/// "text"` with the nearest name, expecting one of the names.
template <NamedEnum E>
std::optional<E> as_enum(std::string_view text, const std::string& path, std::string_view what,
                         ProblemList& problems) {
  if (auto e = parse_enum<E>(text)) return e;
  constexpr auto names = names_of(E{});
  problems.add(path, with_suggestion("unknown " + std::string(what) + " " + quoted(text), text, names.list()),
               names.alternatives());
  return std::nullopt;
}

/// Whether a key must be present.
enum class Need : bool { optional, required };

/// Reads the members of one JSON object, recording every problem with its path.
///
/// Every key the schema knows is asked for (whether present or not); `finish()`
/// (or the destructor) then reports each key that was never asked for as
/// unknown, suggesting the nearest known key.
class ObjectReader {
 public:
  ObjectReader(const boost::json::value& value, std::string path, ProblemList& problems);
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;
  ~ObjectReader() { finish(); }

  /// False when the value was not an object (already reported).
  [[nodiscard]] bool ok() const noexcept { return object_ != nullptr; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// The path of member `key`.
  [[nodiscard]] std::string path_of(std::string_view key) const;
  /// Whether `key` is present (and marks it known).
  [[nodiscard]] bool has(std::string_view key);

  /// The raw member, or nullptr (reporting it when required and missing).
  const boost::json::value* get(std::string_view key, Need need = Need::optional,
                                std::string_view expected = {});

  std::optional<std::string> string(std::string_view key, Need need = Need::optional);
  /// `true` or `false`.
  std::optional<bool> boolean(std::string_view key, Need need = Need::optional);
  /// A finite number within [lo, hi].
  std::optional<double> number(std::string_view key, Need need = Need::optional, double lo = -1e300,
                               double hi = 1e300);
  /// A whole number within [lo, hi].
  std::optional<long long> integer(std::string_view key, Need need = Need::optional,
                                   long long lo = -(1LL << 53), long long hi = 1LL << 53);
  /// An amount of money: a JSON string of decimal yuan ("857.5"), or a number
  /// written with at most two decimals.
  std::optional<Money> money(std::string_view key, Need need = Need::optional);
  /// A string naming a value of `E` (`as_enum`; `what` names the kind in messages).
  template <NamedEnum E>
  std::optional<E> enumerator(std::string_view key, std::string_view what, Need need = Need::optional) {
    auto text = string(key, need);
    if (!text) return std::nullopt;
    return as_enum<E>(*text, path_of(key), what, problems_);
  }
  /// An array of strings each naming a value of `E`; nothing when any does not.
  template <NamedEnum E>
  std::optional<std::vector<E>> enumerators(std::string_view key, std::string_view what,
                                            Need need = Need::optional) {
    auto texts = strings(key, need);
    if (!texts) return std::nullopt;
    std::vector<E> out;
    bool good = true;
    for (std::size_t i = 0; i < texts->size(); ++i) {
      const auto e = as_enum<E>((*texts)[i], element_path(path_of(key), i), what, problems_);
      if (e) out.push_back(*e);
      good = good && e.has_value();
    }
    if (!good) return std::nullopt;
    return out;
  }
  /// An array of numbers within [lo, hi].
  std::optional<std::vector<double>> numbers(std::string_view key, Need need = Need::optional,
                                             double lo = -1e300, double hi = 1e300);
  /// An array of whole numbers within [lo, hi].
  std::optional<std::vector<int>> integers(std::string_view key, Need need = Need::optional,
                                           int lo = -(1 << 30), int hi = 1 << 30);
  /// An array of strings.
  std::optional<std::vector<std::string>> strings(std::string_view key, Need need = Need::optional);
  /// Calls `fn(element, path)` for each element of an array member.
  void for_each(std::string_view key, Need need,
                const std::function<void(const boost::json::value&, const std::string&)>& fn);

  /// Reports unknown keys (once).
  void finish();

  [[nodiscard]] ProblemList& problems() noexcept { return problems_; }

 private:
  const boost::json::object* object_ = nullptr;
  std::string path_;
  ProblemList& problems_;
  std::vector<std::string> known_;
  bool finished_ = false;
};

/// Converts a JSON value to a finite double, reporting a problem at `path` if it is not one.
std::optional<double> as_number(const boost::json::value& v, const std::string& path, ProblemList& problems);
/// Converts a JSON value to a string, reporting a problem at `path` if it is not one.
std::optional<std::string> as_string(const boost::json::value& v, const std::string& path,
                                     ProblemList& problems);
/// Converts a JSON value to money, reporting a problem at `path` if it is not one.
std::optional<Money> as_money(const boost::json::value& v, const std::string& path, ProblemList& problems);

}  // namespace ygt::detail
