#pragma once
/// \file
/// A township (乡镇) of the county: its residents by age and how far each tier is.

#include <optional>
#include <string>
#include <vector>

#include "yigongti/core/age.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/tier.hpp"

namespace ygt {

/// The plain data a `Township` is made from (mirrors the scenario file).
struct TownshipSpec {
  std::string id;
  std::string name;                          ///< defaults to `id` when empty
  AgeVector population{};                    ///< residents by single-year age 0..100+
  PerTier<std::optional<double>> minutes{};  ///< travel minutes to each tier, where given
};

/// A township: the origin of the model's patient flows.
///
/// Invariant: a valid id; population finite and >= 0 at every age; travel
/// minutes finite and >= 0 where given. Which tiers need minutes depends on the
/// county's institutions and is checked by `County`.
class Township {
 public:
  /// Throws `InputError` listing what `check(spec)` finds.
  explicit Township(TownshipSpec spec);

  /// Every broken invariant of `spec`, with paths relative to the township.
  [[nodiscard]] static std::vector<Problem> check(const TownshipSpec& spec);

  [[nodiscard]] const std::string& id() const noexcept { return spec_.id; }
  [[nodiscard]] const std::string& name() const noexcept { return spec_.name; }
  /// Residents by single-year age (index 100 is 100+).
  [[nodiscard]] const AgeVector& population() const noexcept { return spec_.population; }
  /// All residents.
  [[nodiscard]] double total_population() const noexcept { return total(spec_.population); }
  /// Travel minutes from the township to the nearest facility of `tier`, if given.
  [[nodiscard]] std::optional<double> minutes(Tier tier) const noexcept { return spec_.minutes[index(tier)]; }

 private:
  TownshipSpec spec_;
};

}  // namespace ygt
