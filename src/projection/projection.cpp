#include "yigongti/projection/projection.hpp"

#include <cmath>
#include <map>

#include "yigongti/payment/scheme.hpp"
#include "yigongti/projection/levers.hpp"

namespace ygt {
namespace {

constexpr std::array<Tier, 3> primary_tiers = {Tier::village, Tier::community, Tier::township};

/// One institution standing for each setting, for the providers of capitated care.
std::string provider_of(const County& county, Tier tier) {
  if (!is_in_county(tier)) return std::string(out_of_county_party);
  for (const auto& i : county.institutions()) {
    if (i.tier() == tier) return i.id();
  }
  return std::string(out_of_county_party);
}

/// The year's actual figures from the flows: each setting's fund spending spread
/// over the county's institutions of that tier by their `count`; spending outside
/// the county (municipal and out_of_county) as out-of-county spending; encounters
/// as workload the same way.
YearActuals actuals_from(const County& county, const FlowTable& f, int year) {
  YearActuals a;
  a.year = year;
  for (std::size_t k = 0; k < f.settings.size(); ++k) {
    const Tier tier = f.settings[k];
    if (!is_in_county(tier)) {
      a.out_of_county += f.setting_fund[k];
      continue;
    }
    std::vector<const Institution*> members;
    std::vector<double> weights;
    for (const auto& i : county.institutions()) {
      if (i.tier() != tier) continue;
      members.push_back(&i);
      weights.push_back(static_cast<double>(i.count()));
    }
    const auto parts = split(f.setting_fund[k], weights);  // settings present have an institution
    const double encounters = f.encounters.col(static_cast<Eigen::Index>(k)).sum();
    double total_weight = 0;
    for (double w : weights) total_weight += w;
    for (std::size_t m = 0; m < members.size(); ++m) {
      a.fund_spending[members[m]->id()] = parts[m];
      a.workload[members[m]->id()] = encounters * weights[m] / total_weight;
    }
  }
  // With several alliances, out-of-county spending is charged to the alliance
  // of the residents' township: the one its primary institutions belong to.
  if (county.alliances().size() > 1) {
    std::vector<double> by_township(f.townships.size(), 0.0);
    for (std::size_t k = 0; k < f.settings.size(); ++k) {
      if (is_in_county(f.settings[k])) continue;
      for (std::size_t t = 0; t < f.townships.size(); ++t) {
        for (std::size_t l = 0; l < f.lines.size(); ++l)
          by_township[t] += f.fund(f.row(t, l), static_cast<Eigen::Index>(k));
      }
    }
    std::vector<std::string> owners;
    std::vector<double> weights;
    for (std::size_t t = 0; t < f.townships.size(); ++t) {
      std::string owner = std::string(out_of_county_party);
      for (const auto& i : county.institutions()) {
        if (i.township() != f.townships[t] || !is_primary(i.tier())) continue;
        if (const Alliance* al = county.alliance_of(i.id())) {
          owner = al->id();
          break;
        }
      }
      owners.push_back(owner);
      weights.push_back(by_township[t]);
    }
    if (!a.out_of_county.is_zero() && !a.out_of_county.is_negative()) {
      const auto parts = split(a.out_of_county, weights);
      for (std::size_t t = 0; t < parts.size(); ++t) {
        if (owners[t] != out_of_county_party) a.out_of_county_by_alliance[owners[t]] += parts[t];
      }
    }
  }
  return a;
}

/// Capitated spending on a scheme's lines: each setting's fund spending on them.
std::vector<CapitatedSpending> capitated_spending(const County& county, const FlowTable& f,
                                                  const CapitationParameters& p) {
  std::vector<CapitatedSpending> out;
  for (const auto& line_id : p.service_lines) {
    std::size_t l = 0;
    while (l < f.lines.size() && f.lines[l] != line_id) ++l;
    if (l == f.lines.size()) continue;
    for (std::size_t k = 0; k < f.settings.size(); ++k) {
      double fund = 0;
      for (std::size_t t = 0; t < f.townships.size(); ++t)
        fund += f.fund(f.row(t, l), static_cast<Eigen::Index>(k));
      const Money amount = Money::round_from_yuan(fund);
      if (!amount.is_zero()) out.push_back({line_id, provider_of(county, f.settings[k]), amount});
    }
  }
  return out;
}

/// DIP cases: each inpatient line is a group; its encounters at a setting are
/// cases at that setting's institution, at the line's cost per encounter.
std::vector<DipCase> dip_cases(const County& county, const FlowTable& f, const FlowParameters& params,
                               const DipParameters& dip) {
  std::vector<DipCase> out;
  for (std::size_t l = 0; l < f.lines.size(); ++l) {
    bool grouped = false;
    for (const auto& g : dip.groups) grouped = grouped || g.id == f.lines[l];
    if (!grouped) continue;
    for (std::size_t k = 0; k < f.settings.size(); ++k) {
      if (!is_in_county(f.settings[k])) continue;
      double n = 0;
      for (std::size_t t = 0; t < f.townships.size(); ++t)
        n += f.encounters(f.row(t, l), static_cast<Eigen::Index>(k));
      const auto count = static_cast<std::int64_t>(std::llround(n));
      if (count < 1) continue;
      out.push_back({provider_of(county, f.settings[k]), f.lines[l],
                     Money::round_from_yuan(params.lines[l].cost[index(f.settings[k])]), count});
    }
  }
  return out;
}

/// The fund spending a scheme is charged: for a global budget its alliance's
/// institutions and the out-of-county spending of its residents; otherwise all.
Money charged_spending(const PaymentScheme& scheme, const YearActuals& a, const County& county) {
  if (scheme.kind() != SchemeKind::global_budget) {
    Money total = a.out_of_county;
    for (const auto& [id, amount] : a.fund_spending) total += amount;
    return total;
  }
  Money total;
  for (const auto& [id, amount] : a.fund_spending) {
    const Alliance* al = county.alliance_of(id);
    if (al != nullptr && al->id() == scheme.party) total += amount;
  }
  if (a.out_of_county_by_alliance.empty()) return total + a.out_of_county;
  const auto it = a.out_of_county_by_alliance.find(scheme.party);
  return it == a.out_of_county_by_alliance.end() ? total : total + it->second;
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
    vp.reinvestment_gain = Eigen::MatrixXd::Zero(years, static_cast<Eigen::Index>(primary_tiers.size()));

    std::vector<Intervention> interventions = sc.interventions;
    interventions.insert(interventions.end(), variant.interventions.begin(), variant.interventions.end());
    const std::vector<PaymentScheme>& schemes = variant.payment ? *variant.payment : sc.payment;

    FlowModel model(sc.county, baseline);
    FlowTable table = model.make_table();
    Eigen::MatrixXd population = population_matrix(sc.county);
    std::vector<CohortComponent> steps;
    if (sc.demography) steps = cohort_steps(sc.county, *sc.demography);
    Eigen::VectorXd from(static_cast<Eigen::Index>(age_count));
    Eigen::VectorXd to(static_cast<Eigen::Index>(age_count));
    PerTier<double> gain{};  // capability gained by reinvestment, as a share of the gap to 1
    std::map<std::string, Money> last_spending;  // by scheme: what it was charged last year
    Money last_retained;

    for (int year = sc.years.start; year <= sc.years.end; ++year) {
      const Eigen::Index row = year - sc.years.start;
      if (year > sc.years.start && sc.demography) step_population(steps, population, from, to);
      model.set_population(population);
      apply_interventions(model, baseline, interventions, year);

      // Reinvestment: last year's kept surplus raises primary capability.
      for (const Intervention& iv : interventions) {
        if (iv.kind != InterventionKind::reinvestment || year < iv.path.from || year > iv.path.to) continue;
        const double people = population.sum();
        const double per_resident = people > 0 && last_retained.is_negative() == false
                                        ? iv.share * last_retained.yuan() / people
                                        : 0.0;
        for (Tier t : iv.tiers)
          gain[index(t)] = 1.0 - (1.0 - gain[index(t)]) * std::exp(-iv.efficiency * per_resident);
      }
      for (std::size_t p = 0; p < primary_tiers.size(); ++p) {
        const Tier t = primary_tiers[p];
        vp.reinvestment_gain(row, static_cast<Eigen::Index>(p)) = gain[index(t)];
        if (gain[index(t)] <= 0.0 || !sc.county.has_tier(t)) continue;
        for (std::size_t l = 0; l < model.line_count(); ++l) {
          const double cap = model.capability(l, t);
          model.set_capability(l, t, cap + (1.0 - cap) * gain[index(t)]);
        }
      }

      model.compute(table);

      // Settlement of every scheme in force.
      const YearActuals actuals = actuals_from(sc.county, table, year);
      Money budget, balance, retained, recovered;
      for (const PaymentScheme& scheme : schemes) {
        if (!scheme.in_force(year)) continue;
        YearActuals a = actuals;
        // A rolling budget or benchmark starts from what the scheme's party
        // spent last year (in force or not); in the projection's first year,
        // from this year's.
        const auto last = last_spending.find(scheme.id);
        a.last_year_spending =
            last == last_spending.end() ? charged_spending(scheme, a, sc.county) : last->second;
        if (const auto* cap = std::get_if<CapitationParameters>(&scheme.parameters)) {
          a.enrolled = scheme.enrolled.value_or(static_cast<std::int64_t>(
              std::llround(population.sum() * model.parameters().insurance.family_doctor_coverage)));
          a.capitated_spending = capitated_spending(sc.county, table, *cap);
        }
        if (const auto* dip = std::get_if<DipParameters>(&scheme.parameters)) {
          a.dip_cases = dip_cases(sc.county, table, baseline, *dip);
        }
        if (scheme.kind() == SchemeKind::fee_for_service) {
          for (std::size_t k = 0; k < table.settings.size(); ++k) {
            a.claims.push_back(
                {provider_of(sc.county, table.settings[k]), table.settings[k], 0, table.setting_cost[k]});
          }
        }
        SchemeSettlement s = settle(scheme, a, sc.county);
        vp.ledger.append(s.ledger);
        budget += s.budget;
        balance += s.balance;
        retained += s.retained;
        recovered += s.recovered;
      }
      for (const PaymentScheme& scheme : schemes)
        last_spending[scheme.id] = charged_spending(scheme, actuals, sc.county);
      last_retained = retained;

      auto v = vp.indicators.row(row);
      v = table.indicators.transpose();
      v(static_cast<Eigen::Index>(index(Indicator::budget))) = budget.yuan();
      v(static_cast<Eigen::Index>(index(Indicator::balance))) = balance.yuan();
      v(static_cast<Eigen::Index>(index(Indicator::alliance_retained))) = retained.yuan();
      v(static_cast<Eigen::Index>(index(Indicator::insurer_recovered))) = recovered.yuan();
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

}  // namespace ygt
