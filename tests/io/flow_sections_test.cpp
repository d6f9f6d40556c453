// The flow model's sections of a scenario: JSON types, ranges and paths.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <yigongti/io/scenario_file.hpp>

#include "support/problems.hpp"

namespace ygt {
namespace {
namespace json = boost::json;

/// The base document with the inpatient line's single-year rates filled in.
json::value base() {
  std::string ages;
  for (int a = 0; a < 101; ++a) ages += (a ? "," : "") + std::string(a < 60 ? "0.05" : "0.2");
  std::string text = json::serialize(json::parse(R"({"schema": "yigongti/scenario/1", "name": "Flows test",
    "years": {"start": 2021, "end": 2021},
    "county": {
      "id": "c",
      "townships": [{"id": "a", "population": {"bands": [0, 15, 65], "counts": [1500, 5000, 1010]},
                     "minutes": {"township": 20, "county": 40, "out_of_county": 120}}],
      "institutions": [{"id": "hosp", "tier": "county"}, {"id": "a-centre", "tier": "township", "township": "a"}]
    },
    "service_lines": [
      {"id": "op", "care": "outpatient", "severity": "common",
       "rate": {"bands": [0, 15, 65], "values": [2.0, 1.5, 4.0]},
       "cost": {"township": 90, "county": 260, "out_of_county": 520},
       "capability": {"township": 0.85, "county": 0.98}},
      {"id": "ip", "care": "inpatient", "severity": "serious",
       "rate": {"ages": [)" + ages + R"(]},
       "cost": {"township": 2000, "county": 8000, "out_of_county": 20000},
       "capability": {"township": 0.3, "county": 0.9},
       "down_referral": {"county": 0.2}, "length_of_stay": 8}
    ],
    "choice": {"b_cap": 3.0, "b_time": 0.02, "b_oop": 0.3, "b_fd": 0.5, "asc": {"county": 0.2}},
    "insurance": {"reimbursement": {"township": 0.85, "county": 0.75, "out_of_county": 0.55},
                  "inpatient": {"county": 0.7}, "family_doctor_coverage": 0.3},
    "capacity": {"outpatient_encounters": {"township": 100000}, "inpatient_bed_days": {"county": 50000}}
  })"));
  return json::parse(text);
}

json::object& line(json::value& doc, std::size_t i) {
  return doc.at("service_lines").as_array().at(i).as_object();
}

std::vector<Problem> problems_of(const json::value& doc) {
  try {
    (void)parse_scenario(json::serialize(doc), "flows.json");
  } catch (const InputError& e) {
    return e.problems();
  }
  return {};
}

void expect_problem(const json::value& doc, const std::string& path, const std::string& fragment) {
  EXPECT_TRUE(testing::has_problem(problems_of(doc), path, fragment));
}

TEST(FlowSections, ReadsEveryKey) {
  const Scenario sc = parse_scenario(json::serialize(base()), "flows.json");
  ASSERT_TRUE(sc.flows.has_value());
  const FlowParameters& f = *sc.flows;
  ASSERT_EQ(f.lines.size(), 2u);
  EXPECT_EQ(f.lines[0].care, CareType::outpatient);
  EXPECT_EQ(f.lines[1].severity, Severity::serious);
  EXPECT_DOUBLE_EQ(f.lines[0].rate[14], 2.0);
  EXPECT_DOUBLE_EQ(f.lines[0].rate[15], 1.5);
  EXPECT_DOUBLE_EQ(f.lines[0].rate[100], 4.0);
  EXPECT_DOUBLE_EQ(f.lines[1].rate[59], 0.05);
  EXPECT_DOUBLE_EQ(f.lines[1].rate[60], 0.2);
  EXPECT_DOUBLE_EQ(f.lines[0].cost[index(Tier::county)], 260.0);
  EXPECT_DOUBLE_EQ(f.lines[0].capability[index(Tier::township)], 0.85);
  EXPECT_DOUBLE_EQ(f.lines[0].capability[index(Tier::out_of_county)], 1.0);
  EXPECT_DOUBLE_EQ(f.lines[1].down_referral[index(Tier::county)], 0.2);
  EXPECT_DOUBLE_EQ(f.lines[1].down_referral[index(Tier::out_of_county)], 0.0);
  EXPECT_DOUBLE_EQ(f.lines[1].length_of_stay, 8.0);
  EXPECT_DOUBLE_EQ(f.choice.b_cap, 3.0);
  EXPECT_DOUBLE_EQ(f.choice.asc[index(Tier::county)], 0.2);
  EXPECT_DOUBLE_EQ(f.insurance.rate(Tier::county, CareType::outpatient), 0.75);
  EXPECT_DOUBLE_EQ(f.insurance.rate(Tier::county, CareType::inpatient), 0.7);
  EXPECT_DOUBLE_EQ(f.insurance.rate(Tier::township, CareType::inpatient), 0.85);
  EXPECT_DOUBLE_EQ(f.insurance.family_doctor_coverage, 0.3);
  EXPECT_EQ(f.capacity.outpatient_encounters[index(Tier::township)], 100000.0);
  EXPECT_FALSE(f.capacity.outpatient_encounters[index(Tier::county)].has_value());
  EXPECT_EQ(f.capacity.inpatient_bed_days[index(Tier::county)], 50000.0);
}

TEST(FlowSections, WithoutServiceLinesThereAreNoFlows) {
  auto doc = base();
  auto& top = doc.as_object();
  top.erase("service_lines");
  top.erase("choice");
  top.erase("insurance");
  top.erase("capacity");
  EXPECT_FALSE(parse_scenario(json::serialize(doc), "x").flows.has_value());
  top["choice"] = json::object{{"b_cap", 1}};
  expect_problem(doc, "choice", "without service_lines");
}

TEST(FlowSections, CapabilityOutsideZeroOne) {
  auto doc = base();
  line(doc, 0).at("capability").as_object()["township"] = 1.2;
  expect_problem(doc, "service_lines[0].capability.township", "out of range");
}

TEST(FlowSections, CapabilityOfTheTopSettingIsNotAKey) {
  auto doc = base();
  line(doc, 0).at("capability").as_object()["out_of_county"] = 1;
  expect_problem(doc, "service_lines[0].capability.out_of_county", "unknown key");
}

TEST(FlowSections, DownReferralOutsideZeroOne) {
  auto doc = base();
  line(doc, 1).at("down_referral").as_object()["county"] = -0.1;
  expect_problem(doc, "service_lines[1].down_referral.county", "out of range");
}

TEST(FlowSections, NegativeRate) {
  auto doc = base();
  line(doc, 0).at("rate").as_object()["values"] = json::array{2.0, -1.5, 4.0};
  expect_problem(doc, "service_lines[0].rate.values[1]", "out of range");
}

TEST(FlowSections, RateBandsNotIncreasing) {
  auto doc = base();
  line(doc, 0).at("rate").as_object()["bands"] = json::array{0, 65, 15};
  expect_problem(doc, "service_lines[0].rate.bands[2]", "not increasing");
}

TEST(FlowSections, NegativeCost) {
  auto doc = base();
  line(doc, 0).at("cost").as_object()["county"] = -260;
  expect_problem(doc, "service_lines[0].cost.county", "out of range");
}

TEST(FlowSections, UnknownCareTypeAndSeverity) {
  auto doc = base();
  line(doc, 0)["care"] = "day_surgery";
  line(doc, 0)["severity"] = "grave";
  expect_problem(doc, "service_lines[0].care", "outpatient or inpatient");
  expect_problem(doc, "service_lines[0].severity", "minor, common, serious or complex");
}

TEST(FlowSections, TypoInAServiceLineKey) {
  auto doc = base();
  line(doc, 0)["capabilty"] = line(doc, 0)["capability"];
  line(doc, 0).erase("capability");
  expect_problem(doc, "service_lines[0].capabilty", "did you mean `capability`?");
}

TEST(FlowSections, DuplicateLineId) {
  auto doc = base();
  line(doc, 1)["id"] = "op";
  expect_problem(doc, "service_lines[1].id", "duplicate id");
}

TEST(FlowSections, ChoiceNeedsItsCoefficients) {
  auto doc = base();
  doc.at("choice").as_object().erase("b_time");
  expect_problem(doc, "choice.b_time", "missing");
}

TEST(FlowSections, ReimbursementOutsideZeroOne) {
  auto doc = base();
  doc.at("insurance").at("reimbursement").as_object()["county"] = 1.5;
  expect_problem(doc, "insurance.reimbursement.county", "out of range");
}

TEST(FlowSections, CoverageOutsideZeroOne) {
  auto doc = base();
  doc.at("insurance").as_object()["family_doctor_coverage"] = 58;
  expect_problem(doc, "insurance.family_doctor_coverage", "out of range");
}

TEST(FlowSections, NegativeCapacity) {
  auto doc = base();
  doc.at("capacity").at("outpatient_encounters").as_object()["township"] = -1;
  expect_problem(doc, "capacity.outpatient_encounters.township", "out of range");
}

TEST(FlowSections, OutOfCountyHasNoCapacity) {
  auto doc = base();
  doc.at("capacity").at("inpatient_bed_days").as_object()["out_of_county"] = 1e6;
  expect_problem(doc, "capacity.inpatient_bed_days.out_of_county", "unknown key");
}

}  // namespace
}  // namespace ygt
