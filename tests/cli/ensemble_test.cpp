// `ygt ensemble` as a user runs it: summaries that agree with the kept draws,
// the same output for any number of threads, exit codes for bad input.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>

#include "cli/commands.hpp"
#include "io/csv.hpp"
#include "support/cli.hpp"
#include "yigongti/io/synthetic.hpp"

namespace ygt::cli {
namespace {

using Result = testing::CliResult;
using testing::slurp;

const std::string suixi = std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json";

double number(const std::string& text) {
  double x = 0;
  std::from_chars(text.data(), text.data() + text.size(), x);
  return x;
}

detail::CsvTable read_csv(const std::filesystem::path& file) {
  ProblemList problems;
  auto csv = detail::parse_csv(slurp(file), file.string(), "", problems);
  EXPECT_TRUE(csv) << file;
  return csv ? *csv : detail::CsvTable{};
}

class CliEnsemble : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test: CTest runs the tests of this suite in parallel.
    dir_ =
        std::filesystem::temp_directory_path() /
        ("ygt-cli-ensemble-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(CliEnsemble, SummariesAgreeWithTheKeptDraws) {
  const Result r = testing::run_ygt({"ensemble", suixi, "--draws", "90", "--threads", "2", "--out",
                                     (dir_ / "a").string(), "--keep-draws", "--quiet"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  const auto draws = read_csv(dir_ / "a" / "draws.csv");
  const auto summary = read_csv(dir_ / "a" / "summary.csv");
  ASSERT_EQ(draws.rows.size(), 90u * 2 * 15);  // draws x variants x years

  // The mean of every draw's value, cell by cell, against the summary's mean.
  const std::size_t visit = *draws.column("county_visit_rate");
  std::map<std::pair<std::string, std::string>, std::pair<double, int>> sums;  // (variant, year)
  for (const auto& row : draws.rows) {
    auto& [sum, n] = sums[{row[1], row[3]}];
    sum += number(row[visit]);
    ++n;
  }
  int checked = 0;
  for (const auto& row : summary.rows) {
    if (row[3] != "county_visit_rate") continue;
    const auto& [sum, n] = sums.at({row[1], row[2]});
    EXPECT_EQ(n, 90);
    EXPECT_EQ(row[4], "90");
    EXPECT_NEAR(number(row[5]), sum / n, 1e-12);
    EXPECT_LE(number(row[7]), number(row[8]));
    EXPECT_LE(number(row[8]), number(row[9]));
    ++checked;
  }
  EXPECT_EQ(checked, 2 * 15);
  const auto json = boost::json::parse(slurp(dir_ / "a" / "result.json"));
  EXPECT_NE(std::string(json.at("percentile_method").as_string()).find("relative accuracy"),
            std::string::npos);
  EXPECT_EQ(json.at("draws").to_number<std::uint64_t>(), 90u);
}

TEST_F(CliEnsemble, OneThreadOrThreeGiveTheSameFiles) {
  for (const char* threads : {"1", "3"}) {
    const Result r = testing::run_ygt({"ensemble", suixi, "--draws", "70", "--seed", "9", "--threads",
                                       threads, "--out", (dir_ / threads).string(), "--keep-draws"});
    ASSERT_EQ(r.code, exit_ok) << r.err;
  }
  EXPECT_EQ(slurp(dir_ / "1" / "summary.csv"), slurp(dir_ / "3" / "summary.csv"));
  EXPECT_EQ(slurp(dir_ / "1" / "draws.csv"), slurp(dir_ / "3" / "draws.csv"));
  const Result other =
      testing::run_ygt({"ensemble", suixi, "--draws", "70", "--seed", "10", "--format", "csv"});
  ASSERT_EQ(other.code, exit_ok) << other.err;
  EXPECT_NE(other.out, slurp(dir_ / "1" / "summary.csv")) << "another seed, other draws";
}

TEST_F(CliEnsemble, BadInputExitsTwoAndComputesNothing) {
  std::filesystem::create_directories(dir_);
  const auto plain = dir_ / "plain.json";
  std::ofstream(plain) << synthetic_scenario_json({});
  Result r = testing::run_ygt({"ensemble", plain.string(), "--out", (dir_ / "out").string()});
  EXPECT_EQ(r.code, exit_bad_input);
  EXPECT_NE(r.err.find("uncertainty"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out"));

  r = testing::run_ygt({"ensemble", suixi, suixi});
  EXPECT_EQ(r.code, exit_bad_input);
  EXPECT_NE(r.err.find("county.id"), std::string::npos) << r.err;

  r = testing::run_ygt({"ensemble", suixi, "--keep-draws"});
  EXPECT_EQ(r.code, exit_bad_input);
  r = testing::run_ygt({"ensemble", suixi, "--draws", "0"});
  EXPECT_EQ(r.code, exit_bad_input);
  r = testing::run_ygt({"ensemble"});
  EXPECT_EQ(r.code, exit_bad_input);
}

}  // namespace
}  // namespace ygt::cli
