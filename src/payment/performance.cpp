#include "yigongti/payment/performance.hpp"

#include <cmath>
#include <stdexcept>
#include "payment/checks.hpp"

namespace ygt {

std::vector<Problem> PerformanceMapping::check() const {
  ProblemList problems;
  const bool finite_range = std::isfinite(score_min) && std::isfinite(score_max);
  if (!std::isfinite(score_min)) problems.add("score_min", "not a finite number", "a finite score");
  if (!std::isfinite(score_max)) problems.add("score_max", "not a finite number", "a finite score");
  if (finite_range && !(score_min < score_max)) {
    problems.add("score_max", "the score range is empty", "score_max greater than score_min");
  }
  if (finite_range && score_min < score_max) {
    check_in_range(problems, "zero_below", zero_below, score_min, score_max);
    check_in_range(problems, "full_at", full_at, score_min, score_max);
    if (std::isfinite(zero_below) && std::isfinite(full_at) && zero_below > full_at) {
      problems.add("full_at", "full_at is below zero_below", "full_at >= zero_below");
    }
  }
  return problems.problems();
}

void PerformanceMapping::check_score(ProblemList& problems, const ProblemPath& path, double score) const {
  if (!(std::isfinite(score_min) && std::isfinite(score_max) && score_min < score_max)) return;
  check_in_range(problems, path, score, score_min, score_max);
}

double PerformanceMapping::factor(double score) const {
  ProblemList problems;
  problems.append(check());
  check_score(problems, "score", score);
  if (!problems.empty()) {
    throw std::invalid_argument("ygt::PerformanceMapping::factor: " +
                                format_problem({}, problems.problems().front()));
  }
  if (score >= full_at) return 1.0;
  if (score < zero_below) return 0.0;
  return (score - zero_below) / (full_at - zero_below);
}

}  // namespace ygt
