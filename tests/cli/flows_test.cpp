// `ygt flows` as a user runs it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/commands.hpp"
#include "support/cli.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/io/synthetic.hpp"
#include "yigongti/projection/projection.hpp"

namespace ygt::cli {
namespace {

using Result = testing::CliResult;
using testing::slurp;

Result ygt(const std::vector<std::string>& args) {
  return testing::run_ygt(args);
}

const std::string suixi = std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json";

TEST(CliFlows, ReadableSettingsAndIndicators) {
  const Result r = ygt({"flows", suixi, "--year", "2021"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("county_visit_rate"), std::string::npos);
  EXPECT_NE(r.out.find("township"), std::string::npos);
  EXPECT_EQ(r.out.find("== cells"), std::string::npos) << "cells only for machines";
}

TEST(CliFlows, JsonCellsSumToTheSettingTotals) {
  const Result r = ygt({"flows", suixi, "--format", "json"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  const auto doc = boost::json::parse(r.out);
  double cells = 0;
  for (const auto& c : doc.at("cells").as_array()) cells += c.at("encounters").to_number<double>();
  double settings = 0;
  for (const auto& s : doc.at("settings").as_array()) settings += s.at("encounters").to_number<double>();
  EXPECT_NEAR(cells, settings, 1e-6 * settings);
  EXPECT_GT(settings, 0);
}

TEST(CliFlows, BadUsageExitsTwo) {
  EXPECT_EQ(ygt({"flows"}).code, exit_bad_input);
  EXPECT_EQ(ygt({"flows", suixi, "--year", "1990"}).code, exit_bad_input);
  const auto file = std::filesystem::temp_directory_path() / "ygt-flows-no-lines.json";
  std::ofstream(file) << synthetic_scenario_json({.projection = false});
  const Result no_lines = ygt({"flows", file.string()});
  std::filesystem::remove(file);
  EXPECT_EQ(no_lines.code, exit_bad_input);
  EXPECT_NE(no_lines.err.find("service_lines"), std::string::npos);
}

/// The `indicators` table of `ygt flows --format json` as indicator -> value.
std::map<std::string, double> flow_indicators(const Result& r) {
  std::map<std::string, double> out;
  const auto doc = boost::json::parse(r.out);
  for (const auto& row : doc.at("indicators").as_array()) {
    const auto& v = row.at("value");
    out[std::string(row.at("indicator").as_string())] =
        v.is_string() ? std::stod(std::string(v.as_string())) : v.to_number<double>();
  }
  return out;
}

TEST(CliFlows, AVariantsFlowsAreItsProjectionsYear) {
  const Scenario sc = load_scenario(suixi);
  const ProjectionResult p = project(sc);
  for (const char* variant : {"baseline", "reform"}) {
    const Result r = ygt({"flows", suixi, "--year", "2021", "--variant", variant, "--format", "json"});
    ASSERT_EQ(r.code, exit_ok) << r.err;
    EXPECT_EQ(boost::json::parse(r.out).at("variant").as_string(), variant);
    const std::map<std::string, double> got = flow_indicators(r);
    const std::size_t v = std::string(variant) == "baseline" ? 0 : 1;
    ASSERT_EQ(p.variants[v].id, variant);
    for (Indicator i : {Indicator::county_visit_rate, Indicator::primary_visit_share,
                        Indicator::fund_spending, Indicator::hospitalization_rate}) {
      const double want = p.value(v, 2021, i);
      EXPECT_NEAR(got.at(std::string(indicator_catalog()[index(i)].id)), want,
                  1e-9 * std::max(1.0, std::abs(want)))
          << variant << " " << indicator_catalog()[index(i)].id;
    }
  }
  // Without --variant: the first, named in the output.
  const Result first = ygt({"flows", suixi, "--year", "2021"});
  ASSERT_EQ(first.code, exit_ok) << first.err;
  EXPECT_NE(first.out.find("variant baseline"), std::string::npos) << first.out;
  EXPECT_NE(
      flow_indicators(ygt({"flows", suixi, "--year", "2021", "--variant", "reform", "--format", "json"}))
          .at("primary_visit_share"),
      flow_indicators(ygt({"flows", suixi, "--year", "2021", "--format", "json"})).at("primary_visit_share"));
  const Result bad = ygt({"flows", suixi, "--variant", "refrom"});
  EXPECT_EQ(bad.code, exit_bad_input);
  EXPECT_NE(bad.err.find("refrom"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("suixi.json"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace ygt::cli
