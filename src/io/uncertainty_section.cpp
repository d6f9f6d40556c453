// The `uncertainty` section of a scenario: how many draws, the seed, and the
// distributions of named parameters.

#include <charconv>
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
      if (!ProbabilityDistribution{k, {}}.joint()) names.emplace_back(to_string(k));
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
  if (*kind == DistributionKind::multivariate_normal) {
    problems.add(obj.path_of("dist"), "a multivariate normal sets several parameters together",
                 "it in uncertainty.multivariate_normal: {\"targets\": [PATH, ...], \"mean\": [M, ...], "
                 "\"covariance\": [[C, ...], ...]}");
    return std::nullopt;
  }
  return kind;
}

/// A univariate distribution: `{"dist": "normal", "mean": 3, "sd": 0.3, "lower": 0}`,
/// and in `*also` the paths tied to it (`"also": [PATH, ...]`).
std::optional<ProbabilityDistribution> read_distribution(const json::value& v, const std::string& path,
                                                         ProblemList& problems,
                                                         std::vector<std::string>* also) {
  ObjectReader obj(v, path, problems);
  if (!obj.ok()) return std::nullopt;
  if (auto tied = obj.strings("also")) *also = std::move(*tied);
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
    for (Problem problem : check_uncertain_parameter(p)) {
      // `targets[i]` is where target i was given: a joint entry's `targets[i]`,
      // or a tied one's key and then `also[i - 1]`.
      std::size_t i = 0;
      std::size_t end = 0;
      if (problem.path.starts_with("targets[") && (end = problem.path.find(']')) != std::string::npos &&
          std::from_chars(problem.path.data() + 8, problem.path.data() + end, i).ec == std::errc{} &&
          i < at.size()) {
        problem.path = at[i] + problem.path.substr(end + 1);
        problems.add(std::move(problem));
      } else {
        problems.append({std::move(problem)}, path);
      }
    }
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
        std::vector<std::string> also;
        auto dist = read_distribution(member.value(), path, problems, &also);
        std::vector<ParameterRef> targets;
        std::vector<std::string> at = {path};
        if (ref) targets.push_back(std::move(*ref));
        for (std::size_t i = 0; i < also.size(); ++i) {
          at.push_back(element_path(path + ".also", i));
          if (auto tied = index.find(also[i], at.back(), problems)) targets.push_back(std::move(*tied));
        }
        if (targets.size() == at.size() && dist) {
          add({std::move(targets), std::move(*dist)}, path, at);
        } else if (dist) {
          problems.append(dist->check(), path);  // its own problems, whatever the path
        }
      }
    }
  }
  // The targets of a joint distribution, resolved; added when all are.
  const auto add_joint = [&](ObjectReader& d, const std::vector<std::string>& targets, UncertainParameter p,
                             const std::string& path) {
    std::vector<std::string> at;
    bool resolved = true;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      at.push_back(element_path(d.path_of("targets"), i));
      if (auto ref = index.find(targets[i], at.back(), problems)) {
        p.targets.push_back(std::move(*ref));
      } else {
        resolved = false;
      }
    }
    if (resolved) add(std::move(p), path, at);
  };
  obj.for_each("dirichlet", Need::optional, [&](const json::value& e, const std::string& path) {
    ++entries;
    ObjectReader d(e, path, problems);
    if (!d.ok()) return;
    const auto targets = d.strings("targets", Need::required);
    const auto alpha = d.numbers("alpha", Need::required);
    if (!targets || !alpha) return;
    add_joint(d, *targets, {{}, ProbabilityDistribution::dirichlet(*alpha)}, path);
  });
  obj.for_each("multivariate_normal", Need::optional, [&](const json::value& e, const std::string& path) {
    ++entries;
    ObjectReader d(e, path, problems);
    if (!d.ok()) return;
    const auto targets = d.strings("targets", Need::required);
    const auto mean = d.numbers("mean", Need::required);
    std::vector<double> covariance;
    bool rows_ok = true;
    d.for_each("covariance", Need::required, [&](const json::value& row, const std::string& row_path) {
      if (!row.is_array()) {
        problems.add(row_path, "not an array", "a row of numbers, one per target");
        rows_ok = false;
        return;
      }
      if (mean && row.as_array().size() != mean->size()) {
        problems.add(row_path, std::to_string(row.as_array().size()) + " numbers",
                     std::to_string(mean->size()) + ", one per target");
        rows_ok = false;
      }
      for (std::size_t j = 0; j < row.as_array().size(); ++j) {
        const auto x = as_number(row.as_array()[j], element_path(row_path, j), problems);
        rows_ok = rows_ok && x.has_value();
        covariance.push_back(x.value_or(0.0));
      }
    });
    if (!targets || !mean || !rows_ok) return;
    if (covariance.size() != mean->size() * mean->size()) {
      problems.add(d.path_of("covariance"),
                   std::to_string(covariance.size() / std::max<std::size_t>(mean->size(), 1)) + " rows",
                   std::to_string(mean->size()) + ", one per target");
      return;
    }
    add_joint(d, *targets, {{}, ProbabilityDistribution::multivariate_normal(*mean, covariance)}, path);
  });
  if (entries == 0) {
    problems.add("uncertainty", "no uncertain parameter",
                 "at least one distribution in `parameters`, `dirichlet` or `multivariate_normal`");
  }
  return spec;
}

}  // namespace ygt::detail
