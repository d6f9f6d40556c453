#include <algorithm>
#include <boost/program_options.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "io/json_reader.hpp"
#include "yigongti/io/region_file.hpp"
#include "yigongti/io/results.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/study/sweep.hpp"

namespace ygt::cli {
namespace po = boost::program_options;

namespace {

/// The indicators of the readable table when none are asked for.
constexpr Indicator key_indicators[] = {Indicator::county_visit_rate, Indicator::primary_visit_share,
                                        Indicator::hospitalization_rate, Indicator::fund_spending,
                                        Indicator::alliance_retained};

/// The indicators named in `list` (comma-separated ids); throws `InputError` for an unknown one.
std::vector<Indicator> parse_indicators(const std::string& list) {
  std::vector<Indicator> out;
  std::vector<std::string> ids;
  for (const IndicatorInfo& info : indicator_catalog()) ids.emplace_back(info.id);
  ProblemList problems;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string id = list.substr(start, comma - start);
    if (const auto i = find_indicator(id)) {
      out.push_back(*i);
    } else {
      std::string what = "unknown indicator \"" + id + "\"";
      what = detail::with_suggestion(std::move(what), id, ids);
      problems.add("--indicators", std::move(what),
                   "indicator ids separated by commas, such as county_visit_rate");
    }
    start = comma + 1;
  }
  problems.throw_if_any("");
  return out;
}

/// Writes `result` as `emit` does, its readable table under `head` (with the
/// year when only one is reported).
void emit_study(const ResultSet& result, Format format, const std::string& out_dir,
                const std::string& json_name, Io io, std::string head, const std::vector<int>& years) {
  if (years.size() == 1) head += ", " + std::to_string(years.front());
  emit(result, format, out_dir, json_name, io, [&] { return head + "\n\n" + text_of(result); });
}

/// `ygt sweep FILE --one-at-a-time`: each parameter alone at its low and high
/// value (the `--set` ranges, else the uncertainty section's percentiles).
int run_one_at_a_time(const std::string& file, const std::vector<std::string>& sets,
                      const std::vector<Indicator>& indicators, SweepOptions options, Format format,
                      const std::string& out_dir, bool quiet, Io io) {
  if (is_region_file(file)) {
    io.err << "ygt sweep: --one-at-a-time takes a county's scenario file, not a region file\n";
    return exit_bad_input;
  }
  const ScenarioFile input = load_scenario_file(file);
  const Scenario& sc = input.scenario;
  std::vector<OneAtATimeRange> ranges;
  if (!sets.empty()) {
    for (const std::string& s : sets) ranges.push_back(parse_one_at_a_time_range(s, sc));
  } else if (input.uncertainty) {
    ranges = one_at_a_time_ranges(*input.uncertainty);
  } else {
    throw InputError(sc.origin,
                     {{"uncertainty", "no uncertainty section to take the ranges from, and no --set",
                       "--set PATH=LOW,HIGH, or an uncertainty section"}});
  }
  Progress progress("one at a time", 1 + 2 * ranges.size(), io.err, !quiet && Progress::stderr_is_terminal(),
                    "projections");
  options.progress = progress.callback();
  const OneAtATimeResult r = one_at_a_time(sc, ranges, options);
  progress.finish();
  const ResultSet result = tornado_result(sc, r, indicators);
  emit_study(result, format, out_dir, "result.json", io,
             sc.name + ": one at a time, " + std::to_string(r.parameters.size()) + " parameters", r.years);
  return exit_ok;
}

}  // namespace

int run_sweep(const std::vector<std::string>& args, Io io) {
  po::options_description visible(
      "usage: ygt sweep FILE --set PATH=a:b:step [--set PATH=v1,v2,...] [--year YEAR] [--variant NAME]\n"
      "                 [--indicators ID,...] [--format table|csv|json] [--out DIR] [--threads N] "
      "[--quiet]\n"
      "       ygt sweep FILE --one-at-a-time [--set PATH=LOW,HIGH ...] [options as above]\n\n"
      "Projects the scenario at every point of a grid of parameter values (one --set per axis; several\n"
      "axes give the full grid) for one-way and multi-way sensitivity. Parameters are named by their\n"
      "paths (docs/scenario-format.md, \"Parameter paths\"). One row per grid point, variant and year:\n"
      "the point's number, the parameters' values, the variant, the year, then the indicators. With\n"
      "--out, writes sweep.csv (every indicator) and sweep.json into DIR, both or neither.\n\n"
      "With --one-at-a-time, moves each parameter alone to a low and a high value (each --set's two\n"
      "values, else the 2.5th and 97.5th percentiles of the uncertainty section's distributions) and\n"
      "writes a tornado: per variant, year and indicator, one row per parameter, the largest swing\n"
      "first. With --out, writes tornado.csv and result.json.\n\noptions");
  std::vector<std::string> sets;
  std::string format_text = "table";
  std::string out_dir;
  std::string variant;
  std::string indicators_text;
  int year = 0;
  unsigned threads = 0;
  visible.add_options()("help,h", "show this help")(
      "set", po::value(&sets)->value_name("PATH=a:b:step"),
      "an axis: values a, a+step, ... up to b, or a list v1,v2,...; repeat for more axes")(
      "one-at-a-time", "each parameter alone at its low and high value: a tornado table")(
      "year", po::value(&year)->value_name("YEAR"), "report only this year (default: every year)")(
      "variant", po::value(&variant)->value_name("NAME"), "run only this variant (default: every variant)")(
      "indicators", po::value(&indicators_text)->value_name("ID,..."),
      "the indicator columns (default: every indicator; the table format shows five key ones)")(
      "format", po::value(&format_text)->value_name("FORMAT"), "without --out: table (default), csv or json")(
      "out", po::value(&out_dir)->value_name("DIR"), "write sweep.csv and sweep.json into DIR")(
      "threads", po::value(&threads)->value_name("N"), "worker threads (default: one per core)")(
      "quiet,q", "no progress line on standard error");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const std::vector<std::string>& files = *parsed;
  if (files.size() != 1) {
    io.err << "ygt sweep: give exactly one scenario file (usage: ygt sweep FILE --set PATH=a:b:step)\n";
    return exit_bad_input;
  }
  const bool one_at_a_time = vm.count("one-at-a-time") != 0;
  if (sets.empty() && !one_at_a_time) {
    io.err << "ygt sweep: give at least one axis, --set PATH=a:b:step (see ygt sweep --help)\n";
    return exit_bad_input;
  }
  const Format format = parse_format(format_text);
  std::vector<Indicator> indicators;
  if (vm.count("indicators") != 0) {
    indicators = parse_indicators(indicators_text);
  } else if (format == Format::table && out_dir.empty()) {
    indicators.assign(std::begin(key_indicators), std::end(key_indicators));
  } else {
    for (std::size_t i = 0; i < indicator_count; ++i) indicators.push_back(static_cast<Indicator>(i));
  }

  SweepOptions options;
  if (vm.count("year") != 0) options.year = year;
  if (vm.count("variant") != 0) options.variant = variant;
  options.threads = threads;
  if (one_at_a_time) {
    return run_one_at_a_time(files[0], sets, indicators, options, format, out_dir, vm.count("quiet") != 0,
                             io);
  }
  if (is_region_file(files[0])) {
    const Region region = load_region_file(files[0]).region;
    std::vector<RegionSweepAxis> axes;
    for (const std::string& s : sets) axes.push_back(parse_region_sweep_axis(s, region));
    std::size_t points = 1;
    for (const RegionSweepAxis& a : axes)
      points = std::min(max_sweep_points + 1, points * std::max<std::size_t>(1, a.values.size()));
    Progress progress("sweep", points, io.err, vm.count("quiet") == 0 && Progress::stderr_is_terminal(),
                      "points");
    options.progress = progress.callback();
    const RegionSweepResult r = run_region_sweep(region, axes, options);
    progress.finish();
    const ResultSet result = region_sweep_result(region, r, indicators);
    emit_study(result, format, out_dir, "sweep.json", io,
               region.name + " (" + region.id + "): " + std::to_string(r.sweeps.front().point_count()) +
                   " points, each county and the region",
               r.sweeps.front().years);
    return exit_ok;
  }
  const Scenario sc = load_scenario(files[0]);
  std::vector<SweepAxis> axes;
  for (const std::string& s : sets) axes.push_back(parse_sweep_axis(s, sc));
  const std::size_t points = grid_size(axes);
  Progress progress("sweep", points, io.err, vm.count("quiet") == 0 && Progress::stderr_is_terminal(),
                    "points");
  options.progress = progress.callback();
  const SweepResult r = run_sweep(sc, axes, options);
  progress.finish();

  const ResultSet result = sweep_result(sc, r, indicators);
  emit_study(result, format, out_dir, "sweep.json", io,
             sc.name + ": " + std::to_string(r.point_count()) + " points", r.years);
  return exit_ok;
}

}  // namespace ygt::cli
