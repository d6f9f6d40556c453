// `ygt` on a region file as a user runs it: validate summarises the region,
// flows and project give each county's rows and the region's, an ensemble's
// county rows are those of the county's own file, bad regions exit 2.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "cli/commands.hpp"
#include "io/csv.hpp"
#include "support/cli.hpp"
#include "yigongti/io/synthetic.hpp"

namespace ygt::cli {
namespace {

namespace json = boost::json;
using testing::run_ygt;
using testing::slurp;

/// A folder with two county files (`a.json` with an uncertainty section,
/// `b.json` without) and `region.json` naming them, one county in a group.
std::filesystem::path region_folder(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  json::object a =
      json::parse(synthetic_scenario_json({.townships = 3, .institutions = 12, .seed = 5, .id = "a"}))
          .as_object();
  a["uncertainty"] = json::object{
      {"draws", 24},
      {"seed", 9},
      {"parameters",
       json::object{{"choice.b_cap", json::object{{"dist", "normal"}, {"mean", 3.0}, {"sd", 0.3}}}}}};
  const json::object b =
      json::parse(synthetic_scenario_json({.townships = 4, .institutions = 14, .seed = 6, .id = "b"}))
          .as_object();
  std::ofstream(dir / "a.json") << json::serialize(a);
  std::ofstream(dir / "b.json") << json::serialize(b);
  json::array members;
  for (const char* c : {"a", "b"}) members.push_back(json::object{{"county", c}, {"alliance", "alliance"}});
  json::object reg;
  reg["id"] = "city";
  reg["groups"] = json::array{json::object{{"id", "g"}, {"alliances", std::move(members)}}};
  reg["counties"] = json::array{json::object{{"file", "a.json"}}, json::object{{"file", "b.json"}}};
  json::object region;
  region["schema"] = "yigongti/scenario/1";
  region["name"] = "two-county city";
  region["years"] = a.at("years");
  region["region"] = std::move(reg);
  std::ofstream(dir / "region.json") << json::serialize(region);
  return dir;
}

/// The rows of `file` whose first columns are `lead`.
std::vector<std::vector<std::string>> rows_of(const std::filesystem::path& file) {
  ProblemList problems;
  const auto t = detail::parse_csv(slurp(file), file.string(), "", problems);
  EXPECT_TRUE(problems.empty());
  return t ? t->rows : std::vector<std::vector<std::string>>{};
}

TEST(CliRegion, ValidateSummarisesTheRegionAndEachCounty) {
  const auto dir = region_folder("ygt-cli-region-validate");
  const auto r = run_ygt({"validate", (dir / "region.json").string()});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("region        city"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("alliances a/alliance, b/alliance"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("county        a"), std::string::npos);
  EXPECT_NE(r.out.find("county        b"), std::string::npos);
}

TEST(CliRegion, ProjectGivesEachCountyAsItsOwnFileAndTheRegion) {
  const auto dir = region_folder("ygt-cli-region-project");
  ASSERT_EQ(run_ygt({"project", (dir / "region.json").string(), "--out", (dir / "region").string()}).code,
            exit_ok);
  ASSERT_EQ(run_ygt({"project", (dir / "a.json").string(), "--out", (dir / "a").string()}).code, exit_ok);
  const auto region = rows_of(dir / "region" / "indicators.csv");
  const auto own = rows_of(dir / "a" / "indicators.csv");
  std::size_t a_rows = 0, city_rows = 0, b_rows = 0;
  for (const auto& row : region) {
    if (row[0] == "a") {
      // county a's row k is the own file's row k, column for column.
      ASSERT_LT(a_rows, own.size());
      EXPECT_EQ(std::vector<std::string>(row.begin() + 1, row.end()), own[a_rows]);
      ++a_rows;
    }
    b_rows += row[0] == "b" ? 1u : 0u;
    city_rows += row[0] == "city" ? 1u : 0u;
  }
  EXPECT_EQ(a_rows, own.size());
  EXPECT_EQ(b_rows, own.size());
  EXPECT_EQ(city_rows, own.size());
  const std::string ledger = slurp(dir / "region" / "ledger.csv");
  EXPECT_EQ(ledger.rfind("county,year,quarter,variant,from,to,kind,amount", 0), 0u);
  const auto text = run_ygt({"project", (dir / "region.json").string()});
  EXPECT_NE(text.out.find("the region's indicators"), std::string::npos) << text.out;
}

TEST(CliRegion, FlowsGiveEachCountyAndTheRegion) {
  const auto dir = region_folder("ygt-cli-region-flows");
  const auto r = run_ygt({"flows", (dir / "region.json").string(), "--out", (dir / "flows").string()});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  double population[3] = {0, 0, 0};
  for (const auto& row : rows_of(dir / "flows" / "indicators.csv")) {
    if (row[2] != "population") continue;
    population[row[0] == "a" ? 0 : row[0] == "b" ? 1 : 2] = std::stod(row[4]);
  }
  EXPECT_GT(population[0], 0.0);
  EXPECT_NEAR(population[2], population[0] + population[1], 1e-6 * population[2]);
}

TEST(CliRegion, AnEnsemblesCountyRowsAreThoseOfTheCountysOwnFile) {
  const auto dir = region_folder("ygt-cli-region-ensemble");
  const auto r = run_ygt({"ensemble", (dir / "region.json").string(), "--threads", "2", "--quiet", "--out",
                          (dir / "region").string()});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  ASSERT_EQ(run_ygt({"ensemble", (dir / "a.json").string(), "--quiet", "--out", (dir / "a").string()}).code,
            exit_ok);
  const auto region = rows_of(dir / "region" / "summary.csv");
  const auto own = rows_of(dir / "a" / "summary.csv");
  std::vector<std::vector<std::string>> a_rows;
  std::size_t b_sd_zero = 0, b_rows = 0, city = 0;
  for (const auto& row : region) {
    if (row[0] == "a") a_rows.push_back(row);
    if (row[0] == "b") {
      ++b_rows;
      b_sd_zero += std::stod(row[6]) == 0.0 ? 1u : 0u;  // b draws nothing
    }
    city += row[0] == "city" ? 1u : 0u;
  }
  EXPECT_EQ(a_rows, own);
  EXPECT_EQ(b_sd_zero, b_rows);
  EXPECT_EQ(city, own.size());
}

TEST(CliRegion, ASweepOfOneCountysParameterMovesThatCountyAsItsOwnFileAndNoOther) {
  const auto dir = region_folder("ygt-cli-region-sweep");
  const std::string set = "choice.b_cap=2:4:1";
  auto r = run_ygt({"sweep", (dir / "region.json").string(), "--set", "counties.a." + set, "--year", "2025",
                    "--quiet", "--out", (dir / "region").string()});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  ASSERT_EQ(run_ygt({"sweep", (dir / "a.json").string(), "--set", set, "--year", "2025", "--quiet", "--out",
                     (dir / "a").string()})
                .code,
            exit_ok);
  const auto region = rows_of(dir / "region" / "sweep.csv");
  const auto own = rows_of(dir / "a" / "sweep.csv");
  std::vector<std::vector<std::string>> a_rows;
  std::set<std::string> b_visit, city_visit;
  for (const auto& row : region) {
    if (row[0] == "a") a_rows.emplace_back(row.begin() + 1, row.end());
    if (row[0] == "b") b_visit.insert(row[5]);  // point, parameter, variant, year, county_visit_rate
    if (row[0] == "city") city_visit.insert(row[5]);
  }
  EXPECT_EQ(a_rows, own);
  EXPECT_EQ(b_visit.size(), 2u);     // one value per variant, whatever a's parameter
  EXPECT_EQ(city_visit.size(), 6u);  // the region moves with a: 3 points x 2 variants
  // A path without a county sets every county.
  r = run_ygt({"sweep", (dir / "region.json").string(), "--set", set, "--year", "2025", "--quiet", "--format",
               "csv"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("county,point,choice.b_cap,variant,year"), std::string::npos) << r.out.substr(0, 200);
  // A county the region does not have.
  r = run_ygt({"sweep", (dir / "region.json").string(), "--set", "counties.z." + set});
  EXPECT_EQ(r.code, exit_bad_input);
  EXPECT_NE(r.err.find("no county \"z\""), std::string::npos) << r.err;
}

TEST(CliRegion, ParametersAreListedUnderEachCounty) {
  const auto dir = region_folder("ygt-cli-region-parameters");
  const auto r = run_ygt({"parameters", (dir / "region.json").string(), "--format", "csv"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("counties.a.choice.b_cap,"), std::string::npos);
  EXPECT_NE(r.out.find("counties.b.choice.b_cap,"), std::string::npos);
}

TEST(CliRegion, ABadRegionExitsTwoAndWritesNothing) {
  const auto dir = region_folder("ygt-cli-region-bad");
  std::string text = slurp(dir / "region.json");
  text.replace(text.find("\"b.json\""), 8, "\"c.json\"");
  std::ofstream(dir / "region.json") << text;
  for (const char* command : {"validate", "flows", "project", "ensemble", "parameters"}) {
    std::vector<std::string> args = {command, (dir / "region.json").string()};
    if (std::string(command) != "validate") {
      args.emplace_back("--out");
      args.push_back((dir / "out").string());
    }
    const auto r = run_ygt(args);
    EXPECT_EQ(r.code, exit_bad_input) << command;
    EXPECT_NE(r.err.find("region.counties[1].file"), std::string::npos) << command << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "out")) << command;
  }
}

}  // namespace
}  // namespace ygt::cli
