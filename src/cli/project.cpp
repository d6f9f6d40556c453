#include <boost/program_options.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/text_table.hpp"
#include "yigongti/io/region_file.hpp"
#include "yigongti/io/results.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/projection/region.hpp"

namespace ygt::cli {
namespace po = boost::program_options;

namespace {

/// The indicators shown side by side, variant by variant, in the readable table.
constexpr Indicator key_indicators[] = {Indicator::county_visit_rate, Indicator::primary_visit_share,
                                        Indicator::hospitalization_rate, Indicator::fund_spending,
                                        Indicator::alliance_retained};

Table side_by_side(const ProjectionResult& r) {
  Table t{"key_indicators", {"year"}, {}};
  for (const auto& v : r.variants) {
    for (Indicator i : key_indicators)
      t.columns.push_back(v.id + ":" + std::string(indicator_catalog()[index(i)].id));
  }
  for (int y = r.first_year; y <= r.last_year; ++y) {
    std::vector<Cell> row = {std::int64_t{y}};
    for (std::size_t v = 0; v < r.variants.size(); ++v) {
      for (Indicator i : key_indicators) row.push_back(indicator_cell(i, r.value(v, y, i)));
    }
    t.add(std::move(row));
  }
  return t;
}

/// `ygt project` on a region file: every county, and the region's key
/// indicators by year, variants side by side.
int project_region(const Region& region, const ProjectionOptions& options, Format format,
                   const std::string& out_dir, Io io) {
  const RegionProjection r = project(region, options);
  const ResultSet result = region_projection_result(region, r);
  emit(result, format, out_dir, "result.json", io,
       [&] {
         Table t{"key_indicators", {"year"}, {}};
         for (const std::string& v : r.variants) {
           for (Indicator i : key_indicators)
             t.columns.push_back(v + ":" + std::string(indicator_catalog()[index(i)].id));
         }
         for (int y = r.first_year; y <= r.last_year; ++y) {
           std::vector<Cell> row = {std::int64_t{y}};
           for (std::size_t v = 0; v < r.variants.size(); ++v) {
             for (Indicator i : key_indicators)
               row.push_back(
                   indicator_cell(i, r.region[v](y - r.first_year, static_cast<Eigen::Index>(index(i)))));
           }
           t.add(std::move(row));
         }
         return region.name + " (" + region.id + ", " + std::to_string(region.counties.size()) +
                " counties): " + std::to_string(r.first_year) + "-" + std::to_string(r.last_year) +
                ", the region's indicators, variants side by side (each county's with --format csv or "
                "--out)\n\n" +
                to_text(t);
       },
       {"indicators"});
  return exit_ok;
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
  const auto file = one_file(*parsed, "project", "scenario file", io);
  if (!file) return exit_bad_input;
  const Format format = parse_format(format_text);
  ProjectionOptions options;
  options.keep_flows = !out_dir.empty() || format == Format::json;
  if (vm.count("variant") != 0) options.variant = variant;
  if (is_region_file(*file))
    return project_region(load_region_file(*file).region, options, format, out_dir, io);
  const Scenario sc = load_scenario(*file);
  const ProjectionResult r = project(sc, options);

  const ResultSet result = projection_result(sc, r);
  emit(result, format, out_dir, "result.json", io,
       [&] {
         return sc.name + ": " + std::to_string(r.first_year) + "-" + std::to_string(r.last_year) +
                ", variants side by side" +
                (r.constant_population ? " (no demography: constant population)" : "") + "\n\n" +
                to_text(side_by_side(r));
       },
       {"indicators"});
  return exit_ok;
}

}  // namespace ygt::cli
