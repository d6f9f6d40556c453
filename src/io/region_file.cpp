#include "yigongti/io/region_file.hpp"

#include <boost/crc.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "core/text.hpp"
#include "io/json_reader.hpp"
#include "io/sections.hpp"
#include "yigongti/core/ids.hpp"
#include "yigongti/io/scenario_file.hpp"

namespace ygt {
namespace {

namespace json = boost::json;
using detail::Need;
using detail::ObjectReader;

/// One entry of `region.counties`: the county's document, where it came
/// from, and how its problems are reported.
struct CountyEntry {
  json::value doc;
  std::string text;                ///< what its checksum is made of
  std::string origin;              ///< the file that names its problems
  std::filesystem::path base_dir;  ///< where its tables are read from
  std::string path;                ///< `region.counties[i]`
  bool in_region_file = true;      ///< written in the region file (its problems get `path` in front)
  std::string file;                ///< the `file` given, for a county file
  std::string id;                  ///< `county.id` as written, when it is a string
  std::string joined;              ///< the city hospitals its groups add to its institutions, quoted
};

/// The county's id as written (`county.id`), or empty.
std::string county_id_of(const json::value& doc) {
  const auto* top = doc.if_object();
  if (top == nullptr) return {};
  const auto* county = top->if_contains("county");
  if (county == nullptr || !county->is_object()) return {};
  const auto* id = county->as_object().if_contains("id");
  return id != nullptr && id->is_string() ? std::string(id->as_string()) : std::string();
}

/// The object of the alliance `id` in a county document, or nullptr.
const json::object* alliance_in(const json::value& doc, std::string_view id) {
  const auto* county = doc.as_object().if_contains("county");
  if (county == nullptr || !county->is_object()) return nullptr;
  const auto* alliances = county->as_object().if_contains("alliances");
  if (alliances == nullptr || !alliances->is_array()) return nullptr;
  for (const auto& a : alliances->as_array()) {
    if (!a.is_object()) continue;
    const auto* aid = a.as_object().if_contains("id");
    if (aid != nullptr && aid->is_string() && aid->as_string() == id) return &a.as_object();
  }
  return nullptr;
}

json::object* alliance_in(json::value& doc, std::string_view id) {
  return const_cast<json::object*>(alliance_in(std::as_const(doc), id));
}

/// The institution `id` of a county document, or nullptr.
const json::object* institution_in(const json::value& doc, std::string_view id) {
  const auto* county = doc.as_object().if_contains("county");
  if (county == nullptr || !county->is_object()) return nullptr;
  const auto* list = county->as_object().if_contains("institutions");
  if (list == nullptr || !list->is_array()) return nullptr;
  for (const auto& i : list->as_array()) {
    if (!i.is_object()) continue;
    const auto* iid = i.as_object().if_contains("id");
    if (iid != nullptr && iid->is_string() && iid->as_string() == id) return &i.as_object();
  }
  return nullptr;
}

bool lists(const json::object& alliance, std::string_view key, std::string_view id) {
  const auto* list = alliance.if_contains(key);
  if (list == nullptr || !list->is_array()) return false;
  for (const auto& x : list->as_array()) {
    if (x.is_string() && x.as_string() == id) return true;
  }
  return false;
}

InstitutionSpec read_hospital(const json::value& v, const std::string& path, ProblemList& problems) {
  ObjectReader obj(v, path, problems);
  InstitutionSpec h;
  h.tier = Tier::municipal;
  if (!obj.ok()) return h;
  h.id = obj.string("id", Need::required).value_or("");
  h.name = obj.string("name").value_or("");
  if (auto tier = obj.enumerator<Tier>("tier", "tier"); tier && *tier != Tier::municipal) {
    problems.add(obj.path_of("tier"), "a city hospital of tier " + std::string(to_string(*tier)),
                 "municipal (the region's hospitals are city hospitals)");
  }
  if (auto kind = obj.enumerator<InstitutionKind>("kind", "kind")) h.kind = *kind;
  constexpr long long big = 1LL << 40;
  h.beds = obj.integer("beds", Need::optional, 0, big).value_or(0);
  h.staff = obj.integer("staff", Need::optional, 0, big).value_or(0);
  h.count = obj.integer("count", Need::optional, 1, big).value_or(1);
  if (!is_valid_id(h.id) && obj.has("id"))
    problems.add(obj.path_of("id"), "invalid id " + detail::quoted(h.id), std::string(id_expectation));
  return h;
}

/// The county document of a `file` entry, or nothing (with problems).
std::optional<CountyEntry> read_county_file(const std::string& file, const std::filesystem::path& base_dir,
                                            const std::string& path, ProblemList& problems) {
  const detail::JsonLimits limits;
  const std::filesystem::path full = (base_dir / file).lexically_normal();  // as a scenario's tables
  auto text = detail::read_text_file(full.string(), limits.max_file_bytes, problems, path);
  if (!text) return std::nullopt;
  ProblemList parse_problems;
  auto doc = detail::parse_json(*text, limits, parse_problems);
  if (!doc) {
    for (const Problem& p : parse_problems.problems())
      problems.add(path, full.string() + ": " + p.what, "a county scenario file");
    return std::nullopt;
  }
  if (!doc->is_object()) {
    problems.add(path, full.string() + " holds " + detail::json_kind(*doc), "a county scenario file");
    return std::nullopt;
  }
  if (doc->as_object().contains("region")) {
    problems.add(path, full.string() + " is a region file", "a county scenario file");
    return std::nullopt;
  }
  CountyEntry e;
  e.doc = std::move(*doc);
  e.text = std::move(*text);
  e.origin = full.string();
  e.base_dir = full.parent_path();
  e.file = file;
  e.in_region_file = false;
  return e;
}

/// Reads `region.counties[i]`: `{"file": PATH}` or a county written out.
std::optional<CountyEntry> read_county_entry(const json::value& v, const std::string& path,
                                             const std::string& origin, const std::filesystem::path& base_dir,
                                             const json::value& schema, const json::value& years,
                                             ProblemList& problems) {
  if (!v.is_object()) {
    problems.add(path, detail::json_kind(v) + " where a county belongs",
                 "{\"file\": \"county.json\"} or a county's sections");
    return std::nullopt;
  }
  const json::object& obj = v.as_object();
  if (obj.contains("file")) {
    ObjectReader r(v, path, problems);
    const auto file = r.string("file", Need::required);
    r.finish();
    if (!file) return std::nullopt;
    auto e = read_county_file(*file, base_dir, r.path_of("file"), problems);
    if (e) e->path = path;
    return e;
  }
  bool good = true;
  for (const char* key : {"schema", "years"}) {
    if (obj.contains(key)) {
      problems.add(path + "." + key, "given for one county",
                   std::string("none: the region's ") + key + " apply to every county written in it");
      good = false;
    }
  }
  if (!good) return std::nullopt;
  CountyEntry e;
  json::object doc = obj;
  doc["schema"] = schema;
  doc["years"] = years;
  e.doc = std::move(doc);
  e.text = json::serialize(e.doc);
  e.origin = origin;
  e.base_dir = base_dir;
  e.path = path;
  return e;
}

CityGroup read_group(const json::value& v, const std::string& path, ProblemList& problems) {
  CityGroup g;
  ObjectReader obj(v, path, problems);
  if (!obj.ok()) return g;
  g.id = obj.string("id", Need::required).value_or("");
  g.name = obj.string("name").value_or("");
  g.hospitals = obj.strings("hospitals").value_or(std::vector<std::string>{});
  obj.for_each("alliances", Need::required, [&](const json::value& m, const std::string& p) {
    ObjectReader mo(m, p, problems);
    if (!mo.ok()) return;
    GroupMember member;
    member.county = mo.string("county", Need::required).value_or("");
    member.alliance = mo.string("alliance", Need::required).value_or("");
    g.alliances.push_back(std::move(member));
  });
  if (g.name.empty()) g.name = g.id;
  return g;
}

/// Checks the groups against the hospitals and the counties' documents.
void check_groups(const Region& r, const std::vector<CountyEntry>& entries, ProblemList& problems) {
  std::map<std::string, std::size_t> county_at;
  for (std::size_t c = 0; c < entries.size(); ++c) {
    if (!entries[c].id.empty()) county_at.try_emplace(entries[c].id, c);
  }
  std::set<std::string> led;                                                  // hospitals leading a group
  std::map<std::pair<std::string, std::string>, std::string> alliance_group;  // (county, alliance) -> group
  std::map<std::pair<std::string, std::string>, std::string> hospital_in;     // (county, hospital) -> group
  for (std::size_t g = 0; g < r.groups.size(); ++g) {
    const CityGroup& group = r.groups[g];
    const std::string gp = detail::element_path("region.groups", g);
    if (!is_valid_id(group.id))
      problems.add(gp + ".id", "invalid id " + detail::quoted(group.id), std::string(id_expectation));
    for (std::size_t h = 0; h < g; ++h) {
      if (r.groups[h].id == group.id)
        problems.add(gp + ".id", "duplicate id " + detail::quoted(group.id), "a unique group id");
    }
    for (std::size_t h = 0; h < group.hospitals.size(); ++h) {
      const std::string& id = group.hospitals[h];
      const bool known = std::any_of(r.hospitals.begin(), r.hospitals.end(),
                                     [&](const InstitutionSpec& x) { return x.id == id; });
      if (!known) {
        problems.add(detail::element_path(gp + ".hospitals", h), "no city hospital " + detail::quoted(id),
                     "the id of one of region.hospitals");
      }
      led.insert(id);
    }
    if (group.alliances.empty())
      problems.add(gp + ".alliances", "no alliance", "at least one county alliance");
    std::set<std::string> counties_seen;
    for (std::size_t m = 0; m < group.alliances.size(); ++m) {
      const GroupMember& member = group.alliances[m];
      const std::string mp = detail::element_path(gp + ".alliances", m);
      const auto it = county_at.find(member.county);
      if (it == county_at.end()) {
        problems.add(mp + ".county", "no county " + detail::quoted(member.county),
                     "the county.id of one of region.counties");
        continue;
      }
      if (!counties_seen.insert(member.county).second) {
        problems.add(mp + ".county", "a second alliance of county " + detail::quoted(member.county),
                     "at most one alliance of each county in a group (the group's city care of the "
                     "county's residents goes into one purse)");
        continue;
      }
      const json::value& doc = entries[it->second].doc;
      if (alliance_in(doc, member.alliance) == nullptr) {
        problems.add(
            mp + ".alliance",
            "county " + detail::quoted(member.county) + " has no alliance " + detail::quoted(member.alliance),
            "the id of one of that county's alliances");
        continue;
      }
      const auto [at, fresh] = alliance_group.try_emplace({member.county, member.alliance}, group.id);
      if (!fresh) {
        problems.add(mp,
                     "alliance " + detail::quoted(member.alliance) + " of county " +
                         detail::quoted(member.county) + " is already in group " + detail::quoted(at->second),
                     "each alliance in at most one group");
      }
      for (const std::string& h : group.hospitals) {
        const auto [hat, first] = hospital_in.try_emplace({member.county, h}, group.id);
        if (!first) {
          problems.add(mp,
                       "city hospital " + detail::quoted(h) + " would join county " +
                           detail::quoted(member.county) + " through groups " + detail::quoted(hat->second) +
                           " and " + detail::quoted(group.id),
                       "a city hospital in at most one alliance of a county");
        }
        if (const json::object* inst = institution_in(doc, h)) {
          const auto* tier = inst->if_contains("tier");
          if (tier == nullptr || !tier->is_string() || tier->as_string() != "municipal") {
            problems.add(mp,
                         "county " + detail::quoted(member.county) + " has an institution " +
                             detail::quoted(h) + " that is not a city hospital",
                         "no institution with a city hospital's id, or one of tier municipal (the same "
                         "hospital)");
          }
        }
      }
    }
  }
  for (std::size_t h = 0; h < r.hospitals.size(); ++h) {
    if (!led.contains(r.hospitals[h].id)) {
      problems.add(detail::element_path("region.hospitals", h) + ".id",
                   "city hospital " + detail::quoted(r.hospitals[h].id) + " leads no group",
                   "each city hospital among the hospitals of a group");
    }
  }
}

/// The JSON of a city hospital as an institution of a county.
json::object hospital_json(const InstitutionSpec& h) {
  json::object o{{"id", h.id},     {"tier", "municipal"}, {"kind", std::string(to_string(h.kind))},
                 {"beds", h.beds}, {"staff", h.staff},    {"count", h.count}};
  if (!h.name.empty()) o["name"] = h.name;
  return o;
}

/// Puts each group's city hospitals into its counties' documents: among the
/// county's institutions (unless it has one of that id) and the alliance's members.
void join_groups(const Region& r, std::vector<CountyEntry>& entries) {
  for (const CityGroup& group : r.groups) {
    for (const GroupMember& member : group.alliances) {
      for (CountyEntry& e : entries) {
        if (e.id != member.county) continue;
        for (const std::string& id : group.hospitals) {
          const auto h = std::find_if(r.hospitals.begin(), r.hospitals.end(),
                                      [&](const InstitutionSpec& x) { return x.id == id; });
          json::value& list = e.doc.as_object()["county"].as_object()["institutions"];
          if (institution_in(e.doc, id) == nullptr && list.is_array()) {
            list.as_array().push_back(hospital_json(*h));
            e.joined += (e.joined.empty() ? "" : ", ") + detail::quoted(id);
          }
          json::object& alliance = *alliance_in(e.doc, member.alliance);
          if (!lists(alliance, "lead", id) && !lists(alliance, "members", id)) {
            if (!alliance.contains("members")) alliance["members"] = json::array();
            alliance["members"].as_array().push_back(json::string(id));
          }
        }
        if (e.in_region_file) e.text = json::serialize(e.doc);
      }
    }
  }
}

std::string variant_list(const Scenario& sc) {
  std::string out;
  for (const Variant& v : sc.variants) out += (out.empty() ? "" : ", ") + v.id;
  return out;
}

}  // namespace

bool is_region_text(std::string_view text) {
  ProblemList ignored;
  const auto doc = detail::parse_json(text, detail::JsonLimits{}, ignored);
  return doc && doc->is_object() && doc->as_object().contains("region");
}

RegionFile parse_region_file(std::string_view text, const std::string& origin,
                             const std::filesystem::path& base_dir_given) {
  ProblemList problems;
  const detail::JsonLimits limits;
  const auto doc = detail::parse_json(text, limits, problems);
  problems.throw_if_any(origin);
  const std::filesystem::path base_dir =
      base_dir_given.empty() ? std::filesystem::path(origin).parent_path() : base_dir_given;

  RegionFile file;
  Region& r = file.region;
  r.origin = origin;
  std::vector<CountyEntry> entries;
  {
    ObjectReader top(*doc, "", problems);
    if (!top.ok()) problems.throw_if_any(origin);
    file.schema = top.string("schema", Need::required).value_or("");
    if (top.has("schema") && !file.schema.empty() && file.schema != scenario_schema) {
      problems.add("schema", "unsupported schema " + detail::quoted(file.schema),
                   detail::quoted(scenario_schema));
    }
    r.name = top.string("name", Need::required).value_or("");
    r.description = top.string("description").value_or("");
    const auto years = detail::read_years(top);
    if (years) r.years = *years;
    if (const json::value* region =
            top.get("region", Need::required, "the region: id, hospitals, groups and counties")) {
      ObjectReader reg(*region, "region", problems);
      if (reg.ok()) {
        r.id = reg.string("id", Need::required).value_or("");
        if (reg.has("id") && !is_valid_id(r.id))
          problems.add("region.id", "invalid id " + detail::quoted(r.id), std::string(id_expectation));
        if (auto name = reg.string("name")) r.name = *name;
        reg.for_each("hospitals", Need::optional, [&](const json::value& v, const std::string& p) {
          r.hospitals.push_back(read_hospital(v, p, problems));
        });
        for (std::size_t i = 0; i < r.hospitals.size(); ++i) {
          for (std::size_t j = 0; j < i; ++j) {
            if (r.hospitals[i].id == r.hospitals[j].id)
              problems.add(detail::element_path("region.hospitals", i) + ".id",
                           "duplicate id " + detail::quoted(r.hospitals[i].id), "a unique hospital id");
          }
        }
        reg.for_each("groups", Need::optional, [&](const json::value& v, const std::string& p) {
          r.groups.push_back(read_group(v, p, problems));
        });
        const json::value schema_value(scenario_schema);
        const json::value years_value =
            top.has("years") ? doc->as_object().at("years") : json::value(json::object());
        reg.for_each("counties", Need::required, [&](const json::value& v, const std::string& p) {
          if (auto e = read_county_entry(v, p, origin, base_dir, schema_value, years_value, problems)) {
            e->id = county_id_of(e->doc);
            entries.push_back(std::move(*e));
          }
        });
        if (reg.has("counties") && region->as_object().at("counties").is_array() &&
            region->as_object().at("counties").as_array().empty()) {
          problems.add("region.counties", "no county", "at least one county");
        }
      }
    }
  }
  problems.throw_if_any(origin);
  for (std::size_t c = 0; c < entries.size(); ++c) {
    for (std::size_t d = 0; d < c; ++d) {
      if (!entries[c].id.empty() && entries[c].id == entries[d].id)
        problems.add(entries[c].path, "a second county with id " + detail::quoted(entries[c].id),
                     "a unique county.id for each county of the region");
    }
  }
  check_groups(r, entries, problems);
  problems.throw_if_any(origin);
  join_groups(r, entries);

  boost::crc_32_type crc;
  crc.process_bytes(text.data(), text.size());
  for (CountyEntry& e : entries) {
    ScenarioFile county;
    try {
      county = detail::parse_scenario_document(e.doc, e.text, e.origin, e.base_dir);
    } catch (const InputError& error) {
      if (e.in_region_file) {
        problems.append(error.problems(), e.path);
      } else {
        // The county file's problems, each naming that file and its own path.
        for (const Problem& p : error.problems())
          problems.add(e.path + ".file", e.origin + ": " + p.path + ": " + p.what, p.expected);
      }
      if (!e.joined.empty()) {
        problems.add(
            e.path,
            "county " + detail::quoted(e.id) + " has the municipal setting because city hospital " +
                e.joined + " joins it through its group",
            "costs, capabilities and reimbursement at the municipal setting and travel minutes to it "
            "in the county's inputs");
      }
      continue;
    }
    Scenario& sc = county.scenario;
    if (!e.in_region_file && (sc.years.start != r.years.start || sc.years.end != r.years.end)) {
      problems.add(e.path + ".file",
                   e.file + " covers " + std::to_string(sc.years.start) + "-" + std::to_string(sc.years.end) +
                       ", the region " + std::to_string(r.years.start) + "-" + std::to_string(r.years.end),
                   "a county file over the region's years");
    }
    if (!sc.flows) {
      problems.add(e.path, "county " + detail::quoted(sc.county.id()) + " has no service lines",
                   "service_lines, choice and insurance in every county of a region");
    }
    if (!r.counties.empty() && variant_list(sc) != variant_list(r.counties.front())) {
      problems.add(e.path,
                   "variants " + variant_list(sc) + " where county " +
                       detail::quoted(r.counties.front().county.id()) + " has " +
                       variant_list(r.counties.front()),
                   "the same variant ids, in the same order, in every county");
    }
    crc.process_bytes(sc.checksum.data(), sc.checksum.size());
    r.counties.push_back(std::move(sc));
    file.uncertainty.push_back(std::move(county.uncertainty));
    file.calibration.push_back(std::move(county.calibration));
  }
  problems.throw_if_any(origin);
  char digest[16];
  std::snprintf(digest, sizeof digest, "%08x", crc.checksum());
  r.checksum = std::string("crc32:") + digest;
  return file;
}

RegionFile load_region_file(const std::filesystem::path& path) {
  ProblemList problems;
  const detail::JsonLimits limits;
  auto text = detail::read_text_file(path.string(), limits.max_file_bytes, problems);
  problems.throw_if_any(path.string());
  return parse_region_file(*text, path.string(), path.parent_path());
}

}  // namespace ygt
