// Calibration of a region: the counties' parameters recovered from their own
// projections, a region-level target fitted through a parameter every county
// shares, the targets table's county column checked, and the calibrated
// region file giving back the fit.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include <yigongti/io/calibration_files.hpp>
#include <yigongti/io/region_file.hpp>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/projection/region.hpp>
#include <yigongti/study/calibration.hpp>

#include "support/problems.hpp"

namespace ygt {
namespace {

namespace json = boost::json;
using testing::has_problem;

const std::string asc = "choice.asc.out_of_county";
const std::string free_section = R"({"free": {"choice.asc.out_of_county": {"lower": -4, "upper": 4}}})";

/// A region "city" of counties a and b written in it, each with `free_section`
/// as its calibration section when `sections`.
std::string region_text(bool sections = true) {
  json::object top;
  json::array counties;
  for (const auto& [id, seed] : {std::pair<std::string, int>{"a", 5}, {"b", 6}}) {
    json::object c = json::parse(synthetic_scenario_json({.townships = 3,
                                                          .institutions = 12,
                                                          .seed = static_cast<std::uint64_t>(seed),
                                                          .id = id,
                                                          .last_year = 2023}))
                         .as_object();
    top["years"] = c.at("years");
    c.erase("schema");
    c.erase("years");
    if (sections) c["calibration"] = json::parse(free_section);
    counties.push_back(std::move(c));
  }
  top["schema"] = "yigongti/scenario/1";
  top["name"] = "two-county city";
  top["region"] = json::object{{"id", "city"}, {"counties", std::move(counties)}};
  return json::serialize(top);
}

const std::string origin = (std::filesystem::temp_directory_path() / "ygt-region-calibration.json").string();

RegionFile region_file() {
  return parse_region_file(region_text(), origin, std::filesystem::temp_directory_path());
}

/// Targets: county_visit_rate and encounters_township in 2021 and 2023 of the
/// reform variant, of `county` (a county's id or the region's) in `p`,
/// weighted to fit relative errors.
void add_targets(std::vector<CalibrationTarget>& out, const RegionProjection& p, const std::string& county,
                 std::size_t c) {
  for (int year : {2021, 2023}) {
    for (Indicator i : {Indicator::county_visit_rate, Indicator::encounters_township}) {
      const Eigen::Index row = year - p.first_year;
      const double x = c < p.counties.size() ? p.counties[c].variants.front().indicators(
                                                   row, static_cast<Eigen::Index>(index(i)))
                                             : p.region.front()(row, static_cast<Eigen::Index>(index(i)));
      CalibrationTarget t{year, "reform", i, x, 1.0 / (x * x)};
      t.county = county;
      out.push_back(std::move(t));
    }
  }
}

ProjectionOptions reform_only() {
  ProjectionOptions o;
  o.variant = "reform";
  o.keep_ledger = false;
  return o;
}

TEST(RegionCalibration, RecoversEachCountysParametersFromItsOwnProjection) {
  const RegionFile file = region_file();
  const std::vector<RegionFreeParameter> free = region_free_parameters(file);
  ASSERT_EQ(free.size(), 2u);
  EXPECT_EQ(free[0].parameter.path, "counties.a." + asc);
  EXPECT_EQ(free[1].parameter.path, "counties.b." + asc);
  const std::vector<double> truth = {get_region_parameter(file.region.counties, free[0].parameter) + 0.4,
                                     get_region_parameter(file.region.counties, free[1].parameter) - 0.3};
  Region known = file.region;
  for (std::size_t j = 0; j < free.size(); ++j)
    set_region_parameter(known.counties, free[j].parameter, truth[j]);
  const RegionProjection p = project(known, reform_only());
  std::vector<CalibrationTarget> targets;
  add_targets(targets, p, "a", 0);
  add_targets(targets, p, "b", 1);

  CalibrationOptions options;
  options.threads = 2;
  const CalibrationResult r = calibrate(file.region, free, targets, options);
  ASSERT_TRUE(r.converged) << r.status;
  ASSERT_EQ(r.parameters.size(), 2u);
  for (std::size_t j = 0; j < 2; ++j)
    EXPECT_NEAR(r.parameters[j].value, truth[j], 1e-4) << r.parameters[j].path;
  EXPECT_LT(r.weighted_ssr, 1e-12);
  EXPECT_GT(r.start_ssr, r.weighted_ssr);
  for (const TargetFit& f : r.targets) EXPECT_NEAR(f.residual, 0.0, 1e-6 * std::abs(f.target.observed));
  EXPECT_EQ(r.targets[0].target.county, "a");

  Region fitted = file.region;
  apply_calibration(fitted, r);
  EXPECT_NEAR(get_region_parameter(fitted.counties, free[1].parameter), truth[1], 1e-4);
}

TEST(RegionCalibration, FitsTheRegionsIndicatorsThroughASharedParameter) {
  const RegionFile file = region_file();
  const RegionParameter shared = resolve_region_parameter(file.region, asc, "test");
  ASSERT_EQ(shared.targets.size(), 2u);
  const double truth = get_region_parameter(file.region.counties, shared) + 0.5;
  Region known = file.region;
  set_region_parameter(known.counties, shared, truth);
  const RegionProjection p = project(known, reform_only());
  std::vector<CalibrationTarget> targets;
  add_targets(targets, p, "", p.counties.size());  // the region's own, by an empty county

  const CalibrationResult r = calibrate(file.region, {{shared, -4.0, 4.0}}, targets);
  ASSERT_TRUE(r.converged) << r.status;
  EXPECT_EQ(r.parameters.front().path, asc);
  EXPECT_NEAR(r.parameters.front().value, truth, 1e-4);
  for (const TargetFit& f : r.targets) EXPECT_NEAR(f.residual, 0.0, 1e-6 * std::abs(f.target.observed));

  // A line target of the region's indicators, or of a county it does not have, is refused.
  std::vector<CalibrationTarget> bad = targets;
  bad.front().line = "op_common";
  EXPECT_THROW((void)calibrate(file.region, {{shared, -4.0, 4.0}}, bad), std::invalid_argument);
  bad = targets;
  bad.front().county = "zz";
  EXPECT_THROW((void)calibrate(file.region, {{shared, -4.0, 4.0}}, bad), std::invalid_argument);
}

TEST(RegionCalibration, TheCalibratedRegionFileGivesBackTheFit) {
  const RegionFile file = region_file();
  const std::vector<RegionFreeParameter> free = region_free_parameters(file);
  CalibrationResult r;
  for (std::size_t j = 0; j < free.size(); ++j) {
    const double start = get_region_parameter(file.region.counties, free[j].parameter);
    r.parameters.push_back(
        {free[j].parameter.path, start, start + 0.25 * static_cast<double>(j + 1), 0.0, -4.0, 4.0, false});
  }
  const auto dir = std::filesystem::temp_directory_path() / "ygt-region-calibrated";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::vector<OutputFile> files =
      calibrated_region_files(region_text(), file.region, r, dir / "cal.json");
  ASSERT_EQ(files.size(), 1u);  // both counties are written in the region file
  EXPECT_EQ(files.front().name, "cal.json");
  std::ofstream(dir / "cal.json") << files.front().text;
  const RegionFile back = load_region_file(dir / "cal.json");
  for (std::size_t j = 0; j < free.size(); ++j) {
    const RegionParameter p = resolve_region_parameter(back.region, free[j].parameter.path, "test");
    EXPECT_NEAR(get_region_parameter(back.region.counties, p), r.parameters[j].value, 1e-12);
  }
  ASSERT_TRUE(back.calibration[0].has_value());
  std::filesystem::remove_all(dir);
}

TEST(RegionCalibration, TheTargetsCountyColumnIsChecked) {
  const RegionFile file = region_file();
  const auto targets = parse_region_targets(
      "year,variant,indicator,observed,county,line\n2021,reform,county_visit_rate,0.8,,\n"
      "2022,reform,county_visit_rate,0.8,city,\n2021,reform,county_visit_rate,0.7,a,\n"
      "2021,reform,encounters_township,100,b,op_common\n",
      "t.csv", file.region);
  ASSERT_EQ(targets.size(), 4u);
  EXPECT_EQ(targets[0].county, "city");
  EXPECT_EQ(targets[2].county, "a");
  EXPECT_EQ(targets[3].line, "op_common");
  try {
    (void)parse_region_targets(
        "year,variant,indicator,observed,county,line\n2021,reform,county_visit_rate,0.8,c,\n"
        "2021,reform,encounters_township,100,,op_common\n",
        "t.csv", file.region);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(has_problem(e.problems(), "line 2, column county", "unknown county \"c\"")) << e.what();
    EXPECT_TRUE(has_problem(e.problems(), "line 3, column line", "a line target")) << e.what();
  }
  try {
    (void)parse_targets("year,variant,indicator,observed,county\n2021,reform,county_visit_rate,0.8,b\n",
                        "t.csv", file.region.counties.front());
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(
        has_problem(e.problems(), "line 2, column county", "county \"b\" in a table for county \"a\""))
        << e.what();
  }
  const RegionFile none =
      parse_region_file(region_text(false), origin, std::filesystem::temp_directory_path());
  try {
    (void)region_free_parameters(none);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.origin(), origin);
    EXPECT_TRUE(has_problem(e.problems(), "region.counties", "no county has a calibration section"))
        << e.what();
  }
}

}  // namespace
}  // namespace ygt
