#include <boost/program_options.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "yigongti/io/region_file.hpp"
#include "yigongti/io/results.hpp"
#include "yigongti/io/scenario_file.hpp"

namespace ygt::cli {
namespace po = boost::program_options;

int run_parameters(const std::vector<std::string>& args, Io io) {
  po::options_description visible(
      "usage: ygt parameters FILE [--format table|csv|json] [--out DIR]\n\n"
      "Lists every model parameter of the scenario by path, with its value in the file, the\n"
      "range of values it may take and its unit: the paths that `uncertainty`, `calibration`,\n"
      "ygt sweep --set and ygt calibrate name (docs/scenario-format.md, \"Parameter paths\").\n"
      "A shorthand (payment.<param>) stands for the one scheme's full path.\n\noptions");
  std::string format_text = "table";
  std::string out_dir;
  visible.add_options()("help,h", "show this help")("format", po::value(&format_text)->value_name("FORMAT"),
                                                    "table (default), csv or json")(
      "out", po::value(&out_dir)->value_name("DIR"), "write parameters.csv and parameters.json into DIR");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const auto file = one_file(*parsed, "parameters", "scenario file", io);
  if (!file) return exit_bad_input;
  const Format format = parse_format(format_text);
  if (is_region_file(*file)) {
    const Region region = load_region_file(*file).region;
    const ResultSet result = region_parameters_result(region);
    emit(result, format, out_dir, "parameters.json", io, [&] {
      return region.name + " (" + region.id + "): " + std::to_string(result.tables.front().rows.size()) +
             " parameters of its counties; a path without `counties.ID.` sets it in every county\n\n" +
             text_of(result);
    });
    return exit_ok;
  }
  const Scenario sc = load_scenario(*file);
  const ResultSet result = parameters_result(sc);
  emit(result, format, out_dir, "parameters.json", io, [&] {
    return sc.name + ": " + std::to_string(result.tables.front().rows.size()) + " parameters\n\n" +
           text_of(result);
  });
  return exit_ok;
}

}  // namespace ygt::cli
