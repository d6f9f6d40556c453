// An allied city hospital (市级医院) in an alliance's purse: its share of the
// municipal setting's fund spending is its alliance's and is paid to it; the
// rest outside the county stays out-of-county spending.
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

// --- A small hand-computed case ------------------------------------------

/// Two townships, one line; settings township, county, municipal, out_of_county.
FlowTable hand_table() {
  FlowTable f;
  f.townships = {"t0", "t1"};
  f.lines = {"ip"};
  f.settings = {Tier::township, Tier::county, Tier::municipal, Tier::out_of_county};
  f.line_encounters = Eigen::MatrixXd{{400.0, 100.0, 40.0, 20.0}};
  f.line_fund = Eigen::MatrixXd{{1000.0, 3000.0, 1000.01, 900.0}};
  f.township_fund_outside = Eigen::VectorXd{{700.0, 1200.01}};
  f.setting_cost = {m("1250"), m("4000"), m("1500"), m("1500")};
  f.setting_fund = {m("1000"), m("3000"), m("1000.01"), m("900")};
  f.setting_oop = {m("250"), m("1000"), m("499.99"), m("600")};
  return f;
}

/// Alliance "a": lead h0, members c0 (t0's centre) and, when `allied`, the
/// city hospital "city" (3 facilities). "city2" (1 facility) and t1's
/// centre c1 (3 facilities) are unallied.
County hand_county(bool allied) {
  CountySpec spec;
  spec.id = "hand";
  for (const char* t : {"t0", "t1"}) {
    TownshipSpec town;
    town.id = t;
    town.population.fill(10.0);
    for (Tier tier : all_tiers) town.minutes[index(tier)] = 30.0;
    spec.townships.push_back(town);
  }
  spec.institutions = {{"c0", "", Tier::township, InstitutionKind::general, "t0", 0, 0, 1},
                       {"c1", "", Tier::township, InstitutionKind::general, "t1", 0, 0, 3},
                       {"h0", "", Tier::county, InstitutionKind::general, "", 0, 0, 1},
                       {"city", "", Tier::municipal, InstitutionKind::general, "", 0, 0, 3},
                       {"city2", "", Tier::municipal, InstitutionKind::general, "", 0, 0, 1}};
  AllianceSpec a{"a", "", {"h0"}, {"c0"}, {Domain::finance}};
  if (allied) a.members.push_back("city");
  spec.alliances = {a};
  return County(spec);
}

std::vector<PaymentScheme> hand_schemes(bool allied) {
  PaymentScheme budget;
  budget.id = "package";
  budget.party = "a";
  GlobalBudgetParameters gb;
  gb.budget = BudgetRule::fixed(m("6000"));
  gb.distribution = DistributionRule{};
  gb.distribution->ratios[index(Tier::county)] = 6;
  gb.distribution->ratios[index(Tier::township)] = 3;
  if (allied) gb.distribution->ratios[index(Tier::municipal)] = 1;
  budget.parameters = gb;
  PaymentScheme ffs;
  ffs.id = "ffs";
  FeeForServiceParameters fp;
  for (Tier t : all_tiers) fp.reimbursement[index(t)] = 0.5;
  ffs.parameters = fp;
  return {budget, ffs};
}

TEST(MunicipalPurse, AnAlliedCityHospitalsShareIsItsAlliancesByHand) {
  const FlowTable f = hand_table();
  FlowParameters params;
  params.lines.resize(1);
  const County allied = hand_county(true);
  const County unallied = hand_county(false);
  const std::vector<PaymentScheme> schemes = hand_schemes(true);
  const std::vector<PaymentScheme> plain_schemes = hand_schemes(false);
  ASSERT_TRUE(check_payment(schemes, allied).empty());
  FlowMoney money(allied, params, f, schemes);
  FlowMoney plain(unallied, params, f, plain_schemes);
  money.compute(f, 2021, 0.5, 20.0, true);
  plain.compute(f, 2021, 0.5, 20.0, true);

  // The municipal 1000.01 by count 3 : 1 is 750.0075 : 250.0025; the odd fen
  // goes to the larger remainder, city's.
  EXPECT_EQ(money.institution_fund(),
            (std::vector<Money>{m("250"), m("750"), m("3000"), m("750.01"), Money{}}));
  EXPECT_EQ(money.institution_workload(), (std::vector<double>{100.0, 300.0, 100.0, 30.0, 0.0}));
  EXPECT_EQ(plain.institution_fund(), (std::vector<Money>{m("250"), m("750"), m("3000"), Money{}, Money{}}));
  // a: c0 250 + h0 3000 + city 750.01; outside: city2's 250 and 900.
  EXPECT_EQ(money.alliance_in_county(0), m("4000.01"));
  EXPECT_EQ(money.out_of_county(), m("1150"));
  EXPECT_EQ(money.total(), m("5900.01"));
  EXPECT_EQ(plain.alliance_in_county(0), m("3250"));
  EXPECT_EQ(plain.out_of_county(), m("1900.01"));
  EXPECT_EQ(plain.total(), m("5900.01"));
  // One alliance: charged the same 5150.01 either way.
  EXPECT_EQ(money.charged(0), m("5150.01"));
  EXPECT_EQ(plain.charged(0), m("5150.01"));

  // The surplus 849.99 split 6 : 3 : 1 is 509.994 : 254.997 : 84.999; the two
  // odd fen go to municipal (.9) and township (.7).
  const SchemeSettlement s = settle(schemes[0], money.input(0), allied);
  ASSERT_TRUE(s.ledger.check().empty());
  EXPECT_EQ(s.outcome.retained, m("849.99"));
  EXPECT_EQ(s.ledger.inflow("city"), m("750.01") + m("85"));
  EXPECT_EQ(s.ledger.inflow("h0"), m("3000") + m("509.99"));
  EXPECT_EQ(s.ledger.inflow("c0"), m("250") + m("255"));
  EXPECT_EQ(s.ledger.inflow("city2"), Money{});
  EXPECT_EQ(s.ledger.inflow(out_of_county_party), m("1150"));
  EXPECT_EQ(s.ledger.balance("a"), Money{});
  const SchemeSettlement p = settle(plain_schemes[0], plain.input(0), unallied);
  EXPECT_EQ(p.outcome.retained, m("849.99"));
  EXPECT_EQ(p.ledger.inflow("city"), Money{});
  EXPECT_EQ(p.ledger.inflow(out_of_county_party), m("1900.01"));
  EXPECT_EQ(p.ledger.balance(fund_party), s.ledger.balance(fund_party));

  // Fee for service pays the allied city hospital its share of the municipal
  // setting; unallied, the whole setting is paid out of the county.
  const SchemeSettlement claims = settle(schemes[1], money.input(1), allied);
  EXPECT_EQ(claims.ledger.inflow("city"), m("750.01"));
  EXPECT_EQ(claims.ledger.inflow(out_of_county_party), m("1150"));
  const SchemeSettlement plain_claims = settle(plain_schemes[1], plain.input(1), unallied);
  EXPECT_EQ(plain_claims.ledger.inflow("city"), Money{});
  EXPECT_EQ(plain_claims.ledger.inflow(out_of_county_party), m("1900.01"));

  // A settlement file of the same figures settles the same.
  const YearActuals actuals = money.actuals(2021);
  EXPECT_EQ(actuals.fund_spending.at("city"), m("750.01"));
  EXPECT_EQ(actuals.fund_spending.count("city2"), 0U);
  EXPECT_EQ(actuals.out_of_county, m("1150"));
  const SchemeInput from_file = scheme_input(schemes[0], actuals, allied);
  EXPECT_EQ(from_file.in_county_spending, m("4000.01"));
  EXPECT_EQ(from_file.out_of_county_spending, m("1150"));
}

// --- Generated counties, the city hospital allied and not ------------------

struct Pair {
  County unallied;
  County allied;
  FlowParameters params;
  std::size_t alliance = 0;  // the city hospital's alliance in `allied`
};

/// A generated county with the city hospital "city" (1..5 facilities) and
/// sometimes a second, never allied, "city2"; `allied` puts "city" in one
/// alliance (as a member, or now and then as a second lead).
Pair generated_pair(std::mt19937_64& rng, bool legal_entity, bool every_township_allied) {
  testing::GeneratedCase gen = testing::generate_case(rng, false, 1, 6);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int townships = 1 + static_cast<int>(u(rng) * 7);
  CountySpec spec = testing::alliance_county_spec(rng, townships, true, legal_entity);
  for (InstitutionSpec& i : spec.institutions) {
    if (i.id == "city") i.count = 1 + static_cast<long long>(u(rng) * 5);
  }
  if (u(rng) < 0.5)
    spec.institutions.push_back({"city2", "", Tier::municipal, InstitutionKind::general, "", 0, 0,
                                 1 + static_cast<long long>(u(rng) * 3)});
  if (every_township_allied) {
    // The townships of no alliance join the first.
    for (const TownshipSpec& t : spec.townships) {
      for (const char* suffix : {"-c", "-v"}) {
        const std::string id = t.id + suffix;
        bool member = false;
        for (const AllianceSpec& a : spec.alliances)
          member = member || std::find(a.members.begin(), a.members.end(), id) != a.members.end();
        if (!member) spec.alliances.front().members.push_back(id);
      }
    }
  }
  const auto alliance = static_cast<std::size_t>(u(rng) * static_cast<double>(spec.alliances.size()));
  County unallied(spec);
  AllianceSpec& a = spec.alliances[alliance];
  (u(rng) < 0.25 ? a.lead : a.members).push_back("city");
  return {std::move(unallied), County(spec), std::move(gen.params), alliance};
}

/// A global budget for each alliance, rolling at `growth`, split over the
/// tiers its institutions have (county 6, township 3, village 1, municipal 2),
/// and fee for service.
std::vector<PaymentScheme> pair_schemes(const County& c, double growth, BudgetScope scope) {
  std::vector<PaymentScheme> schemes;
  for (const Alliance& a : c.alliances()) {
    GlobalBudgetParameters gb = testing::alliance_budget(a, growth, scope);
    PerTier<bool> has{};
    for (const auto* ids : {&a.lead(), &a.members()}) {
      for (const std::string& id : *ids) has[index(c.institution(id).tier())] = true;
    }
    auto& r = gb.distribution->ratios;
    r[index(Tier::township)] = has[index(Tier::township)] ? 3 : 0;
    r[index(Tier::village)] = has[index(Tier::village)] ? 1 : 0;
    r[index(Tier::municipal)] = has[index(Tier::municipal)] ? 2 : 0;
    PaymentScheme s;
    s.id = "budget-" + a.id();
    s.party = a.id();
    s.parameters = gb;
    schemes.push_back(std::move(s));
  }
  PaymentScheme ffs;
  ffs.id = "ffs";
  FeeForServiceParameters fp;
  for (Tier t : all_tiers) fp.reimbursement[index(t)] = 0.6;
  ffs.parameters = fp;
  schemes.push_back(std::move(ffs));
  return schemes;
}

std::size_t institution_index(const County& c, const std::string& id) {
  return static_cast<std::size_t>(c.find_institution(id) - c.institutions().data());
}

Money sum_of_balances(const Ledger& ledger) {
  Money sum;
  for (const std::string& party : ledger.parties()) sum += ledger.balance(party);
  return sum;
}

TEST(MunicipalPurseProperty, TheCityHospitalsShareMovesIntoItsAlliancesPurse) {
  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  int one_alliance = 0;
  int several = 0;
  int surpluses = 0;
  for (int n = 0; n < 300; ++n) {
    const bool entity = n % 4 == 3;
    const Pair pair = generated_pair(rng, entity, n % 3 == 0);
    const County& ca = pair.allied;
    const County& cu = pair.unallied;
    const std::size_t al = pair.alliance;
    const std::string& al_id = ca.alliances()[al].id();
    const std::size_t city = institution_index(ca, "city");
    ASSERT_EQ(city, institution_index(cu, "city"));

    // Membership moves no patient: the flows are the same.
    FlowModel model_a(ca, pair.params);
    FlowModel model_u(cu, pair.params);
    const FlowDetail detail = n % 2 == 0 ? FlowDetail::cells : FlowDetail::totals;
    FlowTable ta = model_a.make_table(detail);
    FlowTable tu = model_u.make_table(detail);
    model_a.compute(ta);
    model_u.compute(tu);
    ASSERT_EQ(ta.setting_fund, tu.setting_fund);
    const Eigen::Index k_mun = ta.column(Tier::municipal);
    ASSERT_GE(k_mun, 0);
    const Money municipal = ta.setting_fund[static_cast<std::size_t>(k_mun)];

    const double growth = 0.1 * u(rng) - 0.05;
    const BudgetScope scope = n % 5 == 1 ? BudgetScope::contracted_residents : BudgetScope::all_residents;
    const std::vector<PaymentScheme> sa = pair_schemes(ca, growth, scope);
    const std::vector<PaymentScheme> su = pair_schemes(cu, growth, scope);
    ASSERT_TRUE(check_payment(sa, ca).empty());
    ASSERT_TRUE(check_payment(su, cu).empty());
    const double coverage = pair.params.insurance.family_doctor_coverage;
    FlowMoney ma(ca, pair.params, ta, sa);
    FlowMoney mu(cu, pair.params, tu, su);
    // Both resolutions: with the lists, and the totals a projection uses.
    FlowMoney ma_quick(ca, pair.params, ta, sa);
    ma.compute(ta, 2021, coverage, model_a.people(), true);
    mu.compute(tu, 2021, coverage, model_u.people(), true);
    ma_quick.compute(ta, 2021, coverage, model_a.people(), false);

    // The city hospital's share: the municipal setting split by count, to the fen.
    std::vector<std::int64_t> counts;
    std::size_t slot = 0;
    for (std::size_t i = 0; i < ca.institutions().size(); ++i) {
      if (ca.institutions()[i].tier() != Tier::municipal) continue;
      if (i == city) slot = counts.size();
      counts.push_back(ca.institutions()[i].count());
    }
    const Money share = split(municipal, counts)[slot];
    std::int64_t count_sum = 0;
    for (std::int64_t c : counts) count_sum += c;
    const double exact = static_cast<double>(municipal.fen()) * static_cast<double>(counts[slot]) /
                         static_cast<double>(count_sum);
    ASSERT_LT(std::abs(static_cast<double>(share.fen()) - exact), 1.0);
    ASSERT_EQ(ma.institution_fund()[city], share) << "case " << n;
    ASSERT_EQ(mu.institution_fund()[city], Money{});
    const double encounters = ta.line_encounters.col(k_mun).sum();
    ASSERT_NEAR(ma.institution_workload()[city],
                encounters * static_cast<double>(counts[slot]) / static_cast<double>(count_sum),
                1e-9 * std::max(1.0, encounters));

    // Money is conserved to the fen and only the city's share moves.
    Money all;
    for (Money x : ta.setting_fund) all += x;
    ASSERT_EQ(ma.total(), all);
    ASSERT_EQ(mu.total(), all);
    ASSERT_EQ(ma_quick.total(), all);
    ASSERT_EQ(ma.out_of_county() + share, mu.out_of_county());
    ASSERT_EQ(ma_quick.out_of_county(), ma.out_of_county());
    Money paid;
    for (Money x : ma.institution_fund()) paid += x;
    ASSERT_EQ(paid + ma.out_of_county(), all);
    Money allied_a = ma.out_of_county();
    Money allied_u = mu.out_of_county();
    const std::size_t alliances = ca.alliances().size();
    for (std::size_t a = 0; a < alliances; ++a) {
      ASSERT_EQ(ma.alliance_in_county(a), mu.alliance_in_county(a) + (a == al ? share : Money{}));
      ASSERT_EQ(ma_quick.alliance_in_county(a), ma.alliance_in_county(a));
      Money own;
      for (std::size_t i = 0; i < ca.institutions().size(); ++i) {
        if (ca.alliance_index_of(i) == a) own += ma.institution_fund()[i];
      }
      ASSERT_EQ(ma.alliance_in_county(a), own);
      allied_a += ma.alliance_in_county(a);
      allied_u += mu.alliance_in_county(a);
    }
    ASSERT_EQ(allied_a, allied_u);

    // What each budget is charged.
    Money charged_a;
    Money charged_u;
    for (std::size_t a = 0; a < alliances; ++a) {
      charged_a += ma.charged(a);
      charged_u += mu.charged(a);
      if (alliances == 1) {
        ASSERT_EQ(ma.charged(a), mu.charged(a)) << "case " << n;
        const SchemeOutcome oa = scheme_outcome(sa[a], ma.input(a));
        const SchemeOutcome ou = scheme_outcome(su[a], mu.input(a));
        ASSERT_EQ(oa.budget, ou.budget);
        ASSERT_EQ(oa.balance, ou.balance);
        ASSERT_EQ(oa.retained, ou.retained);
        ASSERT_EQ(oa.recovered, ou.recovered);
        ASSERT_EQ(oa.party_result, ou.party_result);
      } else {
        // The others' out-of-county charge shrinks by their part of the share;
        // the city's alliance gains the share less its own part.
        ASSERT_LE(ma.alliance_out_of_county(a), mu.alliance_out_of_county(a));
        if (a != al) {
          ASSERT_LE(ma.charged(a), mu.charged(a));
        }
        if (a == al) {
          ASSERT_GE(ma.charged(a), mu.charged(a));
        }
      }
    }
    if (alliances == 1 || n % 3 == 0) {
      ASSERT_EQ(charged_a, charged_u) << "case " << n;
    }
    (alliances == 1 ? one_alliance : several) += 1;

    // The ledger: each scheme's balances sum to zero, and the city hospital is
    // paid its share and its part of the distribution.
    for (std::size_t s = 0; s < sa.size(); ++s) {
      const SchemeSettlement settled = settle(sa[s], ma.input(s), ca);
      const Ledger& ledger = settled.ledger;
      ASSERT_TRUE(ledger.check().empty()) << sa[s].id;
      ASSERT_EQ(sum_of_balances(ledger), Money{}) << sa[s].id;
      const SchemeSettlement plain = settle(su[s], mu.input(s), cu);
      ASSERT_EQ(plain.ledger.inflow("city"), Money{}) << su[s].id;
      if (sa[s].kind() == SchemeKind::fee_for_service) {
        ASSERT_EQ(ledger.balance("city"), ma.institution_fund()[city]);
        continue;
      }
      if (s != al) {
        ASSERT_EQ(ledger.inflow("city"), Money{}) << sa[s].id;
        continue;
      }
      Money allocated;
      for (const Transfer& t : ledger.transfers()) {
        if (t.kind == TransferKind::internal_allocation && t.from == al_id && t.to == "city")
          allocated += t.amount;
      }
      ASSERT_EQ(allocated, share) << "case " << n;
      const auto& rule = *std::get<GlobalBudgetParameters>(sa[s].parameters).distribution;
      const Distribution d = distribute(rule, settled.outcome.party_result, ma.input(s).members);
      // The municipal tier's part is its ratio's part of what the alliance
      // kept or owes, and "city" is the tier's only member.
      std::vector<double> ratios;
      std::size_t municipal_slot = 0;
      for (Tier t : all_tiers) {
        if (rule.ratios[index(t)] <= 0.0) continue;
        if (t == Tier::municipal) municipal_slot = ratios.size();
        ratios.push_back(rule.ratios[index(t)]);
      }
      const Money municipal_part = split(settled.outcome.party_result, ratios)[municipal_slot];
      ASSERT_EQ(d.by_tier[index(Tier::municipal)], municipal_part);
      Money city_part;
      for (const MemberAmount& p : d.members) {
        if (p.id == "city") city_part = p.amount;
      }
      ASSERT_EQ(city_part, municipal_part);
      ASSERT_EQ(ledger.inflow("city"), share + std::max(city_part, Money{})) << "case " << n;
      ASSERT_EQ(ledger.outflow("city"), std::max(-city_part, Money{})) << "case " << n;
      ASSERT_EQ(ledger.balance(al_id), Money{});
      if (settled.outcome.party_result > Money{}) ++surpluses;
      // A settlement file of the year's figures gives the budget the same input.
      YearActuals actuals = ma.actuals(2021);
      actuals.last_year_spending = ma.input(s).last_year_spending;
      actuals.contracted_share = ma.input(s).contracted_share;
      const SchemeInput from_file = scheme_input(sa[s], actuals, ca);
      ASSERT_EQ(from_file.in_county_spending, ma.input(s).in_county_spending);
      ASSERT_EQ(from_file.out_of_county_spending, ma.input(s).out_of_county_spending);
    }
  }
  // The loop reached every case it claims to test.
  EXPECT_GT(one_alliance, 30);
  EXPECT_GT(several, 30);
  EXPECT_GT(surpluses, 10);
}

TEST(MunicipalPurseProperty, UnalliedCityHospitalsChangeNothing) {
  // A county whose city hospitals are all unallied: its money as if it had none.
  std::mt19937_64 rng(77);
  for (int n = 0; n < 100; ++n) {
    const Pair pair = generated_pair(rng, n % 2 == 0, false);
    const County& c = pair.unallied;
    FlowModel model(c, pair.params);
    FlowTable table = model.make_table(FlowDetail::totals);
    model.compute(table);
    const std::vector<PaymentScheme> schemes = pair_schemes(c, 0.02, BudgetScope::all_residents);
    FlowMoney money(c, pair.params, table, schemes);
    money.compute(table, 2021, pair.params.insurance.family_doctor_coverage, model.people(), true);
    Money outside;
    for (std::size_t k = 0; k < table.settings.size(); ++k) {
      if (!is_in_county(table.settings[k])) outside += table.setting_fund[k];
    }
    ASSERT_EQ(money.out_of_county(), outside);
    for (std::size_t i = 0; i < c.institutions().size(); ++i) {
      if (c.institutions()[i].tier() == Tier::municipal) {
        ASSERT_EQ(money.institution_fund()[i], Money{});
      }
    }
    for (const ServiceClaim& claim : money.input(schemes.size() - 1).claims)
      ASSERT_NE(claim.institution, "city");
    ASSERT_EQ(money.actuals(2021).fund_spending.count("city"), 0U);
  }
}

}  // namespace
}  // namespace ygt
