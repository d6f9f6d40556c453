#pragma once
// JSON text of a parsed document with numbers as every output writes them
// (`number_text`): one writer for result files and calibrated scenarios.
// Internal to the library.

#include <boost/json/value.hpp>
#include <string>

namespace ygt::detail {

/// How a document is laid out.
enum class JsonLayout {
  compact,   ///< one line, no spaces
  indented,  ///< two spaces a level; objects and arrays of scalars on one line when short
};

/// The text of `value`: doubles by `number_text` (a real that is not finite
/// as null), integers as integers, strings escaped as JSON requires.
[[nodiscard]] std::string json_text(const boost::json::value& value, JsonLayout layout = JsonLayout::compact);

}  // namespace ygt::detail
