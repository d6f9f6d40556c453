// The `ygt` program: scenario studies of county medical communities from the command line.

#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#ifdef YGT_WITH_MPI
#include "yigongti/study/distributed.hpp"

namespace {

/// Runs the command on every rank of an `mpirun`: rank 0 prints as usual, the
/// others print nothing unless they fail. A failure on any rank aborts the
/// job, since the other ranks may be waiting for the one that failed.
int run_on_ranks(const ygt::MpiEnvironment& mpi, const std::vector<std::string>& args) {
  int code = 0;
  if (mpi.rank() == 0) {
    code = ygt::cli::run(args, {std::cout, std::cerr});
  } else {
    std::ostream nowhere(nullptr);
    std::ostringstream err;
    code = ygt::cli::run(args, {nowhere, err});
    if (code != 0) std::cerr << "ygt: rank " << mpi.rank() << ": " << err.str() << std::flush;
  }
  if (code != 0) mpi.abort(code);
  return code;
}

}  // namespace
#endif

int main(int argc, char** argv) {
#ifdef YGT_WITH_MPI
  // Started by mpirun: every rank runs the command (`ygt ensemble` splits its draws).
  std::optional<ygt::MpiEnvironment> mpi;
  if (ygt::mpi_launched()) mpi.emplace(argc, argv);
  if (mpi && mpi->size() > 1) return run_on_ranks(*mpi, {argv + 1, argv + argc});
#endif
  std::vector<std::string> args(argv + 1, argv + argc);
  return ygt::cli::run(args, {std::cout, std::cerr});
}
