// The Zhoukou-like region example (examples/zhoukou): its sourced structure
// (Xiangcheng among the counties, three city groups linking four tiers,
// alliances covering all villages, 90% of each budget prepaid quarterly, the
// 47-minute stroke transfer where the file puts it) and what the reform and
// the groups do in the projection.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <yigongti/io/region_file.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/projection/region.hpp>

namespace ygt {
namespace {

const std::string dir = std::string(YGT_SOURCE_DIR) + "/examples/zhoukou";

const Region& region() {
  static const Region r = load_region_file(dir + "/zhoukou.json").region;
  return r;
}

const RegionProjection& projection() {
  static const RegionProjection p = project(region());
  return p;
}

std::size_t variant_index(const std::vector<std::string>& variants, const std::string& id) {
  const auto it = std::find(variants.begin(), variants.end(), id);
  EXPECT_NE(it, variants.end()) << id;
  return static_cast<std::size_t>(it - variants.begin());
}

double region_value(std::size_t v, int year, Indicator i) {
  const RegionProjection& p = projection();
  return p.region[v](year - p.first_year, static_cast<Eigen::Index>(index(i)));
}

bool has_tier(const County& c, const Alliance& a, Tier tier) {
  const auto of_tier = [&](const std::string& id) { return c.institution(id).tier() == tier; };
  return std::any_of(a.lead().begin(), a.lead().end(), of_tier) ||
         std::any_of(a.members().begin(), a.members().end(), of_tier);
}

TEST(ZhoukouExample, XiangchengIsACountyOfTheRegionWithAStrokeLine) {
  const Region& r = region();
  ASSERT_NE(r.find_county("xiangcheng"), nullptr);
  // A subset of the city's 9 counties and districts, each with both variants.
  EXPECT_GE(r.counties.size(), 2u);
  EXPECT_LT(r.counties.size(), 9u);
  EXPECT_EQ(r.variant_ids(), (std::vector<std::string>{"baseline", "reform"}));
  for (const Scenario& sc : r.counties) {
    ASSERT_TRUE(sc.flows.has_value()) << sc.county.id();
    const auto& lines = sc.flows->lines;
    const auto stroke =
        std::find_if(lines.begin(), lines.end(), [](const ServiceLine& l) { return l.id == "ip_stroke"; });
    ASSERT_NE(stroke, lines.end()) << sc.county.id();
    EXPECT_EQ(stroke->care, CareType::inpatient);
    EXPECT_EQ(stroke->severity, Severity::serious);
  }
}

TEST(ZhoukouExample, EachGroupLinksCityCountyTownshipAndVillage) {
  const Region& r = region();
  // Zhoukou's 3 city health-service groups, each led by a city hospital.
  ASSERT_EQ(r.groups.size(), 3u);
  for (const CityGroup& g : r.groups) {
    ASSERT_FALSE(g.hospitals.empty()) << g.id;
    std::set<std::string> counties;
    for (const GroupMember& m : g.alliances) {
      counties.insert(m.county);
      const Scenario* sc = r.find_county(m.county);
      ASSERT_NE(sc, nullptr) << g.id;
      const County& c = sc->county;
      const Alliance& a = c.alliance(m.alliance);
      // City: the group's hospital is the county's municipal institution, in the alliance.
      for (const std::string& h : g.hospitals) {
        ASSERT_NE(c.find_institution(h), nullptr) << g.id << " " << m.county;
        EXPECT_EQ(c.institution(h).tier(), Tier::municipal);
        EXPECT_EQ(c.alliance_of(h), &a) << g.id << " " << m.county;
      }
      // County, township and village: the alliance's lead and members.
      EXPECT_TRUE(std::any_of(a.lead().begin(), a.lead().end(), [&](const std::string& id) {
        return c.institution(id).tier() == Tier::county;
      }));
      EXPECT_TRUE(has_tier(c, a, Tier::township)) << g.id << " " << m.county;
      EXPECT_TRUE(has_tier(c, a, Tier::village)) << g.id << " " << m.county;
    }
    // A city group reaches across counties.
    EXPECT_GE(counties.size(), 2u) << g.id;
  }
}

TEST(ZhoukouExample, TheAlliancesCoverAllVillages) {
  for (const Scenario& sc : region().counties) {
    for (const Institution& i : sc.county.institutions()) {
      if (i.tier() == Tier::village) {
        EXPECT_NE(sc.county.alliance_of(i.id()), nullptr) << i.id();
      }
    }
  }
}

TEST(ZhoukouExample, EveryCountysReformPrepaysNinetyPercentOfEachBudgetQuarterly) {
  const Region& r = region();
  const RegionProjection& p = projection();
  const std::size_t reform = variant_index(p.variants, "reform");
  for (std::size_t c = 0; c < r.counties.size(); ++c) {
    const Scenario& sc = r.counties[c];
    const Variant& variant = sc.variants[reform];
    ASSERT_TRUE(variant.payment.has_value()) << sc.county.id();
    std::set<std::string> paid;
    int from = p.last_year;
    for (const PaymentScheme& s : *variant.payment) {
      const auto* gb = std::get_if<GlobalBudgetParameters>(&s.parameters);
      ASSERT_NE(gb, nullptr) << sc.county.id() << " " << s.id;
      EXPECT_EQ(gb->prepay_share.value(), 0.9) << sc.county.id() << " " << s.id;
      paid.insert(s.party);
      from = std::min(from, s.from);
    }
    // One budget for each alliance of the county.
    EXPECT_EQ(paid.size(), sc.county.alliances().size()) << sc.county.id();
    // In the ledger: four quarterly instalments to each alliance, 90% of its budget.
    const ProjectionResult& county = p.counties[c];
    for (int y = from; y <= p.last_year; ++y) {
      std::map<std::string, std::set<int>> quarters;
      Money prepaid;
      for (const Transfer& t : county.variants[reform].ledger.transfers()) {
        if (t.year != y || t.kind != TransferKind::prepayment) continue;
        quarters[t.to].insert(t.quarter);
        prepaid += t.amount;
      }
      for (const std::string& a : paid) EXPECT_EQ(quarters[a], (std::set<int>{1, 2, 3, 4})) << a << " " << y;
      const double budget = county.value(reform, y, Indicator::budget);
      EXPECT_GT(budget, 0.0) << y;
      EXPECT_NEAR(prepaid.yuan(), 0.9 * budget, 0.01 * static_cast<double>(paid.size())) << y;
    }
  }
}

TEST(ZhoukouExample, TheFortySevenMinutesAreXiangchengsTripFromT04ToTheCountyTier) {
  const County& c = region().find_county("xiangcheng")->county;
  const Township& t04 = c.township("t04");
  EXPECT_EQ(t04.minutes(Tier::county), 47.0);
  // The transfer starts at a township centre of t04 and ends at a county
  // hospital: both are there, and no other township's trip is longer.
  EXPECT_TRUE(std::any_of(c.institutions().begin(), c.institutions().end(), [](const Institution& i) {
    return i.tier() == Tier::township && i.township() == "t04";
  }));
  EXPECT_TRUE(c.has_tier(Tier::county));
  for (const Township& t : c.townships()) EXPECT_LE(*t.minutes(Tier::county), 47.0) << t.id();
}

TEST(ZhoukouExample, TheGroupsCityHospitalIsPaidInsideTheAlliancesPurse) {
  const Region& r = region();
  const RegionProjection& p = projection();
  const std::size_t reform = variant_index(p.variants, "reform");
  for (const CityGroup& g : r.groups) {
    for (const GroupMember& m : g.alliances) {
      const auto c = static_cast<std::size_t>(r.find_county(m.county) - r.counties.data());
      for (const std::string& h : g.hospitals) {
        Money allocated;
        for (const Transfer& t : p.counties[c].variants[reform].ledger.transfers()) {
          if (t.kind == TransferKind::internal_allocation && t.from == m.alliance && t.to == h)
            allocated += t.amount;
        }
        EXPECT_GT(allocated, Money{}) << g.id << " " << m.county << " " << h;
      }
    }
  }
  // Read alone, the county file has the same city hospitals outside its
  // alliances: nothing is allocated to them.
  const Scenario own = load_scenario(dir + "/xiangcheng.json");
  EXPECT_EQ(own.county.alliance_of("city-general-a"), nullptr);
  const ProjectionResult alone = project(own, {.variant = "reform"});
  for (const Transfer& t : alone.variants[0].ledger.transfers()) EXPECT_NE(t.to, "city-general-a");
}

TEST(ZhoukouExample, TheReformKeepsMoreCareAndMoneyInTheCounties) {
  // docs/behaviour.md: a budget charged with out-of-county spending makes each
  // alliance keep patients in the county. In 2025, four years in, every
  // county and the region keep more episodes and more of the fund inside,
  // with fewer admissions outside; before the reform (2020) the variants agree.
  const RegionProjection& p = projection();
  const std::size_t base = variant_index(p.variants, "baseline");
  const std::size_t reform = variant_index(p.variants, "reform");
  for (const ProjectionResult& c : p.counties) {
    EXPECT_EQ(c.value(reform, 2020, Indicator::county_visit_rate),
              c.value(base, 2020, Indicator::county_visit_rate));
    EXPECT_GT(c.value(reform, 2025, Indicator::county_visit_rate),
              c.value(base, 2025, Indicator::county_visit_rate));
    EXPECT_GT(c.value(reform, 2025, Indicator::fund_in_county_share),
              c.value(base, 2025, Indicator::fund_in_county_share));
    EXPECT_LT(c.value(reform, 2025, Indicator::out_of_county_admissions),
              c.value(base, 2025, Indicator::out_of_county_admissions));
  }
  EXPECT_GT(region_value(reform, 2025, Indicator::county_visit_rate),
            region_value(base, 2025, Indicator::county_visit_rate));
  EXPECT_GT(region_value(reform, 2025, Indicator::fund_in_county_share),
            region_value(base, 2025, Indicator::fund_in_county_share));
}

TEST(ZhoukouExample, TheRegionsIndicatorsCombineTheCounties) {
  const RegionProjection& p = projection();
  for (std::size_t v = 0; v < p.variants.size(); ++v) {
    for (int y = p.first_year; y <= p.last_year; ++y) {
      double people = 0, fund = 0, out_admissions = 0, lo = 1, hi = 0;
      for (const ProjectionResult& c : p.counties) {
        people += c.value(v, y, Indicator::population);
        fund += c.value(v, y, Indicator::fund_spending);
        out_admissions += c.value(v, y, Indicator::out_of_county_admissions);
        lo = std::min(lo, c.value(v, y, Indicator::county_visit_rate));
        hi = std::max(hi, c.value(v, y, Indicator::county_visit_rate));
      }
      EXPECT_NEAR(region_value(v, y, Indicator::population), people, 1e-6 * people) << y;
      EXPECT_NEAR(region_value(v, y, Indicator::fund_spending), fund, 1e-6 * fund) << y;
      EXPECT_NEAR(region_value(v, y, Indicator::out_of_county_admissions), out_admissions,
                  1e-6 * out_admissions);
      // A rate is a weighted mean of the counties': between their extremes.
      EXPECT_GE(region_value(v, y, Indicator::county_visit_rate), lo - 1e-12) << y;
      EXPECT_LE(region_value(v, y, Indicator::county_visit_rate), hi + 1e-12) << y;
    }
  }
}

}  // namespace
}  // namespace ygt
