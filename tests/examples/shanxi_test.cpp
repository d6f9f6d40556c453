// The Shanxi-like example: one county medical group that is one legal entity,
// paid through the entity, with the mechanisms of its unified domains.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <yigongti/projection/projection.hpp>

#include "support/example.hpp"

namespace ygt {
namespace {

const Scenario& shanxi() {
  return testing::example("shanxi");
}

/// The reform variant projected without the reform's interventions of `kind`.
ProjectionResult reform_without(InterventionKind kind) {
  return project(testing::without_reform_intervention(shanxi(), kind),
                 {.keep_ledger = false, .variant = "reform"});
}

/// Each party's balance (inflows less outflows) in `year`.
std::map<std::string, Money> balances_in(const Ledger& ledger, int year) {
  std::map<std::string, Money> out;
  for (const Transfer& t : ledger.transfers()) {
    if (t.year != year) continue;
    out[t.from] -= t.amount;
    out[t.to] += t.amount;
  }
  return out;
}

Money money(const ProjectionResult& r, std::size_t v, int year, Indicator i) {
  return Money::round_from_yuan(r.value(v, year, i));
}

TEST(ShanxiExample, OneLegalEntityHoldsEveryInstitution) {
  const County& c = shanxi().county;
  testing::expect_size(
      c,
      {.townships = 12,
       .residents = 300'000,
       .facilities = {{Tier::village, 227}, {Tier::community, 0}, {Tier::township, 12}, {Tier::county, 2}}});
  EXPECT_EQ(c.institution("county-peoples").kind(), InstitutionKind::general);
  EXPECT_EQ(c.institution("county-tcm").kind(), InstitutionKind::tcm);

  ASSERT_EQ(c.alliances().size(), 1u);
  const Alliance& group = c.alliances()[0];
  EXPECT_TRUE(group.legal_entity());
  EXPECT_EQ(group.unified().size(), all_domains.size());
  for (Domain d : all_domains) EXPECT_TRUE(group.unifies(d)) << static_cast<int>(d);
  // Every institution of the county belongs to the entity.
  for (const Institution& i : c.institutions()) EXPECT_TRUE(group.includes(i.id())) << i.id();
  for (const std::string& id : group.lead()) EXPECT_EQ(c.institution(id).tier(), Tier::county);

  // The reform pays the entity one global budget; the baseline has no scheme
  // (fee for service).
  ASSERT_EQ(shanxi().variants.size(), 2u);
  EXPECT_FALSE(shanxi().variants[0].payment.has_value());
  ASSERT_TRUE(shanxi().variants[1].payment.has_value());
  ASSERT_EQ(shanxi().variants[1].payment->size(), 1u);
  EXPECT_EQ(shanxi().variants[1].payment->front().kind(), SchemeKind::global_budget);
}

TEST(ShanxiExample, TheFundPaysTheEntityAndTheEntityPaysItsInstitutions) {
  const ProjectionResult r = project(shanxi());
  ASSERT_EQ(r.variants.size(), 2u);
  const County& c = shanxi().county;
  const std::string& entity = c.alliances()[0].id();
  const PaymentScheme& scheme = shanxi().variants[1].payment->front();
  const Ledger& ledger = r.variants[1].ledger;
  const std::string fund(fund_party);
  const std::string outside(out_of_county_party);
  EXPECT_TRUE(ledger.check().empty());
  EXPECT_TRUE(r.variants[0].ledger.empty());  // fee for service without a scheme moves no ledger rows

  // No institution of the entity has a transfer with the fund: only the
  // entity and care bought outside the county do.
  for (const Transfer& t : ledger.transfers()) {
    if (t.from == fund_party) {
      EXPECT_TRUE(t.to == entity || t.to == out_of_county_party) << t.to;
    }
    if (t.to == fund_party) {
      EXPECT_EQ(t.from, entity);
    }
  }

  for (int y = scheme.from; y <= r.last_year; ++y) {
    const auto b = balances_in(ledger, y);
    Money sum;
    for (const auto& [party, amount] : b) sum += amount;
    EXPECT_EQ(sum, Money{}) << y;  // money only moves

    // Without a distribution rule the entity keeps what it retained, and the
    // fund paid the year's spending and that surplus.
    const Money retained = money(r, 1, y, Indicator::alliance_retained);
    EXPECT_EQ(b.at(entity), retained) << y;
    EXPECT_NEAR((-b.at(fund)).yuan(), r.value(1, y, Indicator::fund_spending) + retained.yuan(), 0.05) << y;

    // The institutions received their care's fund spending, through the
    // entity, by internal allocation: the fund's in-county spending.
    Money members;
    for (const Institution& i : c.institutions()) members += b.count(i.id()) ? b.at(i.id()) : Money{};
    EXPECT_NEAR(members.yuan(),
                r.value(1, y, Indicator::fund_spending) * r.value(1, y, Indicator::fund_in_county_share),
                0.05)
        << y;
    EXPECT_GT(b.at(outside), Money{}) << y;
    Money allocated;
    for (const Transfer& t : ledger.transfers()) {
      if (t.year == y && t.kind == TransferKind::internal_allocation && t.from == entity)
        allocated += t.amount;
    }
    EXPECT_EQ(allocated, members) << y;

    // A setting's spending is spread over its institutions by count: the 12
    // township centres get the same to the fen, each village clinic the same.
    Money lo = b.at("t01-centre");
    Money hi = lo;
    for (const Institution& i : c.institutions()) {
      if (i.tier() != Tier::township) continue;
      lo = std::min(lo, b.at(i.id()));
      hi = std::max(hi, b.at(i.id()));
    }
    EXPECT_LE((hi - lo).yuan(), 0.01) << y;
    const auto per_clinic = [&](const Institution& i) {
      return b.at(i.id()).yuan() / static_cast<double>(i.count());
    };
    const double first = per_clinic(c.institution("t01-villages"));
    for (const Institution& i : c.institutions()) {
      if (i.tier() != Tier::village) continue;
      EXPECT_NEAR(per_clinic(i), first, 0.01) << i.id();
    }
  }
}

TEST(ShanxiExample, TheEntityKeepsItsSurplusByRetentionAndScore) {
  const ProjectionResult r = project(shanxi(), {.keep_ledger = false});
  const PaymentScheme& scheme = shanxi().variants[1].payment->front();
  const auto& p = std::get<GlobalBudgetParameters>(scheme.parameters);
  ASSERT_TRUE(p.budget.rolling_growth.has_value());
  ASSERT_TRUE(p.assessment_score.has_value());
  const double kept = p.retention.value() * p.performance.factor(*p.assessment_score);
  EXPECT_GT(kept, 0.0);
  EXPECT_LT(kept, p.retention.value());  // a score below full marks keeps less

  int surplus_years = 0;
  for (int y = r.first_year; y <= r.last_year; ++y) {
    EXPECT_EQ(r.value(0, y, Indicator::budget), 0.0) << y;
    if (y < scheme.from) {
      EXPECT_EQ(r.value(1, y, Indicator::budget), 0.0) << y;
      continue;
    }
    // Last year's fund spending (every institution is the entity's, and
    // out-of-county care is charged to it) plus the growth.
    const Money base = money(r, 1, y - 1, Indicator::fund_spending);
    EXPECT_EQ(money(r, 1, y, Indicator::budget), base + base.scaled(*p.budget.rolling_growth)) << y;
    const Money balance = money(r, 1, y, Indicator::balance);
    EXPECT_EQ(balance, money(r, 1, y, Indicator::budget) - money(r, 1, y, Indicator::fund_spending)) << y;
    if (balance < Money{}) continue;
    ++surplus_years;
    const Money retained = money(r, 1, y, Indicator::alliance_retained);
    EXPECT_NEAR(retained.yuan(), balance.yuan() * kept, 0.01) << y;
    EXPECT_EQ(retained + money(r, 1, y, Indicator::insurer_recovered), balance) << y;
    // The budget makes the entity bear that share of each yuan.
    EXPECT_NEAR(r.value(1, y, Indicator::cost_share), kept, 1e-12) << y;
  }
  EXPECT_GT(surplus_years, 0);
}

TEST(ShanxiExample, EachMechanismOfTheReformActs) {
  const int year = 2020;  // every mechanism at its target
  const ProjectionResult reform = project(shanxi(), {.keep_ledger = false, .variant = "reform"});
  const auto at = [&](const ProjectionResult& r, Indicator i) { return r.value(0, year, i); };

  // Unified procurement: county prices fall by the drug share's price cut,
  // 1 - share x (1 - factor), up to the providers' responses to the cheaper care.
  const Intervention& buy = testing::reform_intervention(shanxi(), InterventionKind::procurement);
  const double factor = 1.0 - buy.drug_share * (1.0 - buy.path.target);
  const ProjectionResult no_procurement = reform_without(InterventionKind::procurement);
  EXPECT_NEAR(
      at(reform, Indicator::cost_per_visit_county) / at(no_procurement, Indicator::cost_per_visit_county),
      factor, 0.01);
  EXPECT_NEAR(at(reform, Indicator::cost_per_admission_county) /
                  at(no_procurement, Indicator::cost_per_admission_county),
              factor, 0.01);
  EXPECT_LT(at(reform, Indicator::fund_spending), at(no_procurement, Indicator::fund_spending));

  // Rotation: county clinicians in the township centres keep more patients there.
  const ProjectionResult no_rotation = reform_without(InterventionKind::rotation);
  EXPECT_GT(at(reform, Indicator::encounters_township), at(no_rotation, Indicator::encounters_township));
  EXPECT_LT(at(reform, Indicator::upward_referrals), at(no_rotation, Indicator::upward_referrals));

  // The referral protocol sends more patients down from the county hospitals.
  const ProjectionResult no_protocol = reform_without(InterventionKind::referral_protocol);
  EXPECT_GT(at(reform, Indicator::downward_referrals), at(no_protocol, Indicator::downward_referrals));

  // Against the baseline, the reform keeps more care in the county and costs
  // the fund less; the first year is before it, and the same.
  const ProjectionResult both = project(shanxi(), {.keep_ledger = false});
  const int first = both.first_year;
  EXPECT_EQ(both.value(0, first, Indicator::fund_spending), both.value(1, first, Indicator::fund_spending));
  EXPECT_GT(both.value(1, year, Indicator::county_visit_rate),
            both.value(0, year, Indicator::county_visit_rate));
  EXPECT_GT(both.value(1, year, Indicator::primary_visit_share),
            both.value(0, year, Indicator::primary_visit_share));
  EXPECT_LT(both.value(1, year, Indicator::fund_spending), both.value(0, year, Indicator::fund_spending));
  for (int y = both.first_year; y <= both.last_year; ++y) {
    EXPECT_EQ(both.value(0, y, Indicator::remote_consultations), 0.0) << y;
    EXPECT_EQ(both.value(1, y, Indicator::remote_consultations), 0.0) << y;  // no information mechanism
  }
}

}  // namespace
}  // namespace ygt
