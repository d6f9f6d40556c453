#include "yigongti/projection/projection.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>

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

/// The year's money resolved to the county's institutions and alliances, with
/// everything that does not change between years worked out once, so that a
/// year allocates nothing.
///
/// Each in-county setting's fund spending is spread over the county's
/// institutions of that tier by their `count`, and its encounters as workload
/// the same way; spending outside the county (municipal and out_of_county) is
/// out-of-county spending. With several alliances, the out-of-county spending
/// of each township's residents goes to the alliance its primary institutions
/// belong to (split by each township's spending, to the fen), so two budgets
/// never count the same yuan.
class YearMoney {
 public:
  YearMoney(const County& county, const FlowTable& table) : county_(&county), splitter_(0) {
    const auto& institutions = county.institutions();
    members_.resize(table.settings.size());
    counts_.resize(table.settings.size());
    PerTier<int> setting_of;
    setting_of.fill(-1);
    for (std::size_t k = 0; k < table.settings.size(); ++k)
      setting_of[index(table.settings[k])] = static_cast<int>(k);
    alliance_of_.reserve(institutions.size());
    for (std::size_t i = 0; i < institutions.size(); ++i) {
      const std::size_t a = county.alliance_index_of(i);
      alliance_of_.push_back(a == County::no_alliance ? -1 : static_cast<int>(a));
      const int k = setting_of[index(institutions[i].tier())];
      if (k < 0) continue;
      members_[static_cast<std::size_t>(k)].push_back(i);
      counts_[static_cast<std::size_t>(k)].push_back(institutions[i].count());
    }
    std::size_t widest = table.townships.size();
    for (const auto& m : members_) widest = std::max(widest, m.size());
    // A setting whose institutions all belong to one alliance (or to none)
    // charges its whole spending there without splitting it.
    for (std::size_t k = 0; k < table.settings.size(); ++k) {
      int owner = members_[k].empty() ? -1 : alliance_of_[members_[k].front()];
      for (std::size_t i : members_[k]) {
        if (alliance_of_[i] != owner) owner = mixed;
      }
      setting_owner_.push_back(owner);
    }
    in_alliance_.assign(county.alliances().size(), Money{});
    if (county.alliances().size() > 1) {
      for (const std::string& township : table.townships) {
        int owner = -1;
        for (std::size_t i = 0; i < institutions.size() && owner < 0; ++i) {
          if (institutions[i].township() == township && is_primary(institutions[i].tier()))
            owner = alliance_of_[i];
        }
        owner_.push_back(owner);
      }
      by_alliance.assign(county.alliances().size(), Money{});
      township_weight_.assign(table.townships.size(), 0);
    }
    splitter_ = Splitter(widest);
    parts_.resize(widest);
    fund.assign(institutions.size(), Money{});
    workload.assign(institutions.size(), 0.0);
  }

  /// Works out the year's figures from a computed flow table; each
  /// institution's `fund` and `workload` only when `by_institution` is set.
  void compute(const FlowTable& f, bool by_institution) {
    out_of_county = Money{};
    in_county_ = Money{};
    std::fill(in_alliance_.begin(), in_alliance_.end(), Money{});
    for (std::size_t k = 0; k < f.settings.size(); ++k) {
      if (!is_in_county(f.settings[k])) {
        out_of_county += f.setting_fund[k];
        continue;
      }
      in_county_ += f.setting_fund[k];
      const int owner = setting_owner_[k];
      if (owner >= 0) in_alliance_[static_cast<std::size_t>(owner)] += f.setting_fund[k];
      if (!by_institution && owner != mixed) continue;
      const std::size_t n = members_[k].size();  // settings present have an institution
      const auto parts = std::span(parts_).first(n);
      splitter_.split(f.setting_fund[k], counts_[k], parts);
      if (owner == mixed) {
        for (std::size_t m = 0; m < n; ++m) {
          const int a = alliance_of_[members_[k][m]];
          if (a >= 0) in_alliance_[static_cast<std::size_t>(a)] += parts[m];
        }
      }
      if (!by_institution) continue;
      const double encounters = f.line_encounters.col(static_cast<Eigen::Index>(k)).sum();
      std::int64_t total_count = 0;
      for (std::int64_t c : counts_[k]) total_count += c;
      for (std::size_t m = 0; m < n; ++m) {
        fund[members_[k][m]] = parts[m];
        workload[members_[k][m]] =
            encounters * static_cast<double>(counts_[k][m]) / static_cast<double>(total_count);
      }
    }
    if (owner_.empty()) return;
    std::fill(by_alliance.begin(), by_alliance.end(), Money{});
    if (out_of_county <= Money{}) return;
    std::int64_t weight_sum = 0;
    for (std::size_t t = 0; t < f.townships.size(); ++t) {
      township_weight_[t] =
          Money::round_from_yuan(f.township_fund_outside(static_cast<Eigen::Index>(t))).fen();
      weight_sum += township_weight_[t];
    }
    if (weight_sum == 0) std::fill(township_weight_.begin(), township_weight_.end(), 1);
    const auto parts = std::span(parts_).first(township_weight_.size());
    splitter_.split(out_of_county, township_weight_, parts);
    for (std::size_t t = 0; t < parts.size(); ++t) {
      if (owner_[t] >= 0) by_alliance[static_cast<std::size_t>(owner_[t])] += parts[t];
    }
  }

  /// All fund spending: every institution's and out of the county.
  [[nodiscard]] Money total() const { return in_county_ + out_of_county; }

  /// The spending of alliance `a`'s institutions (an index in the county).
  [[nodiscard]] Money alliance_in_county(std::size_t a) const { return in_alliance_[a]; }
  /// The out-of-county spending charged to alliance `a`.
  [[nodiscard]] Money alliance_out_of_county(std::size_t a) const {
    return by_alliance.empty() ? out_of_county : by_alliance[a];
  }
  /// What a global budget of alliance `a` is charged: its institutions'
  /// spending and its residents' spending out of the county.
  [[nodiscard]] Money alliance_total(std::size_t a) const {
    return alliance_in_county(a) + alliance_out_of_county(a);
  }

  /// The figures as a stand-alone settlement takes them (after a `compute`
  /// by institution).
  [[nodiscard]] YearActuals actuals(int year) const {
    YearActuals a;
    a.year = year;
    a.out_of_county = out_of_county;
    const auto& institutions = county_->institutions();
    for (std::size_t i = 0; i < institutions.size(); ++i) {
      if (!is_in_county(institutions[i].tier())) continue;
      a.fund_spending[institutions[i].id()] = fund[i];
      a.workload[institutions[i].id()] = workload[i];
    }
    for (std::size_t al = 0; al < by_alliance.size(); ++al)
      a.out_of_county_by_alliance[county_->alliances()[al].id()] = by_alliance[al];
    return a;
  }

  std::vector<Money> fund;         ///< per institution (index in the county)
  std::vector<double> workload;    ///< encounters per institution
  Money out_of_county;             ///< all spending outside the county
  std::vector<Money> by_alliance;  ///< out-of-county spending per alliance (several alliances only)

 private:
  static constexpr int mixed = -2;  // a setting's institutions belong to several alliances
  const County* county_;
  Money in_county_;
  std::vector<Money> in_alliance_;                 // per alliance: its institutions' spending
  std::vector<int> setting_owner_;                 // per setting: alliance index, -1 none, or mixed
  std::vector<std::vector<std::size_t>> members_;  // per setting: institution indices
  std::vector<std::vector<std::int64_t>> counts_;  // per setting: the members' counts
  std::vector<int> alliance_of_;                   // per institution: alliance index or -1
  std::vector<int> owner_;                         // per township: alliance index or -1
  std::vector<std::int64_t> township_weight_;
  Splitter splitter_;
  std::vector<Money> parts_;
};

/// Capitated spending on a scheme's lines: each setting's fund spending on them.
std::vector<CapitatedSpending> capitated_spending(const County& county, const FlowTable& f,
                                                  const CapitationParameters& p) {
  std::vector<CapitatedSpending> out;
  for (const auto& line_id : p.service_lines) {
    std::size_t l = 0;
    while (l < f.lines.size() && f.lines[l] != line_id) ++l;
    if (l == f.lines.size()) continue;
    for (std::size_t k = 0; k < f.settings.size(); ++k) {
      const Money amount =
          Money::round_from_yuan(f.line_fund(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(k)));
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
      const double n = f.line_encounters(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(k));
      const auto count = static_cast<std::int64_t>(std::llround(n));
      if (count < 1) continue;
      out.push_back({provider_of(county, f.settings[k]), f.lines[l],
                     Money::round_from_yuan(params.lines[l].cost[index(f.settings[k])]), count});
    }
  }
  return out;
}

/// A scheme of a variant, resolved against the county once.
struct SchemePlan {
  const PaymentScheme* scheme = nullptr;
  std::size_t alliance = 0;            ///< global budget: the alliance's index
  bool contracted = false;             ///< global budget on contracted residents only
  std::vector<std::size_t> lines;      ///< capitation: the covered lines' indices in the table
  std::optional<Money> last_spending;  ///< what its party was charged last year
};

std::vector<SchemePlan> plan_schemes(const std::vector<PaymentScheme>& schemes, const County& county,
                                     const FlowTable& table) {
  std::vector<SchemePlan> plans;
  for (const PaymentScheme& scheme : schemes) {
    SchemePlan p;
    p.scheme = &scheme;
    if (const auto* gb = std::get_if<GlobalBudgetParameters>(&scheme.parameters)) {
      p.alliance = static_cast<std::size_t>(&county.alliance(scheme.party) - county.alliances().data());
      p.contracted = gb->scope == BudgetScope::contracted_residents;
    }
    if (const auto* cap = std::get_if<CapitationParameters>(&scheme.parameters)) {
      for (const auto& id : cap->service_lines) {
        const auto it = std::find(table.lines.begin(), table.lines.end(), id);
        if (it != table.lines.end()) p.lines.push_back(static_cast<std::size_t>(it - table.lines.begin()));
      }
    }
    plans.push_back(std::move(p));
  }
  return plans;
}

/// The fund spending a scheme's party is charged for all its residents: for a
/// global budget its alliance's institutions and the out-of-county spending of
/// its residents; otherwise all.
Money charged_spending(const SchemePlan& plan, const YearMoney& money) {
  return plan.scheme->kind() == SchemeKind::global_budget ? money.alliance_total(plan.alliance)
                                                          : money.total();
}

/// The base of a rolling budget: last year's spending, and for a global budget
/// on contracted residents the part of it on this year's contracted residents,
/// `coverage` of it (contracted and other residents alike per head), rounded
/// once as the settlement rounds.
Money budget_base(const SchemePlan& plan, Money last_year, double coverage) {
  if (!plan.contracted) return last_year;
  return Share(coverage).of(last_year, std::get<GlobalBudgetParameters>(plan.scheme->parameters).rounding);
}

/// Capitated spending on the covered lines: each setting's fund spending on
/// each line, rounded to the fen, as `capitated_spending` lists it.
Money capitated_total(const SchemePlan& plan, const FlowTable& f) {
  Money total;
  for (std::size_t l : plan.lines) {
    for (std::size_t k = 0; k < f.settings.size(); ++k) {
      total +=
          Money::round_from_yuan(f.line_fund(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(k)));
    }
  }
  return total;
}

/// Capitated residents: the scheme's enrolment, or family-doctor coverage x population.
std::int64_t enrolled(const PaymentScheme& scheme, const FlowModel& model, double people) {
  return scheme.enrolled.value_or(
      static_cast<std::int64_t>(std::llround(people * model.parameters().insurance.family_doctor_coverage)));
}

/// The four settlement figures of the indicators.
struct Figures {
  Money budget, balance, retained, recovered;
};

/// A scheme's figures straight from the year's money, without actuals or
/// ledger: allocates nothing. `settle` gives the same figures (the payment
/// schemes compute them with the same functions), which a test checks.
Figures quick_figures(const SchemePlan& plan, Money last_spending, const YearMoney& money,
                      const FlowTable& table, const FlowModel& model, double people) {
  const PaymentScheme& scheme = *plan.scheme;
  Figures out;
  switch (scheme.kind()) {
    case SchemeKind::fee_for_service:
      break;
    case SchemeKind::global_budget: {
      const auto& p = std::get<GlobalBudgetParameters>(scheme.parameters);
      const Money out_of_county =
          money.by_alliance.empty() ? money.out_of_county : money.by_alliance[plan.alliance];
      const Money in_county = money.alliance_total(plan.alliance) - out_of_county;
      const GlobalBudgetOutcome o =
          global_budget_outcome(p, in_county, out_of_county, last_spending, scheme.assessment_score,
                                Share(model.parameters().insurance.family_doctor_coverage));
      out = {o.budget, o.balance, o.retained, o.returned + o.overspend_alliance};
      break;
    }
    case SchemeKind::capitation: {
      const auto& p = std::get<CapitationParameters>(scheme.parameters);
      const Money package = p.rate_per_head * enrolled(scheme, model, people);
      const Money balance = package - capitated_total(plan, table);
      out = {package, balance, std::max(balance, Money{}), Money{}};
      break;
    }
    case SchemeKind::dip:
      out.budget = std::get<DipParameters>(scheme.parameters).pool();
      break;
    case SchemeKind::shared_savings: {
      const auto& p = std::get<SharedSavingsParameters>(scheme.parameters);
      const Money benchmark = scheme.benchmark.budget(last_spending, p.rounding);
      const SharedSavingsSettlement r = shared_savings_outcome(p, benchmark, money.total(), scheme.quality);
      out = {benchmark, r.savings, r.shared, r.owed};
      break;
    }
  }
  return out;
}

/// A scheme's figures by a full settlement, with its ledger appended to `ledger`.
Figures settled_figures(const SchemePlan& plan, Money last_spending, const YearActuals& actuals,
                        const County& county, const FlowTable& table, const FlowModel& model,
                        const FlowParameters& baseline, double people, Ledger& ledger) {
  const PaymentScheme& scheme = *plan.scheme;
  YearActuals a = actuals;
  a.last_year_spending = last_spending;
  if (plan.contracted) a.contracted_share = Share(model.parameters().insurance.family_doctor_coverage);
  if (const auto* cap = std::get_if<CapitationParameters>(&scheme.parameters)) {
    a.enrolled = enrolled(scheme, model, people);
    a.capitated_spending = capitated_spending(county, table, *cap);
  }
  if (const auto* dip = std::get_if<DipParameters>(&scheme.parameters)) {
    a.dip_cases = dip_cases(county, table, baseline, *dip);
  }
  if (scheme.kind() == SchemeKind::fee_for_service) {
    for (std::size_t k = 0; k < table.settings.size(); ++k) {
      a.claims.push_back(
          {provider_of(county, table.settings[k]), table.settings[k], 0, table.setting_cost[k]});
    }
  }
  SchemeSettlement s = settle(scheme, a, county);
  ledger.append(s.ledger);
  return {s.budget, s.balance, s.retained, s.recovered};
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
    std::vector<const Intervention*> reinvestments;
    for (const Intervention& iv : interventions) {
      if (iv.kind == InterventionKind::reinvestment) reinvestments.push_back(&iv);
    }
    const std::vector<PaymentScheme>& schemes = variant.payment ? *variant.payment : sc.payment;

    // Everything the years share is set up here; the loop itself allocates
    // nothing unless it keeps the ledger or the flow tables.
    FlowModel model(sc.county, baseline);
    FlowTable table = model.make_table(options.keep_flows ? FlowDetail::cells : FlowDetail::totals);
    const LeverSchedule levers(model, baseline, interventions);
    YearMoney money(sc.county, table);
    std::vector<SchemePlan> plans = plan_schemes(schemes, sc.county, table);
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
      levers.apply(model, year, gain);

      model.compute(table);
      money.compute(table, options.keep_ledger);

      // Settlement of every scheme in force. A rolling budget or benchmark
      // starts from what the scheme's party was charged last year (in force or
      // not); in the projection's first year, from this year's. A global
      // budget on contracted residents is charged, this year and last, the
      // share of that spending on this year's contracted residents.
      const double coverage = model.parameters().insurance.family_doctor_coverage;
      Figures total;
      std::optional<YearActuals> actuals;
      for (SchemePlan& plan : plans) {
        if (!plan.scheme->in_force(year)) continue;
        const Money last =
            budget_base(plan, plan.last_spending.value_or(charged_spending(plan, money)), coverage);
        Figures f;
        if (options.keep_ledger) {
          if (!actuals) actuals = money.actuals(year);
          f = settled_figures(plan, last, *actuals, sc.county, table, model, baseline, people, vp.ledger);
        } else {
          f = quick_figures(plan, last, money, table, model, people);
        }
        total.budget += f.budget;
        total.balance += f.balance;
        total.retained += f.retained;
        total.recovered += f.recovered;
      }
      for (SchemePlan& plan : plans) plan.last_spending = charged_spending(plan, money);
      last_retained = total.retained;

      auto v = vp.indicators.row(row);
      v = table.indicators.transpose();
      v(static_cast<Eigen::Index>(index(Indicator::budget))) = total.budget.yuan();
      v(static_cast<Eigen::Index>(index(Indicator::balance))) = total.balance.yuan();
      v(static_cast<Eigen::Index>(index(Indicator::alliance_retained))) = total.retained.yuan();
      v(static_cast<Eigen::Index>(index(Indicator::insurer_recovered))) = total.recovered.yuan();
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
