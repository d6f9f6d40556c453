#pragma once
/// \file
/// The ledger of a settlement: every transfer of money between the fund, an
/// alliance, institutions and out-of-county care, one row each.

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"

namespace ygt {

/// The party name of the insurance fund (医保基金) in every ledger.
inline constexpr std::string_view fund_party = "fund";
/// The party name for care bought outside the county (县外), as a payee.
inline constexpr std::string_view out_of_county_party = "out_of_county";

/// What a transfer is for. The snake_case names appear in files and outputs.
enum class TransferKind : unsigned char {
  prepayment,           ///< 季度预拨: a quarterly instalment of a global budget, fund -> alliance
  year_end_settlement,  ///< 年终清算: the year-end balance, fund -> alliance, or back when it is negative
  claim_payment,        ///< 按项目付费: claims paid as incurred, payer -> provider
  surplus_retained,     ///< 结余留用: the share of a surplus the alliance keeps, fund -> alliance
  surplus_returned,     ///< 结余返还: the part of a surplus the alliance hands back, alliance -> fund
  overspend_insurer,    ///< 超支分担 (insurer): the fund's share of an overspend, fund -> alliance
  overspend_alliance,   ///< 超支分担 (alliance): the alliance's share of an overspend, alliance -> fund
  capitation_prepayment,  ///< 按人头预拨: a quarterly instalment of a capitation package, fund -> holder
  dip_payment,  ///< 按病种分值付费: an institution's points at the point value, fund -> institution
  shared_savings_payment,  ///< shared savings (ACO), fund -> ACO
  shared_loss_repayment,   ///< shared losses (ACO), ACO -> fund
  distribution,            ///< 结余分配: a share of a surplus, holder -> institution, or of a loss, back
  /// 内部分配: one purse passing money to a member for the care it gave,
  /// alliance -> member institution (or back, when a legal entity collects for it)
  internal_allocation,
};

/// Number of transfer kinds.
inline constexpr std::size_t transfer_kind_count = 13;

/// All transfer kinds in declaration order.
inline constexpr std::array<TransferKind, transfer_kind_count> all_transfer_kinds = {
    TransferKind::prepayment,
    TransferKind::year_end_settlement,
    TransferKind::claim_payment,
    TransferKind::surplus_retained,
    TransferKind::surplus_returned,
    TransferKind::overspend_insurer,
    TransferKind::overspend_alliance,
    TransferKind::capitation_prepayment,
    TransferKind::dip_payment,
    TransferKind::shared_savings_payment,
    TransferKind::shared_loss_repayment,
    TransferKind::distribution,
    TransferKind::internal_allocation,
};

/// The names of the values of `TransferKind` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(TransferKind) noexcept {
  return detail::enum_names<TransferKind>(
      "prepayment", "year_end_settlement", "claim_payment", "surplus_retained", "surplus_returned",
      "overspend_insurer", "overspend_alliance", "capitation_prepayment", "dip_payment",
      "shared_savings_payment", "shared_loss_repayment", "distribution", "internal_allocation");
}

/// One movement of money: `amount` paid by `from` to `to` in a quarter of a year.
///
/// Parties are named by id: `fund` (the insurance fund, `fund_party`), an
/// alliance or holder id (a legal entity standing for its members), institution ids, `out_of_county` for care
/// bought outside the county. The direction is carried by `from`/`to`, so `amount` is never negative.
/// `quarter` is 1..4 for a payment made during the year and 0 for one made at year end.
struct Transfer {
  int year = 0;
  int quarter = 0;
  std::string from;
  std::string to;
  TransferKind kind = TransferKind::claim_payment;
  Money amount;

  friend bool operator==(const Transfer&, const Transfer&) = default;
};

/// The transfers of one or more settlements, in the order they were made.
///
/// Money only moves between parties, so the balances of all parties always sum
/// to zero; what `check()` verifies is that every row is well formed:
/// amounts >= 0 (the direction is from -> to), no party paying itself, valid
/// party ids, quarters 0..4. Settlements record no zero-amount rows.
class Ledger {
 public:
  /// Appends `transfer` as given (see `check()` for what a valid row is).
  void add(Transfer transfer);
  /// Appends a transfer of a signed `amount`: `payer -> payee` when positive,
  /// `payee -> payer` when negative, nothing when zero.
  void add_net(int year, int quarter, std::string_view payer, std::string_view payee, TransferKind kind,
               Money amount);
  /// Appends every transfer of `other`.
  void append(const Ledger& other);
  /// Makes room for `count` transfers in all.
  void reserve(std::size_t count) { transfers_.reserve(count); }

  [[nodiscard]] std::span<const Transfer> transfers() const noexcept { return transfers_; }
  [[nodiscard]] std::size_t size() const noexcept { return transfers_.size(); }
  [[nodiscard]] bool empty() const noexcept { return transfers_.empty(); }

  /// Everything `party` received.
  [[nodiscard]] Money inflow(std::string_view party) const;
  /// Everything `party` paid.
  [[nodiscard]] Money outflow(std::string_view party) const;
  /// Inflows minus outflows of `party`: what it gained from the settlement.
  [[nodiscard]] Money balance(std::string_view party) const;
  /// The sum of the transfers of `kind`.
  [[nodiscard]] Money total(TransferKind kind) const;
  /// What `from` paid `to` minus what `to` paid `from`.
  [[nodiscard]] Money net_flow(std::string_view from, std::string_view to) const;
  /// Every party named in the ledger, sorted, each once.
  [[nodiscard]] std::vector<std::string> parties() const;

  /// Every malformed row, with paths `transfers[i].amount`, `transfers[i].to`, ...
  [[nodiscard]] std::vector<Problem> check() const;

 private:
  std::vector<Transfer> transfers_;
};

}  // namespace ygt
