#include "yigongti/io/scenario_file.hpp"

#include <boost/crc.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "core/text.hpp"
#include "io/csv.hpp"
#include "io/json_reader.hpp"
#include "io/sections.hpp"
#include "yigongti/core/ids.hpp"
#include "yigongti/flows/flow_model.hpp"

namespace ygt {
namespace {

namespace json = boost::json;
using detail::Need;
using detail::ObjectReader;

constexpr std::size_t max_table_bytes = 64u << 20;

/// A CSV table referred to by the scenario, read once however many townships use it.
struct TableRef {
  std::optional<detail::CsvTable> table;
  std::string label;           ///< the path as written in the scenario
  std::string first_path;      ///< the JSON path that first referred to it
  std::set<std::string> used;  ///< township ids that drew rows from it
};

/// State shared by the readers of one scenario.
struct Loader {
  ProblemList& problems;
  std::filesystem::path base_dir;
  std::map<std::string, TableRef> tables;
  boost::crc_32_type crc;

  TableRef* table(const std::string& file, const std::string& path) {
    auto [it, inserted] = tables.try_emplace(file);
    TableRef& ref = it->second;
    if (inserted) {
      ref.label = file;
      ref.first_path = path;
      // Lexically normal: a folder named on the way that does not exist yet
      // (a calibrated file's `fitted/../population.csv`) is not opened.
      const std::filesystem::path full = (base_dir / file).lexically_normal();
      if (auto text = detail::read_text_file(full.string(), max_table_bytes, problems, path)) {
        crc.process_bytes(text->data(), text->size());
        ref.table = detail::parse_csv(*text, file, path, problems);
      }
    }
    return ref.table ? &ref : nullptr;
  }
};

/// Population from a CSV table with columns township, age_from, count.
std::optional<AgeVector> population_from_table(Loader& loader, const std::string& file,
                                               const std::string& township, const std::string& path) {
  TableRef* ref = loader.table(file, path);
  if (ref == nullptr) return std::nullopt;
  const detail::CsvTable& t = *ref->table;
  ProblemList& problems = loader.problems;
  const auto col_township = t.column("township");
  const auto col_age = t.column("age_from");
  const auto col_count = t.column("count");
  if (!col_township || !col_age || !col_count) {
    problems.add(path, file + ": header does not name the columns township, age_from and count",
                 "a header row `township,age_from,count`");
    return std::nullopt;
  }
  if (t.header.size() != 3) {
    for (const auto& name : t.header) {
      if (name != "township" && name != "age_from" && name != "count") {
        std::string what = file + ": unknown column " + detail::quoted(name);
        what = detail::with_suggestion(std::move(what), name, {"township", "age_from", "count"});
        problems.add(path, std::move(what), "the columns township, age_from and count");
      }
    }
    return std::nullopt;
  }
  ref->used.insert(township);
  std::vector<int> starts;
  std::vector<double> counts;
  bool good = true;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    if (row[*col_township] != township) continue;
    const std::string where = file + ":" + std::to_string(t.line[r]);
    const auto age = detail::parse_integer(row[*col_age]);
    const auto count = detail::parse_double(row[*col_count]);
    if (!age || *age < 0 || *age > open_age) {
      problems.add(path, where + ": age_from " + detail::quoted(row[*col_age]),
                   "a whole number of years from 0 to " + std::to_string(open_age));
    }
    if (!count) problems.add(path, where + ": count " + detail::quoted(row[*col_count]), "a finite number");
    good = good && age && *age >= 0 && *age <= open_age && count;
    starts.push_back(static_cast<int>(age.value_or(0)));
    counts.push_back(count.value_or(0.0));
  }
  if (!good) return std::nullopt;
  if (starts.empty()) {
    problems.add(path, file + " has no rows for township " + detail::quoted(township),
                 "rows `" + township + ",AGE,COUNT` starting at age 0");
    return std::nullopt;
  }
  auto band_problems = check_age_bands(starts, counts, "counts");
  if (!band_problems.empty()) {
    for (auto& p : band_problems) {
      p.what = file + " rows of township " + detail::quoted(township) + ": " + p.path + ": " + p.what;
      p.path.clear();
    }
    problems.append(band_problems, path);
    return std::nullopt;
  }
  return expand_band_counts(starts, counts);
}

std::optional<AgeVector> read_population(Loader& loader, const json::value& v, const std::string& path,
                                         const std::string& township) {
  ObjectReader obj(v, path, loader.problems);
  if (!obj.ok()) return std::nullopt;
  const bool has_bands = obj.has("bands") || obj.has("counts");
  const bool has_ages = obj.has("ages");
  const bool has_file = obj.has("file");
  if (static_cast<int>(has_bands) + static_cast<int>(has_ages) + static_cast<int>(has_file) != 1) {
    loader.problems.add(
        path,
        has_bands || has_ages || has_file ? "more than one form of population given" : "no population given",
        "exactly one of {bands, counts}, {ages} or {file}");
    // Read every form anyway so that their own problems are reported too.
  }
  std::optional<AgeVector> result;
  if (has_bands) {
    auto bands = obj.integers("bands", Need::required, 0, open_age);
    auto counts = obj.numbers("counts", Need::required, 0.0);
    if (bands && counts) {
      const auto problems = check_age_bands(*bands, *counts, "counts");
      loader.problems.append(problems, path);
      if (problems.empty()) result = expand_band_counts(*bands, *counts);
    }
  }
  if (has_ages) {
    if (auto ages = obj.numbers("ages", Need::required, 0.0)) {
      if (ages->size() != age_count) {
        loader.problems.add(obj.path_of("ages"), std::to_string(ages->size()) + " values",
                            "101 values: ages 0 to 99 and 100+");
      } else {
        AgeVector a{};
        std::copy(ages->begin(), ages->end(), a.begin());
        result = a;
      }
    }
  }
  if (has_file) {
    if (auto file = obj.string("file", Need::required)) {
      result = population_from_table(loader, *file, township, obj.path_of("file"));
    }
  }
  return result;
}

void read_township(Loader& loader, const json::value& v, const std::string& path, CountySpec& county) {
  ObjectReader obj(v, path, loader.problems);
  if (!obj.ok()) return;
  TownshipSpec t;
  t.id = obj.string("id", Need::required).value_or("");
  t.name = obj.string("name").value_or("");
  if (const json::value* pop = obj.get("population", Need::required, "the township's residents by age")) {
    if (auto p = read_population(loader, *pop, obj.path_of("population"), t.id)) t.population = *p;
  }
  if (const json::value* minutes = obj.get("minutes", Need::required, "travel minutes to each tier")) {
    ObjectReader m(*minutes, obj.path_of("minutes"), loader.problems);
    if (m.ok()) {
      for (Tier tier : all_tiers) {
        if (auto x = m.number(to_string(tier), Need::optional, 0.0, 24.0 * 60.0)) t.minutes[index(tier)] = *x;
      }
    }
  }
  county.townships.push_back(std::move(t));
}

void read_institution(Loader& loader, const json::value& v, const std::string& path, CountySpec& county) {
  ObjectReader obj(v, path, loader.problems);
  if (!obj.ok()) return;
  InstitutionSpec inst;
  inst.id = obj.string("id", Need::required).value_or("");
  inst.name = obj.string("name").value_or("");
  if (auto tier = obj.enumerator<Tier>("tier", "tier", Need::required)) inst.tier = *tier;
  if (auto kind = obj.enumerator<InstitutionKind>("kind", "kind")) inst.kind = *kind;
  inst.township = obj.string("township").value_or("");
  constexpr long long big = 1LL << 40;
  inst.beds = obj.integer("beds", Need::optional, 0, big).value_or(0);
  inst.staff = obj.integer("staff", Need::optional, 0, big).value_or(0);
  inst.count = obj.integer("count", Need::optional, 1, big).value_or(1);
  county.institutions.push_back(std::move(inst));
}

void read_alliance(Loader& loader, const json::value& v, const std::string& path, CountySpec& county) {
  ObjectReader obj(v, path, loader.problems);
  if (!obj.ok()) return;
  AllianceSpec a;
  a.id = obj.string("id", Need::required).value_or("");
  a.name = obj.string("name").value_or("");
  a.lead = obj.strings("lead", Need::required).value_or(std::vector<std::string>{});
  a.members = obj.strings("members").value_or(std::vector<std::string>{});
  a.legal_entity = obj.boolean("legal_entity").value_or(false);
  const auto unified = obj.enumerators<Domain>("unified", "domain");
  a.unified = unified.value_or(std::vector<Domain>{});
  // A legal entity unifies every domain: no list means all of them, and a list
  // must say so. The alliance reports a non-empty list; an empty one is this file's.
  if (a.legal_entity && unified && unified->empty()) {
    if (auto p = legal_entity_domains_problem(a.unified)) {
      loader.problems.add(obj.path_of(p->path), std::move(p->what), std::move(p->expected));
    }
  }
  county.alliances.push_back(std::move(a));
}

std::optional<CountySpec> read_county(Loader& loader, const json::value& v, const std::string& path) {
  ObjectReader obj(v, path, loader.problems);
  if (!obj.ok()) return std::nullopt;
  CountySpec county;
  county.id = obj.string("id", Need::required).value_or("");
  county.name = obj.string("name").value_or("");
  obj.for_each("townships", Need::required,
               [&](const json::value& t, const std::string& p) { read_township(loader, t, p, county); });
  obj.for_each("institutions", Need::required,
               [&](const json::value& i, const std::string& p) { read_institution(loader, i, p, county); });
  obj.for_each("alliances", Need::optional,
               [&](const json::value& a, const std::string& p) { read_alliance(loader, a, p, county); });
  return county;
}

/// The first way the capability interventions of `list` can leave one of
/// `flows`' lines with a referral chain that never ends, or nothing. Over the
/// years each line's capability at a tier lies between the smallest and the
/// largest of its scenario value and the targets of the interventions on it,
/// and the chain's loop is linear in each capability: the corners of those
/// ranges (each at its smallest or largest) are the worst years.
std::optional<std::string> capability_loop(const Scenario& sc, const std::vector<const Intervention*>& list) {
  const FlowParameters& flows = *sc.flows;
  for (std::size_t l = 0; l < flows.lines.size(); ++l) {
    const ServiceLine& line = flows.lines[l];
    struct Range {
      Tier tier;
      double lo, hi;
    };
    std::vector<Range> ranges;
    for (Tier t : all_tiers) {
      double lo = line.capability[index(t)], hi = lo;
      for (const Intervention* iv : list) {
        if (iv->kind != InterventionKind::capability || iv->tier != t) continue;
        if (!iv->line.empty() && iv->line != line.id) continue;
        lo = std::min(lo, iv->path.target);
        hi = std::max(hi, iv->path.target);
      }
      if (lo < hi) ranges.push_back({t, lo, hi});
    }
    if (ranges.empty() || ranges.size() > 6) continue;
    FlowParameters one = flows;
    one.lines = {line};
    for (unsigned corner = 0; corner < (1U << ranges.size()); ++corner) {
      std::string values;
      for (std::size_t r = 0; r < ranges.size(); ++r) {
        const double v = ((corner >> r) & 1U) != 0 ? ranges[r].hi : ranges[r].lo;
        one.lines[0].capability[index(ranges[r].tier)] = v;
        values += (values.empty() ? "" : ", ") + std::string(to_string(ranges[r].tier)) + " " +
                  detail::number_text(v);
      }
      const auto problems = check_flow_parameters(sc.county, one);
      if (!problems.empty()) {
        return "service line " + line.id + ": with its capability at " + values +
               " (values these interventions reach), " + problems[0].what;
      }
    }
  }
  return std::nullopt;
}

/// A capability moved by an intervention can close a line's referral loop
/// (a setting that treats no one between settings that refer to each other):
/// the chain must end in every year the interventions can make. `shared` are
/// the scenario's interventions, `own` a variant's (null for the shared list
/// itself), `at` the path of the list reported.
void check_capability_targets(ProblemList& problems, const Scenario& sc,
                              const std::vector<Intervention>& shared, const std::vector<Intervention>* own,
                              const std::string& at) {
  if (!sc.flows) return;
  std::vector<const Intervention*> list;
  for (const Intervention& iv : shared) list.push_back(&iv);
  if (own != nullptr) {
    if (capability_loop(sc, list)) return;  // reported with the shared list
    for (const Intervention& iv : *own) list.push_back(&iv);
  }
  if (auto loop = capability_loop(sc, list)) {
    problems.add(at, *loop, "capability targets that let every episode end in every year");
  }
}

/// The interventions given to an alliance: its domains and institutions, and
/// for a referral protocol, that the chain still ends at the protocol's target
/// (a higher down-referral only lengthens the loop, so the target is the worst
/// year). `at` is the list's path.
void check_mechanisms(ProblemList& problems, const Scenario& sc, const std::vector<Intervention>& list,
                      const std::string& at) {
  problems.append(check_intervention_alliances(list, sc.county), at);
  if (!sc.flows) return;
  const auto staff = static_cast<double>(sc.county.staff(Tier::county));
  const Capacity& capacity = sc.flows->capacity;
  const bool county_limited = capacity.outpatient_encounters[index(Tier::county)].has_value() ||
                              capacity.inpatient_bed_days[index(Tier::county)].has_value();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Intervention& iv = list[i];
    if (iv.kind == InterventionKind::rotation && county_limited && iv.path.target > 0.0 &&
        !(iv.path.target <= clinician_working_days * staff)) {
      problems.add(at + "[" + std::to_string(i) + "].target",
                   std::to_string(iv.path.target) + " rotation days are more than the county hospitals' " +
                       std::to_string(clinician_working_days * staff) + " staff days (" +
                       std::to_string(staff) + " staff x " + std::to_string(clinician_working_days) +
                       " working days), which the county's capacity loses",
                   "days within the staff time of the county-tier institutions (their `staff`)");
    }
    if (iv.kind != InterventionKind::referral_protocol || !iv.tier) continue;
    FlowParameters raised = *sc.flows;
    for (ServiceLine& line : raised.lines) {
      if (!iv.line.empty() && line.id != iv.line) continue;
      double& down = line.down_referral[index(*iv.tier)];
      down = std::max(down, iv.path.target);
    }
    for (const Problem& p : check_flow_parameters(sc.county, raised)) {
      problems.add(at + "[" + std::to_string(i) + "].target",
                   "with the protocol's down-referral at " + std::string(to_string(*iv.tier)) + ", " +
                       p.path + ": " + p.what,
                   p.expected);
    }
  }
}

/// Rows of a population table for townships the county does not have are a likely typo.
void check_table_townships(Loader& loader, const CountySpec& county) {
  std::set<std::string> ids;
  for (const auto& t : county.townships) ids.insert(t.id);
  for (const auto& [file, ref] : loader.tables) {
    if (!ref.table || ref.used.empty()) continue;
    const auto col = ref.table->column("township");
    if (!col) continue;
    std::set<std::string> reported;
    for (std::size_t r = 0; r < ref.table->rows.size(); ++r) {
      const std::string& id = ref.table->rows[r][*col];
      if (ids.contains(id) || !reported.insert(id).second) continue;
      std::string what = file + ":" + std::to_string(ref.table->line[r]) + ": rows for unknown township " +
                         detail::quoted(id);
      what = detail::with_suggestion(std::move(what), id, {ids.begin(), ids.end()});
      loader.problems.add(ref.first_path, std::move(what), "township ids of the scenario");
    }
  }
}

/// Every prefix of `path` that ends an array element (`county.institutions[3]`).
std::vector<std::string> element_prefixes(const std::string& path) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == ']') out.push_back(path.substr(0, i + 1));
  }
  return out;
}

/// Adds the county's semantic problems, leaving out those about an element that
/// already has a problem from reading it (a follow-on of the same mistake).
void add_semantic_problems(ProblemList& problems, const std::vector<Problem>& semantic,
                           const std::string& prefix) {
  std::set<std::string> flagged;
  for (const Problem& p : problems.problems()) {
    flagged.insert(p.path);
    for (auto& e : element_prefixes(p.path)) flagged.insert(std::move(e));
  }
  ProblemList prefixed;
  prefixed.append(semantic, prefix);
  for (const Problem& p : prefixed.problems()) {
    bool follow_on = flagged.contains(p.path);
    for (const auto& e : element_prefixes(p.path)) follow_on = follow_on || flagged.contains(e);
    if (!follow_on) problems.add(p);
  }
}

/// Adds problems whose paths are relative to a list (`[1].retention`) under
/// `key`; a section given as one object rather than a list drops the `[0]`.
void add_list_problems(ProblemList& problems, const std::vector<Problem>& list_problems,
                       const std::string& key, bool is_list) {
  for (Problem p : list_problems) {
    if (!is_list && p.path.rfind("[0]", 0) == 0) p.path.erase(0, 3);
    p.path = key + p.path;
    problems.add(std::move(p));
  }
}

}  // namespace

std::optional<Years> detail::read_years(ObjectReader& top) {
  ProblemList& problems = top.problems();
  const json::value* years = top.get("years", Need::required, "{\"start\": YEAR, \"end\": YEAR}");
  if (years == nullptr) return std::nullopt;
  ObjectReader y(*years, top.path_of("years"), problems);
  if (!y.ok()) return std::nullopt;
  const auto start = y.integer("start", Need::required, 1900, 2200);
  const auto end = y.integer("end", Need::required, 1900, 2200);
  if (!start || !end) return std::nullopt;
  if (*end < *start) {
    problems.add(y.path_of("end"), "ends in " + std::to_string(*end) + ", before it starts",
                 "a year >= start (" + std::to_string(*start) + ")");
  }
  return Years{static_cast<int>(*start), static_cast<int>(*end)};
}

ScenarioFile parse_scenario_file(std::string_view text, const std::string& origin,
                                 const std::filesystem::path& base_dir) {
  ProblemList problems;
  detail::JsonLimits limits;
  const auto doc = detail::parse_json(text, limits, problems);
  problems.throw_if_any(origin);
  return detail::parse_scenario_document(*doc, text, origin, base_dir);
}

ScenarioFile detail::parse_scenario_document(const json::value& root, std::string_view text,
                                             const std::string& origin,
                                             const std::filesystem::path& base_dir) {
  ProblemList problems;
  const json::value* doc = &root;
  Loader loader{problems,
                base_dir.empty() ? std::filesystem::path(origin).parent_path() : base_dir,
                {},
                boost::crc_32_type()};
  loader.crc.process_bytes(text.data(), text.size());
  ScenarioFile file;
  Scenario& sc = file.scenario;
  sc.origin = origin;
  std::optional<CountySpec> county;
  bool payment_is_list = false;
  std::vector<bool> variant_payment_is_list;
  const json::value* uncertainty = nullptr;
  const json::value* calibration = nullptr;
  {
    ObjectReader top(*doc, "", problems);
    if (top.ok()) {
      file.schema = top.string("schema", Need::required).value_or("");
      if (top.has("schema") && !file.schema.empty() && file.schema != scenario_schema) {
        problems.add("schema", "unsupported schema " + detail::quoted(file.schema),
                     detail::quoted(scenario_schema));
      }
      sc.name = top.string("name", Need::required).value_or("");
      sc.description = top.string("description").value_or("");
      sc.years = detail::read_years(top).value_or(Years{});
      if (const json::value* c =
              top.get("county", Need::required, "the county: townships, institutions, alliances")) {
        county = read_county(loader, *c, "county");
      }
      sc.flows = detail::read_flow_sections(top);
      detail::read_behaviour(top, sc.flows, sc.behaviour, sc.behaviour_defaulted);
      std::vector<std::string> township_ids;
      if (county) {
        for (const auto& t : county->townships) township_ids.push_back(t.id);
      }
      sc.demography = detail::read_demography(top, township_ids);
      if (sc.demography) problems.append(check_demography(*sc.demography), "demography");
      sc.payment = detail::read_payment(top, "payment", detail::PaymentOf::scenario);
      payment_is_list = top.has("payment") && doc->as_object().at("payment").is_array();
      const std::size_t before = problems.size();
      sc.interventions = detail::read_interventions(top, "interventions");
      if (problems.size() == before) {
        std::vector<std::string> line_ids;
        if (sc.flows) {
          for (const auto& l : sc.flows->lines) line_ids.push_back(l.id);
        }
        problems.append(check_interventions(sc.interventions, line_ids, sc.years.start, sc.years.end),
                        "interventions");
      }
      top.for_each("variants", Need::optional, [&](const json::value& v, const std::string& path) {
        ObjectReader vo(v, path, problems);
        if (!vo.ok()) return;
        Variant variant;
        variant.id = vo.string("id", Need::required).value_or("");
        variant.description = vo.string("description").value_or("");
        const std::size_t at = problems.size();
        variant.interventions = detail::read_interventions(vo, "interventions");
        if (vo.has("payment")) {
          variant.payment = detail::read_payment(vo, "payment", detail::PaymentOf::scenario);
          variant_payment_is_list.push_back(v.as_object().at("payment").is_array());
        } else {
          variant_payment_is_list.push_back(false);
        }
        if (problems.size() == at) {
          // The variant's interventions are checked together with the shared ones.
          std::vector<Intervention> all = sc.interventions;
          all.insert(all.end(), variant.interventions.begin(), variant.interventions.end());
          std::vector<std::string> line_ids;
          if (sc.flows) {
            for (const auto& l : sc.flows->lines) line_ids.push_back(l.id);
          }
          for (Problem p : check_interventions(all, line_ids, sc.years.start, sc.years.end)) {
            // Paths of the combined list: the variant's own start after the shared ones.
            const std::size_t close = p.path.find(']');
            const std::size_t i = std::stoul(p.path.substr(1, close - 1));
            p.path = i < sc.interventions.size()
                         ? "interventions" + p.path
                         : vo.path_of("interventions") + "[" + std::to_string(i - sc.interventions.size()) +
                               "]" + p.path.substr(close + 1);
            problems.add(std::move(p));
          }
        }
        sc.variants.push_back(std::move(variant));
      });
      // Read last, once the rest is valid: its paths name the parsed scenario's parameters.
      uncertainty = top.get("uncertainty");
      calibration = top.get("calibration");
      for (std::size_t i = 0; i < sc.variants.size(); ++i) {
        if (!is_valid_id(sc.variants[i].id)) {
          problems.add(detail::element_path("variants", i) + ".id",
                       "invalid id \"" + sc.variants[i].id + "\"", std::string(id_expectation));
        }
        for (std::size_t j = 0; j < i; ++j) {
          if (sc.variants[i].id == sc.variants[j].id) {
            problems.add(detail::element_path("variants", i) + ".id",
                         "duplicate id \"" + sc.variants[i].id + "\"", "a unique variant id");
          }
        }
      }
    }
  }
  if (county) {
    check_table_townships(loader, *county);
    add_semantic_problems(problems, County::check(*county), "county");
  }
  problems.throw_if_any(origin);
  sc.county = County(std::move(*county));
  if (sc.flows) problems.append(check_flow_parameters(sc.county, *sc.flows));
  check_mechanisms(problems, sc, sc.interventions, "interventions");
  check_capability_targets(problems, sc, sc.interventions, nullptr, "interventions");
  for (std::size_t i = 0; i < sc.variants.size(); ++i) {
    const std::string at = detail::element_path("variants", i) + ".interventions";
    check_mechanisms(problems, sc, sc.variants[i].interventions, at);
    if (!sc.variants[i].interventions.empty())
      check_capability_targets(problems, sc, sc.interventions, &sc.variants[i].interventions, at);
  }
  if (sc.flows && sc.behaviour.enabled)
    problems.append(check_behaviour(sc.behaviour, *sc.flows, sc.county), "behaviour");
  if (!sc.flows) sc.behaviour.enabled = false;  // nothing to respond with
  detail::default_alliance(sc.payment, sc.county);
  add_list_problems(problems, check_payment(sc.payment, sc.county), "payment", payment_is_list);
  for (std::size_t i = 0; i < sc.variants.size(); ++i) {
    if (!sc.variants[i].payment) continue;
    detail::default_alliance(*sc.variants[i].payment, sc.county);
    add_list_problems(problems, check_payment(*sc.variants[i].payment, sc.county),
                      detail::element_path("variants", i) + ".payment", variant_payment_is_list[i]);
  }
  if (sc.variants.empty()) sc.variants.push_back({"baseline", "the scenario as given", {}, std::nullopt});
  problems.throw_if_any(origin);
  if (uncertainty != nullptr) file.uncertainty = detail::read_uncertainty(*uncertainty, sc, problems);
  if (calibration != nullptr) file.calibration = detail::read_calibration(*calibration, sc, problems);
  problems.throw_if_any(origin);
  char digest[16];
  std::snprintf(digest, sizeof digest, "%08x", loader.crc.checksum());
  sc.checksum = std::string("crc32:") + digest;
  return file;
}

ScenarioFile load_scenario_file(const std::filesystem::path& path) {
  ProblemList problems;
  const detail::JsonLimits limits;
  auto text = detail::read_text_file(path.string(), limits.max_file_bytes, problems);
  problems.throw_if_any(path.string());
  return parse_scenario_file(*text, path.string(), path.parent_path());
}

Scenario load_scenario(const std::filesystem::path& path) {
  return load_scenario_file(path).scenario;
}

Scenario parse_scenario(std::string_view text, const std::string& origin,
                        const std::filesystem::path& base_dir) {
  return parse_scenario_file(text, origin, base_dir).scenario;
}

}  // namespace ygt
