#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
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

std::string band(const Summary& s, Indicator i) {
  return band_text(i, s.moments().mean(), s.quantile(0.025), s.quantile(0.975));
}

/// The key indicators' means with their 2.5-97.5 percentile bands, by year;
/// with a baseline, each compared variant's effect (`reform - baseline`) too.
Table readable_table(const std::vector<CountyEnsemble>& results) {
  Table t{"key_indicators", {"county", "variant", "year"}, {}};
  for (Indicator i : key_indicators) t.columns.emplace_back(indicator_catalog()[index(i)].id);
  for (const CountyEnsemble& c : results) {
    const EnsembleLayout& layout = c.layout;
    for (std::size_t v = 0; v < layout.variants.size(); ++v) {
      for (int y = layout.first_year; y <= layout.last_year; ++y) {
        std::vector<Cell> row = {c.county_id, layout.variants[v], std::int64_t{y}};
        for (Indicator i : key_indicators) row.emplace_back(band(c.summary[layout.cell(v, y, i)], i));
        t.add(std::move(row));
      }
    }
    for (std::size_t e = 0; e < layout.effects(); ++e) {
      const std::string name =
          layout.variants[layout.effect_variant(e)] + " - " + layout.variants[*layout.baseline];
      for (int y = layout.first_year; y <= layout.last_year; ++y) {
        std::vector<Cell> row = {c.county_id, name, std::int64_t{y}};
        for (Indicator i : key_indicators) row.emplace_back(band(c.summary[layout.effect_cell(e, y, i)], i));
        t.add(std::move(row));
      }
    }
  }
  return t;
}

/// The names of the files an ensemble wrote.
std::string written(bool effects, bool keep) {
  std::string names = effects ? "summary.csv, effects.csv" : "summary.csv";
  return names + (keep ? ", result.json and draws.csv" : " and result.json");
}

/// The columns of the drawn parameters in draws.csv: every path a county's
/// draw sets, in order of first appearance (`prefix[c]` before county c's).
struct ParameterColumns {
  std::vector<std::string> names;
  std::vector<std::vector<std::size_t>> of_county;  // each county's values' columns, in draw order

  ParameterColumns(const std::vector<const UncertaintySpec*>& specs, const std::vector<std::string>& prefix) {
    for (std::size_t c = 0; c < specs.size(); ++c) {
      of_county.emplace_back();
      if (specs[c] == nullptr) continue;
      for (const std::string& path : drawn_paths(*specs[c])) {
        const std::string name = prefix[c] + path;
        const auto it = std::find(names.begin(), names.end(), name);
        of_county.back().push_back(static_cast<std::size_t>(it - names.begin()));
        if (it == names.end()) names.push_back(name);
      }
    }
  }
};

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
                    const std::string& out_dir, bool keep, const std::optional<std::string>& variant,
                    const std::optional<std::string>& baseline, Io io) {
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
  if (!out_dir.empty()) out.emplace(out_dir, io.bom);
  Progress progress("ensemble", draws * region.counties.size(), std::cerr,
                    vm.count("quiet") == 0 && Progress::stderr_is_terminal());
  EnsembleOptions options;
  options.draws = draws;
  options.threads = threads;
  options.progress = progress.callback();
  options.percentile_memory = percentile_memory;
  options.variant = variant;
  options.baseline = baseline;
  std::vector<CountyEnsemble> layouts;
  for (const Scenario& sc : region.counties)
    layouts.push_back({sc.county.id(), sc.name, EnsembleLayout::of(sc, variant, baseline), SummaryTable(0)});
  std::optional<DrawsCsvWriter> writer;
  if (keep) {
    layouts.push_back({region.id, region.name, layouts.front().layout, SummaryTable(0)});
    // Every row of a draw carries every county's drawn values: draw d of the region is all of them.
    std::vector<const UncertaintySpec*> specs;
    std::vector<std::string> prefix;
    for (std::size_t c = 0; c < region.counties.size(); ++c) {
      specs.push_back(file.uncertainty[c] ? &*file.uncertainty[c] : nullptr);
      prefix.push_back("counties." + region.counties[c].county.id() + ".");
    }
    auto columns = std::make_shared<ParameterColumns>(specs, prefix);
    DrawnParameters drawn{columns->names,
                          [&, columns](std::size_t, std::uint64_t d, std::vector<double>& row) {
                            for (std::size_t c = 0; c < specs.size(); ++c) {
                              if (specs[c] == nullptr) continue;
                              DrawStream stream(seeds[c], region.counties[c].county.id(), d);
                              const std::vector<double> x = draw_values(*specs[c], stream);
                              for (std::size_t k = 0; k < x.size(); ++k) row[columns->of_county[c][k]] = x[k];
                            }
                          }};
    writer.emplace(out->stream("draws.csv"), std::move(layouts), std::move(drawn));
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
    io.out << "wrote " << written(baseline.has_value(), keep) << " to " << out_dir << " (" << draws
           << " draws of a region of " << region.counties.size() << " counties)\n";
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
      "                    [--variant NAME | --compare BASELINE] [--format table|csv|json]\n"
      "                    [--keep-draws] [--percentile-memory MB] [--quiet]\n\n"
      "Runs every draw of the scenarios' `uncertainty` sections, every variant and year, and\n"
      "summarises each county, variant, year and indicator: draws, mean, sd and the 2.5, 50\n"
      "and 97.5 percentiles (docs/study.md), exact while every draw's values fit in\n"
      "--percentile-memory, from a sketch with a stated rank error otherwise. Draw d of a\n"
      "county takes its random numbers from a stream fixed by (seed, county id, d) alone:\n"
      "results do not depend on threads or order.\n"
      "With --out, writes summary.csv and result.json (and draws.csv with --keep-draws) into\n"
      "DIR, all or nothing. With --compare, also each other variant less the baseline within each\n"
      "draw, with its band and the probability that it is positive (effects.csv).\n\noptions");
  std::uint64_t draws = 0;
  std::uint64_t seed = 0;
  unsigned threads = 0;
  std::uint64_t percentile_mb = default_percentile_memory >> 20;
  std::string format_text = "table";
  std::string out_dir;
  std::string variant_text;
  std::string baseline_text;
  visible.add_options()("help,h", "show this help")("variant", po::value(&variant_text)->value_name("NAME"),
                                                    "run only this variant")(
      "compare", po::value(&baseline_text)->value_name("BASELINE"),
      "report every other variant less BASELINE within each draw (effects.csv)")(
      "draws", po::value(&draws)->value_name("N"),
      "draws per county (default: the files' uncertainty.draws)")(
      "seed", po::value(&seed)->value_name("S"), "random seed (default: each file's uncertainty.seed)")(
      "threads", po::value(&threads)->value_name("T"), "worker threads (default: every core)")(
      "out", po::value(&out_dir)->value_name("DIR"), "write the result files into DIR")(
      "format", po::value(&format_text)->value_name("FORMAT"),
      "without --out: table (default: key indicators with 95% bands), csv or json")(
      "keep-draws", "also write every draw's indicators and parameter values (draws.csv; needs --out)")(
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
  std::optional<std::string> variant;
  std::optional<std::string> baseline;
  if (vm.count("variant") != 0) variant = variant_text;
  if (vm.count("compare") != 0) baseline = baseline_text;
  if (variant && baseline) {
    io.err << "ygt ensemble: --compare runs every variant; give --variant or --compare, not both\n";
    return exit_bad_input;
  }
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
                           format, out_dir, keep, variant, baseline, io);
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
    (void)EnsembleLayout::of(sc, variant, baseline);  // the variants asked for exist
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
  if (!out_dir.empty() && writes) out.emplace(out_dir, io.bom);
  Progress progress("ensemble", draws * loaded.size(), std::cerr,
                    writes && vm.count("quiet") == 0 && Progress::stderr_is_terminal());
  EnsembleOptions options;
  options.draws = draws;
  options.threads = threads;
  options.progress = progress.callback();
  options.percentile_memory = percentile_memory;
  options.variant = variant;
  options.baseline = baseline;
  std::vector<CountyEnsemble> layouts;  // for the draw writer: ids and layouts before the run
  std::optional<DrawsCsvWriter> writer;
  if (keep) {
    for (const Scenario* sc : inputs)
      layouts.push_back(
          {sc->county.id(), sc->name, EnsembleLayout::of(*sc, variant, baseline), SummaryTable(0)});
    std::vector<const UncertaintySpec*> specs;
    for (const ScenarioFile& f : loaded) specs.push_back(&*f.uncertainty);
    auto columns = std::make_shared<ParameterColumns>(specs, std::vector<std::string>(specs.size()));
    DrawnParameters drawn{columns->names,
                          [&, columns](std::size_t c, std::uint64_t d, std::vector<double>& row) {
                            DrawStream stream(seeds[c], loaded[c].scenario.county.id(), d);
                            const std::vector<double> x = draw_values(*loaded[c].uncertainty, stream);
                            for (std::size_t k = 0; k < x.size(); ++k) row[columns->of_county[c][k]] = x[k];
                          }};
    writer.emplace(out->stream("draws.csv"), layouts, std::move(drawn));
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
    io.out << "wrote " << written(baseline.has_value(), keep) << " to " << out_dir << " (" << draws
           << " draws of " << inputs.size() << (inputs.size() == 1 ? " county" : " counties") << ")\n";
    return exit_ok;
  }
  emit(result, format, "", "result.json", io,
       [&] { return readable_text(std::to_string(draws) + " draws", results); });
  return exit_ok;
}

}  // namespace ygt::cli
