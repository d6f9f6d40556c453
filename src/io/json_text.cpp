#include "io/json_text.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "core/text.hpp"

namespace ygt::detail {
namespace json = boost::json;
namespace {

bool is_scalar(const json::value& v) {
  return !v.is_object() && !v.is_array();
}

std::string scalar_text(const json::value& v) {
  if (v.is_double()) return std::isfinite(v.get_double()) ? number_text(v.get_double()) : "null";
  return json::serialize(v);
}

std::string key_text(json::string_view key) {
  return json::serialize(json::value(key));
}

void compact(std::string& out, const json::value& v) {
  if (const auto* o = v.if_object()) {
    out += '{';
    bool first = true;
    for (const auto& m : *o) {
      if (!first) out += ',';
      first = false;
      out += key_text(m.key());
      out += ':';
      compact(out, m.value());
    }
    out += '}';
  } else if (const auto* a = v.if_array()) {
    out += '[';
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (i > 0) out += ',';
      compact(out, (*a)[i]);
    }
    out += ']';
  } else {
    out += scalar_text(v);
  }
}

/// Objects and arrays of scalars on one line when short, otherwise one member a line.
void indented(std::string& out, const json::value& v, int indent) {
  const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  if (v.is_object()) {
    const json::object& o = v.get_object();
    if (o.empty()) {
      out += "{}";
      return;
    }
    if (std::all_of(o.begin(), o.end(), [](const auto& m) { return is_scalar(m.value()); })) {
      std::string line = "{";
      for (const auto& m : o)
        line += (line.size() > 1 ? ", " : "") + key_text(m.key()) + ": " + scalar_text(m.value());
      line += "}";
      if (line.size() + static_cast<std::size_t>(indent) <= 110) {
        out += line;
        return;
      }
    }
    out += "{\n";
    std::size_t i = 0;
    for (const auto& m : o) {
      out += pad + key_text(m.key()) + ": ";
      indented(out, m.value(), indent + 2);
      out += ++i < o.size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + "}";
    return;
  }
  if (v.is_array()) {
    const json::array& a = v.get_array();
    if (std::all_of(a.begin(), a.end(), is_scalar)) {
      out += "[";
      for (std::size_t i = 0; i < a.size(); ++i) out += (i == 0 ? "" : ", ") + scalar_text(a[i]);
      out += "]";
      return;
    }
    out += "[\n";
    for (std::size_t i = 0; i < a.size(); ++i) {
      out += pad;
      indented(out, a[i], indent + 2);
      out += i + 1 < a.size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<std::size_t>(indent), ' ') + "]";
    return;
  }
  out += scalar_text(v);
}

}  // namespace

std::string json_text(const json::value& value, JsonLayout layout) {
  std::string out;
  if (layout == JsonLayout::compact) {
    compact(out, value);
  } else {
    indented(out, value, 0);
  }
  return out;
}

}  // namespace ygt::detail
