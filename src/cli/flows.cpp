#include <boost/json/object.hpp>
#include <boost/program_options.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/projection/demography.hpp"
#include "yigongti/projection/levers.hpp"
#include "yigongti/version.hpp"

namespace ygt::cli {
namespace po = boost::program_options;

namespace {

/// The flows and indicators of one year as tables: by setting, by cell, indicators.
std::vector<detail::Table> flow_tables(const FlowTable& f, int year) {
  detail::Table settings{"settings",
                         {"year", "setting", "first_contacts", "encounters", "referrals_up", "referrals_down",
                          "spill", "cost", "fund", "oop"},
                         {}};
  for (std::size_t k = 0; k < f.settings.size(); ++k) {
    const auto c = static_cast<Eigen::Index>(k);
    settings.add({std::int64_t{year}, std::string(to_string(f.settings[k])), f.first_contacts.col(c).sum(),
                  f.encounters.col(c).sum(), f.referrals_up.col(c).sum(), f.referrals_down.col(c).sum(),
                  f.spill.col(c).sum(), f.setting_cost[k], f.setting_fund[k], f.setting_oop[k]});
  }
  detail::Table indicators{"indicators", {"year", "indicator", "name_zh", "value", "unit"}, {}};
  const auto catalog = indicator_catalog();
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (catalog[i].source != IndicatorSource::flows) continue;
    indicators.add({std::int64_t{year}, std::string(catalog[i].id), std::string(catalog[i].name_zh),
                    f.indicators(static_cast<Eigen::Index>(i)), std::string(catalog[i].unit)});
  }
  detail::Table cells{"cells",
                      {"year", "township", "line", "setting", "first_contacts", "encounters", "referrals_up",
                       "referrals_down", "spill", "cost", "fund", "oop"},
                      {}};
  for (std::size_t t = 0; t < f.townships.size(); ++t) {
    for (std::size_t l = 0; l < f.lines.size(); ++l) {
      const Eigen::Index r = f.row(t, l);
      for (std::size_t k = 0; k < f.settings.size(); ++k) {
        const auto c = static_cast<Eigen::Index>(k);
        cells.add({std::int64_t{year}, f.townships[t], f.lines[l], std::string(to_string(f.settings[k])),
                   f.first_contacts(r, c), f.encounters(r, c), f.referrals_up(r, c), f.referrals_down(r, c),
                   f.spill(r, c), f.cost(r, c), f.fund(r, c), f.oop(r, c)});
      }
    }
  }
  return {settings, indicators, cells};
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
      "table (default: settings and indicators), csv or json (also every township x line x setting cell)")(
      "out", po::value(&out_dir)->value_name("DIR"), "write the tables into DIR instead of stdout");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const std::vector<std::string>& files = *parsed;
  if (files.size() != 1) {
    io.err << "ygt flows: give exactly one scenario file (usage: ygt flows FILE)\n";
    return exit_bad_input;
  }
  const detail::Format format = parse_format(format_text);
  const Scenario sc = load_scenario(files[0]);
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
  apply_interventions(model, *sc.flows, sc.interventions, year);
  FlowTable table = model.make_table();
  model.compute(table);

  auto tables = flow_tables(table, year);
  if (format == detail::Format::table && out_dir.empty()) {
    tables.pop_back();  // the cells are for machines
    io.out << sc.name << " (" << sc.county.id() << "), " << year << ": flows by setting and indicators\n\n";
  }
  boost::json::object extra;
  extra["scenario"] = sc.name;
  extra["year"] = year;
  extra["inputs_checksum"] = sc.checksum;
  extra["yigongti_version"] = version_string;
  write_tables(tables, format, out_dir, "flows", std::move(extra), io);
  return exit_ok;
}

}  // namespace ygt::cli
