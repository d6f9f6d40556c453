#pragma once
// The subcommands of `ygt`. Each returns the process exit code.

#include <iosfwd>
#include <string>
#include <vector>

namespace ygt::cli {

/// Exit codes of `ygt`: 0 success, 2 bad input or usage, 1 anything else.
enum Exit : int { exit_ok = 0, exit_failure = 1, exit_bad_input = 2 };

/// Streams a command writes to (tests pass string streams).
struct Io {
  std::ostream& out;
  std::ostream& err;
  /// `--bom`: every CSV the command writes starts with the UTF-8 byte-order mark.
  bool bom = false;
};

/// `ygt validate FILE...`: checks scenario files and summarises the valid ones.
int run_validate(const std::vector<std::string>& args, Io io);

/// `ygt settle FILE`: settles one year under the county's payment schemes.
int run_settle(const std::vector<std::string>& args, Io io);

/// `ygt flows FILE`: one year of patient flows and the indicators.
int run_flows(const std::vector<std::string>& args, Io io);

/// `ygt project FILE`: the projection over the scenario's years, every variant.
int run_project(const std::vector<std::string>& args, Io io);

/// `ygt ensemble FILE...`: uncertainty ensembles, summarised per county, variant, year and indicator.
int run_ensemble(const std::vector<std::string>& args, Io io);

/// `ygt parameters FILE`: every parameter path of a scenario, with its value, range and unit.
int run_parameters(const std::vector<std::string>& args, Io io);

/// `ygt sweep FILE --set PATH=a:b:step ...`: the indicators over a grid of parameter values.
int run_sweep(const std::vector<std::string>& args, Io io);

/// `ygt calibrate FILE --targets TARGETS.csv`: fits the free parameters to observed indicators.
int run_calibrate(const std::vector<std::string>& args, Io io);

/// Runs `ygt` with its arguments (without the program name).
int run(const std::vector<std::string>& args, Io io);

}  // namespace ygt::cli
