// Settling one alliance's global-budget year and distributing what it keeps
// across 300 member institutions by tier ratio and workload.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>
#include <yigongti/payment/global_budget.hpp>

namespace {

ygt::GlobalBudgetParameters parameters() {
  ygt::GlobalBudgetParameters p;
  p.budget = ygt::BudgetRule::rolling(0.05);
  p.prepay_share = 0.9;
  p.retention = ygt::Share::fraction(464, 857);
  p.overspend = {{0.05, 0.5}, {0.10, 0.3}};
  p.distribution = ygt::DistributionRule{};
  p.distribution->ratios[ygt::index(ygt::Tier::county)] = 6;
  p.distribution->ratios[ygt::index(ygt::Tier::township)] = 3;
  p.distribution->ratios[ygt::index(ygt::Tier::village)] = 1;
  return p;
}

/// 2 county hospitals, 18 township centres, 280 village clinics (Suixi-like).
ygt::GlobalBudgetInput input() {
  std::mt19937_64 rng(2021);
  std::uniform_real_distribution<double> workload(100.0, 10000.0);
  ygt::GlobalBudgetInput in;
  in.year = 2021;
  in.alliance = "suixi-alliance";
  in.last_year_spending = ygt::Money::parse("142857142.86");
  in.in_county_spending = ygt::Money::parse("130430000.00");
  in.out_of_county_spending = ygt::Money::parse("11000000.00");
  in.assessment_score = 93.5;
  for (int i = 0; i < 2; ++i)
    in.members.push_back({"county-" + std::to_string(i), ygt::Tier::county, workload(rng), 0});
  for (int i = 0; i < 18; ++i) {
    in.members.push_back({"township-" + std::to_string(i), ygt::Tier::township, workload(rng), 0});
  }
  for (int i = 0; i < 280; ++i) {
    in.members.push_back({"village-" + std::to_string(i), ygt::Tier::village, workload(rng), 0});
  }
  return in;
}

void settle_global_budget_300_institutions(benchmark::State& state) {
  const ygt::GlobalBudgetParameters p = parameters();
  const ygt::GlobalBudgetInput in = input();
  for (auto _ : state) {
    ygt::GlobalBudgetSettlement s = ygt::settle_global_budget(p, in);
    benchmark::DoNotOptimize(s);
  }
  state.counters["settlements_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(settle_global_budget_300_institutions)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
