// A scheme paid to an alliance needs the domains that make it one purse: a
// package, budget or shared savings needs `finance` unified, an assessment
// score that scales retention needs `performance`; each refusal names both.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <optional>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>

namespace ygt {
namespace {

namespace json = boost::json;

/// The synthetic scenario (one alliance, "alliance", unifying administration
/// and finance; a global budget in its reform variant), changed by `change`.
template <typename Change>
std::optional<InputError> error_of(Change change) {
  json::value doc = json::parse(synthetic_scenario_json({.townships = 3, .institutions = 12}));
  change(doc);
  try {
    (void)parse_scenario(json::serialize(doc), "s.json");
  } catch (const InputError& e) {
    return e;
  }
  return std::nullopt;
}

template <typename Change>
std::vector<Problem> problems_of(Change change) {
  const auto e = error_of(change);
  return e ? e->problems() : std::vector<Problem>{};
}

json::object& alliance(json::value& doc) {
  return doc.at("county").at("alliances").as_array().at(0).as_object();
}

json::object& budget(json::value& doc) {
  return doc.at("variants").as_array().at(1).at("payment").as_array().at(0).as_object();
}

TEST(UnifiedDomains, ThePackageNeedsOnePurse) {
  EXPECT_TRUE(problems_of([](json::value&) {}).empty());
  const auto problems =
      problems_of([](json::value& doc) { alliance(doc)["unified"] = json::array{"administration"}; });
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "variants[1].payment[0].alliance");
  EXPECT_NE(problems[0].what.find("has not unified finance"), std::string::npos) << problems[0].what;
  EXPECT_NE(problems[0].expected.find("\"finance\" in the unified domains of alliance \"alliance\""),
            std::string::npos)
      << problems[0].expected;
  // Without a scheme paid to the alliance, no domain is needed.
  EXPECT_TRUE(problems_of([](json::value& doc) {
                alliance(doc)["unified"] = json::array{"administration"};
                doc.at("variants").as_array().at(1).as_object().erase("payment");
              }).empty());
}

TEST(UnifiedDomains, TheAssessmentScoreIsTheAlliancesPerformance) {
  const auto without = problems_of([](json::value& doc) { budget(doc)["assessment_score"] = 90; });
  ASSERT_EQ(without.size(), 1u);
  EXPECT_EQ(without[0].path, "variants[1].payment[0].assessment_score");
  EXPECT_NE(without[0].what.find("has not unified performance"), std::string::npos) << without[0].what;
  EXPECT_TRUE(problems_of([](json::value& doc) {
                budget(doc)["assessment_score"] = 90;
                alliance(doc)["unified"] = json::array{"administration", "finance", "performance"};
              }).empty());
}

TEST(LegalEntity, UnifiesEveryDomainByDefinition) {
  json::value doc = json::parse(synthetic_scenario_json({.townships = 3, .institutions = 12}));
  alliance(doc)["legal_entity"] = true;
  alliance(doc).erase("unified");
  const Scenario sc = parse_scenario(json::serialize(doc), "s.json");
  const Alliance& a = sc.county.alliances().front();
  EXPECT_TRUE(a.legal_entity());
  for (Domain d : all_domains) EXPECT_TRUE(a.unifies(d)) << to_string(d);
  // All eight listed is the same; without the flag an alliance is no entity.
  EXPECT_TRUE(problems_of([](json::value& d) {
                alliance(d)["legal_entity"] = true;
                json::array all;
                for (Domain x : all_domains) all.emplace_back(to_string(x));
                alliance(d)["unified"] = all;
              }).empty());
  EXPECT_FALSE(parse_scenario(synthetic_scenario_json({.townships = 3, .institutions = 12}), "s.json")
                   .county.alliances()
                   .front()
                   .legal_entity());
}

TEST(LegalEntity, AListThatLeavesADomainOutIsRefused) {
  for (json::array list : {json::array{"administration", "finance"}, json::array{}}) {
    const auto problems = problems_of([&](json::value& doc) {
      alliance(doc)["legal_entity"] = true;
      alliance(doc)["unified"] = list;
    });
    ASSERT_EQ(problems.size(), 1u) << json::serialize(list);
    EXPECT_EQ(problems[0].path, "county.alliances[0].unified");
    EXPECT_NE(problems[0].what.find("\"personnel\""), std::string::npos) << problems[0].what;
    EXPECT_NE(problems[0].expected.find("all eight domains"), std::string::npos) << problems[0].expected;
  }
  const auto error = error_of([](json::value& doc) {
    alliance(doc)["legal_entity"] = true;
    alliance(doc)["unified"] = json::array{"finance"};
  });
  ASSERT_TRUE(error.has_value());
  const std::string message = error->what();
  EXPECT_NE(message.find("s.json"), std::string::npos) << message;
  EXPECT_NE(message.find("county.alliances[0].unified"), std::string::npos) << message;
}

TEST(LegalEntity, TheFlagIsABooleanAndItsKeyIsChecked) {
  const auto wrong = problems_of([](json::value& doc) { alliance(doc)["legal_entity"] = "yes"; });
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_EQ(wrong[0].path, "county.alliances[0].legal_entity");
  EXPECT_EQ(wrong[0].expected, "true or false");
  const auto typo = problems_of([](json::value& doc) { alliance(doc)["legal_entitty"] = true; });
  ASSERT_EQ(typo.size(), 1u);
  EXPECT_EQ(typo[0].path, "county.alliances[0].legal_entitty");
  EXPECT_NE(typo[0].what.find("legal_entity"), std::string::npos) << typo[0].what;
}

}  // namespace
}  // namespace ygt
