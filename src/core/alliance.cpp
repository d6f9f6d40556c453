#include "yigongti/core/alliance.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "yigongti/core/ids.hpp"

namespace ygt {

std::optional<Problem> legal_entity_domains_problem(const std::vector<Domain>& unified) {
  std::string names;
  for (Domain d : all_domains) {
    if (std::find(unified.begin(), unified.end(), d) != unified.end()) continue;
    names += (names.empty() ? "\"" : ", \"") + std::string(to_string(d)) + "\"";
  }
  if (names.empty()) return std::nullopt;
  return Problem{"unified", "a legal entity that does not unify " + names,
                 "all eight domains, or no unified list: a legal entity unifies every domain"};
}

std::vector<Problem> Alliance::check(const AllianceSpec& spec) {
  std::vector<Problem> problems;
  if (!is_valid_id(spec.id))
    problems.push_back({"id", "invalid id \"" + spec.id + "\"", std::string(id_expectation)});
  if (spec.lead.empty())
    problems.push_back({"lead", "the alliance has no lead institution", "at least one lead id"});
  std::set<std::string> seen;
  const auto check_list = [&](const std::vector<std::string>& ids, const char* key) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (!seen.insert(ids[i]).second) {
        problems.push_back({std::string(key) + "[" + std::to_string(i) + "]",
                            "institution \"" + ids[i] + "\" is listed twice in the alliance",
                            "each institution once, as lead or as member"});
      }
    }
  };
  check_list(spec.lead, "lead");
  check_list(spec.members, "members");
  for (std::size_t i = 0; i < spec.unified.size(); ++i) {
    if (std::find(spec.unified.begin(), spec.unified.begin() + static_cast<std::ptrdiff_t>(i),
                  spec.unified[i]) != spec.unified.begin() + static_cast<std::ptrdiff_t>(i)) {
      problems.push_back({"unified[" + std::to_string(i) + "]",
                          "domain \"" + std::string(to_string(spec.unified[i])) + "\" is listed twice",
                          "each domain once"});
    }
  }
  if (spec.legal_entity && !spec.unified.empty()) {
    if (auto p = legal_entity_domains_problem(spec.unified)) problems.push_back(std::move(*p));
  }
  return problems;
}

Alliance::Alliance(AllianceSpec spec) : spec_(std::move(spec)) {
  ProblemList problems;
  problems.append(check(spec_));
  problems.throw_if_any("alliance " + spec_.id);
  if (spec_.name.empty()) spec_.name = spec_.id;
  if (spec_.legal_entity && spec_.unified.empty())
    spec_.unified.assign(all_domains.begin(), all_domains.end());
}

bool Alliance::unifies(Domain d) const noexcept {
  return std::find(spec_.unified.begin(), spec_.unified.end(), d) != spec_.unified.end();
}

bool Alliance::includes(std::string_view institution_id) const noexcept {
  const auto is = [&](const std::string& id) { return id == institution_id; };
  return std::any_of(spec_.lead.begin(), spec_.lead.end(), is) ||
         std::any_of(spec_.members.begin(), spec_.members.end(), is);
}

}  // namespace ygt
