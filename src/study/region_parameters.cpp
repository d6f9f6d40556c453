#include "yigongti/study/region_parameters.hpp"

#include "core/text.hpp"

namespace ygt {

namespace {

constexpr std::string_view prefix = "counties.";

}  // namespace

RegionParameter resolve_region_parameter(const Region& region, std::string_view path,
                                         std::string_view where) {
  RegionParameter out;
  out.path = std::string(path);
  out.range = ParameterRange::unbounded();
  const auto fail = [&](std::string what, std::string expected) {
    throw InputError(region.origin, {{std::string(where), std::move(what), std::move(expected)}});
  };
  const auto resolve_in = [&](std::size_t c, std::string_view inner) {
    try {
      ParameterRef ref = resolve_parameter(region.counties[c], inner, where);
      out.range = out.range.intersection(ref.range());
      out.targets.emplace_back(c, std::move(ref));
    } catch (const InputError& e) {
      const Problem& p = e.problems().front();
      fail("county " + detail::quoted(region.counties[c].county.id()) + ": " + p.what, p.expected);
    }
  };
  if (path.starts_with(prefix)) {
    const std::string_view rest = path.substr(prefix.size());
    const std::size_t dot = rest.find('.');
    const std::string_view id = rest.substr(0, dot);
    for (std::size_t c = 0; c < region.counties.size(); ++c) {
      if (region.counties[c].county.id() != id) continue;
      if (dot == std::string_view::npos)
        fail("no parameter after county " + detail::quoted(id), "counties.ID.PATH");
      resolve_in(c, rest.substr(dot + 1));
      return out;
    }
    std::string ids;
    for (const Scenario& c : region.counties) ids += (ids.empty() ? "" : ", ") + c.county.id();
    fail("no county " + detail::quoted(id) + " in the region", "counties.ID.PATH with ID one of " + ids);
  }
  for (std::size_t c = 0; c < region.counties.size(); ++c) resolve_in(c, path);
  return out;
}

double get_region_parameter(const std::vector<Scenario>& counties, const RegionParameter& parameter) {
  const auto& [c, ref] = parameter.targets.front();
  return get_parameter(counties.at(c), ref);
}

void set_region_parameter(std::vector<Scenario>& counties, const RegionParameter& parameter, double value) {
  for (const auto& [c, ref] : parameter.targets) set_parameter(counties.at(c), ref, value);
}

std::vector<ParameterInfo> list_region_parameters(const Region& region) {
  std::vector<ParameterInfo> out;
  for (const Scenario& c : region.counties) {
    for (ParameterInfo info : list_parameters(c)) {
      info.path = std::string(prefix) + c.county.id() + "." + info.path;
      out.push_back(std::move(info));
    }
  }
  return out;
}

}  // namespace ygt
