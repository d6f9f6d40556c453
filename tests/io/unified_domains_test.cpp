// A scheme paid to an alliance needs the domains that make it one purse: a
// package, budget or shared savings needs `finance` unified, an assessment
// score that scales retention needs `performance`; each refusal names both.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>

namespace ygt {
namespace {

namespace json = boost::json;

/// The synthetic scenario (one alliance, "alliance", unifying administration
/// and finance; a global budget in its reform variant), changed by `change`.
template <typename Change>
std::vector<Problem> problems_of(Change change) {
  json::value doc = json::parse(synthetic_scenario_json({.townships = 3, .institutions = 12}));
  change(doc);
  try {
    (void)parse_scenario(json::serialize(doc), "s.json");
  } catch (const InputError& e) {
    return e.problems();
  }
  return {};
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

}  // namespace
}  // namespace ygt
