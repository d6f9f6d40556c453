// `ygt flows` as a user runs it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "support/cli.hpp"
#include "yigongti/io/synthetic.hpp"

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

}  // namespace
}  // namespace ygt::cli
