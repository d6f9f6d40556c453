#include "yigongti/core/error.hpp"

#include <string>

namespace ygt {

std::string ProblemPath::str() const {
  std::string out(base_);
  if (indexed_) {
    out += '[';
    out += std::to_string(index_);
    out += ']';
  }
  if (!field_.empty()) {
    if (!out.empty()) out += '.';
    out += field_;
  }
  return out;
}
namespace {

std::string render(const std::string& origin, const std::vector<Problem>& problems) {
  std::string text;
  std::size_t listed = 0;
  for (const Problem& p : problems) {
    if (listed == InputError::max_listed) {
      text += "... and " + std::to_string(problems.size() - listed) + " more problems\n";
      break;
    }
    text += format_problem(origin, p);
    text += '\n';
    ++listed;
  }
  if (!text.empty()) text.pop_back();
  return text;
}

}  // namespace

std::string format_problem(const std::string& origin, const Problem& problem) {
  std::string line;
  if (!origin.empty()) line += origin + ": ";
  if (!problem.path.empty()) line += problem.path + ": ";
  line += problem.what;
  if (!problem.expected.empty()) line += " (expected " + problem.expected + ")";
  return line;
}

InputError::InputError(const std::string& message) : std::runtime_error(message) {
  problems_.push_back({{}, message, {}});
}

InputError::InputError(std::string origin, std::vector<Problem> problems)
    : std::runtime_error(render(origin, problems)),
      origin_(std::move(origin)),
      problems_(std::move(problems)) {}

void ProblemList::append(const std::vector<Problem>& other, const std::string& prefix) {
  for (const Problem& p : other) {
    std::string path = prefix;
    if (!prefix.empty() && !p.path.empty() && p.path.front() != '[') path += '.';
    path += p.path;
    problems_.push_back({std::move(path), p.what, p.expected});
  }
}

void ProblemList::throw_if_any(const std::string& origin) const {
  if (!problems_.empty()) throw InputError(origin, problems_);
}

}  // namespace ygt
