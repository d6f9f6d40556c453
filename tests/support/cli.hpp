#pragma once
// Running `ygt` in-process from tests, and reading the files it writes.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace ygt::testing {

/// What a run of `ygt` returned and printed.
struct CliResult {
  int code;
  std::string out;
  std::string err;
};

/// Runs `ygt ARGS...` in-process.
inline CliResult run_ygt(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = cli::run(args, {out, err});
  return {code, out.str(), err.str()};
}

/// The whole text of a file.
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace ygt::testing
