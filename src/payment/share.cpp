#include "yigongti/payment/share.hpp"

#include <cmath>
#include "core/text.hpp"

namespace ygt {

Money Share::of(Money amount, Rounding mode) const {
  if (is_fraction()) return amount.scaled(numerator_, denominator_, mode);
  return amount.scaled(value_, mode);
}

Share Share::times(double factor) const noexcept {
  if (factor == 1.0) return *this;
  if (factor == 0.0) return Share{};
  return Share(value_ * factor);
}

void Share::check(ProblemList& problems, const ProblemPath& path) const {
  if (is_fraction()) {
    if (denominator_ > 0 && numerator_ >= 0 && numerator_ <= denominator_) return;
    const char* expected = "a fraction n/d with d > 0 and 0 <= n <= d";
    if (denominator_ <= 0) {
      problems.add(path.str(), "the fraction " + to_string() + " has a denominator <= 0", expected);
    } else {
      problems.add(path.str(), "the fraction " + to_string() + " is outside [0, 1]", expected);
    }
    return;
  }
  if (std::isfinite(value_) && value_ >= 0.0 && value_ <= 1.0) return;
  if (!std::isfinite(value_)) {
    problems.add(path.str(), "not a finite number", "a share in [0, 1]");
  } else {
    problems.add(path.str(), "share " + to_string() + " is outside [0, 1]", "a share in [0, 1]");
  }
}

std::vector<Problem> Share::check(const ProblemPath& path) const {
  ProblemList problems;
  check(problems, path);
  return problems.problems();
}

std::string Share::to_string() const {
  if (is_fraction()) return std::to_string(numerator_) + "/" + std::to_string(denominator_);
  return detail::number_text(value_);
}

}  // namespace ygt
