#pragma once
/// \file
/// Errors raised for bad input: every problem with its place and what was expected.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ygt {

/// One thing wrong with an input: where it is, what is wrong, what was expected.
///
/// `path` is a JSON path such as `county.institutions[3].tier` (or, for a CSV
/// table, `population.csv:12`); `expected` may be empty.
struct Problem {
  std::string path;
  std::string what;
  std::string expected;

  friend bool operator==(const Problem&, const Problem&) = default;
};

/// Where a checked value sits, relative to what is checked: `base`,
/// `base[index]`, `base.field` or `base[index].field`.
///
/// The text is put together only when a problem is reported, so checking valid
/// input builds no strings. The views must outlive the call they are passed to.
class ProblemPath {
 public:
  ProblemPath(const char* base) noexcept : base_(base) {}         // NOLINT(google-explicit-constructor)
  ProblemPath(std::string_view base) noexcept : base_(base) {}    // NOLINT(google-explicit-constructor)
  ProblemPath(const std::string& base) noexcept : base_(base) {}  // NOLINT(google-explicit-constructor)
  /// `base.field`, e.g. `ratios.county`.
  ProblemPath(std::string_view base, std::string_view field) noexcept : base_(base), field_(field) {}
  /// `base[index]`, or `base[index].field` when `field` is not empty.
  ProblemPath(std::string_view base, std::size_t index, std::string_view field = {}) noexcept
      : base_(base), field_(field), index_(index), indexed_(true) {}

  /// The path as text.
  [[nodiscard]] std::string str() const;

 private:
  std::string_view base_;
  std::string_view field_;
  std::size_t index_ = 0;
  bool indexed_ = false;
};

/// Bad input: a scenario, a table or a text that cannot be used as given.
///
/// Carries every problem found (not just the first), each rendered on its own
/// line as `ORIGIN: path: what (expected ...)`. At most `max_listed` lines are
/// rendered; `problems()` keeps them all.
class InputError : public std::runtime_error {
 public:
  static constexpr std::size_t max_listed = 50;

  /// A single problem with no file of origin (e.g. `Money::parse("abc")`).
  explicit InputError(const std::string& message);
  /// All problems found in `origin` (a file name, or a label such as `<text>`).
  InputError(std::string origin, std::vector<Problem> problems);

  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
  [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }

 private:
  std::string origin_;
  std::vector<Problem> problems_;
};

/// Formats one problem as `origin: path: what (expected)`.
[[nodiscard]] std::string format_problem(const std::string& origin, const Problem& problem);

/// Collects problems while a whole input is checked, then throws them together.
///
/// Checking code calls `add` for every problem and `throw_if_any` once at the
/// end, so that a user sees all that is wrong in one run.
class ProblemList {
 public:
  void add(std::string path, std::string what, std::string expected = {}) {
    problems_.push_back({std::move(path), std::move(what), std::move(expected)});
  }
  void add(Problem p) { problems_.push_back(std::move(p)); }
  /// Appends `other`'s problems with `prefix` put in front of each path.
  void append(const std::vector<Problem>& other, const std::string& prefix = {});

  [[nodiscard]] bool empty() const noexcept { return problems_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return problems_.size(); }
  [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }

  /// Throws `InputError(origin, problems)` when any problem was added.
  void throw_if_any(const std::string& origin) const;

 private:
  std::vector<Problem> problems_;
};

}  // namespace ygt
