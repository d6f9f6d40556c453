// The bundled examples load and match the figures of the source reports.
#include <gtest/gtest.h>

#include <yigongti/flows/flow_model.hpp>
#include <yigongti/io/scenario.hpp>

namespace ygt {
namespace {

const std::string examples = std::string(YGT_SOURCE_DIR) + "/examples";

long long members_of(const County& c, const Alliance& a) {
  long long n = 0;
  for (const auto& id : a.lead()) n += c.institution(id).count();
  for (const auto& id : a.members()) n += c.institution(id).count();
  return n;
}

TEST(Examples, SuixiLikeCounty) {
  const Scenario sc = load_scenario(examples + "/suixi/suixi.json");
  const County& c = sc.county;
  // Suixi: 2 county hospitals, 18 township centres, 254 village clinics, 19 community stations.
  EXPECT_EQ(c.facility_count(Tier::county), 2);
  EXPECT_EQ(c.facility_count(Tier::township), 18);
  EXPECT_EQ(c.facility_count(Tier::village), 254);
  EXPECT_EQ(c.facility_count(Tier::community), 19);
  EXPECT_EQ(c.townships().size(), 18u);
  EXPECT_NEAR(c.total_population(), 1.1e6, 0.15e6);
  ASSERT_FALSE(c.alliances().empty());
  for (const auto& a : c.alliances()) {
    for (const auto& id : a.lead()) EXPECT_EQ(c.institution(id).tier(), Tier::county);
  }
  EXPECT_EQ(sc.years.start, 2016);
}

TEST(Examples, KedongLikeCounty) {
  const Scenario sc = load_scenario(examples + "/kedong/kedong.json");
  const County& c = sc.county;
  // Kedong: 2 alliances led by the People's and TCM hospitals; 6 township centres,
  // 1 community centre, 97 village clinics.
  ASSERT_EQ(c.alliances().size(), 2u);
  std::vector<InstitutionKind> lead_kinds;
  for (const auto& a : c.alliances()) {
    ASSERT_EQ(a.lead().size(), 1u);
    lead_kinds.push_back(c.institution(a.lead()[0]).kind());
  }
  std::sort(lead_kinds.begin(), lead_kinds.end());
  EXPECT_EQ(lead_kinds, (std::vector<InstitutionKind>{InstitutionKind::general, InstitutionKind::tcm}));
  EXPECT_EQ(c.facility_count(Tier::township), 6);
  EXPECT_EQ(c.facility_count(Tier::community), 1);
  EXPECT_EQ(c.facility_count(Tier::village), 97);
  // Every primary institution is in one of the two alliances.
  long long in_alliances = 0;
  for (const auto& a : c.alliances()) in_alliances += members_of(c, a);
  EXPECT_EQ(in_alliances, 2 + 6 + 1 + 97);
}

TEST(Examples, SuixiFlowsReproduceTheReported2021Indicators) {
  // Suixi 2021 (DOMAIN.md): county visit rate 85%, hospitalisation rate 11.68%,
  // inpatient reimbursement ratio 75.21%. The example's parameters were chosen
  // for this (see the comments in examples/suixi/suixi.json).
  const Scenario sc = load_scenario(examples + "/suixi/suixi.json");
  ASSERT_TRUE(sc.flows.has_value());
  const FlowModel model(sc.county, *sc.flows);
  FlowTable f = model.make_table();
  model.compute(f);
  EXPECT_NEAR(f.indicator(Indicator::county_visit_rate), 0.85, 0.02);
  EXPECT_NEAR(f.indicator(Indicator::hospitalization_rate), 0.1168, 0.005);
  EXPECT_NEAR(f.indicator(Indicator::inpatient_reimbursement_rate), 0.7521, 0.005);
}

}  // namespace
}  // namespace ygt
