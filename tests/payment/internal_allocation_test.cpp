// One purse in the ledger: what an alliance passes on to its members for the
// care they gave (`internal_allocation`), apart from the distribution of its
// surplus or loss; and a legal entity, whose members are paid only through it.
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

Money sum_of_balances(const Ledger& ledger) {
  Money sum;
  for (const std::string& party : ledger.parties()) sum += ledger.balance(party);
  return sum;
}

/// The ledger's rows, one a line: quarter, from, to, kind, amount.
std::string rows(const Ledger& ledger) {
  std::string out;
  for (const Transfer& t : ledger.transfers()) {
    out += std::to_string(t.quarter) + " " + t.from + " " + t.to + " " + std::string(to_string(t.kind)) +
           " " + t.amount.to_string() + "\n";
  }
  return out;
}

/// Alliance "a": lead hospital h, township centre c, village clinic v.
County hand_county(bool legal_entity) {
  CountySpec spec;
  spec.id = "hand";
  TownshipSpec town;
  town.id = "t0";
  town.population.fill(10.0);
  for (Tier tier : all_tiers) town.minutes[index(tier)] = 30.0;
  spec.townships.push_back(town);
  spec.institutions = {{"h", "", Tier::county, InstitutionKind::general, "", 0, 0, 1},
                       {"c", "", Tier::township, InstitutionKind::general, "t0", 0, 0, 1},
                       {"v", "", Tier::village, InstitutionKind::general, "t0", 0, 0, 1},
                       {"other", "", Tier::county, InstitutionKind::tcm, "", 0, 0, 1}};
  AllianceSpec a{"a", "", {"h"}, {"c", "v"}, {Domain::finance}};
  if (legal_entity) a = AllianceSpec{"a", "", {"h"}, {"c", "v"}, {}, true};
  spec.alliances = {a};
  return County(spec);
}

PaymentScheme package_6_3_1() {
  PaymentScheme s;
  s.id = "package";
  s.party = "a";
  GlobalBudgetParameters gb;
  gb.budget = BudgetRule::fixed(m("1200"));
  gb.distribution = DistributionRule{};
  gb.distribution->ratios[index(Tier::county)] = 6;
  gb.distribution->ratios[index(Tier::township)] = 3;
  gb.distribution->ratios[index(Tier::village)] = 1;
  s.parameters = gb;
  return s;
}

TEST(InternalAllocation, AnAlliancesBudgetPassesOnItsMembersCareThenSplitsTheSurplus) {
  const County county = hand_county(false);
  YearActuals a;
  a.year = 2021;
  a.fund_spending = {{"h", m("600")}, {"c", m("300")}, {"v", m("100")}, {"other", m("70")}};
  a.out_of_county = m("50");
  a.workload = {{"h", 1}, {"c", 1}, {"v", 1}};
  const SchemeSettlement s = settle(package_6_3_1(), a, county);
  // B 1200, P 1080, C = 1000 + 50, S = K = 150, split 90 : 45 : 15.
  EXPECT_EQ(rows(s.ledger), R"(1 fund a prepayment 270.00
2 fund a prepayment 270.00
3 fund a prepayment 270.00
4 fund a prepayment 270.00
0 fund out_of_county claim_payment 50.00
0 a fund year_end_settlement 80.00
0 fund a surplus_retained 150.00
0 a h internal_allocation 600.00
0 a c internal_allocation 300.00
0 a v internal_allocation 100.00
0 a h distribution 90.00
0 a c distribution 45.00
0 a v distribution 15.00
)");
  EXPECT_EQ(s.ledger.balance("a"), Money{});
  EXPECT_EQ(s.ledger.inflow("h"), m("690"));
  EXPECT_EQ(sum_of_balances(s.ledger), Money{});
}

TEST(InternalAllocation, CareThatDoesNotAddUpIsRefused) {
  GlobalBudgetParameters p;
  p.budget = BudgetRule::fixed(m("100"));
  GlobalBudgetInput in;
  in.alliance = "a";
  in.in_county_spending = m("90");
  in.care = {{"h", Tier::county, m("60")}, {"h", Tier::county, m("-1")}};
  try {
    (void)settle_global_budget(p, in);
    FAIL() << "care summing to 59 of 90 was accepted";
  } catch (const InputError& e) {
    std::vector<std::string> paths;
    for (const Problem& q : e.problems()) paths.push_back(q.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"care[1].amount", "care[1].id", "care"}));
    EXPECT_NE(e.problems().back().expected.find("summing to in_county_spending"), std::string::npos);
  }
}

TEST(InternalAllocation, ACapitationHeldByTheAlliancePaysItsMembersInternally) {
  const County county = hand_county(false);
  PaymentScheme s;
  s.id = "chronic";
  s.party = "a";
  CapitationParameters cp;
  cp.rate_per_head = m("10");
  cp.service_lines = {"op_chronic"};
  s.parameters = cp;
  YearActuals a;
  a.year = 2021;
  a.enrolled = 100;
  a.capitated_spending = {{"op_chronic", "c", m("300")},
                          {"op_chronic", "other", m("200")},
                          {"op_chronic", "out_of_county", m("100")}};
  const Ledger ledger = settle(s, a, county).ledger;
  EXPECT_EQ(ledger.net_flow("a", "c"), m("300"));
  EXPECT_EQ(ledger.total(TransferKind::internal_allocation), m("300"));
  EXPECT_EQ(ledger.total(TransferKind::claim_payment), m("300"));  // other and out of county
  EXPECT_EQ(ledger.balance("a"), m("400"));                        // 1000 less 600 of care
}

TEST(LegalEntity, MembersArePaidOnlyThroughTheEntity) {
  const County county = hand_county(true);
  EXPECT_TRUE(county.alliances()[0].unifies(Domain::personnel));
  PaymentScheme ffs;
  ffs.id = "ffs";
  FeeForServiceParameters fp;
  for (Tier t : all_tiers) fp.reimbursement[index(t)] = 0.5;
  ffs.parameters = fp;
  YearActuals a;
  a.year = 2021;
  a.claims = {{"c", Tier::township, 2, m("100")}, {"other", Tier::county, 3, m("80")}};
  const Ledger ledger = settle(ffs, a, county).ledger;
  EXPECT_EQ(rows(ledger), R"(2 fund a claim_payment 50.00
2 a c internal_allocation 50.00
3 fund other claim_payment 40.00
)");
}

TEST(LegalEntity, AnAllianceThatLeavesADomainOutIsNoLegalEntity) {
  const auto problems = Alliance::check({"a", "", {"h"}, {}, {Domain::finance, Domain::performance}, true});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "unified");
  EXPECT_NE(problems[0].what.find("\"administration\", \"personnel\""), std::string::npos)
      << problems[0].what;
  EXPECT_THROW(Alliance({"a", "", {"h"}, {}, {Domain::finance}, true}), InputError);
}

/// No transfer between the fund and an institution of a legal entity.
void expect_no_direct_fund_transfer(const Ledger& ledger, const County& county, const std::string& what) {
  for (const Transfer& t : ledger.transfers()) {
    for (const std::string* party : {&t.from, &t.to}) {
      const Alliance* a = county.alliance_of(*party);
      const std::string& other = party == &t.from ? t.to : t.from;
      EXPECT_FALSE(a != nullptr && a->legal_entity() && other == fund_party)
          << what << ": " << t.from << " -> " << t.to << " " << to_string(t.kind);
    }
  }
}

TEST(InternalAllocationProperty, LedgersBalanceAndMembersReceiveTheirCareAndTheirShare) {
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int n = 0; n < 300; ++n) {
    const bool entity = n % 2 == 1;
    const testing::GeneratedCase gen = testing::alliance_flow_case(rng, n % 3 == 0, entity);
    const County& c = gen.county;

    FlowModel model(c, gen.params);
    FlowTable table = model.make_table(n % 3 == 0 ? FlowDetail::cells : FlowDetail::totals);
    model.compute(table);

    std::vector<PaymentScheme> schemes;
    const auto add = [&](std::string id, std::string party, auto parameters) {
      PaymentScheme s;
      s.id = std::move(id);
      s.party = std::move(party);
      s.parameters = std::move(parameters);
      schemes.push_back(std::move(s));
    };
    for (const Alliance& a : c.alliances()) {
      GlobalBudgetParameters gb = testing::alliance_budget(
          a, 0.1 * u(rng) - 0.05,
          n % 4 == 1 ? BudgetScope::contracted_residents : BudgetScope::all_residents);
      gb.basis = n % 5 == 2 ? YearEndBasis::budget : YearEndBasis::spending;
      add("budget-" + a.id(), a.id(), gb);
    }
    const Alliance& first = c.alliances().front();
    CapitationParameters cp;
    cp.rate_per_head = Money::from_yuan(40);
    cp.service_lines = {gen.params.lines.front().id};
    add("chronic", first.id(), cp);
    add("chronic-held", first.lead().front(), cp);
    SharedSavingsParameters ss;
    ss.benchmark = BudgetRule::rolling(0.02);
    add("aco", first.id(), ss);
    FeeForServiceParameters fp;
    for (Tier t : all_tiers) fp.reimbursement[index(t)] = 0.6;
    add("ffs", "", fp);
    ASSERT_TRUE(check_payment(schemes, c).empty());

    FlowMoney money(c, gen.params, table, schemes);
    money.compute(table, 2021, gen.params.insurance.family_doctor_coverage, model.people(), true);
    const auto fund_of = [&](const std::string& id) {
      return money
          .institution_fund()[static_cast<std::size_t>(c.find_institution(id) - c.institutions().data())];
    };

    for (std::size_t s = 0; s < schemes.size(); ++s) {
      const PaymentScheme& scheme = schemes[s];
      const SchemeInput& input = money.input(s);
      const SchemeSettlement plain = settle(scheme, input);
      const SchemeSettlement settled = settle(scheme, input, c);
      const Ledger& ledger = settled.ledger;
      ASSERT_TRUE(ledger.check().empty()) << scheme.id;
      ASSERT_EQ(sum_of_balances(ledger), Money{}) << scheme.id << " case " << n;
      // Going through an entity changes no institution's balance.
      for (const Institution& i : c.institutions())
        ASSERT_EQ(ledger.balance(i.id()), plain.ledger.balance(i.id())) << scheme.id << " " << i.id();
      if (entity) expect_no_direct_fund_transfer(ledger, c, scheme.id);

      const Alliance* alliance = c.find_alliance(scheme.party);
      if (alliance == nullptr) continue;
      std::vector<std::string> ids = alliance->lead();
      ids.insert(ids.end(), alliance->members().begin(), alliance->members().end());
      Money allocated;
      for (const std::string& id : ids) {
        Money care;
        for (const Transfer& t : ledger.transfers()) {
          if (t.kind == TransferKind::internal_allocation && t.from == alliance->id() && t.to == id)
            care += t.amount;
        }
        allocated += care;
        if (scheme.kind() == SchemeKind::capitation) {
          Money covered;
          for (const CapitatedSpending& cs : input.capitated_spending) {
            if (cs.provider == id) covered += cs.amount;
          }
          ASSERT_EQ(care, covered) << scheme.id << " " << id;
        } else {
          ASSERT_EQ(care, fund_of(id)) << scheme.id << " " << id;
        }
      }
      if (scheme.kind() != SchemeKind::global_budget) continue;
      ASSERT_EQ(allocated, input.in_county_spending) << scheme.id;
      // Each member: its care plus its part of what the alliance kept or owes.
      const auto& rule = *std::get<GlobalBudgetParameters>(scheme.parameters).distribution;
      const Distribution d = distribute(rule, settled.outcome.party_result, input.members);
      for (const MemberAmount& part : d.members) {
        const Money care = fund_of(part.id);
        ASSERT_EQ(ledger.inflow(part.id), care + std::max(part.amount, Money{}))
            << scheme.id << " " << part.id;
        ASSERT_EQ(ledger.outflow(part.id), std::max(-part.amount, Money{})) << scheme.id << " " << part.id;
      }
      ASSERT_EQ(ledger.balance(alliance->id()), Money{}) << scheme.id;
    }
  }
}

}  // namespace
}  // namespace ygt
