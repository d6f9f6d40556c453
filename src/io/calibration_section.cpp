// The `calibration` section of a scenario: which parameters a calibration may
// move, and the bounds it must keep them within.

#include <cmath>
#include <utility>

#include "io/sections.hpp"

namespace ygt::detail {
namespace json = boost::json;

std::optional<CalibrationSpec> read_calibration(const json::value& v, const Scenario& scenario,
                                                ProblemList& problems) {
  ObjectReader obj(v, "calibration", problems);
  if (!obj.ok()) return std::nullopt;
  CalibrationSpec spec;
  const ParameterIndex index(scenario);
  std::vector<std::string> seen_at;  // the JSON path of each entry of spec.free
  std::size_t entries = 0;
  if (const json::value* fs =
          obj.get("free", Need::required, "an object: parameter path -> {\"lower\": L, \"upper\": U}")) {
    ObjectReader free(*fs, obj.path_of("free"), problems);
    if (free.ok()) {
      for (const auto& member : fs->as_object()) {
        ++entries;
        const std::string key(member.key());
        const std::string path = free.path_of(key);
        (void)free.get(key);
        const auto ref = index.find(key, path, problems);
        ObjectReader bounds(member.value(), path, problems);
        if (!bounds.ok()) continue;
        const auto lower = bounds.number("lower");
        const auto upper = bounds.number("upper");
        if (!ref || (bounds.has("lower") && !lower) || (bounds.has("upper") && !upper)) continue;
        const ParameterRange range = ref->range();
        FreeParameter f{*ref, lower.value_or(range.lo), upper.value_or(range.hi)};
        const std::size_t before = problems.size();
        if (lower && *lower < range.lo) {
          problems.add(bounds.path_of("lower"), number_text(*lower) + " is below the parameter's range",
                       "a bound within " + range.describe());
        }
        if (upper && *upper > range.hi) {
          problems.add(bounds.path_of("upper"), number_text(*upper) + " is above the parameter's range",
                       "a bound within " + range.describe());
        }
        if (problems.size() == before && !(f.lower < f.upper)) {
          problems.add(
              path,
              "lower bound " + number_text(f.lower) + " is not below upper bound " + number_text(f.upper),
              "lower < upper");
        }
        if (problems.size() == before) {
          const double start = get_parameter(scenario, *ref);
          if (start < f.lower || start > f.upper) {
            problems.add(path, "the scenario's value " + number_text(start) + " is outside the bounds",
                         "bounds around the starting value, the scenario's own");
          }
        }
        for (std::size_t i = 0; i < spec.free.size(); ++i) {
          if (spec.free[i].parameter.same_value(*ref)) {
            problems.add(path, ref->path() + " is already free at " + seen_at[i], "each parameter once");
          }
        }
        if (problems.size() == before) {
          spec.free.push_back(std::move(f));
          seen_at.push_back(path);
        }
      }
    }
  }
  if (obj.has("free") && entries == 0) {
    problems.add("calibration.free", "no free parameter", "at least one parameter path with its bounds");
  }
  return spec;
}

}  // namespace ygt::detail
