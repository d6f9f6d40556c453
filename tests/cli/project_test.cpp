// `ygt project` as a user runs it: outputs that read back, exit codes, atomic files.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli/commands.hpp"
#include "io/csv.hpp"
#include "support/cli.hpp"
#include "yigongti/flows/indicators.hpp"
#include "yigongti/io/synthetic.hpp"
#include "yigongti/io/table.hpp"

namespace ygt::cli {
namespace {

using Result = testing::CliResult;
using testing::slurp;

Result ygt(const std::vector<std::string>& args) {
  return testing::run_ygt(args);
}

const std::string suixi = std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json";

TEST(CliProject, ShowsTheVariantsSideBySide) {
  const Result r = ygt({"project", suixi});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("baseline:county_visit_rate"), std::string::npos);
  EXPECT_NE(r.out.find("reform:county_visit_rate"), std::string::npos);
  EXPECT_NE(r.out.find("2030"), std::string::npos);
}

TEST(CliProject, OutputFilesReadBackToTheSameNumbers) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-project-out";
  std::filesystem::remove_all(dir);
  const Result r = ygt({"project", suixi, "--out", dir.string()});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  for (const char* f : {"indicators.csv", "flows.csv", "ledger.csv", "result.json"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  }
  ProblemList problems;
  const auto csv = detail::parse_csv(slurp(dir / "indicators.csv"), "indicators.csv", "", problems);
  ASSERT_TRUE(csv);
  const auto json = boost::json::parse(slurp(dir / "result.json"));
  const auto& rows = json.at("indicators").as_array();
  ASSERT_EQ(rows.size(), csv->rows.size());
  const auto col = *csv->column("county_visit_rate");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    double x = 0;
    const std::string& text = csv->rows[i][col];
    std::from_chars(text.data(), text.data() + text.size(), x);
    EXPECT_EQ(x, rows[i].at("county_visit_rate").as_double());
    EXPECT_EQ(csv->rows[i][1], rows[i].at("variant").as_string());
  }
  EXPECT_EQ(json.at("inputs_checksum").as_string().subview().substr(0, 6), "crc32:");
  std::filesystem::remove_all(dir);
}

TEST(CliProject, AnUnwritableDirectoryExitsOneAndWritesNothing) {
  const Result r = ygt({"project", suixi, "--out", "/proc/ygt-no-project-here"});
  EXPECT_EQ(r.code, exit_failure);
  EXPECT_FALSE(std::filesystem::exists("/proc/ygt-no-project-here"));
}

TEST(CliProject, BadInputExitsTwo) {
  EXPECT_EQ(ygt({"project"}).code, exit_bad_input);
  EXPECT_EQ(ygt({"project", suixi, "--variant", "nope"}).code, exit_bad_input);
  const auto file = std::filesystem::temp_directory_path() / "ygt-project-no-lines.json";
  std::ofstream(file) << synthetic_scenario_json({.projection = false});
  EXPECT_EQ(ygt({"project", file.string()}).code, exit_bad_input);
  std::filesystem::remove(file);
}

// Every number of the files as its kind says: money with two decimals, counts
// whole, in CSV and JSON alike.
TEST(CliProject, EveryIndicatorIsWrittenAsItsKindSays) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-project-kinds";
  std::filesystem::remove_all(dir);
  const Result r = ygt({"project", suixi, "--out", dir.string()});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  ProblemList problems;
  const auto csv = detail::parse_csv(slurp(dir / "indicators.csv"), "indicators.csv", "", problems);
  ASSERT_TRUE(csv);
  const auto json = boost::json::parse(slurp(dir / "result.json"));
  const auto& rows = json.at("indicators").as_array();
  const std::regex money(R"(-?[0-9]+\.[0-9][0-9])");
  const std::regex count("-?[0-9]+");
  int checked = 0;
  for (const IndicatorInfo& info : indicator_catalog()) {
    const Indicator i = *find_indicator(info.id);
    const auto col = *csv->column(std::string(info.id));
    for (std::size_t row = 0; row < csv->rows.size(); ++row) {
      const std::string& text = csv->rows[row][col];
      const boost::json::value& v = rows[row].at(info.id);
      switch (value_kind(i)) {
        case ValueKind::money:
          ASSERT_TRUE(std::regex_match(text, money)) << info.id << " " << text;
          ASSERT_EQ(v.as_string(), text) << info.id;
          break;
        case ValueKind::count:
          ASSERT_TRUE(std::regex_match(text, count)) << info.id << " " << text;
          ASSERT_EQ(std::to_string(v.as_int64()), text) << info.id;
          break;
        case ValueKind::real:
          ASSERT_EQ(text.find("e+"), std::string::npos) << info.id << " " << text;
          break;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 1000);
  std::filesystem::remove_all(dir);
}

TEST(CliProject, TheBomIsOptInAndOnlyOnCsv) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-project-bom";
  std::filesystem::remove_all(dir);
  const std::string bom(utf8_bom);
  ASSERT_EQ(ygt({"project", suixi, "--out", dir.string()}).code, exit_ok);
  EXPECT_NE(slurp(dir / "ledger.csv").substr(0, 3), bom);
  ASSERT_EQ(ygt({"project", suixi, "--out", dir.string(), "--bom"}).code, exit_ok);
  for (const char* f : {"indicators.csv", "flows.csv", "ledger.csv", "behaviour.csv"})
    EXPECT_EQ(slurp(dir / f).substr(0, 3), bom) << f;
  EXPECT_EQ(slurp(dir / "result.json").front(), '{');
  const Result csv = ygt({"project", suixi, "--format", "csv", "--bom"});
  ASSERT_EQ(csv.code, exit_ok) << csv.err;
  EXPECT_EQ(csv.out.substr(0, 3 + 5), bom + "year,");
  EXPECT_NE(ygt({"project", "--help"}).out.find("--bom"), std::string::npos);
  // A command that writes no CSV does not take it.
  EXPECT_EQ(ygt({"validate", suixi, "--bom"}).code, exit_bad_input);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ygt::cli
