#include "yigongti/study/parameters.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <type_traits>
#include <variant>

#include "core/text.hpp"
#include "study/parameter_index.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/scenario/scenario.hpp"

namespace ygt {
namespace detail {
namespace {

using F = ParameterField;

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
/// Days of an inpatient stay.
constexpr ParameterRange stay_days{0.0, 366.0};
/// Amounts of money in yuan, within the range of `Money` (about 9.2e16 yuan).
constexpr ParameterRange money_amount{0.0, 9e16};
constexpr ParameterRange positive_money_amount{0.0, 9e16, true, false};
/// A travel-minutes factor, as the `interventions` reader accepts it.
constexpr ParameterRange minutes_factor{1e-6, 1e6};
/// DIP: a ratio of 0 leaves nothing to gross up; a multiple of the average cost >= 1.
constexpr ParameterRange dip_ratio{0.0, 1.0, true, false};
constexpr ParameterRange cost_multiple{1.0, inf, false, true};

/// The intersection of two ranges.
ParameterRange intersect(const ParameterRange& a, const ParameterRange& b) {
  ParameterRange r = a;
  if (b.lo > r.lo || (b.lo == r.lo && b.lo_open)) {
    r.lo = b.lo;
    r.lo_open = b.lo_open;
  }
  if (b.hi < r.hi || (b.hi == r.hi && b.hi_open)) {
    r.hi = b.hi;
    r.hi_open = b.hi_open;
  }
  return r;
}

std::string tier_name(Tier t) {
  return std::string(to_string(t));
}

/// A field of an intervention kind, with its range.
struct InterventionField {
  F field;
  const char* name;
  ParameterRange range;
};

std::vector<InterventionField> intervention_fields(InterventionKind kind) {
  switch (kind) {
    case InterventionKind::capability:
    case InterventionKind::reimbursement:
    case InterventionKind::coverage:
      return {{F::intervention_target, "target", unit_interval}};
    case InterventionKind::minutes:
      return {{F::intervention_target, "target", minutes_factor}};
    case InterventionKind::demand:
      return {{F::intervention_target, "target", non_negative},
              {F::intervention_change, "change", demand_change}};
    case InterventionKind::reinvestment:
      return {{F::intervention_share, "share", unit_interval},
              {F::intervention_efficiency, "efficiency", non_negative}};
  }
  return {};
}

/// A parameter of one payment scheme: its name relative to the scheme, where it
/// sits and its range.
struct SchemeField {
  std::string name;
  F field;
  Tier tier = Tier::village;
  std::size_t index = 0;
  ParameterRange range;
};

void distribution_fields(const std::optional<DistributionRule>& rule, std::vector<SchemeField>& out) {
  if (!rule) return;
  // Only tiers given a share: a positive ratio needs members of the tier.
  for (Tier t : all_tiers) {
    if (rule->ratios[index(t)] > 0.0) {
      out.push_back({"distribution.ratios." + tier_name(t), F::distribution_ratio, t, 0, positive});
    }
  }
}

void budget_fields(const BudgetRule& rule, const char* key, F amount_field, F growth_field,
                   ParameterRange amount_range, std::vector<SchemeField>& out) {
  if (rule.amount)
    out.push_back({std::string(key) + ".amount", amount_field, Tier::village, 0, amount_range});
  if (rule.rolling_growth) {
    out.push_back({std::string(key) + ".rolling_growth", growth_field, Tier::village, 0, budget_growth});
  }
}

/// The numeric parameters a researcher may vary in scheme `s`. Left out: fields
/// whose valid values depend on each other (overspend band limits, loss-rate
/// floor and ceiling, the performance mapping), counts and ids.
std::vector<SchemeField> scheme_fields(const PaymentScheme& s, const County& county) {
  std::vector<SchemeField> out;
  const auto add = [&](const char* name, F field, ParameterRange range) {
    out.push_back({name, field, Tier::village, 0, range});
  };
  if (const auto* p = std::get_if<GlobalBudgetParameters>(&s.parameters)) {
    budget_fields(p->budget, "budget", F::budget_amount, F::budget_growth, money_amount, out);
    add("prepay_share", F::prepay_share, unit_interval);
    add("retention", F::retention, unit_interval);
    for (std::size_t i = 0; i < p->overspend.size(); ++i) {
      out.push_back({"overspend[" + std::to_string(i) + "].insurer_share", F::overspend_insurer_share,
                     Tier::village, i, unit_interval});
    }
    if (p->assessment_score) {
      add("assessment_score", F::assessment_score,
          {p->performance.score_min, p->performance.score_max, false, false});
    }
    distribution_fields(p->distribution, out);
  } else if (const auto* c = std::get_if<CapitationParameters>(&s.parameters)) {
    add("rate_per_head", F::rate_per_head, money_amount);
    distribution_fields(c->distribution, out);
  } else if (const auto* d = std::get_if<DipParameters>(&s.parameters)) {
    add("fund", F::dip_fund, money_amount);
    if (d->reimbursement_ratio) add("reimbursement_ratio", F::dip_reimbursement_ratio, dip_ratio);
    add("low_cost_ratio", F::dip_low_cost_ratio, unit_interval);
    add("high_cost_multiple", F::dip_high_cost_multiple, cost_multiple);
  } else if (const auto* ss = std::get_if<SharedSavingsParameters>(&s.parameters)) {
    // The benchmark must be > 0 when settled.
    budget_fields(ss->benchmark, "benchmark", F::benchmark_amount, F::benchmark_growth, positive_money_amount,
                  out);
    add("minimum_savings_rate", F::minimum_savings_rate, unit_interval);
    add("minimum_loss_rate", F::minimum_loss_rate, unit_interval);
    add("sharing_rate", F::sharing_rate, unit_interval);
    if (!ss->loss_rate.quality_linked) add("loss_rate.fixed_rate", F::fixed_loss_rate, unit_interval);
    add("performance_payment_cap", F::performance_payment_cap, unit_interval);
    add("loss_cap", F::loss_cap, unit_interval);
    add("quality", F::quality, unit_interval);
  } else if (std::holds_alternative<FeeForServiceParameters>(s.parameters)) {
    for (Tier t : county.settings()) {
      out.push_back({"reimbursement." + tier_name(t), F::ffs_reimbursement, t, 0, unit_interval});
    }
  }
  return out;
}

/// Calls `fn(value)` with the value `slot` names in scheme `s` (a `double`,
/// `Share` or `Money`, const when `s` is); returns whether `s` has it.
template <class Scheme, class Fn>
bool visit_scheme(Scheme& s, const ParameterSlot& slot, Fn& fn) {
  if (auto* p = std::get_if<GlobalBudgetParameters>(&s.parameters)) {
    switch (slot.field) {
      case F::budget_amount:
        if (!p->budget.amount) return false;
        fn(*p->budget.amount);
        return true;
      case F::budget_growth:
        if (!p->budget.rolling_growth) return false;
        fn(*p->budget.rolling_growth);
        return true;
      case F::prepay_share:
        fn(p->prepay_share);
        return true;
      case F::retention:
        fn(p->retention);
        return true;
      case F::overspend_insurer_share:
        if (slot.index >= p->overspend.size()) return false;
        fn(p->overspend[slot.index].insurer_share);
        return true;
      case F::assessment_score:
        if (!p->assessment_score) return false;
        fn(*p->assessment_score);
        return true;
      case F::distribution_ratio:
        if (!p->distribution || !(p->distribution->ratios[index(slot.tier)] > 0.0)) return false;
        fn(p->distribution->ratios[index(slot.tier)]);
        return true;
      default:
        return false;
    }
  }
  if (auto* p = std::get_if<CapitationParameters>(&s.parameters)) {
    switch (slot.field) {
      case F::rate_per_head:
        fn(p->rate_per_head);
        return true;
      case F::distribution_ratio:
        if (!p->distribution || !(p->distribution->ratios[index(slot.tier)] > 0.0)) return false;
        fn(p->distribution->ratios[index(slot.tier)]);
        return true;
      default:
        return false;
    }
  }
  if (auto* p = std::get_if<DipParameters>(&s.parameters)) {
    switch (slot.field) {
      case F::dip_fund:
        fn(p->fund);
        return true;
      case F::dip_reimbursement_ratio:
        if (!p->reimbursement_ratio) return false;
        fn(*p->reimbursement_ratio);
        return true;
      case F::dip_low_cost_ratio:
        fn(p->low_cost_ratio);
        return true;
      case F::dip_high_cost_multiple:
        fn(p->high_cost_multiple);
        return true;
      default:
        return false;
    }
  }
  if (auto* p = std::get_if<SharedSavingsParameters>(&s.parameters)) {
    switch (slot.field) {
      case F::benchmark_amount:
        if (!p->benchmark.amount) return false;
        fn(*p->benchmark.amount);
        return true;
      case F::benchmark_growth:
        if (!p->benchmark.rolling_growth) return false;
        fn(*p->benchmark.rolling_growth);
        return true;
      case F::minimum_savings_rate:
        fn(p->minimum_savings_rate);
        return true;
      case F::minimum_loss_rate:
        fn(p->minimum_loss_rate);
        return true;
      case F::sharing_rate:
        fn(p->sharing_rate);
        return true;
      case F::fixed_loss_rate:
        if (p->loss_rate.quality_linked) return false;
        fn(p->loss_rate.fixed_rate);
        return true;
      case F::performance_payment_cap:
        fn(p->performance_payment_cap);
        return true;
      case F::loss_cap:
        fn(p->loss_cap);
        return true;
      case F::quality:
        fn(p->quality);
        return true;
      default:
        return false;
    }
  }
  if (auto* p = std::get_if<FeeForServiceParameters>(&s.parameters)) {
    if (slot.field != F::ffs_reimbursement) return false;
    fn(p->reimbursement[index(slot.tier)]);
    return true;
  }
  return false;
}

[[noreturn]] void no_such_value(const std::string& path) {
  throw std::invalid_argument("ygt: parameter " + path + " does not exist in this scenario");
}

/// Calls `fn(value)` with every value `ref` names in `sc` (several for a
/// payment parameter shared by schemes of one id); a demand intervention's
/// `change` visits its target factor. Throws when there is none.
template <class Sc, class Fn>
void visit(Sc& sc, const ParameterRef& ref, Fn&& fn) {
  const ParameterSlot& slot = ParameterAccess::slot(ref);
  const auto line = [&]() -> auto& {
    if (!sc.flows || slot.index >= sc.flows->lines.size()) no_such_value(ref.path());
    return sc.flows->lines[slot.index];
  };
  const auto flows = [&]() -> auto& {
    if (!sc.flows) no_such_value(ref.path());
    return *sc.flows;
  };
  switch (slot.field) {
    case F::b_cap:
      return fn(flows().choice.b_cap);
    case F::b_time:
      return fn(flows().choice.b_time);
    case F::b_oop:
      return fn(flows().choice.b_oop);
    case F::b_fd:
      return fn(flows().choice.b_fd);
    case F::choice_asc:
      return fn(flows().choice.asc[index(slot.tier)]);
    case F::capability:
      return fn(line().capability[index(slot.tier)]);
    case F::cost:
      return fn(line().cost[index(slot.tier)]);
    case F::line_asc:
      return fn(line().asc[index(slot.tier)]);
    case F::down_referral:
      return fn(line().down_referral[index(slot.tier)]);
    case F::length_of_stay:
      return fn(line().length_of_stay);
    case F::rate_scale:
      return fn(line().rate_scale);
    case F::outpatient_rate:
      return fn(flows().insurance.outpatient[index(slot.tier)]);
    case F::inpatient_rate:
      return fn(flows().insurance.inpatient[index(slot.tier)]);
    case F::family_doctor_coverage:
      return fn(flows().insurance.family_doctor_coverage);
    case F::intervention_target:
    case F::intervention_change:
    case F::intervention_share:
    case F::intervention_efficiency: {
      if (slot.variant >= static_cast<std::ptrdiff_t>(sc.variants.size())) no_such_value(ref.path());
      auto& list = slot.variant < 0 ? sc.interventions
                                    : sc.variants[static_cast<std::size_t>(slot.variant)].interventions;
      if (slot.index >= list.size()) no_such_value(ref.path());
      auto& iv = list[slot.index];
      if (slot.field == F::intervention_share) return fn(iv.share);
      if (slot.field == F::intervention_efficiency) return fn(iv.efficiency);
      return fn(iv.path.target);
    }
    default: {
      bool found = false;
      const auto in = [&](auto& schemes) {
        for (auto& s : schemes) {
          if (s.id == slot.scheme) found = visit_scheme(s, slot, fn) || found;
        }
      };
      in(sc.payment);
      for (auto& v : sc.variants) {
        if (v.payment) in(*v.payment);
      }
      if (!found) no_such_value(ref.path());
    }
  }
}

}  // namespace

/// Builds the index of one scenario: every path, in the order of the file's sections.
class ParameterIndexBuilder {
 public:
  explicit ParameterIndexBuilder(ParameterIndex& index) : index_(index) {}

  void add(std::string path, ParameterRange range, ParameterSlot slot) {
    if (index_.by_path_.contains(path)) return;  // a full path wins over a shorthand spelt the same
    index_.by_path_.emplace(path, index_.refs_.size());
    index_.paths_.push_back(path);
    index_.refs_.push_back(ParameterAccess::make(std::move(path), range, std::move(slot)));
  }
  void add(std::string path, ParameterRange range, F field, Tier tier = Tier::village, std::size_t at = 0) {
    ParameterSlot slot;
    slot.field = field;
    slot.tier = tier;
    slot.index = at;
    add(std::move(path), range, std::move(slot));
  }

  void flows(const Scenario& sc) {
    if (!sc.flows) return;
    const FlowParameters& f = *sc.flows;
    const std::vector<Tier> settings = sc.county.settings();
    add("choice.b_cap", any_number, F::b_cap);
    add("choice.b_time", any_number, F::b_time);
    add("choice.b_oop", any_number, F::b_oop);
    add("choice.b_fd", any_number, F::b_fd);
    for (Tier t : settings) add("choice.asc." + tier_name(t), any_number, F::choice_asc, t);
    // Down-referral goes to the highest primary setting: without one it is unused.
    bool has_primary = false;
    for (Tier t : settings) has_primary = has_primary || is_primary(t);
    bool uses[2] = {false, false};
    for (std::size_t l = 0; l < f.lines.size(); ++l) {
      const ServiceLine& line = f.lines[l];
      uses[static_cast<int>(line.care)] = true;
      const std::string p = "service_lines." + line.id + ".";
      for (Tier t : settings) {
        if (t != Tier::out_of_county)
          add(p + "capability." + tier_name(t), unit_interval, F::capability, t, l);
      }
      for (Tier t : settings) add(p + "cost." + tier_name(t), encounter_cost, F::cost, t, l);
      for (Tier t : settings) add(p + "asc." + tier_name(t), any_number, F::line_asc, t, l);
      if (has_primary) {
        for (Tier t : settings) {
          if (t >= Tier::county)
            add(p + "down_referral." + tier_name(t), unit_interval, F::down_referral, t, l);
        }
      }
      if (line.care == CareType::inpatient)
        add(p + "length_of_stay", stay_days, F::length_of_stay, Tier::village, l);
      add(p + "rate_scale", non_negative, F::rate_scale, Tier::village, l);
    }
    for (CareType care : all_care_types) {
      if (!uses[static_cast<int>(care)]) continue;
      for (Tier t : settings) {
        add("insurance." + std::string(to_string(care)) + "." + tier_name(t), unit_interval,
            care == CareType::outpatient ? F::outpatient_rate : F::inpatient_rate, t);
      }
    }
    add("insurance.family_doctor_coverage", unit_interval, F::family_doctor_coverage);
  }

  void payment(const Scenario& sc) {
    // Parameters by (scheme id, name), in first-seen order, each with the
    // intersection of the ranges of every scheme that has it.
    struct Entry {
      std::string id;
      SchemeField field;
    };
    std::vector<Entry> entries;
    const auto collect = [&](const std::vector<PaymentScheme>& schemes) {
      for (const PaymentScheme& s : schemes) {
        for (SchemeField& f : scheme_fields(s, sc.county)) {
          bool merged = false;
          for (Entry& e : entries) {
            if (e.id == s.id && e.field.name == f.name) {
              e.field.range = intersect(e.field.range, f.range);
              merged = true;
            }
          }
          if (!merged) entries.push_back({s.id, std::move(f)});
        }
      }
    };
    collect(sc.payment);
    for (const Variant& v : sc.variants) {
      if (v.payment) collect(*v.payment);
    }
    const auto slot_of = [](const Entry& e) {
      ParameterSlot slot;
      slot.field = e.field.field;
      slot.tier = e.field.tier;
      slot.index = e.field.index;
      slot.scheme = e.id;
      return slot;
    };
    for (const Entry& e : entries) add("payment." + e.id + "." + e.field.name, e.field.range, slot_of(e));
    // Shorthands: `payment.<name>` when one scheme id has the parameter.
    std::map<std::string, std::vector<const Entry*>> by_name;
    std::vector<std::string> names;
    for (const Entry& e : entries) {
      auto& ids = by_name[e.field.name];
      if (ids.empty()) names.push_back(e.field.name);
      ids.push_back(&e);
    }
    for (const std::string& name : names) {
      const auto& ids = by_name[name];
      if (ids.size() == 1) {
        add("payment." + name, ids[0]->field.range, slot_of(*ids[0]));
      } else {
        std::vector<std::string> full;
        for (const Entry* e : ids) full.push_back("payment." + e->id + "." + name);
        index_.ambiguous_.emplace("payment." + name, std::move(full));
      }
    }
  }

  void interventions(const std::vector<Intervention>& list, const std::string& prefix,
                     std::ptrdiff_t variant) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      for (const InterventionField& f : intervention_fields(list[i].kind)) {
        ParameterSlot slot;
        slot.field = f.field;
        slot.index = i;
        slot.variant = variant;
        add(prefix + "[" + std::to_string(i) + "]." + f.name, f.range, std::move(slot));
      }
    }
  }

 private:
  ParameterIndex& index_;
};

ParameterIndex::ParameterIndex(const Scenario& scenario) {
  ParameterIndexBuilder b(*this);
  b.flows(scenario);
  b.payment(scenario);
  b.interventions(scenario.interventions, "interventions", -1);
  for (std::size_t v = 0; v < scenario.variants.size(); ++v) {
    b.interventions(scenario.variants[v].interventions,
                    "variants." + scenario.variants[v].id + ".interventions", static_cast<std::ptrdiff_t>(v));
  }
}

std::optional<ParameterRef> ParameterIndex::find(std::string_view path, const std::string& where,
                                                 ProblemList& problems) const {
  if (const auto it = by_path_.find(path); it != by_path_.end()) return refs_[it->second];
  if (const auto it = ambiguous_.find(path); it != ambiguous_.end()) {
    std::string options;
    for (std::size_t i = 0; i < it->second.size(); ++i) {
      options += (i == 0 ? "" : i + 1 == it->second.size() ? " or " : ", ") + it->second[i];
    }
    problems.add(where,
                 "parameter \"" + std::string(path) +
                     "\" is ambiguous: " + std::to_string(it->second.size()) + " payment schemes have it",
                 "a full path: " + options);
    return std::nullopt;
  }
  std::string what = "unknown parameter \"" + std::string(path) + "\"";
  what = detail::with_suggestion(std::move(what), path, paths_);
  problems.add(where, std::move(what),
               "a parameter path of this scenario, such as choice.b_cap or "
               "service_lines.<line>.capability.<tier> (docs/scenario-format.md, \"Parameter paths\")");
  return std::nullopt;
}

}  // namespace detail

bool ParameterRange::contains(double v) const noexcept {
  if (!std::isfinite(v)) return false;
  const bool above = lo_open ? v > lo : v >= lo;
  const bool below = hi_open ? v < hi : v <= hi;
  return above && below;
}

std::string ParameterRange::describe() const {
  const auto end = [](double x) {
    if (std::isinf(x)) return std::string(x < 0 ? "-inf" : "inf");
    return detail::number_text(x);
  };
  return std::string(lo_open ? "(" : "[") + end(lo) + ", " + end(hi) + (hi_open ? ")" : "]");
}

bool ParameterRef::same_value(const ParameterRef& other) const noexcept {
  using F = detail::ParameterField;
  const detail::ParameterSlot& a = slot_;
  const detail::ParameterSlot& b = other.slot_;
  // A demand intervention's change is its target factor less one.
  const auto storage = [](F f) { return f == F::intervention_change ? F::intervention_target : f; };
  return storage(a.field) == storage(b.field) && a.tier == b.tier && a.index == b.index &&
         a.variant == b.variant && a.scheme == b.scheme;
}

ParameterRef resolve_parameter(const Scenario& scenario, std::string_view path, std::string_view where) {
  const detail::ParameterIndex index(scenario);
  ProblemList problems;
  auto ref = index.find(path, std::string(where), problems);
  problems.throw_if_any(scenario.origin);
  return *ref;
}

std::vector<std::string> parameter_paths(const Scenario& scenario) {
  return detail::ParameterIndex(scenario).paths();
}

double get_parameter(const Scenario& scenario, const ParameterRef& ref) {
  double value = 0.0;
  bool first = true;
  const auto read = [&](const auto& v) {
    if (!first) return;
    first = false;
    using T = std::decay_t<decltype(v)>;
    if constexpr (std::is_same_v<T, Share>) {
      value = v.value();
    } else if constexpr (std::is_same_v<T, Money>) {
      value = v.yuan();
    } else {
      value = v;
    }
  };
  detail::visit(scenario, ref, read);
  if (detail::ParameterAccess::slot(ref).field == detail::ParameterField::intervention_change) value -= 1.0;
  return value;
}

void set_parameter(Scenario& scenario, const ParameterRef& ref, double value) {
  using F = detail::ParameterField;
  if (!ref.range().contains(value)) {
    throw std::invalid_argument("ygt::set_parameter: " + ref.path() + " = " + detail::number_text(value) +
                                " is outside its range " + ref.range().describe());
  }
  const F field = detail::ParameterAccess::slot(ref).field;
  const double stored = field == F::intervention_change ? value + 1.0 : value;
  const double before =
      field == F::capability || field == F::down_referral ? get_parameter(scenario, ref) : 0.0;
  const auto write = [&](auto& v) {
    using T = std::decay_t<decltype(v)>;
    if constexpr (std::is_same_v<T, Share>) {
      if (v.value() != stored) v = Share(stored);  // an exact fraction stays when unchanged
    } else if constexpr (std::is_same_v<T, Money>) {
      v = Money::round_from_yuan(stored);
    } else {
      v = stored;
    }
  };
  detail::visit(scenario, ref, write);
  if (field == F::capability || field == F::down_referral) {
    // The referral chain must still end.
    const auto problems = check_flow_parameters(scenario.county, *scenario.flows);
    if (!problems.empty()) {
      const auto restore = [&](auto& v) {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, double>) v = before;
      };
      detail::visit(scenario, ref, restore);
      throw std::invalid_argument("ygt::set_parameter: " + ref.path() + " = " + detail::number_text(value) +
                                  ": " + problems.front().what);
    }
  }
}

}  // namespace ygt
