// `ygt validate` as a user runs it: output and exit codes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "support/cli.hpp"
#include "support/scenario_text.hpp"

namespace ygt::cli {
namespace {

using Result = testing::CliResult;
using testing::slurp;

Result ygt(const std::vector<std::string>& args) {
  return testing::run_ygt(args);
}

const std::string examples = std::string(YGT_SOURCE_DIR) + "/examples";

TEST(Cli, VersionAndHelp) {
  EXPECT_EQ(ygt({"--version"}).code, exit_ok);
  EXPECT_NE(ygt({"--version"}).out.find("ygt 0."), std::string::npos);
  const Result help = ygt({"--help"});
  EXPECT_EQ(help.code, exit_ok);
  EXPECT_NE(help.out.find("validate"), std::string::npos);
  // Where the documentation is installed, relative to the prefix.
  EXPECT_NE(help.out.find("doc/yigongti/docs/scenario-format.md"), std::string::npos) << help.out;
  EXPECT_EQ(ygt({"validate", "--help"}).code, exit_ok);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(ygt({}).code, exit_bad_input);
  EXPECT_EQ(ygt({"frobnicate"}).code, exit_bad_input);
  EXPECT_EQ(ygt({"validate"}).code, exit_bad_input);
  const Result bad_option = ygt({"validate", "--no-such-option", "x.json"});
  EXPECT_EQ(bad_option.code, exit_bad_input);
  EXPECT_NE(bad_option.err.find("no-such-option"), std::string::npos);
}

TEST(Cli, ValidateSummarisesTheSuixiExample) {
  const Result r = ygt({"validate", examples + "/suixi/suixi.json"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find(": valid"), std::string::npos);
  EXPECT_NE(r.out.find("townships     18"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("village"), std::string::npos);
  EXPECT_NE(r.out.find("254"), std::string::npos);
  EXPECT_NE(r.out.find("unifies"), std::string::npos);
  EXPECT_NE(r.out.find("variants      baseline, reform"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("normal  choice.b_cap"), std::string::npos) << r.out;
}

TEST(Cli, ValidateReportsEveryProblemAndExitsTwo) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-validate-test";
  std::filesystem::create_directories(dir);
  const auto bad = dir / "bad.json";
  std::ofstream(bad) << R"({"schema": "yigongti/scenario/1", "name": "x", "yeras": {},
    "county": {"id": "c", "townships": [], "institutions": [{"id": "h", "tier": "contry"}]}})";
  const Result r = ygt({"validate", bad.string(), examples + "/kedong/kedong.json"});
  EXPECT_EQ(r.code, exit_bad_input);
  EXPECT_NE(r.err.find(bad.string() + ": yeras: unknown key \"yeras\": did you mean `years`?"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(bad.string() + ": years: missing"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("county.institutions[0].tier"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("kedong"), std::string::npos) << "the valid file is still summarised";
  std::filesystem::remove_all(dir);
}

TEST(Cli, MissingFileExitsTwo) {
  const Result r = ygt({"validate", "/no/such/file.json"});
  EXPECT_EQ(r.code, exit_bad_input);
  EXPECT_NE(r.err.find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace ygt::cli

namespace ygt::cli {
namespace {

TEST(Cli, ValidateSaysWhetherBehaviourDefaultsWereApplied) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-validate-behaviour";
  std::filesystem::create_directories(dir);
  const std::string kedong = slurp(examples + "/kedong/kedong.json");
  const auto with = [&](const std::string& name, const std::string& behaviour) {
    const auto file = dir / name;
    std::ofstream(file) << testing::without_member(
        testing::without_member(kedong.substr(0, kedong.rfind('}')) + ", \"behaviour\": " + behaviour + "}\n",
                                "calibration"),
        "uncertainty");
    return file.string();
  };
  EXPECT_NE(ygt({"validate", examples + "/kedong/kedong.json"})
                .out.find("behaviour     on, the documented defaults"),
            std::string::npos);
  EXPECT_NE(ygt({"validate", with("off.json", "\"off\"")}).out.find("behaviour     off"), std::string::npos);
  EXPECT_NE(ygt({"validate", with("own.json", R"({"adjustment": 0.3})")})
                .out.find("as the behaviour section gives"),
            std::string::npos);
  const Result bad = ygt({"validate", with("bad.json", R"({"lines": {"ip_common": {"compressible": 2}}})")});
  EXPECT_EQ(bad.code, exit_bad_input);
  EXPECT_NE(bad.err.find("bad.json: behaviour.lines.ip_common.compressible"), std::string::npos) << bad.err;
  EXPECT_EQ(ygt({"project", with("bad2.json", R"({"elasticities": {"send_down": 60}})")}).code,
            exit_bad_input);
  // The example's uncertainty draws a behaviour elasticity: with behaviour off, that is refused.
  const auto off_calibrated = dir / "off-calibrated.json";
  std::ofstream(off_calibrated) << kedong.substr(0, kedong.rfind('}')) << ", \"behaviour\": \"off\"}\n";
  const Result refused = ygt({"validate", off_calibrated.string()});
  EXPECT_EQ(refused.code, exit_bad_input);
  EXPECT_NE(refused.err.find("uncertainty.parameters.behaviour.elasticities.keep_in_county: parameter "
                             "\"behaviour.elasticities.keep_in_county\" has no effect: behaviour is off"),
            std::string::npos)
      << refused.err;
  std::filesystem::remove_all(dir);
}

TEST(Cli, ValidateListsTheMechanismsGivenToEachAlliance) {
  // Suixi's alliance unifies all eight domains; its reform gets a rotation.
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-validate-mechanisms";
  std::filesystem::create_directories(dir);
  std::string suixi = slurp(examples + "/suixi/suixi.json");
  // After the reform's last intervention, so that the others keep their indices.
  const auto last = suixi.find(R"({"kind": "demand", "line": "ip_chronic")");
  ASSERT_NE(last, std::string::npos);
  const auto at = suixi.find('}', last);
  suixi.insert(at + 1,
               R"(, {"kind": "rotation", "alliance": "suixi-alliance", "from": 2019, "target": 900})");
  for (const char* csv : {"population.csv", "targets.csv"}) {
    std::filesystem::copy_file(examples + "/suixi/" + csv, dir / csv,
                               std::filesystem::copy_options::overwrite_existing);
  }
  const auto file = dir / "suixi.json";
  std::ofstream(file) << suixi;
  const Result r = ygt({"validate", file.string()});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("      mechanisms rotation (reform, from 2019)\n"), std::string::npos) << r.out;
  EXPECT_EQ(ygt({"validate", examples + "/suixi/suixi.json"}).out.find("mechanisms"), std::string::npos);
  std::filesystem::remove_all(dir);
}

// docs/behaviour.md gives a ready `uncertainty` block for the behaviour
// defaults: pasted into an example it validates and an ensemble runs on it.
TEST(Cli, TheDocumentedBehaviourUncertaintyBlockRuns) {
  const std::string doc = slurp(std::string(YGT_SOURCE_DIR) + "/docs/behaviour.md");
  const auto section = doc.find("## The uncertainty of the defaults");
  ASSERT_NE(section, std::string::npos);
  const auto open = doc.find("```jsonc\n", section);
  ASSERT_NE(open, std::string::npos);
  const auto body = open + 9;
  const auto close = doc.find("```", body);
  ASSERT_NE(close, std::string::npos);
  std::string block = doc.substr(body, close - body);
  while (!block.empty() && (block.back() == '\n' || block.back() == ',')) block.pop_back();
  EXPECT_EQ(std::count(block.begin(), block.end(), '\n') + 1, 6) << block;

  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-behaviour-uncertainty";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string kedong = slurp(examples + "/kedong/kedong.json");
  const auto file = dir / "kedong.json";
  std::ofstream(file) << testing::without_member(kedong.substr(0, kedong.rfind('}')) +
                                                     ", \"uncertainty\": {\"draws\": 8, \"parameters\": {" +
                                                     block + "}}}\n",
                                                 "calibration");
  const Result valid = ygt({"validate", file.string()});
  EXPECT_EQ(valid.code, exit_ok) << valid.err;
  const Result run =
      ygt({"ensemble", file.string(), "--threads", "1", "--quiet", "--out", (dir / "out").string()});
  EXPECT_EQ(run.code, exit_ok) << run.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "summary.csv"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ygt::cli
