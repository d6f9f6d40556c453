#pragma once
// Text helpers that every layer's messages and writers share: number text,
// strict number parsing, quoting, lists of alternatives and nearest-name
// suggestions. Internal to the library (not installed).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ygt::detail {

/// The shortest text that reads back as `x` exactly: the fewest significant
/// digits that round-trip, written without an exponent for magnitudes from
/// 1e-5 to below 1e16 ("709569552.1", "0.25", "1000000") and with one outside
/// them ("1e+20", "2.5e-07"). "NaN", "Inf" and "-Inf" for the rest; -0 is "0".
/// Every writer of results and every message uses it.
[[nodiscard]] std::string number_text(double x);

/// `x` in positional notation, never with an exponent: the shortest digits
/// that round-trip ("857.5", "1e+20" as "100000000000000000000"). For reading a
/// JSON number as decimal money; messages use `number_text`.
[[nodiscard]] std::string fixed_text(double x);

/// A finite number written in full (`text` is nothing but the number, an
/// optional leading '+' allowed), or nothing.
[[nodiscard]] std::optional<double> parse_double(std::string_view text);
/// A whole number in the range of int64 written in full, or nothing.
[[nodiscard]] std::optional<std::int64_t> parse_integer(std::string_view text);

/// `text` without leading and trailing spaces and tabs.
[[nodiscard]] std::string_view trimmed(std::string_view text) noexcept;
/// `text` in double quotes, for messages: "\"t01\"".
[[nodiscard]] std::string quoted(std::string_view text);
/// The items as alternatives: "a", "a or b", "a, b or c".
[[nodiscard]] std::string alternatives(const std::vector<std::string>& items);
/// The items joined by ", ".
[[nodiscard]] std::string joined(const std::vector<std::string>& items);

/// The name in `known` nearest to `name` by edit distance (Damerau-Levenshtein,
/// optimal string alignment), when close enough to be a likely typo: at most
/// 2 edits, or a third of the name's length for long names.
[[nodiscard]] std::optional<std::string> nearest_name(std::string_view name,
                                                      const std::vector<std::string>& known);
/// `what`, followed by ": did you mean `NAME`?" when `nearest_name` finds one.
[[nodiscard]] std::string with_suggestion(std::string what, std::string_view name,
                                          const std::vector<std::string>& known);

}  // namespace ygt::detail
