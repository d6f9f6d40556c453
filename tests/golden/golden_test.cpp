// Every `ygt` command on the bundled examples gives the numbers recorded in
// tests/golden/data: a regression test for changes that must not change
// results (a refactoring, a new output format).
//
// Files are compared value by value: CSV cell by cell and JSON member by
// member, numbers as the doubles they read as (so `1e+06` and `1000000` are
// the same number) and everything else as text. Large files are recorded as
// a digest of their values, small ones whole.
//
// To record the current outputs as the new reference (after a change meant to
// alter results, said so in the commit), run the test with
// YGT_GOLDEN_UPDATE=1 from the build directory:
//
//     YGT_GOLDEN_UPDATE=1 build/dev/tests/ygt_tests --gtest_filter='*Golden*'
//
// The `-off` cases run the examples with `"behaviour": "off"` and must give
// the numbers of the model before it had provider behaviour. Their
// references were recorded by running a `ygt` built before behaviour on the
// unchanged examples, and written again in the output format of today (money
// to the fen, counts whole) from this library's runs with behaviour off,
// after checking that those runs gave the recorded values; they are not
// re-recorded by YGT_GOLDEN_UPDATE. To record them again from a build
// (a worktree of an earlier commit, or a program that runs the copies with
// behaviour off):
//
//     export YGT_GOLDEN_BEFORE_BEHAVIOUR=/path/to/old/ygt
//     build/dev/tests/ygt_tests --gtest_filter='*Golden*off*'
//
// Exception: the `suixi-ensemble*-off` references hold exact percentiles
// (p2_5, p50, p97_5 and `percentile_method`), which no build before behaviour
// computes; they were recorded from the runs with behaviour off when
// percentiles became exact, after checking that every other column and field
// was the before-behaviour build's to the bit.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <boost/json.hpp>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "io/csv.hpp"
#include "support/cli.hpp"

namespace ygt {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const fs::path golden_dir = fs::path(YGT_SOURCE_DIR) / "tests" / "golden" / "data";
const fs::path examples_dir = fs::path(YGT_SOURCE_DIR) / "examples";
/// The examples as they were before provider behaviour, which the `-off` cases run on.
const fs::path before_dir = fs::path(YGT_SOURCE_DIR) / "tests" / "golden" / "before-behaviour";

/// Files larger than this are recorded as a digest of their values.
constexpr std::uintmax_t max_whole_bytes = 64 * 1024;

bool updating() {
  const char* v = std::getenv("YGT_GOLDEN_UPDATE");
  return v != nullptr && std::string(v) == "1";
}

/// A `ygt` built before provider behaviour, to record the `-off` cases from.
std::string before_behaviour() {
  const char* v = std::getenv("YGT_GOLDEN_BEFORE_BEHAVIOUR");
  return v == nullptr ? "" : v;
}

std::optional<double> as_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  double x = 0.0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), x);
  if (r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
  return x;
}

/// A value in canonical form: numbers as 17 significant digits, text as is.
std::string canonical(std::string_view cell) {
  if (const auto x = as_number(cell)) {
    if (std::isnan(*x)) return "NaN";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", *x == 0.0 ? 0.0 : *x);
    return buf;
  }
  return std::string(cell);
}

/// The values of a JSON document in canonical form, one a line, members in key order.
void canonical_json(const json::value& v, const std::string& path, std::string& out) {
  switch (v.kind()) {
    case json::kind::object: {
      std::map<std::string, const json::value*> members;
      for (const auto& m : v.get_object()) members.emplace(std::string(m.key()), &m.value());
      for (const auto& [k, value] : members) {
        if (k != "yigongti_version") canonical_json(*value, path + "." + k, out);
      }
      if (members.empty()) out += path + " {}\n";
      return;
    }
    case json::kind::array: {
      const auto& a = v.get_array();
      for (std::size_t i = 0; i < a.size(); ++i)
        canonical_json(a[i], path + "[" + std::to_string(i) + "]", out);
      if (a.empty()) out += path + " []\n";
      return;
    }
    case json::kind::string:
      out += path + " " + canonical(v.get_string()) + "\n";
      return;
    case json::kind::double_:
    case json::kind::int64:
    case json::kind::uint64:
      out += path + " " + canonical(json::serialize(v)) + "\n";
      return;
    case json::kind::bool_:
      out += path + (v.get_bool() ? " true\n" : " false\n");
      return;
    case json::kind::null:
      out += path + " null\n";
      return;
  }
}

/// The values of a CSV table in canonical form: the header, then one row a line.
std::string canonical_csv(const std::string& text, const std::string& label) {
  ProblemList problems;
  const auto table = detail::parse_csv(text, label, "", problems, 10'000'000);
  if (!table) return "unreadable CSV\n";
  std::string out;
  for (const auto& h : table->header) out += h + "|";
  out += "\n";
  for (const auto& row : table->rows) {
    for (const auto& cell : row) out += canonical(cell) + "|";
    out += "\n";
  }
  return out;
}

/// A file's values in canonical form, by its kind.
std::string canonical_file(const fs::path& file, const std::string& text) {
  const std::string ext = file.extension().string();
  if (ext == ".csv") return canonical_csv(text, file.string());
  if (ext == ".json") {
    std::error_code ec;
    json::parse_options options;
    options.allow_comments = true;
    options.allow_trailing_commas = true;
    const json::value v = json::parse(text, ec, {}, options);
    if (ec) return "unreadable JSON\n";
    std::string out;
    canonical_json(v, "", out);
    return out;
  }
  return text;
}

std::string digest(const std::string& canonical_text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (const char c : canonical_text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  std::size_t lines = 0;
  for (const char c : canonical_text) lines += c == '\n' ? 1u : 0u;
  char buf[64];
  std::snprintf(buf, sizeof buf, "fnv1a64 %016llx, %zu lines\n", static_cast<unsigned long long>(h), lines);
  return buf;
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

/// One recorded run: arguments (with {examples}, {out} and {work} put in),
/// the files it writes into {out}, and whether its standard output is
/// recorded (as the file `stdout` of the given extension).
struct Case {
  std::string name;
  std::vector<std::string> args;
  std::vector<std::string> files;
  std::string stdout_as;  ///< "" (not recorded), ".txt", ".csv" or ".json"
  /// Run on copies of the examples with `"behaviour": "off"`, against the
  /// outputs recorded before the library had provider behaviour (the same
  /// bits), leaving out what behaviour added (its indicators and table).
  bool off = false;
  /// For an `off` case, the arguments of the case it copies.
  std::vector<std::string> before_args;
};

/// The outputs added since the `-off` references were recorded (provider
/// behaviour's indicators and table, the indicators its evidence is read
/// from, the remote consultations of the alliances' mechanisms, the
/// outpatient visits, the fund's outlay, the calibration targets' new
/// columns), left out when an `off` case is compared.
const std::vector<std::string> behaviour_columns = {"avoided_admissions",
                                                    "cost_share",
                                                    "encounters_primary",
                                                    "out_of_county_inpatient_fund",
                                                    "cost_per_admission",
                                                    "fund_per_admission",
                                                    "oop_per_admission",
                                                    "cost_per_visit_county",
                                                    "cost_per_admission_county",
                                                    "remote_consultations",
                                                    "outpatient_visits",
                                                    "outpatient_visit_rate",
                                                    "fund_outlay"};
/// The same for calibration targets (`targets.csv`, `calibration.json`).
const std::vector<std::string> target_columns = {"line", "from_year", "from_variant", "first_year"};

// Test names show the case's name, not its bytes.
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

/// The flows, projection and sweep runs of example `n` (`file`); the
/// projection writes `behaviour.csv` only since behaviour exists.
void add_example_runs(std::vector<Case>& c, const std::string& n, const std::string& file, bool behaviour) {
  c.push_back({n + "-flows-first",
               {"flows", file, "--format", "csv", "--out", "{out}"},
               {"settings.csv", "indicators.csv", "cells.csv"},
               ""});
  c.push_back({n + "-flows-2021", {"flows", file, "--year", "2021", "--format", "json"}, {}, ".json"});
  std::vector<std::string> project = {"indicators.csv", "flows.csv", "ledger.csv", "result.json"};
  if (behaviour) project.insert(project.end() - 1, "behaviour.csv");
  c.push_back({n + "-project", {"project", file, "--out", "{out}"}, project, ""});
  c.push_back({n + "-project-csv", {"project", file, "--format", "csv"}, {}, ".csv"});
  c.push_back({n + "-sweep",
               {"sweep", file, "--set", "choice.b_cap=2:4:0.5", "--set",
                "insurance.family_doctor_coverage=0.2,0.6", "--threads", "2", "--quiet", "--out", "{out}"},
               {"sweep.csv", "sweep.json"},
               ""});
}

/// The two ensembles of the Suixi-like example.
void add_ensemble_runs(std::vector<Case>& c) {
  c.push_back({"suixi-ensemble",
               {"ensemble", "{examples}/suixi/suixi.json", "--draws", "130", "--seed", "11", "--threads", "2",
                "--keep-draws", "--quiet", "--out", "{out}"},
               {"summary.csv", "result.json", "draws.csv"},
               ""});
  c.push_back({"suixi-ensemble-csv",
               {"ensemble", "{examples}/suixi/suixi.json", "--draws", "64", "--format", "csv", "--quiet"},
               {},
               ".csv"});
}

/// The runs recorded before provider behaviour, on the examples as they were
/// then (`{examples}`; the `-off` cases read them from tests/golden/before-behaviour).
std::vector<Case> runs_before_behaviour() {
  std::vector<Case> c;
  for (const char* ex : {"suixi", "kedong", "luohu"}) {
    const std::string n(ex);
    add_example_runs(c, n, "{examples}/" + n + "/" + n + ".json", false);
  }
  add_ensemble_runs(c);
  c.push_back({"suixi-calibrate",
               {"calibrate", "{work}/suixi.json", "--targets", "{work}/targets.csv", "--output",
                "{out}/suixi.calibrated.json", "--threads", "2", "--quiet", "--out", "{out}"},
               {"parameters.csv", "targets.csv", "calibration.json"},
               ""});
  return c;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = [] {
    std::vector<Case> c;
    for (const char* ex : {"suixi", "kedong", "luohu"}) {
      const std::string file = "{examples}/" + std::string(ex) + "/" + ex + ".json";
      const std::string n(ex);
      c.push_back({n + "-validate", {"validate", file}, {}, ".txt"});
      add_example_runs(c, n, file, true);
      c.push_back({n + "-parameters", {"parameters", file, "--format", "csv"}, {}, ".csv"});
      // Each example's calibration fits the behaviour elasticities its figures identify.
      c.push_back({n + "-calibrate",
                   {"calibrate", "{work}/now/" + n + "/" + n + ".json", "--targets",
                    "{examples}/" + n + "/targets.csv", "--output", "{out}/" + n + ".calibrated.json",
                    "--threads", "2", "--quiet", "--out", "{out}"},
                   {"parameters.csv", "targets.csv", "calibration.json", n + ".calibrated.json"},
                   ""});
      if (n != "suixi") {
        // A small ensemble of the example's own uncertainty section.
        c.push_back({n + "-ensemble", {"ensemble", file, "--draws", "8", "--quiet"}, {}, ""});
      }
    }
    add_ensemble_runs(c);
    c.push_back({"kedong-settle",
                 {"settle", "{examples}/kedong/settlement-2021.json", "--format", "csv", "--out", "{out}"},
                 {"figures.csv", "ledger.csv"},
                 ""});
    c.push_back({"kedong-settle-json",
                 {"settle", "{examples}/kedong/settlement-2021.json", "--format", "json"},
                 {},
                 ".json"});
    // The runs of before behaviour, with behaviour off, give the numbers of the model before it.
    for (const Case& before : runs_before_behaviour()) {
      Case off = before;
      off.name += "-off";
      off.off = true;
      for (std::string& a : off.before_args = before.args) {
        const std::size_t at = a.find("{examples}/");
        if (at != std::string::npos) a.replace(at, std::string("{examples}").size(), "{before}");
      }
      for (std::string& a : off.args) {
        const std::size_t at = a.find("{examples}/");
        if (at != std::string::npos) a.replace(at, std::string("{examples}").size(), "{work}/off");
        if (a == "{work}/suixi.json") a = "{work}/off-work/suixi.json";
      }
      c.push_back(std::move(off));
    }
    return c;
  }();
  return all;
}

std::string substitute(std::string s, const fs::path& out, const fs::path& work) {
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"{examples}", examples_dir.string()},
                                   {"{before}", before_dir.string()},
                                   {"{out}", out.string()},
                                   {"{work}", work.string()}}) {
    for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size()))
      s.replace(at, key.size(), value);
  }
  return s;
}

/// `text` (a scenario) with `section` added as its last member.
std::string with_member(const std::string& text, const std::string& section) {
  return text.substr(0, text.rfind('}')) + ",\n" + section + "\n}\n";
}

/// The cases' inputs, for the `-off` cases and the runs they were recorded
/// from: the Suixi-like scenario of before behaviour with a calibration
/// section, its population table and two targets (`{work}`, and with
/// behaviour off `{work}/off-work`); and copies of the examples of before
/// behaviour with behaviour off, laid out as the examples are
/// (`{work}/off/<example>/`).
void make_inputs(const fs::path& work) {
  fs::create_directories(work / "off-work");
  for (const fs::path& dir : {work, work / "off-work"}) {
    fs::copy_file(before_dir / "suixi" / "population.csv", dir / "population.csv",
                  fs::copy_options::overwrite_existing);
  }
  const std::string calibration =
      "\"calibration\": {\"free\": {\"choice.asc.out_of_county\": {\"lower\": 0, \"upper\": 5},"
      " \"choice.asc.township\": {\"lower\": -3, \"upper\": 3}}}";
  const std::string suixi = with_member(testing::slurp(before_dir / "suixi" / "suixi.json"), calibration);
  write_text(work / "suixi.json", suixi);
  write_text(work / "off-work" / "suixi.json", with_member(suixi, "\"behaviour\": \"off\""));
  // The examples as they are, for runs that write paths relative to them
  // (a calibrated file's population tables): the same wherever the sources are.
  for (const char* ex : {"suixi", "kedong", "luohu"}) {
    fs::create_directories(work / "now" / ex);
    for (const auto& e : fs::directory_iterator(examples_dir / ex))
      fs::copy_file(e.path(), work / "now" / ex / e.path().filename(), fs::copy_options::overwrite_existing);
  }
  for (const char* ex : {"suixi", "kedong", "luohu"}) {
    for (const auto& e : fs::directory_iterator(before_dir / ex)) {
      const fs::path to = work / "off" / ex / e.path().filename();
      fs::create_directories(to.parent_path());
      if (e.path().filename() == std::string(ex) + ".json") {
        write_text(to, with_member(testing::slurp(e.path()), "\"behaviour\": \"off\""));
      } else {
        fs::copy_file(e.path(), to, fs::copy_options::overwrite_existing);
      }
    }
  }
  write_text(work / "targets.csv",
             "year,variant,indicator,observed,weight\n"
             "2021,reform,county_visit_rate,0.85,1.384083\n"
             "2021,reform,encounters_township,1160000,7.431629e-13\n");
}

/// Compares (or records) one output against its reference.
/// `canon` (a canonical form) without the outputs behaviour added: its
/// indicators (as columns, or as rows naming them), its table and, since the
/// copies' text differs, the inputs' checksum.
std::string without_behaviour(const std::string& canon, bool csv, bool targets) {
  std::vector<std::string> columns = behaviour_columns;
  if (targets) columns.insert(columns.end(), target_columns.begin(), target_columns.end());
  const auto is_added = [&](const std::string& s) {
    return std::find(columns.begin(), columns.end(), s) != columns.end();
  };
  std::vector<std::string> lines;
  {
    std::istringstream in(canon);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  std::string out;
  if (csv) {
    std::vector<bool> keep;
    for (std::size_t n = 0; n < lines.size(); ++n) {
      std::vector<std::string> cells;
      std::size_t start = 0;
      for (std::size_t bar = lines[n].find('|'); bar != std::string::npos; bar = lines[n].find('|', start)) {
        cells.push_back(lines[n].substr(start, bar - start));
        start = bar + 1;
      }
      if (n == 0) {
        // The drawn parameters' columns of draws.csv (paths, with dots) came later too.
        const bool draws = std::find(cells.begin(), cells.end(), "draw") != cells.end();
        for (const std::string& h : cells)
          keep.push_back(!is_added(h) && !(draws && h.find('.') != std::string::npos));
      } else if (std::any_of(cells.begin(), cells.end(), is_added)) {
        continue;  // a row of an added indicator
      }
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i >= keep.size() || keep[i]) out += cells[i] + "|";
      }
      out += "\n";
    }
    return out;
  }
  // JSON lines are "path value": an added member ends the path, an added
  // indicator's row is an array element whose `indicator` names it.
  std::vector<std::string> dropped_elements;
  for (const std::string& line : lines) {
    const std::size_t space = line.find(' ');
    const std::string path = line.substr(0, space);
    const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
    const std::string tail = ".indicator";
    if (is_added(value) && path.size() > tail.size() &&
        path.compare(path.size() - tail.size(), tail.size(), tail) == 0)
      dropped_elements.push_back(path.substr(0, path.size() - tail.size() + 1));
  }
  for (const std::string& line : lines) {
    const std::string path = line.substr(0, line.find(' '));
    // `flows` names its variant since it shows one.
    bool added = path.rfind(".behaviour", 0) == 0 || path == ".inputs_checksum" || path == ".variant" ||
                 path.find(".inputs_checksum") != std::string::npos;
    for (const std::string& col : columns) {
      const std::string tail = "." + col;
      added = added ||
              (path.size() >= tail.size() && path.compare(path.size() - tail.size(), tail.size(), tail) == 0);
    }
    for (const std::string& prefix : dropped_elements) added = added || path.rfind(prefix, 0) == 0;
    if (added) continue;
    // Array indices are left out: dropping an element shifts those after it.
    // The lines keep their order, so the comparison still sees the positions.
    std::string kept;
    bool in_index = false;
    for (const char ch : path) {
      if (ch == '[') in_index = true;
      if (!in_index || ch == '[' || ch == ']') kept += ch;
      if (ch == ']') in_index = false;
    }
    out += kept + line.substr(path.size()) + "\n";
  }
  return out;
}

/// Whether a ledger row of `kind` is kept, and as which kind, when the
/// internal allocation is left out (`without_internal_allocation`); `in_capitation`
/// carries whether the rows follow a capitation's prepayments.
bool keep_without_internal_allocation(std::string& kind, bool& in_capitation) {
  if (kind == "capitation_prepayment") {
    in_capitation = true;
  } else if (kind == "internal_allocation") {
    if (!in_capitation) return false;
    kind = "claim_payment";
  } else if (kind != "claim_payment") {
    in_capitation = false;
  }
  return true;
}

/// A canonical ledger (`ledger.csv`, or the `ledger` of `result.json`) without
/// its internal allocation, which came after the `-off` references were
/// recorded: the rows an alliance's budget passes on to its members are new
/// and left out; the rows of a capitation held by an alliance (those after its
/// `capitation_prepayment` rows) were `claim_payment` rows and read as such.
std::string without_internal_allocation(const std::string& canon, bool csv) {
  std::istringstream in(canon);
  std::string out;
  bool in_capitation = false;
  if (csv) {
    std::optional<std::size_t> kind;  // the kind's column
    for (std::string line; std::getline(in, line);) {
      std::vector<std::string> cells;
      std::size_t start = 0;
      for (std::size_t bar = line.find('|'); bar != std::string::npos; bar = line.find('|', start)) {
        cells.push_back(line.substr(start, bar - start));
        start = bar + 1;
      }
      if (!kind) {
        const auto at = std::find(cells.begin(), cells.end(), "kind");
        if (at != cells.end()) kind = static_cast<std::size_t>(at - cells.begin());
      } else if (*kind < cells.size() && !keep_without_internal_allocation(cells[*kind], in_capitation)) {
        continue;
      }
      for (const std::string& c : cells) out += c + "|";
      out += "\n";
    }
    return out;
  }
  // JSON lines "path value": a ledger row is the lines of one `.ledger[i]`.
  std::vector<std::string> row;
  std::string row_prefix;
  std::size_t kept = 0;
  const auto flush = [&] {
    std::string kind;
    for (const std::string& line : row) {
      if (line.rfind(row_prefix + "kind ", 0) == 0) kind = line.substr(row_prefix.size() + 5);
    }
    if (keep_without_internal_allocation(kind, in_capitation)) {
      // Numbered as the rows kept, and with the kind they had.
      const std::string prefix = ".ledger[" + std::to_string(kept++) + "].";
      for (const std::string& line : row) {
        const std::string rest = line.substr(row_prefix.size());
        out += prefix + (rest.rfind("kind ", 0) == 0 ? "kind " + kind : rest) + "\n";
      }
    }
    row.clear();
  };
  for (std::string line; std::getline(in, line);) {
    const bool ledger = line.rfind(".ledger[", 0) == 0;
    const std::string prefix = ledger ? line.substr(0, line.find(']') + 2) : "";
    if (!row.empty() && prefix != row_prefix) flush();
    if (ledger) {
      row_prefix = prefix;
      row.push_back(line);
    } else {
      out += line + "\n";
    }
  }
  if (!row.empty()) flush();
  return out;
}

void check(const fs::path& reference_base, const std::string& what, const fs::path& produced_name,
           const std::string& raw, const fs::path& out, const fs::path& work, bool off, bool record) {
  // Paths of this run's folders read as their placeholders, so that the
  // outputs do not depend on where the sources or the temporary folder are;
  // the copies with behaviour off stand for the examples they copy.
  std::string text = raw;
  for (const auto& [value, key] :
       {std::pair<std::string, std::string>{(work / "off-work").string(), "{work}"},
        {(work / "off").string(), "{examples}"},
        {before_dir.string(), "{examples}"},
        {examples_dir.string(), "{examples}"},
        {out.string(), "{out}"},
        {work.string(), "{work}"}}) {
    for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + key.size()))
      text.replace(at, value.size(), key);
  }
  std::string canon = canonical_file(produced_name, text);
  const bool targets = produced_name == "targets.csv" || produced_name == "calibration.json";
  const bool csv = produced_name.extension() == ".csv";
  const bool ledger = produced_name == "ledger.csv" || produced_name == "result.json";
  if (off && ledger) canon = without_internal_allocation(canon, csv);
  if (off) canon = without_behaviour(canon, csv, targets);
  const bool whole = text.size() <= max_whole_bytes;
  const fs::path whole_file = reference_base;
  const fs::path digest_file = fs::path(reference_base.string() + ".digest");
  if (record) {
    fs::remove(whole_file);
    fs::remove(digest_file);
    if (whole) {
      write_text(whole_file, text);
    } else {
      write_text(digest_file, digest(canon));
    }
    return;
  }
  if (fs::exists(whole_file)) {
    std::string expected = canonical_file(produced_name, testing::slurp(whole_file));
    if (off && ledger) expected = without_internal_allocation(expected, csv);
    if (off) expected = without_behaviour(expected, csv, targets);
    if (expected == canon) return;
    // Report the first line that differs.
    std::istringstream a(expected);
    std::istringstream b(canon);
    std::string la;
    std::string lb;
    std::size_t line = 0;
    while (true) {
      const bool ga = static_cast<bool>(std::getline(a, la));
      const bool gb = static_cast<bool>(std::getline(b, lb));
      ++line;
      if (!ga && !gb) break;
      if (la != lb || ga != gb) {
        ADD_FAILURE() << what << ": value line " << line << " differs\n  recorded: " << la
                      << "\n  now:      " << lb;
        return;
      }
    }
    return;
  }
  ASSERT_TRUE(fs::exists(digest_file))
      << what << ": no reference " << whole_file << " (record with YGT_GOLDEN_UPDATE=1)";
  EXPECT_EQ(testing::slurp(digest_file), digest(canon))
      << what << ": the values differ from the recorded ones";
}

/// Runs the `ygt` built before behaviour (a separate program) on `args`.
testing::CliResult run_before_behaviour(const std::vector<std::string>& args, const fs::path& out,
                                        const fs::path& work, const fs::path& tmp) {
  std::string command = "'" + before_behaviour() + "'";
  for (const auto& a : args) command += " '" + substitute(a, out, work) + "'";
  const fs::path out_file = tmp / "stdout";
  command += " > '" + out_file.string() + "' 2> '" + (tmp / "stderr").string() + "'";
  const int status = std::system(command.c_str());
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return {code, testing::slurp(out_file), testing::slurp(tmp / "stderr")};
}

class Golden : public ::testing::TestWithParam<Case> {};

TEST_P(Golden, GivesTheRecordedNumbers) {
  const Case& c = GetParam();
  // One folder per case and process: runs of two builds at once do not meet.
  const fs::path tmp =
      fs::temp_directory_path() / ("ygt-golden-" + c.name + "-" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  const fs::path out = tmp / "out";
  const fs::path work = tmp / "work";
  make_inputs(work);
  fs::create_directories(out);  // `calibrate --output` needs its folder to exist
  const bool record = c.off ? !before_behaviour().empty() : updating();
  testing::CliResult r;
  if (c.off && record) {
    r = run_before_behaviour(c.before_args, out, work, tmp);
  } else {
    std::vector<std::string> args;
    for (const auto& a : c.args) args.push_back(substitute(a, out, work));
    r = testing::run_ygt(args);
  }
  const fs::path reference = golden_dir / c.name;
  if (record) {
    fs::remove_all(reference);
    write_text(reference / "exit_code", std::to_string(r.code) + "\n");
  }
  ASSERT_EQ(std::to_string(r.code) + "\n", testing::slurp(reference / "exit_code")) << r.err;
  if (!c.stdout_as.empty())
    check(reference / ("stdout" + c.stdout_as), c.name + " stdout", "stdout" + c.stdout_as, r.out, out, work,
          c.off, record);
  for (const std::string& f : c.files) {
    ASSERT_TRUE(fs::exists(out / f)) << c.name << ": " << f << " not written";
    check(reference / f, c.name + " " + f, f, testing::slurp(out / f), out, work, c.off, record);
  }
  fs::remove_all(tmp);
}

INSTANTIATE_TEST_SUITE_P(Examples, Golden, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           std::string n = param.param.name;
                           for (char& ch : n) {
                             if (ch == '-') ch = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace ygt
