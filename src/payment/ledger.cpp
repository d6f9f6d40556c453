#include "yigongti/payment/ledger.hpp"

#include <algorithm>
#include <utility>

#include "payment/checks.hpp"
#include "yigongti/core/ids.hpp"

namespace ygt {

void Ledger::add(Transfer transfer) {
  transfers_.push_back(std::move(transfer));
}

void Ledger::add_net(int year, int quarter, std::string_view payer, std::string_view payee, TransferKind kind,
                     Money amount) {
  if (amount.is_zero()) return;
  if (amount.is_negative()) std::swap(payer, payee);
  transfers_.emplace_back(year, quarter, std::string(payer), std::string(payee), kind, amount.abs());
}

void Ledger::append(const Ledger& other) {
  transfers_.insert(transfers_.end(), other.transfers_.begin(), other.transfers_.end());
}

Money Ledger::inflow(std::string_view party) const {
  Money total;
  for (const Transfer& t : transfers_) {
    if (t.to == party) total += t.amount;
  }
  return total;
}

Money Ledger::outflow(std::string_view party) const {
  Money total;
  for (const Transfer& t : transfers_) {
    if (t.from == party) total += t.amount;
  }
  return total;
}

Money Ledger::balance(std::string_view party) const {
  Money net;
  for (const Transfer& t : transfers_) {
    if (t.to == party) net += t.amount;
    if (t.from == party) net -= t.amount;
  }
  return net;
}

Money Ledger::total(TransferKind kind) const {
  Money total;
  for (const Transfer& t : transfers_) {
    if (t.kind == kind) total += t.amount;
  }
  return total;
}

Money Ledger::net_flow(std::string_view from, std::string_view to) const {
  Money net;
  for (const Transfer& t : transfers_) {
    if (t.from == from && t.to == to) net += t.amount;
    if (t.from == to && t.to == from) net -= t.amount;
  }
  return net;
}

std::vector<std::string> Ledger::parties() const {
  std::vector<std::string> names;
  names.reserve(2 * transfers_.size());
  for (const Transfer& t : transfers_) {
    names.push_back(t.from);
    names.push_back(t.to);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<Problem> Ledger::check() const {
  ProblemList problems;
  for (std::size_t i = 0; i < transfers_.size(); ++i) {
    const Transfer& t = transfers_[i];
    if (!is_valid_id(t.from)) {
      problems.add(ProblemPath("transfers", i, "from").str(), "invalid party \"" + t.from + "\"",
                   std::string(id_expectation));
    }
    if (!is_valid_id(t.to)) {
      problems.add(ProblemPath("transfers", i, "to").str(), "invalid party \"" + t.to + "\"",
                   std::string(id_expectation));
    }
    if (t.from == t.to) {
      problems.add(ProblemPath("transfers", i, "to").str(), "\"" + t.from + "\" pays itself",
                   "a payee other than the payer");
    }
    check_quarter(problems, {"transfers", i, "quarter"}, t.quarter);
    if (t.amount.is_negative()) {
      problems.add(ProblemPath("transfers", i, "amount").str(), "negative amount " + t.amount.to_string(),
                   "an amount >= 0, the direction being from -> to");
    }
  }
  return problems.problems();
}

}  // namespace ygt
