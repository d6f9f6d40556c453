#pragma once
// Every parameter of a scenario by path, so that many references (an
// `uncertainty` section) resolve against one enumeration. Internal to the library.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/core/error.hpp"
#include "yigongti/study/parameters.hpp"

namespace ygt::detail {

/// Makes and opens parameter references (the resolver's side of `ParameterRef`).
struct ParameterAccess {
  [[nodiscard]] static ParameterRef make(std::string path, ParameterRange range, ParameterSlot slot) {
    return {std::move(path), range, std::move(slot)};
  }
  [[nodiscard]] static const ParameterSlot& slot(const ParameterRef& ref) noexcept { return ref.slot_; }
};

/// The parameters of one scenario, by path.
class ParameterIndex {
 public:
  explicit ParameterIndex(const Scenario& scenario);

  /// The parameter at `path`; otherwise nothing, with a problem at `where` added
  /// to `problems`: unknown (with the nearest valid path) or ambiguous (with the
  /// full paths a shorthand could mean).
  [[nodiscard]] std::optional<ParameterRef> find(std::string_view path, const std::string& where,
                                                 ProblemList& problems) const;
  /// Every valid path, in enumeration order.
  [[nodiscard]] const std::vector<std::string>& paths() const noexcept { return paths_; }

 private:
  std::vector<ParameterRef> refs_;
  std::vector<std::string> paths_;
  std::map<std::string, std::size_t, std::less<>> by_path_;
  /// Shorthands `payment.<param>` that several scheme ids carry: their full paths.
  std::map<std::string, std::vector<std::string>, std::less<>> ambiguous_;

  friend class ParameterIndexBuilder;
};

}  // namespace ygt::detail
