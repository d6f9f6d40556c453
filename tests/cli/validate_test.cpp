// `ygt validate` as a user runs it: output and exit codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "support/cli.hpp"

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
