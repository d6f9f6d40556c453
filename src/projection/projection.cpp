#include "yigongti/projection/projection.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>

#include "yigongti/payment/flow_money.hpp"
#include "yigongti/payment/scheme.hpp"
#include "yigongti/projection/demography.hpp"
#include "yigongti/projection/levers.hpp"

namespace ygt {
namespace {

constexpr std::array<Tier, 3> primary_tiers = {Tier::village, Tier::community, Tier::township};

}  // namespace

namespace {

/// A settlement the projection could not make, in the scenario's terms: its
/// file, the scheme's path, the variant and the year.
InputError in_settlement(const Scenario& sc, const Variant& variant, std::size_t scheme, int year,
                         const InputError& e) {
  const auto v = static_cast<std::size_t>(&variant - sc.variants.data());
  const std::string path = (variant.payment ? "variants[" + std::to_string(v) + "].payment" : "payment") +
                           "[" + std::to_string(scheme) + "]";
  std::vector<Problem> problems;
  for (const Problem& p : e.problems()) {
    problems.push_back({p.path.empty() ? path : path + " (" + p.path + ")",
                        "variant \"" + variant.id + "\", scheme \"" + sc.payment_of(variant)[scheme].id +
                            "\", " + std::to_string(year) + ": " + p.what,
                        p.expected});
  }
  return {sc.origin, std::move(problems)};
}

}  // namespace

ProjectionResult project(const Scenario& sc, const ProjectionOptions& options) {
  if (!sc.flows) {
    throw InputError(sc.origin, {{"service_lines", "the scenario has no service lines",
                                  "service_lines, choice and insurance sections to project"}});
  }
  ProjectionResult result;
  result.first_year = sc.years.start;
  result.last_year = sc.years.end;
  result.constant_population = !sc.demography.has_value();
  const int years = sc.years.count();
  const FlowParameters& baseline = *sc.flows;

  bool found = !options.variant.has_value();
  for (const Variant& variant : sc.variants) {
    if (options.variant && variant.id != *options.variant) continue;
    found = true;
    VariantProjection vp;
    vp.id = variant.id;
    vp.indicators = Eigen::MatrixXd::Zero(years, static_cast<Eigen::Index>(indicator_count));
    vp.weights = Eigen::MatrixXd::Ones(years, static_cast<Eigen::Index>(indicator_count));
    vp.reinvestment_gain = Eigen::MatrixXd::Zero(years, static_cast<Eigen::Index>(primary_tiers.size()));

    const std::vector<Intervention> interventions = sc.interventions_of(variant);
    std::vector<const Intervention*> reinvestments;
    for (const Intervention& iv : interventions) {
      if (iv.kind == InterventionKind::reinvestment) reinvestments.push_back(&iv);
    }
    const std::vector<PaymentScheme>& schemes = sc.payment_of(variant);

    // Everything the years share is set up here; the loop itself allocates
    // nothing unless it keeps the ledger or the flow tables.
    FlowModel model(sc.county, baseline);
    FlowTable table = model.make_table(options.keep_flows ? FlowDetail::cells : FlowDetail::totals);
    const LeverSchedule levers(model, sc.county, baseline, interventions);
    FlowMoney money(sc.county, baseline, table, schemes);
    std::optional<BehaviourModel> behaviour;
    if (sc.behaviour.enabled) behaviour.emplace(sc.county, baseline, model.settings(), schemes, sc.behaviour);
    std::vector<SchemeExpectation> expectations(schemes.size());  // how each scheme's last year ended
    if (behaviour) {
      for (const Alliance& a : sc.county.alliances()) vp.purses.push_back(a.id());
      vp.purses.emplace_back("unallied");
      vp.purse_weights = behaviour->purse_weights();
      vp.group_tiers = behaviour->tiers();
      if (options.keep_ledger) vp.behaviour.reserve(static_cast<std::size_t>(years));
    }
    Eigen::MatrixXd population = population_matrix(sc.county);  // next year's, then the model's last
    std::optional<PopulationStep> ageing;
    if (sc.demography) ageing.emplace(sc.county, *sc.demography);
    PerTier<double> gain{};  // capability gained by reinvestment, as a share of the gap to 1
    Money last_retained;
    if (options.keep_flows) vp.flows.reserve(static_cast<std::size_t>(years));

    for (int year = sc.years.start; year <= sc.years.end; ++year) {
      const Eigen::Index row = year - sc.years.start;
      if (year == sc.years.start) {
        model.set_population(population);
      } else if (ageing) {
        ageing->step(model.population(), population);
        model.swap_population(population);
      }
      const double people = model.people();

      // Reinvestment: last year's kept surplus raises primary capability.
      for (const Intervention* iv : reinvestments) {
        if (year < iv->path.from || year > iv->path.to) continue;
        const double per_resident =
            people > 0 && !last_retained.is_negative() ? iv->share * last_retained.yuan() / people : 0.0;
        for (Tier t : iv->tiers)
          gain[index(t)] = 1.0 - (1.0 - gain[index(t)]) * std::exp(-iv->efficiency * per_resident);
      }
      for (std::size_t p = 0; p < primary_tiers.size(); ++p)
        vp.reinvestment_gain(row, static_cast<Eigen::Index>(p)) = gain[index(primary_tiers[p])];
      if (behaviour && year == sc.years.start) {
        // The first year's responses start from where care is without them.
        levers.apply(model, year, gain, nullptr);
        model.compute(table);
      }
      if (behaviour) behaviour->update(year, levers.coverage(year, model), expectations, table);
      levers.apply(model, year, gain, behaviour ? &behaviour->levers() : nullptr);

      model.compute(table);
      // Settlement of every scheme in force (`FlowMoney` says what each is
      // settled on); with the ledger kept, in full.
      money.compute(table, year, model.parameters().insurance.family_doctor_coverage, people,
                    options.keep_ledger);
      SchemeOutcome total;
      for (std::size_t s = 0; s < schemes.size(); ++s) {
        if (!schemes[s].in_force(year)) continue;
        SchemeOutcome o;
        try {
          if (options.keep_ledger) {
            SchemeSettlement settled = settle(schemes[s], money.input(s), sc.county);
            vp.ledger.append(settled.ledger);
            o = settled.outcome;
          } else {
            o = scheme_outcome(schemes[s], money.input(s));
          }
        } catch (const InputError& e) {
          throw in_settlement(sc, variant, s, year, e);
        }
        // What the scheme's party will expect next year: how this one ended.
        if (o.budget > Money{})
          expectations[s] = static_cast<double>(o.balance.fen()) / static_cast<double>(o.budget.fen());
        total.budget += o.budget;
        total.balance += o.balance;
        total.retained += o.retained;
        total.recovered += o.recovered;
        total.outlay_change += o.outlay_change;
      }
      money.close_year();
      last_retained = total.retained;

      auto v = vp.indicators.row(row);
      v = table.indicators.transpose();
      vp.weights.row(row) = table.weights.transpose();
      v(static_cast<Eigen::Index>(index(Indicator::budget))) = total.budget.yuan();
      v(static_cast<Eigen::Index>(index(Indicator::balance))) = total.balance.yuan();
      v(static_cast<Eigen::Index>(index(Indicator::alliance_retained))) = total.retained.yuan();
      v(static_cast<Eigen::Index>(index(Indicator::insurer_recovered))) = total.recovered.yuan();
      v(static_cast<Eigen::Index>(index(Indicator::fund_outlay))) =
          (money.total() + total.outlay_change).yuan();
      v(static_cast<Eigen::Index>(index(Indicator::cost_share))) =
          behaviour ? behaviour->mean_cost_share() : 0.0;
      if (behaviour && options.keep_ledger) {
        BehaviourYear b{behaviour->cost_shares(), {}, {}};
        for (std::size_t r = 0; r < response_count; ++r) {
          b.levels[r] = behaviour->level(static_cast<Response>(r));
          b.county[r] = behaviour->county_level(static_cast<Response>(r));
        }
        vp.behaviour.push_back(std::move(b));
      }
      if (options.keep_flows) vp.flows.push_back(table);
    }
    result.variants.push_back(std::move(vp));
  }
  if (!found) {
    std::string known;
    for (const Variant& v : sc.variants) known += (known.empty() ? "" : ", ") + v.id;
    throw InputError(sc.origin,
                     {{"variants", "no variant \"" + *options.variant + "\"", "one of: " + known}});
  }
  return result;
}

FlowTable project_year_flows(const Scenario& sc, int year, const std::string& variant) {
  if (!sc.years.contains(year)) {
    throw InputError(sc.origin,
                     {{"years", "year " + std::to_string(year) + " is outside the scenario's years",
                       std::to_string(sc.years.start) + ".." + std::to_string(sc.years.end)}});
  }
  Scenario until = sc;
  until.years.end = year;
  ProjectionOptions options;
  options.keep_flows = true;
  options.keep_ledger = false;
  options.variant = variant.empty() ? sc.variants.front().id : variant;
  ProjectionResult r = project(until, options);
  VariantProjection& vp = r.variants.front();
  FlowTable table = std::move(vp.flows[static_cast<std::size_t>(year - r.first_year)]);
  table.indicators = vp.indicators.row(year - r.first_year).transpose();
  return table;
}

}  // namespace ygt
