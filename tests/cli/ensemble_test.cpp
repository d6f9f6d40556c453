// `ygt ensemble` as a user runs it: summaries that agree with the kept draws,
// the same output for any number of threads, exit codes for bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/commands.hpp"
#include "io/csv.hpp"
#include "support/cli.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/io/synthetic.hpp"
#include "yigongti/study/uncertainty.hpp"

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

  // Every draw's value, cell by cell, against the summary's mean and percentiles.
  const std::size_t visit = *draws.column("county_visit_rate");
  std::map<std::pair<std::string, std::string>, std::vector<double>> values;  // (variant, year)
  for (const auto& row : draws.rows) values[{row[1], row[3]}].push_back(number(row[visit]));
  int checked = 0;
  for (const auto& row : summary.rows) {
    if (row[3] != "county_visit_rate") continue;
    std::vector<double> x = values.at({row[1], row[2]});
    ASSERT_EQ(x.size(), 90u);
    EXPECT_EQ(row[4], "90");
    double sum = 0;
    for (double v : x) sum += v;
    EXPECT_NEAR(number(row[5]), sum / 90, 1e-12);
    // Exact percentiles: the order statistics of ranks floor(q (n - 1)), to the digit.
    std::sort(x.begin(), x.end());
    EXPECT_EQ(number(row[7]), x[2]) << row[1] << " " << row[2];   // 2.5%: floor(0.025 x 89) = 2
    EXPECT_EQ(number(row[8]), x[44]) << row[1] << " " << row[2];  // 50%
    EXPECT_EQ(number(row[9]), x[86]) << row[1] << " " << row[2];  // 97.5%: floor(86.775)
    ++checked;
  }
  EXPECT_EQ(checked, 2 * 15);
  const auto json = boost::json::parse(slurp(dir_ / "a" / "result.json"));
  EXPECT_EQ(std::string(json.at("percentile_method").as_string()),
            "exact order statistics of every draw, rank floor(q(n-1))");
  EXPECT_EQ(json.at("draws").to_number<std::uint64_t>(), 90u);
}

TEST_F(CliEnsemble, PercentileMemoryChoosesTheMethodAndTheOutputsSayWhich) {
  // 1,100 draws of the 1,080 cells take 9.5 MB: exact under 10 MiB, a
  // sketch under 9 MiB or 0 (past the sketch's 1,024 values it compacts).
  std::map<std::string, std::string> method;
  for (const char* mb : {"10", "9", "0"}) {
    const Result r = testing::run_ygt({"ensemble", suixi, "--draws", "1100", "--percentile-memory", mb,
                                       "--quiet", "--out", (dir_ / mb).string()});
    ASSERT_EQ(r.code, exit_ok) << r.err;
    method[mb] = boost::json::parse(slurp(dir_ / mb / "result.json")).at("percentile_method").as_string();
  }
  EXPECT_EQ(method["10"], "exact order statistics of every draw, rank floor(q(n-1))");
  EXPECT_EQ(method["9"].rfind("compactor sketch (KLL, k = 1024): rank floor(q(n-1)) to within ", 0), 0u)
      << method["9"];
  EXPECT_NE(method["9"].find(" of 1100 draws ("), std::string::npos) << method["9"];
  EXPECT_EQ(method["0"], method["9"]);
  EXPECT_NE(slurp(dir_ / "10" / "summary.csv"), slurp(dir_ / "0" / "summary.csv"));
  EXPECT_EQ(slurp(dir_ / "9" / "summary.csv"), slurp(dir_ / "0" / "summary.csv"));

  // The readable table says it below the table.
  const Result table =
      testing::run_ygt({"ensemble", suixi, "--draws", "20", "--percentile-memory", "0", "--quiet"});
  ASSERT_EQ(table.code, exit_ok) << table.err;
  EXPECT_NE(table.out.find("\npercentiles: compactor sketch (KLL, k = 1024) holding every draw"),
            std::string::npos)
      << table.out;

  for (const char* bad : {"-1", "lots", "18446744073709551615"}) {
    const Result r = testing::run_ygt(
        {"ensemble", suixi, "--draws", "5", "--percentile-memory", bad, "--out", (dir_ / "bad").string()});
    EXPECT_EQ(r.code, exit_bad_input) << bad;
    EXPECT_NE(r.err.find("percentile-memory"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "bad"));
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

TEST_F(CliEnsemble, CompareGivesEachDrawsEffectWithItsBandAndProbability) {
  const Result r = testing::run_ygt({"ensemble", suixi, "--draws", "80", "--compare", "baseline", "--out",
                                     (dir_ / "a").string(), "--keep-draws", "--quiet"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("effects.csv"), std::string::npos) << r.out;
  const auto draws = read_csv(dir_ / "a" / "draws.csv");
  const auto effects = read_csv(dir_ / "a" / "effects.csv");
  ASSERT_EQ(effects.header,
            (std::vector<std::string>{"county", "variant", "baseline", "year", "indicator", "draws", "mean",
                                      "sd", "p2_5", "p50", "p97_5", "p_positive"}));
  // Each draw's reform value less its baseline value, from the kept draws.
  for (const char* indicator : {"county_visit_rate", "fund_spending"}) {
    const std::size_t col = *draws.column(indicator);
    std::map<std::string, std::map<std::string, std::map<std::string, double>>> value;  // year, draw, variant
    for (const auto& row : draws.rows) value[row[3]][row[2]][row[1]] = number(row[col]);
    int checked = 0;
    for (const auto& row : effects.rows) {
      if (row[4] != indicator) continue;
      ASSERT_EQ(row[1], "reform");
      ASSERT_EQ(row[2], "baseline");
      std::vector<double> d;
      for (const auto& [draw, v] : value.at(row[3])) d.push_back(v.at("reform") - v.at("baseline"));
      ASSERT_EQ(d.size(), 80u);
      double mean = 0.0;
      int positive = 0;
      for (double x : d) {
        mean += x / 80.0;
        positive += x > 0.0 ? 1 : 0;
      }
      std::sort(d.begin(), d.end());
      EXPECT_NEAR(number(row[6]), mean, 1e-9 * std::max(1.0, std::abs(mean))) << indicator << " " << row[3];
      EXPECT_EQ(number(row[11]), positive / 80.0) << indicator << " " << row[3];
      EXPECT_GE(number(row[8]), d.front() - 1e-9 * std::abs(d.front()));
      EXPECT_LE(number(row[10]), d.back() + 1e-9 * std::abs(d.back()));
      EXPECT_LE(number(row[8]), number(row[9]));
      EXPECT_LE(number(row[9]), number(row[10]));
      ++checked;
    }
    EXPECT_EQ(checked, 15);
  }
  // The readable table shows the effect rows.
  const Result table =
      testing::run_ygt({"ensemble", suixi, "--draws", "64", "--compare", "baseline", "--quiet"});
  ASSERT_EQ(table.code, exit_ok) << table.err;
  EXPECT_NE(table.out.find("reform - baseline"), std::string::npos) << table.out;
}

TEST_F(CliEnsemble, KeptDrawsCarryTheDrawnParameterValues) {
  const Result r = testing::run_ygt(
      {"ensemble", suixi, "--draws", "20", "--out", (dir_ / "a").string(), "--keep-draws", "--quiet"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  const auto draws = read_csv(dir_ / "a" / "draws.csv");
  const ScenarioFile file = load_scenario_file(suixi);
  const std::vector<std::string> paths = drawn_paths(*file.uncertainty);
  ASSERT_EQ(paths.size(), 8u);  // five distributions and a Dirichlet of three
  for (const auto& row : draws.rows) {
    const auto d = static_cast<std::uint64_t>(number(row[2]));
    DrawStream stream(file.uncertainty->seed, file.scenario.county.id(), d);
    const std::vector<double> x = draw_values(*file.uncertainty, stream);
    for (std::size_t k = 0; k < paths.size(); ++k) {
      const auto col = draws.column(paths[k]);
      ASSERT_TRUE(col) << paths[k];
      EXPECT_EQ(number(row[*col]), x[k]) << paths[k] << " draw " << d;
    }
  }
}

TEST_F(CliEnsemble, AVariantAloneAndBadVariants) {
  const Result one =
      testing::run_ygt({"ensemble", suixi, "--draws", "64", "--variant", "reform", "--format", "csv"});
  ASSERT_EQ(one.code, exit_ok) << one.err;
  EXPECT_EQ(one.out.find(",baseline,"), std::string::npos);
  EXPECT_NE(one.out.find(",reform,"), std::string::npos);
  // The reform's summary is the same alone as beside the baseline: each draw is the same draw.
  const Result both = testing::run_ygt({"ensemble", suixi, "--draws", "64", "--format", "csv"});
  ASSERT_EQ(both.code, exit_ok) << both.err;
  std::istringstream lines(both.out);
  std::string reform_rows;
  for (std::string line; std::getline(lines, line);) {
    if (line.find(",reform,") != std::string::npos) reform_rows += line + "\n";
  }
  EXPECT_NE(one.out.find(reform_rows), std::string::npos);

  for (const std::vector<std::string>& args : {std::vector<std::string>{"--variant", "refrom"},
                                               {"--compare", "basline"},
                                               {"--variant", "reform", "--compare", "baseline"}}) {
    std::vector<std::string> all = {"ensemble", suixi, "--draws", "10", "--out", (dir_ / "bad").string()};
    all.insert(all.end(), args.begin(), args.end());
    const Result r = testing::run_ygt(all);
    EXPECT_EQ(r.code, exit_bad_input) << args.back();
    EXPECT_FALSE(r.err.empty());
    EXPECT_FALSE(std::filesystem::exists(dir_ / "bad"));
  }
}

}  // namespace
}  // namespace ygt::cli
