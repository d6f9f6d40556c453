// Ensembles over MPI ranks: workers compute blocks, the main thread alone
// talks MPI (sends them on, or at rank 0 receives and merges them).
//
// Messages (raw bytes, MPI_COMM_WORLD):
//   rank r -> 0   block     county, block (u64 each), SummaryTable::to_bytes
//   rank r -> 0   done      u8 failed, the failure's message; last message of r
//   0 -> rank r   frontier  u64: every global block below it is merged
//   0 -> rank r   verdict   u8 failed, the message to throw; last message to r
// Messages between two ranks are not overtaken, so `done` comes after every
// block of its rank and `verdict` after every frontier to its rank.
#include "yigongti/study/distributed.hpp"

#include <algorithm>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/mpi/exception.hpp>
#include <boost/mpi/request.hpp>
#include <boost/mpi/status.hpp>
#include <boost/serialization/vector.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <iostream>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

namespace mpi = boost::mpi;

namespace ygt {

bool mpi_launched() noexcept {
  // Open MPI's mpirun, PMIx and PMI launchers (srun, Hydra), MVAPICH.
  for (const char* name :
       {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MV2_COMM_WORLD_SIZE"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

struct MpiEnvironment::Impl {
  Impl(int& argc, char**& argv) : env(argc, argv, mpi::threading::funneled) {}
  mpi::environment env;
  mpi::communicator world;
};

MpiEnvironment::MpiEnvironment(int& argc, char**& argv) {
  if (mpi::environment::initialized()) throw std::logic_error("MpiEnvironment: MPI is already initialised");
  impl_ = std::make_unique<Impl>(argc, argv);
  if (mpi::environment::thread_level() < mpi::threading::funneled) {
    throw std::runtime_error("MpiEnvironment: the MPI library does not support MPI_THREAD_FUNNELED");
  }
}

MpiEnvironment::~MpiEnvironment() = default;

int MpiEnvironment::rank() const noexcept {
  return impl_->world.rank();
}
int MpiEnvironment::size() const noexcept {
  return impl_->world.size();
}

void MpiEnvironment::abort(int exit_code) const {
  impl_->world.abort(exit_code);
  std::abort();  // MPI_Abort does not return
}

namespace {

bool mpi_running() noexcept {
  return mpi::environment::initialized() && !mpi::environment::finalized();
}

}  // namespace

int mpi_rank() noexcept {
  if (!mpi_running()) return 0;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int mpi_size() noexcept {
  if (!mpi_running()) return 1;
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

namespace {

constexpr int tag_block = 1;
constexpr int tag_done = 2;
constexpr int tag_frontier = 3;
constexpr int tag_verdict = 4;

/// How long the main thread waits for a finished block before it polls MPI
/// again. It sleeps meanwhile: MPI's blocking calls spin, which would take a
/// core from the workers when ranks share a node.
constexpr std::chrono::milliseconds poll_interval{1};

/// The exchange between ranks broke (a malformed or unexpected message): the
/// ranks can no longer agree on anything, so the whole job is aborted.
struct ExchangeBroken : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Thrown by the draw maker into this rank's workers when the run is to stop.
struct Stopped : std::exception {
  [[nodiscard]] const char* what() const noexcept override { return "stopped: another rank failed"; }
};

using Bytes = std::vector<char>;

void put_u64(Bytes& out, std::uint64_t x) {
  char b[sizeof x];
  std::memcpy(b, &x, sizeof x);
  out.insert(out.end(), b, b + sizeof x);
}

std::uint64_t get_u64(const Bytes& in, std::size_t at) {
  if (in.size() < at + sizeof(std::uint64_t)) throw ExchangeBroken("short message");
  std::uint64_t x = 0;
  std::memcpy(&x, in.data() + at, sizeof x);
  return x;
}

/// A failure flag and message (`done` and `verdict`).
Bytes outcome_message(bool failed, const std::string& what) {
  Bytes out(1 + what.size());
  out[0] = static_cast<char>(failed ? 1 : 0);
  std::copy(what.begin(), what.end(), out.begin() + 1);
  return out;
}

struct Outcome {
  bool failed = false;
  std::string what;
};

Outcome read_outcome(const Bytes& in) {
  if (in.empty()) throw ExchangeBroken("empty message");
  return {in[0] != 0, std::string(in.begin() + 1, in.end())};
}

/// A finished block on its way from a worker to the main thread: its summary
/// at rank 0, its message elsewhere.
struct Finished {
  std::size_t county = 0;
  std::uint64_t block = 0;
  std::optional<SummaryTable> summary;
  Bytes message;
};

/// What this rank's workers and its main thread share.
class Exchange {
 public:
  explicit Exchange(std::uint64_t window) : window_(window) {}

  /// Worker: hands in a finished block.
  void hand_in(Finished f) {
    {
      const std::lock_guard lock(mutex_);
      inbox_.push_back(std::move(f));
    }
    to_main_.notify_one();
  }

  /// Worker: waits until global block `g` is within the window ahead of the
  /// merge frontier; throws `Stopped` when the run is to stop.
  void wait_for_turn(std::uint64_t g) {
    std::unique_lock lock(mutex_);
    to_workers_.wait(lock, [&] { return stopped_.load() || g < frontier_ + window_; });
    if (stopped_.load()) throw Stopped();
  }

  void throw_if_stopped() const {
    if (stopped_.load(std::memory_order_relaxed)) throw Stopped();
  }

  /// The local run has returned (`error` set if it threw).
  void run_finished(std::exception_ptr error) {
    {
      const std::lock_guard lock(mutex_);
      run_done_ = true;
      run_error_ = std::move(error);
    }
    to_main_.notify_one();
  }

  /// Main thread: the blocks handed in, after waiting up to `poll_interval`
  /// for one; `done` tells whether the local run had returned before.
  std::deque<Finished> collect(bool& done, std::exception_ptr& error) {
    std::unique_lock lock(mutex_);
    to_main_.wait_for(lock, poll_interval, [&] { return !inbox_.empty() || run_done_; });
    done = run_done_;
    error = run_error_;
    return std::exchange(inbox_, {});
  }

  void set_frontier(std::uint64_t frontier) {
    {
      const std::lock_guard lock(mutex_);
      if (frontier <= frontier_) return;
      frontier_ = frontier;
    }
    to_workers_.notify_all();
  }

  void stop() {
    {
      const std::lock_guard lock(mutex_);
      stopped_.store(true);
    }
    to_workers_.notify_all();
  }

 private:
  const std::uint64_t window_;
  std::mutex mutex_;
  std::condition_variable to_main_;
  std::condition_variable to_workers_;
  std::deque<Finished> inbox_;
  std::uint64_t frontier_ = 0;
  std::atomic<bool> stopped_{false};
  bool run_done_ = false;
  std::exception_ptr run_error_;
};

/// Non-blocking sends whose buffers live until MPI is done with them.
class Outbox {
 public:
  explicit Outbox(const mpi::communicator& world) : world_(world) {}

  void send(int dest, int tag, Bytes message) {
    Pending& p = pending_.emplace_back();
    p.message = std::move(message);
    p.request = world_.isend(dest, tag, p.message.data(), static_cast<int>(p.message.size()));
  }

  /// Forgets the sends that have completed.
  void poll() {
    // A completed request may report itself inactive instead of testing true.
    std::erase_if(pending_, [](Pending& p) { return !p.request.active() || p.request.test(); });
  }

  /// Polls until every send has completed.
  void drain() {
    for (poll(); !pending_.empty(); poll()) std::this_thread::sleep_for(poll_interval);
  }

 private:
  struct Pending {
    Bytes message;
    mpi::request request;
  };
  const mpi::communicator& world_;
  std::list<Pending> pending_;
};

struct Message {
  int source = 0;
  int tag = 0;
  Bytes bytes;
};

/// The next message from `source` that has arrived, if any.
std::optional<Message> receive(const mpi::communicator& world, int source) {
  const boost::optional<mpi::status> probed = world.iprobe(source, mpi::any_tag);
  if (!probed) return std::nullopt;
  Message m{probed->source(), probed->tag(),
            Bytes(static_cast<std::size_t>(probed->count<char>().value_or(0)))};
  world.recv(m.source, m.tag, m.bytes.data(), static_cast<int>(m.bytes.size()));
  return m;
}

/// The checks `run_ensemble` would make, and the distributed run's own.
void check_arguments(const std::vector<const Scenario*>& scenarios, const EnsembleOptions& options) {
  if (!mpi::environment::is_main_thread())
    throw std::logic_error("run_ensemble_distributed: MPI may be called from the main thread only");
  if (options.draws < 1) throw std::invalid_argument("run_ensemble_distributed: at least one draw");
  if (options.keep_draws)
    throw std::invalid_argument("run_ensemble_distributed: keeping every draw needs a single process");
  if (options.blocks || options.parts != 1 || options.part != 0)
    throw std::invalid_argument("run_ensemble_distributed: the work is split by rank, not by the caller");
  for (const Scenario* sc : scenarios) {
    if (!sc->flows)
      throw std::invalid_argument("run_ensemble_distributed: " + sc->origin + " has no service lines");
  }
}

/// One rank's part in a distributed run.
class Node {
 public:
  Node(const std::vector<const Scenario*>& scenarios, const DrawMaker& make, const EnsembleOptions& options)
      : scenarios_(scenarios),
        make_(make),
        options_(options),
        rank_(world_.rank()),
        size_(world_.size()),
        blocks_(block_count(options.draws)),
        total_blocks_(scenarios.size() * blocks_),
        threads_(options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads),
        window_(std::uint64_t{4} * static_cast<std::uint64_t>(size_) * threads_),
        step_(static_cast<std::uint64_t>(size_)),
        exchange_(window_),
        outbox_(world_) {
    std::vector<std::size_t> cells;
    for (const Scenario* sc : scenarios)
      cells.push_back(EnsembleLayout::of(*sc, options.variant, options.baseline).cells());
    const PercentileMode mode = ensemble_percentile_mode(cells, options);
    for (std::size_t c : cells) mergers_.emplace_back(c, mode, rank_ == 0 ? options.draws : 0);
  }

  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  ~Node() {
    // Only reached with the run still going when the main thread failed.
    exchange_.stop();
  }

  std::vector<CountyEnsemble> run() {
    start();
    if (rank_ == 0) return run_root();
    run_other();
    return {};
  }

 private:
  /// Starts this rank's share on a thread of its own (which with one worker
  /// is the worker): the main thread stays free for MPI.
  void start() {
    EnsembleOptions local;
    local.draws = options_.draws;
    local.variant = options_.variant;
    local.baseline = options_.baseline;
    local.threads = threads_;
    local.progress = rank_ == 0 ? options_.progress : ProgressCallback{};
    local.part = static_cast<unsigned>(rank_);
    local.parts = static_cast<unsigned>(size_);
    local.percentile_memory = options_.percentile_memory;
    local.blocks = [this](std::size_t county, std::uint64_t block, const SummaryTable& summary) {
      Finished f{county, block, std::nullopt, {}};
      if (rank_ == 0) {
        f.summary = summary;
      } else {
        put_u64(f.message, county);
        put_u64(f.message, block);
        const std::vector<std::byte> bytes = summary.to_bytes();
        const auto* first = reinterpret_cast<const char*>(bytes.data());
        f.message.insert(f.message.end(), first, first + bytes.size());
      }
      exchange_.hand_in(std::move(f));
    };
    paced_ = [this](Scenario& sc, std::size_t county, std::uint64_t draw) {
      if (draw % summary_block_draws == 0) {
        exchange_.wait_for_turn(county * blocks_ + draw / summary_block_draws);
      } else {
        exchange_.throw_if_stopped();
      }
      make_(sc, county, draw);
    };
    worker_ = std::jthread([this, local = std::move(local)] {
      try {
        result_ = run_ensemble(scenarios_, paced_, local);
        exchange_.run_finished(nullptr);
      } catch (...) {
        exchange_.run_finished(std::current_exception());
      }
    });
  }

  /// A real failure of the local run (not a stop asked for by the others).
  static bool is_failure(const std::exception_ptr& e) {
    if (!e) return false;
    try {
      std::rethrow_exception(e);
    } catch (const Stopped&) {
      return false;
    } catch (...) {
      return true;
    }
  }

  static std::string describe(const std::exception_ptr& e) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      return x.what();
    } catch (...) {
      return "unknown exception";
    }
  }

  // ---- rank 0

  std::vector<CountyEnsemble> run_root() {
    std::vector<bool> done(static_cast<std::size_t>(size_), false);
    std::vector<bool> told(static_cast<std::size_t>(size_), false);  // verdict sent
    done[0] = told[0] = true;
    std::optional<std::string> failure;  // the first failure of any rank
    bool own_failure = false;
    std::uint64_t frontier_sent = 0;
    const auto fail = [&](std::string what) {
      if (failure) return;
      failure = std::move(what);
      exchange_.stop();
      for (int r = 1; r < size_; ++r) tell(r, told, *failure);
    };

    bool run_done = false;
    std::exception_ptr run_error;
    for (;;) {
      for (Finished& f : exchange_.collect(run_done, run_error))
        merge(f.county, f.block, std::move(*f.summary));
      if (run_done && !failure && is_failure(run_error)) {
        own_failure = true;
        fail("rank 0: " + describe(run_error));
      }
      while (std::optional<Message> m = receive(world_, mpi::any_source)) {
        if (m->tag == tag_block) {
          const std::size_t county = get_u64(m->bytes, 0);
          const std::uint64_t block = get_u64(m->bytes, 8);
          if (county >= mergers_.size() || block >= blocks_ ||
              (county * blocks_ + block) % static_cast<std::uint64_t>(size_) !=
                  static_cast<std::uint64_t>(m->source)) {
            throw ExchangeBroken("rank " + std::to_string(m->source) + " sent a block that is not its own");
          }
          const auto* bytes = reinterpret_cast<const std::byte*>(m->bytes.data()) + 16;
          try {
            SummaryTable summary = SummaryTable::from_bytes(std::span(bytes, m->bytes.size() - 16));
            if (options_.progress) options_.progress(summary.draws());
            merge(county, block, std::move(summary));
          } catch (const std::invalid_argument& e) {
            throw ExchangeBroken("block " + std::to_string(block) + " of county " + std::to_string(county) +
                                 " from rank " + std::to_string(m->source) + ": " + e.what());
          }
        } else if (m->tag == tag_done) {
          done[static_cast<std::size_t>(m->source)] = true;
          const Outcome o = read_outcome(m->bytes);
          if (o.failed) fail("rank " + std::to_string(m->source) + ": " + o.what);
        } else {
          throw ExchangeBroken("unexpected message tag " + std::to_string(m->tag));
        }
      }
      const std::uint64_t f = frontier();
      exchange_.set_frontier(f);
      if (f >= frontier_sent + step_ && f < total_blocks_) {  // the end needs no telling
        frontier_sent = f;
        Bytes message;
        put_u64(message, f);
        for (int r = 1; r < size_; ++r) {
          if (!done[static_cast<std::size_t>(r)] && !told[static_cast<std::size_t>(r)])
            outbox_.send(r, tag_frontier, message);
        }
      }
      outbox_.poll();
      if (run_done && std::all_of(done.begin(), done.end(), [](bool d) { return d; })) break;
    }
    worker_.join();
    // Every rank has finished; this verdict is the last message to each.
    for (int r = 1; r < size_; ++r) tell(r, told, failure.value_or(""));
    outbox_.drain();

    if (own_failure) std::rethrow_exception(run_error);
    if (failure) throw std::runtime_error("distributed ensemble failed: " + *failure);
    for (std::size_t c = 0; c < mergers_.size(); ++c) {
      if (mergers_[c].next_block() != blocks_) throw ExchangeBroken("blocks missing at rank 0");
      result_[c].summary = std::move(mergers_[c]).take();
    }
    return std::move(result_);
  }

  void merge(std::size_t county, std::uint64_t block, SummaryTable summary) {
    mergers_[county].submit(block, std::move(summary));
  }

  /// The first global block not merged yet.
  [[nodiscard]] std::uint64_t frontier() const {
    for (std::size_t c = 0; c < mergers_.size(); ++c) {
      if (mergers_[c].next_block() < blocks_) return c * blocks_ + mergers_[c].next_block();
    }
    return total_blocks_;
  }

  /// Sends rank `r` its verdict (empty: success) unless it has had one.
  void tell(int r, std::vector<bool>& told, const std::string& failure) {
    if (told[static_cast<std::size_t>(r)]) return;
    told[static_cast<std::size_t>(r)] = true;
    outbox_.send(r, tag_verdict, outcome_message(!failure.empty(), failure));
  }

  // ---- other ranks

  void run_other() {
    std::optional<Outcome> verdict;
    const auto listen = [&] {
      while (std::optional<Message> m = receive(world_, 0)) {
        if (m->tag == tag_frontier) {
          exchange_.set_frontier(get_u64(m->bytes, 0));
        } else if (m->tag == tag_verdict) {
          verdict = read_outcome(m->bytes);
          if (verdict->failed) exchange_.stop();
        } else {
          throw ExchangeBroken("unexpected message tag " + std::to_string(m->tag));
        }
      }
    };

    bool run_done = false;
    std::exception_ptr run_error;
    while (!run_done) {
      for (Finished& f : exchange_.collect(run_done, run_error))
        outbox_.send(0, tag_block, std::move(f.message));
      listen();
      outbox_.poll();
    }
    worker_.join();
    const bool own_failure = is_failure(run_error);
    outbox_.send(0, tag_done, outcome_message(own_failure, own_failure ? describe(run_error) : ""));
    while (!verdict) {
      std::this_thread::sleep_for(poll_interval);
      listen();
      outbox_.poll();
    }
    outbox_.drain();
    if (own_failure) std::rethrow_exception(run_error);
    if (verdict->failed) throw std::runtime_error("distributed ensemble failed: " + verdict->what);
  }

  mpi::communicator world_;
  const std::vector<const Scenario*>& scenarios_;
  const DrawMaker& make_;
  const EnsembleOptions& options_;
  const int rank_;
  const int size_;
  const std::uint64_t blocks_;        ///< blocks per county
  const std::uint64_t total_blocks_;  ///< blocks of every county
  const unsigned threads_;
  const std::uint64_t window_;  ///< global blocks a rank may run ahead of the frontier
  /// Frontier advance worth telling the other ranks: at most any rank's window
  /// (whatever its threads), else a rank could wait for a frontier that waits for it.
  const std::uint64_t step_;
  Exchange exchange_;
  Outbox outbox_;
  std::vector<OrderedMerger> mergers_;  ///< rank 0
  DrawMaker paced_;
  std::vector<CountyEnsemble> result_;
  std::jthread worker_;  // last: joined before the rest goes
};

}  // namespace

std::vector<CountyEnsemble> run_ensemble_distributed(const std::vector<const Scenario*>& scenarios,
                                                     const DrawMaker& make, EnsembleOptions options) {
  if (!mpi_running() || mpi_size() == 1) return run_ensemble(scenarios, make, options);

  // Every rank must agree to go on, or all throw: a rank left behind would wait forever.
  std::exception_ptr local_error;
  try {
    check_arguments(scenarios, options);
  } catch (...) {
    local_error = std::current_exception();
  }
  const mpi::communicator world;
  std::vector<std::uint64_t> shape{scenarios.size(), options.draws, options.percentile_memory};
  if (!local_error) {
    for (const Scenario* sc : scenarios)
      shape.push_back(EnsembleLayout::of(*sc, options.variant, options.baseline).cells());
  }
  std::vector<std::uint64_t> root_shape = shape;
  mpi::broadcast(world, root_shape, 0);
  const int bad_here = local_error ? 2 : (shape != root_shape ? 1 : 0);
  const int bad = mpi::all_reduce(world, bad_here, mpi::maximum<int>());
  if (local_error) std::rethrow_exception(local_error);
  if (bad == 2) throw std::invalid_argument("run_ensemble_distributed: another rank rejected its arguments");
  if (bad == 1)
    throw std::invalid_argument(
        "run_ensemble_distributed: the ranks differ in counties, draws, cells or percentile memory");

  // Failures of the draws leave every rank in step (each throws). A broken
  // exchange or an MPI error does not: the other ranks would wait forever.
  try {
    Node node(scenarios, make, options);
    return node.run();
  } catch (const ExchangeBroken& e) {
    std::cerr << "ygt: rank " << world.rank() << ": distributed ensemble: " << e.what()
              << "; aborting every rank\n";
    world.abort(1);
  } catch (const mpi::exception& e) {
    std::cerr << "ygt: rank " << world.rank() << ": " << e.what() << "; aborting every rank\n";
    world.abort(1);
  }
  std::terminate();  // MPI_Abort does not return
}

}  // namespace ygt
