// `ygt calibrate` as a user runs it: the fit printed and written, the
// calibrated scenario loading to the fitted values, bad input refused with
// exit 2 and nothing written.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "cli/commands.hpp"
#include "io/csv.hpp"
#include "support/cli.hpp"
#include "support/scenario_text.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/study/uncertainty.hpp"

namespace ygt::cli {
namespace {

namespace fs = std::filesystem;
using Result = testing::CliResult;
using testing::slurp;

Result ygt(const std::vector<std::string>& args) {
  return testing::run_ygt(args);
}

const fs::path examples = fs::path(YGT_SOURCE_DIR) / "examples" / "suixi";

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
}

/// A directory holding the Suixi-like scenario with `section` added, its
/// population table and `targets.csv`.
class CliCalibrate : public ::testing::Test {
 protected:
  void SetUp() override {
    dir =
        fs::temp_directory_path() /
        ("ygt-cli-calibrate-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(examples / "population.csv", dir / "population.csv");
    scenario(R"("calibration": {"free": {
        "choice.asc.out_of_county": {"lower": 0, "upper": 5},
        "choice.asc.township": {"lower": -3, "upper": 3}}})");
    write(dir / "targets.csv",
          "year,variant,indicator,observed,weight\n"
          "2021,reform,county_visit_rate,0.85,1.384083\n"
          "2021,reform,encounters_township,1160000,7.431629e-13\n");
  }
  void TearDown() override { fs::remove_all(dir); }

  void scenario(const std::string& section) {
    std::string text = testing::without_member(slurp(examples / "suixi.json"), "calibration");
    const std::size_t close = text.rfind('}');
    if (!section.empty()) text = text.substr(0, close) + ",\n" + section + "\n}\n";
    write(dir / "suixi.json", text);
  }

  std::string file() const { return (dir / "suixi.json").string(); }
  std::string targets() const { return (dir / "targets.csv").string(); }

  fs::path dir;
};

TEST_F(CliCalibrate, FitsPrintsAndWritesTheCalibratedScenario) {
  const Result r = ygt({"calibrate", file(), "--targets", targets(), "--quiet"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("converged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("choice.asc.township"), std::string::npos);
  EXPECT_NE(r.out.find("approximate"), std::string::npos);
  EXPECT_NE(r.out.find("comments are not kept"), std::string::npos);
  const fs::path out = dir / "suixi.calibrated.json";
  ASSERT_TRUE(fs::exists(out));
  const Scenario sc = load_scenario(out);
  ProjectionOptions po;
  po.variant = "reform";
  const ProjectionResult p = project(sc, po);
  EXPECT_NEAR(p.value(0, 2021, Indicator::county_visit_rate), 0.85, 1e-8);
  EXPECT_NEAR(p.value(0, 2021, Indicator::encounters_township), 1'160'000, 1e-2);
}

TEST_F(CliCalibrate, TheFitsCovarianceBecomesTheEnsemblesJointDraw) {
  // Three targets for two parameters: the fit has a covariance.
  write(dir / "targets.csv",
        "year,variant,indicator,observed,weight\n"
        "2021,reform,county_visit_rate,0.85,1.384083\n"
        "2020,reform,county_visit_rate,0.84,1.384083\n"
        "2021,reform,encounters_township,1160000,7.431629e-13\n");
  const Result r = ygt({"calibrate", file(), "--targets", targets(), "--uncertainty-from-fit", "--out",
                        (dir / "fit").string(), "--quiet"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  const fs::path out = dir / "suixi.calibrated.json";
  const ScenarioFile calibrated = load_scenario_file(out);
  ASSERT_TRUE(calibrated.uncertainty);
  const UncertainParameter* joint = nullptr;
  for (const UncertainParameter& p : calibrated.uncertainty->parameters) {
    if (p.dist.kind == DistributionKind::multivariate_normal) joint = &p;
  }
  ASSERT_NE(joint, nullptr);
  ASSERT_EQ(joint->targets.size(), 2u);
  // Its means are the fitted values, its standard deviations the standard errors.
  ProblemList problems;
  const auto table = detail::parse_csv(slurp(dir / "fit" / "parameters.csv"), "parameters.csv", "", problems);
  ASSERT_TRUE(table);
  for (std::size_t k = 0; k < 2; ++k) {
    const std::string path = joint->targets[k].path();
    const auto row = std::find_if(table->rows.begin(), table->rows.end(),
                                  [&](const auto& line) { return line[0] == path; });
    ASSERT_NE(row, table->rows.end()) << path;
    const double value = std::stod((*row)[*table->column("value")]);
    const double se = std::stod((*row)[*table->column("standard_error")]);
    EXPECT_NEAR(joint->dist.parameters[k], value, 1e-12 * std::abs(value)) << path;
    EXPECT_NEAR(std::sqrt(joint->dist.parameters[2 + 3 * k]), se, 1e-9 * se) << path;
    EXPECT_NEAR(get_parameter(calibrated.scenario, joint->targets[k]), value, 1e-12 * std::abs(value));
  }
  EXPECT_EQ(joint->dist.parameters[3], joint->dist.parameters[4]);  // symmetric
  // The other uncertain parameters stay; the ensemble runs on the file.
  EXPECT_GT(calibrated.uncertainty->parameters.size(), 1u);
  const Result e = ygt({"ensemble", out.string(), "--draws", "64", "--quiet", "--format", "csv"});
  EXPECT_EQ(e.code, exit_ok) << e.err;

  // Without more targets than parameters there is no covariance: refused before any fit.
  write(dir / "targets.csv",
        "year,variant,indicator,observed,weight\n"
        "2021,reform,county_visit_rate,0.85,1\n2021,reform,encounters_township,1160000,1e-12\n");
  const Result two = ygt({"calibrate", file(), "--targets", targets(), "--uncertainty-from-fit", "--output",
                          (dir / "two.json").string(), "--quiet"});
  EXPECT_EQ(two.code, exit_bad_input);
  EXPECT_NE(two.err.find("--uncertainty-from-fit"), std::string::npos) << two.err;
  EXPECT_FALSE(fs::exists(dir / "two.json"));
}

TEST_F(CliCalibrate, RelativePathsIntoFoldersThatDoNotExistYet) {
  // As the docs run it, from the scenario's folder: the output file's folder
  // and the results folder are made, and the calibrated file's table paths
  // lead back to the population table.
  const fs::path before = fs::current_path();
  fs::current_path(dir);
  const Result r = ygt({"calibrate", "suixi.json", "--targets", "targets.csv", "--output",
                        "fitted/suixi.json", "--out", "results/", "--quiet"});
  fs::current_path(before);
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_TRUE(fs::exists(dir / "results" / "parameters.csv"));
  const Scenario sc = load_scenario(dir / "fitted" / "suixi.json");
  EXPECT_EQ(sc.county.total_population(), load_scenario(file()).county.total_population());
}

TEST_F(CliCalibrate, HelpNeedsNoTargetsAndMissingTargetsIsUsage) {
  const Result help = ygt({"calibrate", "--help"});
  EXPECT_EQ(help.code, exit_ok);
  EXPECT_NE(help.out.find("usage: ygt calibrate FILE --targets"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--max-evaluations"), std::string::npos);
  const Result missing = ygt({"calibrate", file()});
  EXPECT_EQ(missing.code, exit_bad_input);
  EXPECT_NE(missing.err.find("--targets TARGETS.csv is required"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir / "suixi.calibrated.json"));
}

TEST_F(CliCalibrate, CsvJsonAndOutDirectory) {
  const std::string custom = (dir / "fitted" / "s.json").string();
  fs::create_directories(dir / "fitted");
  const Result csv =
      ygt({"calibrate", file(), "--targets", targets(), "--format", "csv", "--output", custom});
  ASSERT_EQ(csv.code, exit_ok) << csv.err;
  EXPECT_EQ(csv.out.rfind("parameter,start,value,standard_error,lower,upper,at_bound\n", 0), 0u) << csv.out;
  EXPECT_NE(
      csv.out.find(
          "year,first_year,variant,indicator,line,from_year,from_variant,observed,weight,fitted,residual\n"),
      std::string::npos);
  EXPECT_NO_THROW((void)load_scenario(custom)) << "table paths follow the output's directory";

  const Result json = ygt({"calibrate", file(), "--targets", targets(), "--format", "json"});
  ASSERT_EQ(json.code, exit_ok) << json.err;
  const auto doc = boost::json::parse(json.out);
  EXPECT_TRUE(doc.at("converged").as_bool());
  EXPECT_EQ(doc.at("parameters").as_array().size(), 2u);

  const fs::path out = dir / "out";
  const Result files = ygt({"calibrate", file(), "--targets", targets(), "--out", out.string()});
  ASSERT_EQ(files.code, exit_ok) << files.err;
  for (const char* f : {"parameters.csv", "targets.csv", "calibration.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
}

TEST_F(CliCalibrate, RelativeScenarioPathWithAbsoluteOutput) {
  // The scenario named by its bare file name in the working directory, the
  // calibrated file by an absolute path elsewhere: its table paths are
  // rewritten from one directory to the other.
  fs::create_directories(dir / "elsewhere");
  const fs::path output = dir / "elsewhere" / "fitted.json";
  const fs::path was = fs::current_path();
  fs::current_path(dir);
  const Result r =
      ygt({"calibrate", "suixi.json", "--targets", "targets.csv", "--output", output.string(), "--quiet"});
  fs::current_path(was);
  ASSERT_EQ(r.code, exit_ok) << r.err;
  const Scenario sc = load_scenario(output);
  EXPECT_EQ(sc.county.townships().size(), 18u);
  EXPECT_NE(slurp(output).find("../population.csv"), std::string::npos);
}

TEST_F(CliCalibrate, BadTargetsExitTwoNamingFileLineAndColumn) {
  write(dir / "targets.csv",
        "year,variant,indicator,observed,weight\n2021,reform,county_vist_rate,0.85,1\n2041,reform,oop_share,"
        "0.3,1\n");
  const Result r = ygt({"calibrate", file(), "--targets", targets()});
  EXPECT_EQ(r.code, exit_bad_input);
  EXPECT_NE(r.err.find(
                "targets.csv: line 2, column indicator: unknown indicator \"county_vist_rate\": did you mean "
                "`county_visit_rate`?"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("targets.csv: line 3, column year: year 2041 is not projected"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "suixi.calibrated.json"));

  write(dir / "targets.csv", "year,variant,indicator,observed\n2021,reform,county_visit_rate,0.85\n");
  const Result few = ygt({"calibrate", file(), "--targets", targets()});
  EXPECT_EQ(few.code, exit_bad_input);
  EXPECT_NE(few.err.find("1 targets of weight > 0 for 2 free parameters"), std::string::npos) << few.err;
}

TEST_F(CliCalibrate, BadScenarioOrOptionsExitTwo) {
  EXPECT_EQ(ygt({"calibrate", file()}).code, exit_bad_input);  // --targets is required
  EXPECT_EQ(ygt({"calibrate", file(), "--targets", targets(), "--max-evaluations", "0"}).code,
            exit_bad_input);
  const Result same = ygt({"calibrate", file(), "--targets", targets(), "--output", file()});
  EXPECT_EQ(same.code, exit_bad_input);
  EXPECT_NE(same.err.find("is the scenario itself"), std::string::npos);

  scenario("");
  const Result none = ygt({"calibrate", file(), "--targets", targets()});
  EXPECT_EQ(none.code, exit_bad_input);
  EXPECT_NE(none.err.find("suixi.json: calibration: the scenario has no calibration section"),
            std::string::npos)
      << none.err;

  scenario(R"("calibration": {"free": {"choice.asc.townshp": {"lower": -3, "upper": 3}}})");
  const Result typo = ygt({"calibrate", file(), "--targets", targets()});
  EXPECT_EQ(typo.code, exit_bad_input);
  EXPECT_NE(typo.err.find("calibration.free.choice.asc.townshp: unknown parameter"), std::string::npos)
      << typo.err;
  EXPECT_NE(typo.err.find("did you mean `choice.asc.township`"), std::string::npos) << typo.err;
  EXPECT_FALSE(fs::exists(dir / "suixi.calibrated.json"));
}

}  // namespace
}  // namespace ygt::cli
