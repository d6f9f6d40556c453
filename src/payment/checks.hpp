#pragma once
// Value checks shared by the payment schemes: each adds a `Problem` to a list
// when a value is out of its bounds, so that a scheme's `check()` reports every
// bad parameter at once. Internal to the library (not installed).

#include <algorithm>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/payment/ledger.hpp"

namespace ygt {

/// Adds a problem unless `amount >= 0`.
void check_non_negative(ProblemList& problems, const ProblemPath& path, Money amount);
/// Adds a problem unless `value` is finite and `>= 0`.
void check_non_negative(ProblemList& problems, const ProblemPath& path, double value);
/// Adds a problem unless `value` is finite and in `[low, high]`.
void check_in_range(ProblemList& problems, const ProblemPath& path, double value, double low, double high);
/// Adds a problem unless `name` can name a party that receives or pays scheme
/// money: a valid id (`is_valid_id`) other than `fund_party`, which is the fund's.
void check_party(ProblemList& problems, const ProblemPath& path, std::string_view name);
/// Adds a problem unless `name` can name the party a scheme pays (an alliance,
/// a capitation holder, an ACO): as `check_party`, and not `out_of_county_party`.
void check_holder(ProblemList& problems, const ProblemPath& path, std::string_view name);
/// Adds a problem unless `quarter` is 0 (year end) or 1..4.
void check_quarter(ProblemList& problems, const ProblemPath& path, int quarter);

/// The positions of the items whose id (`id_of(item)`) repeats that of an
/// earlier item, in increasing order: the duplicates to report.
///
/// Orders the items by the hash of their id and compares ids only within runs
/// of equal hashes, so large member lists cost little to check.
template <class T, class IdOf>
[[nodiscard]] std::vector<std::size_t> repeated_ids(std::span<const T> items, IdOf id_of) {
  std::vector<std::pair<std::size_t, std::size_t>> keyed(items.size());  // (hash, position)
  for (std::size_t i = 0; i < items.size(); ++i) {
    keyed[i] = {std::hash<std::string_view>{}(std::string_view(id_of(items[i]))), i};
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::size_t> repeated;
  for (std::size_t run = 0; run < keyed.size();) {
    std::size_t end = run + 1;
    while (end < keyed.size() && keyed[end].first == keyed[run].first) ++end;
    for (std::size_t k = run + 1; k < end; ++k) {  // positions ascend within a run
      const std::string_view id(id_of(items[keyed[k].second]));
      for (std::size_t j = run; j < k; ++j) {
        if (std::string_view(id_of(items[keyed[j].second])) == id) {
          repeated.push_back(keyed[k].second);
          break;
        }
      }
    }
    run = end;
  }
  std::sort(repeated.begin(), repeated.end());
  return repeated;
}

}  // namespace ygt
