#include <boost/program_options.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/io/region_file.hpp"
#include "yigongti/io/results.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/projection/projection.hpp"

namespace ygt::cli {
namespace po = boost::program_options;

int run_flows(const std::vector<std::string>& args, Io io) {
  po::options_description visible(
      "usage: ygt flows FILE [--year Y] [--variant NAME] [--format table|csv|json] [--out DIR]\n\n"
      "Computes one year of one variant's patient flows, as its projection does: where residents\n"
      "first seek care, the referral chain, capacity, money by setting, and the monitoring\n"
      "indicators (docs/model.md).\n\noptions");
  std::string format_text = "table";
  std::string out_dir;
  std::string variant;
  int year = 0;
  visible.add_options()("help,h", "show this help")(
      "year", po::value(&year)->value_name("Y"),
      "the year (default: the scenario's first); interventions, payment and demography up to it apply")(
      "variant", po::value(&variant)->value_name("NAME"), "the variant (default: the first)")(
      "format", po::value(&format_text)->value_name("FORMAT"),
      "without --out: table (default: settings and indicators), csv or json (also every township x line x "
      "setting cell)")(
      "out", po::value(&out_dir)->value_name("DIR"),
      "write settings.csv, indicators.csv, cells.csv and flows.json into DIR, all or nothing");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const auto file = one_file(*parsed, "flows", "scenario file", io);
  if (!file) return exit_bad_input;
  const Format format = parse_format(format_text);
  if (is_region_file(*file)) {
    const Region region = load_region_file(*file).region;
    if (vm.count("year") == 0) year = region.years.start;
    if (!region.years.contains(year)) {
      io.err << "ygt flows: --year " << year << " is outside the region's years " << region.years.start << "-"
             << region.years.end << "\n";
      return exit_bad_input;
    }
    std::vector<FlowTable> tables;
    for (const Scenario& county : region.counties)
      tables.push_back(project_year_flows(county, year, variant));
    ResultSet result = region_flows_result(region, tables, year);
    const std::string shown = variant.empty() ? region.counties.front().variants.front().id : variant;
    result.meta.emplace_back("variant", shown);
    emit(result, format, out_dir, "flows.json", io, [&] {
      return region.name + " (" + region.id + ", " + std::to_string(region.counties.size()) + " counties), " +
             std::to_string(year) + ", variant " + shown +
             ": flows by county and setting, and indicators\n\n" +
             text_of(result, {"settings", "indicators"});
    });
    return exit_ok;
  }
  const Scenario sc = load_scenario(*file);
  if (!sc.flows) {
    throw InputError(sc.origin, {{"service_lines", "the scenario has no service lines",
                                  "service_lines, choice and insurance sections (docs/scenario-format.md)"}});
  }
  if (vm.count("year") == 0) year = sc.years.start;
  if (!sc.years.contains(year)) {
    io.err << "ygt flows: --year " << year << " is outside the scenario's years " << sc.years.start << "-"
           << sc.years.end << "\n";
    return exit_bad_input;
  }
  const std::string shown = variant.empty() ? sc.variants.front().id : variant;
  const FlowTable table = project_year_flows(sc, year, shown);

  ResultSet result = flows_result(sc, table, year);
  result.meta.emplace_back("variant", shown);
  emit(result, format, out_dir, "flows.json", io, [&] {
    return sc.name + " (" + sc.county.id() + "), " + std::to_string(year) + ", variant " + shown +
           ": flows by setting and indicators\n\n" + text_of(result, {"settings", "indicators"});
  });
  return exit_ok;
}

}  // namespace ygt::cli
