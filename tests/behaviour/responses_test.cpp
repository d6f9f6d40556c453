// The responses of providers to the payment in force: behaviour off, or every
// elasticity 0, is the model without it; fee for service, under which the
// lines' rates are observed, moves nothing; and over hundreds of generated
// counties the directions of docs/model.md ("Provider behaviour") hold while
// every episode is kept.
#include <gtest/gtest.h>

#include <random>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/projection/projection.hpp>

#include "support/alliance_county.hpp"

namespace ygt {
namespace {

const std::string examples = std::string(YGT_SOURCE_DIR) + "/examples";

/// Every output of two projections but what behaviour reports of itself
/// (the `cost_share` indicator and the behaviour table) is the same, to the bit.
void expect_same_outputs(const ProjectionResult& a, const ProjectionResult& b, const std::string& what) {
  ASSERT_EQ(a.variants.size(), b.variants.size()) << what;
  const auto cs = static_cast<Eigen::Index>(index(Indicator::cost_share));
  for (std::size_t v = 0; v < a.variants.size(); ++v) {
    const VariantProjection& x = a.variants[v];
    const VariantProjection& y = b.variants[v];
    Eigen::MatrixXd xi = x.indicators;
    Eigen::MatrixXd yi = y.indicators;
    xi.col(cs).setZero();
    yi.col(cs).setZero();
    for (Eigen::Index i = 0; i < xi.cols(); ++i) {
      EXPECT_TRUE(xi.col(i) == yi.col(i))
          << what << ", variant " << x.id << ", " << indicator_catalog()[static_cast<std::size_t>(i)].id;
    }
    ASSERT_EQ(x.flows.size(), y.flows.size());
    for (std::size_t t = 0; t < x.flows.size(); ++t) {
      EXPECT_TRUE(x.flows[t].encounters == y.flows[t].encounters) << what << ", " << x.id << ", year " << t;
      EXPECT_TRUE(x.flows[t].fund == y.flows[t].fund) << what << ", " << x.id << ", year " << t;
    }
    EXPECT_EQ(x.ledger.transfers().size(), y.ledger.transfers().size()) << what;
    for (std::size_t i = 0; i < x.ledger.transfers().size() && i < y.ledger.transfers().size(); ++i)
      EXPECT_EQ(x.ledger.transfers()[i].amount, y.ledger.transfers()[i].amount) << what << ", transfer " << i;
  }
}

Scenario zero_elasticities(Scenario sc) {
  sc.behaviour.enabled = true;
  sc.behaviour.elasticities = {};
  for (AllianceBehaviour& a : sc.behaviour.alliances) a.elasticities = {};
  return sc;
}

Scenario off(Scenario sc) {
  sc.behaviour.enabled = false;
  return sc;
}

std::vector<std::pair<std::string, Scenario>> test_scenarios() {
  std::vector<std::pair<std::string, Scenario>> out;
  for (const char* ex : {"suixi", "kedong", "luohu"})
    out.emplace_back(ex, load_scenario(examples + "/" + ex + "/" + ex + ".json"));
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    SyntheticOptions o;
    o.seed = seed;
    o.townships = static_cast<int>(1 + seed % 6);
    o.institutions = o.townships * 3 + 4;
    o.first_year = 2020;
    o.last_year = 2025;
    out.emplace_back("synthetic " + std::to_string(seed),
                     parse_scenario(synthetic_scenario_json(o), "synthetic"));
  }
  return out;
}

TEST(Behaviour, OffOrEveryElasticityZeroIsTheModelWithoutIt) {
  const ProjectionOptions po{.keep_flows = true};
  for (const auto& [name, sc] : test_scenarios()) {
    ASSERT_TRUE(sc.behaviour.enabled) << name << ": a file without a behaviour section has it on";
    expect_same_outputs(project(off(sc), po), project(zero_elasticities(sc), po), name);
  }
}

TEST(Behaviour, FeeForServiceMovesNothing) {
  // Responses are measured from fee for service: a baseline of fee for service
  // gives the numbers of the model without behaviour, however elastic.
  const ProjectionOptions po{.keep_flows = true, .variant = "baseline"};
  for (auto [name, sc] : test_scenarios()) {
    for (double& e : sc.behaviour.elasticities) e = 5.0;
    expect_same_outputs(project(off(sc), po), project(sc, po), name);
  }
}

// ---- Directions and conservation over generated counties with several
// alliances (and unallied townships).

/// A global budget for each alliance, big enough never to be overspent, so
/// that its share stays `retention` every year.
std::vector<PaymentScheme> budgets(const County& c, double retention, bool deducted) {
  std::vector<PaymentScheme> out;
  for (const Alliance& a : c.alliances()) {
    PaymentScheme s;
    s.id = "gb_" + a.id();
    s.party = a.id();
    s.from = 2021;
    GlobalBudgetParameters p;
    p.budget = BudgetRule::fixed(Money::from_yuan(9e12));
    p.retention = retention;
    p.out_of_county_deducted = deducted;
    s.parameters = p;
    out.push_back(s);
  }
  return out;
}

Variant paying(std::string id, std::vector<PaymentScheme> schemes) {
  Variant v;
  v.id = std::move(id);
  v.payment = std::move(schemes);
  return v;
}

/// A generated county with the synthetic lines, choice and insurance, years
/// 2020-2024 and a fee-for-service baseline; `variants` are added after it.
Scenario generated(std::mt19937_64& rng, const FlowParameters& flows) {
  std::uniform_int_distribution<int> towns(1, 6);
  Scenario sc;
  sc.origin = "generated";
  sc.county = testing::alliance_county(rng, towns(rng), false);
  sc.flows = flows;
  sc.years = {2020, 2024};
  sc.behaviour = default_behaviour(flows);
  sc.variants.push_back({"baseline", "", {}, std::nullopt});
  return sc;
}

/// Episodes (first contacts) of each line in a year, summed over townships.
Eigen::VectorXd episodes(const FlowTable& f) {
  return f.demand.colwise().sum().transpose();
}

double outside_encounters(const ProjectionResult& r, std::size_t v, int year) {
  return r.value(v, year, Indicator::encounters_municipal) +
         r.value(v, year, Indicator::encounters_out_of_county);
}

TEST(BehaviourProperty, DirectionsHoldAndEpisodesAreKept) {
  std::mt19937_64 rng(1313);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const FlowParameters flows = *parse_scenario(synthetic_scenario_json({}), "synthetic").flows;
  std::vector<std::size_t> inpatient;
  for (std::size_t l = 0; l < flows.lines.size(); ++l) {
    if (flows.lines[l].care == CareType::inpatient) inpatient.push_back(l);
  }
  int checked = 0;
  int fewer_admissions = 0;
  int fewer_outside = 0;
  for (int n = 0; n < 200; ++n) {
    Scenario sc = generated(rng, flows);
    for (double& e : sc.behaviour.elasticities) e = 10.0 * u(rng);
    sc.behaviour.adjustment = 0.2 + 0.8 * u(rng);
    const double r1 = 0.05 + 0.45 * u(rng);
    const double r2 = r1 + 0.5 * u(rng);
    sc.variants.push_back(paying("budget", budgets(sc.county, r1, true)));          // 1
    sc.variants.push_back(paying("not_deducted", budgets(sc.county, r1, false)));   // 2
    sc.variants.push_back(paying("more_retention", budgets(sc.county, r2, true)));  // 3
    PaymentScheme cap;
    cap.id = "capitation";
    cap.party = sc.county.alliances().front().id();
    cap.from = 2021;
    CapitationParameters cp;
    cp.rate_per_head = Money::from_yuan(100);
    const std::size_t capitated = inpatient[static_cast<std::size_t>(n) % inpatient.size()];
    cp.service_lines = {flows.lines[capitated].id};
    cap.parameters = cp;
    sc.variants.push_back(paying("capitation", {cap}));  // 4
    const ProjectionResult r = project(sc, {.keep_flows = true, .keep_ledger = false});

    // Keeping alone, for the visit rate: more retention, more kept.
    Scenario keeping = sc;
    keeping.behaviour.elasticities = {};
    keeping.behaviour.elasticities[index(Response::keep_in_county)] = sc.behaviour.elasticities[1];
    const ProjectionResult k = project(keeping, {.keep_ledger = false});

    for (int y = 2020; y <= 2024; ++y) {
      const auto t = static_cast<std::size_t>(y - 2020);
      const Eigen::VectorXd ffs = episodes(r.variants[0].flows[t]);
      const Eigen::VectorXd gb = episodes(r.variants[1].flows[t]);
      const Eigen::VectorXd capped = episodes(r.variants[4].flows[t]);
      const double tol = 1e-9 * ffs.sum();
      // A global budget never raises an inpatient line's episodes; capitating a line never raises its own.
      for (std::size_t l : inpatient) {
        EXPECT_LE(gb(static_cast<Eigen::Index>(l)), ffs(static_cast<Eigen::Index>(l)) + tol) << n << " " << y;
      }
      if (y > 2020 &&
          gb(static_cast<Eigen::Index>(inpatient[0])) < ffs(static_cast<Eigen::Index>(inpatient[0])) - tol)
        ++fewer_admissions;
      if (y > 2020 && outside_encounters(r, 1, y) < outside_encounters(r, 2, y) * (1 - 1e-6)) ++fewer_outside;
      EXPECT_LE(capped(static_cast<Eigen::Index>(capitated)), ffs(static_cast<Eigen::Index>(capitated)) + tol)
          << n << " " << y;
      // Episodes are moved, never lost: every township keeps its episodes over all lines,
      // and what the inpatient lines lost is what the indicator counts as avoided.
      for (std::size_t v = 1; v < r.variants.size(); ++v) {
        const FlowTable& f = r.variants[v].flows[t];
        const FlowTable& base = r.variants[0].flows[t];
        EXPECT_NEAR((f.demand.rowwise().sum() - base.demand.rowwise().sum()).cwiseAbs().maxCoeff(), 0.0, tol)
            << n << " " << y << " " << r.variants[v].id;
        double lost = 0.0;
        for (std::size_t l : inpatient)
          lost += base.demand.col(static_cast<Eigen::Index>(l)).sum() -
                  f.demand.col(static_cast<Eigen::Index>(l)).sum();
        EXPECT_NEAR(lost, r.value(v, y, Indicator::avoided_admissions), tol) << n << " " << y;
      }
      // Deducting out-of-county spending never raises out-of-county encounters.
      EXPECT_LE(outside_encounters(r, 1, y), outside_encounters(r, 2, y) * (1 + 1e-9) + 1e-9)
          << n << " " << y;
      // A higher retention never lowers the county visit rate through keeping.
      EXPECT_GE(k.value(3, y, Indicator::county_visit_rate),
                k.value(1, y, Indicator::county_visit_rate) - 1e-12)
          << n << " " << y;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 200 * 5);
  // Not vacuous: the budgets do move patients, in most counties and years.
  EXPECT_GT(fewer_admissions, 200 * 4 * 9 / 10);
  EXPECT_GT(fewer_outside, 200 * 4 / 2);
}

TEST(Behaviour, LevelsMoveTowardTheirTargetsByPartialAdjustment) {
  // One alliance, a budget with retention kappa from 2021 never overspent,
  // no distribution: every group bears kappa, so the discretionary target is
  // 1 - exp(-e (kappa + m)), reached by theta of the gap a year from 0.
  std::mt19937_64 rng(7);
  const FlowParameters flows = *parse_scenario(synthetic_scenario_json({}), "synthetic").flows;
  Scenario sc = generated(rng, flows);
  const double kappa = 0.6;
  const double e = 2.0;
  const double theta = 0.4;
  sc.behaviour.elasticities[index(Response::discretionary)] = e;
  sc.behaviour.adjustment = theta;
  sc.variants.push_back(paying("budget", budgets(sc.county, kappa, true)));
  const ProjectionResult r = project(sc, {.variant = "budget"});
  const VariantProjection& v = r.variants[0];
  ASSERT_EQ(v.behaviour.size(), 5u);
  const double target = 1.0 - std::exp(-e * (kappa + sc.behaviour.ffs_margin));
  const Eigen::Index ip = 4;  // ip_common
  double level = 0.0;         // 2020: fee for service
  for (int y = 2020; y <= 2024; ++y) {
    if (y >= 2021) level += theta * (target - level);
    const BehaviourYear& b = v.behaviour[static_cast<std::size_t>(y - 2020)];
    EXPECT_NEAR(b.levels[index(Response::discretionary)](group_of(0, Tier::county), ip), level, 1e-12) << y;
    // The county's lever: the residents' average over purses.
    double avg = 0.0;
    for (std::size_t p = 0; p < v.purses.size(); ++p)
      avg += v.purse_weights(static_cast<Eigen::Index>(p)) *
             b.levels[index(Response::discretionary)](group_of(p, Tier::county), ip);
    EXPECT_NEAR(b.county[index(Response::discretionary)](static_cast<Eigen::Index>(index(Tier::county)), ip),
                avg, 1e-12);
  }
  EXPECT_NEAR(v.purse_weights.sum(), 1.0, 1e-12);
}

TEST(Behaviour, KeepingAndSendingDownFollowTheFundCostAtStake) {
  // With theta = 1 the levels are their targets: keep = 1 - exp(-e o G_s),
  // G_s the share of an out-of-county encounter's fund cost saved at the county.
  std::mt19937_64 rng(11);
  const FlowParameters flows = *parse_scenario(synthetic_scenario_json({}), "synthetic").flows;
  Scenario sc = generated(rng, flows);
  sc.behaviour.adjustment = 1.0;
  sc.behaviour.elasticities[index(Response::keep_in_county)] = 3.0;
  sc.behaviour.elasticities[index(Response::send_down)] = 1.5;
  sc.variants.push_back(paying("budget", budgets(sc.county, 0.5, true)));
  const ProjectionResult r = project(sc, {.variant = "budget"});
  const BehaviourYear& b = r.variants[0].behaviour.back();
  const auto fund = [&](const ServiceLine& l, Tier t) {
    return l.cost[index(t)] * flows.insurance.rate(t, l.care);
  };
  for (std::size_t l = 0; l < flows.lines.size(); ++l) {
    const ServiceLine& line = flows.lines[l];
    const double keep_stake = 1.0 - fund(line, Tier::county) / fund(line, Tier::out_of_county);
    const double down_stake = 1.0 - fund(line, Tier::township) / fund(line, Tier::county);
    const auto ll = static_cast<Eigen::Index>(l);
    EXPECT_NEAR(b.levels[index(Response::keep_in_county)](group_of(0, Tier::township), ll),
                1.0 - std::exp(-3.0 * 0.5 * std::clamp(keep_stake, 0.0, 1.0)), 1e-12)
        << line.id;
    EXPECT_NEAR(b.levels[index(Response::send_down)](group_of(0, Tier::township), ll),
                1.0 - std::exp(-1.5 * 0.5 * std::clamp(down_stake, 0.0, 1.0)), 1e-12)
        << line.id;
  }
}

}  // namespace
}  // namespace ygt
