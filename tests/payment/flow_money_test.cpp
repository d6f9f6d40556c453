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

// Fee for service on a projected year: the ledger pays the providers the
// fund's share of the claims as the flow model computes it, to the fen, per
// institution spread by count, whatever rates the scheme carries.
TEST(FlowMoneyProperty, FeeForServicePaysTheFlowModelsFundSpendingPerInstitution) {
  std::mt19937_64 rng(4711);
  int allied_cities = 0;
  int entities = 0;
  for (int n = 0; n < 300; ++n) {
    const bool municipal = n % 2 == 0;
    const bool entity = n % 5 == 4;
    testing::GeneratedCase base = testing::generate_case(rng, false, 1, 6);
    const int townships = 1 + static_cast<int>(rng() % 7);
    CountySpec spec = testing::alliance_county_spec(rng, townships, municipal, entity);
    const bool allied_city = municipal && n % 3 == 0;
    if (allied_city) spec.alliances.front().members.push_back("city");
    const County c(spec);
    allied_cities += allied_city ? 1 : 0;
    entities += entity ? 1 : 0;

    FlowModel model(c, base.params);
    FlowTable table = model.make_table(FlowDetail::totals);
    model.compute(table);
    PaymentScheme ffs;
    ffs.id = "ffs";
    FeeForServiceParameters fp;
    if (n % 4 == 1) {
      for (auto& rate : fp.reimbursement) rate = Share(0.99);  // not what the flows pay
    }
    ffs.parameters = fp;
    const std::vector<PaymentScheme> schemes = {ffs};
    ASSERT_TRUE(check_payment(schemes, c).empty());
    FlowMoney money(c, base.params, table, schemes);
    money.compute(table, 2021, base.params.insurance.family_doctor_coverage, model.people(), true);
    const SchemeSettlement settled = settle(ffs, money.input(0), c);
    const Ledger& ledger = settled.ledger;
    ASSERT_TRUE(ledger.check().empty());

    // The fund pays all the year's fund spending, and the claims' cost is the flows' cost.
    Money fund_spending;
    Money cost;
    for (std::size_t k = 0; k < table.settings.size(); ++k) {
      fund_spending += table.setting_fund[k];
      cost += table.setting_cost[k];
    }
    ASSERT_EQ(-ledger.balance(fund_party), fund_spending) << "case " << n;
    ASSERT_EQ(ledger.total(TransferKind::claim_payment), fund_spending) << "case " << n;
    ASSERT_EQ(settled.figures.size(), 3U);
    ASSERT_EQ(std::get<Money>(settled.figures[0].value), cost) << "case " << n;

    // Each tier's money goes to its institutions by count: each is paid its
    // share, and the shares add up to the tier's fund spending.
    Money outside;
    for (std::size_t k = 0; k < table.settings.size(); ++k) {
      const Tier tier = table.settings[k];
      std::vector<std::size_t> members;
      std::vector<std::int64_t> counts;
      for (std::size_t i = 0; i < c.institutions().size(); ++i) {
        if (c.institutions()[i].tier() != tier) continue;
        members.push_back(i);
        counts.push_back(c.institutions()[i].count());
      }
      if (members.empty()) {
        outside += table.setting_fund[k];
        continue;
      }
      const std::vector<Money> shares = split(table.setting_fund[k], counts);
      Money tier_paid;
      for (std::size_t m = 0; m < members.size(); ++m) {
        const std::size_t i = members[m];
        const bool paid = is_in_county(tier) || c.alliance_index_of(i) != County::no_alliance;
        const Money received = ledger.balance(c.institutions()[i].id());
        if (!paid) {
          ASSERT_EQ(received, Money{});
          outside += shares[m];
          continue;
        }
        ASSERT_EQ(received, shares[m]) << "case " << n << ", " << c.institutions()[i].id();
        ASSERT_EQ(received, money.institution_fund()[i]) << "case " << n;
        tier_paid += received;
      }
      if (is_in_county(tier)) {
        ASSERT_EQ(tier_paid, table.setting_fund[k]) << "case " << n;
      }
    }
    ASSERT_EQ(ledger.balance(out_of_county_party), outside) << "case " << n;
    for (const Alliance& a : c.alliances()) {
      ASSERT_EQ(ledger.balance(a.id()), Money{});
    }
  }
  EXPECT_GT(allied_cities, 20);
  EXPECT_GT(entities, 20);
}

}  // namespace
}  // namespace ygt
