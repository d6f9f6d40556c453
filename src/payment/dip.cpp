#include "yigongti/payment/dip.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>

#include "core/text.hpp"
#include "payment/checks.hpp"
#include "yigongti/core/ids.hpp"

namespace ygt {
namespace {

/// The groups of the parameters ordered by id, for lookups by binary search;
/// of groups sharing an id (a problem `check` reports) the first counts.
class GroupIndex {
 public:
  explicit GroupIndex(const std::vector<DipGroup>& groups) : groups_(groups), order_(groups.size()) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return groups[a].id < groups[b].id || (groups[a].id == groups[b].id && a < b);
    });
  }

  /// The group named `id`, or null.
  [[nodiscard]] const DipGroup* find(std::string_view id) const {
    const auto it =
        std::lower_bound(order_.begin(), order_.end(), id,
                         [&](std::size_t k, std::string_view key) { return groups_[k].id < key; });
    if (it == order_.end() || groups_[*it].id != id) return nullptr;
    return &groups_[*it];
  }

 private:
  const std::vector<DipGroup>& groups_;
  std::vector<std::size_t> order_;
};

/// The problems of `cases` against `groups`, and zero total points when
/// `points_defined` (the parameters that make points pass their checks).
void check_cases(ProblemList& problems, const DipParameters& params, const GroupIndex& groups,
                 const std::vector<DipCase>& cases, bool points_defined) {
  double total = 0.0;
  bool complete = true;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const DipCase& c = cases[i];
    check_party(problems, ProblemPath("cases", i, "institution"), c.institution);
    check_non_negative(problems, ProblemPath("cases", i, "cost"), c.cost);
    if (c.count < 1) {
      problems.add(ProblemPath("cases", i, "count").str(), "count " + std::to_string(c.count),
                   "an integer >= 1");
      complete = false;
    }
    const DipGroup* group = groups.find(c.group);
    if (group == nullptr) {
      problems.add(ProblemPath("cases", i, "group").str(), "unknown group \"" + c.group + "\"",
                   "a group id of the parameters");
      complete = false;
    } else if (complete) {
      total += params.case_points(*group, c.cost) * static_cast<double>(c.count);
    }
  }
  if (complete && points_defined && !(std::isfinite(total) && total > 0.0)) {
    problems.add("cases", "the cases add up to " + detail::number_text(total) + " points: no point value",
                 "cases worth a positive, finite number of points");
  }
}

}  // namespace

std::vector<Problem> DipParameters::check() const {
  ProblemList problems;
  check_non_negative(problems, "fund", fund);
  if (reimbursement_ratio) {
    const std::size_t before = problems.size();
    reimbursement_ratio->check(problems, "reimbursement_ratio");
    if (problems.size() == before && reimbursement_ratio->value() <= 0.0) {
      problems.add("reimbursement_ratio", "a ratio of 0 leaves nothing to gross up", "a share in (0, 1]");
    }
  }
  check_in_range(problems, "low_cost_ratio", low_cost_ratio, 0.0, 1.0);
  if (!std::isfinite(high_cost_multiple) || high_cost_multiple < 1.0) {
    problems.add("high_cost_multiple", "not a finite number >= 1", "a multiple of the average cost >= 1");
  }
  const std::vector<std::size_t> repeated = repeated_ids(
      std::span<const DipGroup>(groups), [](const DipGroup& g) -> const std::string& { return g.id; });
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const DipGroup& g = groups[i];
    if (!is_valid_id(g.id)) {
      problems.add(ProblemPath("groups", i, "id").str(), "invalid id \"" + g.id + "\"",
                   std::string(id_expectation));
    } else if (std::binary_search(repeated.begin(), repeated.end(), i)) {
      problems.add(ProblemPath("groups", i, "id").str(), "duplicate group id \"" + g.id + "\"",
                   "each group once");
    }
    check_non_negative(problems, ProblemPath("groups", i, "weight"), g.weight);
    if (g.average_cost && !(Money{} < *g.average_cost)) {
      problems.add(ProblemPath("groups", i, "average_cost").str(),
                   "average cost " + g.average_cost->to_string(), "an amount > 0");
    }
  }
  return problems.problems();
}

double DipParameters::cost_factor(double cost_ratio) const noexcept {
  if (cost_ratio < low_cost_ratio) return cost_ratio;
  if (cost_ratio > high_cost_multiple) return (cost_ratio - high_cost_multiple) + 1.0;
  return 1.0;
}

double DipParameters::case_points(const DipGroup& group, Money cost) const noexcept {
  if (!group.average_cost) return group.weight;
  const double ratio = static_cast<double>(cost.fen()) / static_cast<double>(group.average_cost->fen());
  return group.weight * cost_factor(ratio);
}

Money DipParameters::pool() const {
  if (!reimbursement_ratio) return fund;
  const Share& r = *reimbursement_ratio;
  if (r.is_fraction()) return fund.scaled(r.denominator(), r.numerator(), rounding);
  return fund.scaled(1.0 / r.value(), rounding);
}

std::vector<Problem> DipInput::check(const DipParameters& params) const {
  ProblemList problems;
  check_cases(problems, params, GroupIndex(params.groups), cases, params.check().empty());
  return problems.problems();
}

Money DipPointValue::of(double points, Rounding mode) const {
  return pool.scaled(points / total_points, mode);
}

DipSettlement settle_dip(const DipParameters& params, const DipInput& input) {
  ProblemList problems;
  problems.append(params.check());
  const GroupIndex groups(params.groups);
  check_cases(problems, params, groups, input.cases, problems.empty());
  problems.throw_if_any("dip");

  DipSettlement out;
  const std::vector<DipCase>& cases = input.cases;
  out.case_points.reserve(cases.size());
  for (const DipCase& c : cases) {
    out.case_points.push_back(params.case_points(*groups.find(c.group), c.cost) *
                              static_cast<double>(c.count));
  }

  // Institutions in order of first appearance: order the cases by institution
  // (then position), sum each run, then order the runs by their first case.
  std::vector<std::size_t> order(cases.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return cases[a].institution < cases[b].institution ||
           (cases[a].institution == cases[b].institution && a < b);
  });
  std::vector<std::pair<std::size_t, double>> runs;  // first case, points
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (k == 0 || cases[order[k]].institution != cases[order[k - 1]].institution)
      runs.emplace_back(order[k], 0.0);
    runs.back().second += out.case_points[order[k]];
  }
  std::sort(runs.begin(), runs.end());

  std::vector<double> points;
  points.reserve(runs.size());
  double total = 0.0;
  for (const auto& [first, p] : runs) {
    points.push_back(p);
    total += p;
  }
  out.point_value = {params.pool(), total};
  const std::vector<Money> amounts = split(out.point_value.pool, points);
  const std::vector<Money> fund_parts = split(params.fund, points);
  out.institutions.reserve(runs.size());
  out.ledger.reserve(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string& id = cases[runs[i].first].institution;
    out.institutions.push_back({id, points[i], amounts[i], fund_parts[i]});
    out.ledger.add_net(input.year, 0, fund_party, id, TransferKind::dip_payment, fund_parts[i]);
  }
  return out;
}

}  // namespace ygt
