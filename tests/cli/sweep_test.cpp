// `ygt sweep` as a user runs it: one row per grid point, files written together,
// and every bad spec refused with exit 2 before anything is computed.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>

#include "cli/commands.hpp"
#include "io/csv.hpp"
#include "support/cli.hpp"
#include "yigongti/flows/indicators.hpp"

namespace ygt::cli {
namespace {

using Result = testing::CliResult;
using testing::slurp;

Result ygt(const std::vector<std::string>& args) {
  return testing::run_ygt(args);
}

const std::string suixi = std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json";

TEST(CliSweep, TwoWayGridAsCsvOneRowPerPoint) {
  const Result r = ygt({"sweep", suixi, "--set", "choice.b_cap=2:4:1", "--set", "payment.retention=0.6,1",
                        "--year", "2021", "--variant", "reform", "--format", "csv", "--quiet"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_EQ(r.err, "");
  ProblemList problems;
  const auto csv = detail::parse_csv(r.out, "out", "", problems);
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->rows.size(), 6u);
  EXPECT_EQ(csv->header[0], "point");
  EXPECT_EQ(csv->header[1], "choice.b_cap");
  EXPECT_EQ(csv->header[2], "payment.retention");
  EXPECT_EQ(csv->header[3], "variant");
  EXPECT_EQ(csv->header[4], "year");
  EXPECT_EQ(csv->header.size(), 5 + indicator_count);
  EXPECT_EQ(csv->rows[0][1], "2");
  EXPECT_EQ(csv->rows[5][1], "4");
  EXPECT_EQ(csv->rows[5][2], "1");
  EXPECT_EQ(csv->rows[3][3], "reform");
  EXPECT_EQ(csv->rows[3][4], "2021");
}

TEST(CliSweep, ReadableTableShowsKeyIndicators) {
  const Result r = ygt({"sweep", suixi, "--set", "choice.asc.out_of_county=1.5:2.5:0.5", "--year", "2021"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("3 points, 2021"), std::string::npos);
  EXPECT_NE(r.out.find("county_visit_rate"), std::string::npos);
  EXPECT_EQ(r.out.find("oop_share"), std::string::npos);
  const Result some = ygt({"sweep", suixi, "--set", "choice.b_cap=3", "--year", "2021", "--indicators",
                           "oop_share,encounters_township", "--format", "json"});
  ASSERT_EQ(some.code, exit_ok) << some.err;
  const auto json = boost::json::parse(some.out);
  EXPECT_EQ(json.at("points").as_int64(), 1);
  const auto& row = json.at("sweep").as_array().at(0).as_object();
  EXPECT_TRUE(row.contains("oop_share"));
  EXPECT_FALSE(row.contains("county_visit_rate"));
}

TEST(CliSweep, OutWritesBothFiles) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-sweep-out";
  std::filesystem::remove_all(dir);
  const Result r =
      ygt({"sweep", suixi, "--set", "choice.b_cap=2.5,3.5", "--out", dir.string(), "--threads", "2"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  ProblemList problems;
  const auto csv = detail::parse_csv(slurp(dir / "sweep.csv"), "sweep.csv", "", problems);
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->rows.size(), 2u * 2u * 15u);  // points x variants x years
  const auto json = boost::json::parse(slurp(dir / "sweep.json"));
  EXPECT_EQ(json.at("sweep").as_array().size(), csv->rows.size());
  EXPECT_EQ(json.at("parameters").as_array().at(0).as_string(), "choice.b_cap");
  std::filesystem::remove_all(dir);
}

TEST(CliSweep, BadInputExitsTwoNamingThePath) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-sweep-bad";
  std::filesystem::remove_all(dir);
  const auto bad = [&](std::vector<std::string> args, const std::string& fragment) {
    args.insert(args.begin(), {"sweep", suixi});
    args.insert(args.end(), {"--out", dir.string()});
    const Result r = ygt(args);
    EXPECT_EQ(r.code, exit_bad_input) << fragment;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir)) << "nothing is written";
  };
  bad({"--set", "choice.b_kap=1:2:0.5"}, "did you mean `choice.b_cap`");
  bad({"--set", "choice.b_kap=1:2:0.5"}, "suixi.json: --set choice.b_kap=1:2:0.5");
  bad({"--set", "choice.b_cap=1:2:0"}, "step 0 is not positive (expected a step > 0)");
  bad({"--set", "choice.b_cap=2:1:0.5"}, "start 2 is above end 1 (expected a <= b)");
  bad({"--set", "service_lines.ip_common.capability.township=0.5:1.2:0.1"}, "outside the parameter's range");
  bad({"--set", "choice.b_cap=2:3:0.5", "--year", "2040"}, "--year: year 2040 is not projected");
  bad({"--set", "choice.b_cap=2:3:0.5", "--variant", "reforn"}, "did you mean `reform`");
  bad({"--set", "choice.b_cap=2:3:0.5", "--indicators", "county_vist_rate"},
      "did you mean `county_visit_rate`");
  bad({"--set", "choice.b_cap=2:3:0.5", "--format", "xml"}, "table, csv or json");
  bad({}, "at least one axis");
  EXPECT_EQ(ygt({"sweep", "--set", "choice.b_cap=1"}).code, exit_bad_input);
  const Result help = ygt({"sweep", "--help"});
  EXPECT_EQ(help.code, exit_ok);
  EXPECT_NE(help.out.find("PATH=a:b:step"), std::string::npos);
}

TEST(CliSweep, OneAtATimeFromTheUncertaintySection) {
  const Result r = ygt({"sweep", suixi, "--one-at-a-time", "--year", "2021", "--variant", "reform",
                        "--indicators", "county_visit_rate,fund_spending", "--format", "csv", "--quiet"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  ProblemList problems;
  const auto csv = detail::parse_csv(r.out, "out", "", problems);
  ASSERT_TRUE(csv);
  const std::vector<std::string> header = {"variant", "year", "indicator", "rank",   "parameter", "base",
                                           "low",     "high", "at_base",   "at_low", "at_high",   "swing"};
  EXPECT_EQ(csv->header, header);
  // Eight ranges (five distributions, three Dirichlet components) x two indicators.
  ASSERT_EQ(csv->rows.size(), 16u);
  for (std::size_t i = 0; i < csv->rows.size(); ++i) {
    const auto& row = csv->rows[i];
    EXPECT_EQ(row[0], "reform");
    EXPECT_EQ(row[1], "2021");
    EXPECT_EQ(row[3], std::to_string(i % 8 + 1));
    const double swing = std::stod(row[11]);
    EXPECT_DOUBLE_EQ(swing, std::abs(std::stod(row[10]) - std::stod(row[9])));
    if (i % 8 != 0) {
      EXPECT_LE(swing, std::stod(csv->rows[i - 1][11])) << "largest swing first";
    }
  }
  EXPECT_EQ(csv->rows[0][2], "county_visit_rate");
  EXPECT_EQ(csv->rows[8][2], "fund_spending");
  const Result table =
      ygt({"sweep", suixi, "--one-at-a-time", "--set", "choice.b_cap=2.5,3.5", "--year", "2021"});
  ASSERT_EQ(table.code, exit_ok) << table.err;
  EXPECT_NE(table.out.find("one at a time, 1 parameters, 2021"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("swing"), std::string::npos);
}

TEST(CliSweep, OneAtATimeOutWritesTornadoAndResult) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-tornado-out";
  std::filesystem::remove_all(dir);
  const Result r = ygt({"sweep", suixi, "--one-at-a-time", "--set", "choice.b_cap=2.5,3.5", "--set",
                        "payment.retention=0.6,1", "--out", dir.string(), "--threads", "2"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  ProblemList problems;
  const auto csv = detail::parse_csv(slurp(dir / "tornado.csv"), "tornado.csv", "", problems);
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->rows.size(), 2u * 2u * 15u * indicator_count);  // parameters x variants x years x indicators
  const auto json = boost::json::parse(slurp(dir / "result.json"));
  EXPECT_EQ(json.at("tornado").as_array().size(), csv->rows.size());
  EXPECT_EQ(json.at("parameters").as_array().at(1).as_string(), "payment.retention");
  EXPECT_EQ(json.at("sources").as_array().at(0).as_string(), "--set choice.b_cap=2.5,3.5");
  EXPECT_TRUE(json.as_object().contains("inputs_checksum"));
  std::filesystem::remove_all(dir);
}

TEST(CliSweep, OneAtATimeBadInputExitsTwoAndWritesNothing) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-tornado-bad";
  std::filesystem::remove_all(dir);
  const auto bad = [&](const std::string& file, std::vector<std::string> args, const std::string& fragment) {
    args.insert(args.begin(), {"sweep", file, "--one-at-a-time"});
    args.insert(args.end(), {"--out", dir.string()});
    const Result r = ygt(args);
    EXPECT_EQ(r.code, exit_bad_input) << fragment;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir)) << "nothing is written";
  };
  bad(suixi, {"--set", "choice.b_kap=1,2"}, "suixi.json: --set choice.b_kap=1,2: unknown parameter");
  bad(suixi, {"--set", "payment.retention=0.5,1.5"},
      "--set payment.retention=0.5,1.5: payment.retention = 1.5");
  bad(suixi, {"--set", "choice.b_cap=1,2,3"},
      "--set choice.b_cap=1,2,3: 3 values in one-at-a-time mode (expected PATH=LOW,HIGH");
  bad(suixi, {"--set", "choice.b_cap=1,2", "--year", "2040"}, "--year: year 2040 is not projected");
  bad(suixi, {"--set", "choice.b_cap=1,2", "--variant", "reforn"}, "did you mean `reform`");
  // A scenario without an uncertainty section.
  const std::string plain = std::string(YGT_SOURCE_DIR) + "/tests/golden/before-behaviour/kedong/kedong.json";
  bad(plain, {}, "kedong.json: uncertainty: no uncertainty section");
}

TEST(CliSweep, ListedInHelp) {
  const Result r = ygt({"--help"});
  EXPECT_NE(r.out.find("sweep"), std::string::npos);
  EXPECT_NE(r.out.find("calibrate"), std::string::npos);
}

}  // namespace
}  // namespace ygt::cli
