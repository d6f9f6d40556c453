#include "io/json_reader.hpp"

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/stream_parser.hpp>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace ygt::detail {
namespace json = boost::json;

namespace {

std::string describe_number(double x) {
  return number_text(x);
}

/// Walks a parsed value to enforce the length limits on every array and string.
void check_lengths(const json::value& v, const JsonLimits& limits, const std::string& path,
                   ProblemList& problems) {
  if (const auto* a = v.if_array()) {
    if (a->size() > limits.max_array_length) {
      problems.add(path.empty() ? "(document)" : path,
                   "array of " + std::to_string(a->size()) + " elements is too long",
                   "at most " + std::to_string(limits.max_array_length) + " elements");
      return;
    }
    for (std::size_t i = 0; i < a->size(); ++i)
      check_lengths((*a)[i], limits, element_path(path, i), problems);
  } else if (const auto* o = v.if_object()) {
    if (o->size() > limits.max_array_length) {
      problems.add(path.empty() ? "(document)" : path, "object with " + std::to_string(o->size()) + " keys",
                   "at most " + std::to_string(limits.max_array_length) + " keys");
      return;
    }
    for (const auto& kv : *o) {
      check_lengths(kv.value(), limits,
                    path.empty() ? std::string(kv.key()) : path + "." + std::string(kv.key()), problems);
    }
  } else if (const auto* s = v.if_string()) {
    if (s->size() > limits.max_string_bytes) {
      problems.add(path, "string of " + std::to_string(s->size()) + " bytes is too long",
                   "at most " + std::to_string(limits.max_string_bytes) + " bytes");
    }
  }
}

std::string list_keys(const std::vector<std::string>& keys) {
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string out;
  for (const auto& k : sorted) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

}  // namespace

std::string element_path(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string json_kind(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

std::optional<json::value> parse_json(std::string_view text, const JsonLimits& limits,
                                      ProblemList& problems) {
  if (text.size() > limits.max_file_bytes) {
    problems.add("", "document of " + std::to_string(text.size()) + " bytes is too large",
                 "at most " + std::to_string(limits.max_file_bytes) + " bytes");
    return std::nullopt;
  }
  json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  options.max_depth = limits.max_depth;
  json::stream_parser parser(json::storage_ptr(), options);
  boost::system::error_code ec;
  std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    consumed = std::min(consumed, text.size());
    const auto line = 1 + static_cast<std::size_t>(std::count(
                              text.begin(), text.begin() + static_cast<std::ptrdiff_t>(consumed), '\n'));
    const std::size_t line_start = text.rfind('\n', consumed == 0 ? 0 : consumed - 1);
    const std::size_t column = consumed - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    std::string what = "not valid JSON at line " + std::to_string(line) + ", column " +
                       std::to_string(column) + ": " + ec.message();
    std::string expected = "JSON (comments and trailing commas allowed)";
    if (ec == json::error::too_deep)
      expected = "nesting at most " + std::to_string(limits.max_depth) + " deep";
    problems.add("", std::move(what), std::move(expected));
    return std::nullopt;
  }
  json::value value = parser.release();
  const std::size_t before = problems.size();
  check_lengths(value, limits, "", problems);
  if (problems.size() != before) return std::nullopt;
  return value;
}

std::optional<std::string> read_text_file(const std::string& path, std::size_t max_bytes,
                                          ProblemList& problems, const std::string& problem_path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.add(problem_path, "cannot open " + quoted(path), "a readable file");
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) {
    problems.add(problem_path, "cannot read " + quoted(path), "a regular, readable file");
    return std::nullopt;
  }
  if (static_cast<std::size_t>(size) > max_bytes) {
    problems.add(problem_path, "file " + quoted(path) + " has " + std::to_string(size) + " bytes",
                 "at most " + std::to_string(max_bytes) + " bytes");
    return std::nullopt;
  }
  in.seekg(0, std::ios::beg);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), size);
  if (!in) {
    problems.add(problem_path, "cannot read " + quoted(path), "a regular, readable file");
    return std::nullopt;
  }
  return text;
}

std::optional<double> as_number(const json::value& v, const std::string& path, ProblemList& problems) {
  double x = 0.0;
  if (v.is_int64()) {
    x = static_cast<double>(v.get_int64());
  } else if (v.is_uint64()) {
    x = static_cast<double>(v.get_uint64());
  } else if (v.is_double()) {
    x = v.get_double();
  } else {
    problems.add(path, json_kind(v) + " where a number belongs", "a number");
    return std::nullopt;
  }
  if (!std::isfinite(x)) {
    problems.add(path, "number is not finite", "a finite number");
    return std::nullopt;
  }
  return x;
}

std::optional<std::string> as_string(const json::value& v, const std::string& path, ProblemList& problems) {
  if (!v.is_string()) {
    problems.add(path, json_kind(v) + " where a string belongs", "a string");
    return std::nullopt;
  }
  return std::string(v.get_string());
}

std::optional<Money> as_money(const json::value& v, const std::string& path, ProblemList& problems) {
  std::string text;
  if (v.is_string()) {
    text = std::string(v.get_string());
  } else if (v.is_int64()) {
    text = std::to_string(v.get_int64());
  } else if (v.is_uint64()) {
    text = std::to_string(v.get_uint64());
  } else if (v.is_double()) {
    // The shortest text that reads back as the same double is what was written
    // for any amount with at most two decimals and 15 significant digits.
    text = fixed_text(v.get_double());
  } else {
    problems.add(path, json_kind(v) + " where an amount belongs",
                 "yuan as a number or a string such as \"857.50\"");
    return std::nullopt;
  }
  try {
    return Money::parse(text);
  } catch (const InputError&) {
    problems.add(path, "not an amount of money: " + text,
                 "yuan with at most two decimals, such as 8570000 or \"857.50\"");
    return std::nullopt;
  }
}

ObjectReader::ObjectReader(const json::value& value, std::string path, ProblemList& problems)
    : path_(std::move(path)), problems_(problems) {
  object_ = value.if_object();
  if (object_ == nullptr) {
    problems_.add(path_, json_kind(value) + " where an object belongs", "an object {...}");
    finished_ = true;
  }
}

std::string ObjectReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

bool ObjectReader::has(std::string_view key) {
  known_.emplace_back(key);
  return object_ != nullptr && object_->contains(key);
}

const json::value* ObjectReader::get(std::string_view key, Need need, std::string_view expected) {
  known_.emplace_back(key);
  if (object_ == nullptr) return nullptr;
  const json::value* v = object_->if_contains(key);
  if (v == nullptr && need == Need::required) {
    problems_.add(path_of(key), "missing",
                  expected.empty() ? "the key " + quoted(key) : std::string(expected));
  }
  return v;
}

std::optional<std::string> ObjectReader::string(std::string_view key, Need need) {
  const json::value* v = get(key, need, "a string");
  if (v == nullptr) return std::nullopt;
  return as_string(*v, path_of(key), problems_);
}

std::optional<bool> ObjectReader::boolean(std::string_view key, Need need) {
  const json::value* v = get(key, need, "true or false");
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) {
    problems_.add(path_of(key), json_kind(*v) + " where true or false belongs", "true or false");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<double> ObjectReader::number(std::string_view key, Need need, double lo, double hi) {
  const json::value* v = get(key, need, "a number");
  if (v == nullptr) return std::nullopt;
  auto x = as_number(*v, path_of(key), problems_);
  if (x && (*x < lo || *x > hi)) {
    problems_.add(path_of(key), describe_number(*x) + " is out of range",
                  "a number from " + describe_number(lo) + " to " + describe_number(hi));
    return std::nullopt;
  }
  return x;
}

std::optional<long long> ObjectReader::integer(std::string_view key, Need need, long long lo, long long hi) {
  const json::value* v = get(key, need, "a whole number");
  if (v == nullptr) return std::nullopt;
  auto x = as_number(*v, path_of(key), problems_);
  if (!x) return std::nullopt;
  if (*x != std::floor(*x)) {
    problems_.add(path_of(key), describe_number(*x) + " is not a whole number", "a whole number");
    return std::nullopt;
  }
  if (*x < static_cast<double>(lo) || *x > static_cast<double>(hi)) {
    problems_.add(path_of(key), describe_number(*x) + " is out of range",
                  "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    return std::nullopt;
  }
  return static_cast<long long>(*x);
}

std::optional<Money> ObjectReader::money(std::string_view key, Need need) {
  const json::value* v = get(key, need, "an amount in yuan");
  if (v == nullptr) return std::nullopt;
  return as_money(*v, path_of(key), problems_);
}

std::optional<std::vector<double>> ObjectReader::numbers(std::string_view key, Need need, double lo,
                                                         double hi) {
  const json::value* v = get(key, need, "an array of numbers");
  if (v == nullptr) return std::nullopt;
  const auto* a = v->if_array();
  if (a == nullptr) {
    problems_.add(path_of(key), json_kind(*v) + " where an array belongs", "an array of numbers");
    return std::nullopt;
  }
  std::vector<double> out;
  out.reserve(a->size());
  bool good = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string p = element_path(path_of(key), i);
    auto x = as_number((*a)[i], p, problems_);
    if (x && (*x < lo || *x > hi)) {
      problems_.add(p, describe_number(*x) + " is out of range",
                    "a number from " + describe_number(lo) + " to " + describe_number(hi));
      x.reset();
    }
    good = good && x.has_value();
    out.push_back(x.value_or(0.0));
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<std::vector<int>> ObjectReader::integers(std::string_view key, Need need, int lo, int hi) {
  auto xs = numbers(key, need);
  if (!xs) return std::nullopt;
  std::vector<int> out;
  out.reserve(xs->size());
  bool good = true;
  for (std::size_t i = 0; i < xs->size(); ++i) {
    const double x = (*xs)[i];
    if (x != std::floor(x) || x < lo || x > hi) {
      problems_.add(element_path(path_of(key), i), describe_number(x) + " is not usable",
                    "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
      good = false;
    }
    out.push_back(static_cast<int>(x));
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> ObjectReader::strings(std::string_view key, Need need) {
  const json::value* v = get(key, need, "an array of strings");
  if (v == nullptr) return std::nullopt;
  const auto* a = v->if_array();
  if (a == nullptr) {
    problems_.add(path_of(key), json_kind(*v) + " where an array belongs", "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(a->size());
  bool good = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    auto s = as_string((*a)[i], element_path(path_of(key), i), problems_);
    good = good && s.has_value();
    out.push_back(s.value_or(std::string{}));
  }
  if (!good) return std::nullopt;
  return out;
}

void ObjectReader::for_each(std::string_view key, Need need,
                            const std::function<void(const json::value&, const std::string&)>& fn) {
  const json::value* v = get(key, need, "an array");
  if (v == nullptr) return;
  const auto* a = v->if_array();
  if (a == nullptr) {
    problems_.add(path_of(key), json_kind(*v) + " where an array belongs", "an array [...]");
    return;
  }
  for (std::size_t i = 0; i < a->size(); ++i) fn((*a)[i], element_path(path_of(key), i));
}

void ObjectReader::finish() {
  if (finished_) return;
  finished_ = true;
  for (const auto& kv : *object_) {
    const std::string_view key = kv.key();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string what = "unknown key " + quoted(key);
    what = with_suggestion(std::move(what), key, known_);
    problems_.add(path_of(key), std::move(what), "one of: " + list_keys(known_));
  }
}

}  // namespace ygt::detail
