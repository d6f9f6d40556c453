#include "yigongti/io/synthetic.hpp"

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string_view>

namespace ygt {
namespace json = boost::json;

namespace {

/// Values per age band (0, 5, 15, 45, 65) scaled by one random factor.
template <class Draw>
json::object banded(std::initializer_list<double> values, Draw& draw) {
  const double f = draw(0.8, 1.2);
  json::array v;
  for (double x : values) v.push_back(x * f);
  return json::object{{"bands", json::array{0, 5, 15, 45, 65}}, {"values", std::move(v)}};
}

/// One service line: costs and capabilities per setting drawn around the
/// given ones (village, community, township, county, out_of_county).
template <class Draw>
json::object line(const char* id, const char* care, const char* severity, json::object rate,
                  std::array<double, 5> cost, std::array<double, 4> capability, Draw& draw) {
  static constexpr std::array<const char*, 5> settings = {"village", "community", "township", "county",
                                                          "out_of_county"};
  json::object c;
  json::object cap;
  for (std::size_t k = 0; k < settings.size(); ++k) c[settings[k]] = std::round(cost[k] * draw(0.85, 1.15));
  for (std::size_t k = 0; k < capability.size(); ++k)
    cap[settings[k]] = std::clamp(capability[k] * draw(0.9, 1.1), 0.0, 0.99);
  json::object out{{"id", id},
                   {"care", care},
                   {"severity", severity},
                   {"rate", std::move(rate)},
                   {"cost", std::move(c)},
                   {"capability", std::move(cap)}};
  if (std::string_view(care) == "inpatient") {
    out["down_referral"] = json::object{{"county", draw(0.05, 0.2)}, {"out_of_county", draw(0.05, 0.2)}};
    out["length_of_stay"] = std::round(draw(6, 14));
    out["asc"] = json::object{{"village", -6.0}, {"community", -3.0}};
  }
  return out;
}

template <class Draw>
void add_projection(json::object& doc, const SyntheticOptions& o, Draw& draw) {
  json::array lines;
  lines.push_back(line("op_minor", "outpatient", "minor", banded({3.0, 1.6, 1.0, 1.3, 2.0}, draw),
                       {25, 40, 50, 150, 300}, {0.85, 0.92, 0.95, 0.99}, draw));
  lines.push_back(line("op_common", "outpatient", "common", banded({1.2, 0.8, 0.6, 0.9, 1.4}, draw),
                       {45, 70, 90, 240, 480}, {0.45, 0.7, 0.8, 0.97}, draw));
  lines.push_back(line("op_chronic", "outpatient", "common", banded({0.0, 0.0, 0.25, 1.6, 3.2}, draw),
                       {35, 60, 80, 200, 380}, {0.7, 0.85, 0.9, 0.98}, draw));
  lines.push_back(line("op_serious", "outpatient", "serious", banded({0.08, 0.06, 0.12, 0.25, 0.4}, draw),
                       {60, 120, 180, 450, 1100}, {0.05, 0.2, 0.35, 0.85}, draw));
  lines.push_back(line("ip_common", "inpatient", "common", banded({0.037, 0.015, 0.015, 0.037, 0.089}, draw),
                       {1500, 1800, 2200, 5200, 11000}, {0.0, 0.3, 0.6, 0.95}, draw));
  lines.push_back(line("ip_chronic", "inpatient", "common", banded({0.0, 0.0, 0.003, 0.022, 0.052}, draw),
                       {1500, 1800, 2400, 6000, 13000}, {0.0, 0.3, 0.55, 0.95}, draw));
  lines.push_back(line("ip_serious", "inpatient", "serious",
                       banded({0.003, 0.0022, 0.0045, 0.011, 0.022}, draw), {3000, 3500, 4500, 12000, 26000},
                       {0.0, 0.05, 0.15, 0.85}, draw));
  lines.push_back(line("ip_complex", "inpatient", "complex",
                       banded({0.0007, 0.0007, 0.0011, 0.003, 0.0052}, draw),
                       {5000, 6000, 8000, 30000, 60000}, {0.0, 0.0, 0.05, 0.55}, draw));
  doc["service_lines"] = std::move(lines);
  doc["choice"] = json::object{{"b_cap", draw(2.5, 3.5)},
                               {"b_time", draw(0.02, 0.04)},
                               {"b_oop", draw(0.3, 0.5)},
                               {"b_fd", 0.5},
                               {"asc", json::object{{"out_of_county", draw(1.5, 2.5)}}}};
  doc["insurance"] = json::object{{"outpatient", json::object{{"village", 0.6},
                                                              {"community", 0.55},
                                                              {"township", 0.55},
                                                              {"county", 0.45},
                                                              {"out_of_county", 0.3}}},
                                  {"inpatient", json::object{{"village", 0.9},
                                                             {"community", 0.9},
                                                             {"township", 0.9},
                                                             {"county", 0.78},
                                                             {"out_of_county", 0.43}}},
                                  {"family_doctor_coverage", draw(0.1, 0.3)}};
  doc["demography"] = json::object{
      {"survival",
       json::object{{"bands", json::array{0, 1, 5, 15, 45, 65, 75, 85}},
                    {"values", json::array{0.993, 0.9995, 0.9997, 0.9992, 0.996, 0.985, 0.96, 0.86}}}},
      {"fertility", json::object{{"bands", json::array{0, 20, 25, 30, 35, 40}},
                                 {"values", json::array{0, 0.035, 0.05, 0.03, 0.01, 0}}}},
      {"net_migration", json::object{{"bands", json::array{0, 15, 20, 30, 45}},
                                     {"values", json::array{0, -0.004, -0.008, -0.003, 0}}}}};
  const int reform = std::min(o.first_year + 1, o.last_year);
  const int ramp_end = std::min(reform + 4, o.last_year);
  doc["variants"] = json::array{
      json::object{{"id", "baseline"}, {"description", "fee for service"}},
      json::object{
          {"id", "reform"},
          {"description", "rolling global budget split 6:3:1, capability ramp, coverage, reinvestment"},
          {"payment",
           json::array{json::object{
               {"id", "alliance_package"},
               {"scheme", "global_budget"},
               {"from", reform},
               {"budget", json::object{{"rolling_growth", 0.05}}},
               {"retention", 1},
               {"distribution",
                json::object{{"ratios", json::object{{"county", 6}, {"township", 3}, {"village", 1}}}}}}}},
          {"interventions",
           json::array{
               json::object{{"kind", "capability"},
                            {"tier", "township"},
                            {"line", "ip_common"},
                            {"from", reform},
                            {"to", ramp_end},
                            {"target", 0.75}},
               json::object{{"kind", "coverage"}, {"from", reform}, {"to", ramp_end}, {"target", 0.4}},
               json::object{{"kind", "reinvestment"},
                            {"from", std::min(reform + 1, o.last_year)},
                            {"share", 0.3},
                            {"efficiency", 0.002}}}}}};
}

}  // namespace

std::string synthetic_scenario_json(const SyntheticOptions& options) {
  if (options.townships < 1) throw std::invalid_argument("synthetic_scenario_json: at least one township");
  if (options.institutions < options.townships + 2) {
    throw std::invalid_argument("synthetic_scenario_json: at least townships + 2 institutions");
  }
  if (options.last_year < options.first_year)
    throw std::invalid_argument("synthetic_scenario_json: years reversed");

  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto draw = [&](double lo, double hi) { return lo + (hi - lo) * unit(rng); };

  const bool has_community = options.institutions >= options.townships * 2 + 3;
  json::array townships;
  json::array institutions;
  json::array members;
  for (int t = 0; t < options.townships; ++t) {
    const std::string id = "t" + std::to_string(t + 1);
    const double people = draw(20'000.0, 80'000.0);
    // Age shares of an ageing rural county: 0-4, 5-14, 15-44, 45-64, 65+.
    const double shares[] = {0.045, 0.11, 0.36, 0.30, 0.185};
    json::array counts;
    for (double s : shares) counts.push_back(static_cast<std::int64_t>(people * s * draw(0.9, 1.1)));
    json::object minutes{{"village", draw(5, 15)},
                         {"township", draw(10, 40)},
                         {"county", draw(15, 90)},
                         {"out_of_county", draw(60, 180)}};
    if (has_community) minutes["community"] = draw(10, 30);
    townships.push_back(json::object{
        {"id", id},
        {"name", "Township " + std::to_string(t + 1)},
        {"population", json::object{{"bands", json::array{0, 5, 15, 45, 65}}, {"counts", std::move(counts)}}},
        {"minutes", std::move(minutes)}});
    const std::string centre = id + "-centre";
    institutions.push_back(json::object{{"id", centre},
                                        {"tier", "township"},
                                        {"township", id},
                                        {"beds", static_cast<std::int64_t>(draw(20, 120))},
                                        {"staff", static_cast<std::int64_t>(draw(30, 150))}});
    members.push_back(json::value(centre));
  }
  institutions.push_back(json::object{
      {"id", "county-general"}, {"tier", "county"}, {"kind", "general"}, {"township", "t1"}, {"beds", 1000}});
  institutions.push_back(json::object{
      {"id", "county-tcm"}, {"tier", "county"}, {"kind", "tcm"}, {"township", "t1"}, {"beds", 400}});
  const int rest = options.institutions - options.townships - 2;
  for (int i = 0; i < rest; ++i) {
    const int t = i % options.townships;
    const bool community = has_community && i % 10 == 9;
    const std::string id = (community ? "cs" : "vc") + std::to_string(i + 1);
    institutions.push_back(json::object{{"id", id},
                                        {"tier", community ? "community" : "village"},
                                        {"township", "t" + std::to_string(t + 1)},
                                        {"staff", static_cast<std::int64_t>(draw(1, 6))}});
    members.push_back(json::value(id));
  }
  json::object doc{
      {"schema", "yigongti/scenario/1"},
      {"name", "Synthetic county (" + std::to_string(options.townships) + " townships, " +
                   std::to_string(options.institutions) + " institutions)"},
      {"description", "generated by ygt::synthetic_scenario_json; every number is random"},
      {"years", json::object{{"start", options.first_year}, {"end", options.last_year}}},
      {"county", json::object{{"id", options.id},
                              {"name", "Synthetic county"},
                              {"townships", std::move(townships)},
                              {"institutions", std::move(institutions)},
                              {"alliances", json::array{json::object{
                                                {"id", "alliance"},
                                                {"lead", json::array{"county-general", "county-tcm"}},
                                                {"members", std::move(members)},
                                                {"unified", json::array{"administration", "finance"}}}}}}}};
  if (options.projection) add_projection(doc, options, draw);
  return json::serialize(doc);
}

}  // namespace ygt
