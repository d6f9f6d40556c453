#pragma once
/// \file
/// A health institution of the county (or a group of like facilities).

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/tier.hpp"

namespace ygt {

/// What kind of institution: general, traditional Chinese medicine (中医院),
/// maternal and child health (妇幼保健院), or other.
enum class InstitutionKind : unsigned char { general, tcm, maternal_child, other };

inline constexpr std::array<InstitutionKind, 4> all_institution_kinds = {
    InstitutionKind::general, InstitutionKind::tcm, InstitutionKind::maternal_child, InstitutionKind::other};

/// The names of the values of `InstitutionKind` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(InstitutionKind) noexcept {
  return detail::enum_names<InstitutionKind>("general", "tcm", "maternal_child", "other");
}

/// The plain data an `Institution` is made from (mirrors the scenario file).
struct InstitutionSpec {
  std::string id;
  std::string name;  ///< defaults to `id` when empty
  Tier tier = Tier::township;
  InstitutionKind kind = InstitutionKind::general;
  std::string township;  ///< township id; required for village, community and township tiers
  long long beds = 0;    ///< of the whole entry (all `count` facilities)
  long long staff = 0;   ///< of the whole entry (all `count` facilities)
  long long count = 1;   ///< facilities this entry stands for, e.g. the 14 village clinics of a township
};

/// A health institution, or `count` like facilities grouped in one entry.
///
/// Invariant: a valid id; beds and staff >= 0; count >= 1; a primary-tier
/// institution (village, community, township) names its township. That the
/// township exists is the county's to check (`County`).
class Institution {
 public:
  /// Throws `InputError` listing what `check(spec)` finds.
  explicit Institution(InstitutionSpec spec);

  /// Every broken invariant of `spec`, with paths relative to the institution.
  [[nodiscard]] static std::vector<Problem> check(const InstitutionSpec& spec);

  [[nodiscard]] const std::string& id() const noexcept { return spec_.id; }
  [[nodiscard]] const std::string& name() const noexcept { return spec_.name; }
  [[nodiscard]] Tier tier() const noexcept { return spec_.tier; }
  [[nodiscard]] InstitutionKind kind() const noexcept { return spec_.kind; }
  /// The township id, empty when the institution is not tied to one.
  [[nodiscard]] const std::string& township() const noexcept { return spec_.township; }
  [[nodiscard]] long long beds() const noexcept { return spec_.beds; }
  [[nodiscard]] long long staff() const noexcept { return spec_.staff; }
  [[nodiscard]] long long count() const noexcept { return spec_.count; }

 private:
  InstitutionSpec spec_;
};

}  // namespace ygt
