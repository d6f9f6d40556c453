#include "yigongti/payment/distribution.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <utility>
#include "payment/checks.hpp"

namespace ygt {
namespace {

double weight_of(const AllianceMember& m, DistributionBasis basis) {
  return basis == DistributionBasis::workload ? m.workload : m.score;
}

std::string tier_name(Tier tier) {
  return std::string(to_string(tier));
}

}  // namespace

std::vector<Problem> DistributionRule::check() const {
  ProblemList problems;
  bool any_positive = false;
  bool all_usable = true;
  for (Tier tier : all_tiers) {
    const double r = ratios[index(tier)];
    const ProblemPath path("ratios", to_string(tier));
    const std::size_t before = problems.size();
    check_non_negative(problems, path, r);
    if (problems.size() != before) {
      all_usable = false;
      continue;
    }
    if (tier == Tier::out_of_county && r > 0.0) {
      problems.add(path.str(), "a share of the surplus for care outside the county",
                   "0: only the county's institutions share a surplus");
    }
    if (r > 0.0) any_positive = true;
  }
  if (all_usable && !any_positive) {
    problems.add("ratios", "every tier's ratio is zero: nothing to split by", "at least one positive ratio");
  }
  return problems.problems();
}

std::vector<Problem> check_members(const DistributionRule& rule, std::span<const AllianceMember> members) {
  ProblemList problems;
  PerTier<std::size_t> count{};
  PerTier<bool> weighs{};
  for (std::size_t i = 0; i < members.size(); ++i) {
    const AllianceMember& m = members[i];
    check_party(problems, ProblemPath("members", i, "id"), m.id);
    if (m.tier == Tier::out_of_county) {
      problems.add(ProblemPath("members", i, "tier").str(), "an out-of-county member",
                   "a tier inside the county or municipal");
    }
    check_non_negative(problems, ProblemPath("members", i, "workload"), m.workload);
    check_non_negative(problems, ProblemPath("members", i, "score"), m.score);
    ++count[index(m.tier)];
    const double w = weight_of(m, rule.basis);
    if (std::isfinite(w) && w > 0.0) weighs[index(m.tier)] = true;
  }
  for (std::size_t i :
       repeated_ids(members, [](const AllianceMember& m) -> const std::string& { return m.id; })) {
    problems.add(ProblemPath("members", i, "id").str(), "duplicate member id \"" + members[i].id + "\"",
                 "each institution once");
  }
  for (Tier tier : all_tiers) {
    const double r = rule.ratios[index(tier)];
    if (!(std::isfinite(r) && r > 0.0) || tier == Tier::out_of_county) continue;
    if (count[index(tier)] == 0) {
      problems.add("members",
                   "no " + tier_name(tier) + " institution to receive the " + tier_name(tier) + " share",
                   "a member in every tier given a positive ratio");
    } else if (!weighs[index(tier)]) {
      problems.add(
          "members", "every " + tier_name(tier) + " member has zero " + std::string(to_string(rule.basis)),
          "a positive " + std::string(to_string(rule.basis)) + " for some member of each tier given a ratio");
    }
  }
  return problems.problems();
}

Distribution distribute(const DistributionRule& rule, Money amount, std::span<const AllianceMember> members) {
  ProblemList problems;
  problems.append(rule.check());
  if (problems.empty()) problems.append(check_members(rule, members));
  problems.throw_if_any("distribution");

  Distribution out;
  out.amount = amount;
  std::array<double, tier_count> tier_weights{};
  std::array<Tier, tier_count> tiers{};
  std::size_t shared = 0;
  for (Tier tier : all_tiers) {
    if (rule.ratios[index(tier)] > 0.0) {
      tier_weights[shared] = rule.ratios[index(tier)];
      tiers[shared] = tier;
      ++shared;
    }
  }
  const std::vector<Money> tier_parts = split(amount, std::span<const double>(tier_weights.data(), shared));
  for (std::size_t k = 0; k < shared; ++k) out.by_tier[index(tiers[k])] = tier_parts[k];

  // Members grouped by tier (a counting sort keeping input order), then each
  // tier's part split over its members' weights.
  PerTier<std::size_t> begin{};
  for (const AllianceMember& m : members) ++begin[index(m.tier)];
  std::size_t offset = 0;
  for (std::size_t& b : begin) offset += std::exchange(b, offset);
  PerTier<std::size_t> end = begin;
  std::vector<std::size_t> positions(members.size());
  std::vector<double> weights(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::size_t slot = end[index(members[i].tier)]++;
    positions[slot] = i;
    weights[slot] = weight_of(members[i], rule.basis);
  }
  out.members.reserve(members.size());
  for (const AllianceMember& m : members) out.members.push_back({m.id, m.tier, Money{}});
  for (std::size_t k = 0; k < shared; ++k) {
    const std::size_t t = index(tiers[k]);
    const std::span<const double> tier_weights_of_members(weights.data() + begin[t], end[t] - begin[t]);
    const std::vector<Money> parts = split(out.by_tier[t], tier_weights_of_members);
    for (std::size_t j = 0; j < parts.size(); ++j) out.members[positions[begin[t] + j]].amount = parts[j];
  }
  return out;
}

namespace {

/// A year-end row `holder -> member` of each part (back when negative),
/// leaving out the holder's own part.
void record_parts(Ledger& ledger, int year, std::string_view holder, std::span<const MemberAmount> parts,
                  TransferKind kind) {
  for (const MemberAmount& m : parts) {
    if (m.id == holder) continue;
    ledger.add_net(year, 0, holder, m.id, kind, m.amount);
  }
}

}  // namespace

std::vector<Problem> check_care(std::span<const MemberAmount> care, Money whole, std::string_view whole_name,
                                bool at_most) {
  ProblemList problems;
  Money sum;
  for (std::size_t i = 0; i < care.size(); ++i) {
    check_party(problems, ProblemPath("care", i, "id"), care[i].id);
    check_non_negative(problems, ProblemPath("care", i, "amount"), care[i].amount);
    sum += care[i].amount;
  }
  for (std::size_t i : repeated_ids(care, [](const MemberAmount& m) -> const std::string& { return m.id; })) {
    problems.add(ProblemPath("care", i, "id").str(), "duplicate member id \"" + care[i].id + "\"",
                 "each institution once");
  }
  if (at_most ? sum > whole : sum != whole) {
    problems.add("care",
                 "the members' care sums to " + sum.to_string() + ", " + (at_most ? "more than " : "not ") +
                     std::string(whole_name) + " " + whole.to_string(),
                 "each member's fund-payable care, summing to " + std::string(at_most ? "at most " : "") +
                     std::string(whole_name));
  }
  return problems.problems();
}

void record_distribution(Ledger& ledger, int year, std::string_view holder,
                         const Distribution& distribution) {
  record_parts(ledger, year, holder, distribution.members, TransferKind::distribution);
}

void record_internal_allocation(Ledger& ledger, int year, std::string_view holder,
                                std::span<const MemberAmount> care) {
  record_parts(ledger, year, holder, care, TransferKind::internal_allocation);
}

}  // namespace ygt
