// The projection's sections of a scenario: demography and interventions.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <yigongti/io/scenario_file.hpp>

#include "support/problems.hpp"

namespace ygt {
namespace {
namespace json = boost::json;

json::value base() {
  return json::parse(R"({
    "schema": "yigongti/scenario/1", "name": "Projection test", "years": {"start": 2016, "end": 2030},
    "county": {
      "id": "c",
      "townships": [{"id": "a", "population": {"bands": [0, 15, 65], "counts": [1500, 5000, 1010]},
                     "minutes": {"township": 20, "county": 40, "out_of_county": 120}}],
      "institutions": [{"id": "hosp", "tier": "county"}, {"id": "a-centre", "tier": "township", "township": "a"}]
    },
    "service_lines": [
      {"id": "op", "care": "outpatient", "severity": "common", "rate": {"bands": [0], "values": [3.0]},
       "cost": {"township": 90, "county": 260, "out_of_county": 520},
       "capability": {"township": 0.85, "county": 0.98}}
    ],
    "choice": {"b_cap": 3.0, "b_time": 0.02, "b_oop": 0.3},
    "insurance": {"reimbursement": {"township": 0.85, "county": 0.75, "out_of_county": 0.55}},
    "demography": {
      "survival": {"bands": [0, 1, 65, 85], "values": [0.995, 0.999, 0.98, 0.85]},
      "fertility": {"bands": [0, 20, 35], "values": [0, 0.05, 0]},
      "net_migration": {"bands": [0, 20, 40], "values": [0, -0.01, 0]},
      "township_net_migration": {"a": {"bands": [0], "values": [0.002]}}
    },
    "interventions": [
      {"kind": "capability", "tier": "township", "line": "op", "from": 2017, "to": 2021, "target": 0.95},
      {"kind": "reimbursement", "tier": "county", "care": "inpatient", "from": 2019, "target": 0.77},
      {"kind": "minutes", "tier": "county", "from": 2018, "to": 2020, "target": 0.8},
      {"kind": "coverage", "from": 2016, "to": 2022, "target": 0.58},
      {"kind": "demand", "line": "op", "from": 2021, "change": -0.0943},
      {"kind": "reinvestment", "from": 2018, "share": 0.3, "efficiency": 0.002}
    ]
  })");
}

json::object& intervention(json::value& doc, std::size_t i) {
  return doc.at("interventions").as_array().at(i).as_object();
}

void expect_problem(const json::value& doc, const std::string& path, const std::string& fragment) {
  std::vector<Problem> problems;
  try {
    (void)parse_scenario(json::serialize(doc), "p.json");
  } catch (const InputError& e) {
    problems = e.problems();
  }
  EXPECT_TRUE(testing::has_problem(problems, path, fragment));
}

TEST(ProjectionSections, ReadsDemographyAndInterventions) {
  const Scenario sc = parse_scenario(json::serialize(base()), "p.json");
  ASSERT_TRUE(sc.demography.has_value());
  EXPECT_DOUBLE_EQ(sc.demography->survival[0], 0.995);
  EXPECT_DOUBLE_EQ(sc.demography->survival[90], 0.85);
  EXPECT_DOUBLE_EQ(sc.demography->fertility[25], 0.05);
  EXPECT_DOUBLE_EQ(sc.demography->net_migration[30], -0.01);
  ASSERT_EQ(sc.demography->township_net_migration.size(), 1u);
  EXPECT_DOUBLE_EQ(sc.demography->township_net_migration[0].second[50], 0.002);
  ASSERT_EQ(sc.interventions.size(), 6u);
  const Intervention& cap = sc.interventions[0];
  EXPECT_EQ(cap.kind, InterventionKind::capability);
  EXPECT_EQ(cap.path.shape, Shape::linear);
  EXPECT_DOUBLE_EQ(cap.path.at(2019, 0.85), 0.90);  // midpoint of 2017..2021
  EXPECT_EQ(sc.interventions[1].path.shape, Shape::step);
  EXPECT_EQ(sc.interventions[1].care, CareType::inpatient);
  EXPECT_NEAR(sc.interventions[4].path.target, 0.9057, 1e-12);
  EXPECT_EQ(sc.interventions[5].tiers.size(), 3u);
}

TEST(ProjectionSections, MortalityIsTheComplementOfSurvival) {
  auto doc = base();
  auto& d = doc.at("demography").as_object();
  d.erase("survival");
  d["mortality"] = json::parse(R"({"bands": [0], "values": [0.01]})");
  const Scenario sc = parse_scenario(json::serialize(doc), "p.json");
  EXPECT_DOUBLE_EQ(sc.demography->survival[40], 0.99);
}

TEST(ProjectionSections, SurvivalOutsideZeroOne) {
  auto doc = base();
  doc.at("demography").as_object()["survival"] = json::parse(R"({"bands": [0], "values": [1.2]})");
  expect_problem(doc, "demography.survival.values[0]", "out of range");
}

TEST(ProjectionSections, NetMigrationForAnUnknownTownship) {
  auto doc = base();
  doc.at("demography").at("township_net_migration").as_object()["b"] = json::parse(R"({"ages": []})");
  expect_problem(doc, "demography.township_net_migration.b", "unknown key");
}

TEST(ProjectionSections, AFallOfMoreThanAHundredPercentIsRefused) {
  auto doc = base();
  intervention(doc, 4)["change"] = -5.5045;  // Luohu's printed "-550.45%"
  expect_problem(doc, "interventions[4].change", "fall of more than 100%");
}

TEST(ProjectionSections, TwoInterventionsOnOneLeverInOverlappingYears) {
  auto doc = base();
  doc.at("interventions")
      .as_array()
      .push_back(json::parse(
          R"({"kind": "capability", "tier": "township", "line": "op", "from": 2020, "target": 0.99})"));
  expect_problem(doc, "interventions[6]", "overlap");
  // Back to back on the same lever is fine.
  auto ok = base();
  ok.at("interventions")
      .as_array()
      .push_back(json::parse(
          R"({"kind": "capability", "tier": "township", "line": "op", "from": 2022, "target": 0.99})"));
  EXPECT_NO_THROW((void)parse_scenario(json::serialize(ok), "p.json"));
}

TEST(ProjectionSections, CapabilityTargetOutsideZeroOne) {
  auto doc = base();
  intervention(doc, 0)["target"] = 1.5;
  expect_problem(doc, "interventions[0].target", "out of range");
}

TEST(ProjectionSections, UnknownLine) {
  auto doc = base();
  intervention(doc, 0)["line"] = "ip";
  expect_problem(doc, "interventions[0].line", "unknown service line");
}

TEST(ProjectionSections, YearsOutsideTheScenario) {
  auto doc = base();
  intervention(doc, 3)["from"] = 2010;
  expect_problem(doc, "interventions[3].from", "outside the scenario's years");
}

TEST(ProjectionSections, UnknownKindSuggests) {
  auto doc = base();
  intervention(doc, 3)["kind"] = "coverge";
  expect_problem(doc, "interventions[3].kind", "did you mean `coverage`?");
}

TEST(ProjectionSections, ReinvestmentOnlyRaisesPrimaryTiers) {
  auto doc = base();
  intervention(doc, 5)["tiers"] = json::array{"county"};
  expect_problem(doc, "interventions[5].tiers", "not a primary tier");
}

TEST(ProjectionSections, StepWithAnEndYear) {
  auto doc = base();
  intervention(doc, 0)["shape"] = "step";
  expect_problem(doc, "interventions[0].to", "a step has no end year");
}

}  // namespace
}  // namespace ygt
