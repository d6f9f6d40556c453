#include "yigongti/core/county.hpp"

#include <numeric>
#include <stdexcept>
#include <string>

#include "yigongti/core/ids.hpp"

namespace ygt {
namespace {

std::string at(const char* key, std::size_t i) {
  return std::string(key) + "[" + std::to_string(i) + "]";
}

std::string in_quotes(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

/// Adds a problem for every id already seen in the same collection.
template <class Spec>
void check_unique_ids(const std::vector<Spec>& specs, const char* key, ProblemList& problems) {
  std::unordered_map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto [it, inserted] = first.emplace(specs[i].id, i);
    if (!inserted) {
      problems.add(at(key, i) + ".id", "duplicate id " + in_quotes(specs[i].id),
                   "an id not used by " + at(key, it->second));
    }
  }
}

}  // namespace

std::vector<Problem> County::check(const CountySpec& spec) {
  ProblemList problems;
  if (!is_valid_id(spec.id))
    problems.add("id", "invalid id " + in_quotes(spec.id), std::string(id_expectation));

  for (std::size_t i = 0; i < spec.townships.size(); ++i) {
    problems.append(Township::check(spec.townships[i]), at("townships", i));
  }
  for (std::size_t i = 0; i < spec.institutions.size(); ++i) {
    problems.append(Institution::check(spec.institutions[i]), at("institutions", i));
  }
  for (std::size_t i = 0; i < spec.alliances.size(); ++i) {
    problems.append(Alliance::check(spec.alliances[i]), at("alliances", i));
  }
  check_unique_ids(spec.townships, "townships", problems);
  check_unique_ids(spec.institutions, "institutions", problems);
  check_unique_ids(spec.alliances, "alliances", problems);

  std::unordered_map<std::string, std::size_t> township_of;
  for (std::size_t i = 0; i < spec.townships.size(); ++i) township_of.emplace(spec.townships[i].id, i);
  std::unordered_map<std::string, std::size_t> institution_of;
  for (std::size_t i = 0; i < spec.institutions.size(); ++i)
    institution_of.emplace(spec.institutions[i].id, i);

  PerTier<bool> present{};
  present[index(Tier::out_of_county)] = true;
  for (std::size_t i = 0; i < spec.institutions.size(); ++i) {
    const InstitutionSpec& inst = spec.institutions[i];
    present[index(inst.tier)] = true;
    if (!inst.township.empty() && !township_of.contains(inst.township)) {
      problems.add(at("institutions", i) + ".township", "unknown township " + in_quotes(inst.township),
                   "the id of one of the county's townships");
    }
  }

  // Every township needs travel times to every setting a patient may choose.
  for (std::size_t i = 0; i < spec.townships.size(); ++i) {
    for (Tier t : all_tiers) {
      if (present[index(t)] && !spec.townships[i].minutes[index(t)]) {
        problems.add(at("townships", i) + ".minutes." + std::string(to_string(t)),
                     "no travel time to the " + std::string(to_string(t)) + " tier, which the county has",
                     "minutes >= 0 for every tier with an institution, and for out_of_county");
      }
    }
  }

  std::unordered_map<std::string, std::size_t> alliance_of;  // institution id -> index of its first alliance
  for (std::size_t a = 0; a < spec.alliances.size(); ++a) {
    const AllianceSpec& al = spec.alliances[a];
    const auto check_ref = [&](const std::string& id, const std::string& path, bool is_lead) {
      const auto it = institution_of.find(id);
      if (it == institution_of.end()) {
        problems.add(path, "unknown institution " + in_quotes(id),
                     "the id of one of the county's institutions");
        return;
      }
      const Tier tier = spec.institutions[it->second].tier;
      if (is_lead && tier != Tier::county && tier != Tier::municipal) {
        problems.add(path,
                     "lead " + in_quotes(id) + " is a " + std::string(to_string(tier)) + "-tier institution",
                     "a county or municipal hospital as lead");
      }
      if (!is_lead && tier == Tier::out_of_county) {
        problems.add(path, "member " + in_quotes(id) + " is out of county",
                     "members inside the county or municipal tier");
      }
      // Twice in the same alliance is the alliance's own check.
      const auto [prev, inserted] = alliance_of.emplace(id, a);
      if (!inserted && prev->second != a) {
        problems.add(path,
                     "institution " + in_quotes(id) + " already belongs to alliance " +
                         in_quotes(spec.alliances[prev->second].id),
                     "each institution in at most one alliance");
      }
    };
    for (std::size_t j = 0; j < al.lead.size(); ++j)
      check_ref(al.lead[j], at("alliances", a) + "." + at("lead", j), true);
    for (std::size_t j = 0; j < al.members.size(); ++j) {
      check_ref(al.members[j], at("alliances", a) + "." + at("members", j), false);
    }
  }
  return problems.problems();
}

County::County(CountySpec spec) {
  ProblemList problems;
  problems.append(check(spec));
  problems.throw_if_any("county " + spec.id);
  id_ = std::move(spec.id);
  name_ = spec.name.empty() ? id_ : std::move(spec.name);
  townships_.reserve(spec.townships.size());
  for (auto& t : spec.townships) {
    township_index_.emplace(t.id, townships_.size());
    townships_.emplace_back(std::move(t));
  }
  institutions_.reserve(spec.institutions.size());
  for (auto& i : spec.institutions) {
    institution_index_.emplace(i.id, institutions_.size());
    institutions_.emplace_back(std::move(i));
  }
  alliances_.reserve(spec.alliances.size());
  for (auto& a : spec.alliances) {
    const std::size_t k = alliances_.size();
    alliance_index_.emplace(a.id, k);
    for (const auto& id : a.lead) alliance_of_.emplace(id, k);
    for (const auto& id : a.members) alliance_of_.emplace(id, k);
    alliances_.emplace_back(std::move(a));
  }
  alliance_by_institution_.reserve(institutions_.size());
  for (const auto& i : institutions_) {
    const auto it = alliance_of_.find(i.id());
    alliance_by_institution_.push_back(it == alliance_of_.end() ? no_alliance : it->second);
  }
}

namespace {

template <class T>
const T* find_in(const std::vector<T>& items, const std::unordered_map<std::string, std::size_t>& index,
                 std::string_view id) {
  const auto it = index.find(std::string(id));
  return it == index.end() ? nullptr : &items[it->second];
}

template <class T>
const T& get_in(const T* found, const char* what, std::string_view id) {
  if (found == nullptr)
    throw std::out_of_range(std::string("ygt::County: no ") + what + " \"" + std::string(id) + "\"");
  return *found;
}

}  // namespace

const Township* County::find_township(std::string_view id) const {
  return find_in(townships_, township_index_, id);
}
const Institution* County::find_institution(std::string_view id) const {
  return find_in(institutions_, institution_index_, id);
}
const Alliance* County::find_alliance(std::string_view id) const {
  return find_in(alliances_, alliance_index_, id);
}
const Township& County::township(std::string_view id) const {
  return get_in(find_township(id), "township", id);
}
const Institution& County::institution(std::string_view id) const {
  return get_in(find_institution(id), "institution", id);
}
const Alliance& County::alliance(std::string_view id) const {
  return get_in(find_alliance(id), "alliance", id);
}

const Alliance* County::alliance_of(std::string_view institution_id) const {
  return find_in(alliances_, alliance_of_, institution_id);
}

bool County::has_tier(Tier tier) const noexcept {
  if (tier == Tier::out_of_county) return true;
  for (const auto& i : institutions_) {
    if (i.tier() == tier) return true;
  }
  return false;
}

std::vector<Tier> County::settings() const {
  std::vector<Tier> out;
  for (Tier t : all_tiers) {
    if (has_tier(t)) out.push_back(t);
  }
  return out;
}

long long County::facility_count(Tier tier) const noexcept {
  long long n = 0;
  for (const auto& i : institutions_) {
    if (i.tier() == tier) n += i.count();
  }
  return n;
}

long long County::staff(Tier tier) const noexcept {
  long long n = 0;
  for (const auto& i : institutions_) {
    if (i.tier() == tier) n += i.staff();
  }
  return n;
}

double County::total_population() const noexcept {
  return std::accumulate(townships_.begin(), townships_.end(), 0.0,
                         [](double s, const Township& t) { return s + t.total_population(); });
}

}  // namespace ygt
