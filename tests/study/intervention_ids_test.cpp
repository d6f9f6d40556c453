// Interventions named by id in parameter paths: the id form and the positional
// one name the same value, reordering the list leaves what an id path names
// (and so the ensemble) unchanged, and bad, duplicate or unknown ids are
// refused with their paths.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/projection/projection.hpp>
#include <yigongti/study/parameters.hpp>
#include <yigongti/study/uncertainty.hpp>

#include "support/problems.hpp"

namespace ygt {
namespace {

using testing::has_problem;

const std::string suixi_path = std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json";

std::string suixi_text() {
  std::ifstream in(suixi_path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace(std::string& text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

// The reform's interventions of suixi.json, as lines of the file.
const std::string ip_ramp =
    R"({"kind": "capability", "tier": "township", "line": "ip_common", "from": 2017, "to": 2021, "target": 0.75})";
const std::string op_ramp =
    R"({"kind": "capability", "tier": "township", "line": "op_common", "from": 2017, "to": 2021, "target": 0.88})";
const std::string chronic_op = R"({"kind": "demand", "line": "op_chronic", "from": 2021, "change": 0.9366})";
const std::string chronic_ip = R"({"kind": "demand", "line": "ip_chronic", "from": 2021, "change": -0.0914})";

/// `ip` with an id.
std::string with_id(const std::string& iv, const std::string& id) {
  return "{\"id\": \"" + id + "\", " + iv.substr(1);
}

/// Suixi with ids on four of the reform's interventions and the study
/// sections naming them by id; `reordered` swaps the ramps and the demands.
std::string suixi_with_ids(bool reordered) {
  std::string text = suixi_text();
  const std::string a = with_id(ip_ramp, "ip_ramp");
  const std::string b = with_id(op_ramp, "op_ramp");
  const std::string c = with_id(chronic_op, "chronic_op");
  const std::string d = with_id(chronic_ip, "chronic_ip");
  replace(text, ip_ramp + ",\n       " + op_ramp, reordered ? b + ",\n       " + a : a + ",\n       " + b);
  replace(text, chronic_op + ",\n       " + chronic_ip,
          reordered ? d + ",\n       " + c : c + ",\n       " + d);
  replace(text, "\"variants.reform.interventions[0].target\"",
          "\"variants.reform.interventions.ip_ramp.target\"");
  replace(text, "\"variants.reform.interventions[4].change\"",
          "\"variants.reform.interventions.chronic_op.change\"");
  replace(text, "\"variants.reform.interventions[5].change\"",
          "\"variants.reform.interventions.chronic_ip.change\"");
  return text;
}

std::vector<Problem> problems_of(const std::string& text) {
  try {
    (void)parse_scenario_file(text, suixi_path);
  } catch (const InputError& e) {
    return e.problems();
  }
  return {};
}

TEST(InterventionIds, IdPathsAreListedAndPositionalPathsStillWork) {
  const Scenario sc = parse_scenario_file(suixi_with_ids(false), suixi_path).scenario;
  const std::vector<std::string> paths = parameter_paths(sc);
  const auto listed = [&](const std::string& p) {
    return std::find(paths.begin(), paths.end(), p) != paths.end();
  };
  EXPECT_TRUE(listed("variants.reform.interventions.ip_ramp.target"));
  EXPECT_TRUE(listed("variants.reform.interventions.chronic_ip.change"));
  EXPECT_FALSE(listed("variants.reform.interventions[0].target"))
      << "an id replaces the position in the list";
  EXPECT_TRUE(listed("variants.reform.interventions[2].target")) << "the coverage ramp has no id";
  const ParameterRef by_id = resolve_parameter(sc, "variants.reform.interventions.ip_ramp.target", "test");
  const ParameterRef by_position = resolve_parameter(sc, "variants.reform.interventions[0].target", "test");
  EXPECT_TRUE(by_id.same_value(by_position));
  EXPECT_EQ(by_position.path(), "variants.reform.interventions[0].target");
  EXPECT_EQ(get_parameter(sc, by_id), 0.75);
  Scenario changed = sc;
  set_parameter(changed, by_id, 0.7);
  EXPECT_EQ(changed.variants[1].interventions[0].path.target, 0.7);
  EXPECT_EQ(by_id.location().index, 0u);
}

TEST(InterventionIds, ReorderingTheListGivesTheSameEnsemble) {
  const ScenarioFile in_order = parse_scenario_file(suixi_with_ids(false), suixi_path);
  const ScenarioFile reordered = parse_scenario_file(suixi_with_ids(true), suixi_path);
  ASSERT_EQ(reordered.scenario.variants[1].interventions[0].id, "op_ramp");
  const ParameterRef ramp =
      resolve_parameter(reordered.scenario, "variants.reform.interventions.ip_ramp.target", "t");
  EXPECT_EQ(ramp.location().index, 1u) << "the id follows the intervention to its new place";
  ProjectionOptions po;
  po.keep_ledger = false;
  for (std::uint64_t draw = 0; draw < 6; ++draw) {
    Scenario a = in_order.scenario;
    Scenario b = reordered.scenario;
    DrawStream sa(in_order.uncertainty->seed, a.county.id(), draw);
    DrawStream sb(reordered.uncertainty->seed, b.county.id(), draw);
    apply_draw(a, *in_order.uncertainty, sa);
    apply_draw(b, *reordered.uncertainty, sb);
    const ProjectionResult pa = project(a, po);
    const ProjectionResult pb = project(b, po);
    ASSERT_EQ(pa.variants.size(), pb.variants.size());
    for (std::size_t v = 0; v < pa.variants.size(); ++v) {
      const Eigen::MatrixXd& x = pa.variants[v].indicators;
      const Eigen::MatrixXd& y = pb.variants[v].indicators;
      ASSERT_EQ(x.size(), y.size());
      EXPECT_EQ(std::memcmp(x.data(), y.data(), sizeof(double) * static_cast<std::size_t>(x.size())), 0)
          << "draw " << draw << ", variant " << v;
    }
  }
}

TEST(InterventionIds, BadAndDuplicateIdsAreRefusedWithTheirPaths) {
  std::string duplicate = suixi_text();
  replace(duplicate, ip_ramp, with_id(ip_ramp, "ramp"));
  replace(duplicate, op_ramp, with_id(op_ramp, "ramp"));
  EXPECT_TRUE(has_problem(problems_of(duplicate), "variants[1].interventions[1].id",
                          "duplicate id \"ramp\", also variants[1].interventions[0].id"));
  for (const std::string id : {"2", "ip.ramp", "ip ramp", ""}) {
    std::string bad = suixi_text();
    replace(bad, ip_ramp, with_id(ip_ramp, id));
    EXPECT_TRUE(has_problem(problems_of(bad), "variants[1].interventions[0].id", "starting with a letter"))
        << id;
  }
  EXPECT_TRUE(problems_of(suixi_with_ids(false)).empty());
}

TEST(InterventionIds, AnUnknownIdNamesThePathAndListsTheIds) {
  std::string text = suixi_with_ids(false);
  replace(text, "\"variants.reform.interventions.ip_ramp.target\"",
          "\"variants.reform.interventions.ip_rmp.target\"");
  const auto problems = problems_of(text);
  EXPECT_TRUE(has_problem(problems, "uncertainty.parameters.variants.reform.interventions.ip_rmp.target",
                          "unknown intervention id \"ip_rmp\""));
  EXPECT_TRUE(has_problem(problems, "uncertainty.parameters.variants.reform.interventions.ip_rmp.target",
                          "ip_ramp, op_ramp, chronic_op or chronic_ip"));
  const Scenario sc = parse_scenario_file(suixi_with_ids(false), suixi_path).scenario;
  try {
    (void)resolve_parameter(sc, "interventions.ramp.target", "--set interventions.ramp.target=1");
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_TRUE(has_problem(e.problems(), "--set interventions.ramp.target=1", "unknown intervention id"));
  }
}

}  // namespace
}  // namespace ygt
