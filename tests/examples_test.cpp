// The bundled examples load and match the figures of the source reports.
#include <gtest/gtest.h>

#include <map>

#include <yigongti/flows/flow_model.hpp>
#include <yigongti/io/calibration_files.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/projection/demography.hpp>
#include <yigongti/projection/levers.hpp>
#include <yigongti/projection/projection.hpp>
#include <yigongti/study/calibration.hpp>

namespace ygt {
namespace {

const std::string examples = std::string(YGT_SOURCE_DIR) + "/examples";

long long members_of(const County& c, const Alliance& a) {
  long long n = 0;
  for (const auto& id : a.lead()) n += c.institution(id).count();
  for (const auto& id : a.members()) n += c.institution(id).count();
  return n;
}

TEST(Examples, SuixiLikeCounty) {
  const Scenario sc = load_scenario(examples + "/suixi/suixi.json");
  const County& c = sc.county;
  // Suixi: 2 county hospitals, 18 township centres, 254 village clinics, 19 community stations.
  EXPECT_EQ(c.facility_count(Tier::county), 2);
  EXPECT_EQ(c.facility_count(Tier::township), 18);
  EXPECT_EQ(c.facility_count(Tier::village), 254);
  EXPECT_EQ(c.facility_count(Tier::community), 19);
  EXPECT_EQ(c.townships().size(), 18u);
  EXPECT_NEAR(c.total_population(), 1.1e6, 0.15e6);
  ASSERT_FALSE(c.alliances().empty());
  for (const auto& a : c.alliances()) {
    for (const auto& id : a.lead()) EXPECT_EQ(c.institution(id).tier(), Tier::county);
  }
  EXPECT_EQ(sc.years.start, 2016);
}

TEST(Examples, KedongLikeCounty) {
  const Scenario sc = load_scenario(examples + "/kedong/kedong.json");
  const County& c = sc.county;
  // Kedong: 2 alliances led by the People's and TCM hospitals; 6 township centres,
  // 1 community centre, 97 village clinics.
  ASSERT_EQ(c.alliances().size(), 2u);
  std::vector<InstitutionKind> lead_kinds;
  for (const auto& a : c.alliances()) {
    ASSERT_EQ(a.lead().size(), 1u);
    lead_kinds.push_back(c.institution(a.lead()[0]).kind());
  }
  std::sort(lead_kinds.begin(), lead_kinds.end());
  EXPECT_EQ(lead_kinds, (std::vector<InstitutionKind>{InstitutionKind::general, InstitutionKind::tcm}));
  EXPECT_EQ(c.facility_count(Tier::township), 6);
  EXPECT_EQ(c.facility_count(Tier::community), 1);
  EXPECT_EQ(c.facility_count(Tier::village), 97);
  // Every primary institution is in one of the two alliances.
  long long in_alliances = 0;
  for (const auto& a : c.alliances()) in_alliances += members_of(c, a);
  EXPECT_EQ(in_alliances, 2 + 6 + 1 + 97);
}

/// The sum of `indicator` over `first..last` in projection `r`'s variant `v`.
double total_over(const ProjectionResult& r, std::size_t v, int first, int last, Indicator indicator) {
  double sum = 0.0;
  for (int y = first; y <= last; ++y) sum += r.value(v, y, indicator);
  return sum;
}

/// The line's value of `indicator` in `year`, from the variant's flow tables.
double line_value(const Scenario& sc, const VariantProjection& vp, int year, const std::string& line,
                  Indicator indicator) {
  const auto& lines = sc.flows->lines;
  const auto it =
      std::find_if(lines.begin(), lines.end(), [&](const ServiceLine& l) { return l.id == line; });
  const FlowTable& t = vp.flows[static_cast<std::size_t>(year - sc.years.start)];
  return t.line_indicator(indicator, static_cast<std::size_t>(it - lines.begin()), it->care).value_or(-1.0);
}

TEST(Examples, SuixiReformReproducesItsFiguresInTheirYears) {
  // Seeds 001 and 003, under the reform, each in the year the article gives
  // (examples/README.md has the table; targets.csv the same figures).
  const Scenario sc = load_scenario(examples + "/suixi/suixi.json");
  const ProjectionResult r = project(sc, {.keep_flows = true, .keep_ledger = true});
  ASSERT_EQ(r.variants.size(), 2u);
  const std::size_t reform = 1;
  EXPECT_NEAR(r.value(reform, 2021, Indicator::county_visit_rate), 0.85, 5e-4);
  EXPECT_NEAR(r.value(reform, 2021, Indicator::hospitalization_rate), 0.1168, 5e-5);
  EXPECT_NEAR(r.value(reform, 2021, Indicator::inpatient_reimbursement_rate), 0.7521, 5e-5);
  EXPECT_NEAR(r.value(reform, 2016, Indicator::encounters_township), 610'000, 610);
  EXPECT_NEAR(r.value(reform, 2021, Indicator::encounters_township), 1'160'000, 1'160);
  // The package surplus over 2017-2020, 94,394,600 yuan, net of any year in deficit.
  const double kept = total_over(r, reform, 2017, 2020, Indicator::balance);
  EXPECT_NEAR(kept, 94'394'600, 0.001 * 94'394'600);
  // The chronic package's 2021 effects, against 2020.
  const VariantProjection& vp = r.variants[reform];
  EXPECT_NEAR(line_value(sc, vp, 2021, "op_chronic", Indicator::outpatient_visit_rate) /
                      line_value(sc, vp, 2020, "op_chronic", Indicator::outpatient_visit_rate) -
                  1.0,
              0.9644, 1e-3);
  EXPECT_NEAR(line_value(sc, vp, 2021, "ip_chronic", Indicator::hospitalization_rate) /
                      line_value(sc, vp, 2020, "ip_chronic", Indicator::hospitalization_rate) -
                  1.0,
              -0.0943, 1e-3);

  // The surplus is split county : township : village = 6 : 3 : 1, and a
  // deficit shared back the same way: net, each tier's share is its ratio's
  // (to a fen per transfer) and the shares add up to the surplus.
  std::map<Tier, double> by_tier;
  double distributed = 0.0;
  std::size_t transfers = 0;
  for (const Transfer& t : vp.ledger.transfers()) {
    if (t.year < 2017 || t.year > 2020 || t.kind != TransferKind::distribution) continue;
    const bool out = t.from == "suixi-alliance";
    ASSERT_TRUE(out || t.to == "suixi-alliance") << t.from << " -> " << t.to;
    const double amount = out ? t.amount.yuan() : -t.amount.yuan();
    by_tier[sc.county.institution(out ? t.to : t.from).tier()] += amount;
    distributed += amount;
    ++transfers;
  }
  const double fen = 0.01 * static_cast<double>(transfers);
  EXPECT_NEAR(distributed, kept, fen);
  EXPECT_NEAR(by_tier[Tier::county], 0.6 * distributed, fen);
  EXPECT_NEAR(by_tier[Tier::township], 0.3 * distributed, fen);
  EXPECT_NEAR(by_tier[Tier::village], 0.1 * distributed, fen);

  // The baseline is the same county without the reform: identical before
  // 2017, and never a budget.
  for (std::size_t i = 0; i < indicator_count; ++i) {
    const auto ind = static_cast<Indicator>(i);
    EXPECT_DOUBLE_EQ(r.value(0, 2016, ind), r.value(reform, 2016, ind)) << indicator_catalog()[i].id;
  }
  for (int y = 2016; y <= 2030; ++y) EXPECT_EQ(r.value(0, y, Indicator::budget), 0.0);
}

TEST(Examples, KedongReformReproducesIts2021Budget) {
  // Seed 000, 2021, under the reform: the budget of 150 million (an input),
  // the surplus of 8.57 million from the model's own flows and the 4.64
  // million kept (464/857 of it), 360,000 outpatient visits, and fund
  // spending on out-of-county admissions 25% below 2020.
  const Scenario sc = load_scenario(examples + "/kedong/kedong.json");
  const ProjectionResult r = project(sc, {.keep_ledger = true, .variant = "reform"});
  EXPECT_DOUBLE_EQ(r.value(0, 2021, Indicator::budget), 150'000'000);
  EXPECT_NEAR(r.value(0, 2021, Indicator::balance), 8'570'000, 0.005 * 8'570'000);
  EXPECT_NEAR(r.value(0, 2021, Indicator::alliance_retained), 4'640'000, 0.005 * 4'640'000);
  EXPECT_NEAR(r.value(0, 2021, Indicator::alliance_retained),
              r.value(0, 2021, Indicator::balance) * 464.0 / 857.0, 0.02);
  EXPECT_NEAR(r.value(0, 2021, Indicator::outpatient_visits), 360'000, 0.005 * 360'000);
  EXPECT_NEAR(r.value(0, 2021, Indicator::out_of_county_inpatient_fund) /
                      r.value(0, 2020, Indicator::out_of_county_inpatient_fund) -
                  1.0,
              -0.25, 0.005);
  // The change the fit cannot meet, within the residual examples/README.md
  // states (-28.2% for -7%), and the pandemic-year changes it does not try
  // to meet, below the reported ones.
  const auto change = [&](Indicator i) { return r.value(0, 2021, i) / r.value(0, 2020, i) - 1.0; };
  EXPECT_NEAR(change(Indicator::out_of_county_admissions), -0.07, 0.215);
  EXPECT_LT(change(Indicator::outpatient_visits), 0.58);
  EXPECT_LT(change(Indicator::encounters_primary), 0.28);
  EXPECT_GT(change(Indicator::encounters_primary), 0.0);
  // Both alliances end 2021 with a surplus, so together they keep 464/857.
  const Ledger& ledger = r.variants[0].ledger;
  for (const char* a : {"peoples-alliance", "tcm-alliance"}) {
    Money kept;
    for (const Transfer& t : ledger.transfers()) {
      if (t.year == 2021 && t.to == a && t.kind == TransferKind::surplus_retained) kept += t.amount;
    }
    EXPECT_GT(kept.yuan(), 0.0) << a;
  }
}

/// The values `ygt calibrate` fits for `example` with its own targets, next to the file's.
void expect_calibration_returns_its_values(const std::string& example) {
  const std::string dir = examples + "/" + example;
  const ScenarioFile file = load_scenario_file(dir + "/" + example + ".json");
  ASSERT_TRUE(file.calibration) << example;
  const CalibrationResult r =
      calibrate(file.scenario, *file.calibration, load_targets(dir + "/targets.csv", file.scenario));
  EXPECT_TRUE(r.converged) << example << ": " << r.status;
  for (const FittedParameter& p : r.parameters) {
    EXPECT_FALSE(p.at_bound) << example << ": " << p.path;
    EXPECT_NEAR(p.value, p.start, 5e-3 * std::abs(p.start)) << example << ": " << p.path;
  }
}

TEST(Examples, EachCalibrationReturnsTheValuesInTheFiles) {
  // The default elasticities fitted to Kedong's and Luohu's figures
  // (docs/behaviour.md) are the library's defaults, and Suixi's choice
  // constants are the fit to its 2021 figures, each to 3 significant digits:
  // calibrating from them moves them by less than 0.5%.
  for (const char* ex : {"suixi", "kedong", "luohu"}) expect_calibration_returns_its_values(ex);
}

TEST(Examples, LuohuLikeDistrict) {
  const Scenario sc = load_scenario(examples + "/luohu/luohu.json");
  const County& c = sc.county;
  // Luohu: 10 subdistricts; 580,000 contracted residents are 58% of the residents.
  EXPECT_EQ(c.townships().size(), 10u);
  EXPECT_NEAR(c.total_population(), 580'000 / 0.58, 0.5);
  // An urban district: community centres, district and municipal hospitals, no
  // villages or township centres; the 6 regional centres built by 2017.
  EXPECT_EQ(c.facility_count(Tier::village), 0);
  EXPECT_EQ(c.facility_count(Tier::township), 0);
  EXPECT_EQ(c.facility_count(Tier::county), 2);
  EXPECT_GT(c.facility_count(Tier::municipal), 0);
  EXPECT_GE(c.facility_count(Tier::community), 10);  // at least one per subdistrict
  int regional = 0;
  for (const auto& i : c.institutions()) regional += i.id().ends_with("-regional") ? 1 : 0;
  EXPECT_EQ(regional, 6);
  // One hospital group (from August 2015) holding every district institution.
  ASSERT_EQ(c.alliances().size(), 1u);
  const Alliance& group = c.alliances()[0];
  EXPECT_EQ(members_of(c, group), c.facility_count(Tier::county) + c.facility_count(Tier::community));
  EXPECT_EQ(sc.years.start, 2015);

  // The reform's budget: on contracted residents, savings kept, overspending borne.
  ASSERT_EQ(sc.variants.size(), 2u);
  ASSERT_TRUE(sc.variants[1].payment.has_value());
  ASSERT_EQ(sc.variants[1].payment->size(), 1u);
  const PaymentScheme& budget = sc.variants[1].payment->front();
  const auto& p = std::get<GlobalBudgetParameters>(budget.parameters);
  EXPECT_EQ(p.scope, BudgetScope::contracted_residents);
  EXPECT_EQ(p.retention.value(), 1.0);
  EXPECT_TRUE(p.overspend.empty());
  EXPECT_TRUE(p.budget.rolling_growth.has_value());
}

/// The family-doctor coverage of `variant` in `year`, as the projection sets it.
double coverage_in(const Scenario& sc, const Variant& variant, int year) {
  std::vector<Intervention> interventions = sc.interventions;
  interventions.insert(interventions.end(), variant.interventions.begin(), variant.interventions.end());
  FlowModel model(sc.county, *sc.flows);
  apply_interventions(model, sc.county, *sc.flows, interventions, year);
  return model.parameters().insurance.family_doctor_coverage;
}

TEST(Examples, LuohuReformBudgetsContractedResidents) {
  const Scenario sc = load_scenario(examples + "/luohu/luohu.json");
  ASSERT_TRUE(sc.flows.has_value());
  const ProjectionResult r = project(sc);
  ASSERT_EQ(r.variants.size(), 2u);
  const Variant& baseline = sc.variants[0];
  const Variant& reform = sc.variants[1];
  ASSERT_EQ(reform.id, "reform");

  // 58% contracted in 2017 under the reform (seed 004), not before, and never
  // without it.
  EXPECT_DOUBLE_EQ(coverage_in(sc, reform, 2017), 0.58);
  EXPECT_DOUBLE_EQ(coverage_in(sc, reform, 2030), 0.58);
  EXPECT_LT(coverage_in(sc, reform, 2016), 0.58);
  for (int y = r.first_year; y <= r.last_year; ++y) EXPECT_LT(coverage_in(sc, baseline, y), 0.58) << y;

  // Budget in year t = the spending in t-1 on year t's contracted residents
  // (coverage x the group's spending, which is all fund spending here: every
  // district institution is in the group, and municipal and out-of-district
  // care is charged to it) x (1 + growth), to the fen. The balance is the
  // budget less the year's spending on contracted residents; the group keeps
  // all of a surplus and bears all of an overspend.
  const PaymentScheme& scheme = reform.payment->front();
  const double growth = *std::get<GlobalBudgetParameters>(scheme.parameters).budget.rolling_growth;
  const auto money = [&](int year, Indicator i) { return Money::round_from_yuan(r.value(1, year, i)); };
  const Ledger& ledger = r.variants[1].ledger;
  EXPECT_TRUE(ledger.check().empty());
  for (int y = r.first_year; y <= r.last_year; ++y) {
    EXPECT_EQ(r.value(0, y, Indicator::budget), 0.0) << y;  // baseline: fee for service
    if (y < scheme.from) {
      EXPECT_EQ(r.value(1, y, Indicator::budget), 0.0) << y;
      continue;
    }
    const double c = coverage_in(sc, reform, y);
    const Money base = money(y - 1, Indicator::fund_spending).scaled(c);
    const Money expected = base + base.scaled(growth);
    EXPECT_EQ(money(y, Indicator::budget), expected) << y;
    EXPECT_GT(expected, Money{}) << y;
    const Money balance = expected - money(y, Indicator::fund_spending).scaled(c);
    EXPECT_EQ(money(y, Indicator::balance), balance) << y;
    EXPECT_EQ(money(y, Indicator::alliance_retained), std::max(balance, Money{})) << y;
    EXPECT_EQ(money(y, Indicator::insurer_recovered), std::max(-balance, Money{})) << y;
    // The ledger prepaid 90% of that budget.
    Money prepaid;
    for (const Transfer& t : ledger.transfers()) {
      if (t.year == y && t.kind == TransferKind::prepayment) prepaid += t.amount;
    }
    EXPECT_EQ(prepaid, expected.scaled(0.9)) << y;
  }

  // Community centres take a growing share of visits under the reform. H1 2017
  // (seed 004): community-centre visits +50%, the People's hospital's -0.7%;
  // the sending-down elasticity is fitted to them (docs/behaviour.md shows
  // the residuals): community visits rise by more than a third, the
  // hospitals' fall.
  for (int y = scheme.from; y <= r.last_year; ++y) {
    EXPECT_GT(r.value(1, y, Indicator::primary_visit_share),
              r.value(0, y, Indicator::primary_visit_share) + 0.03)
        << y;
  }
  EXPECT_GT(r.value(1, 2030, Indicator::primary_visit_share),
            r.value(1, 2015, Indicator::primary_visit_share));
  const auto change = [&](Indicator i) { return r.value(1, 2017, i) / r.value(1, 2016, i) - 1.0; };
  EXPECT_GT(change(Indicator::encounters_community), 0.33);
  EXPECT_LT(change(Indicator::encounters_county), 0.0);
  // Within the residuals examples/README.md states: +46.9% for +50%, -8.1% for -0.7%.
  EXPECT_NEAR(change(Indicator::encounters_community), 0.50, 0.035);
  EXPECT_NEAR(change(Indicator::encounters_county), -0.007, 0.077);
}

TEST(Examples, LuohuDistrictHospitalCostsPerVisitIn2017) {
  // The People's hospital's H1 2017 averages (seed 004): 291.44 yuan per
  // outpatient visit, 10,332.39 yuan per admission; the example's district
  // hospital prices were calibrated to them under the reform.
  const Scenario sc = load_scenario(examples + "/luohu/luohu.json");
  const ProjectionResult r = project(sc, {.keep_flows = true, .keep_ledger = false, .variant = "reform"});
  const FlowTable& f = r.variants[0].flows.at(static_cast<std::size_t>(2017 - r.first_year));
  const Eigen::Index county = f.column(Tier::county);
  ASSERT_GE(county, 0);
  double cost[2] = {0, 0};
  double encounters[2] = {0, 0};
  for (std::size_t t = 0; t < f.townships.size(); ++t) {
    for (std::size_t l = 0; l < f.lines.size(); ++l) {
      const std::size_t care = sc.flows->lines[l].care == CareType::outpatient ? 0 : 1;
      cost[care] += f.cost(f.row(t, l), county);
      encounters[care] += f.encounters(f.row(t, l), county);
    }
  }
  EXPECT_NEAR(cost[0] / encounters[0], 291.44, 0.5);
  EXPECT_NEAR(cost[1] / encounters[1], 10'332.39, 10.0);
}

}  // namespace
}  // namespace ygt
