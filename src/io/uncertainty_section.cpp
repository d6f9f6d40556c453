// The `uncertainty` section of a scenario: how many draws, the seed, and the
// distributions of named parameters.

#include <utility>

#include "io/sections.hpp"

namespace ygt::detail {
namespace json = boost::json;
namespace {

constexpr long long max_draws = 100'000'000;
constexpr long long max_seed = 1LL << 53;  // a whole number JSON readers keep exactly

/// The family named by `dist`, or nothing (reported).
std::optional<DistributionKind> read_kind(ObjectReader& obj, ProblemList& problems) {
  const auto name = obj.string("dist", Need::required);
  if (!name) return std::nullopt;
  const auto kind = parse_enum<DistributionKind>(*name);
  if (!kind) {
    std::vector<std::string> names;
    for (DistributionKind k : all_distribution_kinds) {
      if (k != DistributionKind::dirichlet) names.emplace_back(to_string(k));
    }
    std::string what = "unknown distribution \"" + *name + "\"";
    what = with_suggestion(std::move(what), *name, names);
    problems.add(obj.path_of("dist"), std::move(what),
                 "normal, lognormal, beta, gamma, uniform or triangular");
    return std::nullopt;
  }
  if (*kind == DistributionKind::dirichlet) {
    problems.add(obj.path_of("dist"), "a Dirichlet distribution sets several parameters together",
                 "it in uncertainty.dirichlet: {\"targets\": [PATH, ...], \"alpha\": [A, ...]}");
    return std::nullopt;
  }
  return kind;
}

/// A univariate distribution: `{"dist": "normal", "mean": 3, "sd": 0.3, "lower": 0}`.
std::optional<ProbabilityDistribution> read_distribution(const json::value& v, const std::string& path,
                                                         ProblemList& problems) {
  ObjectReader obj(v, path, problems);
  if (!obj.ok()) return std::nullopt;
  const std::optional<DistributionKind> kind = read_kind(obj, problems);
  if (!kind) {
    // Without a known family, no key can be judged: only the family is reported.
    for (DistributionKind k : all_distribution_kinds) {
      for (std::string_view n : parameter_names(k)) (void)obj.has(n);
    }
    (void)obj.has("lower");
    (void)obj.has("upper");
    return std::nullopt;
  }
  ProbabilityDistribution d;
  d.kind = *kind;
  bool complete = true;
  for (std::string_view n : parameter_names(*kind)) {
    const auto x = obj.number(n, Need::required);
    complete = complete && x.has_value();
    d.parameters.push_back(x.value_or(0.0));
  }
  for (auto [key, bound] : {std::pair{"lower", &d.lower}, std::pair{"upper", &d.upper}}) {
    *bound = obj.number(key);
    if (obj.has(key) && !*bound) complete = false;
  }
  if (!complete) return std::nullopt;
  return d;
}

}  // namespace

std::optional<UncertaintySpec> read_uncertainty(const json::value& v, const Scenario& scenario,
                                                ProblemList& problems) {
  ObjectReader obj(v, "uncertainty", problems);
  if (!obj.ok()) return std::nullopt;
  UncertaintySpec spec;
  spec.draws = static_cast<int>(obj.integer("draws", Need::optional, 1, max_draws).value_or(1000));
  spec.seed = static_cast<std::uint64_t>(obj.integer("seed", Need::optional, 0, max_seed).value_or(1));

  const ParameterIndex index(scenario);
  std::size_t entries = 0;  // distributions given, valid or not
  // Every target set so far, with the JSON path that set it.
  std::vector<std::pair<ParameterRef, std::string>> seen;
  const auto add = [&](UncertainParameter p, const std::string& path, const std::vector<std::string>& at) {
    const std::size_t before = problems.size();
    problems.append(check_uncertain_parameter(p), path);
    for (std::size_t i = 0; i < p.targets.size(); ++i) {
      for (const auto& [ref, where] : seen) {
        if (ref.same_value(p.targets[i])) {
          problems.add(at[i], p.targets[i].path() + " is already given a distribution at " + where,
                       "each parameter in one distribution");
          break;
        }
      }
      seen.emplace_back(p.targets[i], at[i]);
    }
    if (problems.size() == before) spec.parameters.push_back(std::move(p));
  };

  if (const json::value* ps =
          obj.get("parameters", Need::optional, "an object: parameter path -> distribution")) {
    ObjectReader params(*ps, obj.path_of("parameters"), problems);
    if (params.ok()) {
      for (const auto& member : ps->as_object()) {
        ++entries;
        const std::string key(member.key());
        const std::string path = params.path_of(key);
        (void)params.get(key);
        auto ref = index.find(key, path, problems);
        auto dist = read_distribution(member.value(), path, problems);
        if (ref && dist) {
          add({{*ref}, std::move(*dist)}, path, {path});
        } else if (dist) {
          problems.append(dist->check(), path);  // its own problems, whatever the path
        }
      }
    }
  }
  obj.for_each("dirichlet", Need::optional, [&](const json::value& e, const std::string& path) {
    ++entries;
    ObjectReader d(e, path, problems);
    if (!d.ok()) return;
    const auto targets = d.strings("targets", Need::required);
    const auto alpha = d.numbers("alpha", Need::required);
    if (!targets || !alpha) return;
    UncertainParameter p;
    p.dist = ProbabilityDistribution::dirichlet(*alpha);
    std::vector<std::string> at;
    bool resolved = true;
    for (std::size_t i = 0; i < targets->size(); ++i) {
      at.push_back(element_path(d.path_of("targets"), i));
      if (auto ref = index.find((*targets)[i], at.back(), problems)) {
        p.targets.push_back(std::move(*ref));
      } else {
        resolved = false;
      }
    }
    if (resolved) add(std::move(p), path, at);
  });
  if (entries == 0) {
    problems.add("uncertainty", "no uncertain parameter",
                 "at least one distribution in `parameters` or `dirichlet`");
  }
  return spec;
}

}  // namespace ygt::detail
