#include "payment/checks.hpp"

#include <cmath>

#include "core/text.hpp"
#include "yigongti/core/ids.hpp"

namespace ygt {

void check_non_negative(ProblemList& problems, const ProblemPath& path, Money amount) {
  if (amount.is_negative())
    problems.add(path.str(), "negative amount " + amount.to_string(), "an amount >= 0");
}

void check_non_negative(ProblemList& problems, const ProblemPath& path, double value) {
  if (!std::isfinite(value)) {
    problems.add(path.str(), "not a finite number", "a finite number >= 0");
  } else if (value < 0.0) {
    problems.add(path.str(), "negative value " + detail::number_text(value), "a number >= 0");
  }
}

void check_in_range(ProblemList& problems, const ProblemPath& path, double value, double low, double high) {
  if (std::isfinite(value) && value >= low && value <= high) return;
  const std::string expected =
      "a number in [" + detail::number_text(low) + ", " + detail::number_text(high) + "]";
  if (!std::isfinite(value)) {
    problems.add(path.str(), "not a finite number", expected);
  } else {
    problems.add(path.str(), detail::number_text(value) + " is out of range", expected);
  }
}

void check_party(ProblemList& problems, const ProblemPath& path, std::string_view name) {
  if (!is_valid_id(name)) {
    problems.add(path.str(), "invalid id \"" + std::string(name) + "\"", std::string(id_expectation));
  } else if (name == fund_party) {
    problems.add(path.str(), "\"fund\" is the insurance fund's party name",
                 "the id of an alliance or institution");
  }
}

void check_holder(ProblemList& problems, const ProblemPath& path, std::string_view name) {
  check_party(problems, path, name);
  if (name == out_of_county_party) {
    problems.add(path.str(), "\"out_of_county\" names care outside the county",
                 "the id of an alliance, a holder or an ACO");
  }
}

void check_quarter(ProblemList& problems, const ProblemPath& path, int quarter) {
  if (quarter < 0 || quarter > 4) {
    problems.add(path.str(), "quarter " + std::to_string(quarter) + " does not exist",
                 "0 (year end) or 1 to 4");
  }
}

}  // namespace ygt
