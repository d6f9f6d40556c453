#pragma once
/// \file
/// How a policy lever moves over the years: a step or a linear ramp to a target.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "yigongti/core/detail/enum_names.hpp"

namespace ygt {

/// The shape of a change over time.
enum class Shape : unsigned char {
  step,    ///< the target from year `from` on
  linear,  ///< a straight line from the value at `from` to the target at `to`
};

/// The names of the values of `Shape` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(Shape) noexcept {
  return detail::enum_names<Shape>("step", "linear");
}

/// A change of one lever to `target` between `from` and `to` (both included).
///
/// Invariant: `from <= to`; a step has `to == from`. After `to` the target holds.
struct TimePath {
  int from = 0;
  int to = 0;
  Shape shape = Shape::step;
  double target = 0.0;

  /// The lever's value in `year` given its value `before` just before `from`.
  /// A linear ramp gives `before` at `from`, the midpoint halfway and `target` at `to`.
  [[nodiscard]] constexpr double at(int year, double before) const noexcept {
    if (year < from) return before;
    if (shape == Shape::step || year >= to) return target;
    const double progress = static_cast<double>(year - from) / static_cast<double>(to - from);
    return before + (target - before) * progress;
  }
};

/// The value in `year` of a lever whose baseline is `baseline`, moved by
/// `paths` one after another (sorted by `from`, not overlapping): each starts
/// from where the previous ones left it.
[[nodiscard]] constexpr double value_at(std::span<const TimePath> paths, int year, double baseline) noexcept {
  double value = baseline;
  for (const TimePath& p : paths) {
    if (year < p.from) break;
    value = p.at(year, value);
  }
  return value;
}

}  // namespace ygt
