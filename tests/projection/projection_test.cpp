// The yearly loop: invariance, conservation, scheme switches and reinvestment.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/projection/projection.hpp>

namespace ygt {
namespace {
namespace json = boost::json;

const std::string examples = std::string(YGT_SOURCE_DIR) + "/examples";

/// The Suixi example with its sections replaced as `change` says.
template <class Change>
Scenario suixi_with(Change change) {
  // Edit the example as JSON (comments allowed), then read it through the loader.
  std::ifstream in(examples + "/suixi/suixi.json");
  std::stringstream text;
  text << in.rdbuf();
  json::parse_options opt;
  opt.allow_comments = true;
  opt.allow_trailing_commas = true;
  json::value doc = json::parse(text.str(), {}, opt);
  doc.as_object().erase("calibration");  // its parameters may be what `change` removes
  change(doc.as_object());
  return parse_scenario(json::serialize(doc), examples + "/suixi/changed.json");
}

TEST(Projection, WithNothingChangingEveryYearIsTheSame) {
  const Scenario sc = suixi_with([](json::object& d) {
    d.erase("demography");
    d.erase("variants");
    d.erase("uncertainty");  // its parameters name the variants' schemes
  });
  const ProjectionResult r = project(sc);
  ASSERT_EQ(r.variants.size(), 1u);
  EXPECT_TRUE(r.constant_population);
  const auto& m = r.variants[0].indicators;
  for (Eigen::Index y = 1; y < m.rows(); ++y) EXPECT_EQ(m.row(y), m.row(0)) << "year " << r.first_year + y;
}

TEST(Projection, AValueOutsideTheProjectionThrows) {
  const Scenario sc = load_scenario(examples + "/suixi/suixi.json");
  ProjectionOptions po;
  po.keep_ledger = false;
  po.variant = "reform";
  const ProjectionResult r = project(sc, po);
  EXPECT_GT(r.value(0, 2030, Indicator::population), 0.0);
  EXPECT_THROW((void)r.value(0, 2040, Indicator::population), std::out_of_range);
  EXPECT_THROW((void)r.value(0, 2015, Indicator::population), std::out_of_range);
  EXPECT_THROW((void)r.value(1, 2020, Indicator::population), std::out_of_range);  // one variant run
}

TEST(Projection, OneYearsFlowsAreThatYearOfTheWholeProjection) {
  // Stopping the projection at the year asked for changes nothing in it.
  for (const char* file : {"/suixi/suixi.json", "/kedong/kedong.json"}) {
    const Scenario sc = load_scenario(examples + file);
    for (const Variant& v : sc.variants) {
      const ProjectionResult full = project(sc, {.keep_flows = true, .keep_ledger = false, .variant = v.id});
      for (int y = sc.years.start; y <= sc.years.end; y += 3) {
        SCOPED_TRACE(std::string(file) + " " + v.id + " " + std::to_string(y));
        const FlowTable one = project_year_flows(sc, y, v.id);
        const std::size_t i = static_cast<std::size_t>(y - full.first_year);
        const FlowTable& expected = full.variants.front().flows[i];
        EXPECT_EQ(one.encounters, expected.encounters);
        EXPECT_EQ(one.fund, expected.fund);
        EXPECT_EQ(one.setting_fund, expected.setting_fund);
        const Eigen::VectorXd indicators =
            full.variants.front().indicators.row(y - full.first_year).transpose();
        ASSERT_EQ(one.indicators.size(), indicators.size());
        for (Eigen::Index k = 0; k < indicators.size(); ++k) {
          if (std::isnan(indicators(k)))
            EXPECT_TRUE(std::isnan(one.indicators(k))) << k;
          else
            EXPECT_EQ(one.indicators(k), indicators(k)) << k;
        }
      }
    }
    EXPECT_THROW((void)project_year_flows(sc, sc.years.end + 1), InputError);
    EXPECT_THROW((void)project_year_flows(sc, sc.years.start - 1), InputError);
  }
}

TEST(Projection, ATierShareWithoutAMemberIsRefusedWhenTheFileIsRead) {
  // The alliance has no city hospital: a municipal share has no one to go to.
  try {
    (void)suixi_with([](json::object& d) {
      d["variants"]
          .as_array()[1]
          .as_object()["payment"]
          .as_array()[0]
          .as_object()["distribution"]
          .as_object()["ratios"]
          .as_object()["municipal"] = 1;
    });
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    ASSERT_FALSE(e.problems().empty());
    EXPECT_EQ(e.problems().front().path, "variants[1].payment[0].distribution.ratios.municipal") << e.what();
    EXPECT_NE(std::string(e.what()).find("no municipal institution"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("changed.json"), std::string::npos) << e.what();
  }
}

TEST(Projection, ASettlementItCannotMakeNamesTheFileSchemeVariantAndYear) {
  // Past validation (set in code), the same share fails in the settlement of the first year of the scheme.
  Scenario sc = load_scenario(examples + "/suixi/suixi.json");
  PaymentScheme& package = sc.variants[1].payment->front();
  std::get<GlobalBudgetParameters>(package.parameters).distribution->ratios[index(Tier::municipal)] = 1.0;
  try {
    (void)project(sc);
    ADD_FAILURE() << "projected";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.origin(), sc.origin);
    EXPECT_NE(what.find("variants[1].payment[0]"), std::string::npos) << what;
    EXPECT_NE(what.find("variant \"reform\", scheme \"alliance_package\", 2017"), std::string::npos) << what;
  }
}

TEST(Projection, PopulationIsConservedWithoutDeathsBirthsOrMigration) {
  const Scenario sc = suixi_with([](json::object& d) {
    d["demography"] = json::parse(R"({"survival": {"bands": [0], "values": [1]}})");
    d.erase("variants");
    d.erase("uncertainty");  // its parameters name the variants' schemes
  });
  const ProjectionResult r = project(sc);
  EXPECT_FALSE(r.constant_population);
  for (int y = r.first_year; y <= r.last_year; ++y) {
    EXPECT_NEAR(r.value(0, y, Indicator::population), 1'100'000.0, 1e-6) << y;
  }
}

TEST(Projection, TheSchemeSwitchShowsInTheLedgerFromItsYearOnly) {
  const ProjectionResult r = project(load_scenario(examples + "/suixi/suixi.json"), {.variant = "reform"});
  ASSERT_EQ(r.variants.size(), 1u);
  bool before = false;
  bool in_2017 = false;
  for (const Transfer& t : r.variants[0].ledger.transfers()) {
    before = before || t.year < 2017;
    in_2017 = in_2017 || (t.year == 2017 && t.kind == TransferKind::prepayment);
  }
  EXPECT_FALSE(before);
  EXPECT_TRUE(in_2017);
  EXPECT_EQ(r.value(0, 2016, Indicator::budget), 0.0);
  EXPECT_GT(r.value(0, 2017, Indicator::budget), 0.0);
  EXPECT_TRUE(r.variants[0].ledger.check().empty());
}

TEST(Projection, ReinvestmentRaisesPrimaryCapabilityOnlyWhenSomethingWasKept) {
  const Scenario kept = load_scenario(examples + "/suixi/suixi.json");
  const Scenario nothing_kept = suixi_with([](json::object& d) {
    auto& payment = d["variants"].as_array()[1].as_object()["payment"].as_array();
    payment[0].as_object()["retention"] = 0;
    payment.erase(payment.begin() + 1);  // no capitation surplus either
  });
  const auto a = project(kept, {.variant = "reform"});
  const auto b = project(nothing_kept, {.variant = "reform"});
  EXPECT_GT(a.variants[0].reinvestment_gain.maxCoeff(), 0.0);
  EXPECT_EQ(b.variants[0].reinvestment_gain.maxCoeff(), 0.0);
  // And the reform keeps more residents in the county than the baseline.
  const auto both = project(kept);
  EXPECT_GT(both.value(1, 2030, Indicator::county_visit_rate),
            both.value(0, 2030, Indicator::county_visit_rate));
}

TEST(Projection, KedongReformKeepsItsRetentionOfEverySurplus) {
  const ProjectionResult r = project(load_scenario(examples + "/kedong/kedong.json"));
  ASSERT_EQ(r.variants.size(), 2u);
  for (int y = r.first_year; y <= r.last_year; ++y) {
    EXPECT_EQ(r.value(0, y, Indicator::budget), 0.0);  // baseline: fee for service
    const double balance = r.value(1, y, Indicator::balance);
    if (y < 2020) {
      EXPECT_EQ(r.value(1, y, Indicator::budget), 0.0);
      continue;
    }
    EXPECT_GT(r.value(1, y, Indicator::budget), 0.0);
    // Two alliance budgets, each keeping 464/857 of its surplus to the fen.
    if (balance > 0) {
      EXPECT_NEAR(r.value(1, y, Indicator::alliance_retained), balance * 464 / 857, 0.02);
    }
  }
  EXPECT_TRUE(r.variants[1].ledger.check().empty());
}

/// Every scheme kind in force, with and without the ledger: the four
/// settlement indicators (and all the others) must be the same numbers.
void expect_same_with_and_without_ledger(const Scenario& sc, const std::string& what) {
  ProjectionOptions with;
  ProjectionOptions without;
  without.keep_ledger = false;
  const ProjectionResult a = project(sc, with);
  const ProjectionResult b = project(sc, without);
  ASSERT_EQ(a.variants.size(), b.variants.size());
  for (std::size_t v = 0; v < a.variants.size(); ++v) {
    EXPECT_FALSE(a.variants[v].ledger.empty() && sc.variants[v].payment.has_value()) << what;
    EXPECT_TRUE(b.variants[v].ledger.empty()) << what;
    EXPECT_EQ(a.variants[v].indicators, b.variants[v].indicators) << what << ", variant " << a.variants[v].id;
  }
}

/// A variant paying by `scheme` from the second year.
Variant paying(std::string id, PaymentScheme scheme, int from) {
  scheme.from = from;
  Variant v;
  v.id = std::move(id);
  v.payment = std::vector<PaymentScheme>{std::move(scheme)};
  return v;
}

TEST(Projection, TheLedgerFreeLoopGivesTheSettlementsFigures) {
  expect_same_with_and_without_ledger(load_scenario(examples + "/suixi/suixi.json"), "suixi");
  expect_same_with_and_without_ledger(load_scenario(examples + "/kedong/kedong.json"), "kedong");
  expect_same_with_and_without_ledger(load_scenario(examples + "/luohu/luohu.json"), "luohu");

  // Every scheme kind on generated counties, surpluses and overspends alike.
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    SyntheticOptions o;
    o.seed = seed;
    o.townships = static_cast<int>(1 + seed % 9);
    o.institutions = o.townships * 4 + static_cast<int>(seed);
    o.first_year = 2020;
    o.last_year = 2026;
    Scenario sc = parse_scenario(synthetic_scenario_json(o), "synthetic");
    const std::string party = sc.county.alliances().front().id();

    PaymentScheme shared;
    shared.id = "aco";
    shared.party = party;
    SharedSavingsParameters ss;
    ss.loss_cap = 0.05;
    ss.loss_rate.fixed_rate = 0.4;
    ss.benchmark = BudgetRule::rolling(seed % 2 == 0 ? -0.08 : 0.06);  // losses and savings
    ss.quality = 0.9;
    shared.parameters = ss;
    sc.variants.push_back(paying("shared_savings", shared, 2021));

    PaymentScheme dip;
    dip.id = "dip";
    DipParameters d;
    d.fund = Money::from_yuan(50'000'000);
    d.reimbursement_ratio = Share(0.7);
    for (const char* g : {"ip_common", "ip_chronic", "ip_serious", "ip_complex"})
      d.groups.push_back({g, 1.0 + static_cast<double>(seed % 3), std::nullopt});
    dip.parameters = d;
    sc.variants.push_back(paying("dip", dip, 2021));

    PaymentScheme budget;
    budget.id = "tight_budget";
    budget.party = party;
    GlobalBudgetParameters gb;
    gb.budget = BudgetRule::rolling(-0.1);  // an overspend every year
    gb.retention = Share::fraction(464, 857);
    gb.overspend = {{0.05, 0.5}, {0.1, 0.25}};
    gb.assessment_score = 75;
    budget.parameters = gb;
    sc.variants.push_back(paying("overspend", budget, 2021));

    // A budget on contracted residents (Luohu) while coverage ramps up, with
    // the package basis on even seeds: each year's coverage scales the spending.
    PaymentScheme contracted;
    contracted.id = "contracted_budget";
    contracted.party = party;
    GlobalBudgetParameters cb;
    cb.budget = BudgetRule::rolling(seed % 3 == 0 ? -0.05 : 0.04);
    cb.scope = BudgetScope::contracted_residents;
    cb.basis = seed % 2 == 0 ? YearEndBasis::budget : YearEndBasis::spending;
    contracted.parameters = cb;
    Variant luohu = paying("contracted", contracted, 2021);
    Intervention ramp;
    ramp.kind = InterventionKind::coverage;
    ramp.path = {2020, 2024, Shape::linear, 0.3 + 0.05 * static_cast<double>(seed % 7)};
    luohu.interventions.push_back(ramp);
    sc.variants.insert(sc.variants.end() - 1, std::move(luohu));
    expect_same_with_and_without_ledger(sc, "synthetic seed " + std::to_string(seed));

    // The cases meant to be covered are: an overspend shared along the
    // corridor, and shared losses repaid in the years with a falling benchmark.
    const ProjectionResult r = project(sc, {.keep_ledger = false});
    const auto column = [&](std::size_t v, Indicator i) {
      return r.variants[v].indicators.col(static_cast<Eigen::Index>(index(i)));
    };
    const std::size_t n = r.variants.size();
    EXPECT_GT(column(n - 2, Indicator::budget).maxCoeff(), 0.0) << "seed " << seed;  // contracted
    EXPECT_LT(column(n - 1, Indicator::balance).minCoeff(), 0.0) << "seed " << seed;
    EXPECT_GT(column(n - 1, Indicator::insurer_recovered).maxCoeff(), 0.0) << "seed " << seed;
    if (seed % 2 == 0) {
      EXPECT_GT(column(n - 4, Indicator::insurer_recovered).maxCoeff(), 0.0) << "seed " << seed;
    }
    EXPECT_GT(column(n - 3, Indicator::budget).maxCoeff(), 0.0) << "seed " << seed;
  }
}

TEST(Projection, UnknownVariantIsBadInput) {
  EXPECT_THROW((void)project(load_scenario(examples + "/suixi/suixi.json"), {.variant = "nope"}), InputError);
}

TEST(TimePath, RampsAreExactAtTheirEndsAndMidpoint) {
  const TimePath ramp{.from = 2017, .to = 2021, .shape = Shape::linear, .target = 0.9};
  EXPECT_EQ(ramp.at(2016, 0.5), 0.5);
  EXPECT_EQ(ramp.at(2017, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(ramp.at(2019, 0.5), 0.7);
  EXPECT_EQ(ramp.at(2021, 0.5), 0.9);
  EXPECT_EQ(ramp.at(2030, 0.5), 0.9);
  const TimePath step{.from = 2020, .to = 2020, .shape = Shape::step, .target = 0.3};
  EXPECT_EQ(step.at(2019, 0.5), 0.5);
  EXPECT_EQ(step.at(2020, 0.5), 0.3);
  const std::vector<TimePath> chain = {ramp,
                                       {.from = 2023, .to = 2025, .shape = Shape::linear, .target = 0.5}};
  EXPECT_DOUBLE_EQ(value_at(chain, 2024, 0.5), 0.7);  // halfway from 0.9 back to 0.5
}

}  // namespace
}  // namespace ygt
