// `ygt calibrate` on a region file: targets of each county and of the region
// fitted, the calibrated region and county files written beside each other
// and projecting to the fitted values, bad targets exiting 2 with file and row.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <yigongti/io/region_file.hpp>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/projection/region.hpp>
#include <yigongti/study/region_parameters.hpp>

#include "cli/commands.hpp"
#include "support/cli.hpp"

namespace ygt::cli {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using testing::run_ygt;

const std::string asc = "choice.asc.out_of_county";

/// A folder with county files a.json (with a calibration section) and b.json
/// (without), and region.json naming them.
fs::path region_folder(const std::string& name) {
  const auto dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  json::value years;
  for (const auto& [id, seed] : {std::pair<std::string, int>{"a", 5}, {"b", 6}}) {
    json::object c = json::parse(synthetic_scenario_json({.townships = 3,
                                                          .institutions = 12,
                                                          .seed = static_cast<std::uint64_t>(seed),
                                                          .id = id,
                                                          .last_year = 2023}))
                         .as_object();
    if (id == "a")
      c["calibration"] = json::parse(R"({"free": {"choice.asc.out_of_county": {"lower": -4, "upper": 4}}})");
    years = c.at("years");
    std::ofstream(dir / (id + ".json")) << json::serialize(c);
  }
  json::object region{{"schema", "yigongti/scenario/1"}, {"name", "two-county city"}, {"years", years}};
  region["region"] = json::object{
      {"id", "city"},
      {"counties", json::array{json::object{{"file", "a.json"}}, json::object{{"file", "b.json"}}}}};
  std::ofstream(dir / "region.json") << json::serialize(region);
  return dir;
}

/// The region's and county a's county_visit_rate in `years` of the reform variant.
std::vector<double> visit_rates(const Region& region, const std::vector<int>& years) {
  ProjectionOptions o;
  o.variant = "reform";
  const RegionProjection p = project(region, o);
  std::vector<double> out;
  for (int y : years) {
    const Eigen::Index row = y - p.first_year;
    out.push_back(p.counties[0].variants[0].indicators(
        row, static_cast<Eigen::Index>(index(Indicator::county_visit_rate))));
    out.push_back(p.region[0](row, static_cast<Eigen::Index>(index(Indicator::county_visit_rate))));
  }
  return out;
}

TEST(CliRegionCalibrate, FitsCountyAndRegionTargetsAndWritesFilesThatProjectToTheFit) {
  const auto dir = region_folder("ygt-cli-region-calibrate");
  const RegionFile file = load_region_file(dir / "region.json");
  const RegionParameter p = resolve_region_parameter(file.region, "counties.a." + asc, "test");
  const double truth = get_region_parameter(file.region.counties, p) + 0.4;
  Region known = file.region;
  set_region_parameter(known.counties, p, truth);
  const std::vector<double> observed = visit_rates(known, {2021, 2023});
  std::ostringstream csv;
  csv.precision(17);
  csv << "county,year,variant,indicator,observed\n"
      << "a,2021,reform,county_visit_rate," << observed[0] << "\n"
      << ",2021,reform,county_visit_rate," << observed[1] << "\n"
      << "a,2023,reform,county_visit_rate," << observed[2] << "\n"
      << "city,2023,reform,county_visit_rate," << observed[3] << "\n";
  std::ofstream(dir / "targets.csv") << csv.str();

  fs::create_directories(dir / "out");
  const auto r = run_ygt({"calibrate", (dir / "region.json").string(), "--targets",
                          (dir / "targets.csv").string(), "--output", (dir / "out" / "cal.json").string(),
                          "--quiet", "--out", (dir / "result").string()});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("wrote the calibrated region to"), std::string::npos) << r.out;
  ASSERT_TRUE(fs::exists(dir / "out" / "cal.a.json"));
  EXPECT_FALSE(fs::exists(dir / "out" / "cal.b.json"));  // b has no fitted parameter: named where it is
  const std::string targets = testing::slurp(dir / "result" / "targets.csv");
  EXPECT_EQ(targets.rfind("county,year,first_year,variant,indicator,line,", 0), 0u) << targets;
  EXPECT_NE(targets.find("\ncity,2021,,reform,county_visit_rate,"), std::string::npos) << targets;
  const std::string parameters = testing::slurp(dir / "result" / "parameters.csv");
  EXPECT_NE(parameters.find("counties.a." + asc), std::string::npos) << parameters;

  const RegionFile back = load_region_file(dir / "out" / "cal.json");
  const RegionParameter q = resolve_region_parameter(back.region, "counties.a." + asc, "test");
  EXPECT_NEAR(get_region_parameter(back.region.counties, q), truth, 1e-4);
  const std::vector<double> fitted = visit_rates(back.region, {2021, 2023});
  for (std::size_t i = 0; i < fitted.size(); ++i) EXPECT_NEAR(fitted[i], observed[i], 1e-7) << i;

  // `ygt project` reads the written region.
  EXPECT_EQ(run_ygt({"project", (dir / "out" / "cal.json").string(), "--out", (dir / "proj").string()}).code,
            exit_ok);
  fs::remove_all(dir);
}

TEST(CliRegionCalibrate, BadTargetsExit2WithFileAndRow) {
  const auto dir = region_folder("ygt-cli-region-calibrate-bad");
  const auto run = [&](const std::string& table) {
    std::ofstream(dir / "targets.csv") << table;
    return run_ygt({"calibrate", (dir / "region.json").string(), "--targets", (dir / "targets.csv").string(),
                    "--quiet"});
  };
  const auto unknown = run("county,year,variant,indicator,observed\nc,2021,reform,county_visit_rate,0.8\n");
  EXPECT_EQ(unknown.code, exit_bad_input);
  EXPECT_NE(unknown.err.find("targets.csv: line 2, column county: unknown county \"c\""), std::string::npos)
      << unknown.err;
  const auto line =
      run("county,year,variant,indicator,observed,line\n,2021,reform,encounters_township,100,op_common\n");
  EXPECT_EQ(line.code, exit_bad_input);
  EXPECT_NE(line.err.find("targets.csv: line 2, column line: a line target"), std::string::npos) << line.err;
  // On a county file, the county column must be the county's.
  std::ofstream(dir / "targets.csv")
      << "county,year,variant,indicator,observed\nb,2021,reform,county_visit_rate,0.8\n";
  const auto county = run_ygt(
      {"calibrate", (dir / "a.json").string(), "--targets", (dir / "targets.csv").string(), "--quiet"});
  EXPECT_EQ(county.code, exit_bad_input);
  EXPECT_NE(county.err.find("targets.csv: line 2, column county"), std::string::npos) << county.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ygt::cli
