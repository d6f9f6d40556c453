#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/text_table.hpp"
#include "yigongti/io/region_file.hpp"
#include "yigongti/io/results.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/study/ensemble.hpp"
#ifdef YGT_WITH_MPI
#include "yigongti/study/distributed.hpp"
#endif
#include "yigongti/study/uncertainty.hpp"

namespace ygt::cli {
namespace po = boost::program_options;

namespace {

/// The indicators of the readable table, with their 95% band.
constexpr Indicator key_indicators[] = {Indicator::county_visit_rate, Indicator::primary_visit_share,
                                        Indicator::fund_spending, Indicator::balance};

std::string band(const Summary& s) {
  char text[96];
  std::snprintf(text, sizeof text, "%.4g [%.4g, %.4g]", s.moments().mean(), s.quantile(0.025),
                s.quantile(0.975));
  return text;
}

/// The key indicators' means with their 2.5-97.5 percentile bands, by year.
Table readable_table(const std::vector<CountyEnsemble>& results) {
  Table t{"key_indicators", {"county", "variant", "year"}, {}};
  for (Indicator i : key_indicators) t.columns.emplace_back(indicator_catalog()[index(i)].id);
  for (const CountyEnsemble& c : results) {
    const EnsembleLayout& layout = c.layout;
    for (std::size_t v = 0; v < layout.variants.size(); ++v) {
      for (int y = layout.first_year; y <= layout.last_year; ++y) {
        std::vector<Cell> row = {c.county_id, layout.variants[v], std::int64_t{y}};
        for (Indicator i : key_indicators) row.emplace_back(band(c.summary[layout.cell(v, y, i)]));
        t.add(std::move(row));
      }
    }
  }
  return t;
}

/// The readable output: `heading`, the key indicators' table, and below it
/// how the percentiles were computed.
std::string readable_text(const std::string& heading, const std::vector<CountyEnsemble>& results) {
  return heading + "; mean [2.5th, 97.5th percentile]\n\n" + to_text(readable_table(results)) +
         "\npercentiles: " + percentile_method(results) + "\n";
}

/// Under `mpirun` (a build with YGT_WITH_MPI), every rank runs the command
/// and rank 0 alone writes; otherwise this process is the only one.
int process_rank() {
#ifdef YGT_WITH_MPI
  return mpi_rank();
#else
  return 0;
#endif
}

int process_count() {
#ifdef YGT_WITH_MPI
  return mpi_size();
#else
  return 1;
#endif
}

/// The ensemble spread over the MPI ranks, or in this process alone.
std::vector<CountyEnsemble> run_everywhere(const std::vector<const Scenario*>& inputs, const DrawMaker& make,
                                           const EnsembleOptions& options) {
#ifdef YGT_WITH_MPI
  return run_ensemble_distributed(inputs, make, options);
#else
  return ygt::run_ensemble(inputs, make, options);
#endif
}

/// `ygt ensemble` on a region file: draw d of the region is draw d of each
/// county that has an uncertainty section (the others stay as given), and
/// the region's indicators are added up within each draw.
int region_ensemble(const RegionFile& file, const po::variables_map& vm, std::uint64_t draws,
                    std::uint64_t seed, unsigned threads, std::uint64_t percentile_memory, Format format,
                    const std::string& out_dir, bool keep, Io io) {
  const Region& region = file.region;
  std::optional<std::uint64_t> asked;
  for (std::size_t c = 0; c < region.counties.size(); ++c) {
    if (!file.uncertainty[c]) continue;
    const auto n = static_cast<std::uint64_t>(file.uncertainty[c]->draws);
    if (vm.count("draws") == 0 && asked && *asked != n) {
      io.err << "ygt ensemble: the counties ask for different numbers of draws; give --draws\n";
      return exit_bad_input;
    }
    asked = n;
  }
  if (!asked) {
    throw InputError(region.origin, {{"region.counties", "no county has an uncertainty section",
                                      "an `uncertainty` section in at least one county (docs/study.md)"}});
  }
  if (vm.count("draws") == 0) draws = *asked;
  std::vector<std::uint64_t> seeds;
  for (std::size_t c = 0; c < region.counties.size(); ++c)
    seeds.push_back(vm.count("seed") != 0 ? seed : file.uncertainty[c] ? file.uncertainty[c]->seed : 0);
  const DrawMaker make = [&](Scenario& copy, std::size_t c, std::uint64_t d) {
    if (!file.uncertainty[c]) return;
    DrawStream stream(seeds[c], region.counties[c].county.id(), d);
    apply_draw(copy, *file.uncertainty[c], stream);
  };
  std::optional<AtomicFiles> out;
  if (!out_dir.empty()) out.emplace(out_dir);
  Progress progress("ensemble", draws * region.counties.size(), std::cerr,
                    vm.count("quiet") == 0 && Progress::stderr_is_terminal());
  EnsembleOptions options;
  options.draws = draws;
  options.threads = threads;
  options.progress = progress.callback();
  options.percentile_memory = percentile_memory;
  std::optional<DrawsCsvWriter> writer;
  if (keep) {
    std::vector<CountyEnsemble> layouts;
    for (const Scenario& sc : region.counties)
      layouts.push_back({sc.county.id(), sc.name, EnsembleLayout::of(sc), SummaryTable(0)});
    layouts.push_back({region.id, region.name, EnsembleLayout::of(region.counties.front()), SummaryTable(0)});
    writer.emplace(out->stream("draws.csv"), std::move(layouts));
    options.keep_draws = [&](std::size_t c, std::uint64_t d, std::span<const double> v) {
      (*writer)(c, d, v);
    };
  }
  const std::vector<CountyEnsemble> results = run_region_ensemble(region, make, options);
  progress.finish();
  std::vector<const Scenario*> inputs;
  for (const Scenario& sc : region.counties) inputs.push_back(&sc);
  ResultSet result = ensemble_result(inputs, seeds, results, draws);
  result.meta.emplace_back("region", region.id);
  result.meta.emplace_back("region_checksum", region.checksum);
  if (out) {
    add_result(*out, result, "result.json");
    out->commit();
    io.out << "wrote summary.csv, result.json" << (keep ? " and draws.csv" : "") << " to " << out_dir << " ("
           << draws << " draws of a region of " << region.counties.size() << " counties)\n";
    return exit_ok;
  }
  emit(result, format, "", "result.json", io, [&] {
    return readable_text(region.name + " (" + region.id + "): " + std::to_string(draws) +
                             " draws of each county and the region",
                         results);
  });
  return exit_ok;
}

}  // namespace

int run_ensemble(const std::vector<std::string>& args, Io io) {
  po::options_description visible(
      "usage: ygt ensemble FILE... [--draws N] [--seed S] [--threads T] [--out DIR]\n"
      "                    [--format table|csv|json] [--keep-draws] [--percentile-memory MB]\n"
      "                    [--quiet]\n\n"
      "Runs every draw of the scenarios' `uncertainty` sections, every variant and year, and\n"
      "summarises each county, variant, year and indicator: draws, mean, sd and the 2.5, 50\n"
      "and 97.5 percentiles (docs/study.md), exact while every draw's values fit in\n"
      "--percentile-memory, from a sketch with a stated rank error otherwise. Draw d of a\n"
      "county takes its random numbers from a stream fixed by (seed, county id, d) alone:\n"
      "results do not depend on threads or order.\n"
      "With --out, writes summary.csv and result.json (and draws.csv with --keep-draws) into\n"
      "DIR, all or nothing.\n\noptions");
  std::uint64_t draws = 0;
  std::uint64_t seed = 0;
  unsigned threads = 0;
  std::uint64_t percentile_mb = default_percentile_memory >> 20;
  std::string format_text = "table";
  std::string out_dir;
  visible.add_options()("help,h", "show this help")(
      "draws", po::value(&draws)->value_name("N"),
      "draws per county (default: the files' uncertainty.draws)")(
      "seed", po::value(&seed)->value_name("S"), "random seed (default: each file's uncertainty.seed)")(
      "threads", po::value(&threads)->value_name("T"), "worker threads (default: every core)")(
      "out", po::value(&out_dir)->value_name("DIR"), "write the result files into DIR")(
      "format", po::value(&format_text)->value_name("FORMAT"),
      "without --out: table (default: key indicators with 95% bands), csv or json")(
      "keep-draws", "also write every draw's indicators (draws.csv; needs --out)")(
      "percentile-memory", po::value(&percentile_mb)->value_name("MB"),
      "MiB that exact percentiles may take (default 256; 0: always the sketch)")("quiet,q",
                                                                                 "no progress line");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const std::vector<std::string>& files = *parsed;
  if (files.empty()) {
    io.err << "ygt ensemble: give at least one scenario file (usage: ygt ensemble FILE...)\n";
    return exit_bad_input;
  }
  const Format format = parse_format(format_text);
  const bool keep = vm.count("keep-draws") != 0;
  if (keep && out_dir.empty()) {
    io.err << "ygt ensemble: --keep-draws writes draws.csv and needs --out DIR\n";
    return exit_bad_input;
  }
  if (keep && process_count() > 1) {
    io.err << "ygt ensemble: --keep-draws needs a single process, not several MPI ranks\n";
    return exit_bad_input;
  }
  if (vm.count("draws") != 0 && draws < 1) {
    io.err << "ygt ensemble: --draws must be at least 1\n";
    return exit_bad_input;
  }
  constexpr std::uint64_t max_percentile_mb = std::numeric_limits<std::uint64_t>::max() >> 20;
  if (percentile_mb > max_percentile_mb) {
    io.err << "ygt ensemble: --percentile-memory must be at most " << max_percentile_mb << " (MiB)\n";
    return exit_bad_input;
  }
  const std::uint64_t percentile_memory = percentile_mb << 20;

  if (std::any_of(files.begin(), files.end(), [](const std::string& f) { return is_region_file(f); })) {
    if (files.size() != 1) {
      io.err << "ygt ensemble: a region file runs alone (its counties are in it)\n";
      return exit_bad_input;
    }
    if (process_count() > 1) {
      io.err << "ygt ensemble: a region's ensemble runs in a single process, not several MPI ranks\n";
      return exit_bad_input;
    }
    return region_ensemble(load_region_file(files.front()), vm, draws, seed, threads, percentile_memory,
                           format, out_dir, keep, io);
  }

  // Everything is read and checked before anything runs.
  std::vector<ScenarioFile> loaded;
  std::set<std::string> counties;
  for (const std::string& file : files) {
    ScenarioFile f = load_scenario_file(file);
    const Scenario& sc = f.scenario;
    if (!f.uncertainty) {
      throw InputError(sc.origin,
                       {{"uncertainty", "no uncertainty section",
                         "an `uncertainty` section naming the parameters to draw (docs/study.md)"}});
    }
    if (!sc.flows) {
      throw InputError(sc.origin, {{"service_lines", "the scenario has no service lines",
                                    "service_lines, choice and insurance sections to project"}});
    }
    if (!counties.insert(sc.county.id()).second) {
      throw InputError(sc.origin, {{"county.id", "county \"" + sc.county.id() + "\" is in two files",
                                    "a different county id in every file (each county's draws use its id)"}});
    }
    loaded.push_back(std::move(f));
  }
  if (vm.count("draws") == 0) {
    draws = static_cast<std::uint64_t>(loaded.front().uncertainty->draws);
    for (const ScenarioFile& f : loaded) {
      if (static_cast<std::uint64_t>(f.uncertainty->draws) != draws) {
        io.err << "ygt ensemble: the files ask for different numbers of draws; give --draws\n";
        return exit_bad_input;
      }
    }
  }
  std::vector<std::uint64_t> seeds;
  for (const ScenarioFile& f : loaded) seeds.push_back(vm.count("seed") != 0 ? seed : f.uncertainty->seed);

  std::vector<const Scenario*> inputs;
  for (const ScenarioFile& f : loaded) inputs.push_back(&f.scenario);
  const DrawMaker make = [&](Scenario& copy, std::size_t c, std::uint64_t d) {
    DrawStream stream(seeds[c], loaded[c].scenario.county.id(), d);
    apply_draw(copy, *loaded[c].uncertainty, stream);
  };

  const bool writes = process_rank() == 0;
  std::optional<AtomicFiles> out;
  if (!out_dir.empty() && writes) out.emplace(out_dir);
  Progress progress("ensemble", draws * loaded.size(), std::cerr,
                    writes && vm.count("quiet") == 0 && Progress::stderr_is_terminal());
  EnsembleOptions options;
  options.draws = draws;
  options.threads = threads;
  options.progress = progress.callback();
  options.percentile_memory = percentile_memory;
  std::vector<CountyEnsemble> layouts;  // for the draw writer: ids and layouts before the run
  std::optional<DrawsCsvWriter> writer;
  if (keep) {
    for (const Scenario* sc : inputs)
      layouts.push_back({sc->county.id(), sc->name, EnsembleLayout::of(*sc), SummaryTable(0)});
    writer.emplace(out->stream("draws.csv"), layouts);
    options.keep_draws = [&](std::size_t c, std::uint64_t d, std::span<const double> v) {
      (*writer)(c, d, v);
    };
  }
  const std::vector<CountyEnsemble> results = run_everywhere(inputs, make, options);
  progress.finish();
  if (!writes) return exit_ok;  // rank 0 has the results

  const ResultSet result = ensemble_result(inputs, seeds, results, draws);
  if (out) {
    add_result(*out, result, "result.json");
    out->commit();
    io.out << "wrote summary.csv, result.json" << (keep ? " and draws.csv" : "") << " to " << out_dir << " ("
           << draws << " draws of " << inputs.size() << (inputs.size() == 1 ? " county" : " counties")
           << ")\n";
    return exit_ok;
  }
  emit(result, format, "", "result.json", io,
       [&] { return readable_text(std::to_string(draws) + " draws", results); });
  return exit_ok;
}

}  // namespace ygt::cli
