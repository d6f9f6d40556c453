// The scenario's `behaviour` section: defaults when it is missing, "off",
// every key read, and every bad value refused with its JSON path.
#include <gtest/gtest.h>

#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>

#include "support/problems.hpp"

namespace ygt {
namespace {

using testing::has_problem;

/// The synthetic scenario (one alliance, `alliance`) with `section` added at the top level.
std::string with_behaviour(const std::string& section) {
  std::string text = synthetic_scenario_json({.townships = 3, .institutions = 12});
  return text.substr(0, text.rfind('}')) + ", \"behaviour\": " + section + "}";
}

std::vector<Problem> problems_of(const std::string& section) {
  try {
    (void)parse_scenario(with_behaviour(section), "s.json");
  } catch (const InputError& e) {
    return e.problems();
  }
  return {};
}

TEST(BehaviourSection, MissingGivesTheDocumentedDefaultsOn) {
  const Scenario sc = parse_scenario(synthetic_scenario_json({}), "s.json");
  EXPECT_TRUE(sc.behaviour.enabled);
  EXPECT_TRUE(sc.behaviour_defaulted);
  EXPECT_EQ(sc.behaviour.elasticities, default_elasticities());
  ASSERT_EQ(sc.behaviour.lines.size(), sc.flows->lines.size());
  for (std::size_t l = 0; l < sc.flows->lines.size(); ++l) {
    const LineBehaviour d = default_line_behaviour(*sc.flows, l);
    EXPECT_EQ(sc.behaviour.lines[l].discretionary, d.discretionary);
    EXPECT_EQ(sc.behaviour.lines[l].compressible, d.compressible);
    // Avoided admissions become care on an outpatient line.
    if (sc.flows->lines[l].care == CareType::inpatient) {
      EXPECT_EQ(sc.flows->lines[d.outpatient_line].care, CareType::outpatient);
    }
  }
}

TEST(BehaviourSection, OffAndEveryKey) {
  const Scenario o = parse_scenario(with_behaviour("\"off\""), "s.json");
  EXPECT_FALSE(o.behaviour.enabled);
  EXPECT_FALSE(o.behaviour_defaulted);

  const Scenario sc = parse_scenario(with_behaviour(R"({
      "ffs_margin": 0.2, "adjustment": 0.8, "keep_referral_share": 0.25,
      "elasticities": {"intensity": 1.5, "discretionary": 0},
      "lines": {"ip_common": {"discretionary": 0.5, "compressible": 0.1, "outpatient_line": "op_minor"}},
      "alliances": {"alliance": {"elasticities": {"send_down": 7}}}})"),
                                     "s.json");
  const BehaviourParameters& b = sc.behaviour;
  EXPECT_TRUE(b.enabled);
  EXPECT_FALSE(sc.behaviour_defaulted);
  EXPECT_EQ(b.ffs_margin, 0.2);
  EXPECT_EQ(b.adjustment, 0.8);
  EXPECT_EQ(b.keep_referral_share, 0.25);
  EXPECT_EQ(b.elasticities[index(Response::intensity)], 1.5);
  EXPECT_EQ(b.elasticities[index(Response::discretionary)], 0.0);
  EXPECT_EQ(b.elasticities[index(Response::keep_in_county)],
            default_elasticities()[index(Response::keep_in_county)]);
  std::size_t ip = 0;
  while (sc.flows->lines[ip].id != "ip_common") ++ip;
  EXPECT_EQ(b.lines[ip].discretionary, 0.5);
  EXPECT_EQ(b.lines[ip].compressible, 0.1);
  EXPECT_EQ(sc.flows->lines[b.lines[ip].outpatient_line].id, "op_minor");
  // An alliance's own elasticities start from the section's.
  const Elasticities& a = b.elasticities_of("alliance");
  EXPECT_EQ(a[index(Response::send_down)], 7.0);
  EXPECT_EQ(a[index(Response::intensity)], 1.5);
  EXPECT_EQ(b.elasticities_of("")[index(Response::send_down)], b.elasticities[index(Response::send_down)]);
}

TEST(BehaviourSection, BadValuesNameTheirPath) {
  EXPECT_TRUE(has_problem(problems_of("\"on\""), "behaviour", "\"off\""));
  EXPECT_TRUE(has_problem(problems_of("3"), "behaviour", "object"));
  EXPECT_TRUE(has_problem(problems_of(R"({"elasticities": {"intensity": 51}})"),
                          "behaviour.elasticities.intensity", "50"));
  EXPECT_TRUE(has_problem(problems_of(R"({"elasticities": {"intensity": -1}})"),
                          "behaviour.elasticities.intensity", ""));
  EXPECT_TRUE(has_problem(problems_of(R"({"elasticities": {"intensty": 1}})"),
                          "behaviour.elasticities.intensty", "did you mean `intensity`"));
  EXPECT_TRUE(has_problem(problems_of(R"({"elasticites": {}})"), "behaviour.elasticites", "did you mean"));
  EXPECT_TRUE(has_problem(problems_of(R"({"adjustment": 0})"), "behaviour.adjustment", "(0, 1]"));
  EXPECT_TRUE(has_problem(problems_of(R"({"adjustment": 1.5})"), "behaviour.adjustment", ""));
  EXPECT_TRUE(has_problem(problems_of(R"({"ffs_margin": 2})"), "behaviour.ffs_margin", ""));
  EXPECT_TRUE(
      has_problem(problems_of(R"({"keep_referral_share": -0.1})"), "behaviour.keep_referral_share", ""));
  EXPECT_TRUE(has_problem(problems_of(R"({"lines": {"ip_common": {"discretionary": 1.2}}})"),
                          "behaviour.lines.ip_common.discretionary", ""));
  EXPECT_TRUE(has_problem(problems_of(R"({"lines": {"op_common": {"compressible": -0.5}}})"),
                          "behaviour.lines.op_common.compressible", ""));
  EXPECT_TRUE(has_problem(problems_of(R"({"lines": {"op_common": {"discretionary": 0.3}}})"),
                          "behaviour.lines.op_common.discretionary", "outpatient line"));
  EXPECT_TRUE(has_problem(problems_of(R"({"lines": {"ip_comon": {"discretionary": 0.3}}})"),
                          "behaviour.lines.ip_comon", "did you mean `ip_common`"));
  EXPECT_TRUE(has_problem(problems_of(R"({"lines": {"ip_common": {"outpatient_line": "ip_serious"}}})"),
                          "behaviour.lines.ip_common.outpatient_line", "outpatient line"));
  EXPECT_TRUE(has_problem(problems_of(R"({"lines": {"ip_common": {"outpatient_line": "op_comon"}}})"),
                          "behaviour.lines.ip_common.outpatient_line", "did you mean `op_common`"));
  EXPECT_TRUE(has_problem(problems_of(R"({"lines": {"ip_common": {"discretionery": 0.3}}})"),
                          "behaviour.lines.ip_common.discretionery", "did you mean `discretionary`"));
  EXPECT_TRUE(has_problem(problems_of(R"({"alliances": {"nowhere": {"elasticities": {"send_down": 1}}}})"),
                          "behaviour.alliances.nowhere", "unknown alliance"));
  EXPECT_TRUE(has_problem(problems_of(R"({"alliances": {"alliance": {"elasticities": {"send_down": 99}}}})"),
                          "behaviour.alliances.alliance.elasticities.send_down", ""));
}

}  // namespace
}  // namespace ygt
