#include "yigongti/payment/fee_for_service.hpp"
#include "payment/checks.hpp"

namespace ygt {

std::vector<Problem> FeeForServiceParameters::check() const {
  ProblemList problems;
  for (Tier tier : all_tiers) {
    if (const auto& rate = reimbursement[index(tier)])
      rate->check(problems, ProblemPath("reimbursement", to_string(tier)));
  }
  return problems.problems();
}

std::vector<Problem> FeeForServiceInput::check(const FeeForServiceParameters& params) const {
  ProblemList problems;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const ServiceClaim& claim = claims[i];
    check_party(problems, ProblemPath("claims", i, "institution"), claim.institution);
    check_quarter(problems, ProblemPath("claims", i, "quarter"), claim.quarter);
    check_non_negative(problems, ProblemPath("claims", i, "eligible_cost"), claim.eligible_cost);
    const ProblemPath share("claims", i, "fund_share");
    if (claim.fund_share) {
      check_non_negative(problems, share, *claim.fund_share);
      if (*claim.fund_share > claim.eligible_cost) {
        problems.add(share.str(),
                     "fund share " + claim.fund_share->to_string() + " above the eligible cost " +
                         claim.eligible_cost.to_string(),
                     "an amount <= the claim's eligible_cost");
      }
    } else if (!params.reimbursement[index(claim.tier)]) {
      problems.add(
          share.str(),
          "missing, and the scheme has no reimbursement rate for tier " + std::string(to_string(claim.tier)),
          "the fund's share of the claim, or reimbursement." + std::string(to_string(claim.tier)) +
              " in the fee_for_service scheme");
    }
  }
  return problems.problems();
}

FeeForServiceSettlement settle_fee_for_service(const FeeForServiceParameters& params,
                                               const FeeForServiceInput& input) {
  ProblemList problems;
  problems.append(params.check());
  problems.append(input.check(params));
  problems.throw_if_any("fee_for_service");

  FeeForServiceSettlement out;
  out.fund_share.reserve(input.claims.size());
  out.ledger.reserve(input.claims.size());
  for (const ServiceClaim& claim : input.claims) {
    const Money paid =
        claim.fund_share ? *claim.fund_share
                         : params.reimbursement[index(claim.tier)]->of(claim.eligible_cost, params.rounding);
    out.fund_share.push_back(paid);
    out.eligible_cost += claim.eligible_cost;
    out.fund_payment += paid;
    out.ledger.add_net(input.year, claim.quarter, fund_party, claim.institution, TransferKind::claim_payment,
                       paid);
  }
  out.out_of_pocket = out.eligible_cost - out.fund_payment;
  return out;
}

}  // namespace ygt
