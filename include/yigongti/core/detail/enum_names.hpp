#pragma once
/// \file
/// The names of an enumeration's values, written once per enumeration: what
/// `to_string` returns, what `parse_enum` accepts, and the alternatives an
/// error message offers. An enumeration gets them by declaring
/// `constexpr auto names_of(E) noexcept` (found by argument-dependent lookup)
/// next to its definition; `EnumNames` is internal, `to_string` and
/// `parse_enum` are the API.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ygt::detail {

/// The snake_case names of the values `0 .. N-1` of the enumeration `E`, in
/// value order.
template <class E, std::size_t N>
struct EnumNames {
  std::array<std::string_view, N> names;

  /// The name of `value` ("?" for a value outside the enumeration).
  [[nodiscard]] constexpr std::string_view name(E value) const noexcept {
    const auto i = static_cast<std::size_t>(value);
    return i < N ? names[i] : std::string_view("?");
  }
  /// The value named `text` exactly, if any.
  [[nodiscard]] constexpr std::optional<E> parse(std::string_view text) const noexcept {
    for (std::size_t i = 0; i < N; ++i) {
      if (names[i] == text) return static_cast<E>(i);
    }
    return std::nullopt;
  }
  /// Every value, in order.
  [[nodiscard]] constexpr std::array<E, N> values() const noexcept {
    std::array<E, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<E>(i);
    return out;
  }
  /// The names as strings, for nearest-name suggestions.
  [[nodiscard]] std::vector<std::string> list() const { return {names.begin(), names.end()}; }
  /// "a, b, c or d": the names as the alternatives of a message.
  [[nodiscard]] std::string alternatives() const {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
      if (i > 0) out += i + 1 == N ? " or " : ", ";
      out += names[i];
    }
    return out;
  }
};

/// The names table of `E` from its names in value order:
/// `enum_names<Shape>("step", "linear")`.
template <class E, class... Names>
[[nodiscard]] constexpr EnumNames<E, sizeof...(Names)> enum_names(Names... names) noexcept {
  return {{std::string_view(names)...}};
}

}  // namespace ygt::detail

namespace ygt {

/// An enumeration whose values have names: `names_of(E{})` gives its table.
template <class E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) {
  names_of(e);
};

/// The snake_case name of `value`, as files and outputs write it.
template <NamedEnum E>
[[nodiscard]] constexpr std::string_view to_string(E value) noexcept {
  return names_of(value).name(value);
}

/// The value of `E` named `name` (snake_case, exact), if any: `parse_enum<Tier>("county")`.
template <NamedEnum E>
[[nodiscard]] constexpr std::optional<E> parse_enum(std::string_view name) noexcept {
  return names_of(E{}).parse(name);
}

}  // namespace ygt
