#pragma once
/// \file
/// A county (县): its townships, institutions and alliances, checked as a whole.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "yigongti/core/alliance.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/institution.hpp"
#include "yigongti/core/tier.hpp"
#include "yigongti/core/township.hpp"

namespace ygt {

/// The plain data a `County` is made from (mirrors the scenario file's `county`).
struct CountySpec {
  std::string id;
  std::string name;  ///< defaults to `id` when empty
  std::vector<TownshipSpec> townships;
  std::vector<InstitutionSpec> institutions;
  std::vector<AllianceSpec> alliances;
};

/// A county health system: the unit the model projects.
///
/// Invariant, on top of each part's own: ids unique within townships,
/// institutions and alliances; every reference resolves (an institution's
/// township, an alliance's leads and members); an institution belongs to at
/// most one alliance; a lead is county or municipal tier; a member is not
/// out_of_county; every township gives travel minutes to each tier the county
/// has and to out_of_county.
class County {
 public:
  /// An empty county (no townships, institutions or alliances).
  County() = default;
  /// Throws `InputError` listing what `check(spec)` finds.
  explicit County(CountySpec spec);

  /// Every broken invariant of `spec` and of its parts, with paths relative to
  /// the county (`institutions[3].tier`).
  [[nodiscard]] static std::vector<Problem> check(const CountySpec& spec);

  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const std::vector<Township>& townships() const noexcept { return townships_; }
  [[nodiscard]] const std::vector<Institution>& institutions() const noexcept { return institutions_; }
  [[nodiscard]] const std::vector<Alliance>& alliances() const noexcept { return alliances_; }

  /// The township, institution or alliance with `id`, or nullptr.
  [[nodiscard]] const Township* find_township(std::string_view id) const;
  [[nodiscard]] const Institution* find_institution(std::string_view id) const;
  [[nodiscard]] const Alliance* find_alliance(std::string_view id) const;
  /// The same, throwing `std::out_of_range` when there is none.
  [[nodiscard]] const Township& township(std::string_view id) const;
  [[nodiscard]] const Institution& institution(std::string_view id) const;
  [[nodiscard]] const Alliance& alliance(std::string_view id) const;
  /// The alliance an institution belongs to (as lead or member), or nullptr.
  [[nodiscard]] const Alliance* alliance_of(std::string_view institution_id) const;
  /// The index in `alliances()` of the alliance of `institutions()[i]`, or
  /// `no_alliance`: the same as `alliance_of`, without a look-up by id.
  [[nodiscard]] std::size_t alliance_index_of(std::size_t i) const noexcept {
    return alliance_by_institution_[i];
  }
  static constexpr std::size_t no_alliance = static_cast<std::size_t>(-1);

  /// Care settings present: each tier with an institution, and always out_of_county.
  [[nodiscard]] std::vector<Tier> settings() const;
  [[nodiscard]] bool has_tier(Tier tier) const noexcept;
  /// Facilities of `tier`, counting each entry `count` times.
  [[nodiscard]] long long facility_count(Tier tier) const noexcept;
  /// Staff of the institutions of `tier` (an entry's `staff` counts all its facilities).
  [[nodiscard]] long long staff(Tier tier) const noexcept;
  /// All residents of all townships.
  [[nodiscard]] double total_population() const noexcept;

 private:
  std::string id_;
  std::string name_;
  std::vector<Township> townships_;
  std::vector<Institution> institutions_;
  std::vector<Alliance> alliances_;
  std::unordered_map<std::string, std::size_t> township_index_;
  std::unordered_map<std::string, std::size_t> institution_index_;
  std::unordered_map<std::string, std::size_t> alliance_index_;
  std::unordered_map<std::string, std::size_t> alliance_of_;
  std::vector<std::size_t> alliance_by_institution_;
};

}  // namespace ygt
