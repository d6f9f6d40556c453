// The bridge from flows to payment: a flow year's money resolved to
// institutions, alliances and residents, and what each scheme is settled on.
#include <gtest/gtest.h>

#include <random>

#include "support/alliance_county.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/payment/flow_money.hpp"

namespace ygt {
namespace {

Money m(const char* text) {
  return Money::parse(text);
}

/// A hand-made flow year of two townships, one line and three settings.
FlowTable hand_table() {
  FlowTable f;
  f.townships = {"t0", "t1"};
  f.lines = {"ip"};
  f.settings = {Tier::township, Tier::county, Tier::out_of_county};
  f.line_encounters = Eigen::MatrixXd{{400.0, 100.0, 20.0}};
  f.line_fund = Eigen::MatrixXd{{1000.0, 3000.0, 900.0}};
  f.township_fund_outside = Eigen::VectorXd{{300.0, 600.0}};
  f.setting_cost = {m("1250"), m("4000"), m("1500")};
  f.setting_fund = {m("1000"), m("3000"), m("900")};
  f.setting_oop = {m("250"), m("1000"), m("600")};
  return f;
}

/// Township t0's centre (1 facility) in alliance a, t1's (3 facilities) in
/// alliance b, each led by its own county hospital (2 facilities and 1).
County hand_county() {
  CountySpec spec;
  spec.id = "hand";
  for (const char* t : {"t0", "t1"}) {
    TownshipSpec town;
    town.id = t;
    town.population.fill(10.0);
    for (Tier tier : {Tier::township, Tier::county, Tier::out_of_county}) town.minutes[index(tier)] = 30.0;
    spec.townships.push_back(town);
  }
  spec.institutions = {{"c0", "", Tier::township, InstitutionKind::general, "t0", 0, 0, 1},
                       {"c1", "", Tier::township, InstitutionKind::general, "t1", 0, 0, 3},
                       {"h0", "", Tier::county, InstitutionKind::general, "", 0, 0, 2},
                       {"h1", "", Tier::county, InstitutionKind::general, "", 0, 0, 1}};
  spec.alliances = {{"a", "", {"h0"}, {"c0"}, {}}, {"b", "", {"h1"}, {"c1"}, {}}};
  return County(spec);
}

TEST(FlowMoney, SplitsByCountAndChargesEachAllianceItsResidents) {
  const County county = hand_county();
  FlowParameters params;
  params.lines.resize(1);
  std::vector<PaymentScheme> schemes(2);
  for (std::size_t a = 0; a < 2; ++a) {
    schemes[a].id = a == 0 ? "budget-a" : "budget-b";
    schemes[a].party = a == 0 ? "a" : "b";
    GlobalBudgetParameters gb;
    gb.budget = BudgetRule::fixed(m("3000"));
    schemes[a].parameters = gb;
  }
  const FlowTable f = hand_table();
  FlowMoney money(county, params, f, schemes);
  money.compute(f, 2021, 0.5, 20.0, true);

  // The township setting's 1000 by count 1 : 3, the county's 3000 by 2 : 1.
  EXPECT_EQ(money.institution_fund(), (std::vector<Money>{m("250"), m("750"), m("2000"), m("1000")}));
  EXPECT_EQ(money.institution_workload(), (std::vector<double>{100.0, 300.0, 200.0 / 3.0, 100.0 / 3.0}));
  EXPECT_EQ(money.alliance_in_county(0), m("2250"));
  EXPECT_EQ(money.alliance_in_county(1), m("1750"));
  // The 900 outside the county by the townships' own 300 : 600.
  EXPECT_EQ(money.alliance_out_of_county(0), m("300"));
  EXPECT_EQ(money.alliance_out_of_county(1), m("600"));
  EXPECT_EQ(money.total(), m("4900"));
  EXPECT_EQ(money.charged(0), m("2550"));

  // What each budget is settled on, and its outcome: 3000 - 2250 - 300.
  EXPECT_EQ(money.input(0).in_county_spending, m("2250"));
  EXPECT_EQ(money.input(0).out_of_county_spending, m("300"));
  EXPECT_EQ(money.input(0).last_year_spending, m("2550"));  // the first year: its own
  EXPECT_EQ(scheme_outcome(schemes[0], money.input(0)).balance, m("450"));
  EXPECT_EQ(scheme_outcome(schemes[1], money.input(1)).balance, m("650"));

  // Next year rolls from this year's charge.
  money.close_year();
  money.compute(f, 2022, 0.5, 20.0, false);
  EXPECT_EQ(money.input(1).last_year_spending, m("2350"));
}

TEST(FlowMoneyProperty, MoneyIsConservedAndBothResolutionsAgree) {
  std::mt19937_64 rng(1209);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int n = 0; n < 300; ++n) {
    const testing::GeneratedCase gen = testing::alliance_flow_case(rng, n % 2 == 0);
    const County& c = gen.county;

    FlowModel model(c, gen.params);
    FlowTable table = model.make_table(n % 3 == 0 ? FlowDetail::cells : FlowDetail::totals);
    model.compute(table);

    std::vector<PaymentScheme> schemes;
    for (const Alliance& a : c.alliances()) {
      PaymentScheme s;
      s.id = "budget-" + a.id();
      s.party = a.id();
      s.parameters = testing::alliance_budget(
          a, 0.1 * u(rng) - 0.05,
          n % 4 == 1 ? BudgetScope::contracted_residents : BudgetScope::all_residents);
      schemes.push_back(s);
    }
    const auto add = [&](const char* id, auto parameters) {
      PaymentScheme s;
      s.id = id;
      s.party = c.alliances().front().id();
      s.parameters = std::move(parameters);
      schemes.push_back(std::move(s));
    };
    CapitationParameters cp;
    cp.rate_per_head = Money::from_yuan(40);
    cp.service_lines = {gen.params.lines.front().id};
    add("chronic", cp);
    SharedSavingsParameters ss;
    ss.benchmark = BudgetRule::rolling(0.02);
    add("aco", ss);
    ASSERT_TRUE(check_payment(schemes, c).empty());

    FlowMoney money(c, gen.params, table, schemes);
    const double coverage = gen.params.insurance.family_doctor_coverage;
    money.compute(table, 2021, coverage, model.people(), true);

    // Conservation: institutions and out of county make up the settings' money.
    Money in_county;
    Money outside;
    for (std::size_t k = 0; k < table.settings.size(); ++k)
      (is_in_county(table.settings[k]) ? in_county : outside) += table.setting_fund[k];
    Money institutions;
    for (Money x : money.institution_fund()) institutions += x;
    ASSERT_EQ(institutions, in_county);
    ASSERT_EQ(money.out_of_county(), outside);
    ASSERT_EQ(money.total(), in_county + outside);
    double workload = 0.0;
    for (double w : money.institution_workload()) workload += w;
    double encounters_in = 0.0;
    for (std::size_t k = 0; k < table.settings.size(); ++k) {
      if (is_in_county(table.settings[k]))
        encounters_in += table.line_encounters.col(static_cast<Eigen::Index>(k)).sum();
    }
    ASSERT_NEAR(workload, encounters_in, 1e-9 * std::max(1.0, encounters_in));

    // Each alliance is charged its own institutions, and the out-of-county
    // money is never charged twice.
    Money allied_outside;
    for (std::size_t a = 0; a < c.alliances().size(); ++a) {
      Money own;
      for (std::size_t i = 0; i < c.institutions().size(); ++i) {
        if (c.alliance_index_of(i) == a) own += money.institution_fund()[i];
      }
      ASSERT_EQ(money.alliance_in_county(a), own) << "case " << n;
      if (c.alliances().size() > 1) allied_outside += money.alliance_out_of_county(a);
    }
    ASSERT_LE(allied_outside, money.out_of_county());

    // The bridge's input and a stand-alone settlement of the same year's
    // figures (per institution) give each scheme the same outcome.
    const YearActuals base = money.actuals(2021);
    for (std::size_t s = 0; s < schemes.size(); ++s) {
      const SchemeInput& direct = money.input(s);
      YearActuals a = base;
      a.last_year_spending = direct.last_year_spending;
      a.contracted_share = direct.contracted_share;
      a.enrolled = direct.enrolled;
      a.capitated_spending = direct.capitated_spending;
      const SchemeInput from_actuals = scheme_input(schemes[s], a, c);
      ASSERT_EQ(from_actuals.in_county_spending, direct.in_county_spending) << schemes[s].id;
      ASSERT_EQ(from_actuals.out_of_county_spending, direct.out_of_county_spending) << schemes[s].id;
      ASSERT_EQ(from_actuals.capitated_total, direct.capitated_total) << schemes[s].id;
      const SchemeSettlement settled = settle(schemes[s], from_actuals);
      const SchemeOutcome quick = scheme_outcome(schemes[s], direct);
      ASSERT_EQ(settled.outcome.budget, quick.budget) << schemes[s].id;
      ASSERT_EQ(settled.outcome.balance, quick.balance) << schemes[s].id;
      ASSERT_EQ(settled.outcome.retained, quick.retained) << schemes[s].id;
      ASSERT_EQ(settled.outcome.recovered, quick.recovered) << schemes[s].id;
      ASSERT_TRUE(settled.ledger.check().empty()) << schemes[s].id;
    }
  }
}

}  // namespace
}  // namespace ygt
