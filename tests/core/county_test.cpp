// The core types own their invariants: invalid ones cannot be constructed.
#include <gtest/gtest.h>

#include <yigongti/core/county.hpp>

namespace ygt {
namespace {

TownshipSpec township(const std::string& id) {
  TownshipSpec t;
  t.id = id;
  t.population.fill(10.0);
  t.minutes[index(Tier::township)] = 20.0;
  t.minutes[index(Tier::county)] = 45.0;
  t.minutes[index(Tier::out_of_county)] = 120.0;
  return t;
}

CountySpec small_county() {
  CountySpec c;
  c.id = "c";
  c.townships = {township("t1"), township("t2")};
  c.institutions = {{.id = "hosp", .tier = Tier::county},
                    {.id = "t1-centre", .tier = Tier::township, .township = "t1"},
                    {.id = "t2-centre", .tier = Tier::township, .township = "t2"}};
  c.alliances = {{.id = "a", .lead = {"hosp"}, .members = {"t1-centre", "t2-centre"}}};
  return c;
}

TEST(Tier, NamesRoundTripAndOrder) {
  for (Tier t : all_tiers) EXPECT_EQ(parse_enum<Tier>(to_string(t)), t);
  EXPECT_EQ(parse_enum<Tier>("County"), std::nullopt);
  EXPECT_TRUE(is_primary(Tier::village));
  EXPECT_TRUE(is_primary(Tier::community));
  EXPECT_TRUE(is_primary(Tier::township));
  EXPECT_FALSE(is_primary(Tier::county));
  EXPECT_FALSE(is_in_county(Tier::municipal));
  EXPECT_LT(Tier::township, Tier::county);
}

TEST(Institution, KindNamesRoundTrip) {
  for (auto k : all_institution_kinds) EXPECT_EQ(parse_enum<InstitutionKind>(to_string(k)), k);
  for (auto d : all_domains) EXPECT_EQ(parse_enum<Domain>(to_string(d)), d);
}

TEST(Institution, InvalidOnesCannotExist) {
  EXPECT_NO_THROW(Institution({.id = "ok", .tier = Tier::county}));
  EXPECT_THROW(Institution({.id = "", .tier = Tier::county}), InputError);
  EXPECT_THROW(Institution({.id = "v", .tier = Tier::village}), InputError);  // no township
  EXPECT_THROW(Institution({.id = "x", .tier = Tier::county, .count = 0}), InputError);
  EXPECT_THROW(Institution({.id = "x", .tier = Tier::county, .beds = -1}), InputError);
}

TEST(Alliance, InvalidOnesCannotExist) {
  EXPECT_THROW(Alliance({.id = "a"}), InputError);  // no lead
  EXPECT_THROW(Alliance({.id = "a", .lead = {"h"}, .members = {"h"}}), InputError);
  EXPECT_THROW(Alliance({.id = "a", .lead = {"h"}, .unified = {Domain::finance, Domain::finance}}),
               InputError);
  const Alliance ok({.id = "a", .lead = {"h"}, .members = {"m"}});
  EXPECT_TRUE(ok.includes("h"));
  EXPECT_TRUE(ok.includes("m"));
  EXPECT_FALSE(ok.includes("x"));
}

TEST(Township, InvalidOnesCannotExist) {
  auto t = township("t");
  t.population[3] = -1;
  EXPECT_THROW(Township{t}, InputError);
  t = township("t");
  t.minutes[index(Tier::county)] = -1;
  EXPECT_THROW(Township{t}, InputError);
  EXPECT_DOUBLE_EQ(Township(township("t")).total_population(), 1010.0);
}

TEST(County, ChecksTheWholeAndReportsRelativePaths) {
  EXPECT_NO_THROW(County{small_county()});
  auto c = small_county();
  c.alliances[0].lead = {"t1-centre"};
  c.alliances[0].members = {"t2-centre"};
  const auto problems = County::check(c);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "alliances[0].lead[0]");
  EXPECT_THROW(County{c}, InputError);
}

TEST(County, LookupsAndCounts) {
  auto spec = small_county();
  spec.institutions.push_back({.id = "vc", .tier = Tier::village, .township = "t1", .count = 14});
  spec.townships[0].minutes[index(Tier::village)] = 5;
  spec.townships[1].minutes[index(Tier::village)] = 8;
  const County c(spec);
  EXPECT_EQ(c.facility_count(Tier::village), 14);
  EXPECT_EQ(c.alliance_of("t2-centre")->id(), "a");
  EXPECT_EQ(c.alliance_of("vc"), nullptr);
  EXPECT_EQ(c.find_institution("nope"), nullptr);
  EXPECT_THROW((void)c.institution("nope"), std::out_of_range);
  EXPECT_TRUE(c.has_tier(Tier::out_of_county));
  EXPECT_FALSE(c.has_tier(Tier::community));
  EXPECT_DOUBLE_EQ(c.total_population(), 2020.0);
}

TEST(AgeBands, ExpandCountsAndRates) {
  const std::vector<int> starts = {0, 5};
  const std::vector<double> counts = {500, 960};
  const AgeVector p = expand_band_counts(starts, counts);
  EXPECT_DOUBLE_EQ(p[4], 100.0);
  EXPECT_DOUBLE_EQ(p[5], 10.0);
  EXPECT_DOUBLE_EQ(p[100], 10.0);
  EXPECT_NEAR(total(p), 1460.0, 1e-9);
  const AgeVector r = expand_band_rates(starts, std::vector<double>{0.2, 1.5});
  EXPECT_DOUBLE_EQ(r[0], 0.2);
  EXPECT_DOUBLE_EQ(r[77], 1.5);
}

}  // namespace
}  // namespace ygt
