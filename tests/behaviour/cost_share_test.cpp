// The supply-side cost share of every scheme, worked by hand on a small
// county (docs/model.md, "Provider behaviour"): one case per scheme, the
// expected corridor band, a distribution across tiers, and the largest share
// winning where schemes overlap.
#include <gtest/gtest.h>

#include <yigongti/behaviour/cost_share.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>

namespace ygt {
namespace {

/// Two alliances and the unallied: alliance `a` (county hospital `h`, t0's
/// township centre, village clinics and community station), alliance `b`
/// (`h2`, t1's centre and clinics), township t2 and hospital `tcm` outside.
County small_county() {
  CountySpec spec;
  spec.id = "small";
  for (const char* t : {"t0", "t1", "t2"}) {
    TownshipSpec town;
    town.id = t;
    for (auto& p : town.population) p = 100.0;
    for (Tier tier : all_tiers) town.minutes[index(tier)] = 20.0;
    spec.townships.push_back(town);
  }
  const auto add = [&](const char* id, Tier tier, const char* township) {
    spec.institutions.push_back({id, "", tier, InstitutionKind::general, township, 0, 0, 1});
  };
  add("h", Tier::county, "");
  add("h2", Tier::county, "");
  add("tcm", Tier::county, "");
  for (const char* t : {"t0", "t1", "t2"}) {
    add((std::string(t) + "-c").c_str(), Tier::township, t);
    add((std::string(t) + "-v").c_str(), Tier::village, t);
  }
  add("t0-s", Tier::community, "t0");
  spec.alliances.push_back({"a", "", {"h"}, {"t0-c", "t0-v", "t0-s"}, {}});
  spec.alliances.push_back({"b", "", {"h2"}, {"t1-c", "t1-v"}, {}});
  return County(spec);
}

/// The synthetic county's eight service lines (4 outpatient, then 4 inpatient).
const FlowParameters& lines() {
  static const FlowParameters f = *parse_scenario(synthetic_scenario_json({}), "synthetic").flows;
  return f;
}

std::size_t line(const std::string& id) {
  for (std::size_t l = 0; l < lines().lines.size(); ++l) {
    if (lines().lines[l].id == id) return l;
  }
  throw std::logic_error("no line " + id);
}

constexpr double m = 0.1;  // the default fee-for-service margin

struct Fixture {
  County county = small_county();
  BehaviourParameters params = default_behaviour(lines());
  std::vector<PaymentScheme> schemes;

  CostShares shares(int year = 2021, double coverage = 0.5,
                    std::vector<SchemeExpectation> expect = {}) const {
    expect.resize(schemes.size());
    const CostShareModel model(county, lines(), schemes, params);
    CostShares out;
    model.compute(year, coverage, expect, out);
    return out;
  }
};

PaymentScheme global_budget(const std::string& party, double retention) {
  PaymentScheme s;
  s.id = "gb_" + party;
  s.party = party;
  s.from = 2021;
  GlobalBudgetParameters p;
  p.budget = BudgetRule::rolling(0.05);
  p.retention = retention;
  s.parameters = p;
  return s;
}

GlobalBudgetParameters& gb(PaymentScheme& s) {
  return std::get<GlobalBudgetParameters>(s.parameters);
}

/// The group's row: purse 0 = a, 1 = b, 2 = unallied.
Eigen::Index g(std::size_t purse, Tier tier) {
  return group_of(purse, tier);
}

TEST(CostShare, FeeForServiceEarnsTheMarginEverywhere) {
  Fixture f;
  const CostShares s = f.shares();
  ASSERT_EQ(s.volume.rows(), 3 * static_cast<Eigen::Index>(group_tiers));
  ASSERT_EQ(s.volume.cols(), static_cast<Eigen::Index>(lines().lines.size()));
  EXPECT_TRUE((s.volume.array() == -m).all());
  EXPECT_TRUE((s.intensity.array() == -m).all());
  EXPECT_TRUE((s.purse_volume.array() == -m).all());
  EXPECT_TRUE((s.outside.array() == 0.0).all());
}

TEST(CostShare, GlobalBudgetRetentionInsideTheBudgetOutsideWhereDeducted) {
  Fixture f;
  f.schemes.push_back(global_budget("a", 0.6));
  CostShares s = f.shares();
  for (Tier t : {Tier::village, Tier::community, Tier::township, Tier::county}) {
    for (Eigen::Index l = 0; l < s.volume.cols(); ++l) {
      EXPECT_DOUBLE_EQ(s.volume(g(0, t), l), 0.6);  // a: retention x performance (no score: 1)
      EXPECT_DOUBLE_EQ(s.intensity(g(0, t), l), 0.6);
      EXPECT_DOUBLE_EQ(s.outside(g(0, t), l), 0.6);  // deducted by default
      EXPECT_DOUBLE_EQ(s.volume(g(1, t), l), -m);    // b and the unallied: fee for service
      EXPECT_DOUBLE_EQ(s.volume(g(2, t), l), -m);
      EXPECT_DOUBLE_EQ(s.outside(g(1, t), l), 0.0);
    }
  }
  // Not in force before its first year.
  EXPECT_TRUE((f.shares(2020).volume.array() == -m).all());
  // Not deducted: the residents' care outside the county is not the alliance's.
  gb(f.schemes[0]).out_of_county_deducted = false;
  s = f.shares();
  EXPECT_TRUE((s.outside.array() == 0.0).all());
  EXPECT_DOUBLE_EQ(s.volume(g(0, Tier::county), 0), 0.6);
}

TEST(CostShare, AnOverspentBudgetBearsItsExpectedCorridorBand) {
  Fixture f;
  f.schemes.push_back(global_budget("a", 0.6));
  gb(f.schemes[0]).overspend = {{0.05, 0.8}, {0.1, 0.5}};
  const auto share = [&](SchemeExpectation e) {
    return f.shares(2022, 0.5, {e}).volume(g(0, Tier::county), 0);
  };
  EXPECT_DOUBLE_EQ(share(std::nullopt), 0.6);  // first year: taken as balanced
  EXPECT_DOUBLE_EQ(share(0.02), 0.6);          // last year a surplus
  EXPECT_DOUBLE_EQ(share(-0.03), 1.0 - 0.8);   // in the first band the fund bears 80%
  EXPECT_DOUBLE_EQ(share(-0.08), 1.0 - 0.5);
  EXPECT_DOUBLE_EQ(share(-0.2), 1.0);  // beyond the corridor the alliance bears all
  // The static rule on its own, with a performance factor.
  GlobalBudgetParameters p = gb(f.schemes[0]);
  p.assessment_score = 75;
  EXPECT_DOUBLE_EQ(CostShareModel::global_budget_share(p, 0.1), 0.6 * p.performance.factor(75));
}

TEST(CostShare, ADistributionGivesEachTierItsRatio) {
  Fixture f;
  f.schemes.push_back(global_budget("a", 1.0));
  gb(f.schemes[0]).distribution = DistributionRule{};
  gb(f.schemes[0]).distribution->ratios[index(Tier::county)] = 6;
  gb(f.schemes[0]).distribution->ratios[index(Tier::township)] = 3;
  gb(f.schemes[0]).distribution->ratios[index(Tier::village)] = 1;
  const CostShares s = f.shares();
  EXPECT_DOUBLE_EQ(s.volume(g(0, Tier::county), 2), 0.6);
  EXPECT_DOUBLE_EQ(s.volume(g(0, Tier::township), 2), 0.3);
  EXPECT_DOUBLE_EQ(s.volume(g(0, Tier::village), 2), 0.1);
  EXPECT_DOUBLE_EQ(s.volume(g(0, Tier::community), 2), -m);  // no part of it: paid for what it does
  EXPECT_DOUBLE_EQ(s.intensity(g(0, Tier::township), 2), 0.3);
  // The purse as a whole bears all of it, and its residents' care outside.
  for (Tier t : {Tier::village, Tier::community, Tier::township, Tier::county}) {
    EXPECT_DOUBLE_EQ(s.purse_volume(g(0, t), 2), 1.0);
    EXPECT_DOUBLE_EQ(s.outside(g(0, t), 2), 1.0);
  }
}

TEST(CostShare, ABudgetOnContractedResidentsBearsTheirShare) {
  Fixture f;
  f.schemes.push_back(global_budget("b", 0.8));
  gb(f.schemes[0]).scope = BudgetScope::contracted_residents;
  EXPECT_DOUBLE_EQ(f.shares(2021, 0.58).volume(g(1, Tier::county), 5), 0.8 * 0.58);
  EXPECT_DOUBLE_EQ(f.shares(2021, 0.0).volume(g(1, Tier::county), 5), 0.0);  // max(-m, 0)
}

TEST(CostShare, CapitationCoversTheHoldersLinesInAndOutOfTheCounty) {
  Fixture f;
  PaymentScheme s;
  s.id = "chronic";
  s.party = "a";
  CapitationParameters p;
  p.rate_per_head = Money::from_yuan(120);
  p.service_lines = {"op_chronic", "ip_chronic"};
  s.parameters = p;
  f.schemes.push_back(s);
  CostShares c = f.shares();
  for (std::size_t l = 0; l < lines().lines.size(); ++l) {
    const bool covered = l == line("op_chronic") || l == line("ip_chronic");
    const auto ll = static_cast<Eigen::Index>(l);
    EXPECT_DOUBLE_EQ(c.volume(g(0, Tier::township), ll), covered ? 1.0 : -m) << l;
    EXPECT_DOUBLE_EQ(c.outside(g(0, Tier::township), ll), covered ? 1.0 : 0.0) << l;
    EXPECT_DOUBLE_EQ(c.volume(g(1, Tier::township), ll), -m) << l;
  }
  // Held by a township centre without a distribution: that centre's tier
  // bears it; the alliance's other tiers are paid for the care they give.
  std::get<CapitationParameters>(f.schemes[0].parameters) = p;
  f.schemes[0].party = "t1-c";
  c = f.shares();
  const auto ip = static_cast<Eigen::Index>(line("ip_chronic"));
  EXPECT_DOUBLE_EQ(c.volume(g(1, Tier::township), ip), 1.0);
  EXPECT_DOUBLE_EQ(c.volume(g(1, Tier::county), ip), -m);
  EXPECT_DOUBLE_EQ(c.purse_volume(g(1, Tier::county), ip), 1.0);
  EXPECT_DOUBLE_EQ(c.volume(g(0, Tier::township), ip), -m);
  // Held by an institution outside alliances: the unallied purse.
  f.schemes[0].party = "t2-c";
  EXPECT_DOUBLE_EQ(f.shares().volume(g(2, Tier::township), ip), 1.0);
}

TEST(CostShare, DipMakesEveryInstitutionBearItsIntensityNotItsVolume) {
  Fixture f;
  PaymentScheme s;
  s.id = "dip";
  DipParameters p;
  p.fund = Money::from_yuan(1'000'000);
  p.groups.push_back({"ip_serious", 2.0, std::nullopt});
  s.parameters = p;
  f.schemes.push_back(s);
  const CostShares c = f.shares();
  const auto ip = static_cast<Eigen::Index>(line("ip_serious"));
  for (std::size_t purse = 0; purse < 3; ++purse) {
    EXPECT_DOUBLE_EQ(c.intensity(g(purse, Tier::county), ip), 1.0);
    EXPECT_DOUBLE_EQ(c.volume(g(purse, Tier::county), ip), -m);
    EXPECT_DOUBLE_EQ(c.intensity(g(purse, Tier::county), ip - 1), -m);  // another line
  }
}

TEST(CostShare, SharedSavingsShareTheSavingsBeyondTheMinimumRate) {
  Fixture f;
  PaymentScheme s;
  s.id = "aco";
  s.party = "b";
  SharedSavingsParameters p;
  p.benchmark = BudgetRule::rolling(0.03);
  p.sharing_rate = 0.5;
  p.quality = 0.8;
  p.minimum_savings_rate = 0.02;
  p.minimum_loss_rate = 0.02;
  p.loss_cap = 0.05;
  p.loss_rate.fixed_rate = 0.3;
  s.parameters = p;
  f.schemes.push_back(s);
  const auto share = [&](SchemeExpectation e) {
    return f.shares(2022, 0.5, {e}).volume(g(1, Tier::county), 0);
  };
  EXPECT_DOUBLE_EQ(share(std::nullopt), 0.5 * 0.8);
  EXPECT_DOUBLE_EQ(share(0.03), 0.5 * 0.8);
  EXPECT_DOUBLE_EQ(share(0.01), 0.0);  // inside the minimum savings rate: nothing at stake
  EXPECT_DOUBLE_EQ(share(-0.01), 0.0);
  EXPECT_DOUBLE_EQ(share(-0.04), p.loss_rate.rate(p.sharing_rate, p.quality).value());
  EXPECT_DOUBLE_EQ(f.shares(2022, 0.5, {0.03}).outside(g(1, Tier::village), 0), 0.4);
}

TEST(CostShare, WhereSchemesOverlapTheLargestShareHolds) {
  Fixture f;
  f.schemes.push_back(global_budget("a", 0.5));
  PaymentScheme s;
  s.id = "chronic";
  s.party = "a";
  CapitationParameters p;
  p.service_lines = {"ip_chronic"};
  s.parameters = p;
  f.schemes.push_back(s);
  const CostShares c = f.shares();
  EXPECT_DOUBLE_EQ(c.volume(g(0, Tier::county), static_cast<Eigen::Index>(line("ip_chronic"))), 1.0);
  EXPECT_DOUBLE_EQ(c.volume(g(0, Tier::county), static_cast<Eigen::Index>(line("ip_common"))), 0.5);
}

TEST(CostShare, ATownshipsPurseIsTheAllianceOfItsPrimaryInstitutions) {
  const Fixture f;
  const CostShareModel model(f.county, lines(), f.schemes, f.params);
  EXPECT_EQ(model.purses(), 3u);
  EXPECT_EQ(model.purse_of_township(0), 0u);
  EXPECT_EQ(model.purse_of_township(1), 1u);
  EXPECT_EQ(model.purse_of_township(2), 2u);
}

}  // namespace
}  // namespace ygt
