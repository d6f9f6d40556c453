#pragma once
/// \file
/// A county medical community (医共体): a lead hospital joined with primary institutions.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/detail/enum_names.hpp"
#include "yigongti/core/error.hpp"

namespace ygt {

/// A management domain a tight alliance (紧密型医共体) unifies ("六统一", "八个统一").
enum class Domain : unsigned char {
  administration,    ///< 行政
  personnel,         ///< 人员
  finance,           ///< 财务
  medical_services,  ///< 业务
  performance,       ///< 绩效
  drugs_devices,     ///< 药品耗材
  public_health,     ///< 公共卫生
  information,       ///< 信息系统
};

inline constexpr std::array<Domain, 8> all_domains = {
    Domain::administration, Domain::personnel,     Domain::finance,       Domain::medical_services,
    Domain::performance,    Domain::drugs_devices, Domain::public_health, Domain::information};

/// The names of the values of `Domain` (`to_string`, `parse_enum`).
[[nodiscard]] constexpr auto names_of(Domain) noexcept {
  return detail::enum_names<Domain>("administration", "personnel", "finance", "medical_services",
                                    "performance", "drugs_devices", "public_health", "information");
}

/// The problem, at path `unified`, of a legal entity whose `unified` list
/// leaves out a domain (naming the domains left out), or none.
[[nodiscard]] std::optional<Problem> legal_entity_domains_problem(const std::vector<Domain>& unified);

/// The plain data an `Alliance` is made from (mirrors the scenario file).
struct AllianceSpec {
  std::string id;
  std::string name;                  ///< defaults to `id` when empty
  std::vector<std::string> lead;     ///< 牵头医院: lead institution ids
  std::vector<std::string> members;  ///< member institution ids (not repeating the leads)
  std::vector<Domain> unified;       ///< management domains the alliance unifies
  /// One legal entity (Shanxi): the members are one party toward the insurer
  /// and every domain is unified by definition; an empty `unified` then means
  /// all domains, and a non-empty one must list them all.
  bool legal_entity = false;
};

/// An alliance of institutions under one or more lead hospitals.
///
/// Invariant: a valid id; at least one lead; no institution listed twice
/// (as lead or member); no domain listed twice; a legal entity unifies every
/// domain (an empty list is completed to all of them). That the ids resolve, that the
/// leads are county or municipal tier and that no institution is in two
/// alliances is the county's to check (`County`).
class Alliance {
 public:
  /// Throws `InputError` listing what `check(spec)` finds.
  explicit Alliance(AllianceSpec spec);

  /// Every broken invariant of `spec`, with paths relative to the alliance.
  [[nodiscard]] static std::vector<Problem> check(const AllianceSpec& spec);

  [[nodiscard]] const std::string& id() const noexcept { return spec_.id; }
  [[nodiscard]] const std::string& name() const noexcept { return spec_.name; }
  [[nodiscard]] const std::vector<std::string>& lead() const noexcept { return spec_.lead; }
  [[nodiscard]] const std::vector<std::string>& members() const noexcept { return spec_.members; }
  [[nodiscard]] const std::vector<Domain>& unified() const noexcept { return spec_.unified; }
  [[nodiscard]] bool unifies(Domain d) const noexcept;
  /// One legal entity: its members are paid through it (`internal_allocation`).
  [[nodiscard]] bool legal_entity() const noexcept { return spec_.legal_entity; }
  /// Lead or member.
  [[nodiscard]] bool includes(std::string_view institution_id) const noexcept;

 private:
  AllianceSpec spec_;
};

}  // namespace ygt
