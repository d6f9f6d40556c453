#include "yigongti/scenario/demography.hpp"

#include <cmath>
#include <string>

#include "core/text.hpp"

namespace ygt {
namespace {

void check_profile(const AgeVector& v, double lo, double hi, const std::string& path, const char* expected,
                   std::vector<Problem>& problems) {
  for (std::size_t a = 0; a < age_count; ++a) {
    if (!std::isfinite(v[a]) || v[a] < lo || v[a] > hi) {
      problems.push_back(
          {path, "value " + detail::number_text(v[a]) + " at age " + std::to_string(a), expected});
      return;
    }
  }
}

}  // namespace

std::vector<Problem> check_demography(const DemographySpec& spec) {
  std::vector<Problem> problems;
  check_profile(spec.survival, 0.0, 1.0, "survival", "probabilities in [0, 1]", problems);
  check_profile(spec.fertility, 0.0, 10.0, "fertility", "births per resident per year, 0 to 10", problems);
  check_profile(spec.net_migration, -1.0, 1.0, "net_migration", "rates per resident per year in [-1, 1]",
                problems);
  for (const auto& [id, rates] : spec.township_net_migration) {
    check_profile(rates, -1.0, 1.0, "net_migration.townships." + id, "rates per resident per year in [-1, 1]",
                  problems);
  }
  return problems;
}

}  // namespace ygt
