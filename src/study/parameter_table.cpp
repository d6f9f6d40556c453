// The table of model parameters (see parameter_table.hpp). Adding a
// parameter is adding its row here, its line in docs/scenario-format.md
// ("Parameter paths"; a test checks that every pattern is there) and a test.

#include "study/parameter_table.hpp"

#include <limits>

namespace ygt::detail {
namespace {

using S = ParameterScope;
using Form = ParameterLocation::Form;

constexpr double inf = std::numeric_limits<double>::infinity();

// Ranges as the loader checks them (`docs/scenario-format.md`).
constexpr ParameterRange any_number{-inf, inf, true, true};
constexpr ParameterRange unit_interval{0.0, 1.0};
constexpr ParameterRange non_negative{0.0, inf, false, true};
constexpr ParameterRange positive{0.0, inf, true, true};
/// A growth rate of a budget: a fall of 100% or more would leave no budget.
constexpr ParameterRange budget_growth{-1.0, inf, true, true};
/// A relative change of demand: -1 (-100%) at most.
constexpr ParameterRange demand_change{-1.0, inf, false, true};
/// Cost per encounter: `check_flow_parameters` accepts yuan in [0, 1e12].
constexpr ParameterRange encounter_cost{0.0, 1e12};
constexpr ParameterRange stay_days{0.0, 366.0};
/// Amounts of money in yuan, within the range of `Money` (about 9.2e16 yuan).
constexpr ParameterRange money_amount{0.0, 9e16};
constexpr ParameterRange positive_money_amount{0.0, 9e16, true, false};
/// A travel-minutes factor, as the `interventions` reader accepts it.
constexpr ParameterRange minutes_factor{1e-6, 1e6};
/// DIP: a ratio of 0 leaves nothing to gross up; a multiple of the average cost >= 1.
constexpr ParameterRange dip_ratio{0.0, 1.0, true, false};
constexpr ParameterRange cost_multiple{1.0, inf, false, true};

// Where a value of a payment scheme sits: a number, a share or money, or
// nothing when an optional field is not given.
ValuePointer value(double& x) {
  return &x;
}
ValuePointer value(Share& x) {
  return &x;
}
ValuePointer value(Money& x) {
  return &x;
}
template <class T>
ValuePointer value(std::optional<T>& x) {
  return x ? value(*x) : ValuePointer{};
}

/// The accessor of a value of schemes with parameters `P`: `Get` maps the
/// parameters (and the slot) to the value.
template <class P, class Get>
ValuePointer (*in(Get))(PaymentScheme&, const ParameterSlot&) {
  return [](PaymentScheme& s, const ParameterSlot& slot) -> ValuePointer {
    P* p = std::get_if<P>(&s.parameters);
    return p == nullptr ? ValuePointer{} : Get{}(*p, slot);
  };
}

/// A distribution ratio: tiers given a ratio > 0 only (a ratio needs members of its tier).
template <class P>
ValuePointer (*ratio())(PaymentScheme&, const ParameterSlot&) {
  return in<P>([](P& p, const ParameterSlot& slot) -> ValuePointer {
    if (!p.distribution || !(p.distribution->ratios[index(slot.tier)] > 0.0)) return {};
    return &p.distribution->ratios[index(slot.tier)];
  });
}

constexpr unsigned kind(InterventionKind k) {
  return 1u << static_cast<unsigned>(k);
}

double* target(Intervention& iv) {
  return &iv.path.target;
}

ServiceLine& line(FlowParameters& f, const ParameterSlot& slot) {
  return f.lines[slot.index];
}

bool has_primary(const Scenario& sc) {
  for (Tier t : sc.county.settings()) {
    if (is_primary(t)) return true;
  }
  return false;
}

bool uses_care(const Scenario& sc, CareType care) {
  for (const ServiceLine& l : sc.flows->lines) {
    if (l.care == care) return true;
  }
  return false;
}

std::vector<ParameterRow> make_rows() {
  return {
      // choice
      {.pattern = "choice.b_cap",
       .unit = "utility per unit of capability",
       .scope = S::flows,
       .range = any_number,
       .flow = [](FlowParameters& f, const ParameterSlot&) { return &f.choice.b_cap; }},
      {.pattern = "choice.b_time",
       .unit = "utility lost per travel minute",
       .scope = S::flows,
       .range = any_number,
       .flow = [](FlowParameters& f, const ParameterSlot&) { return &f.choice.b_time; }},
      {.pattern = "choice.b_oop",
       .unit = "utility lost per 100 yuan out of pocket",
       .scope = S::flows,
       .range = any_number,
       .flow = [](FlowParameters& f, const ParameterSlot&) { return &f.choice.b_oop; }},
      {.pattern = "choice.b_fd",
       .unit = "utility per unit of family-doctor coverage",
       .scope = S::flows,
       .range = any_number,
       .flow = [](FlowParameters& f, const ParameterSlot&) { return &f.choice.b_fd; }},
      {.pattern = "choice.asc.<tier>",
       .unit = "utility",
       .scope = S::setting,
       .range = any_number,
       .flow = [](FlowParameters& f, const ParameterSlot& s) { return &f.choice.asc[index(s.tier)]; }},
      // service_lines.<line>
      {.pattern = "service_lines.<line>.capability.<tier>",
       .unit = "probability",
       .scope = S::line_setting,
       .range = unit_interval,
       .flow = [](FlowParameters& f,
                  const ParameterSlot& s) { return &line(f, s).capability[index(s.tier)]; },
       .applies = [](const Scenario&, const ParameterSlot& s) { return s.tier != Tier::out_of_county; },
       .keeps_chain = true},
      {.pattern = "service_lines.<line>.cost.<tier>",
       .unit = "yuan per encounter",
       .scope = S::line_setting,
       .range = encounter_cost,
       .flow = [](FlowParameters& f, const ParameterSlot& s) { return &line(f, s).cost[index(s.tier)]; }},
      {.pattern = "service_lines.<line>.asc.<tier>",
       .unit = "utility",
       .scope = S::line_setting,
       .range = any_number,
       .flow = [](FlowParameters& f, const ParameterSlot& s) { return &line(f, s).asc[index(s.tier)]; }},
      // Down-referral goes to the highest primary setting: without one it is unused.
      {.pattern = "service_lines.<line>.down_referral.<tier>",
       .unit = "probability",
       .scope = S::line_setting,
       .range = unit_interval,
       .flow = [](FlowParameters& f,
                  const ParameterSlot& s) { return &line(f, s).down_referral[index(s.tier)]; },
       .applies = [](const Scenario& sc,
                     const ParameterSlot& s) { return s.tier >= Tier::county && has_primary(sc); },
       .keeps_chain = true},
      {.pattern = "service_lines.<line>.length_of_stay",
       .unit = "days",
       .scope = S::line,
       .range = stay_days,
       .flow = [](FlowParameters& f, const ParameterSlot& s) { return &line(f, s).length_of_stay; },
       .applies =
           [](const Scenario& sc, const ParameterSlot& s) {
             return sc.flows->lines[s.index].care == CareType::inpatient;
           }},
      {.pattern = "service_lines.<line>.rate_scale",
       .unit = "factor on the line's rates",
       .scope = S::line,
       .range = non_negative,
       .flow = [](FlowParameters& f, const ParameterSlot& s) { return &line(f, s).rate_scale; },
       .form = Form::rate_factor},
      // insurance
      {.pattern = "insurance.outpatient.<tier>",
       .unit = "share of cost",
       .scope = S::setting,
       .range = unit_interval,
       .flow = [](FlowParameters& f,
                  const ParameterSlot& s) { return &f.insurance.outpatient[index(s.tier)]; },
       .applies = [](const Scenario& sc,
                     const ParameterSlot&) { return uses_care(sc, CareType::outpatient); }},
      {.pattern = "insurance.inpatient.<tier>",
       .unit = "share of cost",
       .scope = S::setting,
       .range = unit_interval,
       .flow = [](FlowParameters& f,
                  const ParameterSlot& s) { return &f.insurance.inpatient[index(s.tier)]; },
       .applies = [](const Scenario& sc,
                     const ParameterSlot&) { return uses_care(sc, CareType::inpatient); }},
      {.pattern = "insurance.family_doctor_coverage",
       .unit = "share of residents",
       .scope = S::flows,
       .range = unit_interval,
       .flow = [](FlowParameters& f, const ParameterSlot&) { return &f.insurance.family_doctor_coverage; }},
      // payment.<scheme>: global_budget
      {.pattern = "payment.<scheme>.budget.amount",
       .unit = "yuan",
       .scope = S::scheme,
       .range = money_amount,
       .scheme =
           in<GlobalBudgetParameters>([](auto& p, const ParameterSlot&) { return value(p.budget.amount); }),
       .form = Form::money},
      {.pattern = "payment.<scheme>.budget.rolling_growth",
       .unit = "growth over last year",
       .scope = S::scheme,
       .range = budget_growth,
       .scheme = in<GlobalBudgetParameters>(
           [](auto& p, const ParameterSlot&) { return value(p.budget.rolling_growth); })},
      {.pattern = "payment.<scheme>.prepay_share",
       .unit = "share of the budget",
       .scope = S::scheme,
       .range = unit_interval,
       .scheme =
           in<GlobalBudgetParameters>([](auto& p, const ParameterSlot&) { return value(p.prepay_share); })},
      {.pattern = "payment.<scheme>.retention",
       .unit = "share of the surplus",
       .scope = S::scheme,
       .range = unit_interval,
       .scheme =
           in<GlobalBudgetParameters>([](auto& p, const ParameterSlot&) { return value(p.retention); })},
      {.pattern = "payment.<scheme>.overspend[<band>].insurer_share",
       .unit = "share of the band",
       .scope = S::scheme_band,
       .range = unit_interval,
       .scheme = in<GlobalBudgetParameters>([](auto& p, const ParameterSlot& s) -> ValuePointer {
         return s.index < p.overspend.size() ? value(p.overspend[s.index].insurer_share) : ValuePointer{};
       })},
      {.pattern = "payment.<scheme>.assessment_score",
       .unit = "score points",
       .scope = S::scheme,
       .range = any_number,
       .scheme = in<GlobalBudgetParameters>(
           [](auto& p, const ParameterSlot&) { return value(p.assessment_score); }),
       .scheme_range = [](const PaymentScheme& s) -> std::optional<ParameterRange> {
         const auto* p = std::get_if<GlobalBudgetParameters>(&s.parameters);
         if (p == nullptr) return std::nullopt;
         return ParameterRange{p->performance.score_min, p->performance.score_max};
       }},
      {.pattern = "payment.<scheme>.distribution.ratios.<tier>",
       .unit = "ratio",
       .scope = S::scheme_tier,
       .range = positive,
       .scheme = ratio<GlobalBudgetParameters>()},
      // capitation
      {.pattern = "payment.<scheme>.rate_per_head",
       .unit = "yuan per enrolled resident per year",
       .scope = S::scheme,
       .range = money_amount,
       .scheme =
           in<CapitationParameters>([](auto& p, const ParameterSlot&) { return value(p.rate_per_head); }),
       .form = Form::money},
      {.pattern = "payment.<scheme>.distribution.ratios.<tier>",
       .unit = "ratio",
       .scope = S::scheme_tier,
       .range = positive,
       .scheme = ratio<CapitationParameters>()},
      // dip
      {.pattern = "payment.<scheme>.fund",
       .unit = "yuan",
       .scope = S::scheme,
       .range = money_amount,
       .scheme = in<DipParameters>([](auto& p, const ParameterSlot&) { return value(p.fund); }),
       .form = Form::money},
      {.pattern = "payment.<scheme>.reimbursement_ratio",
       .unit = "share of cost",
       .scope = S::scheme,
       .range = dip_ratio,
       .scheme =
           in<DipParameters>([](auto& p, const ParameterSlot&) { return value(p.reimbursement_ratio); })},
      {.pattern = "payment.<scheme>.low_cost_ratio",
       .unit = "share of the group's average cost",
       .scope = S::scheme,
       .range = unit_interval,
       .scheme = in<DipParameters>([](auto& p, const ParameterSlot&) { return value(p.low_cost_ratio); })},
      {.pattern = "payment.<scheme>.high_cost_multiple",
       .unit = "multiple of the group's average cost",
       .scope = S::scheme,
       .range = cost_multiple,
       .scheme =
           in<DipParameters>([](auto& p, const ParameterSlot&) { return value(p.high_cost_multiple); })},
      // shared_savings
      {.pattern = "payment.<scheme>.benchmark.amount",
       .unit = "yuan",
       .scope = S::scheme,
       .range = positive_money_amount,
       .scheme = in<SharedSavingsParameters>(
           [](auto& p, const ParameterSlot&) { return value(p.benchmark.amount); }),
       .form = Form::money},
      {.pattern = "payment.<scheme>.benchmark.rolling_growth",
       .unit = "growth over last year",
       .scope = S::scheme,
       .range = budget_growth,
       .scheme = in<SharedSavingsParameters>(
           [](auto& p, const ParameterSlot&) { return value(p.benchmark.rolling_growth); })},
      {.pattern = "payment.<scheme>.minimum_savings_rate",
       .unit = "share of the benchmark",
       .scope = S::scheme,
       .range = unit_interval,
       .scheme = in<SharedSavingsParameters>(
           [](auto& p, const ParameterSlot&) { return value(p.minimum_savings_rate); })},
      {.pattern = "payment.<scheme>.minimum_loss_rate",
       .unit = "share of the benchmark",
       .scope = S::scheme,
       .range = unit_interval,
       .scheme = in<SharedSavingsParameters>(
           [](auto& p, const ParameterSlot&) { return value(p.minimum_loss_rate); })},
      {.pattern = "payment.<scheme>.sharing_rate",
       .unit = "share of the savings",
       .scope = S::scheme,
       .range = unit_interval,
       .scheme =
           in<SharedSavingsParameters>([](auto& p, const ParameterSlot&) { return value(p.sharing_rate); })},
      {.pattern = "payment.<scheme>.loss_rate.fixed_rate",
       .unit = "share of the loss",
       .scope = S::scheme,
       .range = unit_interval,
       .scheme = in<SharedSavingsParameters>([](auto& p, const ParameterSlot&) -> ValuePointer {
         return p.loss_rate.quality_linked ? ValuePointer{} : value(p.loss_rate.fixed_rate);
       })},
      {.pattern = "payment.<scheme>.performance_payment_cap",
       .unit = "share of the benchmark",
       .scope = S::scheme,
       .range = unit_interval,
       .scheme = in<SharedSavingsParameters>(
           [](auto& p, const ParameterSlot&) { return value(p.performance_payment_cap); })},
      {.pattern = "payment.<scheme>.loss_cap",
       .unit = "share of the benchmark",
       .scope = S::scheme,
       .range = unit_interval,
       .scheme =
           in<SharedSavingsParameters>([](auto& p, const ParameterSlot&) { return value(p.loss_cap); })},
      {.pattern = "payment.<scheme>.quality",
       .unit = "quality score",
       .scope = S::scheme,
       .range = unit_interval,
       .scheme = in<SharedSavingsParameters>([](auto& p, const ParameterSlot&) { return value(p.quality); })},
      // behaviour
      {.pattern = "behaviour.ffs_margin",
       .unit = "share of a yuan billed",
       .scope = S::behaviour,
       .range = unit_interval,
       .scenario = [](Scenario& sc, const ParameterSlot&) { return &sc.behaviour.ffs_margin; }},
      {.pattern = "behaviour.adjustment",
       .unit = "share of the gap closed a year",
       .scope = S::behaviour,
       .range = {0.0, 1.0, true, false},
       .scenario = [](Scenario& sc, const ParameterSlot&) { return &sc.behaviour.adjustment; }},
      {.pattern = "behaviour.keep_referral_share",
       .unit = "share of the keeping response",
       .scope = S::behaviour,
       .range = unit_interval,
       .scenario = [](Scenario& sc, const ParameterSlot&) { return &sc.behaviour.keep_referral_share; }},
      {.pattern = "behaviour.elasticities.<response>",
       .unit = "response per unit of cost share",
       .scope = S::behaviour_response,
       .range = {0.0, max_elasticity},
       .scenario = [](Scenario& sc, const ParameterSlot& s) { return &sc.behaviour.elasticities[s.index]; }},
      {.pattern = "behaviour.lines.<line>.discretionary",
       .unit = "share of the line's admissions",
       .scope = S::behaviour_line,
       .range = unit_interval,
       .applies = [](const Scenario& sc,
                     const ParameterSlot& s) { return sc.flows->lines[s.index].care == CareType::inpatient; },
       .scenario = [](Scenario& sc,
                      const ParameterSlot& s) { return &sc.behaviour.lines[s.index].discretionary; }},
      {.pattern = "behaviour.lines.<line>.compressible",
       .unit = "share of cost per encounter",
       .scope = S::behaviour_line,
       .range = unit_interval,
       .scenario = [](Scenario& sc,
                      const ParameterSlot& s) { return &sc.behaviour.lines[s.index].compressible; }},
      {.pattern = "behaviour.alliances.<alliance>.elasticities.<response>",
       .unit = "response per unit of cost share",
       .scope = S::behaviour_alliance,
       .range = {0.0, max_elasticity},
       .scenario = [](Scenario& sc, const ParameterSlot& s) -> double* {
         for (AllianceBehaviour& a : sc.behaviour.alliances) {
           if (a.alliance == s.scheme) return &a.elasticities[s.index];
         }
         return nullptr;
       }},
      // interventions[<i>] (and variants.<id>.interventions[<i>])
      {.pattern = "interventions[<i>].target",
       .unit = "probability",
       .scope = S::intervention,
       .range = unit_interval,
       .kinds = kind(InterventionKind::capability),
       .intervention = target},
      {.pattern = "interventions[<i>].target",
       .unit = "share",
       .scope = S::intervention,
       .range = unit_interval,
       .kinds = kind(InterventionKind::reimbursement) | kind(InterventionKind::coverage),
       .intervention = target},
      {.pattern = "interventions[<i>].target",
       .unit = "factor of the travel minutes",
       .scope = S::intervention,
       .range = minutes_factor,
       .kinds = kind(InterventionKind::minutes),
       .intervention = target},
      {.pattern = "interventions[<i>].target",
       .unit = "factor of the line's rates",
       .scope = S::intervention,
       .range = non_negative,
       .kinds = kind(InterventionKind::demand),
       .intervention = target,
       .form = Form::demand_factor},
      {.pattern = "interventions[<i>].change",
       .unit = "change of the line's rates",
       .scope = S::intervention,
       .range = demand_change,
       .kinds = kind(InterventionKind::demand),
       .intervention = target,
       .stored_offset = 1.0,
       .form = Form::demand_factor},
      {.pattern = "interventions[<i>].target",
       .unit = "clinician working days per year",
       .scope = S::intervention,
       .range = {0.0, 1e7},
       .kinds = kind(InterventionKind::rotation),
       .intervention = target,
       .intervention_range = [](const Scenario& sc, const Intervention&) -> std::optional<ParameterRange> {
         // Where the county has a capacity to lose, no more days than its hospitals' staff work.
         if (!sc.flows) return std::nullopt;
         const Capacity& c = sc.flows->capacity;
         if (!c.outpatient_encounters[index(Tier::county)] && !c.inpatient_bed_days[index(Tier::county)])
           return std::nullopt;
         return ParameterRange{0.0,
                               clinician_working_days * static_cast<double>(sc.county.staff(Tier::county))};
       }},
      {.pattern = "interventions[<i>].max_gain",
       .unit = "share of the gap to full capability",
       .scope = S::intervention,
       .range = unit_interval,
       .kinds = kind(InterventionKind::rotation),
       .intervention = [](Intervention& iv) { return &iv.max_gain; }},
      {.pattern = "interventions[<i>].target",
       .unit = "probability",
       .scope = S::intervention,
       .range = unit_interval,
       .kinds = kind(InterventionKind::referral_protocol),
       .intervention = target},
      {.pattern = "interventions[<i>].target",
       .unit = "factor on drug and consumable prices",
       .scope = S::intervention,
       .range = {1e-6, 1.0},
       .kinds = kind(InterventionKind::procurement),
       .intervention = target},
      {.pattern = "interventions[<i>].target",
       .unit = "factor on the cost of referred encounters",
       .scope = S::intervention,
       .range = {1e-6, 1.0},
       .kinds = kind(InterventionKind::shared_results),
       .intervention = target},
      {.pattern = "interventions[<i>].drug_share",
       .unit = "share of cost per case",
       .scope = S::intervention,
       .range = unit_interval,
       .kinds = kind(InterventionKind::procurement),
       .intervention = [](Intervention& iv) { return &iv.drug_share; }},
      {.pattern = "interventions[<i>].target",
       .unit = "share of referrals up",
       .scope = S::intervention,
       .range = unit_interval,
       .kinds = kind(InterventionKind::remote_consultation),
       .intervention = target},
      {.pattern = "interventions[<i>].share",
       .unit = "share of the surplus kept last year",
       .scope = S::intervention,
       .range = unit_interval,
       .kinds = kind(InterventionKind::reinvestment),
       .intervention = [](Intervention& iv) { return &iv.share; }},
      {.pattern = "interventions[<i>].efficiency",
       .unit = "capability per yuan per resident",
       .scope = S::intervention,
       .range = non_negative,
       .kinds = kind(InterventionKind::reinvestment),
       .intervention = [](Intervention& iv) { return &iv.efficiency; }},
  };
}

}  // namespace

std::span<const ParameterRow> parameter_table() {
  static const std::vector<ParameterRow> rows = make_rows();
  return rows;
}

}  // namespace ygt::detail
