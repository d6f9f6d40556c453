#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/version.hpp"

namespace ygt::cli {
namespace po = boost::program_options;

namespace {

/// The indicators shown side by side, variant by variant, in the readable table.
constexpr Indicator key_indicators[] = {Indicator::county_visit_rate, Indicator::primary_visit_share,
                                        Indicator::hospitalization_rate, Indicator::fund_spending,
                                        Indicator::alliance_retained};

detail::Table indicators_table(const ProjectionResult& r) {
  detail::Table t{"indicators", {"year", "variant"}, {}};
  for (const auto& info : indicator_catalog()) t.columns.emplace_back(info.id);
  for (const auto& v : r.variants) {
    for (int y = r.first_year; y <= r.last_year; ++y) {
      std::vector<detail::Cell> row = {std::int64_t{y}, v.id};
      for (Eigen::Index i = 0; i < v.indicators.cols(); ++i)
        row.emplace_back(v.indicators(y - r.first_year, i));
      t.add(std::move(row));
    }
  }
  return t;
}

detail::Table side_by_side(const ProjectionResult& r) {
  detail::Table t{"key_indicators", {"year"}, {}};
  for (const auto& v : r.variants) {
    for (Indicator i : key_indicators)
      t.columns.push_back(v.id + ":" + std::string(indicator_catalog()[index(i)].id));
  }
  for (int y = r.first_year; y <= r.last_year; ++y) {
    std::vector<detail::Cell> row = {std::int64_t{y}};
    for (std::size_t v = 0; v < r.variants.size(); ++v) {
      for (Indicator i : key_indicators) row.emplace_back(r.value(v, y, i));
    }
    t.add(std::move(row));
  }
  return t;
}

detail::Table flows_table(const ProjectionResult& r) {
  detail::Table t{"flows",
                  {"year", "variant", "township", "line", "setting", "first_contacts", "encounters",
                   "referrals_up", "referrals_down", "spill", "cost", "fund", "oop"},
                  {}};
  for (const auto& v : r.variants) {
    for (std::size_t y = 0; y < v.flows.size(); ++y) {
      const FlowTable& f = v.flows[y];
      for (std::size_t tw = 0; tw < f.townships.size(); ++tw) {
        for (std::size_t l = 0; l < f.lines.size(); ++l) {
          const Eigen::Index row = f.row(tw, l);
          for (std::size_t k = 0; k < f.settings.size(); ++k) {
            const auto c = static_cast<Eigen::Index>(k);
            t.add({std::int64_t{r.first_year + static_cast<int>(y)}, v.id, f.townships[tw], f.lines[l],
                   std::string(to_string(f.settings[k])), f.first_contacts(row, c), f.encounters(row, c),
                   f.referrals_up(row, c), f.referrals_down(row, c), f.spill(row, c), f.cost(row, c),
                   f.fund(row, c), f.oop(row, c)});
          }
        }
      }
    }
  }
  return t;
}

detail::Table ledger_table(const ProjectionResult& r) {
  detail::Table t{"ledger", {"year", "quarter", "variant", "from", "to", "kind", "amount"}, {}};
  for (const auto& v : r.variants) {
    for (const Transfer& tr : v.ledger.transfers()) {
      t.add({std::int64_t{tr.year}, std::int64_t{tr.quarter}, v.id, tr.from, tr.to,
             std::string(to_string(tr.kind)), tr.amount});
    }
  }
  return t;
}

}  // namespace

int run_project(const std::vector<std::string>& args, Io io) {
  po::options_description visible(
      "usage: ygt project FILE [--out DIR] [--format table|csv|json] [--variant NAME]\n\n"
      "Projects the scenario over its years for every variant: population, flows, money,\n"
      "settlement and reinvestment year by year (docs/model.md). Without --out, prints the key\n"
      "indicators by year, variants side by side; with --out, writes indicators.csv, flows.csv,\n"
      "ledger.csv and result.json into DIR, all or nothing.\n\noptions");
  std::string format_text = "table";
  std::string out_dir;
  std::string variant;
  visible.add_options()("help,h", "show this help")("out", po::value(&out_dir)->value_name("DIR"),
                                                    "write the result files into DIR")(
      "format", po::value(&format_text)->value_name("FORMAT"),
      "without --out: table (default), csv (all indicators) or json (the whole result)")(
      "variant", po::value(&variant)->value_name("NAME"), "run only this variant");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const std::vector<std::string>& files = *parsed;
  if (files.size() != 1) {
    io.err << "ygt project: give exactly one scenario file (usage: ygt project FILE)\n";
    return exit_bad_input;
  }
  const detail::Format format = parse_format(format_text);
  const Scenario sc = load_scenario(files[0]);
  ProjectionOptions options;
  options.keep_flows = !out_dir.empty() || format == detail::Format::json;
  if (vm.count("variant") != 0) options.variant = variant;
  const ProjectionResult r = project(sc, options);

  boost::json::object meta;
  meta["scenario"] = sc.name;
  meta["yigongti_version"] = version_string;
  meta["inputs_checksum"] = sc.checksum;
  meta["first_year"] = r.first_year;
  meta["last_year"] = r.last_year;
  meta["constant_population"] = r.constant_population;
  const auto tables = std::vector<detail::Table>{indicators_table(r), flows_table(r), ledger_table(r)};
  if (!out_dir.empty()) {
    boost::json::object result = meta;
    for (const auto& t : tables) result[t.name] = detail::to_json(t);
    detail::AtomicFiles out(out_dir);
    for (const auto& t : tables) out.add(t.name + ".csv", detail::to_csv(t));
    out.add("result.json", boost::json::serialize(result) + "\n");
    out.commit();
    io.out << "wrote indicators.csv, flows.csv, ledger.csv and result.json to " << out_dir << "\n";
    return exit_ok;
  }
  if (format == detail::Format::json) {
    write_tables(tables, format, "", "result", std::move(meta), io);
  } else if (format == detail::Format::csv) {
    io.out << detail::to_csv(tables[0]);
  } else {
    io.out << sc.name << ": " << r.first_year << "-" << r.last_year << ", variants side by side"
           << (r.constant_population ? " (no demography: constant population)" : "") << "\n\n";
    io.out << detail::to_text(side_by_side(r));
  }
  return exit_ok;
}

}  // namespace ygt::cli
