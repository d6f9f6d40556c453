// The flow model's sections of a scenario: service_lines, choice, insurance, capacity.

#include <cmath>
#include <limits>

#include "io/sections.hpp"

namespace ygt::detail {
namespace json = boost::json;
namespace {

constexpr double unbounded = 1e300;

/// Fills `out` from a per-tier object, leaving tiers not given at `fallback`.
void read_tier_values(ObjectReader& parent, std::string_view key, Need need, double lo, double hi,
                      bool allow_out_of_county, double fallback, PerTier<double>& out) {
  out.fill(fallback);
  if (auto given = read_per_tier(parent, key, need, lo, hi, allow_out_of_county)) {
    for (Tier t : all_tiers) {
      if ((*given)[index(t)]) out[index(t)] = *(*given)[index(t)];
    }
  }
}

void read_service_line(const json::value& v, const std::string& path, ProblemList& problems,
                       FlowParameters& params) {
  ObjectReader obj(v, path, problems);
  if (!obj.ok()) return;
  ServiceLine line;
  line.id = obj.string("id", Need::required).value_or("");
  line.care = obj.enumerator<CareType>("care", "care type", Need::required).value_or(CareType::outpatient);
  line.severity = obj.enumerator<Severity>("severity", "severity", Need::required).value_or(Severity::common);
  if (auto rate = read_age_rates(obj, "rate", Need::required, 0.0, unbounded)) line.rate = *rate;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Costs and capabilities of settings the county lacks stay NaN: the flow
  // model's check reports any it needs.
  read_tier_values(obj, "cost", Need::required, 0.0, unbounded, true, nan, line.cost);
  read_tier_values(obj, "capability", Need::required, 0.0, 1.0, false, nan, line.capability);
  line.capability[index(Tier::out_of_county)] = 1.0;
  read_tier_values(obj, "down_referral", Need::optional, 0.0, 1.0, true, 0.0, line.down_referral);
  read_tier_values(obj, "asc", Need::optional, -unbounded, unbounded, true, 0.0, line.asc);
  line.length_of_stay = obj.number("length_of_stay", Need::optional, 0.0, 366.0).value_or(0.0);
  params.lines.push_back(std::move(line));
}

void read_choice(ObjectReader& top, ChoiceParameters& choice) {
  const json::value* v = top.get("choice", Need::required, "the first-contact choice coefficients");
  if (v == nullptr) return;
  ObjectReader obj(*v, "choice", top.problems());
  if (!obj.ok()) return;
  choice.b_cap = obj.number("b_cap", Need::required, -unbounded, unbounded).value_or(0.0);
  choice.b_time = obj.number("b_time", Need::required, -unbounded, unbounded).value_or(0.0);
  choice.b_oop = obj.number("b_oop", Need::required, -unbounded, unbounded).value_or(0.0);
  choice.b_fd = obj.number("b_fd", Need::optional, -unbounded, unbounded).value_or(0.0);
  read_tier_values(obj, "asc", Need::optional, -unbounded, unbounded, true, 0.0, choice.asc);
}

void read_insurance(ObjectReader& top, Insurance& insurance) {
  const json::value* v = top.get("insurance", Need::required, "reimbursement rates by setting");
  if (v == nullptr) return;
  ObjectReader obj(*v, "insurance", top.problems());
  if (!obj.ok()) return;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  PerTier<double> both{};
  read_tier_values(obj, "reimbursement", Need::optional, 0.0, 1.0, true, nan, both);
  insurance.outpatient = both;
  insurance.inpatient = both;
  // Care-type rates override the common ones tier by tier.
  for (auto [key, rates] :
       {std::pair{"outpatient", &insurance.outpatient}, std::pair{"inpatient", &insurance.inpatient}}) {
    if (auto given = read_per_tier(obj, key, Need::optional, 0.0, 1.0)) {
      for (Tier t : all_tiers) {
        if ((*given)[index(t)]) (*rates)[index(t)] = *(*given)[index(t)];
      }
    }
  }
  insurance.family_doctor_coverage =
      obj.number("family_doctor_coverage", Need::optional, 0.0, 1.0).value_or(0.0);
}

void read_capacity(ObjectReader& top, Capacity& capacity) {
  const json::value* v = top.get("capacity");
  if (v == nullptr) return;
  ObjectReader obj(*v, "capacity", top.problems());
  if (!obj.ok()) return;
  // Out of county is never full: it has no capacity key.
  if (auto op = read_per_tier(obj, "outpatient_encounters", Need::optional, 0.0, unbounded, false)) {
    capacity.outpatient_encounters = *op;
  }
  if (auto ip = read_per_tier(obj, "inpatient_bed_days", Need::optional, 0.0, unbounded, false)) {
    capacity.inpatient_bed_days = *ip;
  }
}

}  // namespace

std::optional<AgeVector> read_age_rates(ObjectReader& parent, std::string_view key, Need need, double lo,
                                        double hi) {
  const json::value* v = parent.get(key, need, "{\"bands\": [...], \"values\": [...]} or {\"ages\": [...]}");
  if (v == nullptr) return std::nullopt;
  ObjectReader obj(*v, parent.path_of(key), parent.problems());
  if (!obj.ok()) return std::nullopt;
  const bool has_bands = obj.has("bands") || obj.has("values");
  const bool has_ages = obj.has("ages");
  if (has_bands == has_ages) {
    parent.problems().add(obj.path(), has_bands ? "both bands and single ages given" : "no rates given",
                          "either {bands, values} or {ages}");
    return std::nullopt;
  }
  if (has_ages) {
    auto ages = obj.numbers("ages", Need::required, lo, hi);
    if (!ages) return std::nullopt;
    if (ages->size() != age_count) {
      parent.problems().add(obj.path_of("ages"), std::to_string(ages->size()) + " values",
                            "101 values: ages 0 to 99 and 100+");
      return std::nullopt;
    }
    AgeVector out{};
    std::copy(ages->begin(), ages->end(), out.begin());
    return out;
  }
  auto bands = obj.integers("bands", Need::required, 0, open_age);
  auto values = obj.numbers("values", Need::required, lo, hi);
  if (!bands || !values) return std::nullopt;
  const auto problems = check_age_bands(*bands, *values, "values", lo);
  parent.problems().append(problems, obj.path());
  if (!problems.empty()) return std::nullopt;
  return expand_band_rates(*bands, *values);
}

std::optional<PerTier<std::optional<double>>> read_per_tier(ObjectReader& parent, std::string_view key,
                                                            Need need, double lo, double hi,
                                                            bool allow_out_of_county) {
  const json::value* v = parent.get(key, need, "an object keyed by tier: village, community, township, ...");
  if (v == nullptr) return std::nullopt;
  ObjectReader obj(*v, parent.path_of(key), parent.problems());
  if (!obj.ok()) return std::nullopt;
  PerTier<std::optional<double>> out{};
  for (Tier t : all_tiers) {
    if (t == Tier::out_of_county && !allow_out_of_county) continue;
    out[index(t)] = obj.number(to_string(t), Need::optional, lo, hi);
  }
  return out;
}

std::optional<FlowParameters> read_flow_sections(ObjectReader& top) {
  FlowParameters params;
  const bool has_lines = top.has("service_lines");
  top.for_each("service_lines", Need::optional, [&](const json::value& v, const std::string& path) {
    read_service_line(v, path, top.problems(), params);
  });
  if (!has_lines) {
    // Without service lines the other flow sections have nothing to act on.
    for (const char* key : {"choice", "insurance", "capacity"}) {
      if (top.has(key))
        top.problems().add(key, "given without service_lines", "service_lines, or no " + std::string(key));
    }
    return std::nullopt;
  }
  if (params.lines.empty())
    top.problems().add("service_lines", "no service lines", "at least one service line");
  for (std::size_t i = 0; i < params.lines.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (params.lines[i].id == params.lines[j].id) {
        top.problems().add(element_path("service_lines", i) + ".id",
                           "duplicate id \"" + params.lines[i].id + "\"",
                           "an id not used by " + element_path("service_lines", j));
        break;
      }
    }
  }
  read_choice(top, params.choice);
  read_insurance(top, params.insurance);
  read_capacity(top, params.capacity);
  return params;
}

}  // namespace ygt::detail
