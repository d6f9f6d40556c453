#pragma once
/// \file
/// Ensembles over MPI ranks (`mpirun -n K ygt ensemble ...`): the optional
/// component built with `-DYGT_WITH_MPI=ON` and linked as `yigongti::mpi`
/// (Open MPI through Boost.MPI; `docs/study.md`, "Distributed runs (MPI)").
///
/// Every rank runs its share of the blocks of draws (`EnsembleOptions::part`
/// and `parts`, see `ensemble.hpp`); the block summaries go to rank 0, which
/// merges them in block order exactly as a single process does. The results
/// are therefore the same bits for any number of ranks and threads (given the
/// same binary and maths library on every rank).
///
/// MPI is called from the main thread only (`MPI_THREAD_FUNNELED`): the
/// workers hand finished blocks to the main thread, which sends them on (or,
/// at rank 0, receives and merges them) while the workers go on.

#include <memory>
#include <vector>

#include "yigongti/study/ensemble.hpp"

namespace ygt {

/// Whether this process was started by an MPI launcher (`mpirun`, `mpiexec`,
/// `srun` with PMI/PMIx), judged from the launcher's environment variables
/// without initialising MPI: a program that is not launched so need not pay
/// for MPI's start-up.
[[nodiscard]] bool mpi_launched() noexcept;

/// MPI for the lifetime of the object, with threading level
/// `MPI_THREAD_FUNNELED` (only the main thread calls MPI). One per process,
/// constructed on the main thread before any distributed run and destroyed
/// after the last (which finalises MPI). Throws `std::runtime_error` when the
/// MPI library cannot give that threading level, `std::logic_error` when MPI
/// is already initialised.
class MpiEnvironment {
 public:
  MpiEnvironment(int& argc, char**& argv);
  ~MpiEnvironment();
  MpiEnvironment(const MpiEnvironment&) = delete;
  MpiEnvironment& operator=(const MpiEnvironment&) = delete;

  [[nodiscard]] int rank() const noexcept;
  [[nodiscard]] int size() const noexcept;
  /// Ends every rank's process with `exit_code` (`MPI_Abort`): for a failure
  /// on one rank that the others cannot learn of, and would wait for.
  [[noreturn]] void abort(int exit_code) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// This process's rank in `MPI_COMM_WORLD`; 0 when MPI is not initialised.
[[nodiscard]] int mpi_rank() noexcept;
/// The number of ranks in `MPI_COMM_WORLD`; 1 when MPI is not initialised.
[[nodiscard]] int mpi_size() noexcept;

/// `run_ensemble` spread over every rank of `MPI_COMM_WORLD`; called by every
/// rank, collectively, from the main thread, with the same scenarios, draw
/// maker, `draws` and `percentile_memory` (threads may differ between ranks).
///
/// Rank `r` of `K` computes the blocks whose global number (counties in
/// order, then blocks) is `r` modulo `K` with `options.threads` workers. Rank
/// 0 merges every block in block order and returns the full results, the same
/// bits as `run_ensemble` in one process; the other ranks return an empty
/// vector. `options.progress`, if set, is told on rank 0 of every draw of
/// every rank (it is ignored elsewhere).
///
/// Memory: a rank runs at most about `4 x K x threads` global blocks ahead of
/// the oldest block rank 0 has not merged yet, so rank 0 never holds more
/// block summaries than that, however uneven the ranks' speeds.
///
/// Without MPI initialised, or with one rank, this is `run_ensemble`.
///
/// Errors: the checks of `run_ensemble` are made on every rank before any
/// work (so every rank throws the same); `std::invalid_argument` too for
/// `options.keep_draws`, `options.blocks` or `options.parts != 1` with more
/// than one rank, and `std::logic_error` when called off the main thread. When
/// the draw maker or a projection throws on any rank, every rank stops and
/// throws: the failing rank its own exception, the others a
/// `std::runtime_error` naming the failing rank and its message. When the
/// exchange between ranks itself breaks (an MPI error), the other ranks could
/// wait forever: the rank that sees it writes one line to standard error, the
/// only output of the library, and aborts every rank (`MPI_Abort`).
[[nodiscard]] std::vector<CountyEnsemble> run_ensemble_distributed(
    const std::vector<const Scenario*>& scenarios, const DrawMaker& make, EnsembleOptions options);

}  // namespace ygt
