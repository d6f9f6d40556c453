#pragma once
// Editing the text of a scenario file in tests.

#include <boost/json.hpp>
#include <string>
#include <string_view>

namespace ygt::testing {

/// `text` (a scenario file, comments allowed) without its top-level member
/// `key`, as plain JSON (the comments are dropped).
inline std::string without_member(const std::string& text, std::string_view key) {
  boost::json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  boost::json::value v = boost::json::parse(text, {}, options);
  v.as_object().erase(key);
  return boost::json::serialize(v);
}

}  // namespace ygt::testing
