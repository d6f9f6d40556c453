// Distributed ensembles under `mpiexec -n K`: rank 0 must get the same bits
// as one process, every rank must throw when a draw fails on any rank, and
// ranks given different inputs must all refuse. Exit code 0 when every check
// on this rank passed (mpiexec fails when any rank fails).
//
//     mpiexec -n 2 ygt_ensemble_mpi              the checks (CTest: mpi.two_ranks_match_one_process)
//     mpiexec -n K ygt_ensemble_mpi --time [D]   county-years (of each variant) per second on K ranks,
//                                                one thread each, two synthetic 15-township
//                                                counties, D draws each
#include <sys/resource.h>

#include <atomic>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/study/distributed.hpp>

#include "support/synthetic_ensemble.hpp"

namespace {

using namespace ygt;

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (ok) return;
  ++failures;
  std::cerr << "rank " << mpi_rank() << ": FAILED: " << what << '\n';
}

Scenario county(std::uint64_t seed, bool small) {
  return testing::synthetic_county(seed, small);
}

void make(Scenario& sc, std::size_t c, std::uint64_t d) {
  testing::hashed_draw(sc, c, d);
}

/// Rank 0's distributed results against one process's, for `threads` workers a rank.
void check_same_bits(const std::vector<const Scenario*>& counties, unsigned threads) {
  EnsembleOptions o;
  o.draws = 650;  // 11 blocks a county, the last one short
  o.threads = threads;
  std::atomic<std::uint64_t> done{0};
  if (mpi_rank() == 0) o.progress = [&](std::uint64_t n) { done += n; };
  const std::vector<CountyEnsemble> spread = run_ensemble_distributed(counties, make, o);
  const std::string run = std::to_string(mpi_size()) + " ranks x " + std::to_string(threads) + " threads";
  if (mpi_rank() != 0) {
    expect(spread.empty(), run + ": a rank other than 0 returned results");
    return;
  }
  expect(done == counties.size() * o.draws, run + ": progress counted " + std::to_string(done) + " draws");
  o.progress = {};
  const std::vector<CountyEnsemble> one = run_ensemble(counties, make, o);
  expect(spread.size() == one.size(), run + ": " + std::to_string(spread.size()) + " counties");
  for (std::size_t c = 0; c < std::min(spread.size(), one.size()); ++c) {
    const std::string which = run + ", county " + std::to_string(c);
    expect(spread[c].county_id == one[c].county_id, which + ": county id");
    expect(spread[c].summary.draws() == o.draws,
           which + ": " + std::to_string(spread[c].summary.draws()) + " draws");
    expect(spread[c].summary == one[c].summary, which + ": summaries differ from one process's");
  }
}

/// A draw that fails on one rank stops and fails every rank.
void check_failure_everywhere(const std::vector<const Scenario*>& counties) {
  EnsembleOptions o;
  o.draws = 300;
  o.threads = 2;
  // Draw 70 of county 1 is in block 1 of county 1: global block 5 + 1.
  const std::uint64_t owner = (block_count(o.draws) + 1) % static_cast<std::uint64_t>(mpi_size());
  const DrawMaker failing = [](Scenario& sc, std::size_t c, std::uint64_t d) {
    if (c == 1 && d == 70) throw std::domain_error("draw 70 of county 1 failed");
    make(sc, c, d);
  };
  try {
    (void)run_ensemble_distributed(counties, failing, o);
    expect(false, "a failed draw: no exception");
  } catch (const std::domain_error& e) {
    expect(static_cast<std::uint64_t>(mpi_rank()) == owner,
           "a failed draw: the draw's error on a rank that did not fail");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    expect(static_cast<std::uint64_t>(mpi_rank()) != owner,
           "a failed draw: the failing rank lost its own error");
    expect(what.find("rank " + std::to_string(owner) + ": draw 70 of county 1 failed") != std::string::npos,
           "a failed draw: message \"" + what + "\"");
  }
}

/// Ranks that disagree on the work all refuse it.
void check_inputs_must_agree(const std::vector<const Scenario*>& counties) {
  EnsembleOptions o;
  o.draws = 100 + static_cast<std::uint64_t>(mpi_rank());
  try {
    (void)run_ensemble_distributed(counties, make, o);
    expect(mpi_size() == 1, "different draws on different ranks: no exception");
  } catch (const std::invalid_argument&) {
  }
  EnsembleOptions keep;
  keep.keep_draws = [](std::size_t, std::uint64_t, std::span<const double>) {};
  try {
    (void)run_ensemble_distributed(counties, make, keep);
    expect(mpi_size() == 1, "keep_draws over several ranks: no exception");
  } catch (const std::invalid_argument&) {
  }
}

int check() {
  const Scenario a = county(1, true);
  const Scenario b = county(2, true);
  const Scenario c = county(3, true);
  const std::vector<const Scenario*> counties{&a, &b, &c};
  for (unsigned threads : {1u, 2u}) check_same_bits(counties, threads);
  check_failure_everywhere(counties);
  check_inputs_must_agree(counties);
  if (mpi_rank() == 0 && failures == 0)
    std::cout << "distributed ensembles on " << mpi_size() << " ranks: all checks passed\n";
  return failures == 0 ? 0 : 1;
}

/// CPU seconds used by this process so far (every thread).
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

/// Wall-clock throughput, and CPU seconds over every rank: on a machine
/// whose cores other jobs share, the wall-clock figure depends on their load
/// and the CPU figure shows what the distribution itself costs.
int time_ranks(std::uint64_t draws) {
  const Scenario a = county(1, false);
  const Scenario b = county(2, false);
  const std::vector<const Scenario*> counties{&a, &b};
  EnsembleOptions o;
  o.draws = draws;
  o.threads = 1;
  const boost::mpi::communicator world;
  world.barrier();
  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  const std::vector<CountyEnsemble> r = run_ensemble_distributed(counties, make, o);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  double cpu = 0;
  boost::mpi::reduce(world, cpu_seconds() - cpu_before, cpu, std::plus<double>(), 0);
  if (mpi_rank() == 0) {
    // One county projected one year in one variant, as `bench/ensemble_bench` counts.
    const double county_years = static_cast<double>(counties.size() * draws) *
                                static_cast<double>(r.at(0).layout.variants.size()) *
                                static_cast<double>(r.at(0).layout.years());
    std::ostringstream line;
    line.precision(4);
    line << mpi_size() << " rank(s) x 1 thread: " << county_years / took.count() << " county-years/s ("
         << counties.size() << " counties x " << draws << " draws x " << r[0].layout.years() << " years, "
         << r[0].layout.variants.size() << " variants each, in " << took.count() << " s); "
         << county_years / cpu << " county-years per CPU-second over all ranks\n";
    std::cout << line.str();
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ygt::MpiEnvironment env(argc, argv);
  try {
    if (argc > 1 && std::string_view(argv[1]) == "--time") {
      return time_ranks(argc > 2 ? std::stoull(argv[2]) : 256);
    }
    return check();
  } catch (const std::exception& e) {
    std::cerr << "rank " << env.rank() << ": " << e.what() << '\n';
    return 1;
  }
}
