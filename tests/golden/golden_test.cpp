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
//     YGT_GOLDEN_UPDATE=1 build/dev/tests/ygt_tests --gtest_filter='Golden*'
#include <gtest/gtest.h>

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

/// Files larger than this are recorded as a digest of their values.
constexpr std::uintmax_t max_whole_bytes = 64 * 1024;

bool updating() {
  const char* v = std::getenv("YGT_GOLDEN_UPDATE");
  return v != nullptr && std::string(v) == "1";
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
};

// Test names show the case's name, not its bytes.
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = [] {
    std::vector<Case> c;
    for (const char* ex : {"suixi", "kedong", "luohu"}) {
      const std::string file = "{examples}/" + std::string(ex) + "/" + ex + ".json";
      const std::string n(ex);
      c.push_back({n + "-validate", {"validate", file}, {}, ".txt"});
      c.push_back({n + "-flows-first",
                   {"flows", file, "--format", "csv", "--out", "{out}"},
                   {"settings.csv", "indicators.csv", "cells.csv"},
                   ""});
      c.push_back({n + "-flows-2021", {"flows", file, "--year", "2021", "--format", "json"}, {}, ".json"});
      c.push_back({n + "-project",
                   {"project", file, "--out", "{out}"},
                   {"indicators.csv", "flows.csv", "ledger.csv", "result.json"},
                   ""});
      c.push_back({n + "-project-csv", {"project", file, "--format", "csv"}, {}, ".csv"});
      c.push_back({n + "-parameters", {"parameters", file, "--format", "csv"}, {}, ".csv"});
      if (n != "suixi") {
        // No uncertainty or calibration section: refused, and recorded so.
        c.push_back({n + "-ensemble", {"ensemble", file, "--draws", "8", "--quiet"}, {}, ""});
        c.push_back(
            {n + "-calibrate", {"calibrate", file, "--targets", "{work}/targets.csv", "--quiet"}, {}, ""});
      }
      c.push_back(
          {n + "-sweep",
           {"sweep", file, "--set", "choice.b_cap=2:4:0.5", "--set",
            "insurance.family_doctor_coverage=0.2,0.6", "--threads", "2", "--quiet", "--out", "{out}"},
           {"sweep.csv", "sweep.json"},
           ""});
    }
    c.push_back({"suixi-ensemble",
                 {"ensemble", "{examples}/suixi/suixi.json", "--draws", "130", "--seed", "11", "--threads",
                  "2", "--keep-draws", "--quiet", "--out", "{out}"},
                 {"summary.csv", "result.json", "draws.csv"},
                 ""});
    c.push_back({"suixi-ensemble-csv",
                 {"ensemble", "{examples}/suixi/suixi.json", "--draws", "64", "--format", "csv", "--quiet"},
                 {},
                 ".csv"});
    c.push_back({"kedong-settle",
                 {"settle", "{examples}/kedong/settlement-2021.json", "--format", "csv", "--out", "{out}"},
                 {"figures.csv", "ledger.csv"},
                 ""});
    c.push_back({"kedong-settle-json",
                 {"settle", "{examples}/kedong/settlement-2021.json", "--format", "json"},
                 {},
                 ".json"});
    c.push_back({"suixi-calibrate",
                 {"calibrate", "{work}/suixi.json", "--targets", "{work}/targets.csv", "--output",
                  "{out}/suixi.calibrated.json", "--threads", "2", "--quiet", "--out", "{out}"},
                 {"parameters.csv", "targets.csv", "calibration.json", "suixi.calibrated.json"},
                 ""});
    return c;
  }();
  return all;
}

std::string substitute(std::string s, const fs::path& out, const fs::path& work) {
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"{examples}", examples_dir.string()},
                                   {"{out}", out.string()},
                                   {"{work}", work.string()}}) {
    for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size()))
      s.replace(at, key.size(), value);
  }
  return s;
}

/// The calibration case's inputs: the Suixi-like scenario with a calibration
/// section, its population table and two targets.
void make_calibration_inputs(const fs::path& work) {
  fs::create_directories(work);
  fs::copy_file(examples_dir / "suixi" / "population.csv", work / "population.csv",
                fs::copy_options::overwrite_existing);
  std::string text = testing::slurp(examples_dir / "suixi" / "suixi.json");
  text = text.substr(0, text.rfind('}')) +
         ",\n\"calibration\": {\"free\": {\"choice.asc.out_of_county\": {\"lower\": 0, \"upper\": 5},"
         " \"choice.asc.township\": {\"lower\": -3, \"upper\": 3}}}\n}\n";
  write_text(work / "suixi.json", text);
  write_text(work / "targets.csv",
             "year,variant,indicator,observed,weight\n"
             "2021,reform,county_visit_rate,0.85,1.384083\n"
             "2021,reform,encounters_township,1160000,7.431629e-13\n");
}

/// Compares (or records) one output against its reference.
void check(const fs::path& reference_base, const std::string& what, const fs::path& produced_name,
           const std::string& raw, const fs::path& out, const fs::path& work) {
  // Paths of this run's folders read as their placeholders, so that the
  // outputs do not depend on where the sources or the temporary folder are.
  std::string text = raw;
  for (const auto& [value, key] : {std::pair<std::string, std::string>{examples_dir.string(), "{examples}"},
                                   {out.string(), "{out}"},
                                   {work.string(), "{work}"}}) {
    for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + key.size()))
      text.replace(at, value.size(), key);
  }
  const std::string canon = canonical_file(produced_name, text);
  const bool whole = text.size() <= max_whole_bytes;
  const fs::path whole_file = reference_base;
  const fs::path digest_file = fs::path(reference_base.string() + ".digest");
  if (updating()) {
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
    const std::string expected = canonical_file(produced_name, testing::slurp(whole_file));
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

class Golden : public ::testing::TestWithParam<Case> {};

TEST_P(Golden, GivesTheRecordedNumbers) {
  const Case& c = GetParam();
  const fs::path tmp = fs::temp_directory_path() / ("ygt-golden-" + c.name);
  fs::remove_all(tmp);
  const fs::path out = tmp / "out";
  const fs::path work = tmp / "work";
  make_calibration_inputs(work);
  fs::create_directories(out);  // `calibrate --output` needs its folder to exist
  std::vector<std::string> args;
  for (const auto& a : c.args) args.push_back(substitute(a, out, work));
  const testing::CliResult r = testing::run_ygt(args);
  const fs::path reference = golden_dir / c.name;
  if (updating()) {
    fs::remove_all(reference);
    write_text(reference / "exit_code", std::to_string(r.code) + "\n");
  }
  ASSERT_EQ(std::to_string(r.code) + "\n", testing::slurp(reference / "exit_code")) << r.err;
  if (!c.stdout_as.empty())
    check(reference / ("stdout" + c.stdout_as), c.name + " stdout", "stdout" + c.stdout_as, r.out, out, work);
  for (const std::string& f : c.files) {
    ASSERT_TRUE(fs::exists(out / f)) << c.name << ": " << f << " not written";
    check(reference / f, c.name + " " + f, f, testing::slurp(out / f), out, work);
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
