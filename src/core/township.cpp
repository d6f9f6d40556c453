#include "yigongti/core/township.hpp"

#include <cmath>
#include <string>

#include "yigongti/core/ids.hpp"

namespace ygt {

std::vector<Problem> Township::check(const TownshipSpec& spec) {
  std::vector<Problem> problems;
  if (!is_valid_id(spec.id))
    problems.push_back({"id", "invalid id \"" + spec.id + "\"", std::string(id_expectation)});
  for (std::size_t age = 0; age < age_count; ++age) {
    const double p = spec.population[age];
    if (!std::isfinite(p) || p < 0.0) {
      problems.push_back({"population", "residents aged " + std::to_string(age) + ": " + std::to_string(p),
                          "a finite number >= 0 at every age"});
    }
  }
  for (Tier t : all_tiers) {
    const auto& m = spec.minutes[index(t)];
    if (m && (!std::isfinite(*m) || *m < 0.0)) {
      problems.push_back({"minutes." + std::string(to_string(t)),
                          "travel time " + std::to_string(*m) + " minutes",
                          "a finite number of minutes >= 0"});
    }
  }
  return problems;
}

Township::Township(TownshipSpec spec) : spec_(std::move(spec)) {
  ProblemList problems;
  problems.append(check(spec_));
  problems.throw_if_any("township " + spec_.id);
  if (spec_.name.empty()) spec_.name = spec_.id;
}

}  // namespace ygt
