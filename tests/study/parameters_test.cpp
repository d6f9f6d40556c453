// Parameter paths: every path of a scenario resolves, reads, writes back and
// changes only its own value; ranges, errors and the model see the changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
#include <yigongti/flows/flow_model.hpp>
#include <yigongti/io/calibration_files.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/projection/projection.hpp>
#include <yigongti/study/parameters.hpp>

#include "study/parameter_table.hpp"
#include "support/problems.hpp"
#include "support/scenario_text.hpp"

namespace ygt {
namespace {

/// A Suixi-like county with every kind of parameter, a demand intervention
/// among them: the example as it was before provider behaviour (the golden
/// test's fixed copy), so that the paths below stay put as the example moves on.
const Scenario& suixi() {
  static const Scenario sc =
      load_scenario(std::string(YGT_SOURCE_DIR) + "/tests/golden/before-behaviour/suixi/suixi.json");
  return sc;
}

const Scenario& kedong() {
  static const Scenario sc = load_scenario(std::string(YGT_SOURCE_DIR) + "/examples/kedong/kedong.json");
  return sc;
}

/// A small county with a shared global budget and a variant that overrides it
/// under the same id, plus a capitation package and one intervention of each kind.
std::string two_budgets_json() {
  return R"({
    "schema": "yigongti/scenario/1", "name": "Parameters test", "years": {"start": 2020, "end": 2024},
    "county": {
      "id": "c",
      "townships": [{"id": "a", "population": {"bands": [0, 15, 65], "counts": [1500, 5000, 1000]},
                     "minutes": {"township": 20, "county": 40, "out_of_county": 120}}],
      "institutions": [{"id": "hosp", "tier": "county"}, {"id": "a-centre", "tier": "township", "township": "a"}],
      "alliances": [{"id": "al", "lead": ["hosp"], "members": ["a-centre"], "unified": ["finance", "performance"]}]
    },
    "service_lines": [
      {"id": "op", "care": "outpatient", "severity": "common", "rate": {"bands": [0], "values": [3.0]},
       "cost": {"township": 90, "county": 260, "out_of_county": 520},
       "capability": {"township": 0.85, "county": 0.98}}
    ],
    "choice": {"b_cap": 3.0, "b_time": 0.02, "b_oop": 0.3},
    "insurance": {"reimbursement": {"township": 0.85, "county": 0.75, "out_of_county": 0.55}},
    "payment": [
      {"id": "gb", "scheme": "global_budget", "budget": {"amount": "2000000"}, "retention": "464/857",
       "distribution": {"ratios": {"county": 6, "township": 3}}},
      {"id": "chronic", "scheme": "capitation", "holder": "al", "rate_per_head": 120, "service_lines": ["op"]}
    ],
    "interventions": [
      {"kind": "minutes", "tier": "county", "from": 2021, "target": 0.8},
      {"kind": "demand", "line": "op", "from": 2022, "change": -0.1},
      {"kind": "reinvestment", "from": 2021, "share": 0.3, "efficiency": 0.002}
    ],
    "variants": [
      {"id": "base"},
      {"id": "generous", "payment": [{"id": "gb", "scheme": "global_budget", "budget": {"amount": "2500000"},
                                      "retention": 0.9}]}
    ]
  })";
}

const Scenario& two_budgets() {
  static const Scenario sc = parse_scenario(two_budgets_json(), "two-budgets.json");
  return sc;
}

bool has_path(const std::vector<std::string>& paths, const std::string& p) {
  return std::find(paths.begin(), paths.end(), p) != paths.end();
}

/// A value inside `range` other than `v`: a step up, else halfway to an end.
double other_value(double v, const ParameterRange& range) {
  std::vector<double> candidates = {v + 0.5};
  if (std::isfinite(range.hi)) candidates.push_back((v + range.hi) / 2);
  if (std::isfinite(range.lo)) candidates.push_back((range.lo + v) / 2);
  for (double c : candidates) {
    if (c != v && range.contains(c)) return c;
  }
  ADD_FAILURE() << "no other value in " << range.describe() << " than " << v;
  return v;
}

TEST(ParameterRange, ContainsAndDescribe) {
  const ParameterRange shares{0.0, 1.0};
  EXPECT_TRUE(shares.contains(0.0));
  EXPECT_TRUE(shares.contains(1.0));
  EXPECT_FALSE(shares.contains(1.0000001));
  EXPECT_FALSE(shares.contains(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_EQ(shares.describe(), "[0, 1]");
  const ParameterRange growth{-1.0, std::numeric_limits<double>::infinity(), true, true};
  EXPECT_FALSE(growth.contains(-1.0));
  EXPECT_TRUE(growth.contains(-0.999));
  EXPECT_TRUE(growth.contains(1e300));
  EXPECT_FALSE(growth.contains(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(growth.describe(), "(-1, inf)");
  EXPECT_EQ(ParameterRange::unbounded().describe(), "(-inf, inf)");
}

TEST(ParameterPaths, SuixiHasEveryKindOfPath) {
  const std::vector<std::string> paths = parameter_paths(suixi());
  for (const char* p : {"choice.b_cap",
                        "choice.b_time",
                        "choice.b_oop",
                        "choice.b_fd",
                        "choice.asc.out_of_county",
                        "choice.asc.village",
                        "service_lines.ip_common.capability.township",
                        "service_lines.op_minor.cost.out_of_county",
                        "service_lines.ip_common.asc.community",
                        "service_lines.ip_common.down_referral.county",
                        "service_lines.ip_common.down_referral.out_of_county",
                        "service_lines.ip_common.length_of_stay",
                        "service_lines.op_minor.rate_scale",
                        "insurance.outpatient.village",
                        "insurance.inpatient.out_of_county",
                        "insurance.family_doctor_coverage",
                        "payment.alliance_package.budget.rolling_growth",
                        "payment.alliance_package.prepay_share",
                        "payment.alliance_package.retention",
                        "payment.alliance_package.distribution.ratios.village",
                        "payment.chronic_package.rate_per_head",
                        "payment.retention",
                        "payment.rate_per_head",
                        "variants.reform.interventions[0].target",
                        "variants.reform.interventions[2].target",
                        "variants.reform.interventions[3].target",
                        "variants.reform.interventions[3].change",
                        "variants.reform.interventions[4].share",
                        "variants.reform.interventions[4].efficiency"}) {
    EXPECT_TRUE(has_path(paths, p)) << p;
  }
  // Not parameters of this scenario: no capability out of county, no stay for
  // outpatient care, no municipal tier, a rolling budget has no amount, and a
  // shorthand two schemes share is ambiguous.
  for (const char* p :
       {"service_lines.op_minor.capability.out_of_county", "service_lines.op_minor.length_of_stay",
        "choice.asc.municipal", "payment.alliance_package.budget.amount",
        "payment.distribution.ratios.county", "variants.reform.interventions[4].target",
        "variants.baseline.interventions[0].target"}) {
    EXPECT_FALSE(has_path(paths, p)) << p;
  }
  std::vector<std::string> sorted = paths;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "a path is listed twice";
}

/// For every path: the file's value is in range; setting it back keeps it;
/// setting another value reads back (money to the fen) and changes no value
/// other than the path's own (and its aliases).
void check_every_path(const Scenario& scenario) {
  const std::vector<std::string> paths = parameter_paths(scenario);
  ASSERT_FALSE(paths.empty());
  std::vector<ParameterRef> refs;
  std::vector<double> values;
  for (const std::string& p : paths) {
    refs.push_back(resolve_parameter(scenario, p, "test"));
    EXPECT_EQ(refs.back().path(), p);
    values.push_back(get_parameter(scenario, refs.back()));
    EXPECT_TRUE(refs.back().range().contains(values.back()))
        << p << " = " << values.back() << " outside " << refs.back().range().describe();
  }
  for (std::size_t i = 0; i < refs.size(); ++i) {
    SCOPED_TRACE(paths[i]);
    Scenario copy = scenario;
    set_parameter(copy, refs[i], values[i]);
    EXPECT_EQ(get_parameter(copy, refs[i]), values[i]);
    const double w = other_value(values[i], refs[i].range());
    set_parameter(copy, refs[i], w);
    EXPECT_NEAR(get_parameter(copy, refs[i]), w, 0.005 + 1e-12 * std::abs(w));
    for (std::size_t j = 0; j < refs.size(); ++j) {
      if (j == i || refs[j].same_value(refs[i])) continue;
      EXPECT_EQ(get_parameter(copy, refs[j]), values[j]) << "changed " << paths[j];
    }
  }
}

TEST(ParameterPaths, EveryPathOfSuixiRoundTrips) {
  check_every_path(suixi());
}
TEST(ParameterPaths, EveryPathOfKedongRoundTrips) {
  check_every_path(kedong());
}
TEST(ParameterPaths, EveryPathOfATestCountyRoundTrips) {
  check_every_path(two_budgets());
}

TEST(ParameterPaths, AliasesNameTheSameValue) {
  const Scenario& sc = suixi();
  const ParameterRef shorthand = resolve_parameter(sc, "payment.retention", "test");
  const ParameterRef full = resolve_parameter(sc, "payment.alliance_package.retention", "test");
  EXPECT_TRUE(shorthand.same_value(full));
  EXPECT_EQ(shorthand.path(), "payment.retention");
  const ParameterRef change = resolve_parameter(sc, "variants.reform.interventions[3].change", "test");
  const ParameterRef target = resolve_parameter(sc, "variants.reform.interventions[3].target", "test");
  EXPECT_TRUE(change.same_value(target));
  EXPECT_NEAR(get_parameter(sc, change), -0.0943, 1e-12);
  EXPECT_NEAR(get_parameter(sc, target), 0.9057, 1e-12);
  EXPECT_FALSE(full.same_value(resolve_parameter(sc, "payment.alliance_package.prepay_share", "test")));
}

TEST(ParameterPaths, ASchemeIdIsSetInTheSharedPaymentAndEveryVariant) {
  Scenario sc = two_budgets();
  const ParameterRef retention = resolve_parameter(sc, "payment.gb.retention", "test");
  EXPECT_TRUE(retention.same_value(resolve_parameter(sc, "payment.retention", "test")));
  // The first scheme with the id gives the value: the shared one, an exact fraction.
  EXPECT_DOUBLE_EQ(get_parameter(sc, retention), 464.0 / 857.0);
  const auto gb = [&](std::size_t variant) -> const GlobalBudgetParameters& {
    const auto& schemes = variant == 0 ? sc.payment : *sc.variants[variant].payment;
    return std::get<GlobalBudgetParameters>(schemes[0].parameters);
  };
  EXPECT_TRUE(gb(0).retention.is_fraction());
  set_parameter(sc, retention, get_parameter(sc, retention));
  EXPECT_TRUE(gb(0).retention.is_fraction()) << "an unchanged fraction stays exact";
  EXPECT_EQ(gb(1).retention.value(), 464.0 / 857.0) << "the variant's scheme of the same id is set too";
  set_parameter(sc, retention, 0.6);
  EXPECT_EQ(gb(0).retention, Share(0.6));
  EXPECT_EQ(gb(1).retention, Share(0.6));

  const ParameterRef amount = resolve_parameter(sc, "payment.gb.budget.amount", "test");
  EXPECT_EQ(get_parameter(sc, amount), 2000000.0);
  set_parameter(sc, amount, 2100000.006);
  EXPECT_EQ(*gb(0).budget.amount, Money::parse("2100000.01")) << "money is rounded to the fen";
  EXPECT_EQ(*gb(1).budget.amount, Money::parse("2100000.01"));
}

TEST(ParameterPaths, UnknownPathNamesItAndSuggestsTheNearest) {
  const Scenario& sc = suixi();
  try {
    (void)resolve_parameter(sc, "choice.b_kap", "uncertainty.parameters.choice.b_kap");
    FAIL() << "accepted an unknown path";
  } catch (const InputError& e) {
    EXPECT_EQ(e.origin(), sc.origin);
    EXPECT_TRUE(
        testing::has_problem(e.problems(), "uncertainty.parameters.choice.b_kap", "\"choice.b_kap\""));
    EXPECT_TRUE(testing::has_problem(e.problems(), "uncertainty.parameters.choice.b_kap",
                                     "did you mean `choice.b_cap`?"));
  }
  try {
    (void)resolve_parameter(sc, "service_lines.ip_comon.capability.township", "where");
    FAIL() << "accepted an unknown line";
  } catch (const InputError& e) {
    EXPECT_TRUE(testing::has_problem(e.problems(), "where",
                                     "did you mean `service_lines.ip_common.capability.township`?"));
  }
}

TEST(ParameterPaths, AnAmbiguousShorthandListsTheFullPaths) {
  try {
    (void)resolve_parameter(suixi(), "payment.distribution.ratios.county", "here");
    FAIL() << "accepted an ambiguous shorthand";
  } catch (const InputError& e) {
    EXPECT_TRUE(testing::has_problem(e.problems(), "here", "ambiguous"));
    EXPECT_TRUE(
        testing::has_problem(e.problems(), "here", "payment.alliance_package.distribution.ratios.county"));
    EXPECT_TRUE(
        testing::has_problem(e.problems(), "here", "payment.chronic_package.distribution.ratios.county"));
  }
}

TEST(ParameterPaths, OutOfRangeValuesAreRefusedAndChangeNothing) {
  Scenario sc = suixi();
  const auto refuse = [&](const std::string& path, double value) {
    const ParameterRef ref = resolve_parameter(sc, path, "test");
    const double before = get_parameter(sc, ref);
    EXPECT_THROW(set_parameter(sc, ref, value), std::invalid_argument) << path << " = " << value;
    EXPECT_EQ(get_parameter(sc, ref), before) << path;
  };
  refuse("service_lines.ip_common.capability.township", 1.2);
  refuse("service_lines.ip_common.capability.township", -0.01);
  refuse("service_lines.op_minor.cost.county", -1.0);
  refuse("service_lines.ip_common.length_of_stay", 400.0);
  refuse("insurance.family_doctor_coverage", 1.5);
  refuse("payment.budget.rolling_growth", -1.0);
  refuse("payment.rate_per_head", -0.01);
  refuse("payment.alliance_package.distribution.ratios.county", 0.0);
  refuse("variants.reform.interventions[3].change", -1.5);
  refuse("choice.b_cap", std::numeric_limits<double>::quiet_NaN());
  refuse("choice.b_cap", std::numeric_limits<double>::infinity());
}

TEST(ParameterPaths, AReferralChainThatNeverEndsIsRefused) {
  // ip_complex: nobody is treated below the county; with a county that treats
  // everyone and sends everyone back down, episodes would never end.
  Scenario sc = suixi();
  set_parameter(sc, resolve_parameter(sc, "service_lines.ip_complex.capability.township", "t"), 0.0);
  set_parameter(sc, resolve_parameter(sc, "service_lines.ip_complex.capability.county", "t"), 1.0);
  const ParameterRef down = resolve_parameter(sc, "service_lines.ip_complex.down_referral.county", "t");
  EXPECT_THROW(set_parameter(sc, down, 1.0), std::invalid_argument);
  EXPECT_EQ(get_parameter(sc, down), 0.1);
  set_parameter(sc, down, 0.5);
  EXPECT_NO_THROW((void)project(sc, {.variant = "baseline"}));
}

TEST(ParameterPaths, ACapabilityChangesTheProjection) {
  Scenario sc = suixi();
  const ProjectionOptions options{.variant = "baseline"};
  const ProjectionResult before = project(sc, options);
  const ParameterRef cap = resolve_parameter(sc, "service_lines.ip_common.capability.township", "test");
  set_parameter(sc, cap, 0.9);
  const ProjectionResult after = project(sc, options);
  // Township centres that treat more of their common admissions keep more of them in the county.
  for (int year : {2016, 2025}) {
    EXPECT_GT(after.value(0, year, Indicator::county_inpatient_rate),
              before.value(0, year, Indicator::county_inpatient_rate) + 1e-3)
        << year;
  }
}

TEST(ParameterPaths, RateScaleScalesTheLinesDemand) {
  Scenario sc = suixi();
  const ParameterRef scale = resolve_parameter(sc, "service_lines.op_chronic.rate_scale", "test");
  EXPECT_EQ(get_parameter(sc, scale), 1.0);
  const auto demand = [](const Scenario& s) {
    FlowModel model(s.county, *s.flows);
    FlowTable table = model.make_table();
    model.compute(table);
    return Eigen::MatrixXd(table.demand);
  };
  const Eigen::MatrixXd base = demand(sc);
  set_parameter(sc, scale, 1.25);
  const Eigen::MatrixXd scaled = demand(sc);
  const Eigen::Index chronic = 2;  // the third line
  ASSERT_EQ(sc.flows->lines[2].id, "op_chronic");
  for (Eigen::Index l = 0; l < base.cols(); ++l) {
    const double factor = l == chronic ? 1.25 : 1.0;
    EXPECT_TRUE(scaled.col(l).isApprox(base.col(l) * factor, 1e-12)) << "line " << l;
  }
  EXPECT_EQ(sc.flows->lines[2].rate, suixi().flows->lines[2].rate) << "the file's rates are kept";
}

TEST(ParameterPaths, AReferenceToAnotherScenarioIsRefused) {
  const ParameterRef ref = resolve_parameter(suixi(), "service_lines.ip_complex.capability.county", "test");
  EXPECT_THROW((void)get_parameter(two_budgets(), ref), std::invalid_argument);
}

}  // namespace
}  // namespace ygt

namespace ygt {
namespace {

/// The paths of `scenario` that are not shorthands.
std::vector<ParameterRef> full_parameters(const Scenario& scenario) {
  const ParameterIndex index(scenario);
  std::vector<ParameterRef> out;
  for (std::size_t i = 0; i < index.parameters().size(); ++i) {
    if (!index.is_shorthand(i)) out.push_back(index.parameters()[i]);
  }
  return out;
}

TEST(ParameterTable, EveryKindOfParameterIsDocumented) {
  std::ifstream in(std::string(YGT_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream text;
  text << in.rdbuf();
  for (const detail::ParameterRow& row : detail::parameter_table()) {
    EXPECT_NE(text.str().find("`" + std::string(row.pattern) + "`"), std::string::npos)
        << row.pattern << " is not in docs/scenario-format.md, \"Parameter paths\"";
    EXPECT_FALSE(row.unit.empty()) << row.pattern;
  }
}

TEST(ParameterTable, ListingGivesEveryPathWithItsValueRangeAndUnit) {
  for (const Scenario* sc : {&suixi(), &kedong(), &two_budgets()}) {
    const std::vector<ParameterInfo> listed = list_parameters(*sc);
    const std::vector<std::string> paths = parameter_paths(*sc);
    ASSERT_EQ(listed.size(), paths.size());
    for (std::size_t i = 0; i < listed.size(); ++i) {
      EXPECT_EQ(listed[i].path, paths[i]);
      const ParameterRef ref = resolve_parameter(*sc, paths[i], "test");
      EXPECT_EQ(listed[i].value, get_parameter(*sc, ref));
      EXPECT_EQ(listed[i].range.describe(), ref.range().describe());
      EXPECT_EQ(listed[i].unit, ref.unit());
      // A shorthand names a scheme's parameter without the scheme's id.
      if (listed[i].shorthand) {
        EXPECT_EQ(ref.location().anchor, ParameterLocation::Anchor::scheme);
        EXPECT_EQ(
            paths[i], "payment." + [&] {
              std::string tail;
              for (const std::string& step : ref.location().steps)
                tail += (step.front() == '[' || tail.empty() ? "" : ".") + step;
              return tail;
            }());
      }
    }
  }
}

TEST(ParameterTable, ACalibratedFileWritesEveryParameterWhereItReadsBack) {
  // calibrated_scenario_text checks that the written file reads back as the
  // fitted value: here every parameter of the examples is fitted in turn.
  const std::string dir = std::string(YGT_SOURCE_DIR) + "/examples/";
  for (const char* name : {"suixi/suixi.json", "kedong/kedong.json"}) {
    std::ifstream in(dir + name);
    std::stringstream text;
    text << in.rdbuf();
    // Without the calibration and uncertainty sections, whose bounds the
    // values tried here leave.
    const std::string original =
        testing::without_member(testing::without_member(text.str(), "calibration"), "uncertainty");
    const Scenario sc = parse_scenario(original, dir + name);
    for (const ParameterRef& ref : full_parameters(sc)) {
      SCOPED_TRACE(ref.path());
      const double start = get_parameter(sc, ref);
      const double fitted = other_value(start, ref.range());
      Scenario trial = sc;
      try {
        set_parameter(trial, ref, fitted);
      } catch (const std::invalid_argument&) {
        continue;  // a capability whose chain would not end: not a value a fit can reach
      }
      CalibrationResult r;
      r.parameters.push_back(
          {ref.path(), start, get_parameter(trial, ref), 0.0, ref.range().lo, ref.range().hi, false});
      const Scenario back = parse_scenario(calibrated_scenario_text(original, sc, r), dir + name);
      if (ref.location().form == ParameterLocation::Form::rate_factor) {
        // Written into the rates: the new file's factor is 1 on the fitted rates.
        const ServiceLine& want = trial.flows->lines[ref.location().index];
        const ServiceLine& got = back.flows->lines[ref.location().index];
        EXPECT_EQ(got.rate_scale, 1.0);
        EXPECT_NEAR(got.rate[40], want.rate[40] * want.rate_scale, 1e-12 * want.rate[40] * want.rate_scale);
        continue;
      }
      EXPECT_NEAR(get_parameter(back, resolve_parameter(back, ref.path(), "test")), get_parameter(trial, ref),
                  1e-12 * std::max(1.0, std::abs(fitted)));
    }
  }
}

}  // namespace
}  // namespace ygt
