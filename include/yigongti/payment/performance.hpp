#pragma once
/// \file
/// Performance assessment (绩效考核): how an assessment score conditions the share
/// of a surplus an alliance may keep.

#include <string>
#include <vector>

#include "yigongti/core/error.hpp"

namespace ygt {

/// Maps an assessment score to a performance factor in [0, 1].
///
/// The health bureau scores the alliance each year; the score scales what it
/// keeps of a surplus (`kept = surplus * retention * factor`). The mapping is
/// piecewise linear:
///
///     factor(score) = 0                                          if score <  zero_below
///                   = 1                                          if score >= full_at
///                   = (score - zero_below) / (full_at - zero_below)   otherwise
///
/// Defaults: scores in [0, 100], factor 0 below 60, 1 at or above 90. With
/// `zero_below == full_at` the factor is a step (all or nothing). Units: score points.
struct PerformanceMapping {
  double score_min = 0.0;    ///< lowest score the assessment gives
  double score_max = 100.0;  ///< highest score the assessment gives
  double zero_below = 60.0;  ///< a score below this keeps nothing
  double full_at = 90.0;     ///< a score at or above this keeps the full retention

  /// Every problem, paths relative to the mapping (`score_max`, `full_at`, ...):
  /// non-finite values, `score_min >= score_max`, thresholds outside the score
  /// range, `zero_below > full_at`.
  [[nodiscard]] std::vector<Problem> check() const;
  /// Adds a problem at `path` unless `score` is finite and within [score_min,
  /// score_max]; nothing when the range itself is broken (`check()` reports that).
  void check_score(ProblemList& problems, const ProblemPath& path, double score) const;
  /// The factor of `score` (see above). Throws `std::invalid_argument` when the
  /// mapping does not pass `check()` or the score is outside the range.
  [[nodiscard]] double factor(double score) const;
};

}  // namespace ygt
