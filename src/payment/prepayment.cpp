#include "yigongti/payment/prepayment.hpp"

#include <cstdint>

namespace ygt {

std::array<Money, 4> quarterly_instalments(Money total) {
  // The largest-remainder split by four equal weights: every remainder is the
  // same, so the fen left over go to the first quarters (as `ygt::split` does).
  const std::int64_t fen = total.fen();
  const std::int64_t base = fen / 4;  // toward zero, like the split of a negative total
  const std::int64_t left = fen % 4;  // same sign as the total
  const std::int64_t step = left < 0 ? -1 : 1;
  std::array<Money, 4> parts{};
  for (std::int64_t q = 0; q < 4; ++q) {
    const bool extra = q < (left < 0 ? -left : left);
    parts[static_cast<std::size_t>(q)] = Money::from_fen(base + (extra ? step : 0));
  }
  return parts;
}

std::array<Money, 4> add_quarterly_instalments(Ledger& ledger, int year, std::string_view from,
                                               std::string_view to, TransferKind kind, Money total) {
  const std::array<Money, 4> instalments = quarterly_instalments(total);
  for (int q = 0; q < 4; ++q) {
    ledger.add_net(year, q + 1, from, to, kind, instalments[static_cast<std::size_t>(q)]);
  }
  return instalments;
}

}  // namespace ygt
