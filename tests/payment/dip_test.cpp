#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>
#include <yigongti/payment/dip.hpp>

namespace ygt {
namespace {

Money m(const char* text) {
  return Money::parse(text);
}

std::vector<std::string> thrown_paths(const DipParameters& p, const DipInput& in) {
  try {
    (void)settle_dip(p, in);
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const Problem& x : e.problems()) out.push_back(x.path);
    return out;
  }
  return {};
}

DipParameters regional_fund() {
  DipParameters p;
  p.fund = m("600000000");
  p.reimbursement_ratio = 0.6;
  p.groups = {{"stroke", 1.5, m("10000")}, {"routine", 0.25, std::nullopt}};
  return p;
}

/// 125,000 points: an outlier stroke case, a typical one, and routine cases.
DipInput cases_2021() {
  DipInput in;
  in.year = 2021;
  in.cases = {{"county-peoples", "stroke", m("25000"), 1},
              {"county-peoples", "stroke", m("10000"), 1},
              {"yugang", "routine", m("800"), 499985}};
  return in;
}

TEST(Dip, PointValueFromTheGrossedUpFund) {
  const DipParameters p = regional_fund();
  const DipSettlement s = settle_dip(p, cases_2021());
  EXPECT_EQ(p.pool(), m("1000000000"));
  EXPECT_EQ(s.point_value.total_points, 125000.0);
  EXPECT_EQ(s.point_value.of(1.0), m("8000.00"));
  EXPECT_EQ(s.point_value.of(p.groups[0].weight), m("12000.00"));
  // A case at 2.5 times its group's average earns (2.5 - 2) + 1 = 1.5 times the weight.
  EXPECT_DOUBLE_EQ(p.cost_factor(2.5), 1.5);
  EXPECT_DOUBLE_EQ(s.case_points[0], 2.25);
  EXPECT_EQ(s.point_value.of(s.case_points[0]), m("18000.00"));
  EXPECT_DOUBLE_EQ(s.point_value.yuan(), 8000.0);
}

TEST(Dip, InstitutionsShareThePoolAndTheFundByPoints) {
  const DipSettlement s = settle_dip(regional_fund(), cases_2021());
  ASSERT_EQ(s.institutions.size(), 2u);
  EXPECT_EQ(s.institutions[0].institution, "county-peoples");
  EXPECT_DOUBLE_EQ(s.institutions[0].points, 3.75);
  EXPECT_EQ(s.institutions[0].amount, m("30000"));
  EXPECT_EQ(s.institutions[0].fund_payment, m("18000"));
  EXPECT_EQ(s.institutions[1].amount, m("999970000"));
  EXPECT_EQ(s.ledger.total(TransferKind::dip_payment), m("600000000"));
  EXPECT_EQ(s.ledger.balance("yugang"), m("599982000"));
}

TEST(Dip, ExactRatioAndLowCostCases) {
  DipParameters p = regional_fund();
  p.reimbursement_ratio = Share::fraction(3, 5);
  EXPECT_EQ(p.pool(), m("1000000000"));
  p.reimbursement_ratio.reset();
  EXPECT_EQ(p.pool(), p.fund);
  EXPECT_DOUBLE_EQ(p.case_points(p.groups[0], m("4000")), 1.5 * 0.4);  // below half the average
  EXPECT_DOUBLE_EQ(p.case_points(p.groups[0], m("5000")), 1.5);        // exactly half: typical
  EXPECT_DOUBLE_EQ(p.case_points(p.groups[0], m("20000")), 1.5);       // exactly twice: typical
  EXPECT_DOUBLE_EQ(p.case_points(p.groups[1], m("1000000")), 0.25);    // no average: no adjustment
  p.low_cost_ratio = 0.3;
  p.high_cost_multiple = 3.0;
  EXPECT_DOUBLE_EQ(p.case_points(p.groups[0], m("4000")), 1.5);
  EXPECT_DOUBLE_EQ(p.case_points(p.groups[0], m("35000")), 1.5 * 1.5);
}

TEST(DipCheck, BadParametersHaveTheirPaths) {
  DipParameters p = regional_fund();
  p.fund = m("-1");
  p.reimbursement_ratio = 0.0;
  p.low_cost_ratio = 1.5;
  p.high_cost_multiple = 0.5;
  p.groups.push_back({"stroke", -1.0, m("0")});
  std::vector<std::string> paths;
  for (const Problem& x : p.check()) paths.push_back(x.path);
  EXPECT_EQ(paths,
            (std::vector<std::string>{"fund", "reimbursement_ratio", "low_cost_ratio", "high_cost_multiple",
                                      "groups[2].id", "groups[2].weight", "groups[2].average_cost"}));
}

TEST(DipCheck, ZeroTotalPointsAndBadCasesHaveTheirPaths) {
  const DipParameters p = regional_fund();
  DipInput in;
  EXPECT_EQ(thrown_paths(p, in), std::vector<std::string>{"cases"});
  in.cases = {{"h1", "stroke", m("0"), 1}};  // a free case earns nothing below half the average
  EXPECT_EQ(thrown_paths(p, in), std::vector<std::string>{"cases"});
  in.cases = {{"h1", "sepsis", m("10"), 1}, {"h1", "stroke", m("-10"), 0}, {"fund", "routine", m("1"), 1}};
  EXPECT_EQ(thrown_paths(p, in), (std::vector<std::string>{"cases[0].group", "cases[1].cost",
                                                           "cases[1].count", "cases[2].institution"}));
}

TEST(DipProperty, PaymentsSumToPoolAndFundWithinAFenOfPoints) {
  std::mt19937_64 rng(314);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> pick(0, 3);
  std::uniform_int_distribution<std::int64_t> fen(1, std::int64_t{1} << 42);
  const std::array<const char*, 4> institutions = {"h0", "h1", "h2", "h3"};
  DipParameters p;
  p.groups = {{"g0", 1.0, std::nullopt}, {"g1", 1.0, std::nullopt}};
  DipInput in;
  in.year = 2021;
  for (int n = 0; n < 100000; ++n) {
    p.fund = Money::from_fen(fen(rng));
    p.reimbursement_ratio.reset();
    if (pick(rng) != 0) p.reimbursement_ratio = 0.3 + 0.7 * unit(rng);
    p.low_cost_ratio = unit(rng);
    p.high_cost_multiple = 1.0 + 3.0 * unit(rng);
    p.groups[0].weight = 0.1 + 3.0 * unit(rng);
    p.groups[0].average_cost = Money::from_fen(1 + fen(rng) % 10000000);
    p.groups[1].weight = 0.1 + 3.0 * unit(rng);
    in.cases.clear();
    const int cases = 1 + pick(rng);
    for (int i = 0; i < cases; ++i) {
      // The first case is of the group without cost adjustment, so the points are never all zero.
      in.cases.push_back({institutions[static_cast<std::size_t>(pick(rng))],
                          i == 0 || pick(rng) % 2 == 1 ? "g1" : "g0", Money::from_fen(fen(rng) % 30000000),
                          1 + pick(rng)});
    }
    const DipSettlement s = settle_dip(p, in);
    ASSERT_TRUE(s.ledger.check().empty());
    ASSERT_EQ(-s.ledger.balance(fund_party), p.fund);
    Money amounts;
    double points = 0.0;
    for (const DipInstitutionPayment& inst : s.institutions) {
      amounts += inst.amount;
      points += inst.points;
      ASSERT_FALSE(inst.amount.is_negative());
      ASSERT_FALSE(inst.fund_payment.is_negative());
      const double exact =
          static_cast<double>(s.point_value.pool.fen()) * inst.points / s.point_value.total_points;
      ASSERT_LE(std::abs(static_cast<double>(inst.amount.fen()) - exact), 1.0 + 1e-6 * std::abs(exact));
    }
    ASSERT_EQ(amounts, s.point_value.pool);
    ASSERT_DOUBLE_EQ(points, s.point_value.total_points);
  }
}

}  // namespace
}  // namespace ygt
