// The one-year flow model: conservation laws over generated counties, a case
// computed by hand, the direction of its responses, and bad parameters.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <yigongti/flows/flow_model.hpp>

#include "flows/generate.hpp"

namespace ygt {
namespace {

double relative(double a, double b) {
  return std::fabs(a - b) / std::max({1.0, std::fabs(a), std::fabs(b)});
}

TEST(FlowModel, ConservesPatientsAndMoneyOverGeneratedCounties) {
  std::mt19937_64 rng(2021);
  for (int trial = 0; trial < 400; ++trial) {
    const bool with_capacity = trial % 2 == 1;
    auto c = testing::generate_case(rng, with_capacity);
    const FlowModel model(c.county, c.params);
    FlowTable f = model.make_table();
    model.compute(f);
    const auto lines = f.lines.size();
    for (std::size_t t = 0; t < f.townships.size(); ++t) {
      for (std::size_t l = 0; l < lines; ++l) {
        const Eigen::Index r = f.row(t, l);
        // Shares in [0, 1] summing to 1; first contacts sum to demand.
        ASSERT_GE(f.shares.row(r).minCoeff(), 0.0);
        ASSERT_LE(f.shares.row(r).maxCoeff(), 1.0);
        ASSERT_NEAR(f.shares.row(r).sum(), 1.0, 1e-12);
        ASSERT_LT(relative(f.first_contacts.row(r).sum(),
                           f.demand(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(l))),
                  1e-12);
        // Every encounter is a first contact or a referral (capacity moves, never creates).
        const double encounters = f.encounters.row(r).sum();
        const double sources =
            f.first_contacts.row(r).sum() + f.referrals_up.row(r).sum() + f.referrals_down.row(r).sum();
        ASSERT_LT(relative(encounters, sources), 1e-9) << "trial " << trial;
        ASSERT_GE(f.encounters.row(r).minCoeff(), -1e-9);
      }
    }
    // Money: fund + out-of-pocket = cost per setting, totals are the settings' sums.
    Money cost;
    Money fund;
    for (std::size_t k = 0; k < f.settings.size(); ++k) {
      ASSERT_EQ(f.setting_fund[k] + f.setting_oop[k], f.setting_cost[k]);
      ASSERT_LE(std::fabs(f.setting_cost[k].yuan() - f.cost.col(static_cast<Eigen::Index>(k)).sum()),
                0.005 + 1e-9);
      cost += f.setting_cost[k];
      fund += f.setting_fund[k];
    }
    ASSERT_NEAR(f.indicator(Indicator::fund_spending), fund.yuan(), 1e-6 * std::max(1.0, fund.yuan()));
    // Capacity: no setting below the top is over its limit.
    if (with_capacity) {
      for (std::size_t k = 0; k + 1 < f.settings.size(); ++k) {
        const auto& limit = c.params.capacity.outpatient_encounters[index(f.settings[k])];
        if (!limit) continue;
        double load = 0.0;
        for (std::size_t l = 0; l < lines; ++l) {
          if (c.params.lines[l].care != CareType::outpatient) continue;
          for (std::size_t t = 0; t < f.townships.size(); ++t)
            load += f.encounters(f.row(t, l), static_cast<Eigen::Index>(k));
        }
        ASSERT_LE(load, *limit * (1 + 1e-9) + 1e-9);
      }
    }
    // Indicators that are shares stay in [0, 1].
    for (Indicator i :
         {Indicator::county_visit_rate, Indicator::county_inpatient_rate, Indicator::primary_visit_share,
          Indicator::fund_in_county_share, Indicator::primary_fund_share, Indicator::oop_share,
          Indicator::inpatient_reimbursement_rate}) {
      ASSERT_GE(f.indicator(i), 0.0);
      ASSERT_LE(f.indicator(i), 1.0 + 1e-12);
    }
  }
}

/// Per line, the encounters at which an episode ends: treated and not
/// referred down, or treated with a follow-up the target turned away.
double episode_ends(const FlowTable& f, const FlowParameters& p, std::size_t l) {
  double ends = 0.0;
  const auto li = static_cast<Eigen::Index>(l);
  Eigen::Index target = -1;
  for (std::size_t k = 0; k < f.settings.size(); ++k)
    if (is_primary(f.settings[k])) target = static_cast<Eigen::Index>(k);
  const double accepted = target >= 0 ? 1.0 - f.turned_away(li, target) : 0.0;
  for (std::size_t k = 0; k < f.settings.size(); ++k) {
    const Tier t = f.settings[k];
    const bool top = k + 1 == f.settings.size();
    const double cap = top ? 1.0 : p.lines[l].capability[index(t)];
    const double down = t >= Tier::county && target >= 0 ? p.lines[l].down_referral[index(t)] : 0.0;
    ends += f.line_encounters(li, static_cast<Eigen::Index>(k)) * cap * (1.0 - down * accepted);
  }
  return ends;
}

TEST(FlowModel, CapacityMovesPatientsAndEveryEpisodeEndsOnce) {
  std::mt19937_64 rng(77);
  int binding = 0;
  for (int trial = 0; trial < 300; ++trial) {
    auto c = testing::generate_case(rng, true);
    // Half the trials without down-referrals, where each episode meets at
    // most one setting outside the county when out_of_county is the only one.
    if (trial % 2 == 0) {
      for (ServiceLine& line : c.params.lines) line.down_referral = {};
    }
    const FlowModel model(c.county, c.params);
    FlowTable f = model.make_table();
    model.compute(f);
    binding += f.turned_away.maxCoeff() > 0.0 ? 1 : 0;
    for (std::size_t l = 0; l < f.lines.size(); ++l) {
      // Every episode ends exactly once.
      const double episodes = f.line_first_contacts.row(static_cast<Eigen::Index>(l)).sum();
      ASSERT_LT(relative(episode_ends(f, c.params, l), episodes), 1e-9) << "trial " << trial;
      ASSERT_GE(f.line_spill.row(static_cast<Eigen::Index>(l)).minCoeff(), 0.0);
    }
    // Where capacity turns patients away, the setting is exactly full.
    for (std::size_t k = 0; k + 1 < f.settings.size(); ++k) {
      const auto ki = static_cast<Eigen::Index>(k);
      for (CareType care : all_care_types) {
        const auto& limits = care == CareType::inpatient ? c.params.capacity.inpatient_bed_days
                                                         : c.params.capacity.outpatient_encounters;
        const auto& limit = limits[index(f.settings[k])];
        double load = 0.0, turned = 0.0;
        for (std::size_t l = 0; l < f.lines.size(); ++l) {
          const ServiceLine& line = c.params.lines[l];
          if (line.care != care) continue;
          load += f.line_encounters(static_cast<Eigen::Index>(l), ki) *
                  (care == CareType::inpatient ? line.length_of_stay : 1.0);
          turned = std::max(turned, f.turned_away(static_cast<Eigen::Index>(l), ki));
        }
        if (!limit) {
          ASSERT_EQ(turned, 0.0);
          continue;
        }
        ASSERT_LE(load, *limit * (1 + 1e-9) + 1e-9) << "trial " << trial;
        if (turned > 0.0) {
          ASSERT_LT(relative(load, *limit), 1e-9) << "trial " << trial;
        }
      }
    }
    const double rate = f.indicator(Indicator::county_visit_rate);
    ASSERT_GE(rate, -1e-12);
    ASSERT_LE(rate, 1.0 + 1e-12);
    const Eigen::Index out = f.column(Tier::out_of_county);
    if (trial % 2 == 0 && f.column(Tier::municipal) < 0) {
      // No episode reaches out_of_county twice: its encounters are the episodes that leave.
      const double episodes = f.line_first_contacts.sum();
      ASSERT_LT(relative(f.line_encounters.col(out).sum(), episodes * (1.0 - rate)), 1e-9)
          << "trial " << trial;
    }
  }
  EXPECT_GT(binding, 100);  // the generated capacities bind in most trials
}

/// One township of 1,000 residents, each with 3 outpatient episodes a year,
/// whose first contacts split equally over township, county and out_of_county
/// (every utility 0); capability 0.6 at the township and 0.5 at the county;
/// room for 600 encounters at the township and 820 at the county.
testing::GeneratedCase two_full_settings(double down_from_outside) {
  CountySpec spec;
  spec.id = "full";
  TownshipSpec t;
  t.id = "a";
  t.population[40] = 1000.0;
  for (Tier tier : {Tier::township, Tier::county, Tier::out_of_county}) t.minutes[index(tier)] = 30.0;
  spec.townships.push_back(t);
  spec.institutions = {{.id = "a-centre", .tier = Tier::township, .township = "a"},
                       {.id = "hospital", .tier = Tier::county}};
  FlowParameters p;
  ServiceLine op;
  op.id = "op";
  op.rate.fill(3.0);
  for (Tier tier : {Tier::township, Tier::county, Tier::out_of_county}) {
    op.cost[index(tier)] = 100.0;
    p.insurance.outpatient[index(tier)] = 0.5;
  }
  op.capability[index(Tier::township)] = 0.6;
  op.capability[index(Tier::county)] = 0.5;
  op.capability[index(Tier::out_of_county)] = 1.0;
  op.down_referral[index(Tier::out_of_county)] = down_from_outside;
  p.lines = {op};
  p.capacity.outpatient_encounters[index(Tier::township)] = 600.0;
  p.capacity.outpatient_encounters[index(Tier::county)] = 820.0;
  return {County(spec), p};
}

TEST(FlowModel, CapacityBindingAtTwoSettingsMatchesACaseComputedByHand) {
  {
    // Township: 1,000 present, 600 seen (m = 0.4), 400 move up, 240 referred
    // up. County: 1,000 + 240 + 400 = 1,640 present, 820 seen (m = 0.5), 820
    // move up, 410 referred up. Out of county: 1,000 + 410 + 820 = 2,230, all
    // of them episodes that left: visit rate 1 - 2230 / 3000.
    const auto c = two_full_settings(0.0);
    const FlowModel model(c.county, c.params);
    FlowTable f = model.make_table();
    model.compute(f);
    EXPECT_NEAR(f.turned_away(0, 0), 0.4, 1e-12);
    EXPECT_NEAR(f.turned_away(0, 1), 0.5, 1e-12);
    EXPECT_NEAR(f.encounters(0, 0), 600.0, 1e-9);
    EXPECT_NEAR(f.encounters(0, 1), 820.0, 1e-9);
    EXPECT_NEAR(f.encounters(0, 2), 2230.0, 1e-9);
    EXPECT_NEAR(f.spill(0, 0), 400.0, 1e-9);
    EXPECT_NEAR(f.spill(0, 1), 820.0, 1e-9);
    EXPECT_NEAR(f.referrals_up(0, 0), 240.0, 1e-9);
    EXPECT_NEAR(f.referrals_up(0, 1), 410.0, 1e-9);
    EXPECT_NEAR(f.indicator(Indicator::upward_referrals), 650.0, 1e-9);
    EXPECT_NEAR(f.indicator(Indicator::county_visit_rate), 1.0 - 2230.0 / 3000.0, 1e-12);
    // Money follows the encounters: 100 yuan each, half from the fund.
    EXPECT_NEAR(f.indicator(Indicator::fund_spending), (600.0 + 820.0 + 2230.0) * 50.0, 1e-6);
    EXPECT_NEAR(f.township_fund_outside(0), 2230.0 * 50.0, 1e-6);
  }
  {
    // Half of the patients treated out of county are referred down for
    // follow-up, D of them. The township is full (600 seen of 1,000 + D; m = x);
    // a follow-up it turns away stays where it was. 1,000 x move up from the
    // township, 240 are referred up; the county has 1,240 + 1,000 x present
    // and sees 820; out of county: 1,000 + 410 + (420 + 1,000 x) = 1,830 +
    // 1,000 x, so D = 915 + 500 x and (1 - x)(1,915 + 500 x) = 600:
    // 500 x^2 + 1,415 x - 1,315 = 0.
    const auto c = two_full_settings(0.5);
    const FlowModel model(c.county, c.params);
    FlowTable f = model.make_table();
    model.compute(f);
    const double x = (-1415.0 + std::sqrt(1415.0 * 1415.0 + 4.0 * 500.0 * 1315.0)) / 1000.0;
    const double follow_ups = 915.0 + 500.0 * x;
    const double county_present = 1240.0 + 1000.0 * x;
    EXPECT_NEAR(f.turned_away(0, 0), x, 1e-12);
    EXPECT_NEAR(f.turned_away(0, 1), 1.0 - 820.0 / county_present, 1e-12);
    EXPECT_NEAR(f.encounters(0, 0), 600.0, 1e-9);
    EXPECT_NEAR(f.encounters(0, 1), 820.0, 1e-9);
    EXPECT_NEAR(f.encounters(0, 2), 1830.0 + 1000.0 * x, 1e-9);
    EXPECT_NEAR(f.referrals_down(0, 2), (1.0 - x) * follow_ups, 1e-9);
    EXPECT_NEAR(f.indicator(Indicator::downward_referrals), (1.0 - x) * follow_ups, 1e-9);
    // Episodes that leave: the 1,000 begun out of county, and of those begun
    // inside, the ones that climb out of the county. With the outside made
    // absorbing there are no follow-ups: the township sees 1,000 (1 - x) of
    // its first contacts and refers 0.4 of them up, 1,000 x move up; the
    // county has 1,400 + 600 x present, of whom a share m moves up and half
    // of the rest are referred up.
    const double m = 1.0 - 820.0 / county_present;
    const double present = 1400.0 + 600.0 * x;
    const double left = 1000.0 + present * (m + (1.0 - m) * 0.5);
    EXPECT_NEAR(f.indicator(Indicator::county_visit_rate), 1.0 - left / 3000.0, 1e-12);
    EXPECT_LT(relative(episode_ends(f, c.params, 0), 3000.0), 1e-12);
  }
}

TEST(FlowParameterChecks, CapacityThatWouldLetAFollowUpLoopForeverIsRefused) {
  // A township that treats no one, everyone treated out of county referred
  // down to it: with the county full, a follow-up climbs straight back out.
  auto c = two_full_settings(1.0);
  c.params.lines[0].capability[index(Tier::township)] = 0.0;
  const auto problems = check_flow_parameters(c.county, c.params);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].path, "service_lines[0]");
  EXPECT_NE(problems[0].what.find("county is full"), std::string::npos) << problems[0].what;
  // Without capacity at the county, the county hospital ends some episodes.
  c.params.capacity.outpatient_encounters[index(Tier::county)].reset();
  EXPECT_TRUE(check_flow_parameters(c.county, c.params).empty());
}

/// Rates made constant within random age bands, shared by every line (as a
/// scenario's banded rates are), or left age by age.
void band_rates(std::mt19937_64& rng, FlowParameters& params) {
  std::vector<std::size_t> starts{0};
  std::uniform_int_distribution<std::size_t> age(1, age_count - 1);
  for (int i = 0; i < 4; ++i) starts.push_back(age(rng));
  std::sort(starts.begin(), starts.end());
  for (ServiceLine& line : params.lines) {
    for (std::size_t a = 0; a < age_count; ++a) {
      const auto band = std::upper_bound(starts.begin(), starts.end(), a) - starts.begin() - 1;
      line.rate[a] = line.rate[starts[static_cast<std::size_t>(band)]];
    }
  }
}

TEST(FlowModel, TotalsAreTheSameAtEitherLevelOfDetail) {
  std::mt19937_64 rng(515);
  for (int trial = 0; trial < 300; ++trial) {
    auto c = testing::generate_case(rng, trial % 2 == 1);
    if (trial % 3 != 0) band_rates(rng, c.params);
    FlowModel model(c.county, c.params);
    if (trial % 4 == 0) model.set_rate_factor(0, 0.9);
    FlowTable cells = model.make_table(FlowDetail::cells);
    FlowTable totals = model.make_table(FlowDetail::totals);
    model.compute(cells);
    model.compute(totals);
    ASSERT_EQ(totals.shares.size(), 0);
    ASSERT_EQ(totals.encounters.size(), 0);
    // Exactly equal, not merely close: a projection settles from the totals
    // whether or not it keeps the cells.
    ASSERT_EQ(cells.demand, totals.demand);
    ASSERT_EQ(cells.first_contacts, totals.first_contacts);
    ASSERT_EQ(cells.line_first_contacts, totals.line_first_contacts) << "trial " << trial;
    ASSERT_EQ(cells.line_encounters, totals.line_encounters);
    ASSERT_EQ(cells.line_spill, totals.line_spill);
    ASSERT_EQ(cells.line_cost, totals.line_cost);
    ASSERT_EQ(cells.line_fund, totals.line_fund);
    ASSERT_EQ(cells.township_fund_outside, totals.township_fund_outside);
    ASSERT_EQ(cells.setting_cost, totals.setting_cost);
    ASSERT_EQ(cells.setting_fund, totals.setting_fund);
    ASSERT_EQ(cells.indicators, totals.indicators);
  }
}

TEST(FlowModel, CellTablesAddUpToTheTotals) {
  std::mt19937_64 rng(516);
  for (int trial = 0; trial < 300; ++trial) {
    auto c = testing::generate_case(rng, trial % 2 == 1);
    const FlowModel model(c.county, c.params);
    FlowTable f = model.make_table();
    model.compute(f);
    const auto townships = static_cast<Eigen::Index>(f.townships.size());
    Eigen::VectorXd outside = Eigen::VectorXd::Zero(townships);
    double up = 0.0;
    double down = 0.0;
    for (std::size_t l = 0; l < f.lines.size(); ++l) {
      for (std::size_t k = 0; k < f.settings.size(); ++k) {
        const auto lk = static_cast<Eigen::Index>(l);
        const auto kk = static_cast<Eigen::Index>(k);
        double first = 0.0, encounters = 0.0, spill = 0.0, fund = 0.0;
        for (std::size_t t = 0; t < f.townships.size(); ++t) {
          const Eigen::Index r = f.row(t, l);
          first += f.first_contacts(r, kk);
          encounters += f.encounters(r, kk);
          spill += f.spill(r, kk);
          fund += f.fund(r, kk);
          if (!is_in_county(f.settings[k])) outside(static_cast<Eigen::Index>(t)) += f.fund(r, kk);
          up += f.referrals_up(r, kk);
          down += f.referrals_down(r, kk);
        }
        ASSERT_LT(relative(first, f.line_first_contacts(lk, kk)), 1e-12);
        ASSERT_LT(relative(encounters, f.line_encounters(lk, kk)), 1e-12) << "trial " << trial;
        ASSERT_LT(relative(spill, f.line_spill(lk, kk)), 1e-12);
        ASSERT_LT(relative(fund, f.line_fund(lk, kk)), 1e-12 * std::max(1.0, fund));
      }
    }
    for (Eigen::Index t = 0; t < townships; ++t) {
      ASSERT_LT(relative(outside(t), f.township_fund_outside(t)), 1e-12 * std::max(1.0, outside(t)))
          << "trial " << trial << " township " << t;
    }
    ASSERT_LT(relative(up, f.indicator(Indicator::upward_referrals)), 1e-12);
    ASSERT_LT(relative(down, f.indicator(Indicator::downward_referrals)), 1e-12);
  }
}

TEST(FlowModel, DemandByAgeBandEqualsTheProductAgeByAge) {
  std::mt19937_64 rng(517);
  std::uniform_real_distribution<double> u(0.5, 1.5);
  for (int trial = 0; trial < 200; ++trial) {
    auto c = testing::generate_case(rng, false);
    if (trial % 2 == 0) band_rates(rng, c.params);
    FlowModel model(c.county, c.params);
    FlowTable f = model.make_table(FlowDetail::totals);
    const auto lines = static_cast<Eigen::Index>(model.line_count());
    Eigen::MatrixXd rates(lines, static_cast<Eigen::Index>(age_count));
    for (Eigen::Index l = 0; l < lines; ++l) {
      for (Eigen::Index a = 0; a < rates.cols(); ++a)
        rates(l, a) = c.params.lines[static_cast<std::size_t>(l)].rate[static_cast<std::size_t>(a)];
    }
    // Between computations some line's rates change (once to zero, which can
    // merge bands) and so does the population.
    for (int year = 0; year < 4; ++year) {
      if (year > 0) {
        const auto l = static_cast<Eigen::Index>(year) % lines;
        const double factor = year == 2 ? 0.0 : u(rng);
        model.set_rate_factor(static_cast<std::size_t>(l), factor);
        for (Eigen::Index a = 0; a < rates.cols(); ++a)
          rates(l, a) =
              c.params.lines[static_cast<std::size_t>(l)].rate[static_cast<std::size_t>(a)] * factor;
        Eigen::MatrixXd people = model.population() * u(rng);
        people(0, 40) += 17.0;
        model.set_population(people);
      }
      model.compute(f);
      const Eigen::MatrixXd expected = model.population() * rates.transpose();
      for (Eigen::Index l = 0; l < lines; ++l) {
        for (Eigen::Index t = 0; t < expected.rows(); ++t)
          ASSERT_LT(relative(f.demand(t, l), expected(t, l)), 1e-12) << "trial " << trial << " year " << year;
      }
    }
  }
}

/// Two townships, two lines, settings township < county < out_of_county.
struct HandCase {
  County county;
  FlowParameters params;
};

HandCase hand_case() {
  CountySpec spec;
  spec.id = "hand";
  for (auto [id, people, tw, co, ooc] :
       {std::tuple{"a", 1000.0, 10.0, 30.0, 90.0}, std::tuple{"b", 2000.0, 20.0, 40.0, 100.0}}) {
    TownshipSpec t;
    t.id = id;
    t.population[30] = people;
    t.minutes[index(Tier::township)] = tw;
    t.minutes[index(Tier::county)] = co;
    t.minutes[index(Tier::out_of_county)] = ooc;
    spec.townships.push_back(t);
  }
  spec.institutions = {{.id = "a-centre", .tier = Tier::township, .township = "a"},
                       {.id = "hospital", .tier = Tier::county}};
  FlowParameters p;
  ServiceLine op;
  op.id = "op";
  op.care = CareType::outpatient;
  op.rate.fill(2.0);
  op.cost[index(Tier::township)] = 100;
  op.cost[index(Tier::county)] = 200;
  op.cost[index(Tier::out_of_county)] = 400;
  op.capability[index(Tier::township)] = 0.8;
  op.capability[index(Tier::county)] = 0.9;
  op.capability[index(Tier::out_of_county)] = 1.0;
  ServiceLine ip = op;
  ip.id = "ip";
  ip.care = CareType::inpatient;
  ip.rate.fill(0.1);
  ip.cost[index(Tier::township)] = 2000;
  ip.cost[index(Tier::county)] = 5000;
  ip.cost[index(Tier::out_of_county)] = 10000;
  ip.capability[index(Tier::township)] = 0.5;
  ip.capability[index(Tier::county)] = 0.8;
  ip.down_referral[index(Tier::county)] = 0.25;
  ip.down_referral[index(Tier::out_of_county)] = 0.5;
  p.lines = {op, ip};
  p.choice = {.b_cap = 2.0, .b_time = 0.05, .b_oop = 0.1, .b_fd = 0.0};
  for (Tier t : {Tier::township, Tier::county, Tier::out_of_county}) {
    const double r = t == Tier::township ? 0.8 : t == Tier::county ? 0.6 : 0.5;
    p.insurance.outpatient[index(t)] = r;
    p.insurance.inpatient[index(t)] = r;
  }
  return {County(spec), p};
}

TEST(FlowModel, MatchesACaseComputedByHand) {
  const HandCase h = hand_case();
  const FlowModel model(h.county, h.params);
  FlowTable f = model.make_table();
  model.compute(f);

  // Demand: residents x rate (everyone is 30).
  const double demand[2][2] = {{1000 * 2.0, 1000 * 0.1}, {2000 * 2.0, 2000 * 0.1}};
  // Utilities V = b_cap cap - b_time minutes - b_oop cost (1 - reimb) / 100.
  const double cap[2][3] = {{0.8, 0.9, 1.0}, {0.5, 0.8, 1.0}};
  const double cost[2][3] = {{100, 200, 400}, {2000, 5000, 10000}};
  const double reimb[3] = {0.8, 0.6, 0.5};
  const double minutes[2][3] = {{10, 30, 90}, {20, 40, 100}};
  // Encounters per first contact, N = (I - Q)^{-1}, written out:
  // op: Q has 0.2 (township -> county) and 0.1 (county -> out), so N = I + Q + Q^2.
  const double n_op[3][3] = {{1, 0.2, 0.02}, {0, 1, 0.1}, {0, 0, 1}};
  // ip: I - Q = [[1, -0.5, 0], [-0.2, 1, -0.2], [-0.5, 0, 1]], det 0.85, N = adj / det.
  const double n_ip[3][3] = {{1 / 0.85, 0.5 / 0.85, 0.1 / 0.85},
                             {0.3 / 0.85, 1 / 0.85, 0.2 / 0.85},
                             {0.5 / 0.85, 0.25 / 0.85, 0.9 / 0.85}};
  for (int t = 0; t < 2; ++t) {
    for (int l = 0; l < 2; ++l) {
      double w[3];
      double sum = 0;
      for (int k = 0; k < 3; ++k) {
        w[k] = std::exp(2.0 * cap[l][k] - 0.05 * minutes[t][k] - 0.1 * cost[l][k] * (1 - reimb[k]) / 100);
        sum += w[k];
      }
      const auto& n = l == 0 ? n_op : n_ip;
      const Eigen::Index r = f.row(static_cast<std::size_t>(t), static_cast<std::size_t>(l));
      EXPECT_NEAR(f.demand(t, l), demand[t][l], 1e-12);
      for (int j = 0; j < 3; ++j) {
        double e = 0;
        for (int k = 0; k < 3; ++k) e += demand[t][l] * w[k] / sum * n[k][j];
        EXPECT_NEAR(f.shares(r, j), w[j] / sum, 1e-12);
        EXPECT_NEAR(f.encounters(r, j), e, 1e-12 * std::max(1.0, e));
        EXPECT_NEAR(f.cost(r, j), e * cost[l][j], 1e-12 * std::max(1.0, e * cost[l][j]));
        EXPECT_NEAR(f.fund(r, j), e * cost[l][j] * reimb[j], 1e-12 * std::max(1.0, e * cost[l][j]));
      }
      // Referrals from the same chain: up from township and county, down from county and out.
      const double e_tw = f.encounters(r, 0);
      const double e_co = f.encounters(r, 1);
      const double e_out = f.encounters(r, 2);
      EXPECT_NEAR(f.referrals_up(r, 0), e_tw * (1 - cap[l][0]), 1e-9);
      EXPECT_NEAR(f.referrals_up(r, 1), e_co * (1 - cap[l][1]), 1e-9);
      EXPECT_NEAR(f.referrals_down.row(r).sum(), l == 1 ? e_co * 0.8 * 0.25 + e_out * 0.5 : 0.0, 1e-9);
    }
  }
  // Indicators from the table. The encounter share counts every encounter...
  const double all = f.encounters.sum();
  const double in = f.encounters.col(0).sum() + f.encounters.col(1).sum();
  EXPECT_NEAR(f.indicator(Indicator::county_encounter_share), in / all, 1e-12);
  // ...the visit rate counts episodes by whether they ever leave the county. From
  // each setting, the probability of leaving: op: county 0.1, township 0.2 x 0.1;
  // ip: county h = 0.2 + 0.8 x 0.25 x h_township with h_township = 0.5 h, so
  // h = 2/9 and h_township = 1/9; out of county 1.
  const double leave[2][3] = {{0.02, 0.1, 1.0}, {1.0 / 9, 2.0 / 9, 1.0}};
  double episodes = 0, out = 0;
  for (int t = 0; t < 2; ++t) {
    for (int l = 0; l < 2; ++l) {
      for (int k = 0; k < 3; ++k) {
        const double fc =
            f.first_contacts(f.row(static_cast<std::size_t>(t), static_cast<std::size_t>(l)), k);
        episodes += fc;
        out += fc * leave[l][k];
      }
    }
  }
  EXPECT_NEAR(f.indicator(Indicator::county_visit_rate), 1 - out / episodes, 1e-12);
  double admissions = 0;
  for (int t = 0; t < 2; ++t) admissions += f.encounters.row(f.row(static_cast<std::size_t>(t), 1)).sum();
  EXPECT_NEAR(f.indicator(Indicator::hospitalization_rate), admissions / 3000.0, 1e-12);
}

TEST(FlowModel, SharesStayFiniteForExtremeUtilities) {
  HandCase h = hand_case();
  h.params.choice.b_time = 40.0;  // utilities near -4000: exp underflows without log-sum-exp
  const FlowModel model(h.county, h.params);
  FlowTable f = model.make_table();
  model.compute(f);
  EXPECT_TRUE(f.shares.allFinite());
  for (Eigen::Index r = 0; r < f.shares.rows(); ++r) EXPECT_NEAR(f.shares.row(r).sum(), 1.0, 1e-12);
}

/// County visit rate before and after raising one line's township capability by 0.2.
std::pair<double, double> visit_rate_change(const testing::GeneratedCase& c, std::size_t line) {
  const FlowModel before(c.county, c.params);
  FlowModel after(c.county, c.params);
  after.set_capability(line, Tier::township, std::min(1.0, before.capability(line, Tier::township) + 0.2));
  FlowTable a = before.make_table();
  FlowTable b = after.make_table();
  before.compute(a);
  after.compute(b);
  return {a.indicator(Indicator::county_visit_rate), b.indicator(Indicator::county_visit_rate)};
}

TEST(FlowModelDirection, RaisingTownshipCapabilityNeverLowersTheCountyVisitRate) {
  // Where the township is the first level of care, over every parameter draw.
  std::mt19937_64 rng(11);
  int checked = 0;
  for (int trial = 0; trial < 6000 && checked < 300; ++trial) {
    auto c = testing::generate_case(rng, false, 10, 1 + trial % 5);
    if (!c.county.has_tier(Tier::township) || c.county.has_tier(Tier::village) ||
        c.county.has_tier(Tier::community)) {
      continue;
    }
    const auto [before, after] =
        visit_rate_change(c, static_cast<std::size_t>(trial) % c.params.lines.size());
    ASSERT_GE(after, before - 1e-12) << "trial " << trial;
    ++checked;
  }
  EXPECT_EQ(checked, 300);
}

TEST(FlowModelDirection, RaisingTownshipCapabilityKeepsMorePatientsThroughTheReferralChain) {
  // In every county, through the referral chain alone (capability not in the
  // choice). With villages below the township and b_cap > 0, first contacts also
  // move from village clinics, which treat part of their patients, to the
  // township, and the rate can fall slightly: docs/model.md.
  std::mt19937_64 rng(12);
  int checked = 0;
  for (int trial = 0; trial < 600; ++trial) {
    auto c = testing::generate_case(rng, false, 10, 1 + trial % 5);
    if (!c.county.has_tier(Tier::township)) continue;
    c.params.choice.b_cap = 0.0;
    const auto [before, after] =
        visit_rate_change(c, static_cast<std::size_t>(trial) % c.params.lines.size());
    ASSERT_GE(after, before - 1e-12) << "trial " << trial;
    ++checked;
  }
  EXPECT_GT(checked, 200);
}

TEST(FlowModel, DeferredChangesGiveTheSameBitsAsEagerOnes) {
  // The same levers set one by one and between begin_changes and end_changes:
  // the same tables to the last bit; compute refuses to run in between.
  std::mt19937_64 rng(21);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int trial = 0; trial < 100; ++trial) {
    auto c = testing::generate_case(rng, trial % 2 == 0);
    FlowModel eager(c.county, c.params);
    FlowModel deferred(c.county, c.params);
    const std::size_t line = static_cast<std::size_t>(trial) % c.params.lines.size();
    const double cap = u(rng);
    const double coverage = u(rng);
    const double rate = u(rng);
    const auto set = [&](FlowModel& m) {
      m.set_capability(line, m.settings().front(), cap);
      m.set_coverage(coverage);
      m.set_reimbursement(m.settings().front(), CareType::outpatient, rate);
      m.set_coverage(1.0 - coverage);
    };
    set(eager);
    deferred.begin_changes();
    set(deferred);
    FlowTable a = eager.make_table();
    FlowTable b = deferred.make_table();
    EXPECT_THROW(deferred.compute(b), std::logic_error);
    deferred.end_changes();
    eager.compute(a);
    deferred.compute(b);
    ASSERT_EQ(a.indicators, b.indicators) << trial;
    ASSERT_EQ(a.shares, b.shares) << trial;
  }
}

TEST(FlowModelDirection, LowerOutOfCountyReimbursementNeverRaisesOutOfCountyEncounters) {
  std::mt19937_64 rng(12);
  for (int trial = 0; trial < 300; ++trial) {
    auto c = testing::generate_case(rng, false);
    const FlowModel before(c.county, c.params);
    FlowModel after(c.county, c.params);
    for (CareType care : all_care_types) {
      const double r = c.params.insurance.rate(Tier::out_of_county, care);
      after.set_reimbursement(Tier::out_of_county, care, r * 0.7);
    }
    FlowTable a = before.make_table();
    FlowTable b = after.make_table();
    before.compute(a);
    after.compute(b);
    ASSERT_LE(b.encounters_at(Tier::out_of_county),
              a.encounters_at(Tier::out_of_county) * (1 + 1e-12) + 1e-9);
  }
}

TEST(FlowModelDirection, MoreMinutesToTheCountyNeverRaisesCountyFirstContacts) {
  std::mt19937_64 rng(13);
  int checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    auto c = testing::generate_case(rng, true);
    if (!c.county.has_tier(Tier::county)) continue;
    const FlowModel before(c.county, c.params);
    FlowModel after(c.county, c.params);
    after.set_minutes_factor(Tier::county, 1.5);
    FlowTable a = before.make_table();
    FlowTable b = after.make_table();
    before.compute(a);
    after.compute(b);
    const Eigen::Index k = a.column(Tier::county);
    ASSERT_LE(b.first_contacts.col(k).sum(), a.first_contacts.col(k).sum() * (1 + 1e-12) + 1e-9);
    ++checked;
  }
  EXPECT_GT(checked, 50);
}

/// The first problem's path for parameters changed by `change`, or "" when valid.
template <class Change>
std::string first_problem(Change change) {
  HandCase h = hand_case();
  change(h.params);
  const auto problems = check_flow_parameters(h.county, h.params);
  return problems.empty() ? std::string() : problems[0].path;
}

TEST(FlowParameterChecks, EachRuleNamesItsPath) {
  EXPECT_EQ(first_problem([](FlowParameters&) {}), "");
  EXPECT_EQ(first_problem([](FlowParameters& p) { p.lines[0].capability[index(Tier::township)] = 1.2; }),
            "service_lines[0].capability.township");
  EXPECT_EQ(first_problem([](FlowParameters& p) { p.lines[1].cost[index(Tier::county)] = -1; }),
            "service_lines[1].cost.county");
  EXPECT_EQ(first_problem([](FlowParameters& p) { p.lines[1].cost[index(Tier::county)] = std::nan(""); }),
            "service_lines[1].cost.county");
  EXPECT_EQ(first_problem([](FlowParameters& p) { p.lines[0].rate[40] = -0.5; }), "service_lines[0].rate");
  EXPECT_EQ(first_problem([](FlowParameters& p) { p.lines[0].rate[40] = INFINITY; }),
            "service_lines[0].rate");
  EXPECT_EQ(first_problem([](FlowParameters& p) { p.lines[1].down_referral[index(Tier::county)] = 2; }),
            "service_lines[1].down_referral.county");
  EXPECT_EQ(first_problem([](FlowParameters& p) { p.choice.b_time = NAN; }), "choice.b_time");
  EXPECT_EQ(first_problem([](FlowParameters& p) { p.insurance.inpatient[index(Tier::county)] = NAN; }),
            "insurance.reimbursement.county");
  EXPECT_EQ(
      first_problem([](FlowParameters& p) { p.capacity.outpatient_encounters[index(Tier::county)] = -5; }),
      "capacity.outpatient_encounters.county");
  // A chain that never ends: the township refers everyone up and every patient
  // treated above comes back down.
  EXPECT_EQ(first_problem([](FlowParameters& p) {
              p.lines[1].capability[index(Tier::township)] = 0.0;
              p.lines[1].capability[index(Tier::county)] = 1.0;
              p.lines[1].down_referral[index(Tier::county)] = 1.0;
            }),
            "service_lines[1]");
  HandCase h = hand_case();
  h.params.lines[0].capability[index(Tier::township)] = 7;
  EXPECT_THROW(FlowModel(h.county, h.params), InputError);
}

TEST(FlowParameterChecks, DownReferralNeedsAPrimarySettingBelow) {
  // A primary setting has nothing below it to refer down to.
  EXPECT_EQ(first_problem([](FlowParameters& p) { p.lines[1].down_referral[index(Tier::township)] = 0.3; }),
            "service_lines[1].down_referral.township");
  // Nor does a county without primary institutions: the probability would be ignored.
  HandCase h = hand_case();
  CountySpec spec;
  spec.id = "no-primary";
  TownshipSpec t;
  t.id = "a";
  t.population[30] = 1000.0;
  t.minutes[index(Tier::county)] = 30.0;
  t.minutes[index(Tier::out_of_county)] = 90.0;
  spec.townships.push_back(t);
  spec.institutions = {{.id = "hospital", .tier = Tier::county}};
  const County county(spec);
  h.params.lines[1].down_referral[index(Tier::county)] = 0.2;
  const auto problems = check_flow_parameters(county, h.params);
  const auto at_county = std::find_if(problems.begin(), problems.end(), [](const Problem& q) {
    return q.path == "service_lines[1].down_referral.county";
  });
  ASSERT_NE(at_county, problems.end());
  EXPECT_NE(at_county->what.find("no primary setting"), std::string::npos) << at_county->what;
  for (ServiceLine& line : h.params.lines) line.down_referral.fill(0.0);
  EXPECT_TRUE(check_flow_parameters(county, h.params).empty());
}

TEST(Indicators, CatalogIdsAreUniqueAndFindable) {
  const auto catalog = indicator_catalog();
  ASSERT_EQ(catalog.size(), indicator_count);
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    EXPECT_EQ(find_indicator(catalog[i].id), static_cast<Indicator>(i));
    EXPECT_FALSE(catalog[i].name_zh.empty());
    EXPECT_FALSE(catalog[i].definition.empty());
    EXPECT_FALSE(catalog[i].unit.empty());
  }
  EXPECT_EQ(find_indicator("county_visit_rates"), std::nullopt);
}

}  // namespace
}  // namespace ygt
