#include <gtest/gtest.h>

#include <array>
#include <random>
#include <yigongti/payment/fee_for_service.hpp>

namespace ygt {
namespace {

Money m(const char* text) {
  return Money::parse(text);
}

FeeForServiceParameters rates() {
  FeeForServiceParameters p;
  p.reimbursement[index(Tier::village)] = 0.8;
  p.reimbursement[index(Tier::township)] = 0.85;
  p.reimbursement[index(Tier::county)] = 0.75;
  p.reimbursement[index(Tier::out_of_county)] = 0.55;
  return p;
}

TEST(FeeForService, PaysEachClaimAtItsTiersRate) {
  FeeForServiceInput in;
  in.year = 2021;
  in.claims = {{"yugang", Tier::township, 1, m("2400")},
               {"county-peoples", Tier::county, 2, m("10332.39")},
               {"out_of_county", Tier::out_of_county, 0, m("1000")}};
  const FeeForServiceSettlement s = settle_fee_for_service(rates(), in);
  EXPECT_EQ(s.fund_share, (std::vector<Money>{m("2040"), m("7749.29"), m("550")}));
  EXPECT_EQ(s.fund_payment, m("10339.29"));
  EXPECT_EQ(s.out_of_pocket, m("3393.10"));
  EXPECT_EQ(s.ledger.balance("county-peoples"), m("7749.29"));
  EXPECT_EQ(s.ledger.transfers()[1].quarter, 2);
  EXPECT_EQ(s.ledger.total(TransferKind::claim_payment), s.fund_payment);
}

TEST(FeeForServiceCheck, BadRatesAndClaimsHaveTheirPaths) {
  FeeForServiceParameters p = rates();
  p.reimbursement[index(Tier::county)] = 1.5;
  ASSERT_EQ(p.check().size(), 1u);
  EXPECT_EQ(p.check()[0].path, "reimbursement.county");

  FeeForServiceInput in;
  in.claims = {{"h1", Tier::county, 0, m("-1")}, {"fund", Tier::county, 7, m("1")}};
  std::vector<std::string> paths;
  for (const Problem& x : in.check(rates())) paths.push_back(x.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"claims[0].eligible_cost", "claims[1].institution",
                                             "claims[1].quarter"}));
  EXPECT_THROW((void)settle_fee_for_service(rates(), in), InputError);
}

TEST(FeeForServiceProperty, FundAndPatientsShareEveryClaimExactly) {
  std::mt19937_64 rng(1999);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<std::int64_t> fen(0, std::int64_t{1} << 40);
  std::uniform_int_distribution<int> pick(0, 5);
  const std::array<const char*, 6> institutions = {"h0", "h1", "h2", "h3", "h4", "h5"};
  for (int n = 0; n < 100000; ++n) {
    FeeForServiceParameters p;
    for (std::optional<Share>& r : p.reimbursement)
      r = pick(rng) == 0 ? Share::fraction(pick(rng), 5) : Share(unit(rng));
    FeeForServiceInput in;
    in.year = 2021;
    const int claims = 1 + pick(rng);
    for (int i = 0; i < claims; ++i) {
      in.claims.push_back({institutions[static_cast<std::size_t>(pick(rng))],
                           all_tiers[static_cast<std::size_t>(pick(rng))], pick(rng) % 5,
                           Money::from_fen(fen(rng))});
    }
    const FeeForServiceSettlement s = settle_fee_for_service(p, in);
    ASSERT_TRUE(s.ledger.check().empty());
    ASSERT_EQ(s.fund_payment + s.out_of_pocket, s.eligible_cost);
    ASSERT_EQ(-s.ledger.balance(fund_party), s.fund_payment);
    for (std::size_t i = 0; i < in.claims.size(); ++i) {
      ASSERT_FALSE(s.fund_share[i].is_negative());
      ASSERT_LE(s.fund_share[i], in.claims[i].eligible_cost);
    }
  }
}

TEST(FeeForService, AClaimCarryingItsFundShareIsPaidThatShare) {
  FeeForServiceInput in;
  in.year = 2021;
  in.claims = {{"yugang", Tier::township, 1, m("2400"), m("1999.99")},
               {"county-peoples", Tier::county, 2, m("100")}};
  const FeeForServiceSettlement s = settle_fee_for_service(rates(), in);
  // The first claim's own share, not 0.85 of it; the second at the county's 0.75.
  EXPECT_EQ(s.fund_share, (std::vector<Money>{m("1999.99"), m("75")}));
  EXPECT_EQ(s.out_of_pocket, m("425.01"));
  // Without any rate only claims with their share can be paid.
  const FeeForServiceParameters none;
  in.claims[1].fund_share = m("60");
  EXPECT_EQ(settle_fee_for_service(none, in).fund_payment, m("2059.99"));
}

TEST(FeeForServiceCheck, AClaimNeedsItsShareOrItsTiersRate) {
  FeeForServiceParameters p;
  p.reimbursement[index(Tier::county)] = 0.75;
  FeeForServiceInput in;
  in.claims = {{"h1", Tier::county, 0, m("10")},
               {"c1", Tier::township, 0, m("10")},
               {"c2", Tier::township, 0, m("10"), m("10.01")},
               {"c3", Tier::township, 0, m("10"), m("10")}};
  const std::vector<Problem> problems = in.check(p);
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ(problems[0].path, "claims[1].fund_share");
  EXPECT_NE(problems[0].expected.find("reimbursement.township"), std::string::npos) << problems[0].expected;
  EXPECT_EQ(problems[1].path, "claims[2].fund_share");
  EXPECT_THROW((void)settle_fee_for_service(p, in), InputError);
}

}  // namespace
}  // namespace ygt
