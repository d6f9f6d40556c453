#include <boost/program_options/errors.hpp>
#include <exception>
#include <functional>
#include <map>
#include <ostream>

#include "cli/commands.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/version.hpp"

#ifndef YGT_DOC_DIR
#define YGT_DOC_DIR "share/doc/yigongti"  // CMAKE_INSTALL_DOCDIR, set by the build
#endif

namespace ygt::cli {
namespace {

struct Command {
  std::function<int(const std::vector<std::string>&, Io)> run;
  const char* summary;
};

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"validate", {run_validate, "check scenario files and summarise each county"}},
      {"flows", {run_flows, "one year of patient flows by setting, money, and the indicators"}},
      {"project", {run_project, "project the scenario over its years, every variant side by side"}},
      {"ensemble", {run_ensemble, "uncertainty ensembles: every draw, summarised with percentiles"}},
      {"settle", {run_settle, "settle one year under the payment schemes: figures and ledger"}},
      {"parameters", {run_parameters, "list the scenario's parameters by path: value, range and unit"}},
      {"sweep", {run_sweep, "the indicators over a grid of parameter values (sensitivity)"}},
      {"calibrate", {run_calibrate, "fit the scenario's free parameters to observed indicators"}},
  };
  return table;
}

void print_help(std::ostream& out) {
  out << "ygt " << version_string
      << ": county medical communities (医共体) - patient flows between tiers and the money that follows "
         "them\n\n"
         "usage: ygt COMMAND [OPTIONS] [FILE...]\n"
         "       ygt COMMAND --help\n"
         "       ygt --version\n\n"
         "commands:\n";
  for (const auto& [name, cmd] : commands())
    out << "  " << name << std::string(12 - name.size(), ' ') << cmd.summary << "\n";
  out << "\nexit codes: 0 success, 2 bad input or usage, 1 any other failure\n"
         "CSV for Excel: --bom (docs/output.md)\n"
         "documentation: " YGT_DOC_DIR
         "/ under the install prefix (the folder above ygt's bin/), docs/ in\n"
         "  the source; the scenario format is " YGT_DOC_DIR "/docs/scenario-format.md\n";
}

}  // namespace

int run(const std::vector<std::string>& args, Io io) {
  if (args.empty()) {
    print_help(io.err);
    return exit_bad_input;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    print_help(io.out);
    return exit_ok;
  }
  if (first == "--version" || first == "-V") {
    io.out << "ygt " << version_string << "\n";
    return exit_ok;
  }
  const auto it = commands().find(first);
  if (it == commands().end()) {
    io.err << "ygt: unknown command '" << first << "' (expected one of:";
    for (const auto& [name, cmd] : commands()) io.err << " " << name;
    io.err << "; see ygt --help)\n";
    return exit_bad_input;
  }
  try {
    return it->second.run({args.begin() + 1, args.end()}, io);
  } catch (const InputError& e) {
    io.err << e.what() << "\n";
    return exit_bad_input;
  } catch (const boost::program_options::error& e) {
    io.err << "ygt " << first << ": " << e.what() << " (see ygt " << first << " --help)\n";
    return exit_bad_input;
  } catch (const std::exception& e) {
    io.err << "ygt " << first << ": " << e.what() << "\n";
    return exit_failure;
  }
}

}  // namespace ygt::cli
