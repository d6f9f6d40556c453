#include <gtest/gtest.h>

#include <random>
#include <yigongti/payment/shared_savings.hpp>

namespace ygt {
namespace {

Money m(const char* text) {
  return Money::parse(text);
}

SharedSavingsParameters two_sided() {
  SharedSavingsParameters p;
  p.minimum_savings_rate = 0.005;
  p.minimum_loss_rate = 0.005;
  p.sharing_rate = 0.75;
  p.loss_rate.quality_linked = true;
  p.loss_rate.floor = 0.40;
  p.loss_rate.ceiling = 0.75;
  p.performance_payment_cap = 0.20;
  p.loss_cap = 0.15;
  p.benchmark = BudgetRule::fixed(m("240000000"));
  return p;
}

SharedSavingsInput aco(const char* spending, double quality = 1.0) {
  return {2021, "aco-1", m(spending), std::nullopt, Share(quality)};
}

TEST(SharedSavings, SavingsPastTheMinimumAreSharedFromTheFirstYuan) {
  const Money benchmark = m("240000000");
  const Money spending = benchmark - benchmark.scaled(4, 100);  // 4% below
  SharedSavingsInput in = aco("0");
  in.spending = spending;
  const SharedSavingsSettlement s = settle_shared_savings(two_sided(), in);
  EXPECT_EQ(s.savings, m("9600000"));
  EXPECT_TRUE(s.minimum_met);
  EXPECT_EQ(s.shared, m("7200000"));
  EXPECT_EQ(s.owed, Money{});
  EXPECT_EQ(s.ledger.total(TransferKind::shared_savings_payment), m("7200000"));
  EXPECT_EQ(s.ledger.balance("aco-1"), spending + m("7200000"));
}

TEST(SharedSavings, QualityLinkedLossRateIsBoundedBelow) {
  const Money benchmark = m("240000000");
  SharedSavingsInput in = aco("0", 0.8);
  in.spending = benchmark + benchmark.scaled(3, 100);  // 3% above
  const SharedSavingsSettlement s = settle_shared_savings(two_sided(), in);
  EXPECT_EQ(s.savings, -m("7200000"));
  // 1 - 0.75 * 0.8 = 0.40, at the floor.
  EXPECT_NEAR(s.loss_rate.value(), 0.40, 1e-15);
  EXPECT_EQ(s.owed, m("2880000"));
  EXPECT_EQ(s.ledger.total(TransferKind::shared_loss_repayment), m("2880000"));
  // Low quality: 1 - 0.75 * 0.2 = 0.85, held at the ceiling 0.75.
  in.quality = 0.2;
  EXPECT_EQ(settle_shared_savings(two_sided(), in).owed, m("5400000"));
}

TEST(SharedSavings, QualityScalesTheSharingRate) {
  SharedSavingsInput in = aco("230400000", 0.8);
  const SharedSavingsSettlement s = settle_shared_savings(two_sided(), in);
  EXPECT_NEAR(s.final_sharing_rate.value(), 0.6, 1e-15);
  EXPECT_EQ(s.shared, m("5760000"));
}

TEST(SharedSavings, NothingBelowTheMinimumRatesAndCapsApply) {
  SharedSavingsParameters p = two_sided();
  // Savings of exactly the minimum rate (1.2 million) are shared; one fen less is not.
  EXPECT_EQ(settle_shared_savings(p, aco("238800000")).shared, m("900000"));
  const SharedSavingsSettlement below = settle_shared_savings(p, aco("238800000.01"));
  EXPECT_FALSE(below.minimum_met);
  EXPECT_EQ(below.shared, Money{});
  EXPECT_EQ(settle_shared_savings(p, aco("241000000")).owed, Money{});

  p.performance_payment_cap = 0.02;  // 4.8 million
  const SharedSavingsSettlement capped = settle_shared_savings(p, aco("230400000"));
  EXPECT_TRUE(capped.capped);
  EXPECT_EQ(capped.shared, m("4800000"));
  p.loss_cap = 0.0;  // one-sided
  EXPECT_EQ(settle_shared_savings(p, aco("250000000")).owed, Money{});
}

TEST(SharedSavingsCheck, BadParametersAndInputsHaveTheirPaths) {
  SharedSavingsParameters p = two_sided();
  p.minimum_savings_rate = -0.01;
  p.sharing_rate = 1.5;
  p.loss_rate.floor = 0.8;
  p.loss_cap = -0.1;
  std::vector<std::string> paths;
  for (const Problem& x : p.check()) paths.push_back(x.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"minimum_savings_rate", "sharing_rate", "loss_rate.ceiling",
                                             "loss_cap"}));

  SharedSavingsInput in = aco("-1", 1.2);
  in.aco = "out_of_county";
  paths.clear();
  for (const Problem& x : in.check(two_sided())) paths.push_back(x.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"aco", "spending", "quality"}));
  EXPECT_THROW((void)settle_shared_savings(two_sided(), in), InputError);

  // A benchmark must be more than nothing: fixed at 0, or rolled from no spending.
  SharedSavingsParameters zero = two_sided();
  zero.benchmark = BudgetRule::fixed(Money{});
  paths.clear();
  for (const Problem& x : zero.check()) paths.push_back(x.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"benchmark.amount"}));
  SharedSavingsParameters rolling = two_sided();
  rolling.benchmark = BudgetRule::rolling(0.05);
  SharedSavingsInput none = aco("100");
  paths.clear();
  for (const Problem& x : none.check(rolling)) paths.push_back(x.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"last_year_spending"}));
  none.last_year_spending = Money{};
  paths.clear();
  for (const Problem& x : none.check(rolling)) paths.push_back(x.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"benchmark"}));
  none.last_year_spending = m("1000");
  EXPECT_EQ(settle_shared_savings(rolling, none).benchmark, m("1050"));
}

TEST(SharedSavingsProperty, PaymentsRespectMinimumsCapsAndTheLedger) {
  std::mt19937_64 rng(2012);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<std::int64_t> fen(1, std::int64_t{1} << 42);
  for (int n = 0; n < 100000; ++n) {
    SharedSavingsParameters p;
    p.minimum_savings_rate = 0.05 * unit(rng);
    p.minimum_loss_rate = 0.05 * unit(rng);
    p.sharing_rate = unit(rng);
    p.loss_rate.quality_linked = n % 2 == 0;
    p.loss_rate.fixed_rate = unit(rng);
    p.loss_rate.floor = 0.5 * unit(rng);
    p.loss_rate.ceiling = 0.5 + 0.5 * unit(rng);
    p.performance_payment_cap = unit(rng);
    p.loss_cap = unit(rng);
    p.rounding = static_cast<Rounding>(n % 6);
    const Money benchmark = Money::from_fen(fen(rng));
    p.benchmark = BudgetRule::fixed(benchmark);
    const Money spending = benchmark.scaled(0.8 + 0.4 * unit(rng));
    const SharedSavingsInput in{2021, "aco", spending, std::nullopt, Share(unit(rng))};
    const SharedSavingsSettlement s = settle_shared_savings(p, in);

    ASSERT_TRUE(s.ledger.check().empty());
    ASSERT_EQ(s.savings, benchmark - spending);
    ASSERT_TRUE(s.shared.is_zero() || s.owed.is_zero());
    ASSERT_FALSE(s.shared.is_negative());
    ASSERT_FALSE(s.owed.is_negative());
    ASSERT_LE(s.shared, p.performance_payment_cap.of(benchmark, p.rounding));
    ASSERT_LE(s.owed, p.loss_cap.of(benchmark, p.rounding));
    if (!s.shared.is_zero()) {
      ASSERT_LE(s.shared, s.savings);
      ASSERT_GE(s.savings, p.minimum_savings_rate.of(benchmark, p.rounding));
    }
    if (!s.owed.is_zero()) {
      ASSERT_LE(s.owed, -s.savings);
      ASSERT_GE(-s.savings, p.minimum_loss_rate.of(benchmark, p.rounding));
    }
    const double rate = s.loss_rate.value();
    if (p.loss_rate.quality_linked) {
      ASSERT_GE(rate, p.loss_rate.floor.value());
      ASSERT_LE(rate, p.loss_rate.ceiling.value());
    }
    ASSERT_EQ(s.ledger.balance("aco"), spending + s.shared - s.owed);
    ASSERT_EQ(-s.ledger.balance(fund_party), spending + s.shared - s.owed);
  }
}

}  // namespace
}  // namespace ygt
