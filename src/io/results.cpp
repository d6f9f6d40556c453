#include "yigongti/io/results.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/text.hpp"
#include "yigongti/study/parameters.hpp"
#include "yigongti/study/region_parameters.hpp"
#include "yigongti/version.hpp"

namespace ygt {
namespace {

/// The metadata every result starts with.
ResultSet started(const Scenario* scenario) {
  ResultSet r;
  if (scenario != nullptr) r.meta.emplace_back("scenario", scenario->name);
  r.meta.emplace_back("yigongti_version", std::string(version_string));
  if (scenario != nullptr) r.meta.emplace_back("inputs_checksum", scenario->checksum);
  return r;
}

/// The ids of a region's counties, in order.
std::vector<std::string> county_ids(const Region& region) {
  std::vector<std::string> ids;
  for (const Scenario& c : region.counties) ids.push_back(c.county.id());
  return ids;
}

/// The metadata every result of a region starts with.
ResultSet started(const Region& region) {
  ResultSet r;
  r.meta.emplace_back("scenario", region.name);
  r.meta.emplace_back("yigongti_version", std::string(version_string));
  r.meta.emplace_back("inputs_checksum", region.checksum);
  r.meta.emplace_back("region", region.id);
  r.meta.emplace_back("counties", county_ids(region));
  return r;
}

std::string setting_name(Tier t) {
  return std::string(to_string(t));
}

/// An amount of yuan written to the fen.
Cell money_cell(double yuan) {
  return value_cell(yuan, ValueKind::money);
}

/// The measures of every cell of `f`, one row per township, line and setting,
/// each row starting with `lead`.
void add_cells(Table& t, const FlowTable& f, const std::vector<Cell>& lead) {
  if (f.detail != FlowDetail::cells) return;
  for (std::size_t tw = 0; tw < f.townships.size(); ++tw) {
    for (std::size_t l = 0; l < f.lines.size(); ++l) {
      const Eigen::Index row = f.row(tw, l);
      for (std::size_t k = 0; k < f.settings.size(); ++k) {
        const auto c = static_cast<Eigen::Index>(k);
        std::vector<Cell> cells = lead;
        for (Cell x : {Cell(f.townships[tw]), Cell(f.lines[l]), Cell(setting_name(f.settings[k])),
                       Cell(f.first_contacts(row, c)), Cell(f.encounters(row, c)),
                       Cell(f.referrals_up(row, c)), Cell(f.referrals_down(row, c)), Cell(f.spill(row, c)),
                       money_cell(f.cost(row, c)), money_cell(f.fund(row, c)), money_cell(f.oop(row, c))}) {
          cells.push_back(std::move(x));
        }
        t.add(std::move(cells));
      }
    }
  }
}

const std::vector<std::string> cell_measures = {
    "township",       "line",  "setting", "first_contacts", "encounters", "referrals_up",
    "referrals_down", "spill", "cost",    "fund",           "oop"};

std::vector<std::string> with(std::vector<std::string> lead, const std::vector<std::string>& rest) {
  lead.insert(lead.end(), rest.begin(), rest.end());
  return lead;
}

/// A standard error that could not be computed is an empty cell.
Cell maybe(double x) {
  if (std::isnan(x)) return std::string();
  return x;
}

}  // namespace

ResultSet flows_result(const Scenario& scenario, const FlowTable& f, int year) {
  if (f.detail != FlowDetail::cells)
    throw std::invalid_argument(
        "flows_result: the flow table holds totals only (compute it with FlowDetail::cells)");
  ResultSet r = started(&scenario);
  r.meta.emplace_back("year", std::int64_t{year});
  Table settings{"settings",
                 {"year", "setting", "first_contacts", "encounters", "referrals_up", "referrals_down",
                  "spill", "cost", "fund", "oop"},
                 {}};
  for (std::size_t k = 0; k < f.settings.size(); ++k) {
    const auto c = static_cast<Eigen::Index>(k);
    settings.add({std::int64_t{year}, setting_name(f.settings[k]), f.first_contacts.col(c).sum(),
                  f.encounters.col(c).sum(), f.referrals_up.col(c).sum(), f.referrals_down.col(c).sum(),
                  f.spill.col(c).sum(), f.setting_cost[k], f.setting_fund[k], f.setting_oop[k]});
  }
  Table indicators{"indicators", {"year", "indicator", "name_zh", "value", "unit"}, {}};
  const auto catalog = indicator_catalog();
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (catalog[i].source != IndicatorSource::flows) continue;
    indicators.add({std::int64_t{year}, std::string(catalog[i].id), std::string(catalog[i].name_zh),
                    indicator_cell(static_cast<Indicator>(i), f.indicators(static_cast<Eigen::Index>(i))),
                    std::string(catalog[i].unit)});
  }
  Table cells{"cells", with({"year"}, cell_measures), {}};
  add_cells(cells, f, {std::int64_t{year}});
  r.tables = {std::move(settings), std::move(indicators), std::move(cells)};
  return r;
}

ResultSet projection_result(const Scenario& scenario, const ProjectionResult& p) {
  ResultSet r = started(&scenario);
  r.meta.emplace_back("first_year", std::int64_t{p.first_year});
  r.meta.emplace_back("last_year", std::int64_t{p.last_year});
  r.meta.emplace_back("constant_population", p.constant_population);
  Table indicators{"indicators", {"year", "variant"}, {}};
  for (const auto& info : indicator_catalog()) indicators.columns.emplace_back(info.id);
  for (const auto& v : p.variants) {
    for (int y = p.first_year; y <= p.last_year; ++y) {
      std::vector<Cell> row = {std::int64_t{y}, v.id};
      for (Eigen::Index i = 0; i < v.indicators.cols(); ++i)
        row.push_back(indicator_cell(static_cast<Indicator>(i), v.indicators(y - p.first_year, i)));
      indicators.add(std::move(row));
    }
  }
  Table flows{"flows", with({"year", "variant"}, cell_measures), {}};
  for (const auto& v : p.variants) {
    for (std::size_t y = 0; y < v.flows.size(); ++y)
      add_cells(flows, v.flows[y], {std::int64_t{p.first_year + static_cast<int>(y)}, v.id});
  }
  Table ledger{"ledger", {"year", "quarter", "variant", "from", "to", "kind", "amount"}, {}};
  for (const auto& v : p.variants) {
    for (const Transfer& tr : v.ledger.transfers()) {
      ledger.add({std::int64_t{tr.year}, std::int64_t{tr.quarter}, v.id, tr.from, tr.to,
                  std::string(to_string(tr.kind)), tr.amount});
    }
  }
  // One row per provider group (purse and tier) and line, then the
  // residents' average over purses ("county").
  Table behaviour{"behaviour",
                  {"year", "variant", "purse", "tier", "line", "volume_share", "intensity_share",
                   "purse_volume_share", "outside_share"},
                  {}};
  for (const Response resp : names_of(Response{}).values()) behaviour.columns.emplace_back(to_string(resp));
  for (const auto& v : p.variants) {
    for (std::size_t y = 0; y < v.behaviour.size(); ++y) {
      const BehaviourYear& b = v.behaviour[y];
      const auto lines = b.shares.volume.cols();
      for (std::size_t q = 0; q <= v.purses.size(); ++q) {  // each purse, then the county
        const bool county = q == v.purses.size();
        for (const Tier tier : v.group_tiers) {
          const auto t = static_cast<Eigen::Index>(index(tier));
          for (Eigen::Index l = 0; l < lines; ++l) {
            const auto value = [&](const Eigen::MatrixXd& m) {
              if (!county) return m(group_of(q, tier), l);
              double sum = 0.0;
              for (std::size_t u = 0; u < v.purses.size(); ++u)
                sum += v.purse_weights(static_cast<Eigen::Index>(u)) * m(group_of(u, tier), l);
              return sum;
            };
            std::vector<Cell> row = {std::int64_t{p.first_year + static_cast<int>(y)},
                                     v.id,
                                     county ? std::string("county") : v.purses[q],
                                     std::string(to_string(tier)),
                                     scenario.flows->lines[static_cast<std::size_t>(l)].id,
                                     value(b.shares.volume),
                                     value(b.shares.intensity),
                                     value(b.shares.purse_volume),
                                     value(b.shares.outside)};
            for (std::size_t r2 = 0; r2 < response_count; ++r2)
              row.emplace_back(county ? b.county[r2](t, l) : b.levels[r2](group_of(q, tier), l));
            behaviour.add(std::move(row));
          }
        }
      }
    }
  }
  r.tables = {std::move(indicators), std::move(flows), std::move(ledger), std::move(behaviour)};
  return r;
}

namespace {

/// A region's result: the metadata, then each table of the counties' results
/// with a first column `county`, and `region_indicators` (rows of the
/// counties' `indicators` table) under the region's id.
ResultSet region_result(const Region& region, const std::vector<ResultSet>& units,
                        const std::vector<std::string>& ids,
                        const std::vector<std::vector<Cell>>& region_indicators = {}) {
  ResultSet r = started(region);
  for (std::size_t t = 0; t < units.front().tables.size(); ++t) {
    const Table& first = units.front().tables[t];
    Table out{first.name, with({"county"}, first.columns), {}};
    for (std::size_t c = 0; c < units.size(); ++c) {
      for (const auto& row : units[c].tables[t].rows) {
        std::vector<Cell> cells = {Cell(ids[c])};
        cells.insert(cells.end(), row.begin(), row.end());
        out.add(std::move(cells));
      }
    }
    if (first.name == "indicators") {
      for (const auto& row : region_indicators) {
        std::vector<Cell> cells = {Cell(region.id)};
        cells.insert(cells.end(), row.begin(), row.end());
        out.add(std::move(cells));
      }
    }
    r.tables.push_back(std::move(out));
  }
  return r;
}

}  // namespace

ResultSet region_flows_result(const Region& region, const std::vector<FlowTable>& tables, int year) {
  if (tables.size() != region.counties.size() || tables.empty())
    throw std::invalid_argument("region_flows_result: one flow table per county of the region");
  std::vector<ResultSet> counties;
  std::vector<Eigen::MatrixXd> values, weights;
  for (std::size_t c = 0; c < tables.size(); ++c) {
    counties.push_back(flows_result(region.counties[c], tables[c], year));
    values.emplace_back(tables[c].indicators.transpose());
    weights.emplace_back(tables[c].weights.transpose());
  }
  std::vector<const Eigen::MatrixXd*> v, w;
  for (std::size_t c = 0; c < tables.size(); ++c) {
    v.push_back(&values[c]);
    w.push_back(&weights[c]);
  }
  const Eigen::MatrixXd combined = combine_indicators(v, w);
  std::vector<std::vector<Cell>> rows;
  const auto catalog = indicator_catalog();
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (catalog[i].source != IndicatorSource::flows) continue;
    rows.push_back({std::int64_t{year}, std::string(catalog[i].id), std::string(catalog[i].name_zh),
                    indicator_cell(static_cast<Indicator>(i), combined(0, static_cast<Eigen::Index>(i))),
                    std::string(catalog[i].unit)});
  }
  ResultSet r = region_result(region, counties, county_ids(region), rows);
  r.meta.emplace_back("year", std::int64_t{year});
  return r;
}

ResultSet region_projection_result(const Region& region, const RegionProjection& p) {
  if (p.counties.size() != region.counties.size() || p.counties.empty())
    throw std::invalid_argument("region_projection_result: one projection per county of the region");
  std::vector<ResultSet> counties;
  for (std::size_t c = 0; c < p.counties.size(); ++c)
    counties.push_back(projection_result(region.counties[c], p.counties[c]));
  std::vector<std::vector<Cell>> rows;
  for (std::size_t v = 0; v < p.variants.size(); ++v) {
    for (int y = p.first_year; y <= p.last_year; ++y) {
      std::vector<Cell> row = {std::int64_t{y}, p.variants[v]};
      for (Eigen::Index i = 0; i < p.region[v].cols(); ++i)
        row.push_back(indicator_cell(static_cast<Indicator>(i), p.region[v](y - p.first_year, i)));
      rows.push_back(std::move(row));
    }
  }
  ResultSet r = region_result(region, counties, county_ids(region), rows);
  r.meta.emplace_back("first_year", std::int64_t{p.first_year});
  r.meta.emplace_back("last_year", std::int64_t{p.last_year});
  return r;
}

ResultSet settlement_result(const SettlementFile& file, const std::vector<SchemeSettlement>& results) {
  ResultSet r = started(nullptr);
  r.meta.emplace_back("name", file.name);
  r.meta.emplace_back("year", std::int64_t{file.actuals.year});
  r.meta.emplace_back("scenario", file.scenario.origin);
  r.meta.emplace_back("inputs_checksum", file.scenario.checksum);
  Table figures{"figures", {"year", "scheme", "kind", "figure", "value"}, {}};
  Table ledger{"ledger", {"year", "quarter", "scheme", "from", "to", "kind", "amount"}, {}};
  for (const SchemeSettlement& s : results) {
    for (const SettlementFigure& f : s.figures) {
      std::vector<Cell> row = {std::int64_t{file.actuals.year}, s.scheme_id, std::string(to_string(s.kind)),
                               f.name};
      std::visit([&](const auto& v) { row.emplace_back(v); }, f.value);
      figures.add(std::move(row));
    }
    for (const Transfer& t : s.ledger.transfers()) {
      ledger.add({std::int64_t{t.year}, std::int64_t{t.quarter}, s.scheme_id, t.from, t.to,
                  std::string(to_string(t.kind)), t.amount});
    }
  }
  r.tables = {std::move(figures), std::move(ledger)};
  return r;
}

namespace {

/// The columns draws, mean, sd and the percentiles of one cell's summary,
/// each in the indicator's kind.
void add_statistics(std::vector<Cell>& row, Indicator indicator, const Summary& s) {
  row.emplace_back(static_cast<std::int64_t>(s.moments().count()));
  row.push_back(indicator_cell(indicator, s.moments().mean()));
  row.push_back(indicator_cell(indicator, s.moments().sd()));
  for (double q : summary_probabilities) row.push_back(indicator_cell(indicator, s.quantile(q)));
}

/// Each compared variant less the baseline, within the draws: table `effects`.
Table effects_table(const std::vector<CountyEnsemble>& results) {
  Table t{"effects",
          {"county", "variant", "baseline", "year", "indicator", "draws", "mean", "sd", "p2_5", "p50",
           "p97_5", "p_positive"},
          {}};
  for (const CountyEnsemble& c : results) {
    const EnsembleLayout& layout = c.layout;
    for (std::size_t e = 0; e < layout.effects(); ++e) {
      for (int y = layout.first_year; y <= layout.last_year; ++y) {
        for (std::size_t i = 0; i < indicator_count; ++i) {
          std::vector<Cell> row = {c.county_id, layout.variants[layout.effect_variant(e)],
                                   layout.variants[*layout.baseline], std::int64_t{y},
                                   std::string(indicator_catalog()[i].id)};
          add_statistics(row, static_cast<Indicator>(i),
                         c.summary[layout.effect_cell(e, y, Indicator{}) + i]);
          row.emplace_back(c.summary[layout.positive_cell(e, y, Indicator{}) + i].moments().mean());
          t.add(std::move(row));
        }
      }
    }
  }
  return t;
}

}  // namespace

ResultSet ensemble_result(const std::vector<const Scenario*>& scenarios,
                          const std::vector<std::uint64_t>& seeds, const std::vector<CountyEnsemble>& results,
                          std::uint64_t draws) {
  ResultSet r = started(nullptr);
  r.meta.emplace_back("draws", draws);
  r.meta.emplace_back("percentile_method", percentile_method(results));
  Table counties{"counties", {"county", "scenario", "file", "seed", "inputs_checksum"}, {}};
  for (std::size_t c = 0; c < scenarios.size(); ++c) {
    counties.add({scenarios[c]->county.id(), scenarios[c]->name, scenarios[c]->origin,
                  static_cast<std::int64_t>(seeds[c]), scenarios[c]->checksum});
  }
  Table summary{"summary",
                {"county", "variant", "year", "indicator", "draws", "mean", "sd", "p2_5", "p50", "p97_5"},
                {}};
  for (const CountyEnsemble& c : results) {
    const EnsembleLayout& layout = c.layout;
    for (std::size_t v = 0; v < layout.variants.size(); ++v) {
      for (int y = layout.first_year; y <= layout.last_year; ++y) {
        for (std::size_t i = 0; i < indicator_count; ++i) {
          std::vector<Cell> row = {c.county_id, layout.variants[v], std::int64_t{y},
                                   std::string(indicator_catalog()[i].id)};
          add_statistics(row, static_cast<Indicator>(i), c.summary[layout.cell(v, y, Indicator{}) + i]);
          summary.add(std::move(row));
        }
      }
    }
  }
  r.json_tables = {std::move(counties)};
  r.tables = {std::move(summary)};
  if (!results.empty() && results.front().layout.baseline) r.tables.push_back(effects_table(results));
  return r;
}

DrawsCsvWriter::DrawsCsvWriter(std::ostream& out, std::vector<CountyEnsemble> layouts, DrawnParameters drawn)
    : out_(out), layouts_(std::move(layouts)), drawn_(std::move(drawn)) {
  if (!drawn_.columns.empty() && !drawn_.values)
    throw std::invalid_argument("DrawsCsvWriter: parameter columns without their values");
  out_ << "county,variant,draw,year";
  for (const auto& info : indicator_catalog()) out_ << ',' << info.id;
  for (const std::string& c : drawn_.columns) out_ << ',' << csv_field(c);
  out_ << '\n';
}

void DrawsCsvWriter::operator()(std::size_t county, std::uint64_t draw, std::span<const double> values) {
  const EnsembleLayout& layout = layouts_[county].layout;
  std::string parameters;  // the same on every row of the draw
  if (!drawn_.columns.empty()) {
    parameter_values_.assign(drawn_.columns.size(), std::numeric_limits<double>::quiet_NaN());
    drawn_.values(county, draw, parameter_values_);
    for (double x : parameter_values_) {
      parameters += ',';
      if (std::isfinite(x)) parameters += detail::number_text(x);
    }
  }
  for (std::size_t v = 0; v < layout.variants.size(); ++v) {
    for (int y = layout.first_year; y <= layout.last_year; ++y) {
      out_ << csv_field(layouts_[county].county_id) << ',' << csv_field(layout.variants[v]) << ',' << draw
           << ',' << y;
      const std::size_t base = layout.cell(v, y, Indicator{});
      for (std::size_t i = 0; i < indicator_count; ++i)
        out_ << ',' << cell_text(indicator_cell(static_cast<Indicator>(i), values[base + i]));
      out_ << parameters << '\n';
    }
  }
}

ResultSet sweep_result(const Scenario& scenario, const SweepResult& s,
                       const std::vector<Indicator>& indicators) {
  ResultSet r = started(&scenario);
  r.meta.emplace_back("parameters", s.parameters);
  r.meta.emplace_back("points", static_cast<std::uint64_t>(s.point_count()));
  Table t{"sweep", {"point"}, {}};
  for (const auto& p : s.parameters) t.columns.push_back(p);
  t.columns.emplace_back("variant");
  t.columns.emplace_back("year");
  for (Indicator i : indicators) t.columns.emplace_back(indicator_catalog()[index(i)].id);
  for (std::size_t p = 0; p < s.point_count(); ++p) {
    for (std::size_t v = 0; v < s.variants.size(); ++v) {
      for (std::size_t y = 0; y < s.years.size(); ++y) {
        std::vector<Cell> row = {static_cast<std::int64_t>(p)};
        for (Eigen::Index a = 0; a < s.points.cols(); ++a)
          row.emplace_back(s.points(static_cast<Eigen::Index>(p), a));
        row.emplace_back(s.variants[v]);
        row.emplace_back(std::int64_t{s.years[y]});
        for (Indicator i : indicators) row.push_back(indicator_cell(i, s.value(p, v, y, i)));
        t.add(std::move(row));
      }
    }
  }
  r.tables = {std::move(t)};
  return r;
}

ResultSet tornado_result(const Scenario& scenario, const OneAtATimeResult& s,
                         const std::vector<Indicator>& indicators) {
  ResultSet r = started(&scenario);
  r.meta.emplace_back("parameters", s.parameters);
  r.meta.emplace_back("sources", s.sources);
  Table t{"tornado",
          {"variant", "year", "indicator", "rank", "parameter", "base", "low", "high", "at_base", "at_low",
           "at_high", "swing"},
          {}};
  std::int64_t rank = 0;
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    const TornadoRow& x = s.rows[i];
    const bool first = i == 0 || s.rows[i - 1].indicator != x.indicator || s.rows[i - 1].year != x.year ||
                       s.rows[i - 1].variant != x.variant;
    rank = first ? 1 : rank + 1;
    if (std::find(indicators.begin(), indicators.end(), x.indicator) == indicators.end()) continue;
    t.add({x.variant, std::int64_t{x.year}, std::string(indicator_catalog()[index(x.indicator)].id), rank,
           x.parameter, x.base, x.low, x.high, x.at_base, x.at_low, x.at_high, x.swing});
  }
  r.tables = {std::move(t)};
  return r;
}

ResultSet region_sweep_result(const Region& region, const RegionSweepResult& s,
                              const std::vector<Indicator>& indicators) {
  if (s.sweeps.size() != region.counties.size() + 1)
    throw std::invalid_argument("region_sweep_result: one sweep per county of the region, then the region's");
  std::vector<ResultSet> units;
  for (std::size_t u = 0; u < s.sweeps.size(); ++u) {
    units.push_back(sweep_result(u < region.counties.size() ? region.counties[u] : region.counties.front(),
                                 s.sweeps[u], indicators));
  }
  ResultSet r = region_result(region, units, s.units);
  r.meta.emplace_back("parameters", s.sweeps.front().parameters);
  r.meta.emplace_back("points", static_cast<std::uint64_t>(s.sweeps.front().point_count()));
  return r;
}

namespace {

/// The metadata and tables of a calibration, after `r`'s first metadata;
/// `targets` with a first column `county` when `county_column`.
void add_calibration(ResultSet& r, const CalibrationResult& c, const std::filesystem::path& calibrated_file,
                     bool county_column) {
  r.meta.emplace_back("status", c.status);
  r.meta.emplace_back("converged", c.converged);
  r.meta.emplace_back("evaluations", static_cast<std::uint64_t>(c.evaluations));
  r.meta.emplace_back("iterations", static_cast<std::uint64_t>(c.iterations));
  r.meta.emplace_back("weighted_ssr", c.weighted_ssr);
  r.meta.emplace_back("start_weighted_ssr", c.start_ssr);
  r.meta.emplace_back("calibrated_scenario", calibrated_file.string());
  Table parameters{
      "parameters", {"parameter", "start", "value", "standard_error", "lower", "upper", "at_bound"}, {}};
  for (const FittedParameter& p : c.parameters) {
    parameters.add({p.path, p.start, p.value, maybe(p.standard_error), p.lower, p.upper,
                    std::string(p.at_bound ? "yes" : "no")});
  }
  // A level has empty `from_year` and `from_variant`; a county-wide target an empty `line`.
  // A total over years has its `first_year`; a year's value an empty one.
  std::vector<std::string> columns = {"year",   "first_year", "variant",      "indicator",
                                      "line",   "from_year",  "from_variant", "observed",
                                      "weight", "fitted",     "residual"};
  if (county_column) columns.insert(columns.begin(), "county");
  Table targets{"targets", std::move(columns), {}};
  for (const TargetFit& f : c.targets) {
    const CalibrationTarget& t = f.target;
    const Cell from_year = t.from_year ? Cell{std::int64_t{*t.from_year}} : Cell{std::string()};
    const std::string from_variant = t.from_year && t.from_variant.empty() ? t.variant : t.from_variant;
    // A level (or a total over years) is in the indicator's unit; a change is a relative one.
    const auto level = [&](double x) { return t.from_year ? Cell{x} : indicator_cell(t.indicator, x); };
    std::vector<Cell> row = {std::int64_t{t.year},
                             t.first_year ? Cell{std::int64_t{*t.first_year}} : Cell{std::string()},
                             t.variant,
                             std::string(indicator_catalog()[index(t.indicator)].id),
                             t.line,
                             from_year,
                             from_variant,
                             level(t.observed),
                             t.weight,
                             level(f.fitted),
                             level(f.residual)};
    if (county_column) row.insert(row.begin(), Cell(t.county));
    targets.add(std::move(row));
  }
  r.tables = {std::move(parameters), std::move(targets)};
}

}  // namespace

ResultSet calibration_result(const Scenario& scenario, const CalibrationResult& c,
                             const std::filesystem::path& calibrated_file) {
  ResultSet r = started(&scenario);
  add_calibration(r, c, calibrated_file, false);
  return r;
}

ResultSet region_calibration_result(const Region& region, const CalibrationResult& c,
                                    const std::filesystem::path& calibrated_file) {
  ResultSet r = started(region);
  CalibrationResult named = c;
  for (TargetFit& f : named.targets) {
    if (f.target.county.empty()) f.target.county = region.id;
  }
  add_calibration(r, named, calibrated_file, true);
  return r;
}

namespace {

Table parameters_table(const std::vector<ParameterInfo>& list) {
  Table t{"parameters", {"path", "value", "range", "unit", "shorthand"}, {}};
  for (const ParameterInfo& p : list) {
    t.add(
        {p.path, p.value, p.range.describe(), std::string(p.unit), std::string(p.shorthand ? "yes" : "no")});
  }
  return t;
}

}  // namespace

ResultSet parameters_result(const Scenario& scenario) {
  ResultSet r = started(&scenario);
  r.tables = {parameters_table(list_parameters(scenario))};
  return r;
}

ResultSet region_parameters_result(const Region& region) {
  ResultSet r = region_result(region, {ResultSet{}}, {});
  r.tables = {parameters_table(list_region_parameters(region))};
  return r;
}

}  // namespace ygt
