// The yearly loop: invariance, conservation, scheme switches and reinvestment.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <yigongti/projection/projection.hpp>

namespace ygt {
namespace {
namespace json = boost::json;

const std::string examples = std::string(YGT_SOURCE_DIR) + "/examples";

/// The Suixi example with its sections replaced as `change` says.
template <class Change>
Scenario suixi_with(Change change) {
  // Edit the example as JSON (comments allowed), then read it through the loader.
  std::ifstream in(examples + "/suixi/suixi.json");
  std::stringstream text;
  text << in.rdbuf();
  json::parse_options opt;
  opt.allow_comments = true;
  opt.allow_trailing_commas = true;
  json::value doc = json::parse(text.str(), {}, opt);
  change(doc.as_object());
  return parse_scenario(json::serialize(doc), examples + "/suixi/changed.json");
}

TEST(Projection, WithNothingChangingEveryYearIsTheSame) {
  const Scenario sc = suixi_with([](json::object& d) {
    d.erase("demography");
    d.erase("variants");
  });
  const ProjectionResult r = project(sc);
  ASSERT_EQ(r.variants.size(), 1u);
  EXPECT_TRUE(r.constant_population);
  const auto& m = r.variants[0].indicators;
  for (Eigen::Index y = 1; y < m.rows(); ++y) EXPECT_EQ(m.row(y), m.row(0)) << "year " << r.first_year + y;
}

TEST(Projection, PopulationIsConservedWithoutDeathsBirthsOrMigration) {
  const Scenario sc = suixi_with([](json::object& d) {
    d["demography"] = json::parse(R"({"survival": {"bands": [0], "values": [1]}})");
    d.erase("variants");
  });
  const ProjectionResult r = project(sc);
  EXPECT_FALSE(r.constant_population);
  for (int y = r.first_year; y <= r.last_year; ++y) {
    EXPECT_NEAR(r.value(0, y, Indicator::population), 1'100'000.0, 1e-6) << y;
  }
}

TEST(Projection, TheSchemeSwitchShowsInTheLedgerFromItsYearOnly) {
  const ProjectionResult r = project(load_scenario(examples + "/suixi/suixi.json"), {.variant = "reform"});
  ASSERT_EQ(r.variants.size(), 1u);
  bool before = false;
  bool in_2017 = false;
  for (const Transfer& t : r.variants[0].ledger.transfers()) {
    before = before || t.year < 2017;
    in_2017 = in_2017 || (t.year == 2017 && t.kind == TransferKind::prepayment);
  }
  EXPECT_FALSE(before);
  EXPECT_TRUE(in_2017);
  EXPECT_EQ(r.value(0, 2016, Indicator::budget), 0.0);
  EXPECT_GT(r.value(0, 2017, Indicator::budget), 0.0);
  EXPECT_TRUE(r.variants[0].ledger.check().empty());
}

TEST(Projection, ReinvestmentRaisesPrimaryCapabilityOnlyWhenSomethingWasKept) {
  const Scenario kept = load_scenario(examples + "/suixi/suixi.json");
  const Scenario nothing_kept = suixi_with([](json::object& d) {
    auto& payment = d["variants"].as_array()[1].as_object()["payment"].as_array();
    payment[0].as_object()["retention"] = 0;
    payment.erase(payment.begin() + 1);  // no capitation surplus either
  });
  const auto a = project(kept, {.variant = "reform"});
  const auto b = project(nothing_kept, {.variant = "reform"});
  EXPECT_GT(a.variants[0].reinvestment_gain.maxCoeff(), 0.0);
  EXPECT_EQ(b.variants[0].reinvestment_gain.maxCoeff(), 0.0);
  // And the reform keeps more residents in the county than the baseline.
  const auto both = project(kept);
  EXPECT_GT(both.value(1, 2030, Indicator::county_visit_rate),
            both.value(0, 2030, Indicator::county_visit_rate));
}

TEST(Projection, KedongReformKeepsItsRetentionOfEverySurplus) {
  const ProjectionResult r = project(load_scenario(examples + "/kedong/kedong.json"));
  ASSERT_EQ(r.variants.size(), 2u);
  for (int y = r.first_year; y <= r.last_year; ++y) {
    EXPECT_EQ(r.value(0, y, Indicator::budget), 0.0);  // baseline: fee for service
    const double balance = r.value(1, y, Indicator::balance);
    if (y < 2020) {
      EXPECT_EQ(r.value(1, y, Indicator::budget), 0.0);
      continue;
    }
    EXPECT_GT(r.value(1, y, Indicator::budget), 0.0);
    // Two alliance budgets, each keeping 464/857 of its surplus to the fen.
    if (balance > 0) {
      EXPECT_NEAR(r.value(1, y, Indicator::alliance_retained), balance * 464 / 857, 0.02);
    }
  }
  EXPECT_TRUE(r.variants[1].ledger.check().empty());
}

TEST(Projection, UnknownVariantIsBadInput) {
  EXPECT_THROW((void)project(load_scenario(examples + "/suixi/suixi.json"), {.variant = "nope"}), InputError);
}

TEST(TimePath, RampsAreExactAtTheirEndsAndMidpoint) {
  const TimePath ramp{.from = 2017, .to = 2021, .shape = Shape::linear, .target = 0.9};
  EXPECT_EQ(ramp.at(2016, 0.5), 0.5);
  EXPECT_EQ(ramp.at(2017, 0.5), 0.5);
  EXPECT_DOUBLE_EQ(ramp.at(2019, 0.5), 0.7);
  EXPECT_EQ(ramp.at(2021, 0.5), 0.9);
  EXPECT_EQ(ramp.at(2030, 0.5), 0.9);
  const TimePath step{.from = 2020, .to = 2020, .shape = Shape::step, .target = 0.3};
  EXPECT_EQ(step.at(2019, 0.5), 0.5);
  EXPECT_EQ(step.at(2020, 0.5), 0.3);
  const std::vector<TimePath> chain = {ramp,
                                       {.from = 2023, .to = 2025, .shape = Shape::linear, .target = 0.5}};
  EXPECT_DOUBLE_EQ(value_at(chain, 2024, 0.5), 0.7);  // halfway from 0.9 back to 0.5
}

}  // namespace
}  // namespace ygt
