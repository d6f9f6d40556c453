#include <gtest/gtest.h>

#include <array>
#include <random>
#include <yigongti/payment/capitation.hpp>

namespace ygt {
namespace {

Money m(const char* text) {
  return Money::parse(text);
}

std::vector<std::string> thrown_paths(const CapitationParameters& p, const CapitationInput& in) {
  try {
    (void)settle_capitation(p, in);
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const Problem& x : e.problems()) out.push_back(x.path);
    return out;
  }
  return {};
}

CapitationParameters chronic_package() {
  CapitationParameters p;
  p.rate_per_head = m("120.50");
  p.service_lines = {"op_chronic", "ip_chronic"};
  return p;
}

CapitationInput township_year() {
  CapitationInput in;
  in.year = 2021;
  in.holder = "t01-centre";
  in.enrolled = 10001;
  in.spending = {{"op_chronic", "t01-centre", m("400000")},
                 {"op_chronic", "t01-village-3", m("150000")},
                 {"ip_chronic", "county-peoples", m("500000")},
                 {"ip_chronic", "out_of_county", m("80000")}};
  return in;
}

TEST(Capitation, PackagePrepaidQuarterlyAndBalanceAgainstSpending) {
  const CapitationSettlement s = settle_capitation(chronic_package(), township_year());
  EXPECT_EQ(s.package, m("1205120.50"));
  EXPECT_EQ(s.instalments[0], m("301280.13"));
  EXPECT_EQ(s.instalments[3], m("301280.12"));
  EXPECT_EQ(s.ledger.total(TransferKind::capitation_prepayment), s.package);
  EXPECT_EQ(s.spending, m("1130000"));
  EXPECT_EQ(s.balance, m("75120.50"));
  EXPECT_EQ(s.surplus, s.balance);
  EXPECT_EQ(s.deficit, Money{});
  // The holder paid the other providers; its own care is no transfer.
  EXPECT_EQ(s.ledger.balance("county-peoples"), m("500000"));
  EXPECT_EQ(s.ledger.balance("out_of_county"), m("80000"));
  EXPECT_EQ(s.ledger.balance("t01-centre"), m("400000") + s.balance);
  EXPECT_TRUE(s.ledger.check().empty());
}

TEST(Capitation, SurplusSplitByTierRatiosIncludingTheHolder) {
  CapitationParameters p = chronic_package();
  p.distribution = DistributionRule{};
  p.distribution->ratios[index(Tier::county)] = 2;
  p.distribution->ratios[index(Tier::township)] = 5;
  p.distribution->ratios[index(Tier::village)] = 3;
  CapitationInput in = township_year();
  in.members = {{"county-peoples", Tier::county, 1.0, 0.0},
                {"t01-centre", Tier::township, 1.0, 0.0},
                {"t01-village-3", Tier::village, 1.0, 0.0}};
  const CapitationSettlement s = settle_capitation(p, in);
  ASSERT_TRUE(s.distribution.has_value());
  EXPECT_EQ(s.distribution->members[0].amount, m("15024.10"));
  EXPECT_EQ(s.distribution->members[1].amount, m("37560.25"));
  EXPECT_EQ(s.distribution->members[2].amount, m("22536.15"));
  EXPECT_EQ(s.ledger.balance("t01-centre"), m("400000") + m("37560.25"));
}

TEST(Capitation, DeficitIsTheHolders) {
  CapitationInput in = township_year();
  in.enrolled = 5000;
  const CapitationSettlement s = settle_capitation(chronic_package(), in);
  EXPECT_EQ(s.deficit, m("527500"));
  EXPECT_EQ(s.surplus, Money{});
  EXPECT_EQ(s.balance, -s.deficit);
}

TEST(CapitationCheck, BadParametersAndInputsHaveTheirPaths) {
  CapitationParameters p = chronic_package();
  p.rate_per_head = m("-1");
  p.service_lines = {"op_chronic", "op_chronic", "bad id"};
  std::vector<std::string> paths;
  for (const Problem& x : p.check()) paths.push_back(x.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"rate_per_head", "service_lines[2]", "service_lines[1]"}));
  p.service_lines.clear();
  EXPECT_EQ(p.check().back().path, "service_lines");

  CapitationInput in = township_year();
  in.enrolled = -3;
  in.spending[1].line = "op_acute";
  in.spending[2].amount = m("-5");
  EXPECT_EQ(thrown_paths(chronic_package(), in),
            (std::vector<std::string>{"enrolled", "spending[1].line", "spending[2].amount"}));
}

TEST(CapitationProperty, FundPaysThePackageAndTheHolderTheBalance) {
  std::mt19937_64 rng(88);
  std::uniform_int_distribution<int> pick(0, 4);
  std::uniform_int_distribution<std::int64_t> fen(0, std::int64_t{1} << 32);
  std::uniform_int_distribution<std::int64_t> heads(0, 200000);
  const std::array<const char*, 5> providers = {"p0", "p1", "p2", "p3", "p4"};
  for (int n = 0; n < 100000; ++n) {
    CapitationParameters p;
    p.rate_per_head = Money::from_fen(fen(rng) % 100000);
    p.service_lines = {"a", "b"};
    const bool split_it = pick(rng) == 0;
    if (split_it) {
      p.distribution = DistributionRule{};
      p.distribution->ratios[index(Tier::township)] = 1 + pick(rng);
      p.distribution->ratios[index(Tier::village)] = pick(rng);
    }
    CapitationInput in;
    in.year = 2021;
    in.holder = "holder";
    in.enrolled = heads(rng);
    const int lines = pick(rng);
    Money at_holder;
    for (int i = 0; i < lines; ++i) {
      const bool own = pick(rng) == 0;
      in.spending.push_back({i % 2 == 0 ? "a" : "b",
                             own ? "holder" : providers[static_cast<std::size_t>(pick(rng))],
                             Money::from_fen(fen(rng) * pick(rng))});
      if (own) at_holder += in.spending.back().amount;
    }
    if (split_it) in.members = {{"t1", Tier::township, 2.0, 0.0}, {"v1", Tier::village, 1.0, 0.0}};
    const CapitationSettlement s = settle_capitation(p, in);
    ASSERT_TRUE(s.ledger.check().empty());
    ASSERT_EQ(s.instalments[0] + s.instalments[1] + s.instalments[2] + s.instalments[3], s.package);
    ASSERT_EQ(-s.ledger.balance(fund_party), s.package);
    ASSERT_EQ(s.surplus - s.deficit, s.balance);
    ASSERT_TRUE(s.surplus.is_zero() || s.deficit.is_zero());
    ASSERT_FALSE(s.surplus.is_negative());
    ASSERT_FALSE(s.deficit.is_negative());
    const Money distributed = split_it ? s.balance : Money{};
    ASSERT_EQ(s.ledger.balance("holder"), at_holder + s.balance - distributed);
  }
}

}  // namespace
}  // namespace ygt
