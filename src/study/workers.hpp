#pragma once
// The one worker pool of the studies: ensembles, sweeps and calibration run
// their pieces of work on it. Internal to the library.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ygt::detail {

/// The workers to use for `requested` threads (0: one per core) and `pieces`
/// pieces of work: at most `pieces`, and at least 1.
[[nodiscard]] inline unsigned worker_count(unsigned requested, std::size_t pieces) noexcept {
  unsigned n = requested == 0 ? std::max(1u, std::thread::hardware_concurrency()) : requested;
  if (pieces < n) n = static_cast<unsigned>(pieces);
  return std::max(1u, n);
}

/// Runs `body(worker)` for each worker `0 .. workers-1`, each on a thread of
/// its own (the calling thread alone when there is one worker), and waits for
/// all. The first exception any body throws is rethrown once all have
/// returned; bodies that should stop when another fails check a flag of
/// their own (`parallel_for` does).
template <class Body>
void run_workers(unsigned workers, Body&& body) {
  std::exception_ptr error;
  std::mutex error_mutex;
  const auto guarded = [&](unsigned worker) {
    try {
      body(worker);
    } catch (...) {
      const std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  if (workers <= 1) {
    guarded(0);
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(workers);
    for (unsigned w = 0; w < workers; ++w) pool.emplace_back(guarded, w);
  }
  if (error) std::rethrow_exception(error);
}

/// Runs `work(piece, worker)` for every piece `0 .. pieces-1`, shared among
/// `workers` workers that take the next piece in order. Once a piece throws,
/// no further piece starts, and the first exception is rethrown when every
/// worker has stopped. Results must not depend on which worker does a piece.
template <class Work>
void parallel_for(std::size_t pieces, unsigned workers, Work&& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  run_workers(workers, [&](unsigned worker) {
    try {
      for (std::size_t i = next++; i < pieces && !failed.load(std::memory_order_relaxed); i = next++)
        work(i, worker);
    } catch (...) {
      failed = true;
      throw;
    }
  });
}

}  // namespace ygt::detail
