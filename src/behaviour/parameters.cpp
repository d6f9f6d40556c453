#include "yigongti/behaviour/parameters.hpp"

#include <cmath>

#include "core/text.hpp"

namespace ygt {
namespace {

bool finite_in(double x, double lo, double hi) {
  return std::isfinite(x) && x >= lo && x <= hi;
}

void check_elasticities(const Elasticities& e, const std::string& path, ProblemList& problems) {
  for (std::size_t r = 0; r < response_count; ++r) {
    if (!finite_in(e[r], 0.0, max_elasticity)) {
      problems.add(path + "." + std::string(to_string(static_cast<Response>(r))),
                   "elasticity " + detail::number_text(e[r]),
                   "a number from 0 to " + detail::number_text(max_elasticity));
    }
  }
}

/// How severe, as a rank to compare lines by.
int rank(Severity s) {
  return static_cast<int>(s);
}

}  // namespace

const Elasticities& BehaviourParameters::elasticities_of(std::string_view alliance) const noexcept {
  for (const AllianceBehaviour& a : alliances) {
    if (a.alliance == alliance) return a.elasticities;
  }
  return elasticities;
}

Elasticities default_elasticities() noexcept {
  Elasticities e{};
  e[index(Response::discretionary)] = 3.0;
  e[index(Response::keep_in_county)] = 17.7;
  e[index(Response::send_down)] = 3.31;
  e[index(Response::intensity)] = 0.165;
  e[index(Response::cost_shifting)] = 0.0552;
  return e;
}

LineBehaviour default_line_behaviour(const FlowParameters& flows, std::size_t line) {
  const ServiceLine& l = flows.lines[line];
  LineBehaviour b;
  if (l.care == CareType::outpatient) {
    b.compressible = 0.2;
    b.outpatient_line = line;
    return b;
  }
  constexpr double by_severity[] = {0.4, 0.25, 0.1, 0.05};
  b.discretionary = by_severity[rank(l.severity)];
  b.compressible = 0.3;
  // The outpatient line of the same severity, else the nearest less severe, else the first.
  std::optional<std::size_t> best;
  int best_gap = 1000;
  for (std::size_t i = 0; i < flows.lines.size(); ++i) {
    const ServiceLine& o = flows.lines[i];
    if (o.care != CareType::outpatient) continue;
    const int gap = rank(l.severity) - rank(o.severity);
    const int score = gap >= 0 ? gap : 100 - gap;  // less severe before more severe
    if (!best || score < best_gap) {
      best = i;
      best_gap = score;
    }
  }
  b.outpatient_line = best.value_or(line);  // no outpatient line: admissions cannot move
  if (!best) b.discretionary = 0.0;
  return b;
}

BehaviourParameters default_behaviour(const FlowParameters& flows) {
  BehaviourParameters p;
  p.enabled = true;
  p.elasticities = default_elasticities();
  for (std::size_t l = 0; l < flows.lines.size(); ++l) p.lines.push_back(default_line_behaviour(flows, l));
  return p;
}

std::vector<Problem> check_behaviour(const BehaviourParameters& params, const FlowParameters& flows,
                                     const County& county) {
  ProblemList problems;
  if (!finite_in(params.ffs_margin, 0.0, 1.0)) {
    problems.add("ffs_margin", "margin " + detail::number_text(params.ffs_margin), "a share in [0, 1]");
  }
  if (!std::isfinite(params.adjustment) || !(params.adjustment > 0.0) || params.adjustment > 1.0) {
    problems.add("adjustment", "speed " + detail::number_text(params.adjustment),
                 "a share of the gap closed each year in (0, 1]");
  }
  if (!finite_in(params.keep_referral_share, 0.0, 1.0)) {
    problems.add("keep_referral_share", "share " + detail::number_text(params.keep_referral_share),
                 "a share in [0, 1]");
  }
  check_elasticities(params.elasticities, "elasticities", problems);
  if (params.lines.size() != flows.lines.size()) {
    problems.add("lines",
                 std::to_string(params.lines.size()) + " lines for " + std::to_string(flows.lines.size()),
                 "one entry per service line of the scenario");
    return problems.problems();
  }
  for (std::size_t l = 0; l < params.lines.size(); ++l) {
    const LineBehaviour& b = params.lines[l];
    const ServiceLine& line = flows.lines[l];
    const std::string path = "lines." + line.id;
    if (!finite_in(b.discretionary, 0.0, 1.0)) {
      problems.add(path + ".discretionary", "share " + detail::number_text(b.discretionary),
                   "a share in [0, 1]");
    } else if (b.discretionary > 0.0 && line.care != CareType::inpatient) {
      problems.add(path + ".discretionary", "an outpatient line has no admissions to avoid",
                   "0 for an outpatient line, or no `discretionary`");
    }
    if (!finite_in(b.compressible, 0.0, 1.0)) {
      problems.add(path + ".compressible", "share " + detail::number_text(b.compressible),
                   "a share in [0, 1]");
    }
    if (line.care == CareType::inpatient && b.discretionary > 0.0 &&
        (b.outpatient_line >= flows.lines.size() ||
         flows.lines[b.outpatient_line].care != CareType::outpatient)) {
      problems.add(path + ".outpatient_line", "no outpatient line for the avoided admissions",
                   "the id of an outpatient line of the scenario");
    }
  }
  for (std::size_t i = 0; i < params.alliances.size(); ++i) {
    const AllianceBehaviour& a = params.alliances[i];
    if (county.find_alliance(a.alliance) == nullptr) {
      std::vector<std::string> ids;
      for (const Alliance& x : county.alliances()) ids.push_back(x.id());
      problems.add("alliances." + a.alliance,
                   detail::with_suggestion("unknown alliance " + detail::quoted(a.alliance), a.alliance, ids),
                   "an alliance id of the county");
    }
    check_elasticities(a.elasticities, "alliances." + a.alliance + ".elasticities", problems);
  }
  return problems.problems();
}

}  // namespace ygt
