#include <boost/json/object.hpp>
#include <boost/program_options.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/study/parameters.hpp"
#include "yigongti/version.hpp"

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
      "out", po::value(&out_dir)->value_name("DIR"), "write the table into DIR instead of stdout");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const std::vector<std::string>& files = *parsed;
  if (files.size() != 1) {
    io.err << "ygt parameters: give exactly one scenario file (usage: ygt parameters FILE)\n";
    return exit_bad_input;
  }
  const detail::Format format = parse_format(format_text);
  const Scenario sc = load_scenario(files[0]);
  detail::Table t{"parameters", {"path", "value", "range", "unit", "shorthand"}, {}};
  for (const ParameterInfo& p : list_parameters(sc)) {
    t.add(
        {p.path, p.value, p.range.describe(), std::string(p.unit), std::string(p.shorthand ? "yes" : "no")});
  }
  boost::json::object extra;
  extra["scenario"] = sc.name;
  extra["inputs_checksum"] = sc.checksum;
  extra["yigongti_version"] = version_string;
  if (format == detail::Format::table && out_dir.empty())
    io.out << sc.name << ": " << t.rows.size() << " parameters\n\n";
  write_tables({t}, format, out_dir, "parameters", std::move(extra), io);
  return exit_ok;
}

}  // namespace ygt::cli
