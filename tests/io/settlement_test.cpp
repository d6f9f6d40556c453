// Stand-alone settlement files: the Kedong example, and every rule's JSON path.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <yigongti/io/settlement.hpp>

#include "support/problems.hpp"

namespace ygt {
namespace {
namespace json = boost::json;

const std::string examples = std::string(YGT_SOURCE_DIR) + "/examples";

Money total_of(const std::vector<SchemeSettlement>& results, TransferKind kind) {
  Money total;
  for (const auto& r : results) total += r.ledger.total(kind);
  return total;
}

TEST(Settlement, KedongExampleKeepsWhatTheReportSays) {
  const SettlementFile file = load_settlement(examples + "/kedong/settlement-2021.json");
  const auto results = settle_file(file);
  ASSERT_EQ(results.size(), 2u);
  Money budget;
  Money balance;
  for (const auto& r : results) {
    budget += r.outcome.budget;
    balance += r.outcome.balance;
  }
  EXPECT_EQ(budget, Money::parse("150000000"));
  EXPECT_EQ(balance, Money::parse("8570000"));
  EXPECT_EQ(total_of(results, TransferKind::surplus_retained), Money::parse("4640000"));
  EXPECT_EQ(balance - total_of(results, TransferKind::surplus_retained), Money::parse("3930000"));
  // Nothing created or lost: the fund's net outflow is what the others gained.
  Money fund;
  Money others;
  for (const auto& r : results) {
    fund += r.ledger.balance(fund_party);
    for (const auto& party : r.ledger.parties()) {
      if (party != fund_party) others += r.ledger.balance(party);
    }
    EXPECT_TRUE(r.ledger.check().empty());
  }
  EXPECT_EQ(fund + others, Money{});
  // What the People's alliance kept went to its members, to the fen.
  Money distributed;
  for (const auto& t : results[0].ledger.transfers()) {
    if (t.kind == TransferKind::distribution) distributed += t.amount;
  }
  EXPECT_EQ(distributed, results[0].outcome.retained);
}

/// A settlement file in a temporary directory, over the Kedong example county.
class SettlementFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ygt-settlement-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static json::value base() {
    return json::parse(R"({
      "schema": "yigongti/settlement/1", "year": 2021,
      "scenario": ")" + examples +
                       R"(/kedong/kedong.json",
      "payment": {"scheme": "global_budget", "alliance": "tcm-alliance", "budget": {"amount": 60000000},
                  "retention": 0.6, "overspend": [{"up_to": 0.05, "insurer_share": 0.5}],
                  "distribution": {"ratios": {"county": 6, "township": 3, "village": 1}}},
      "actual": {"fund_spending": {"county-tcm": 40000000, "yugang-centre": 5000000, "north-centre": 0,
                                   "west-centre": 0, "yugang-villages": 0, "north-villages": 800000,
                                   "west-villages": 0},
                 "out_of_county": 9000000, "assessment_score": 95,
                 "workload": {"county-tcm": 10, "yugang-centre": 5, "north-centre": 4, "west-centre": 3,
                              "yugang-villages": 2, "north-villages": 2, "west-villages": 1}}
    })");
  }

  std::vector<Problem> problems_of(const json::value& doc) const {
    const auto path = dir_ / "s.json";
    std::ofstream(path) << json::serialize(doc);
    try {
      (void)settle_file(load_settlement(path));
    } catch (const InputError& e) {
      EXPECT_EQ(e.origin(), path.string());
      return e.problems();
    }
    return {};
  }

  void expect_problem(const json::value& doc, const std::string& path, const std::string& fragment) const {
    EXPECT_TRUE(testing::has_problem(problems_of(doc), path, fragment));
  }

  std::filesystem::path dir_;
};

TEST_F(SettlementFiles, AnInstitutionOfThePaidAllianceMissingFromTheSpendingIsRefused) {
  // Left out, an institution's spending would count as 0 and make a surplus
  // that is not there: every institution of the paid alliance needs an
  // amount, 0 for none.
  json::value doc = base();
  doc.at("actual").at("fund_spending").as_object().erase("west-centre");
  doc.at("actual").at("fund_spending").as_object().erase("north-centre");
  expect_problem(doc, "actual.fund_spending",
                 "no amount for 2 of the 7 institutions of alliance \"tcm-alliance\"");
  expect_problem(doc, "actual.fund_spending", "north-centre, west-centre");
  // An institution of another alliance, unpaid, may be left out (the base
  // file has none of the People's alliance).
  EXPECT_TRUE(problems_of(base()).empty());
}

TEST_F(SettlementFiles, TheBaseFileSettles) {
  EXPECT_TRUE(problems_of(base()).empty());
}

TEST_F(SettlementFiles, NegativeSpending) {
  auto doc = base();
  doc.at("actual").at("fund_spending").as_object()["county-tcm"] = -5;
  expect_problem(doc, "actual.fund_spending.county-tcm", "negative");
}

TEST_F(SettlementFiles, UnknownInstitutionSuggests) {
  auto doc = base();
  doc.at("actual").at("fund_spending").as_object()["county-tmc"] = 5;
  expect_problem(doc, "actual.fund_spending.county-tmc", "did you mean `county-tcm`?");
}

TEST_F(SettlementFiles, RetentionOutsideZeroOne) {
  auto doc = base();
  doc.at("payment").as_object()["retention"] = 1.5;
  expect_problem(doc, "payment.retention", "[0, 1]");
}

TEST_F(SettlementFiles, RetentionAsAFraction) {
  auto doc = base();
  doc.at("payment").as_object()["retention"] = "464/857";
  EXPECT_TRUE(problems_of(doc).empty());
  doc.at("payment").as_object()["retention"] = "857/464";
  expect_problem(doc, "payment.retention", "");
}

TEST_F(SettlementFiles, CorridorBandsNotIncreasing) {
  auto doc = base();
  doc.at("payment").as_object()["overspend"] =
      json::parse(R"([{"up_to": 0.05, "insurer_share": 0.5}, {"up_to": 0.03, "insurer_share": 0.2}])");
  expect_problem(doc, "payment.overspend[1].up_to", "");
}

TEST_F(SettlementFiles, AllZeroRatios) {
  auto doc = base();
  doc.at("payment").at("distribution").as_object()["ratios"] = json::parse(R"({"county": 0, "township": 0})");
  const auto problems = problems_of(doc);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].path.rfind("payment.distribution.ratios", 0), 0u) << problems[0].path;
}

TEST_F(SettlementFiles, ScoreOutsideItsRange) {
  auto doc = base();
  doc.at("actual").as_object()["assessment_score"] = 120;
  const auto problems = problems_of(doc);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].path.find("assessment_score"), std::string::npos) << problems[0].path;
}

TEST_F(SettlementFiles, GrowthOfMinusOneHundredPercentOrMore) {
  auto doc = base();
  doc.at("payment").as_object()["budget"] = json::parse(R"({"rolling_growth": -1.2})");
  doc.at("actual").as_object()["last_year_spending"] = 50000000;
  expect_problem(doc, "payment.budget.rolling_growth", "");
}

TEST_F(SettlementFiles, NegativeBudget) {
  auto doc = base();
  doc.at("payment").as_object()["budget"] = json::parse(R"({"amount": -1})");
  expect_problem(doc, "payment.budget.amount", "");
}

TEST_F(SettlementFiles, UnknownSchemeSuggests) {
  auto doc = base();
  doc.at("payment").as_object()["scheme"] = "global_budgte";
  expect_problem(doc, "payment.scheme", "did you mean `global_budget`?");
}

TEST_F(SettlementFiles, UnknownAlliance) {
  auto doc = base();
  doc.at("payment").as_object()["alliance"] = "nowhere";
  expect_problem(doc, "payment.alliance", "unknown alliance");
}

TEST_F(SettlementFiles, OneOutOfCountyAmountForTwoBudgets) {
  auto doc = base();
  json::array two;
  two.push_back(doc.at("payment"));
  auto second = doc.at("payment").as_object();
  second["id"] = "people";
  second["alliance"] = "peoples-alliance";
  two.push_back(second);
  doc.as_object()["payment"] = two;
  expect_problem(doc, "actual.out_of_county", "amounts by alliance");
}

TEST_F(SettlementFiles, UnknownScopeSuggests) {
  auto doc = base();
  doc.at("payment").as_object()["scope"] = "contracted_resident";
  expect_problem(doc, "payment.scope", "did you mean `contracted_residents`?");
  expect_problem(doc, "payment.scope", "all_residents or contracted_residents");
  doc.at("payment").as_object()["scope"] = 1;
  expect_problem(doc, "payment.scope", "");
}

TEST_F(SettlementFiles, ABudgetOnContractedResidentsNeedsTheirShare) {
  auto doc = base();
  doc.at("payment").as_object()["scope"] = "contracted_residents";
  expect_problem(doc, "actual.contracted_share", "missing");
  doc.at("actual").as_object()["contracted_share"] = 1.5;
  expect_problem(doc, "actual.contracted_share", "[0, 1]");
  doc.at("actual").as_object()["contracted_share"] = "58/100";
  EXPECT_TRUE(problems_of(doc).empty());
}

TEST_F(SettlementFiles, ABudgetOnContractedResidentsIsChargedTheirShare) {
  auto doc = base();
  doc.at("payment").as_object()["scope"] = "contracted_residents";
  doc.at("actual").as_object()["contracted_share"] = "58/100";
  const auto path = dir_ / "s.json";
  std::ofstream(path) << json::serialize(doc);
  const auto results = settle_file(load_settlement(path));
  ASSERT_EQ(results.size(), 1u);
  // The TCM alliance's 45,800,000 in-county and 9,000,000 out-of-county spending, 58% of it.
  const auto figure = [&](const std::string& name) {
    for (const auto& f : results[0].figures) {
      if (f.name == name) return std::get<Money>(f.value);
    }
    ADD_FAILURE() << "no figure " << name;
    return Money{};
  };
  EXPECT_EQ(figure("in_county_spending"), Money::parse("45800000"));
  EXPECT_EQ(figure("charged_spending"), Money::parse("31784000"));
  EXPECT_EQ(results[0].outcome.balance, Money::parse("28216000"));
}

TEST_F(SettlementFiles, AnAcoSpendingBelowItsInstitutionsCareIsRefused) {
  auto doc = base();
  doc.as_object()["payment"] = json::parse(
      R"({"scheme": "shared_savings", "aco": "tcm-alliance", "benchmark": {"amount": 60000000}})");
  doc.at("actual").as_object()["aco_spending"] = 45000000;  // the TCM alliance's spending is 45,800,000
  expect_problem(doc, "actual.aco_spending", "less than its institutions' fund spending 45800000.00");
  doc.at("actual").as_object()["aco_spending"] = 50000000;
  EXPECT_TRUE(problems_of(doc).empty());
}

TEST_F(SettlementFiles, TypoInAnActualKey) {
  auto doc = base();
  doc.at("actual").as_object()["fund_spendng"] = json::object{};
  expect_problem(doc, "actual.fund_spendng", "did you mean `fund_spending`?");
}

}  // namespace
}  // namespace ygt
