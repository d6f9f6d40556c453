// The mechanisms of an alliance's unified domains: each needs its domain (the
// refusal names both), changes nothing when it is not used, and moves what it
// acts on in the documented direction, with patients and money conserved.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <random>
#include <yigongti/flows/flow_model.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/projection/levers.hpp>
#include <yigongti/projection/projection.hpp>
#include <yigongti/study/parameters.hpp>

#include "flows/generate.hpp"

namespace ygt {
namespace {

namespace json = boost::json;

/// The synthetic county (one alliance, "alliance", of both county hospitals,
/// the three township centres and seven village clinics) with every domain
/// unified, and `interventions` shared by its variants.
json::value county_with(const json::array& interventions, bool unify_all = true) {
  json::value doc = json::parse(synthetic_scenario_json({.townships = 3, .institutions = 12}));
  if (unify_all) {
    json::array domains;
    for (Domain d : ygt::all_domains) domains.emplace_back(std::string(to_string(d)));
    doc.at("county").at("alliances").as_array().at(0).as_object()["unified"] = domains;
  }
  doc.as_object()["interventions"] = interventions;
  return doc;
}

std::vector<Problem> problems_of(const json::value& doc) {
  try {
    (void)parse_scenario(json::serialize(doc), "s.json");
  } catch (const InputError& e) {
    return e.problems();
  }
  return {};
}

Scenario scenario_of(const json::value& doc) {
  return parse_scenario(json::serialize(doc), "s.json");
}

json::object mechanism(const char* kind, double target) {
  json::object o{{"kind", kind}, {"alliance", "alliance"}, {"from", 2021}, {"target", target}};
  if (std::string(kind) == "referral_protocol") o["tier"] = "county";
  if (std::string(kind) == "procurement") o["drug_share"] = 0.4;
  if (std::string(kind) == "remote_consultation") o["fee"] = 60;
  return o;
}

TEST(AllianceMechanisms, EachNeedsItsDomainAndTheRefusalNamesBoth) {
  const std::pair<const char*, const char*> cases[] = {
      {"rotation", "personnel"},         {"referral_protocol", "medical_services"},
      {"procurement", "drugs_devices"},  {"remote_consultation", "information"},
      {"shared_results", "information"}, {"coverage", "public_health"}};
  for (const auto& [kind, domain] : cases) {
    const double target = std::string(kind) == "rotation" ? 400.0 : 0.5;
    const json::value doc = county_with(json::array{mechanism(kind, target)}, false);
    const auto problems = problems_of(doc);
    ASSERT_EQ(problems.size(), 1u) << kind;
    EXPECT_EQ(problems[0].path, "interventions[0].alliance") << kind;
    EXPECT_NE(problems[0].what.find("has not unified " + std::string(domain)), std::string::npos)
        << problems[0].what;
    EXPECT_NE(problems[0].expected.find("\"" + std::string(domain) + "\""), std::string::npos);
    EXPECT_TRUE(problems_of(county_with(json::array{mechanism(kind, target)}, true)).empty()) << kind;
  }
}

TEST(AllianceMechanisms, AnUnknownAllianceOrAMissingOneIsRefused) {
  json::object unknown = mechanism("rotation", 100);
  unknown["alliance"] = "aliance";
  auto problems = problems_of(county_with(json::array{unknown}));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "interventions[0].alliance");
  EXPECT_NE(problems[0].what.find("unknown alliance \"aliance\""), std::string::npos);
  json::object missing = mechanism("remote_consultation", 0.3);
  missing.erase("alliance");
  problems = problems_of(county_with(json::array{missing}));
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].path, "interventions[0].alliance");
  // A protocol needs a tier with an alliance hospital that refers down.
  json::object village = mechanism("referral_protocol", 0.3);
  village["tier"] = "village";
  problems = problems_of(county_with(json::array{village}));
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].path, "interventions[0].tier");
}

TEST(AllianceMechanisms, RotationBeyondTheCountyHospitalsStaffTimeIsRefused) {
  json::value doc = county_with(json::array{mechanism("rotation", 20'000)});
  doc.as_object()["capacity"] = json::object{{"outpatient_encounters", json::object{{"county", 500'000}}}};
  auto& institutions = doc.at("county").at("institutions").as_array();
  for (auto& inst : institutions) {
    if (inst.at("tier") == "county") inst.as_object()["staff"] = 40;  // 2 x 40 x 250 = 20,000 days
  }
  EXPECT_TRUE(problems_of(doc).empty());
  // What studies may draw or sweep is bounded the same way.
  const ParameterIndex index(scenario_of(doc));
  ProblemList none;
  const auto days = index.find("interventions[0].target", "", none);
  ASSERT_TRUE(days.has_value());
  EXPECT_EQ(days->range().hi, 20'000.0);
  doc.at("interventions").as_array().at(0).as_object()["target"] = 20'001;
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "interventions[0].target");
}

/// Indicators of every variant of `doc`, year by year.
std::vector<Eigen::MatrixXd> indicators_of(const json::value& doc) {
  const ProjectionResult r = project(scenario_of(doc));
  std::vector<Eigen::MatrixXd> out;
  for (const auto& v : r.variants) out.push_back(v.indicators);
  return out;
}

TEST(AllianceMechanisms, UnusedMechanismsChangeNothing) {
  // No days rotated, no remote share, prices as they are, the protocol at
  // the scenario's own down-referral: the same bits as without them.
  const json::value without = county_with(json::array{});
  const Scenario sc = scenario_of(without);
  const double down = sc.flows->lines[0].down_referral[index(Tier::county)];
  json::object protocol = mechanism("referral_protocol", down);
  protocol["line"] = sc.flows->lines[0].id;
  const json::value idle =
      county_with(json::array{mechanism("rotation", 0), mechanism("remote_consultation", 0),
                              mechanism("procurement", 1.0), mechanism("shared_results", 1.0), protocol});
  const auto a = indicators_of(without);
  const auto b = indicators_of(idle);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t v = 0; v < a.size(); ++v) EXPECT_EQ(a[v], b[v]) << "variant " << v;
}

/// The flow model of `doc` with its levers set for `year`.
struct YearModel {
  Scenario sc;
  FlowModel model;
  FlowTable table;
  explicit YearModel(const json::value& doc, int year)
      : sc(scenario_of(doc)), model(sc.county, *sc.flows), table(model.make_table()) {
    LeverSchedule(model, sc.county, *sc.flows, sc.interventions).apply(model, year, PerTier<double>{});
    model.compute(table);
  }
};

TEST(AllianceMechanismsDirection, MoreRotationDaysNeverLowerTownshipCapabilityAndCostTheCountyCapacity) {
  double last_capability = -1.0;
  double last_county = 2.0e6;
  for (double days : {0.0, 50.0, 200.0, 750.0, 3000.0, 12000.0}) {
    json::value doc = county_with(json::array{mechanism("rotation", days)});
    doc.as_object()["capacity"] = json::object{{"outpatient_encounters", json::object{{"county", 2.0e6}}}};
    for (auto& inst : doc.at("county").at("institutions").as_array()) {
      if (inst.at("tier") == "county") inst.as_object()["staff"] = 300;
    }
    const YearModel y(doc, 2022);
    for (std::size_t l = 0; l < y.model.line_count(); ++l) {
      const double cap = y.model.capability(l, Tier::township);
      ASSERT_LE(cap, 1.0);
      if (l == 0) {
        ASSERT_GE(cap, last_capability) << days;
        last_capability = cap;
      }
    }
    const double county = *y.model.parameters().capacity.outpatient_encounters[index(Tier::county)];
    // The county loses the rotated share of its staff time: 2 hospitals x 300 staff x 250 days.
    EXPECT_NEAR(county, 2.0e6 * (1.0 - days / (2 * 300 * 250.0)), 1e-6);
    ASSERT_LE(county, last_county);
    last_county = county;
  }
  // Saturating: the largest gain is the default 0.3 of the gap to 1.
  const Scenario sc = scenario_of(county_with(json::array{}));
  const double base = sc.flows->lines[0].capability[index(Tier::township)];
  EXPECT_LE(last_capability, base + (1.0 - base) * default_rotation_max_gain + 1e-12);
  EXPECT_GT(last_capability, base + (1.0 - base) * default_rotation_max_gain * 0.99);
}

TEST(AllianceMechanismsDirection, AProtocolRaisesDownReferralsTowardItsTarget) {
  double last = -1.0;
  for (double target : {0.0, 0.1, 0.3, 0.5}) {
    const YearModel y(county_with(json::array{mechanism("referral_protocol", target)}), 2022);
    const double down = y.table.indicator(Indicator::downward_referrals);
    ASSERT_GE(down, last - 1e-9) << target;
    last = down;
    // The alliance holds both county hospitals: the county moves all the way.
    for (std::size_t l = 0; l < y.model.line_count(); ++l)
      EXPECT_DOUBLE_EQ(y.model.parameters().lines[l].down_referral[index(Tier::county)], target);
  }
}

TEST(AllianceMechanismsDirection, ProcurementScalesCostPerCaseAtTheAlliancesSettings) {
  const YearModel before(county_with(json::array{}), 2022);
  const YearModel after(county_with(json::array{mechanism("procurement", 0.75)}), 2022);
  // Every county hospital is the alliance's: each line's cost per encounter
  // there falls by the drug share times the price cut, 0.4 x 0.25 = 10%,
  // whatever the flows do; outside the county prices are the market's.
  const Eigen::Index county = after.table.column(Tier::county);
  const Eigen::Index outside = after.table.column(Tier::out_of_county);
  for (Eigen::Index l = 0; l < after.table.line_cost.rows(); ++l) {
    const auto per_encounter = [&](const FlowTable& f, Eigen::Index k) {
      return f.line_cost(l, k) / f.line_encounters(l, k);
    };
    EXPECT_NEAR(per_encounter(after.table, county), per_encounter(before.table, county) * 0.9, 1e-9);
    EXPECT_NEAR(per_encounter(after.table, outside), per_encounter(before.table, outside), 1e-9);
  }
  // Before 2021 the procurement is not in force.
  const YearModel early(county_with(json::array{mechanism("procurement", 0.75)}), 2020);
  EXPECT_EQ(early.table.indicator(Indicator::cost_per_visit_county),
            before.table.indicator(Indicator::cost_per_visit_county));
}

TEST(AllianceMechanismsDirection, TheAlliancesFamilyDoctorsSetItsResidentsCoverage) {
  json::object own{{"kind", "coverage"}, {"alliance", "alliance"}, {"from", 2021}, {"target", 0.6}};
  const json::value doc = county_with(json::array{own});
  const Scenario sc = scenario_of(doc);
  FlowModel model(sc.county, *sc.flows);
  const LeverSchedule levers(model, sc.county, *sc.flows, sc.interventions);
  // The alliance's primary institutions serve every township.
  EXPECT_DOUBLE_EQ(levers.coverage(2022, model), 0.6);
  EXPECT_DOUBLE_EQ(levers.coverage(2020, model), sc.flows->insurance.family_doctor_coverage);
}

TEST(RemoteConsultation, AHigherShareNeverRaisesReferralsUpAndConservesPatients) {
  std::mt19937_64 rng(404);
  int tried = 0;
  for (int trial = 0; trial < 200; ++trial) {
    auto c = testing::generate_case(rng, trial % 2 == 1);
    FlowModel model(c.county, c.params);
    const auto& settings = model.settings();
    if (std::find(settings.begin(), settings.end(), Tier::county) == settings.end()) continue;
    std::vector<Tier> primary;
    for (Tier t : settings)
      if (is_primary(t)) primary.push_back(t);
    if (primary.empty()) continue;
    ++tried;
    FlowTable f = model.make_table();
    double last_up = std::numeric_limits<double>::infinity();
    double last_remote = -1.0;
    for (double share : {0.0, 0.2, 0.5, 1.0}) {
      for (Tier t : primary) model.set_remote_consultation(t, share, 80.0);
      model.compute(f);
      const double up = f.indicator(Indicator::upward_referrals);
      const double remote = f.indicator(Indicator::remote_consultations);
      if (!(f.turned_away.maxCoeff() > 0.0)) {
        // Without capacity moving anyone, fewer patients climb.
        ASSERT_LE(up, last_up * (1 + 1e-12) + 1e-9) << "trial " << trial << " share " << share;
      }
      if (share == 0.0) {
        ASSERT_EQ(remote, 0.0);
      }
      ASSERT_GE(remote, 0.0);
      last_up = up;
      last_remote = remote;
      // Every encounter is still a first contact or a referral.
      for (Eigen::Index r = 0; r < f.encounters.rows(); ++r) {
        const double sources =
            f.first_contacts.row(r).sum() + f.referrals_up.row(r).sum() + f.referrals_down.row(r).sum();
        ASSERT_LT(std::fabs(f.encounters.row(r).sum() - sources), 1e-9 * std::max(1.0, sources));
      }
      // Fund + out of pocket = cost, with the fees in the county's cost.
      for (std::size_t k = 0; k < f.settings.size(); ++k)
        ASSERT_EQ(f.setting_fund[k] + f.setting_oop[k], f.setting_cost[k]);
    }
    EXPECT_GE(last_remote, 0.0);
  }
  EXPECT_GT(tried, 40);
}

/// One township of 1,000 residents, one outpatient line of one episode
/// each, every first contact at the township (capability 0.6; the county's
/// 0.5), 100 yuan an encounter, half from the fund.
FlowModel township_first_model() {
  CountySpec spec;
  spec.id = "remote";
  TownshipSpec t;
  t.id = "a";
  t.population[40] = 1000.0;
  for (Tier tier : {Tier::township, Tier::county, Tier::out_of_county}) t.minutes[index(tier)] = 0.0;
  spec.townships.push_back(t);
  spec.institutions = {{.id = "a-centre", .tier = Tier::township, .township = "a"},
                       {.id = "hospital", .tier = Tier::county}};
  FlowParameters p;
  ServiceLine op;
  op.id = "op";
  op.rate.fill(1.0);
  for (Tier tier : {Tier::township, Tier::county, Tier::out_of_county}) {
    op.cost[index(tier)] = 100.0;
    p.insurance.outpatient[index(tier)] = 0.5;
  }
  op.capability[index(Tier::township)] = 0.6;
  op.capability[index(Tier::county)] = 0.5;
  op.capability[index(Tier::out_of_county)] = 1.0;
  op.asc[index(Tier::county)] = -800.0;  // nobody starts at the county or outside
  op.asc[index(Tier::out_of_county)] = -800.0;
  p.lines = {op};
  return FlowModel(County(spec), p);
}

TEST(RemoteConsultation, ResolvesTheLeadsCapabilityShareAndPaysItsFee) {
  // Of the 0.4 referred up, a share 0.5 is discussed remotely and half of
  // those resolved: 0.1 of the patients.
  FlowModel model = township_first_model();
  model.set_remote_consultation(Tier::township, 0.5, 40.0);
  FlowTable f = model.make_table();
  model.compute(f);
  EXPECT_NEAR(f.indicator(Indicator::remote_consultations), 1000.0 * 0.4 * 0.5, 1e-9);
  EXPECT_NEAR(f.referrals_up(0, 0), 1000.0 * (0.4 - 0.1), 1e-9);
  EXPECT_NEAR(f.encounters(0, 1), 300.0, 1e-9);
  // The county is paid 40 yuan per consultation besides its 300 visits.
  EXPECT_NEAR(f.setting_cost[1].yuan(), 300.0 * 100.0 + 200.0 * 40.0, 0.005);
  EXPECT_NEAR(f.indicator(Indicator::county_visit_rate), 1.0 - 300.0 * 0.5 / 1000.0, 1e-12);
}

TEST(SharedResults, ReferredEncountersCostLessAndNothingElseMoves) {
  FlowModel model = township_first_model();
  FlowTable before = model.make_table();
  model.compute(before);
  model.set_referred_cost_factor(Tier::county, 0.8);
  model.set_referred_cost_factor(Tier::township, 0.8);
  FlowTable after = model.make_table();
  model.compute(after);
  // Money only: the same patients in the same places.
  EXPECT_EQ(after.encounters, before.encounters);
  // The township sees first contacts only; all 400 county encounters were referred.
  EXPECT_EQ(after.setting_cost[0], before.setting_cost[0]);
  EXPECT_NEAR(before.setting_cost[1].yuan(), 400.0 * 100.0, 0.005);
  EXPECT_NEAR(after.setting_cost[1].yuan(), 400.0 * 100.0 * 0.8, 0.005);
  EXPECT_NEAR(after.cost.col(1).sum(), after.setting_cost[1].yuan(), 0.005);
}

TEST(SharedResults, ALowerFactorNeverRaisesCostOverGeneratedCounties) {
  std::mt19937_64 rng(808);
  for (int trial = 0; trial < 200; ++trial) {
    auto c = testing::generate_case(rng, trial % 2 == 1);
    FlowModel model(c.county, c.params);
    FlowTable f = model.make_table();
    model.compute(f);
    const std::vector<Money> full = f.setting_cost;
    const Eigen::MatrixXd encounters = f.encounters;
    for (Tier t : model.settings())
      if (is_in_county(t)) model.set_referred_cost_factor(t, 0.7);
    model.compute(f);
    ASSERT_EQ(f.encounters, encounters);
    for (std::size_t k = 0; k < full.size(); ++k) {
      ASSERT_LE(f.setting_cost[k], full[k]) << "trial " << trial;
      ASSERT_EQ(f.setting_fund[k] + f.setting_oop[k], f.setting_cost[k]);
      // The cells still add up to the setting.
      ASSERT_LE(std::fabs(f.cost.col(static_cast<Eigen::Index>(k)).sum() - f.setting_cost[k].yuan()),
                0.005 + 1e-9 * std::max(1.0, f.setting_cost[k].yuan()));
    }
  }
}

TEST(InterventionChecks, CapabilityTargetsThatCloseAReferralLoopAreRefused) {
  // Everyone treated out of county is referred back down: with neither the
  // township nor the county treating anyone, the follow-ups never end.
  const auto with = [](json::array interventions) {
    json::value doc = county_with(interventions);
    doc.at("service_lines").as_array().at(0).as_object()["down_referral"] =
        json::object{{"out_of_county", 1.0}};
    return doc;
  };
  const json::object township{
      {"kind", "capability"}, {"tier", "township"}, {"line", "op_minor"}, {"from", 2021}, {"target", 0.0}};
  json::object county = township;
  county["tier"] = "county";
  EXPECT_TRUE(problems_of(with(json::array{township})).empty());
  EXPECT_TRUE(problems_of(with(json::array{county})).empty());
  const auto problems = problems_of(with(json::array{township, county}));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "interventions");
  EXPECT_NE(problems[0].what.find("service line op_minor: with its capability at township 0, county 0"),
            std::string::npos)
      << problems[0].what;
  // The same pair split between the shared list and a variant's: reported on the variant.
  json::value split = with(json::array{township});
  split.at("variants").as_array().at(1).at("interventions").as_array().push_back(county);
  const auto in_variant = problems_of(split);
  ASSERT_EQ(in_variant.size(), 1u);
  EXPECT_EQ(in_variant[0].path, "variants[1].interventions");
}

}  // namespace
}  // namespace ygt
