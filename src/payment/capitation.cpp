#include "yigongti/payment/capitation.hpp"

#include <algorithm>

#include "payment/checks.hpp"
#include "yigongti/core/ids.hpp"
#include "yigongti/payment/prepayment.hpp"

namespace ygt {

std::vector<Problem> CapitationParameters::check() const {
  ProblemList problems;
  check_non_negative(problems, "rate_per_head", rate_per_head);
  if (service_lines.empty()) {
    problems.add("service_lines", "no service line", "the ids of the lines the package covers");
  }
  for (std::size_t i = 0; i < service_lines.size(); ++i) {
    if (!is_valid_id(service_lines[i])) {
      problems.add(ProblemPath("service_lines", i).str(), "invalid id \"" + service_lines[i] + "\"",
                   std::string(id_expectation));
    }
  }
  const std::span<const std::string> lines(service_lines);
  for (std::size_t i :
       repeated_ids(lines, [](const std::string& line) -> const std::string& { return line; })) {
    problems.add(ProblemPath("service_lines", i).str(), "duplicate service line \"" + service_lines[i] + "\"",
                 "each line once");
  }
  if (distribution) problems.append(distribution->check(), "distribution");
  if (enrolled && *enrolled < 0)
    problems.add("enrolled", "negative count " + std::to_string(*enrolled), "an integer >= 0");
  return problems.problems();
}

std::vector<Problem> CapitationInput::check(const CapitationParameters& params) const {
  ProblemList problems;
  check_holder(problems, "holder", holder);
  if (enrolled < 0) {
    problems.add("enrolled", "negative count " + std::to_string(enrolled), "an integer >= 0");
  }
  for (std::size_t i = 0; i < spending.size(); ++i) {
    const CapitatedSpending& s = spending[i];
    if (std::find(params.service_lines.begin(), params.service_lines.end(), s.line) ==
        params.service_lines.end()) {
      problems.add(ProblemPath("spending", i, "line").str(),
                   "\"" + s.line + "\" is not covered by the package", "one of the package's service lines");
    }
    check_party(problems, ProblemPath("spending", i, "provider"), s.provider);
    check_non_negative(problems, ProblemPath("spending", i, "amount"), s.amount);
  }
  if (params.distribution) problems.append(check_members(*params.distribution, members));
  for (std::size_t i = 0; i < internal.size(); ++i)
    check_party(problems, ProblemPath("internal", i), internal[i]);
  return problems.problems();
}

CapitationSettlement settle_capitation(const CapitationParameters& params, const CapitationInput& input) {
  ProblemList problems;
  problems.append(params.check());
  problems.append(input.check(params));
  problems.throw_if_any("capitation");

  CapitationSettlement out;
  out.ledger.reserve(4 + input.spending.size() + input.members.size());
  out.package = params.rate_per_head * input.enrolled;
  out.instalments = add_quarterly_instalments(out.ledger, input.year, fund_party, input.holder,
                                              TransferKind::capitation_prepayment, out.package);
  for (const CapitatedSpending& s : input.spending) {
    out.spending += s.amount;
    if (s.provider == input.holder) continue;  // its own care moves nothing
    const bool member =
        std::find(input.internal.begin(), input.internal.end(), s.provider) != input.internal.end();
    out.ledger.add_net(input.year, 0, input.holder, s.provider,
                       member ? TransferKind::internal_allocation : TransferKind::claim_payment, s.amount);
  }
  out.balance = out.package - out.spending;
  out.surplus = std::max(out.balance, Money{});
  out.deficit = std::max(-out.balance, Money{});
  if (params.distribution) {
    out.distribution = distribute(*params.distribution, out.balance, input.members);
    record_distribution(out.ledger, input.year, input.holder, *out.distribution);
  }
  return out;
}

}  // namespace ygt
