#include <boost/program_options.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/io/region_file.hpp"
#include "yigongti/io/results.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/projection/demography.hpp"
#include "yigongti/projection/levers.hpp"

namespace ygt::cli {
namespace po = boost::program_options;

namespace {

/// The flows of `year` of a scenario with service lines: its demography and
/// shared interventions up to that year.
FlowTable year_flows(const Scenario& sc, int year) {
  FlowModel model(sc.county, *sc.flows);
  if (sc.demography) {
    Eigen::MatrixXd population = population_matrix(sc.county);
    const PopulationStep ageing(sc.county, *sc.demography);
    Eigen::MatrixXd next;
    for (int y = sc.years.start; y < year; ++y) {
      ageing.step(population, next);
      population.swap(next);
    }
    model.set_population(population);
  }
  apply_interventions(model, sc.county, *sc.flows, sc.interventions, year);
  FlowTable table = model.make_table();
  model.compute(table);
  return table;
}

}  // namespace

int run_flows(const std::vector<std::string>& args, Io io) {
  po::options_description visible(
      "usage: ygt flows FILE [--year Y] [--format table|csv|json] [--out DIR]\n\n"
      "Computes one year of patient flows: where residents first seek care, the referral chain,\n"
      "capacity, money by setting, and the monitoring indicators (docs/model.md).\n\noptions");
  std::string format_text = "table";
  std::string out_dir;
  int year = 0;
  visible.add_options()("help,h", "show this help")(
      "year", po::value(&year)->value_name("Y"),
      "the year (default: the scenario's first); interventions and demography up to it apply")(
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
    for (const Scenario& county : region.counties) tables.push_back(year_flows(county, year));
    const ResultSet result = region_flows_result(region, tables, year);
    emit(result, format, out_dir, "flows.json", io, [&] {
      return region.name + " (" + region.id + ", " + std::to_string(region.counties.size()) + " counties), " +
             std::to_string(year) + ": flows by county and setting, and indicators\n\n" +
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
  const FlowTable table = year_flows(sc, year);

  const ResultSet result = flows_result(sc, table, year);
  emit(result, format, out_dir, "flows.json", io, [&] {
    return sc.name + " (" + sc.county.id() + "), " + std::to_string(year) +
           ": flows by setting and indicators\n\n" + text_of(result, {"settings", "indicators"});
  });
  return exit_ok;
}

}  // namespace ygt::cli
