#include "yigongti/payment/fee_for_service.hpp"
#include "payment/checks.hpp"

namespace ygt {

std::vector<Problem> FeeForServiceParameters::check() const {
  ProblemList problems;
  for (Tier tier : all_tiers)
    reimbursement[index(tier)].check(problems, ProblemPath("reimbursement", to_string(tier)));
  return problems.problems();
}

std::vector<Problem> FeeForServiceInput::check() const {
  ProblemList problems;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    check_party(problems, ProblemPath("claims", i, "institution"), claims[i].institution);
    check_quarter(problems, ProblemPath("claims", i, "quarter"), claims[i].quarter);
    check_non_negative(problems, ProblemPath("claims", i, "eligible_cost"), claims[i].eligible_cost);
  }
  return problems.problems();
}

FeeForServiceSettlement settle_fee_for_service(const FeeForServiceParameters& params,
                                               const FeeForServiceInput& input) {
  ProblemList problems;
  problems.append(params.check());
  problems.append(input.check());
  problems.throw_if_any("fee_for_service");

  FeeForServiceSettlement out;
  out.fund_share.reserve(input.claims.size());
  out.ledger.reserve(input.claims.size());
  for (const ServiceClaim& claim : input.claims) {
    const Money paid = params.reimbursement[index(claim.tier)].of(claim.eligible_cost, params.rounding);
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
