#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/text_table.hpp"
#include "io/json_reader.hpp"
#include "yigongti/io/calibration_files.hpp"
#include "yigongti/io/region_file.hpp"
#include "yigongti/io/results.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/study/calibration.hpp"

namespace ygt::cli {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

/// Writes a calibration's result (`title` heads the readable text) and the
/// note on where the calibrated inputs went.
void report(const ResultSet& result, const CalibrationResult& r, const std::string& title,
            const std::string& note, Format format, const std::string& out_dir, Io io) {
  emit(result, format, out_dir, "calibration.json", io, [&] {
    std::ostringstream head;
    head << title << ": " << r.status << "\n"
         << r.evaluations << " projections, " << r.iterations << " iterations; weighted sum of squares "
         << cell_for_people(r.start_ssr) << " at the start, " << cell_for_people(r.weighted_ssr)
         << " at the fit\n\n";
    return head.str() + text_of(result) +
           "\nStandard errors are approximate: s^2 (J^T J)^-1 at the fit, s^2 the weighted sum of squares\n"
           "over (targets - free parameters); none for a parameter at a bound or without spare targets.\n";
  });
  (format == Format::table || !out_dir.empty() ? io.out : io.err) << note;
}

/// `ygt calibrate` on a region file: the counties' calibration sections
/// fitted together to targets of the counties and of the region.
int calibrate_region(const std::string& text, const fs::path& file, const std::string& targets_path,
                     const fs::path& out_file, CalibrationOptions options, bool quiet, Format format,
                     const std::string& out_dir, Io io) {
  const RegionFile input = parse_region_file(text, file.string(), file.parent_path());
  const Region& region = input.region;
  const std::vector<RegionFreeParameter> free = region_free_parameters(input);
  const std::vector<CalibrationTarget> targets = load_region_targets(targets_path, region);
  std::size_t weighted = 0;
  for (const CalibrationTarget& t : targets) weighted += t.weight > 0.0 ? 1 : 0;
  if (weighted < free.size()) {
    throw InputError(targets_path, {{"",
                                     std::to_string(weighted) + " targets of weight > 0 for " +
                                         std::to_string(free.size()) + " free parameters",
                                     "at least as many targets as free parameters"}});
  }
  Progress progress("calibrate", options.max_evaluations, io.err, !quiet && Progress::stderr_is_terminal(),
                    "projections");
  options.progress = progress.callback();
  const CalibrationResult r = calibrate(region, free, targets, options);
  progress.finish();

  const std::vector<OutputFile> files = calibrated_region_files(text, region, r, out_file);
  {
    AtomicFiles out(out_file.parent_path().empty() ? fs::path(".") : out_file.parent_path());
    for (const OutputFile& f : files) out.add(f.name, f.text);
    out.commit();
  }

  const ResultSet result = region_calibration_result(region, r, out_file);
  if (!r.converged) io.err << "ygt calibrate: warning: " << r.status << "\n";
  std::string note = "wrote the calibrated region to " + out_file.string();
  for (std::size_t i = 1; i < files.size(); ++i) {
    note += i == 1 ? " and its calibrated county files " : ", ";
    note += (out_file.parent_path() / files[i].name).string();
  }
  note += " (the originals' comments are not kept)\n";
  report(result, r,
         region.name + " (" + region.id + ", " + std::to_string(region.counties.size()) + " counties)", note,
         format, out_dir, io);
  return exit_ok;
}

}  // namespace

int run_calibrate(const std::vector<std::string>& args, Io io) {
  po::options_description visible(
      "usage: ygt calibrate FILE --targets TARGETS.csv [--output FILE] [--format table|csv|json] [--out "
      "DIR]\n"
      "                     [--max-evaluations N] [--threads N] [--uncertainty-from-fit] [--quiet]\n\n"
      "Fits the scenario's free parameters (its calibration section) to observed indicators by weighted\n"
      "least squares (Levenberg-Marquardt within the bounds), prints the fitted values with approximate\n"
      "standard errors and the residuals, and writes the calibrated scenario: the file with the fitted\n"
      "values in place (comments are not kept). TARGETS.csv has the columns year, variant, indicator,\n"
      "observed and weight (docs/study.md, \"Calibration\"). With --out, writes parameters.csv,\n"
      "targets.csv and calibration.json into DIR, all or none.\n\n"
      "On a region file, fits every county's calibration section together (parameters\n"
      "counties.ID.PATH); a column county names a target's county, or the region (its id, or empty)\n"
      "for the region's indicators. The calibrated region is written with a calibrated county file\n"
      "STEM.ID.json beside it for each county read from a file that has fitted parameters.\n\noptions");
  std::string targets_path;
  std::string output;
  std::string format_text = "table";
  std::string out_dir;
  std::size_t max_evaluations = CalibrationOptions{}.max_evaluations;
  unsigned threads = 0;
  visible.add_options()("help,h", "show this help")(
      "targets", po::value(&targets_path)->value_name("TARGETS.csv"), "the observed values to fit")(
      "output", po::value(&output)->value_name("FILE"),
      "where to write the calibrated scenario (default: FILE with .calibrated.json)")(
      "format", po::value(&format_text)->value_name("FORMAT"), "without --out: table (default), csv or json")(
      "out", po::value(&out_dir)->value_name("DIR"),
      "write parameters.csv, targets.csv and calibration.json")(
      "max-evaluations", po::value(&max_evaluations)->value_name("N"),
      "the most projections the fit may run (default 2000)")(
      "threads", po::value(&threads)->value_name("N"),
      "worker threads for the Jacobian (default: one per core)")(
      "uncertainty-from-fit",
      "in the calibrated scenario, draw the fitted parameters from a multivariate normal with the fit's "
      "approximate covariance (needs more targets than free parameters)")(
      "quiet,q", "no progress line on standard error");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const std::vector<std::string>& files = *parsed;
  if (files.size() != 1) {
    io.err << "ygt calibrate: give exactly one scenario file (usage: ygt calibrate FILE --targets "
              "TARGETS.csv)\n";
    return exit_bad_input;
  }
  if (targets_path.empty()) {
    io.err << "ygt calibrate: --targets TARGETS.csv is required: the observed values to fit (see ygt "
              "calibrate --help)\n";
    return exit_bad_input;
  }
  const Format format = parse_format(format_text);
  if (max_evaluations < 1) {
    throw po::invalid_option_value("--max-evaluations " + std::to_string(max_evaluations) +
                                   " (expected at least 1 projection)");
  }
  const fs::path file = files[0];
  const fs::path out_file =
      output.empty() ? file.parent_path() / (file.stem().string() + ".calibrated.json") : fs::path(output);
  if (fs::exists(out_file) && fs::exists(file) && fs::equivalent(out_file, file)) {
    io.err << "ygt calibrate: --output " << out_file.string()
           << " is the scenario itself (expected a new file: the original keeps its comments)\n";
    return exit_bad_input;
  }

  ProblemList problems;
  const auto text = detail::read_text_file(file.string(), detail::JsonLimits{}.max_file_bytes, problems);
  problems.throw_if_any(file.string());
  const bool from_fit = vm.count("uncertainty-from-fit") != 0;
  if (is_region_text(*text)) {
    if (from_fit) {
      io.err << "ygt calibrate: --uncertainty-from-fit is for a scenario file, not a region\n";
      return exit_bad_input;
    }
    CalibrationOptions options;
    options.max_evaluations = max_evaluations;
    options.threads = threads;
    return calibrate_region(*text, file, targets_path, out_file, options, vm.count("quiet") != 0, format,
                            out_dir, io);
  }
  const ScenarioFile input = parse_scenario_file(*text, file.string(), file.parent_path());
  const Scenario& sc = input.scenario;
  if (!input.calibration) {
    throw InputError(
        file.string(),
        {{"calibration", "the scenario has no calibration section",
          "\"calibration\": {\"free\": {PATH: {\"lower\": L, \"upper\": U}, ...}} naming the parameters "
          "to fit (docs/scenario-format.md)"}});
  }
  const std::vector<CalibrationTarget> targets = load_targets(targets_path, sc);
  std::size_t weighted = 0;
  for (const CalibrationTarget& t : targets) weighted += t.weight > 0.0 ? 1 : 0;
  if (weighted < input.calibration->free.size()) {
    throw InputError(targets_path, {{"",
                                     std::to_string(weighted) + " targets of weight > 0 for " +
                                         std::to_string(input.calibration->free.size()) + " free parameters",
                                     "at least as many targets as free parameters"}});
  }
  if (from_fit && weighted == input.calibration->free.size()) {
    throw InputError(targets_path, {{"",
                                     std::to_string(weighted) +
                                         " targets of weight > 0 for as many free parameters: the fit "
                                         "has no covariance for --uncertainty-from-fit",
                                     "more targets than free parameters"}});
  }

  CalibrationOptions options;
  options.max_evaluations = max_evaluations;
  options.threads = threads;
  Progress progress("calibrate", max_evaluations, io.err,
                    vm.count("quiet") == 0 && Progress::stderr_is_terminal(), "projections");
  options.progress = progress.callback();
  const CalibrationResult r = calibrate(sc, *input.calibration, targets, options);
  progress.finish();

  const std::string calibrated = calibrated_scenario_text(*text, sc, r, out_file.parent_path(), from_fit);
  {
    AtomicFiles out(out_file.parent_path().empty() ? fs::path(".") : out_file.parent_path());
    out.add(out_file.filename().string(), calibrated);
    out.commit();
  }

  const ResultSet result = calibration_result(sc, r, out_file);
  if (!r.converged) io.err << "ygt calibrate: warning: " << r.status << "\n";
  const std::string note =
      "wrote the calibrated scenario to " + out_file.string() + " (the original's comments are not kept)\n";
  report(result, r, sc.name, note, format, out_dir, io);
  return exit_ok;
}

}  // namespace ygt::cli
