#include "yigongti/core/institution.hpp"

#include <string>

#include "yigongti/core/ids.hpp"

namespace ygt {

std::vector<Problem> Institution::check(const InstitutionSpec& spec) {
  std::vector<Problem> problems;
  if (!is_valid_id(spec.id))
    problems.push_back({"id", "invalid id \"" + spec.id + "\"", std::string(id_expectation)});
  if (spec.beds < 0)
    problems.push_back({"beds", "negative bed count " + std::to_string(spec.beds), "an integer >= 0"});
  if (spec.staff < 0) {
    problems.push_back({"staff", "negative staff count " + std::to_string(spec.staff), "an integer >= 0"});
  }
  if (spec.count < 1) {
    problems.push_back(
        {"count", "count " + std::to_string(spec.count) + " stands for no facility", "an integer >= 1"});
  }
  if (is_primary(spec.tier) && spec.township.empty()) {
    problems.push_back({"township",
                        "a " + std::string(to_string(spec.tier)) + "-tier institution names no township",
                        "the id of the township it serves"});
  }
  if (!is_in_county(spec.tier) && !spec.township.empty()) {
    problems.push_back(
        {"township",
         "a " + std::string(to_string(spec.tier)) + "-tier institution is outside the county's townships",
         "no township for municipal and out_of_county institutions"});
  }
  return problems;
}

Institution::Institution(InstitutionSpec spec) : spec_(std::move(spec)) {
  ProblemList problems;
  problems.append(check(spec_));
  problems.throw_if_any("institution " + spec_.id);
  if (spec_.name.empty()) spec_.name = spec_.id;
}

}  // namespace ygt
