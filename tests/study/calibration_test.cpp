// Calibration: known parameters recovered from their own projections, the
// Suixi-like example fitted to its reported figures, bounds kept, the section
// and the targets table read with every problem named, and the calibrated file
// giving back the fit.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <yigongti/io/calibration_files.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/projection/projection.hpp>
#include <yigongti/study/calibration.hpp>

#include "support/problems.hpp"
#include "support/scenario_text.hpp"

namespace ygt {
namespace {

using testing::has_problem;

const std::string suixi_path = std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json";

/// The Suixi-like example without its own calibration section.
const std::string& suixi_text() {
  static const std::string text = [] {
    std::ifstream in(suixi_path);
    std::stringstream s;
    s << in.rdbuf();
    return testing::without_member(s.str(), "calibration");
  }();
  return text;
}

const Scenario& suixi() {
  static const Scenario sc = parse_scenario(suixi_text(), suixi_path);
  return sc;
}

/// The Suixi-like text with `section` added at the top level.
std::string with_section(const std::string& section) {
  std::string text = suixi_text();
  const std::size_t close = text.rfind('}');
  return text.substr(0, close) + ",\n" + section + "\n}\n";
}

Scenario parse(const std::string& text) {
  return parse_scenario(text, suixi_path);
}

ScenarioFile parse_file(const std::string& text) {
  return parse_scenario_file(text, suixi_path);
}

std::vector<Problem> problems_of_text(const std::string& text) {
  try {
    (void)parse(text);
  } catch (const InputError& e) {
    return e.problems();
  }
  return {};
}

FreeParameter free(const Scenario& sc, const std::string& path, double lo, double hi) {
  return {resolve_parameter(sc, path, "test"), lo, hi};
}

/// Targets: every (variant, year, indicator) of `r`, weighted to fit relative errors.
std::vector<CalibrationTarget> targets_from(const ProjectionResult& r, const std::vector<int>& years,
                                            const std::vector<Indicator>& indicators) {
  std::vector<CalibrationTarget> out;
  for (std::size_t v = 0; v < r.variants.size(); ++v) {
    for (int y : years) {
      for (Indicator i : indicators) {
        const double x = r.value(v, y, i);
        out.push_back({y, r.variants[v].id, i, x, 1.0 / (x * x)});
      }
    }
  }
  return out;
}

TEST(Calibration, RecoversKnownParametersFromAPerturbedStart) {
  const Scenario& sc = suixi();
  CalibrationSpec spec;
  spec.free = {free(sc, "choice.b_cap", 0.5, 8.0), free(sc, "choice.asc.out_of_county", -2.0, 5.0),
               free(sc, "service_lines.ip_common.rate_scale", 0.2, 3.0)};
  const std::vector<double> truth = {3.4, 1.9, 1.2};  // the file has 3.0, 2.14 and 1
  Scenario known = sc;
  for (std::size_t j = 0; j < truth.size(); ++j) set_parameter(known, spec.free[j].parameter, truth[j]);
  ProjectionOptions po;
  po.keep_ledger = false;
  const auto targets = targets_from(
      project(known, po), {2017, 2019, 2021, 2024},
      {Indicator::county_visit_rate, Indicator::county_inpatient_rate, Indicator::hospitalization_rate,
       Indicator::encounters_township, Indicator::primary_visit_share});
  ASSERT_EQ(targets.size(), 40u);

  const CalibrationResult r = calibrate(sc, spec, targets);
  EXPECT_TRUE(r.converged) << r.status;
  ASSERT_EQ(r.parameters.size(), 3u);
  for (std::size_t j = 0; j < truth.size(); ++j) {
    EXPECT_NEAR(r.parameters[j].value, truth[j], 1e-4 * truth[j]) << r.parameters[j].path;
    EXPECT_EQ(r.parameters[j].start, get_parameter(sc, spec.free[j].parameter));
    EXPECT_FALSE(r.parameters[j].at_bound);
    // An exact fit leaves (almost) nothing to estimate the noise from.
    EXPECT_TRUE(std::isnan(r.parameters[j].standard_error) || r.parameters[j].standard_error < 1e-4);
  }
  EXPECT_LT(r.weighted_ssr, 1e-12);
  EXPECT_GT(r.start_ssr, 1e-4);
  for (const TargetFit& f : r.targets) EXPECT_NEAR(f.residual, 0.0, 1e-6 * std::abs(f.target.observed));
}

TEST(Calibration, StandardErrorsGrowWithTheNoise) {
  const Scenario& sc = suixi();
  CalibrationSpec spec;
  spec.free = {free(sc, "choice.asc.out_of_county", -2.0, 5.0)};
  ProjectionOptions po;
  po.keep_ledger = false;
  po.variant = "baseline";
  auto targets =
      targets_from(project(sc, po), {2017, 2018, 2019, 2020, 2021}, {Indicator::county_visit_rate});
  // Noise of about 1% on the observations.
  const double noise[] = {0.01, -0.012, 0.008, -0.009, 0.011};
  for (std::size_t i = 0; i < targets.size(); ++i) targets[i].observed *= 1.0 + noise[i];
  const CalibrationResult r = calibrate(sc, spec, targets);
  ASSERT_TRUE(r.converged) << r.status;
  const double se = r.parameters[0].standard_error;
  EXPECT_GT(se, 0.0);
  EXPECT_LT(se, 0.2);
  EXPECT_NEAR(r.parameters[0].value, get_parameter(sc, spec.free[0].parameter), 3 * se + 1e-3);
}

TEST(Calibration, SuixiFitsTheReportedVisitRateAndTownshipVisits) {
  // DOMAIN.md, Suixi 2021: county visit rate 85%; township outpatient and
  // emergency visits 1,160,000 (the model's encounters_township). The reform
  // variant is what Suixi did; the out-of-county and township constants move.
  const std::string original = with_section(R"("calibration": {"free": {
      "choice.asc.out_of_county": {"lower": 0, "upper": 5},
      "choice.asc.township": {"lower": -3, "upper": 3}}})");
  const ScenarioFile file = parse_file(original);
  const Scenario& sc = file.scenario;
  ASSERT_TRUE(file.calibration);
  ASSERT_EQ(file.calibration->free.size(), 2u);
  const std::vector<CalibrationTarget> targets = {
      {2021, "reform", Indicator::county_visit_rate, 0.85, 1.0 / (0.85 * 0.85)},
      {2021, "reform", Indicator::encounters_township, 1'160'000, 1.0 / (1.16e6 * 1.16e6)}};
  const CalibrationResult r = calibrate(sc, *file.calibration, targets);
  ASSERT_TRUE(r.converged) << r.status;
  EXPECT_NEAR(r.targets[0].fitted, 0.85, 1e-8);
  EXPECT_NEAR(r.targets[1].fitted, 1'160'000, 1e-2);
  for (const FittedParameter& p : r.parameters) {
    EXPECT_FALSE(p.at_bound) << p.path;
    EXPECT_TRUE(std::isnan(p.standard_error)) << "two targets, two parameters: no spare target";
  }
  // Fewer township visits than the file's model gives: township centres pull less.
  EXPECT_LT(r.parameters[1].value, 0.0);

  // The calibrated file loads and its projection is the fit.
  const std::string text = calibrated_scenario_text(original, sc, r);
  const Scenario back = parse(text);
  ProjectionOptions po;
  po.variant = "reform";
  const ProjectionResult p = project(back, po);
  EXPECT_NEAR(p.value(0, 2021, Indicator::county_visit_rate), r.targets[0].fitted, 1e-12);
  EXPECT_NEAR(p.value(0, 2021, Indicator::encounters_township), r.targets[1].fitted, 1e-6);
  ASSERT_TRUE(parse_file(text).calibration);
  EXPECT_EQ(text.find("// "), std::string::npos) << "comments are not kept";
  EXPECT_NE(text.find("\"name\": \"濉溪县 Suixi-like (illustrative)\""), std::string::npos);
}

TEST(Calibration, TotalsOverYearsAreFittedAsTheirSums) {
  // A surplus kept over four years and a line's visits summed over three:
  // totals of a projection with known values, recovered from a moved start.
  Scenario truth = suixi();
  const ParameterRef growth = resolve_parameter(truth, "payment.alliance_package.budget.rolling_growth", "t");
  const ParameterRef pull = resolve_parameter(truth, "choice.asc.out_of_county", "t");
  set_parameter(truth, growth, 0.01);
  set_parameter(truth, pull, 3.0);
  ProjectionOptions po;
  po.variant = "reform";
  po.keep_flows = true;
  const ProjectionResult known = project(truth, po);
  double kept = 0.0, county = 0.0;
  for (int y = 2017; y <= 2020; ++y) kept += known.value(0, y, Indicator::alliance_retained);
  for (int y = 2019; y <= 2021; ++y) county += known.value(0, y, Indicator::encounters_county);
  ASSERT_GT(kept, 0.0);

  CalibrationTarget total{2020, "reform", Indicator::alliance_retained, kept, 1.0 / (kept * kept)};
  total.first_year = 2017;
  CalibrationTarget visits{2021, "reform", Indicator::encounters_county, county, 1.0 / (county * county)};
  visits.first_year = 2019;
  const CalibrationSpec spec{{free(suixi(), "payment.alliance_package.budget.rolling_growth", -0.2, 0.2),
                              free(suixi(), "choice.asc.out_of_county", 0, 6)}};
  const CalibrationResult r = calibrate(suixi(), spec, {total, visits});
  ASSERT_TRUE(r.converged) << r.status;
  EXPECT_NEAR(r.parameters[0].value, 0.01, 1e-6);
  EXPECT_NEAR(r.parameters[1].value, 3.0, 1e-6);
  EXPECT_NEAR(r.targets[0].fitted, kept, 1e-6 * kept);
  // One of the years alone, as a one-year target, gives the same parameters:
  // the total is read over its years, the one-year value over its year (2018,
  // a year in surplus at the start: retained surplus is flat in a deficit).
  CalibrationTarget one{2018, "reform", Indicator::alliance_retained,
                        known.value(0, 2018, Indicator::alliance_retained), 1.0};
  one.weight = 1.0 / (one.observed * one.observed);
  const CalibrationResult single = calibrate(suixi(), spec, {one, visits});
  ASSERT_TRUE(single.converged) << single.status;
  EXPECT_NEAR(single.parameters[0].value, 0.01, 1e-5);
  EXPECT_LT(one.observed, 0.5 * kept);

  // A share has no total; a first year after the year is refused.
  CalibrationTarget share{2021, "reform", Indicator::county_visit_rate, 0.85, 1.0};
  share.first_year = 2019;
  EXPECT_THROW((void)calibrate(suixi(), spec, {share, visits}), std::invalid_argument);
  CalibrationTarget late = total;
  late.first_year = 2021;
  EXPECT_THROW((void)calibrate(suixi(), spec, {late, visits}), std::invalid_argument);
}

TEST(Calibration, UnreachableTargetEndsAtTheBound) {
  const Scenario& sc = suixi();
  CalibrationSpec spec;
  spec.free = {free(sc, "choice.asc.out_of_county", 1.5, 3.0)};
  // 99% in county needs a far weaker out-of-county pull than 1.5 allows.
  const std::vector<CalibrationTarget> targets = {
      {2021, "baseline", Indicator::county_visit_rate, 0.99, 1.0},
      {2020, "baseline", Indicator::county_visit_rate, 0.99, 1.0}};
  const CalibrationResult r = calibrate(sc, spec, targets);
  EXPECT_NEAR(r.parameters[0].value, 1.5, 1e-5);
  EXPECT_GE(r.parameters[0].value, 1.5);
  EXPECT_TRUE(r.parameters[0].at_bound);
  EXPECT_TRUE(std::isnan(r.parameters[0].standard_error));
  EXPECT_GT(r.targets[0].residual, 0.0);
}

TEST(Calibration, StartOnABoundStillMoves) {
  Scenario sc = suixi();
  CalibrationSpec spec;
  spec.free = {free(sc, "choice.asc.out_of_county", 2.14, 4.0)};
  Scenario known = sc;
  set_parameter(known, spec.free[0].parameter, 2.6);
  ProjectionOptions po;
  po.keep_ledger = false;
  const auto targets = targets_from(project(known, po), {2018, 2021}, {Indicator::county_visit_rate});
  const CalibrationResult r = calibrate(sc, spec, targets);
  EXPECT_NEAR(r.parameters[0].value, 2.6, 1e-4 * 2.6);
}

TEST(Calibration, MisuseIsRefused) {
  const Scenario& sc = suixi();
  CalibrationSpec spec;
  spec.free = {free(sc, "choice.b_cap", 0, 10), free(sc, "choice.b_time", 0, 1)};
  const std::vector<CalibrationTarget> one = {{2021, "baseline", Indicator::county_visit_rate, 0.85, 1.0}};
  EXPECT_THROW((void)calibrate(sc, spec, one), std::invalid_argument);
  EXPECT_THROW((void)calibrate(sc, CalibrationSpec{}, one), std::invalid_argument);
  const std::vector<CalibrationTarget> late = {{2040, "baseline", Indicator::county_visit_rate, 0.85, 1.0},
                                               {2021, "baseline", Indicator::county_visit_rate, 0.85, 1.0}};
  EXPECT_THROW((void)calibrate(sc, spec, late), std::invalid_argument);
}

TEST(CalibrationSection, ReadsFreeParametersWithBoundsAndDefaults) {
  const ScenarioFile file = parse_file(with_section(R"("calibration": {"free": {
      "choice.b_cap": {"lower": 1, "upper": 6},
      "payment.retention": {"upper": 1},
      "service_lines.ip_common.rate_scale": {}}})"));
  ASSERT_TRUE(file.calibration);
  const auto& f = file.calibration->free;
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].parameter.path(), "choice.b_cap");
  EXPECT_EQ(f[0].lower, 1.0);
  EXPECT_EQ(f[0].upper, 6.0);
  EXPECT_EQ(f[1].lower, 0.0);  // the range's end
  EXPECT_EQ(f[2].lower, 0.0);
  EXPECT_TRUE(std::isinf(f[2].upper));
  EXPECT_FALSE(parse_file(suixi_text()).calibration);
  EXPECT_TRUE(load_scenario_file(suixi_path).calibration);  // the example's own
}

TEST(CalibrationSection, EveryProblemNamesItsPath) {
  const auto bad = [](const std::string& free) {
    return problems_of_text(with_section(R"("calibration": {"free": {)" + free + "}}"));
  };
  EXPECT_TRUE(has_problem(bad(R"("choice.b_kap": {"lower": 0, "upper": 5})"), "calibration.free.choice.b_kap",
                          "did you mean `choice.b_cap`"));
  EXPECT_TRUE(has_problem(bad(R"("choice.b_cap": {"lower": 5, "upper": 1})"), "calibration.free.choice.b_cap",
                          "lower < upper"));
  EXPECT_TRUE(has_problem(bad(R"("payment.retention": {"lower": 0.5, "upper": 1.5})"),
                          "calibration.free.payment.retention.upper", "[0, 1]"));
  EXPECT_TRUE(has_problem(bad(R"("choice.b_cap": {"lower": 4, "upper": 6})"), "calibration.free.choice.b_cap",
                          "the scenario's value 3 is outside the bounds"));
  EXPECT_TRUE(has_problem(bad(R"("choice.b_cap": {"min": 0})"), "calibration.free.choice.b_cap.min", ""));
  EXPECT_TRUE(
      has_problem(bad(R"("choice.b_cap": {"lower": "0"})"), "calibration.free.choice.b_cap.lower", ""));
  EXPECT_TRUE(has_problem(bad(R"("payment.retention": {}, "payment.alliance_package.retention": {})"),
                          "calibration.free.payment.alliance_package.retention", "already free"));
  EXPECT_TRUE(has_problem(bad(""), "calibration.free", "at least one"));
  EXPECT_TRUE(has_problem(problems_of_text(with_section(R"("calibration": {"fre": {}})")), "calibration.fre",
                          "free"));
}

std::vector<Problem> target_problems(const std::string& csv) {
  try {
    (void)parse_targets(csv, "targets.csv", suixi());
  } catch (const InputError& e) {
    EXPECT_EQ(e.origin(), "targets.csv");
    return e.problems();
  }
  return {};
}

TEST(Targets, ReadsRowsInAnyColumnOrderWithDefaultWeights) {
  const auto t = parse_targets(
      "indicator,year,observed,variant\ncounty_visit_rate,2021,0.85,reform\nencounters_township,2016,610000,"
      "reform\n",
      "targets.csv", suixi());
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].year, 2021);
  EXPECT_EQ(t[0].variant, "reform");
  EXPECT_EQ(t[0].indicator, Indicator::county_visit_rate);
  EXPECT_EQ(t[0].observed, 0.85);
  EXPECT_EQ(t[0].weight, 1.0);
  EXPECT_EQ(t[1].indicator, Indicator::encounters_township);
}

TEST(Targets, EveryProblemNamesTheLineAndColumn) {
  const std::string head = "year,variant,indicator,observed,weight\n";
  EXPECT_TRUE(has_problem(target_problems(head + "2021,reform,county_vist_rate,0.85,1\n"),
                          "line 2, column indicator", "did you mean `county_visit_rate`"));
  EXPECT_TRUE(has_problem(
      target_problems(head + "2021,reform,county_visit_rate,0.85,1\n2035,reform,oop_share,0.3,1\n"),
      "line 3, column year", "2016..2030"));
  EXPECT_TRUE(has_problem(target_problems(head + "2021,reforn,county_visit_rate,0.85,1\n"),
                          "line 2, column variant", "did you mean `reform`"));
  EXPECT_TRUE(has_problem(target_problems(head + "2021,reform,county_visit_rate,high,1\n"),
                          "line 2, column observed", "a finite number"));
  EXPECT_TRUE(has_problem(target_problems(head + "2021,reform,county_visit_rate,0.85,-1\n"),
                          "line 2, column weight", ">= 0"));
  EXPECT_TRUE(has_problem(target_problems(head + "y2021,reform,county_visit_rate,0.85,1\n"),
                          "line 2, column year", "a year"));
  EXPECT_TRUE(has_problem(
      target_problems(head + "2021,reform,county_visit_rate,0.85,1\n2021,reform,county_visit_rate,0.8,1\n"),
      "line 3", "line 2"));
  EXPECT_TRUE(
      has_problem(target_problems("year,variant,indicator,observd\n"), "line 1", "did you mean `observed`"));
  EXPECT_TRUE(
      has_problem(target_problems("year,variant,indicator,value\n"), "line 1", "no column \"observed\""));
  EXPECT_TRUE(
      has_problem(target_problems(head + "2021,reform,county_visit_rate,0.85,0\n"), "", "weight > 0"));
  EXPECT_TRUE(has_problem(target_problems(head + "2021,reform,county_visit_rate\n"), "", "line 2: 3 fields"));
}

TEST(Targets, TotalsOverYearsAreReadAndChecked) {
  const std::string head = "year,first_year,variant,indicator,from_year,observed\n";
  const auto t = parse_targets(
      head + "2020,2017,reform,alliance_retained,,94394600\n2021,,reform,county_visit_rate,,0.85\n",
      "targets.csv", suixi());
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].first_year, 2017);
  EXPECT_FALSE(t[1].first_year);
  EXPECT_TRUE(has_problem(target_problems(head + "2021,2019,reform,county_visit_rate,,0.85\n"),
                          "line 2, column first_year", "a count or an amount"));
  EXPECT_TRUE(has_problem(target_problems(head + "2019,2020,reform,alliance_retained,,1\n"),
                          "line 2, column first_year", "2016..2019"));
  EXPECT_TRUE(has_problem(target_problems(head + "2019,201x,reform,alliance_retained,,1\n"),
                          "line 2, column first_year", "a year"));
  // A change of a four-year total needs four years before its reference year's end.
  EXPECT_TRUE(has_problem(target_problems(head + "2021,2018,reform,alliance_retained,2017,0.1\n"),
                          "line 2, column from_year", "begins before the projection"));
  // Luohu's printed "-550.45%" change of a cost, and a negative count, are refused.
  const std::string change = "year,variant,indicator,from_year,observed\n";
  EXPECT_TRUE(has_problem(target_problems(change + "2017,reform,cost_per_admission_county,2016,-5.5045\n"),
                          "line 2, column observed", "a relative change >= -1"));
  EXPECT_TRUE(has_problem(target_problems(change + "2017,reform,encounters_county,,-3\n"),
                          "line 2, column observed", "a value >= 0"));
  // A balance may fall by more than all of it (a surplus turned into a deficit).
  EXPECT_EQ(parse_targets(change + "2019,reform,balance,2018,-1.5\n", "targets.csv", suixi()).size(), 1u);
  // The same figure as a one-year value and as a total: two targets.
  EXPECT_EQ(parse_targets(head + "2020,2017,reform,fund_spending,,1\n2020,,reform,fund_spending,,1\n",
                          "targets.csv", suixi())
                .size(),
            2u);
}

/// The calibrated text of the Suixi-like example with `fitted` (path, value).
std::string calibrated_with(const std::vector<std::pair<std::string, double>>& fitted) {
  CalibrationResult r;
  for (const auto& [path, value] : fitted) {
    const double start = get_parameter(suixi(), resolve_parameter(suixi(), path, "test"));
    r.parameters.push_back({path, start, value, 0.0, 0.0, 0.0, false});
  }
  return calibrated_scenario_text(suixi_text(), suixi(), r);
}

TEST(CalibratedFile, UncertaintyIsCentredOnTheFit) {
  // An ensemble on the calibrated file must draw around the fit, not the old
  // value: a normal's mean and a beta's mean move by the fit's change (the
  // beta keeping its concentration), an entry by a shorthand path too.
  const double growth =
      get_parameter(suixi(), resolve_parameter(suixi(), "payment.budget.rolling_growth", "t"));
  const std::string text =
      calibrated_with({{"choice.b_cap", 3.4},
                       {"service_lines.ip_common.capability.township", 0.7},
                       {"payment.alliance_package.budget.rolling_growth", growth + 0.02}});
  const auto doc = boost::json::parse(text).as_object();
  const auto& u = doc.at("uncertainty").at("parameters").as_object();
  EXPECT_NEAR(u.at("choice.b_cap").at("mean").to_number<double>(), 3.4, 1e-12);
  EXPECT_EQ(u.at("choice.b_cap").at("sd").to_number<double>(), 0.3);
  const auto& beta = u.at("service_lines.ip_common.capability.township").as_object();
  const double a = beta.at("alpha").to_number<double>(), b = beta.at("beta").to_number<double>();
  EXPECT_NEAR(a / (a + b), 0.6 + 0.1, 1e-12);  // the file's beta(24, 16) has mean 0.6
  EXPECT_NEAR(a + b, 40.0, 1e-9);
  EXPECT_NEAR(u.at("payment.budget.rolling_growth").at("mean").to_number<double>(), growth + 0.02, 1e-12);
  // The file reads back, its uncertainty section valid around the fit.
  const ScenarioFile back = parse_file(text);
  ASSERT_TRUE(back.uncertainty);
  EXPECT_EQ(back.uncertainty->parameters.size(), 6u);

  // A fit the distribution cannot follow is refused with the entry's path.
  try {
    (void)calibrated_with({{"payment.alliance_package.budget.rolling_growth", 0.08}});
    ADD_FAILURE() << "a fit beyond the entry's upper bound 0.05 was written";
  } catch (const InputError& e) {
    EXPECT_TRUE(has_problem(e.problems(), "uncertainty.parameters.payment.budget.rolling_growth",
                            "upper bound 0.05 excludes the fit"));
  }
  try {
    (void)calibrated_with({{"payment.alliance_package.distribution.ratios.county", 5.0}});
    ADD_FAILURE() << "a fitted ratio of a Dirichlet was written";
  } catch (const InputError& e) {
    EXPECT_TRUE(has_problem(e.problems(), "uncertainty.dirichlet[0]", "Dirichlet"));
  }
}

TEST(CalibratedFile, EveryKindOfParameterIsWrittenWhereItSits) {
  // The example as it was before provider behaviour: it has a demand intervention.
  const std::string with_uncertainty = testing::without_member(
      [] {
        std::ifstream in(std::string(YGT_SOURCE_DIR) + "/tests/golden/before-behaviour/suixi/suixi.json");
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
      }(),
      "calibration");
  // Without its uncertainty section, whose Dirichlet holds a ratio fitted here.
  const std::string before = testing::without_member(with_uncertainty, "uncertainty");
  const Scenario sc = parse(before);
  CalibrationResult r;
  const std::vector<std::pair<std::string, double>> fitted = {
      {"choice.b_cap", 3.25},
      {"choice.asc.township", -0.4},  // not in the file: added
      {"service_lines.ip_common.rate_scale", 1.1},
      {"service_lines.op_common.capability.township", 0.83},
      {"insurance.outpatient.county", 0.47},
      {"payment.alliance_package.retention", 0.8},
      {"payment.chronic_package.rate_per_head", 131.257},  // money: to the fen
      {"payment.alliance_package.distribution.ratios.county", 5.5},
      {"variants.reform.interventions[3].change", -0.12},  // demand, given by its change
      {"variants.reform.interventions[0].target", 0.77},
      {"variants.reform.interventions[4].efficiency", 0.003}};
  for (const auto& [path, value] : fitted) r.parameters.push_back({path, 0.0, value, 0.0, 0.0, 0.0, false});
  const std::string text = calibrated_scenario_text(before, sc, r);
  const Scenario back = parse(text);
  for (const auto& [path, value] : fitted) {
    // Money to the fen; a line's rate factor goes into its rates, leaving 1.
    const double want = path.find("rate_per_head") != std::string::npos ? 131.26
                        : path.find("rate_scale") != std::string::npos  ? 1.0
                                                                        : value;
    EXPECT_DOUBLE_EQ(get_parameter(back, resolve_parameter(back, path, "test")), want) << path;
  }
  EXPECT_NE(text.find("\"rate_per_head\": \"131.26\""), std::string::npos);
  EXPECT_NE(text.find("\"change\": -0.12"), std::string::npos);
  // Everything else is as it was.
  ProjectionOptions po;
  const ProjectionResult a = project(sc, po);
  Scenario same = sc;
  apply_calibration(same, r);
  const ProjectionResult b = project(same, po);
  const ProjectionResult c = project(back, po);
  for (std::size_t v = 0; v < b.variants.size(); ++v) {
    const Eigen::MatrixXd& x = b.variants[v].indicators;
    const Eigen::MatrixXd& y = c.variants[v].indicators;
    // Rates times the factor, printed and read back: equal to the last bits.
    EXPECT_LE((x - y).cwiseAbs().maxCoeff(), 1e-6) << "variant " << v;
    EXPECT_LE(((x - y).cwiseAbs().array() / (x.cwiseAbs().array() + 1.0)).maxCoeff(), 1e-12)
        << "variant " << v;
  }
  EXPECT_NE(a.variants[1].indicators, c.variants[1].indicators);
}

TEST(CalibratedFile, TablePathsFollowTheOutputDirectory) {
  CalibrationResult r;
  r.parameters.push_back({"choice.b_cap", 3.0, 3.5, 0.0, 0.0, 0.0, false});
  const auto dir = std::filesystem::temp_directory_path() / "ygt-calibrated-elsewhere";
  std::filesystem::create_directories(dir);
  const std::string text = calibrated_scenario_text(suixi_text(), suixi(), r, dir);
  EXPECT_EQ(text.find("\"file\": \"population.csv\""), std::string::npos);
  const Scenario back = parse_scenario(text, (dir / "x.json").string(), dir);
  EXPECT_EQ(back.county.townships().size(), suixi().county.townships().size());
  std::filesystem::remove_all(dir);
}

TEST(CalibratedFile, RateScaleIsWrittenIntoTheRatesAndItsBounds) {
  const std::string original = with_section(R"("calibration": {"free": {
      "service_lines.ip_common.rate_scale": {"lower": 0.8, "upper": 2}}})");
  const Scenario sc = parse(original);
  CalibrationResult r;
  r.parameters.push_back({"service_lines.ip_common.rate_scale", 1.0, 1.6, 0.0, 0.8, 2.0, false});
  const Scenario back = parse(calibrated_scenario_text(original, sc, r));
  // The new file's factor is 1 on rates 1.6 times the old, and its bounds follow.
  const auto ref = resolve_parameter(back, "service_lines.ip_common.rate_scale", "test");
  EXPECT_EQ(get_parameter(back, ref), 1.0);
  EXPECT_DOUBLE_EQ(back.flows->lines[4].rate[70], 1.6 * sc.flows->lines[4].rate[70]);
  const ScenarioFile written = parse_file(calibrated_scenario_text(original, sc, r));
  EXPECT_DOUBLE_EQ(written.calibration->free[0].lower, 0.5);
  EXPECT_DOUBLE_EQ(written.calibration->free[0].upper, 1.25);
}

}  // namespace
}  // namespace ygt
