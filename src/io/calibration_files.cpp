#include "yigongti/io/calibration_files.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "core/text.hpp"
#include "io/csv.hpp"
#include "io/json_reader.hpp"
#include "io/json_text.hpp"
#include "yigongti/flows/flow_model.hpp"

namespace ygt {
namespace {

namespace json = boost::json;

constexpr std::size_t max_targets_bytes = 16u << 20;

std::string trimmed(std::string_view s) {
  return std::string(detail::trimmed(s));
}

// ---- writing the calibrated document ----------------------------------------

/// The object at `key` of `parent`, made when absent.
json::object& child(json::object& parent, std::string_view key) {
  json::value& v = parent[key];
  if (!v.is_object()) v = json::object();
  return v.get_object();
}

json::object& element(json::object& parent, std::string_view key, std::size_t i) {
  json::value& v = parent.at(key);
  return v.get_array().at(i).get_object();
}

/// The payment scheme objects with id `id`, in `payment` (one scheme or a list).
void schemes_with_id(json::value* payment, const std::string& id, std::vector<json::object*>& out) {
  if (payment == nullptr) return;
  const auto consider = [&](json::value& s) {
    if (!s.is_object()) return;
    json::object& o = s.get_object();
    const json::value* given = o.if_contains("id");
    const json::value* scheme = o.if_contains("scheme");
    const json::value* name = given != nullptr ? given : scheme;
    if (name != nullptr && name->is_string() && name->get_string() == id) out.push_back(&o);
  };
  if (payment->is_array()) {
    for (json::value& s : payment->get_array()) consider(s);
  } else {
    consider(*payment);
  }
}

json::value number_value(double x) {
  return json::value(x);  // written by json_text as the shortest text that reads back
}

/// A line's `rate_scale` is no key of the file: its rates are multiplied by
/// the factor instead, and the factor's calibration bounds divided by it, so
/// that 1 is the fitted value in the new file.
void scale_rates(json::object& doc, std::size_t line, const std::string& path, double factor) {
  json::object& rate = child(element(doc, "service_lines", line), "rate");
  for (const char* key : {"values", "ages"}) {
    if (json::value* list = rate.if_contains(key); list != nullptr && list->is_array()) {
      for (json::value& x : list->get_array()) x = number_value(x.to_number<double>() * factor);
    }
  }
  if (factor <= 0.0) return;
  json::value* section = doc.if_contains("calibration");
  if (section == nullptr || !section->is_object()) return;
  json::value* free = section->get_object().if_contains("free");
  if (free == nullptr || !free->is_object()) return;
  json::value* bounds = free->get_object().if_contains(path);
  if (bounds == nullptr || !bounds->is_object()) return;
  for (const char* key : {"lower", "upper"}) {
    if (json::value* b = bounds->get_object().if_contains(key); b != nullptr && b->is_number()) {
      *b = number_value(b->to_number<double>() / factor);
    }
  }
}

/// The objects a location's steps start from: one, or every scheme with the id.
std::vector<json::object*> anchors(json::object& doc, const ParameterLocation& at) {
  using A = ParameterLocation::Anchor;
  switch (at.anchor) {
    case A::document:
      return {&doc};
    case A::service_line:
      return {&element(doc, "service_lines", at.index)};
    case A::intervention:
      return {at.variant < 0 ? &element(doc, "interventions", at.index)
                             : &element(element(doc, "variants", static_cast<std::size_t>(at.variant)),
                                        "interventions", at.index)};
    case A::scheme:
      break;
  }
  std::vector<json::object*> schemes;
  schemes_with_id(doc.if_contains("payment"), at.scheme, schemes);
  if (json::value* variants = doc.if_contains("variants"); variants != nullptr && variants->is_array()) {
    for (json::value& variant : variants->get_array()) {
      if (variant.is_object())
        schemes_with_id(variant.get_object().if_contains("payment"), at.scheme, schemes);
    }
  }
  if (schemes.empty()) throw std::logic_error("no payment scheme \"" + at.scheme + "\" in the document");
  return schemes;
}

/// Sets `value` at `steps` below `anchor`, making objects that are missing
/// (a tier's `asc` the file left to its default); a step "[i]" indexes the
/// array named by the step before it.
void set_at(json::object& anchor, const std::vector<std::string>& steps, const json::value& value) {
  json::object* o = &anchor;
  for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
    if (steps[i + 1].front() == '[') {
      const std::size_t at = std::stoul(steps[i + 1].substr(1));
      o = &o->at(steps[i]).get_array().at(at).get_object();
      ++i;
    } else {
      o = &child(*o, steps[i]);
    }
  }
  (*o)[steps.back()] = value;
}

/// Writes the value of `ref` (`value`, as `get_parameter` gives it) where its
/// location says, in the form it says.
void write_parameter(json::object& doc, const ParameterRef& ref, double value) {
  using Form = ParameterLocation::Form;
  const ParameterLocation at = ref.location();
  if (at.form == Form::rate_factor) {
    scale_rates(doc, at.index, ref.path(), value);
    return;
  }
  for (json::object* anchor : anchors(doc, at)) {
    if (at.form == Form::demand_factor) {
      // A demand intervention's factor is `target`, or 1 + `change`: keep the file's key.
      const double factor = at.steps.back() == "change" ? value + 1.0 : value;
      if (anchor->contains("change")) {
        (*anchor)["change"] = number_value(factor - 1.0);
      } else {
        (*anchor)["target"] = number_value(factor);
      }
    } else if (at.form == Form::money) {
      set_at(*anchor, at.steps, json::value(Money::round_from_yuan(value).to_string()));
    } else {
      set_at(*anchor, at.steps, number_value(value));
    }
  }
}

/// Rewrites relative population table paths so that they resolve from `to`.
void move_table_paths(json::object& doc, const std::filesystem::path& from, const std::filesystem::path& to) {
  namespace fs = std::filesystem;
  // An empty folder is the current one (fs::absolute refuses an empty path).
  const fs::path from_abs = fs::absolute(from.empty() ? fs::path(".") : from).lexically_normal();
  const fs::path to_abs = fs::absolute(to.empty() ? fs::path(".") : to).lexically_normal();
  if (from_abs == to_abs) return;
  json::value* county = doc.if_contains("county");
  if (county == nullptr || !county->is_object()) return;
  json::value* townships = county->get_object().if_contains("townships");
  if (townships == nullptr || !townships->is_array()) return;
  for (json::value& t : townships->get_array()) {
    if (!t.is_object()) continue;
    json::value* pop = t.get_object().if_contains("population");
    if (pop == nullptr || !pop->is_object()) continue;
    json::value* file = pop->get_object().if_contains("file");
    if (file == nullptr || !file->is_string()) continue;
    const fs::path p(std::string(file->get_string()));
    if (p.is_absolute()) continue;
    *file = (from_abs / p).lexically_normal().lexically_relative(to_abs).generic_string();
  }
}

}  // namespace

namespace {

/// Checks that `t.line` names a line of `scenario` for which `t.indicator` has a value.
void check_line(const CalibrationTarget& t, const Scenario& scenario, const std::string& line,
                ProblemList& problems) {
  std::vector<std::string> ids;
  const ServiceLine* found = nullptr;
  if (scenario.flows) {
    for (const ServiceLine& l : scenario.flows->lines) {
      ids.push_back(l.id);
      if (l.id == t.line) found = &l;
    }
  }
  if (found == nullptr) {
    std::string what = "unknown service line \"" + t.line + "\"";
    what = detail::with_suggestion(std::move(what), t.line, ids);
    problems.add(line + ", column line", std::move(what),
                 ids.empty() ? std::string("no line: the scenario has no service lines")
                             : "a service line of the scenario: " + detail::joined(ids) + ", or empty");
    return;
  }
  if (!has_line_value(t.indicator, found->care)) {
    problems.add(
        line + ", column line",
        "indicator " + std::string(indicator_catalog()[index(t.indicator)].id) + " has no value for one " +
            std::string(to_string(found->care)) + " line",
        "for one line: encounters by tier, encounters_primary, county_encounter_share, fund_spending; "
        "for an inpatient line also hospitalization_rate, out_of_county_admissions, "
        "out_of_county_inpatient_fund, "
        "avoided_admissions, cost_per_admission, fund_per_admission, oop_per_admission");
  }
}

/// Whose targets a table holds: one scenario's, or a region's.
struct TargetScope {
  const Scenario* scenario = nullptr;
  const Region* region = nullptr;
};

std::vector<CalibrationTarget> parse_targets_in(std::string_view text, const std::string& origin,
                                                const TargetScope& scope) {
  const Scenario& first = scope.region != nullptr ? scope.region->counties.front() : *scope.scenario;
  ProblemList problems;
  const auto table = detail::parse_csv(text, "line", "", problems, 1'000'000);
  if (!table) {
    // The reader's messages begin "line:N:"; here they read "line N:".
    ProblemList renamed;
    for (Problem p : problems.problems()) {
      if (p.what.rfind("line:", 0) == 0) p.what.replace(4, 1, " ");
      renamed.add(std::move(p));
    }
    renamed.throw_if_any(origin);
  }
  // The first four are required.
  const std::vector<std::string> known = {"year", "variant",   "indicator",    "observed", "weight",
                                          "line", "from_year", "from_variant", "county",   "first_year"};
  constexpr std::size_t required = 4;
  const std::string columns =
      "the columns year, variant, indicator, observed and optionally weight, line, from_year, from_variant, "
      "county, first_year";
  for (const std::string& name : table->header) {
    if (std::find(known.begin(), known.end(), trimmed(name)) != known.end()) continue;
    std::string what = "unknown column \"" + name + "\"";
    what = detail::with_suggestion(std::move(what), trimmed(name), known);
    problems.add("line 1", std::move(what), columns);
  }
  std::vector<std::optional<std::size_t>> col;
  for (std::size_t n = 0; n < known.size(); ++n) {
    std::optional<std::size_t> c;
    for (std::size_t i = 0; i < table->header.size(); ++i) {
      if (trimmed(table->header[i]) == known[n]) c = i;
    }
    if (!c && n < required)
      problems.add("line 1", "no column \"" + known[n] + "\"",
                   "a header naming year, variant, indicator and observed (and optionally weight, line, "
                   "from_year, from_variant)");
    col.push_back(c);
  }
  if (col[7] && !col[6]) {
    problems.add("line 1", "a column from_variant without a column from_year",
                 "from_year with from_variant: the reference of a relative change is a year of a variant");
  }
  problems.throw_if_any(origin);

  std::vector<std::string> variant_ids;
  for (const Variant& v : first.variants) variant_ids.push_back(v.id);
  std::vector<std::string> county_ids;
  if (scope.region != nullptr) {
    for (const Scenario& c : scope.region->counties) county_ids.push_back(c.county.id());
  }
  std::vector<std::string> indicator_ids;
  for (const IndicatorInfo& info : indicator_catalog()) indicator_ids.emplace_back(info.id);

  std::vector<CalibrationTarget> targets;
  std::vector<std::size_t> lines;
  std::size_t weighted = 0;
  for (std::size_t r = 0; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    const std::string line = "line " + std::to_string(table->line[r]);
    const auto cell = [&](std::size_t k) { return trimmed(row[*col[k]]); };
    CalibrationTarget t;
    const std::size_t before = problems.size();
    // The scenario whose lines the row's line is one of: nullptr for the region's indicators.
    const Scenario* own = scope.scenario;
    bool region_row = false;  // a target of the region's own indicators
    const std::string county = col[8] ? cell(8) : std::string();
    if (scope.region == nullptr) {
      if (!county.empty() && county != own->county.id()) {
        problems.add(
            line + ", column county",
            "county " + detail::quoted(county) + " in a table for county " + detail::quoted(own->county.id()),
            "the scenario's county id " + own->county.id() + ", or empty");
      }
      t.county = county;
    } else if (county.empty() || county == scope.region->id) {
      own = nullptr;
      region_row = true;
      t.county = scope.region->id;
    } else if (const auto c = std::find(county_ids.begin(), county_ids.end(), county);
               c != county_ids.end()) {
      own = &scope.region->counties[static_cast<std::size_t>(c - county_ids.begin())];
      t.county = county;
    } else {
      std::vector<std::string> ids = county_ids;
      ids.push_back(scope.region->id);
      std::string what = "unknown county " + detail::quoted(county);
      what = detail::with_suggestion(std::move(what), county, ids);
      problems.add(line + ", column county", std::move(what),
                   "a county of the region: " + detail::joined(county_ids) + ", or the region's id " +
                       scope.region->id + " (or empty) for the region's indicators");
    }
    const Scenario& scenario = own != nullptr ? *own : first;

    const std::string year = cell(0);
    if (const auto y = detail::parse_integer(year); !y || *y < -1000000 || *y > 1000000) {
      problems.add(line + ", column year", "\"" + year + "\" is not a whole number", "a year");
    } else if (!scenario.years.contains(static_cast<int>(*y))) {
      problems.add(
          line + ", column year", "year " + year + " is not projected by the scenario",
          "a year in " + std::to_string(scenario.years.start) + ".." + std::to_string(scenario.years.end));
    } else {
      t.year = static_cast<int>(*y);
    }
    t.variant = cell(1);
    if (std::find(variant_ids.begin(), variant_ids.end(), t.variant) == variant_ids.end()) {
      std::string what = "unknown variant \"" + t.variant + "\"";
      what = detail::with_suggestion(std::move(what), t.variant, variant_ids);
      problems.add(line + ", column variant", std::move(what),
                   "a variant of the scenario: " + detail::joined(variant_ids));
    }
    const std::string indicator = cell(2);
    if (const auto i = find_indicator(indicator)) {
      t.indicator = *i;
    } else {
      std::string what = "unknown indicator \"" + indicator + "\"";
      what = detail::with_suggestion(std::move(what), indicator, indicator_ids);
      problems.add(line + ", column indicator", std::move(what),
                   "an indicator id (docs/model.md, \"Indicators\"), such as county_visit_rate");
    }
    const std::string observed = cell(3);
    if (const auto x = detail::parse_double(observed)) {
      t.observed = *x;
    } else {
      problems.add(line + ", column observed", "\"" + observed + "\" is not a finite number",
                   "a finite number");
    }
    if (col[4]) {
      const std::string weight = cell(4);
      const auto w = weight.empty() ? std::optional<double>(1.0) : detail::parse_double(weight);
      if (!w || *w < 0.0) {
        problems.add(line + ", column weight", "\"" + weight + "\" is not a finite number >= 0",
                     "a weight >= 0, or empty for 1");
      } else {
        t.weight = *w;
      }
    }
    if (col[5]) {
      t.line = cell(5);
      if (!t.line.empty() && region_row) {
        problems.add(line + ", column line",
                     "a line target (" + detail::quoted(t.line) + ") for the region's indicators",
                     "a county's id in column county: a service line is one county's");
      } else if (!t.line.empty() && own != nullptr) {
        check_line(t, scenario, line, problems);
      }
    }
    if (col[6] && !cell(6).empty()) {
      const std::string from = cell(6);
      if (const auto y = detail::parse_integer(from); !y || *y < -1000000 || *y > 1000000) {
        problems.add(line + ", column from_year", "\"" + from + "\" is not a whole number",
                     "a year, or empty for a level");
      } else if (!scenario.years.contains(static_cast<int>(*y))) {
        problems.add(
            line + ", column from_year", "year " + from + " is not projected by the scenario",
            "a year in " + std::to_string(scenario.years.start) + ".." + std::to_string(scenario.years.end));
      } else {
        t.from_year = static_cast<int>(*y);
      }
    }
    if (col[7] && !cell(7).empty()) {
      t.from_variant = cell(7);
      if (std::find(variant_ids.begin(), variant_ids.end(), t.from_variant) == variant_ids.end()) {
        std::string what = "unknown variant \"" + t.from_variant + "\"";
        what = detail::with_suggestion(std::move(what), t.from_variant, variant_ids);
        problems.add(line + ", column from_variant", std::move(what),
                     "a variant of the scenario: " + detail::joined(variant_ids));
      } else if (col[6] && cell(6).empty()) {
        problems.add(line + ", column from_variant", "a reference variant without a reference year",
                     "a from_year on the same row, or no from_variant");
      }
    }
    if (col[9] && !cell(9).empty()) {
      const std::string first_text = cell(9);
      const auto y = detail::parse_integer(first_text);
      if (!y || *y < -1000000 || *y > 1000000) {
        problems.add(line + ", column first_year", "\"" + first_text + "\" is not a whole number",
                     "a year, or empty for one year's value");
      } else if (!scenario.years.contains(static_cast<int>(*y)) || (t.year != 0 && *y > t.year)) {
        problems.add(line + ", column first_year",
                     "year " + first_text + " is not a projected year up to the row's year",
                     "the first year of the total, in " + std::to_string(scenario.years.start) + ".." +
                         (t.year != 0 ? std::to_string(t.year) : std::to_string(scenario.years.end)));
      } else if (find_indicator(indicator) && aggregation_of(t.indicator) != Aggregation::sum) {
        problems.add(line + ", column first_year",
                     "a total over years of " + indicator + ", a share or a mean",
                     "a count or an amount (docs/model.md, \"Indicators\"), or no first_year");
      } else {
        t.first_year = static_cast<int>(*y);
        if (t.from_year && !scenario.years.contains(*t.from_year - (t.year - *t.first_year))) {
          problems.add(line + ", column from_year",
                       "the reference total of " + std::to_string(t.year - *t.first_year + 1) +
                           " years ending in " + std::to_string(*t.from_year) +
                           " begins before the projection",
                       "a from_year at least " + std::to_string(t.year - *t.first_year) + " years after " +
                           std::to_string(scenario.years.start));
        }
      }
    }
    if (find_indicator(indicator) && !can_be_negative(t.indicator) && detail::parse_double(observed)) {
      // Real reports print impossible changes ("-550.45%"): refused, not fitted.
      if (t.from_year && t.observed < -1.0) {
        problems.add(
            line + ", column observed",
            "a fall of more than 100% (" + observed + ") in " + indicator + ", which is never negative",
            "a relative change >= -1 (-1 is a fall to 0)");
      } else if (!t.from_year && t.observed < 0.0) {
        problems.add(line + ", column observed",
                     "a negative value (" + observed + ") of " + indicator + ", which is never negative",
                     "a value >= 0");
      }
    }
    if (t.from_year && *t.from_year == t.year && (t.from_variant.empty() || t.from_variant == t.variant)) {
      problems.add(line + ", column from_year", "the change of a value from itself (always 0)",
                   "another year or variant than the row's own");
    }
    if (problems.size() != before) continue;
    for (std::size_t k = 0; k < targets.size(); ++k) {
      const CalibrationTarget& o = targets[k];
      if (o.year == t.year && o.variant == t.variant && o.indicator == t.indicator && o.line == t.line &&
          o.from_year == t.from_year && o.from_variant == t.from_variant && o.county == t.county &&
          o.first_year == t.first_year) {
        problems.add(line, "the same target as line " + std::to_string(lines[k]), "one row per target");
        break;
      }
    }
    if (t.weight > 0.0) ++weighted;
    targets.push_back(std::move(t));
    lines.push_back(table->line[r]);
  }
  if (problems.empty() && weighted == 0) {
    problems.add("", "no target of weight > 0", "at least one row with a weight > 0");
  }
  problems.throw_if_any(origin);
  return targets;
}

/// Moves an `uncertainty` distribution (`dist`, the entry at `where`) by a
/// fit that took its parameter from `start` to `fitted`: a location moves by
/// the change (normal, uniform, triangular; a beta's mean), a scale by the
/// ratio (lognormal, gamma). Refused, with the entry's path, when the moved
/// distribution would leave its bounds or its support.
void recentre(json::object& dist, double start, double fitted, const std::string& where,
              const std::string& origin) {
  const auto refuse = [&](const std::string& what) {
    throw InputError(origin, {{where,
                               what + ": the calibrated file cannot centre it on the fitted value " +
                                   detail::number_text(fitted),
                               "a distribution that can move to the fit (or no uncertainty entry for a "
                               "fitted parameter)"}});
  };
  const auto number = [&](const char* key) { return dist.at(key).to_number<double>(); };
  const double d = fitted - start;
  const std::string kind(dist.at("dist").as_string());
  if (kind == "normal") {
    dist["mean"] = number("mean") + d;
  } else if (kind == "uniform" || kind == "triangular") {
    for (const char* key : {"min", "mode", "max"}) {
      if (dist.contains(key)) dist[key] = number(key) + d;
    }
  } else if (kind == "lognormal" || kind == "gamma") {
    if (!(start > 0.0 && fitted > 0.0)) refuse("a " + kind + " of a value that is not > 0");
    if (kind == "lognormal") {
      dist["meanlog"] = number("meanlog") + std::log(fitted / start);
    } else {
      dist["scale"] = number("scale") * fitted / start;
    }
  } else if (kind == "beta") {
    const double a = number("alpha"), b = number("beta");
    const double mean = a / (a + b) + d;
    if (!(mean > 0.0 && mean < 1.0)) refuse("a beta whose mean would move to " + detail::number_text(mean));
    dist["alpha"] = mean * (a + b);
    dist["beta"] = (1.0 - mean) * (a + b);
  }
  for (const char* key : {"lower", "upper"}) {
    if (!dist.contains(key)) continue;
    const double bound = number(key);
    if (key == std::string_view("lower") ? fitted < bound : fitted > bound) {
      refuse(std::string("its ") + key + " bound " + detail::number_text(bound) + " excludes the fit");
    }
  }
}

/// Centres each `uncertainty` entry of a fitted parameter on its fit (the
/// folded rate factors excepted: their draws multiply the fitted rates).
void recentre_uncertainty(json::object& top, const Scenario& scenario, const Scenario& calibrated,
                          const std::vector<ParameterRef>& fitted) {
  json::value* unc = top.if_contains("uncertainty");
  if (unc == nullptr || !unc->is_object()) return;
  const auto fitted_ref = [&](const std::string& path,
                              const std::string& where) -> std::optional<ParameterRef> {
    const ParameterRef ref = resolve_parameter(scenario, path, where);
    for (const ParameterRef& f : fitted) {
      if (f.same_value(ref)) return ref;
    }
    return std::nullopt;
  };
  if (json::value* params = unc->as_object().if_contains("parameters"); params && params->is_object()) {
    for (auto& kv : params->as_object()) {
      const std::string where = "uncertainty.parameters." + std::string(kv.key());
      auto ref = fitted_ref(std::string(kv.key()), where);
      if (const json::value* also = kv.value().as_object().if_contains("also"); also && also->is_array()) {
        std::vector<std::string> tied = {std::string(kv.key())};
        for (const auto& t : also->as_array()) tied.emplace_back(t.as_string());
        for (const std::string& t : tied) {
          if (!fitted_ref(t, where)) continue;
          throw InputError(scenario.origin,
                           {{where, "a draw tied to several parameters, among them the fitted " + t,
                             "tied parameters that the calibration does not fit, or the fitted one "
                             "drawn alone"}});
        }
      }
      if (!ref || ref->location().form == ParameterLocation::Form::rate_factor) continue;
      recentre(kv.value().as_object(), get_parameter(scenario, *ref), get_parameter(calibrated, *ref), where,
               scenario.origin);
    }
  }
  if (json::value* mvn = unc->as_object().if_contains("multivariate_normal"); mvn && mvn->is_array()) {
    for (std::size_t i = 0; i < mvn->as_array().size(); ++i) {
      const std::string where = "uncertainty.multivariate_normal[" + std::to_string(i) + "]";
      json::object& entry = mvn->as_array()[i].as_object();
      const json::array& targets = entry.at("targets").as_array();
      json::array& mean = entry.at("mean").as_array();
      for (std::size_t t = 0; t < targets.size(); ++t) {
        const auto ref = fitted_ref(std::string(targets[t].as_string()), where + ".targets");
        if (!ref || ref->location().form == ParameterLocation::Form::rate_factor) continue;
        // The joint draw moves with the fit: its mean by the change.
        mean[t] =
            mean[t].to_number<double>() + get_parameter(calibrated, *ref) - get_parameter(scenario, *ref);
      }
    }
  }
  if (json::value* dirichlet = unc->as_object().if_contains("dirichlet");
      dirichlet && dirichlet->is_array()) {
    for (std::size_t i = 0; i < dirichlet->as_array().size(); ++i) {
      const std::string where = "uncertainty.dirichlet[" + std::to_string(i) + "]";
      for (const auto& t : dirichlet->as_array()[i].as_object().at("targets").as_array()) {
        if (fitted_ref(std::string(t.as_string()), where + ".targets")) {
          throw InputError(scenario.origin,
                           {{where, "a Dirichlet draw of the fitted parameter " + std::string(t.as_string()),
                             "ratios drawn together that the calibration does not fit (a Dirichlet cannot "
                             "be moved to one fitted ratio)"}});
        }
      }
    }
  }
}

/// Replaces the `uncertainty` entries of the fitted parameters by one
/// multivariate normal at the fit with the fit's approximate covariance, in
/// the calibrated file's terms (a folded rate factor is 1 there: its row and
/// column are divided by the fitted factor). Adds an `uncertainty` section
/// when the file has none.
void uncertainty_from_fit(json::object& top, const Scenario& scenario, const Scenario& calibrated,
                          const CalibrationResult& result, const std::vector<ParameterRef>& refs) {
  const std::size_t n = result.parameters.size();
  std::vector<std::size_t> drawn;  // the parameters with a variance
  for (std::size_t j = 0; j < n; ++j) {
    const double var = result.covariance.size() == n * n ? result.covariance[j * n + j] : -1.0;
    if (std::isfinite(var) && var > 0.0) drawn.push_back(j);
  }
  if (drawn.empty()) {
    throw InputError(scenario.origin,
                     {{"calibration.free",
                       "the fit has no covariance to draw from: " + std::to_string(result.targets.size()) +
                           " targets for " + std::to_string(n) +
                           " free parameters, or every fitted value at a bound, or targets that do not "
                           "determine the parameters",
                       "more targets (of weight > 0) than free parameters, or no --uncertainty-from-fit"}});
  }
  json::value& unc = top["uncertainty"];
  if (!unc.is_object()) unc = json::object{{"draws", 1000}, {"seed", 1}};
  json::object& u = unc.as_object();
  // Entries that would draw a parameter the joint draw now sets go.
  const auto drawn_here = [&](const std::string& path, const std::string& where) {
    const ParameterRef ref = resolve_parameter(scenario, path, where);
    return std::any_of(drawn.begin(), drawn.end(), [&](std::size_t j) { return refs[j].same_value(ref); });
  };
  if (json::value* params = u.if_contains("parameters"); params && params->is_object()) {
    json::object kept;
    for (auto& kv : params->as_object()) {
      const std::string where = "uncertainty.parameters." + std::string(kv.key());
      if (!drawn_here(std::string(kv.key()), where)) kept[kv.key()] = kv.value();
    }
    if (kept.empty()) {
      u.erase("parameters");
    } else {
      *params = std::move(kept);
    }
  }
  json::array targets, mean, covariance;
  const auto factor = [&](std::size_t j) {
    return refs[j].location().form == ParameterLocation::Form::rate_factor
               ? get_parameter(calibrated, refs[j])
               : 1.0;
  };
  for (std::size_t j : drawn) {
    targets.emplace_back(refs[j].path());
    mean.emplace_back(get_parameter(calibrated, refs[j]) / factor(j));
    json::array row;
    for (std::size_t l : drawn) row.emplace_back(result.covariance[j * n + l] / (factor(j) * factor(l)));
    covariance.emplace_back(std::move(row));
  }
  json::value& joint = u["multivariate_normal"];
  if (!joint.is_array()) joint = json::array{};
  joint.as_array().emplace_back(json::object{
      {"targets", std::move(targets)}, {"mean", std::move(mean)}, {"covariance", std::move(covariance)}});
}

}  // namespace

std::vector<CalibrationTarget> parse_targets(std::string_view text, const std::string& origin,
                                             const Scenario& scenario) {
  return parse_targets_in(text, origin, {&scenario, nullptr});
}

std::vector<CalibrationTarget> parse_region_targets(std::string_view text, const std::string& origin,
                                                    const Region& region) {
  if (region.counties.empty()) throw std::invalid_argument("ygt: a region without counties");
  return parse_targets_in(text, origin, {nullptr, &region});
}

std::vector<CalibrationTarget> load_region_targets(const std::filesystem::path& path, const Region& region) {
  ProblemList problems;
  const auto text = detail::read_text_file(path.string(), max_targets_bytes, problems);
  problems.throw_if_any(path.string());
  return parse_region_targets(*text, path.string(), region);
}

std::vector<RegionFreeParameter> region_free_parameters(const RegionFile& file) {
  const Region& region = file.region;
  std::vector<RegionFreeParameter> out;
  for (std::size_t c = 0; c < region.counties.size() && c < file.calibration.size(); ++c) {
    if (!file.calibration[c]) continue;
    const std::string& id = region.counties[c].county.id();
    for (const FreeParameter& f : file.calibration[c]->free) {
      const std::string path = "counties." + id + "." + f.parameter.path();
      out.push_back({resolve_region_parameter(region, path,
                                              detail::element_path("region.counties", c) +
                                                  ".calibration.free." + f.parameter.path()),
                     f.lower, f.upper});
    }
  }
  if (out.empty()) {
    throw InputError(
        region.origin,
        {{"region.counties", "no county has a calibration section",
          "a \"calibration\": {\"free\": {PATH: {\"lower\": L, \"upper\": U}, ...}} section in "
          "at least one county, naming the parameters to fit (docs/study.md, \"Calibration\")"}});
  }
  return out;
}

std::vector<CalibrationTarget> load_targets(const std::filesystem::path& path, const Scenario& scenario) {
  ProblemList problems;
  const auto text = detail::read_text_file(path.string(), max_targets_bytes, problems);
  problems.throw_if_any(path.string());
  return parse_targets(*text, path.string(), scenario);
}

std::string calibrated_scenario_text(std::string_view original_text, const Scenario& scenario,
                                     const CalibrationResult& result, const std::filesystem::path& output_dir,
                                     bool from_fit) {
  ProblemList problems;
  auto doc = detail::parse_json(original_text, detail::JsonLimits{}, problems);
  problems.throw_if_any(scenario.origin);
  if (!doc->is_object()) throw std::invalid_argument("ygt: the scenario document is not a JSON object");
  json::object& top = doc->get_object();

  Scenario calibrated = scenario;
  apply_calibration(calibrated, result);
  std::vector<ParameterRef> refs;
  for (const FittedParameter& p : result.parameters) {
    refs.push_back(resolve_parameter(scenario, p.path, "calibration.free." + p.path));
    write_parameter(top, refs.back(), get_parameter(calibrated, refs.back()));
  }
  recentre_uncertainty(top, scenario, calibrated, refs);
  if (from_fit) uncertainty_from_fit(top, scenario, calibrated, result, refs);
  const std::filesystem::path from = std::filesystem::path(scenario.origin).parent_path();
  if (!output_dir.empty()) move_table_paths(top, from, output_dir);

  std::string text = detail::json_text(*doc, detail::JsonLayout::indented) + "\n";

  // The written file must give back the fitted scenario.
  const std::filesystem::path base = output_dir.empty() ? from : output_dir;
  const Scenario back = parse_scenario(text, scenario.origin, base.empty() ? "." : base);
  for (std::size_t i = 0; i < refs.size(); ++i) {
    const ParameterLocation at = refs[i].location();
    if (at.form == ParameterLocation::Form::rate_factor) {
      // Written into the rates: the effective rates must be the fitted ones.
      const ServiceLine& want = calibrated.flows->lines[at.index];
      const ServiceLine& got = back.flows->lines[at.index];
      for (std::size_t a = 0; a < want.rate.size(); ++a) {
        const double w = want.rate[a] * want.rate_scale;
        const double g = got.rate[a] * got.rate_scale;
        if (!(std::abs(g - w) <= 1e-12 * std::abs(w))) {
          throw std::logic_error("the calibrated scenario's rates of " + refs[i].path() +
                                 " are not the fitted ones");
        }
      }
      continue;
    }
    const ParameterRef ref = resolve_parameter(back, refs[i].path(), "calibration.free." + refs[i].path());
    const double want = get_parameter(calibrated, refs[i]);
    const double got = get_parameter(back, ref);
    if (!(std::abs(got - want) <= 1e-12 * std::max(1.0, std::abs(want)))) {
      throw std::logic_error("the calibrated scenario reads " + refs[i].path() + " = " +
                             detail::number_text(got) + ", not the fitted " + detail::number_text(want));
    }
  }
  return text;
}

std::vector<OutputFile> calibrated_region_files(std::string_view region_text, const Region& region,
                                                const CalibrationResult& result,
                                                const std::filesystem::path& output_file) {
  namespace fs = std::filesystem;
  ProblemList problems;
  auto doc = detail::parse_json(region_text, detail::JsonLimits{}, problems);
  problems.throw_if_any(region.origin);
  json::object& top = doc->get_object();
  json::array& entries = top.at("region").get_object().at("counties").get_array();
  if (entries.size() != region.counties.size())
    throw std::logic_error("the region document does not hold the region's counties");
  const fs::path from = fs::path(region.origin).parent_path();
  const fs::path to = output_file.parent_path();
  const auto absolute = [](const fs::path& p) {
    return fs::absolute(p.empty() ? fs::path(".") : p).lexically_normal();
  };

  // Each county's fitted parameters, by their paths in the county.
  std::vector<CalibrationResult> own(region.counties.size());
  for (const FittedParameter& p : result.parameters) {
    const RegionParameter rp = resolve_region_parameter(region, p.path, "calibration.free." + p.path);
    for (const auto& [c, ref] : rp.targets) {
      FittedParameter q = p;
      q.path = ref.path();
      own[c].parameters.push_back(std::move(q));
    }
  }

  std::vector<OutputFile> out(1);
  out.front().name = output_file.filename().string();
  for (std::size_t c = 0; c < entries.size(); ++c) {
    json::object& entry = entries[c].get_object();
    const Scenario& county = region.counties[c];
    if (const json::value* file = entry.if_contains("file")) {
      const fs::path county_file = from / std::string(file->get_string());
      if (own[c].parameters.empty()) {
        entry["file"] = county_file.is_absolute()
                            ? county_file.generic_string()
                            : absolute(county_file).lexically_relative(absolute(to)).generic_string();
        continue;
      }
      ProblemList read_problems;
      const auto text =
          detail::read_text_file(county_file.string(), detail::JsonLimits{}.max_file_bytes, read_problems);
      read_problems.throw_if_any(county_file.string());
      const std::string name = output_file.stem().string() + "." + county.county.id() + ".json";
      out.push_back({name, calibrated_scenario_text(*text, county, own[c], to.empty() ? fs::path(".") : to)});
      entry["file"] = name;
      continue;
    }
    if (own[c].parameters.empty()) {
      move_table_paths(entry, from, to);
      continue;
    }
    // A county written in the region file: calibrated as a file of its own
    // (with the region's schema and years), put back without them.
    json::object alone = entry;
    alone["schema"] = top.at("schema");
    alone["years"] = top.contains("years") ? top.at("years") : json::value(json::object());
    const std::string text =
        calibrated_scenario_text(detail::json_text(alone), county, own[c], to.empty() ? fs::path(".") : to);
    ProblemList reparse;
    auto calibrated = detail::parse_json(text, detail::JsonLimits{}, reparse);
    reparse.throw_if_any(region.origin);
    json::object& back = calibrated->get_object();
    back.erase("schema");
    back.erase("years");
    entries[c] = std::move(back);
  }
  out.front().text = detail::json_text(*doc, detail::JsonLayout::indented) + "\n";
  return out;
}

}  // namespace ygt
