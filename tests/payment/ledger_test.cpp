#include <gtest/gtest.h>

#include <yigongti/payment/ledger.hpp>

namespace ygt {
namespace {

Money yuan(std::int64_t y) {
  return Money::from_yuan(y);
}

TEST(TransferKind, NamesRoundTrip) {
  for (TransferKind k : all_transfer_kinds) {
    const auto parsed = parse_enum<TransferKind>(to_string(k));
    ASSERT_TRUE(parsed.has_value()) << to_string(k);
    EXPECT_EQ(*parsed, k);
  }
  EXPECT_EQ(to_string(TransferKind::surplus_retained), "surplus_retained");
  EXPECT_FALSE(parse_enum<TransferKind>("Surplus_Retained").has_value());
}

TEST(Ledger, AddNetPicksTheDirectionBySignAndSkipsZero) {
  Ledger ledger;
  ledger.add_net(2021, 0, "fund", "a1", TransferKind::year_end_settlement, yuan(30));
  ledger.add_net(2021, 0, "fund", "a1", TransferKind::year_end_settlement, yuan(-20));
  ledger.add_net(2021, 0, "fund", "a1", TransferKind::year_end_settlement, Money{});
  ASSERT_EQ(ledger.size(), 2u);
  EXPECT_EQ(ledger.transfers()[1].from, "a1");
  EXPECT_EQ(ledger.transfers()[1].to, "fund");
  EXPECT_EQ(ledger.transfers()[1].amount, yuan(20));
  EXPECT_TRUE(ledger.check().empty());
}

TEST(Ledger, BalancesFlowsAndTotals) {
  Ledger ledger;
  ledger.add({2021, 1, "fund", "a1", TransferKind::prepayment, yuan(100)});
  ledger.add({2021, 0, "a1", "fund", TransferKind::surplus_returned, yuan(15)});
  ledger.add({2021, 0, "a1", "h1", TransferKind::distribution, yuan(40)});
  ledger.add({2021, 0, "fund", "out_of_county", TransferKind::claim_payment, yuan(7)});
  EXPECT_EQ(ledger.balance("a1"), yuan(45));
  EXPECT_EQ(ledger.balance("fund"), yuan(-92));
  EXPECT_EQ(ledger.inflow("a1"), yuan(100));
  EXPECT_EQ(ledger.outflow("a1"), yuan(55));
  EXPECT_EQ(ledger.net_flow("fund", "a1"), yuan(85));
  EXPECT_EQ(ledger.net_flow("a1", "fund"), yuan(-85));
  EXPECT_EQ(ledger.net_flow("h1", "fund"), Money{});
  EXPECT_EQ(ledger.total(TransferKind::distribution), yuan(40));
  EXPECT_EQ(ledger.total(TransferKind::dip_payment), Money{});
  EXPECT_EQ(ledger.parties(), (std::vector<std::string>{"a1", "fund", "h1", "out_of_county"}));
  Money sum;
  for (const std::string& p : ledger.parties()) sum += ledger.balance(p);
  EXPECT_EQ(sum, Money{});
}

TEST(Ledger, AppendKeepsOrder) {
  Ledger a;
  Ledger b;
  a.add({2020, 1, "fund", "a1", TransferKind::prepayment, yuan(1)});
  b.add({2021, 1, "fund", "a1", TransferKind::prepayment, yuan(2)});
  a.append(b);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a.transfers()[1].year, 2021);
  EXPECT_EQ(a.balance("a1"), yuan(3));
}

TEST(Ledger, CheckNamesEveryMalformedRow) {
  Ledger ledger;
  ledger.add({2021, 0, "fund", "a1", TransferKind::prepayment, yuan(1)});
  ledger.add({2021, 0, "fund", "a1", TransferKind::prepayment, yuan(-1)});
  ledger.add({2021, 0, "a1", "a1", TransferKind::distribution, yuan(1)});
  ledger.add({2021, 5, "fund", "a1", TransferKind::prepayment, yuan(1)});
  ledger.add({2021, 0, "", "a 1", TransferKind::prepayment, yuan(1)});
  std::vector<std::string> paths;
  for (const Problem& p : ledger.check()) paths.push_back(p.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"transfers[1].amount", "transfers[2].to", "transfers[3].quarter",
                                             "transfers[4].from", "transfers[4].to"}));
}

}  // namespace
}  // namespace ygt
