// The Yinzhou-like example: a digital alliance whose information platform
// carries remote consultation and shared results.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <yigongti/projection/projection.hpp>

#include "support/example.hpp"

namespace ygt {
namespace {

const Scenario& yinzhou() {
  return testing::example("yinzhou");
}

const TimePath& reform_path(InterventionKind kind) {
  return testing::reform_intervention(yinzhou(), kind).path;
}

/// The encounter counts of the flows, which shared results must not move.
constexpr std::array encounter_indicators = {
    Indicator::encounters_village,   Indicator::encounters_community, Indicator::encounters_township,
    Indicator::encounters_county,    Indicator::encounters_municipal, Indicator::encounters_out_of_county,
    Indicator::upward_referrals,     Indicator::downward_referrals,   Indicator::out_of_county_admissions,
    Indicator::remote_consultations,
};

TEST(YinzhouExample, ADigitalAllianceOfTheDistrictsInstitutions) {
  const County& c = yinzhou().county;
  // Ningbo's city hospitals are the municipal tier.
  testing::expect_size(c, {.townships = 10,
                           .residents = 800'000,
                           .facilities = {{Tier::village, 104},
                                          {Tier::community, 10},
                                          {Tier::township, 6},
                                          {Tier::county, 2},
                                          {Tier::municipal, 6}}});

  ASSERT_EQ(c.alliances().size(), 1u);
  const Alliance& a = c.alliances()[0];
  EXPECT_FALSE(a.legal_entity());
  EXPECT_TRUE(a.unifies(Domain::information));
  EXPECT_TRUE(a.unifies(Domain::medical_services));
  EXPECT_FALSE(a.unifies(Domain::finance));  // not one purse: fee for service
  // Every institution in the district is a member, the city hospitals are not.
  for (const Institution& i : c.institutions()) {
    EXPECT_EQ(a.includes(i.id()), i.tier() != Tier::municipal) << i.id();
  }
  // Both variants pay fee for service: no scheme anywhere.
  EXPECT_TRUE(yinzhou().payment.empty());
  for (const Variant& v : yinzhou().variants) EXPECT_FALSE(v.payment.has_value()) << v.id;
}

TEST(YinzhouExample, RemoteConsultationOnlyInTheReformAndFewerReferralsUp) {
  const ProjectionResult r = project(yinzhou(), {.keep_ledger = false});
  ASSERT_EQ(r.variants.size(), 2u);
  ASSERT_EQ(r.variants[1].id, "reform");
  const TimePath& share = reform_path(InterventionKind::remote_consultation);
  for (int y = r.first_year; y <= r.last_year; ++y) {
    EXPECT_EQ(r.value(0, y, Indicator::remote_consultations), 0.0) << y;
    if (y <= share.from) {  // the ramp starts from no consultation
      EXPECT_EQ(r.value(1, y, Indicator::remote_consultations), 0.0) << y;
      EXPECT_EQ(r.value(1, y, Indicator::upward_referrals), r.value(0, y, Indicator::upward_referrals)) << y;
      continue;
    }
    EXPECT_GT(r.value(1, y, Indicator::remote_consultations), 0.0) << y;
    // A consultation that resolves the case saves the referral up, and the
    // patient is treated where the consultation was held: fewer referrals up,
    // fewer admissions outside the district.
    EXPECT_LT(r.value(1, y, Indicator::upward_referrals), r.value(0, y, Indicator::upward_referrals)) << y;
    EXPECT_LT(r.value(1, y, Indicator::out_of_county_admissions),
              r.value(0, y, Indicator::out_of_county_admissions))
        << y;
  }
  // More consultations as the share ramps up to its target.
  EXPECT_GT(r.value(1, share.to, Indicator::remote_consultations),
            r.value(1, share.from + 1, Indicator::remote_consultations));
}

TEST(YinzhouExample, SharedResultsCutTheCostOfReferredCareWithoutMovingPatients) {
  const Scenario without = testing::without_reform_intervention(yinzhou(), InterventionKind::shared_results);
  const ProjectionOptions reform{.keep_ledger = false, .variant = "reform"};
  const ProjectionResult with_sharing = project(yinzhou(), reform);
  const ProjectionResult no_sharing = project(without, reform);
  const TimePath& factor = reform_path(InterventionKind::shared_results);

  for (int y = with_sharing.first_year; y <= with_sharing.last_year; ++y) {
    for (Indicator i : encounter_indicators) {
      const double base = no_sharing.value(0, y, i);
      EXPECT_NEAR(with_sharing.value(0, y, i), base, 1e-9 * std::max(1.0, base)) << y << " " << index(i);
    }
    const double spent = no_sharing.value(0, y, Indicator::fund_spending);
    const double saved = spent - with_sharing.value(0, y, Indicator::fund_spending);
    if (y <= factor.from) {
      EXPECT_EQ(saved, 0.0) << y;
      continue;
    }
    // The fund pays less for each admission; only referred encounters are
    // cheaper, so the saving is less than the factor's cut on all spending.
    EXPECT_GT(saved, 0.0) << y;
    EXPECT_LT(saved, (1.0 - factor.target) * spent) << y;
    EXPECT_LT(with_sharing.value(0, y, Indicator::fund_per_admission),
              no_sharing.value(0, y, Indicator::fund_per_admission))
        << y;
    EXPECT_LT(with_sharing.value(0, y, Indicator::cost_per_admission),
              no_sharing.value(0, y, Indicator::cost_per_admission))
        << y;
  }
}

}  // namespace
}  // namespace ygt
