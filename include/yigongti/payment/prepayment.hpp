#pragma once
/// \file
/// Quarterly prepayment (季度预拨): an annual amount paid ahead in four instalments.

#include <array>
#include <string_view>

#include "yigongti/core/money.hpp"
#include "yigongti/payment/ledger.hpp"

namespace ygt {

/// The four quarterly instalments of `total`, summing to it exactly.
///
/// Each is `total / 4` to the fen, by the largest-remainder method of
/// `ygt::split`: the fen left over go to the earlier quarters, so the
/// instalments differ by at most one fen and never increase through the year.
[[nodiscard]] std::array<Money, 4> quarterly_instalments(Money total);

/// Records the instalments of `total` as transfers `from -> to` of `kind` in
/// quarters 1..4 of `year` (zero instalments are not recorded). Returns them.
std::array<Money, 4> add_quarterly_instalments(Ledger& ledger, int year, std::string_view from,
                                               std::string_view to, TransferKind kind, Money total);

}  // namespace ygt
