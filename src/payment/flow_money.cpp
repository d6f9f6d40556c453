#include "yigongti/payment/flow_money.hpp"

#include <algorithm>
#include <cmath>
#include <span>

namespace ygt {
namespace {

/// One institution standing for each setting, as payee of capitated care,
/// DIP cases and claims: the first of the setting's tier in the county; for
/// the municipal setting the first allied city hospital; else `out_of_county`.
std::string provider_of(const County& county, Tier tier) {
  if (tier == Tier::out_of_county) return std::string(out_of_county_party);
  const auto& institutions = county.institutions();
  for (std::size_t i = 0; i < institutions.size(); ++i) {
    if (institutions[i].tier() != tier) continue;
    if (is_in_county(tier) || county.alliance_index_of(i) != County::no_alliance) return institutions[i].id();
  }
  return std::string(out_of_county_party);
}

}  // namespace

FlowMoney::FlowMoney(const County& county, const FlowParameters& params, const FlowTable& table,
                     const std::vector<PaymentScheme>& schemes)
    : county_(&county), params_(&params), splitter_(0) {
  const auto& institutions = county.institutions();
  members_.resize(table.settings.size());
  counts_.resize(table.settings.size());
  PerTier<int> setting_of;
  setting_of.fill(-1);
  for (std::size_t k = 0; k < table.settings.size(); ++k) {
    setting_of[index(table.settings[k])] = static_cast<int>(k);
    provider_.push_back(provider_of(county, table.settings[k]));
  }
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
  // charges its whole spending there without splitting it. A setting outside
  // the county owned by none (no allied city hospital) is out-of-county
  // spending as a whole.
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
    by_alliance_.assign(county.alliances().size(), Money{});
    township_weight_.assign(table.townships.size(), 0);
  }
  splitter_ = Splitter(widest);
  parts_.resize(widest);
  fund_.assign(institutions.size(), Money{});
  workload_.assign(institutions.size(), 0.0);

  for (const PaymentScheme& scheme : schemes) {
    Plan p;
    p.scheme = &scheme;
    if (const Alliance* a = county.find_alliance(scheme.party))
      p.party = static_cast<std::size_t>(a - county.alliances().data());
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
    if (const auto* dip = std::get_if<DipParameters>(&scheme.parameters)) {
      for (const std::string& line : table.lines) {
        p.dip_lines.push_back(std::any_of(dip->groups.begin(), dip->groups.end(),
                                          [&](const DipGroup& g) { return g.id == line; }));
      }
    }
    plans_.push_back(std::move(p));
  }
  inputs_.resize(plans_.size());
}

void FlowMoney::resolve(const FlowTable& f, bool by_institution) {
  out_of_county_ = Money{};
  total_ = Money{};
  std::fill(in_alliance_.begin(), in_alliance_.end(), Money{});
  for (std::size_t k = 0; k < f.settings.size(); ++k) {
    total_ += f.setting_fund[k];
    const bool inside = is_in_county(f.settings[k]);
    const int owner = setting_owner_[k];
    if (!inside && owner == -1) {  // outside the county, no allied city hospital
      out_of_county_ += f.setting_fund[k];
      continue;
    }
    if (owner >= 0) in_alliance_[static_cast<std::size_t>(owner)] += f.setting_fund[k];
    if (!by_institution && owner != mixed) continue;
    // In-county settings present have an institution; a municipal setting
    // reaching here has an allied one.
    const std::size_t n = members_[k].size();
    const auto parts = std::span(parts_).first(n);
    splitter_.split(f.setting_fund[k], counts_[k], parts);
    if (owner == mixed) {
      for (std::size_t m = 0; m < n; ++m) {
        const int a = alliance_of_[members_[k][m]];
        if (a >= 0) {
          in_alliance_[static_cast<std::size_t>(a)] += parts[m];
        } else if (!inside) {
          out_of_county_ += parts[m];  // an unallied city hospital's share
        }
      }
    }
    if (!by_institution) continue;
    const double encounters = f.line_encounters.col(static_cast<Eigen::Index>(k)).sum();
    std::int64_t total_count = 0;
    for (std::int64_t c : counts_[k]) total_count += c;
    for (std::size_t m = 0; m < n; ++m) {
      const std::size_t i = members_[k][m];
      const bool paid = inside || alliance_of_[i] >= 0;  // else out-of-county spending
      fund_[i] = paid ? parts[m] : Money{};
      workload_[i] =
          paid ? encounters * static_cast<double>(counts_[k][m]) / static_cast<double>(total_count) : 0.0;
    }
  }
  if (owner_.empty()) return;
  std::fill(by_alliance_.begin(), by_alliance_.end(), Money{});
  if (out_of_county_ <= Money{}) return;
  std::int64_t weight_sum = 0;
  for (std::size_t t = 0; t < f.townships.size(); ++t) {
    township_weight_[t] = Money::round_from_yuan(f.township_fund_outside(static_cast<Eigen::Index>(t))).fen();
    weight_sum += township_weight_[t];
  }
  if (weight_sum == 0) std::fill(township_weight_.begin(), township_weight_.end(), 1);
  const auto parts = std::span(parts_).first(township_weight_.size());
  splitter_.split(out_of_county_, township_weight_, parts);
  for (std::size_t t = 0; t < parts.size(); ++t) {
    if (owner_[t] >= 0) by_alliance_[static_cast<std::size_t>(owner_[t])] += parts[t];
  }
}

Money FlowMoney::charged(std::size_t s) const {
  const Plan& p = plans_[s];
  if (p.scheme->kind() != SchemeKind::global_budget) return total();
  return alliance_in_county(p.alliance) + alliance_out_of_county(p.alliance);
}

namespace {

/// `make(index, id, tier)` for each lead and member of `alliance`, in order.
template <class T, class Make>
std::vector<T> for_institutions(const County& county, const Alliance& alliance, Make make) {
  std::vector<T> out;
  out.reserve(alliance.lead().size() + alliance.members().size());
  const auto add = [&](const std::string& id) {
    const Institution* inst = county.find_institution(id);
    out.push_back(make(static_cast<std::size_t>(inst - county.institutions().data()), id, inst->tier()));
  };
  for (const auto& id : alliance.lead()) add(id);
  for (const auto& id : alliance.members()) add(id);
  return out;
}

}  // namespace

std::vector<AllianceMember> FlowMoney::members_of(std::size_t alliance) const {
  return for_institutions<AllianceMember>(*county_, county_->alliances()[alliance],
                                          [&](std::size_t i, const std::string& id, Tier tier) {
                                            return AllianceMember{id, tier, workload_[i], 0.0};
                                          });
}

std::vector<MemberAmount> FlowMoney::care_of(std::size_t alliance) const {
  return for_institutions<MemberAmount>(*county_, county_->alliances()[alliance],
                                        [&](std::size_t i, const std::string& id, Tier tier) {
                                          return MemberAmount{id, tier, fund_[i]};
                                        });
}

void FlowMoney::claims(const FlowTable& f, std::vector<ServiceClaim>& out) {
  const auto& institutions = county_->institutions();
  for (std::size_t k = 0; k < f.settings.size(); ++k) {
    const Money fund = f.setting_fund[k];
    const Money oop = f.setting_cost[k] - fund;
    ServiceClaim outside{std::string(out_of_county_party), f.settings[k], 0, Money{}, Money{}};
    if (!is_in_county(f.settings[k]) && setting_owner_[k] == -1) {
      outside.eligible_cost = f.setting_cost[k];
      outside.fund_share = fund;
    } else {
      // The fund's and the patients' parts spread by count as `resolve`
      // spreads the fund's: each claim's fund share is its institution's
      // fund spending, to the fen.
      const std::size_t n = members_[k].size();
      const auto parts = std::span(parts_).first(n);
      std::vector<Money> fund_parts(n);
      splitter_.split(fund, counts_[k], fund_parts);
      splitter_.split(oop, counts_[k], parts);
      for (std::size_t m = 0; m < n; ++m) {
        const std::size_t i = members_[k][m];
        if (is_in_county(f.settings[k]) || alliance_of_[i] >= 0) {
          if (!(fund_parts[m] + parts[m]).is_zero())
            out.push_back({institutions[i].id(), f.settings[k], 0, fund_parts[m] + parts[m], fund_parts[m]});
        } else {  // an unallied city hospital's share is out-of-county spending
          outside.eligible_cost += fund_parts[m] + parts[m];
          *outside.fund_share += fund_parts[m];
        }
      }
    }
    if (!outside.eligible_cost.is_zero()) out.push_back(std::move(outside));
  }
}

void FlowMoney::fill(std::size_t s, const FlowTable& f, int year, double coverage, double people,
                     bool lists) {
  const Plan& plan = plans_[s];
  const PaymentScheme& scheme = *plan.scheme;
  SchemeInput& in = inputs_[s];
  in.clear();
  in.year = year;
  Money last = plan.last_charged.value_or(charged(s));
  if (plan.contracted)
    last = Share(coverage).of(last, std::get<GlobalBudgetParameters>(scheme.parameters).rounding);
  in.last_year_spending = last;
  switch (scheme.kind()) {
    case SchemeKind::fee_for_service:
      if (lists) claims(f, in.claims);
      break;
    case SchemeKind::global_budget:
      in.in_county_spending = alliance_in_county(plan.alliance);
      in.out_of_county_spending = alliance_out_of_county(plan.alliance);
      if (plan.contracted) in.contracted_share = Share(coverage);
      if (lists && std::get<GlobalBudgetParameters>(scheme.parameters).distribution)
        in.members = members_of(plan.alliance);
      if (lists) in.care = care_of(plan.alliance);
      break;
    case SchemeKind::capitation: {
      const auto& p = std::get<CapitationParameters>(scheme.parameters);
      in.enrolled = p.enrolled.value_or(static_cast<std::int64_t>(std::llround(people * coverage)));
      for (std::size_t l : plan.lines) {
        for (std::size_t k = 0; k < f.settings.size(); ++k) {
          const Money amount =
              Money::round_from_yuan(f.line_fund(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(k)));
          in.capitated_total += amount;
          if (lists && !amount.is_zero()) in.capitated_spending.push_back({f.lines[l], provider_[k], amount});
        }
      }
      if (lists && p.distribution && plan.party) in.members = members_of(*plan.party);
      if (lists && plan.party) in.care = care_of(*plan.party);
      break;
    }
    case SchemeKind::dip:
      for (std::size_t l = 0; l < f.lines.size(); ++l) {
        if (!plan.dip_lines[l]) continue;
        for (std::size_t k = 0; k < f.settings.size(); ++k) {
          if (!is_in_county(f.settings[k])) continue;
          in.dip_spending +=
              Money::round_from_yuan(f.line_fund(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(k)));
          if (!lists) continue;
          const double n = f.line_encounters(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(k));
          const auto count = static_cast<std::int64_t>(std::llround(n));
          if (count < 1) continue;
          in.dip_cases.push_back({provider_[k], f.lines[l],
                                  Money::round_from_yuan(params_->lines[l].cost[index(f.settings[k])]),
                                  count});
        }
      }
      break;
    case SchemeKind::shared_savings:
      in.total_spending = total();
      if (lists && plan.party) in.care = care_of(*plan.party);
      break;
  }
}

void FlowMoney::compute(const FlowTable& table, int year, double coverage, double people, bool lists) {
  resolve(table, lists);
  for (std::size_t s = 0; s < plans_.size(); ++s) {
    if (plans_[s].scheme->in_force(year)) fill(s, table, year, coverage, people, lists);
  }
}

void FlowMoney::close_year() {
  for (std::size_t s = 0; s < plans_.size(); ++s) plans_[s].last_charged = charged(s);
}

YearActuals FlowMoney::actuals(int year) const {
  YearActuals a;
  a.year = year;
  a.out_of_county = out_of_county_;
  const auto& institutions = county_->institutions();
  for (std::size_t i = 0; i < institutions.size(); ++i) {
    if (!is_in_county(institutions[i].tier()) && alliance_of_[i] < 0) continue;
    a.fund_spending[institutions[i].id()] = fund_[i];
    a.workload[institutions[i].id()] = workload_[i];
  }
  for (std::size_t al = 0; al < by_alliance_.size(); ++al)
    a.out_of_county_by_alliance[county_->alliances()[al].id()] = by_alliance_[al];
  return a;
}

}  // namespace ygt
