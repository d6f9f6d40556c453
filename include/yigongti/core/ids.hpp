#pragma once
/// \file
/// Identifiers of townships, institutions and alliances.

#include <cstddef>
#include <string_view>

namespace ygt {

/// Longest identifier accepted.
inline constexpr std::size_t max_id_length = 64;

/// True when `id` is 1..64 characters of ASCII letters, digits, `_`, `-` or `.`
/// (ids appear as column values in CSV outputs and must need no quoting).
[[nodiscard]] constexpr bool is_valid_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > max_id_length) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

/// What `is_valid_id` accepts, for error messages.
inline constexpr std::string_view id_expectation = "1 to 64 ASCII letters, digits, '_', '-' or '.'";

}  // namespace ygt
