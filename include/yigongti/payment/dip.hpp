#pragma once
/// \file
/// Diagnosis-intervention packet payment (按病种分值付费, DIP): inpatient cases
/// earn points by disease group; a regional fund is shared at a point value.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "yigongti/core/error.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/payment/ledger.hpp"
#include "yigongti/payment/share.hpp"

namespace ygt {

/// A disease group (病种) and its relative weight.
struct DipGroup {
  std::string id;
  double weight = 0.0;                ///< points per typical case (分值), >= 0
  std::optional<Money> average_cost;  ///< the group's average cost per case, > 0; none: no cost adjustment
};

/// The rules of a DIP year.
///
/// Equations (yuan, points):
///
///     pool         F' = F / reimbursement_ratio   (F when no ratio: the gross-up to total cost)
///     case points  = weight * factor(cost / average_cost) * count
///     point value  v = F' / total points
///     institution  amount = its points * v;   fund payment = amount * F / F'
///
/// The cost factor adjusts outlier cases: `r = cost / average_cost`;
/// `factor = r` when `r < low_cost_ratio` (a cheap case earns by its cost),
/// `factor = (r - high_cost_multiple) + 1` when `r > high_cost_multiple` (the
/// excess over the multiple earns extra points), else 1. Defaults 0.5 and 2.
struct DipParameters {
  Money fund;                                ///< path `fund`: F, the fund available for DIP, >= 0
  std::optional<Share> reimbursement_ratio;  ///< path `reimbursement_ratio`: in (0, 1]
  double low_cost_ratio = 0.5;               ///< path `low_cost_ratio`: in [0, 1]
  double high_cost_multiple = 2.0;           ///< path `high_cost_multiple`: finite, >= 1
  std::vector<DipGroup> groups;              ///< path `groups[i]`
  Rounding rounding = Rounding::half_even;   ///< rounding of the gross-up

  /// Every problem, paths relative to the scheme (`groups[2].weight`, ...).
  [[nodiscard]] std::vector<Problem> check() const;
  /// The cost factor of a case costing `cost_ratio` times its group's average.
  [[nodiscard]] double cost_factor(double cost_ratio) const noexcept;
  /// The points of one case of `group` costing `cost`.
  [[nodiscard]] double case_points(const DipGroup& group, Money cost) const noexcept;
  /// The pool F' (the fund grossed up by the reimbursement ratio).
  [[nodiscard]] Money pool() const;
};

/// Cases of one group at one institution, all at the same cost per case.
struct DipCase {
  std::string institution;  ///< institution id
  std::string group;        ///< a group id of the parameters
  Money cost;               ///< cost per case, >= 0
  std::int64_t count = 1;   ///< number of cases, >= 1
};

/// The cases of one year.
struct DipInput {
  int year = 0;
  std::vector<DipCase> cases;

  /// Every problem, paths relative to the input; also zero total points (`cases`),
  /// which would leave the point value undefined.
  [[nodiscard]] std::vector<Problem> check(const DipParameters& params) const;
};

/// The point value (点值): `pool / total_points` yuan per point, kept as the
/// exact pool and the point total so that an amount is rounded once.
struct DipPointValue {
  Money pool;
  double total_points = 0.0;

  /// Yuan per point, as a number (for display; amounts use `of`).
  [[nodiscard]] double yuan() const noexcept { return pool.yuan() / total_points; }
  /// The amount of `points`: `pool * points / total_points`, rounded once by `mode`.
  [[nodiscard]] Money of(double points, Rounding mode = Rounding::half_even) const;
};

/// One institution's DIP result.
struct DipInstitutionPayment {
  std::string institution;
  double points = 0.0;
  Money amount;        ///< points * point value (total-cost terms)
  Money fund_payment;  ///< the fund's part of `amount`
};

/// The settlement of a DIP year.
///
/// Ledger: one `dip_payment` transfer fund -> institution of `fund_payment` at
/// year end. Amounts and fund payments are split by points with the
/// largest-remainder method, so they sum exactly to the pool and to the fund
/// and each is within a fen of `points * v` (resp. its fund part). The rest of
/// each amount is the patients' part.
struct DipSettlement {
  DipPointValue point_value;
  std::vector<double> case_points;                  ///< per input case line (all its cases), in input order
  std::vector<DipInstitutionPayment> institutions;  ///< in order of first appearance
  Ledger ledger;
};

/// Settles a DIP year. Throws `InputError` listing every problem of `params` and `input`.
[[nodiscard]] DipSettlement settle_dip(const DipParameters& params, const DipInput& input);

}  // namespace ygt
