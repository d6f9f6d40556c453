#include <gtest/gtest.h>

#include <random>
#include <yigongti/payment/distribution.hpp>

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

DistributionRule six_three_one() {
  DistributionRule rule;
  rule.ratios[index(Tier::county)] = 6;
  rule.ratios[index(Tier::township)] = 3;
  rule.ratios[index(Tier::village)] = 1;
  return rule;
}

std::vector<AllianceMember> suixi_members() {
  std::vector<AllianceMember> members = {{"suixi-peoples", Tier::county, 700.0, 91.0},
                                         {"suixi-tcm", Tier::county, 300.0, 88.0}};
  for (int i = 0; i < 18; ++i) {
    members.push_back({"township-" + std::to_string(i), Tier::township, 10.0 + i, 80.0});
  }
  for (int i = 0; i < 25; ++i)
    members.push_back({"village-" + std::to_string(i), Tier::village, 1.0, 60.0 + i});
  return members;
}

TEST(Distribution, SuixiPackageSurplusSixThreeOne) {
  const std::vector<AllianceMember> members = suixi_members();
  const Distribution d = distribute(six_three_one(), m("94394600.00"), members);
  EXPECT_EQ(d.by_tier[index(Tier::county)], m("56636760.00"));
  EXPECT_EQ(d.by_tier[index(Tier::township)], m("28318380.00"));
  EXPECT_EQ(d.by_tier[index(Tier::village)], m("9439460.00"));
  EXPECT_EQ(d.by_tier[index(Tier::community)], Money{});
  // Within the county tier by workload 7 : 3.
  EXPECT_EQ(d.members[0].amount, m("39645732.00"));
  EXPECT_EQ(d.members[1].amount, m("16991028.00"));
  Money sum;
  for (const MemberAmount& part : d.members) sum += part.amount;
  EXPECT_EQ(sum, d.amount);
}

TEST(Distribution, ScoreBasisSplitsATierByPerformance) {
  DistributionRule rule = six_three_one();
  rule.basis = DistributionBasis::score;
  const std::vector<AllianceMember> members = suixi_members();
  const Distribution d = distribute(rule, m("94394600.00"), members);
  // 91 : 88 of the county part.
  EXPECT_EQ(d.members[0].amount, m("56636760.00").scaled(91, 179));
  EXPECT_EQ(d.members[0].amount + d.members[1].amount, m("56636760.00"));
}

TEST(Distribution, LedgerMovesPartsFromTheHolderAndALossBack) {
  const std::vector<AllianceMember> members = {{"county", Tier::county, 1.0, 0.0},
                                               {"holder", Tier::township, 1.0, 0.0},
                                               {"village", Tier::village, 1.0, 0.0}};
  Ledger ledger;
  const Distribution gain = distribute(six_three_one(), m("1000"), members);
  record_distribution(ledger, 2021, "holder", gain);
  // The holder's own part moves nothing.
  EXPECT_EQ(ledger.size(), 2u);
  EXPECT_EQ(ledger.balance("county"), m("600"));
  EXPECT_EQ(ledger.balance("holder"), -m("700"));

  Ledger loss_ledger;
  const Distribution loss = distribute(six_three_one(), -m("1000"), members);
  record_distribution(loss_ledger, 2021, "holder", loss);
  EXPECT_EQ(loss_ledger.balance("county"), -m("600"));
  EXPECT_EQ(loss_ledger.transfers()[0].from, "county");
  EXPECT_TRUE(loss_ledger.check().empty());
}

TEST(DistributionCheck, RatiosAndMembersHaveTheirPaths) {
  DistributionRule rule;
  EXPECT_EQ(problem_paths(rule.check()), std::vector<std::string>{"ratios"});
  rule.ratios[index(Tier::county)] = -6;
  EXPECT_EQ(problem_paths(rule.check()), std::vector<std::string>{"ratios.county"});
  rule.ratios[index(Tier::county)] = 6;
  rule.ratios[index(Tier::out_of_county)] = 1;
  EXPECT_EQ(problem_paths(rule.check()), std::vector<std::string>{"ratios.out_of_county"});

  rule = six_three_one();
  std::vector<AllianceMember> members = {{"c", Tier::county, 1.0, 0.0}, {"t", Tier::township, 1.0, 0.0}};
  EXPECT_EQ(problem_paths(check_members(rule, members)), std::vector<std::string>{"members"});  // no village
  members.push_back({"v", Tier::village, 0.0, 5.0});
  EXPECT_EQ(problem_paths(check_members(rule, members)),
            std::vector<std::string>{"members"});  // zero workload
  members[2].workload = 2.0;
  EXPECT_TRUE(check_members(rule, members).empty());
  members.push_back({"c", Tier::county, -1.0, 0.0});
  members.push_back({"x", Tier::out_of_county, 1.0, 0.0});
  EXPECT_EQ(problem_paths(check_members(rule, members)),
            (std::vector<std::string>{"members[3].workload", "members[4].tier", "members[3].id"}));
  EXPECT_THROW((void)distribute(rule, m("1"), members), InputError);
}

TEST(DistributionProperty, PartsSumExactlyAndFollowTheSign) {
  std::mt19937_64 rng(601);
  std::uniform_int_distribution<int> small(0, 3);
  std::uniform_int_distribution<std::int64_t> fen(-(std::int64_t{1} << 45), std::int64_t{1} << 45);
  std::uniform_real_distribution<double> real(0.0, 100.0);
  const std::vector<std::string> ids = {"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"};
  std::vector<AllianceMember> members;
  for (int n = 0; n < 100000; ++n) {
    DistributionRule rule;
    rule.basis = small(rng) % 2 == 0 ? DistributionBasis::workload : DistributionBasis::score;
    members.clear();
    for (Tier tier : {Tier::village, Tier::township, Tier::county}) {
      const int count = small(rng);
      if (count == 0) continue;
      rule.ratios[index(tier)] = n % 2 == 0 ? static_cast<double>(small(rng)) : real(rng);
      for (int i = 0; i < count; ++i) members.push_back({ids[members.size()], tier, real(rng), real(rng)});
    }
    if (rule.check().size() > 0) continue;
    const Money amount = Money::from_fen(fen(rng));
    const Distribution d = distribute(rule, amount, members);
    Money tiers;
    for (Money x : d.by_tier) tiers += x;
    ASSERT_EQ(tiers, amount);
    PerTier<Money> from_members{};
    for (const MemberAmount& part : d.members) {
      from_members[index(part.tier)] += part.amount;
      ASSERT_TRUE(part.amount.is_zero() || part.amount.is_negative() == amount.is_negative());
    }
    ASSERT_EQ(from_members, d.by_tier);
    Ledger ledger;
    ledger.reserve(members.size());
    record_distribution(ledger, 2021, "alliance", d);
    ASSERT_TRUE(ledger.check().empty());
    ASSERT_EQ(ledger.balance("alliance"), -amount);
  }
}

}  // namespace
}  // namespace ygt
