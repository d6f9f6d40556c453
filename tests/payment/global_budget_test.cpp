#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <yigongti/payment/global_budget.hpp>

namespace ygt {
namespace {

Money m(const char* text) {
  return Money::parse(text);
}

std::vector<std::string> problem_paths(const std::vector<Problem>& problems) {
  std::vector<std::string> out;
  for (const Problem& p : problems) out.push_back(p.path);
  return out;
}

/// The paths of the problems `settle_global_budget` throws.
std::vector<std::string> thrown_paths(const GlobalBudgetParameters& p, const GlobalBudgetInput& in) {
  try {
    (void)settle_global_budget(p, in);
  } catch (const InputError& e) {
    return problem_paths(e.problems());
  }
  return {};
}

GlobalBudgetParameters kedong_parameters() {
  GlobalBudgetParameters p;
  p.budget = BudgetRule::fixed(m("150000000"));
  p.retention = Share::fraction(464, 857);
  return p;
}

GlobalBudgetInput kedong_2021() {
  // Fund spending whose balance against the 150 million budget is the reported 8.57 million surplus.
  GlobalBudgetInput in;
  in.year = 2021;
  in.alliance = "kedong-peoples";
  in.in_county_spending = m("130430000");
  in.out_of_county_spending = m("11000000");
  return in;
}

TEST(GlobalBudget, KedongKeepsItsRatioOfTheSurplusInBothLedgerForms) {
  GlobalBudgetParameters p = kedong_parameters();
  const GlobalBudgetInput in = kedong_2021();
  const GlobalBudgetSettlement s = settle_global_budget(p, in);
  EXPECT_EQ(s.balance, m("8570000"));
  EXPECT_EQ(s.ledger.total(TransferKind::surplus_retained), m("4640000"));
  EXPECT_EQ(s.returned, m("3930000"));
  // The fund paid out everything but the returned part of the budget.
  EXPECT_EQ(-s.ledger.balance("fund"), s.budget - m("3930000"));
  EXPECT_TRUE(s.ledger.check().empty());

  p.basis = YearEndBasis::budget;
  const GlobalBudgetSettlement b = settle_global_budget(p, in);
  EXPECT_EQ(b.ledger.total(TransferKind::surplus_returned), m("3930000"));
  EXPECT_EQ(b.ledger.total(TransferKind::surplus_retained), Money{});
  EXPECT_EQ(b.ledger.balance(in.alliance), s.ledger.balance(in.alliance));
  EXPECT_EQ(b.ledger.balance(in.alliance) - in.in_county_spending, m("4640000"));
}

TEST(GlobalBudget, PrepaysTheShareQuarterlyAndSettlesTheRestAtYearEnd) {
  GlobalBudgetParameters p = kedong_parameters();
  p.prepay_share = 0.9;
  const GlobalBudgetSettlement s = settle_global_budget(p, kedong_2021());
  EXPECT_EQ(s.prepaid, m("135000000"));
  EXPECT_EQ(s.ledger.total(TransferKind::prepayment), s.prepaid);
  for (const Money q : s.instalments) EXPECT_EQ(q, m("33750000"));
  // Prepayments of 135 million exceed the 130.43 million in-county spending: the alliance pays back.
  EXPECT_EQ(s.ledger.net_flow("fund", "kedong-peoples") - s.ledger.total(TransferKind::surplus_retained),
            m("130430000"));
  EXPECT_EQ(s.ledger.net_flow("kedong-peoples", "fund"), -(m("130430000") + m("4640000")));
  const auto& t = s.ledger.transfers();
  const auto year_end = std::find_if(
      t.begin(), t.end(), [](const Transfer& x) { return x.kind == TransferKind::year_end_settlement; });
  ASSERT_NE(year_end, t.end());
  EXPECT_EQ(year_end->from, "kedong-peoples");
  EXPECT_EQ(year_end->amount, m("4570000"));
}

TEST(GlobalBudget, OutOfCountySpendingCountsOnlyWhenDeducted) {
  GlobalBudgetParameters p = kedong_parameters();
  p.out_of_county_deducted = false;
  const GlobalBudgetSettlement s = settle_global_budget(p, kedong_2021());
  EXPECT_EQ(s.balance, m("19570000"));
  EXPECT_EQ(s.ledger.net_flow("fund", "out_of_county"), m("11000000"));
}

TEST(GlobalBudget, RollingBudgetGrowsLastYearsSpending) {
  GlobalBudgetParameters p;
  p.budget = BudgetRule::rolling(0.05);
  GlobalBudgetInput in = kedong_2021();
  in.last_year_spending = m("142857142.86");
  EXPECT_EQ(settle_global_budget(p, in).budget, m("150000000.00"));
  p.budget = BudgetRule::rolling(-0.1);
  EXPECT_EQ(settle_global_budget(p, in).budget, m("128571428.57"));
}

TEST(GlobalBudget, PerformanceScoreScalesWhatIsKept) {
  GlobalBudgetParameters p = kedong_parameters();
  p.retention = 0.6;
  GlobalBudgetInput in = kedong_2021();
  in.assessment_score = 75.0;  // half way between 60 and 90
  const GlobalBudgetSettlement s = settle_global_budget(p, in);
  EXPECT_DOUBLE_EQ(s.performance_factor, 0.5);
  EXPECT_EQ(s.retained, m("2571000"));
  EXPECT_EQ(s.retained + s.returned, s.balance);
  in.assessment_score = 59.0;
  EXPECT_EQ(settle_global_budget(p, in).retained, Money{});
}

TEST(GlobalBudget, CorridorSharesTheOverspendBandByBand) {
  const std::vector<OverspendBand> corridor = {{0.05, 0.5}, {0.10, 0.3}};
  const Money budget = m("100000000");
  const OverspendSharing o = share_overspend(corridor, budget, m("12000000"));
  EXPECT_EQ(o.slices, (std::vector<Money>{m("5000000"), m("5000000")}));
  EXPECT_EQ(o.insurer_by_band, (std::vector<Money>{m("2500000"), m("1500000")}));
  EXPECT_EQ(o.beyond, m("2000000"));
  EXPECT_EQ(o.insurer, m("4000000"));
  EXPECT_EQ(o.alliance, m("8000000"));
  const OverspendSharing small = share_overspend(corridor, budget, m("3000000"));
  EXPECT_EQ(small.insurer, m("1500000"));
  EXPECT_EQ(small.beyond, Money{});
}

TEST(GlobalBudget, OverspendLedgerFormsAgree) {
  GlobalBudgetParameters p = kedong_parameters();
  p.overspend = {{0.05, 0.5}};
  GlobalBudgetInput in = kedong_2021();
  in.in_county_spending = m("150000000");  // overspend 11 million: 7.5 in the band, 3.5 beyond
  const GlobalBudgetSettlement s = settle_global_budget(p, in);
  EXPECT_EQ(s.overspend.overspend, m("11000000"));
  EXPECT_EQ(s.overspend.insurer, m("3750000"));
  EXPECT_EQ(s.ledger.total(TransferKind::overspend_alliance), m("7250000"));
  EXPECT_EQ(s.alliance_result, -m("7250000"));
  p.basis = YearEndBasis::budget;
  const GlobalBudgetSettlement b = settle_global_budget(p, in);
  EXPECT_EQ(b.ledger.total(TransferKind::overspend_insurer), m("3750000"));
  EXPECT_EQ(b.ledger.balance(in.alliance), s.ledger.balance(in.alliance));
  EXPECT_EQ(b.ledger.balance("fund"), s.ledger.balance("fund"));
}

TEST(GlobalBudget, DistributesWhatTheAllianceKeeps) {
  GlobalBudgetParameters p = kedong_parameters();
  p.distribution = DistributionRule{};
  p.distribution->ratios[index(Tier::county)] = 6;
  p.distribution->ratios[index(Tier::township)] = 4;
  GlobalBudgetInput in = kedong_2021();
  in.members = {{"county-peoples", Tier::county, 3.0, 0.0},
                {"yugang", Tier::township, 1.0, 0.0},
                {"other-centre", Tier::township, 3.0, 0.0}};
  const GlobalBudgetSettlement s = settle_global_budget(p, in);
  ASSERT_TRUE(s.distribution.has_value());
  EXPECT_EQ(s.ledger.balance("county-peoples"), m("2784000"));
  EXPECT_EQ(s.ledger.balance("yugang"), m("464000"));
  EXPECT_EQ(s.ledger.balance("other-centre"), m("1392000"));
  EXPECT_EQ(s.ledger.balance(in.alliance), in.in_county_spending);
}

TEST(GlobalBudget, ContractedResidentsAreChargedTheirShareOfTheSpending) {
  // Luohu: the budget covers the residents contracted with a family doctor (58%).
  GlobalBudgetParameters p;
  p.budget = BudgetRule::rolling(0.06);
  p.scope = BudgetScope::contracted_residents;
  GlobalBudgetInput in;
  in.year = 2018;
  in.alliance = "luohu-group";
  in.in_county_spending = m("1000000000.01");
  in.out_of_county_spending = m("200000000");
  in.last_year_spending = m("650000000");  // last year's spending on this year's contracted residents
  in.contracted_share = 0.58;
  const GlobalBudgetSettlement s = settle_global_budget(p, in);
  EXPECT_EQ(s.budget, m("689000000"));
  // 0.58 x 1,200,000,000.01 = 696,000,000.0058, rounded once.
  EXPECT_EQ(s.charged_spending, m("696000000.01"));
  EXPECT_EQ(s.balance, m("-7000000.01"));
  EXPECT_EQ(s.alliance_result, -m("7000000.01"));  // no corridor: the group bears it all
  EXPECT_TRUE(s.ledger.check().empty());
  // The fund still pays every claim; the group loses its overspend.
  EXPECT_EQ(-s.ledger.balance("fund"), in.in_county_spending + in.out_of_county_spending + s.alliance_result);
  EXPECT_EQ(s.ledger.balance(in.alliance), in.in_county_spending + s.alliance_result);

  // The package basis moves the same money: the package plus the other residents' in-county claims.
  p.basis = YearEndBasis::budget;
  const GlobalBudgetSettlement b = settle_global_budget(p, in);
  EXPECT_EQ(b.ledger.balance(in.alliance), s.ledger.balance(in.alliance));
  EXPECT_EQ(b.ledger.balance("fund"), s.ledger.balance("fund"));

  // A whole share is the budget on every resident.
  in.contracted_share = Share::fraction(1, 1);
  p.scope = BudgetScope::all_residents;
  const Money all = settle_global_budget(p, in).charged_spending;
  p.scope = BudgetScope::contracted_residents;
  EXPECT_EQ(settle_global_budget(p, in).charged_spending, all);
}

TEST(GlobalBudget, ScopesHaveTheirNames) {
  for (BudgetScope scope : {BudgetScope::all_residents, BudgetScope::contracted_residents})
    EXPECT_EQ(parse_enum<BudgetScope>(to_string(scope)), scope);
  EXPECT_EQ(parse_enum<BudgetScope>("contracted"), std::nullopt);
}

// ---- parameter and input checks ----------------------------------------------------------

TEST(GlobalBudgetCheck, EachBadParameterHasItsPath) {
  GlobalBudgetParameters p = kedong_parameters();
  EXPECT_TRUE(p.check().empty());
  p.budget = BudgetRule::fixed(m("-1"));
  EXPECT_EQ(problem_paths(p.check()), std::vector<std::string>{"budget.amount"});
  p.budget = BudgetRule::rolling(-1.0);
  EXPECT_EQ(problem_paths(p.check()), std::vector<std::string>{"budget.rolling_growth"});
  p.budget = BudgetRule::rolling(-5.5045);  // Luohu's printed "-550.45%"
  EXPECT_EQ(problem_paths(p.check()), std::vector<std::string>{"budget.rolling_growth"});
  p.budget = BudgetRule{};
  EXPECT_EQ(problem_paths(p.check()), std::vector<std::string>{"budget"});
  p.budget = BudgetRule{m("1"), 0.05};
  EXPECT_EQ(problem_paths(p.check()), std::vector<std::string>{"budget"});

  p = kedong_parameters();
  p.retention = 1.2;
  p.prepay_share = -0.1;
  EXPECT_EQ(problem_paths(p.check()), (std::vector<std::string>{"prepay_share", "retention"}));

  p = kedong_parameters();
  p.overspend = {{0.05, 0.5}, {0.05, 0.3}, {0.2, 1.5}};
  EXPECT_EQ(problem_paths(p.check()),
            (std::vector<std::string>{"overspend[1].up_to", "overspend[2].insurer_share"}));
  p.overspend = {{0.0, 0.5}};
  EXPECT_EQ(problem_paths(p.check()), std::vector<std::string>{"overspend[0].up_to"});

  p = kedong_parameters();
  p.performance.full_at = 50;
  EXPECT_EQ(problem_paths(p.check()), std::vector<std::string>{"performance.full_at"});

  p = kedong_parameters();
  p.distribution = DistributionRule{};
  EXPECT_EQ(problem_paths(p.check()), std::vector<std::string>{"distribution.ratios"});
}

TEST(GlobalBudgetCheck, EachBadInputHasItsPath) {
  GlobalBudgetParameters p = kedong_parameters();
  GlobalBudgetInput in = kedong_2021();
  in.in_county_spending = m("-5");
  in.out_of_county_spending = m("-0.01");
  EXPECT_EQ(thrown_paths(p, in), (std::vector<std::string>{"in_county_spending", "out_of_county_spending"}));

  in = kedong_2021();
  in.assessment_score = 120.0;
  EXPECT_EQ(thrown_paths(p, in), std::vector<std::string>{"assessment_score"});

  in = kedong_2021();
  in.alliance = "fund";
  EXPECT_EQ(thrown_paths(p, in), std::vector<std::string>{"alliance"});

  p.budget = BudgetRule::rolling(0.05);
  in = kedong_2021();
  EXPECT_EQ(thrown_paths(p, in), std::vector<std::string>{"last_year_spending"});

  p = kedong_parameters();
  p.distribution = DistributionRule{};
  p.distribution->ratios[index(Tier::county)] = 6;
  p.distribution->ratios[index(Tier::village)] = 1;
  in.members = {{"county-peoples", Tier::county, 1.0, 0.0}};
  EXPECT_EQ(thrown_paths(p, in), std::vector<std::string>{"members"});

  // A budget on contracted residents needs their share of the spending, in [0, 1].
  p = kedong_parameters();
  p.scope = BudgetScope::contracted_residents;
  in = kedong_2021();
  EXPECT_EQ(thrown_paths(p, in), std::vector<std::string>{"contracted_share"});
  in.contracted_share = 1.58;
  EXPECT_EQ(thrown_paths(p, in), std::vector<std::string>{"contracted_share"});
  in.contracted_share = 0.58;
  EXPECT_TRUE(thrown_paths(p, in).empty());
}

TEST(GlobalBudgetCheck, SettlementReportsParameterAndInputProblemsTogether) {
  GlobalBudgetParameters p = kedong_parameters();
  p.retention = 2.0;
  GlobalBudgetInput in = kedong_2021();
  in.in_county_spending = m("-1");
  EXPECT_EQ(thrown_paths(p, in), (std::vector<std::string>{"retention", "in_county_spending"}));
}

// ---- invariants over random settlements ----------------------------------------------------

struct Generator {
  std::mt19937_64 rng;
  explicit Generator(std::uint64_t seed) : rng(seed) {}

  double unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
  Money money(std::int64_t max_fen) {
    return Money::from_fen(std::uniform_int_distribution<std::int64_t>(0, max_fen)(rng));
  }
  Share share() {
    switch (below(4)) {
      case 0:
        return Share(static_cast<double>(below(2)));
      case 1: {
        const int den = 1 + below(1000);
        return Share::fraction(below(den + 1), den);
      }
      default:
        return Share(unit());
    }
  }

  GlobalBudgetParameters parameters() {
    GlobalBudgetParameters p;
    const std::int64_t scale = std::int64_t{1} << (10 + below(30));
    if (below(3) == 0) {
      p.budget = BudgetRule::rolling(-0.99 + 1.5 * unit());
    } else {
      p.budget = BudgetRule::fixed(money(scale));
    }
    p.prepay_share = share();
    p.retention = share();
    p.out_of_county_deducted = below(2) == 0;
    double up_to = 0.0;
    const int bands = below(4);
    for (int i = 0; i < bands; ++i) {
      up_to += 0.001 + 0.2 * unit();
      p.overspend.push_back({up_to, share()});
    }
    p.basis = below(2) == 0 ? YearEndBasis::spending : YearEndBasis::budget;
    if (below(3) == 0) p.scope = BudgetScope::contracted_residents;
    p.rounding = static_cast<Rounding>(below(6));
    if (below(3) == 0) {
      DistributionRule rule;
      rule.ratios[index(Tier::county)] = static_cast<double>(1 + below(6));
      rule.ratios[index(Tier::township)] = static_cast<double>(below(4));
      rule.basis = below(2) == 0 ? DistributionBasis::workload : DistributionBasis::score;
      p.distribution = rule;
    }
    return p;
  }

  GlobalBudgetInput input(const GlobalBudgetParameters& p, std::int64_t scale) {
    GlobalBudgetInput in;
    in.year = 2020 + below(10);
    in.alliance = "alliance";
    in.in_county_spending = money(scale);
    in.out_of_county_spending = money(scale / 4);
    if (p.budget.rolling_growth) in.last_year_spending = money(scale);
    if (below(2) == 0) in.assessment_score = 100.0 * unit();
    if (p.scope == BudgetScope::contracted_residents) in.contracted_share = share();
    if (p.distribution) {
      in.members.push_back({"county-1", Tier::county, 1.0 + below(100), 1.0 + below(100)});
      const int townships = 1 + below(3);
      static constexpr std::array<const char*, 3> township_ids = {"township-0", "township-1", "township-2"};
      for (int i = 0; i < townships; ++i) {
        in.members.push_back({township_ids[static_cast<std::size_t>(i)], Tier::township,
                              static_cast<double>(below(50)), static_cast<double>(below(50))});
      }
      in.members.back().workload += 1.0;
      in.members.back().score += 1.0;
    }
    return in;
  }
};

TEST(GlobalBudgetProperty, LedgersBalanceAndPartsSumToWholes) {
  Generator g(20210);
  for (int n = 0; n < 100000; ++n) {
    const GlobalBudgetParameters p = g.parameters();
    const std::int64_t scale = std::int64_t{1} << (10 + g.below(30));
    const GlobalBudgetInput in = g.input(p, scale);
    const GlobalBudgetSettlement s = settle_global_budget(p, in);
    const Ledger& l = s.ledger;

    ASSERT_TRUE(l.check().empty());
    for (const Transfer& t : l.transfers()) ASSERT_FALSE(t.amount.is_zero());
    ASSERT_FALSE(s.budget.is_negative());
    ASSERT_EQ(s.instalments[0] + s.instalments[1] + s.instalments[2] + s.instalments[3], s.prepaid);
    ASSERT_EQ(l.total(TransferKind::prepayment), s.prepaid);
    ASSERT_LE(s.prepaid, s.budget);
    ASSERT_EQ(s.balance, s.budget - s.charged_spending);
    const Money deducted = p.out_of_county_deducted ? in.out_of_county_spending : Money{};
    if (p.scope == BudgetScope::all_residents) {
      ASSERT_EQ(s.charged_spending, in.in_county_spending + deducted);
    } else {
      ASSERT_EQ(s.charged_spending, in.contracted_share->of(in.in_county_spending + deducted, p.rounding));
    }

    if (!s.balance.is_negative()) {
      ASSERT_EQ(s.retained + s.returned, s.balance);
      ASSERT_FALSE(s.retained.is_negative());
      ASSERT_FALSE(s.returned.is_negative());
      ASSERT_EQ(s.overspend.overspend, Money{});
      ASSERT_EQ(s.alliance_result, s.retained);
    } else {
      const OverspendSharing& o = s.overspend;
      ASSERT_EQ(o.overspend, -s.balance);
      ASSERT_EQ(o.insurer + o.alliance, o.overspend);
      ASSERT_FALSE(o.insurer.is_negative());
      ASSERT_FALSE(o.alliance.is_negative());
      Money slices = o.beyond;
      for (Money x : o.slices) slices += x;
      ASSERT_EQ(slices, o.overspend);
      ASSERT_EQ(s.retained + s.returned, Money{});
      ASSERT_EQ(s.alliance_result, -o.alliance);
    }

    // Kinds that carry the result, by basis.
    if (p.basis == YearEndBasis::spending) {
      ASSERT_EQ(l.total(TransferKind::surplus_retained), s.retained);
      ASSERT_EQ(l.total(TransferKind::overspend_alliance), s.overspend.alliance);
      ASSERT_EQ(l.total(TransferKind::surplus_returned) + l.total(TransferKind::overspend_insurer), Money{});
    } else {
      ASSERT_EQ(l.total(TransferKind::surplus_returned), s.returned);
      ASSERT_EQ(l.total(TransferKind::overspend_insurer), s.overspend.insurer);
      ASSERT_EQ(l.total(TransferKind::surplus_retained) + l.total(TransferKind::overspend_alliance), Money{});
    }

    // Nothing created or lost: the fund pays out spending plus the alliance's result.
    const Money fund_out = -l.balance(fund_party);
    ASSERT_EQ(fund_out, in.in_county_spending + in.out_of_county_spending + s.alliance_result);
    ASSERT_EQ(l.balance(out_of_county_party), in.out_of_county_spending);
    // Beyond the budget, the fund pays what is not charged to it: out-of-county
    // claims not deducted, and the claims of residents outside its scope.
    const Money outside = in.in_county_spending + in.out_of_county_spending - s.charged_spending;
    ASSERT_EQ(fund_out, s.budget + outside - s.returned + s.overspend.insurer);

    Money members;
    for (const AllianceMember& mem : in.members) members += l.balance(mem.id);
    if (s.distribution) {
      ASSERT_EQ(members, s.alliance_result);
      ASSERT_EQ(l.balance(in.alliance), in.in_county_spending);
      for (const MemberAmount& part : s.distribution->members) {
        ASSERT_TRUE(part.amount.is_zero() || part.amount.is_negative() == s.alliance_result.is_negative());
      }
    } else {
      ASSERT_EQ(l.balance(in.alliance), in.in_county_spending + s.alliance_result);
    }
    // No money reaches a party other than the fund, the alliance, its members and out-of-county care.
    ASSERT_EQ(l.balance(fund_party) + l.balance(in.alliance) + l.balance(out_of_county_party) + members,
              Money{});
  }
}

TEST(GlobalBudgetProperty, CorridorSharesAreMonotoneInTheOverspend) {
  Generator g(4242);
  for (int n = 0; n < 100000; ++n) {
    const GlobalBudgetParameters p = g.parameters();
    const Money budget = g.money(std::int64_t{1} << 40);
    Money a = g.money(std::int64_t{1} << 39);
    Money b = g.below(4) == 0 ? a + Money::from_fen(1) : g.money(std::int64_t{1} << 39);
    if (b < a) std::swap(a, b);
    const OverspendSharing lo = share_overspend(p.overspend, budget, a, p.rounding);
    const OverspendSharing hi = share_overspend(p.overspend, budget, b, p.rounding);
    ASSERT_LE(lo.insurer, hi.insurer);
    ASSERT_LE(lo.alliance, hi.alliance);
    ASSERT_EQ(hi.insurer + hi.alliance, b);
    if (p.overspend.empty()) {
      ASSERT_EQ(hi.alliance, b);
    }
  }
}

}  // namespace
}  // namespace ygt
