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

}  // namespace

int run_sweep(const std::vector<std::string>& args, Io io) {
  po::options_description visible(
      "usage: ygt sweep FILE --set PATH=a:b:step [--set PATH=v1,v2,...] [--year YEAR] [--variant NAME]\n"
      "                 [--indicators ID,...] [--format table|csv|json] [--out DIR] [--threads N] "
      "[--quiet]\n\n"
      "Projects the scenario at every point of a grid of parameter values (one --set per axis; several\n"
      "axes give the full grid) for one-way and multi-way sensitivity. Parameters are named by their\n"
      "paths (docs/scenario-format.md, \"Parameter paths\"). One row per grid point, variant and year:\n"
      "the point's number, the parameters' values, the variant, the year, then the indicators. With\n"
      "--out, writes sweep.csv (every indicator) and sweep.json into DIR, both or neither.\n\noptions");
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
  if (sets.empty()) {
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
    emit(result, format, out_dir, "sweep.json", io, [&] {
      std::string head = region.name + " (" + region.id +
                         "): " + std::to_string(r.sweeps.front().point_count()) +
                         " points, each county and the region";
      if (r.sweeps.front().years.size() == 1) head += ", " + std::to_string(r.sweeps.front().years.front());
      return head + "\n\n" + text_of(result);
    });
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
  emit(result, format, out_dir, "sweep.json", io, [&] {
    std::string head = sc.name + ": " + std::to_string(r.point_count()) + " points";
    if (r.years.size() == 1) head += ", " + std::to_string(r.years.front());
    return head + "\n\n" + text_of(result);
  });
  return exit_ok;
}

}  // namespace ygt::cli
