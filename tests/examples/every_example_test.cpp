// Every bundled example, county or region, goes through the commands a user
// runs on it: validate, project, a 200-draw ensemble and a sweep, each to a
// result with the example's own years and variants.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "cli/commands.hpp"
#include "io/csv.hpp"
#include "support/cli.hpp"

namespace ygt::cli {
namespace {

namespace fs = std::filesystem;

/// Each example's main file: `examples/NAME/NAME.json`.
std::vector<fs::path> example_files() {
  std::vector<fs::path> out;
  for (const auto& dir : fs::directory_iterator(fs::path(YGT_SOURCE_DIR) / "examples")) {
    const fs::path file = dir.path() / (dir.path().filename().string() + ".json");
    if (dir.is_directory() && fs::exists(file)) out.push_back(file);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(EveryExample, ThereAreTheSixSystemsOfTheSources) {
  std::vector<std::string> names;
  for (const fs::path& f : example_files()) names.push_back(f.stem().string());
  for (const char* name : {"suixi", "kedong", "luohu", "zhoukou", "shanxi", "yinzhou"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

TEST(EveryExample, ValidatesProjectsRunsAnEnsembleAndASweep) {
  const fs::path out = fs::temp_directory_path() / "ygt-every-example";
  for (const fs::path& file : example_files()) {
    SCOPED_TRACE(file.string());
    const std::string f = file.string();
    const auto v = testing::run_ygt({"validate", f});
    ASSERT_EQ(v.code, exit_ok) << v.err;

    const auto p = testing::run_ygt({"project", f, "--format", "csv"});
    ASSERT_EQ(p.code, exit_ok) << p.err;
    ProblemList problems;
    const auto table = detail::parse_csv(p.out, "out", "", problems);
    ASSERT_TRUE(table);
    // Rows for every year of every variant (and, for a region, every county).
    EXPECT_GE(table->rows.size(), 2u * 10u);

    fs::remove_all(out);
    const auto e =
        testing::run_ygt({"ensemble", f, "--draws", "200", "--seed", "7", "--out", out.string(), "--quiet"});
    ASSERT_EQ(e.code, exit_ok) << e.err;
    ASSERT_TRUE(fs::exists(out / "summary.csv"));
    const auto summary = detail::parse_csv(testing::slurp(out / "summary.csv"), "summary", "", problems);
    ASSERT_TRUE(summary);
    EXPECT_FALSE(summary->rows.empty());

    const auto s =
        testing::run_ygt({"sweep", f, "--set", "choice.b_cap=2.5,3.5", "--format", "csv", "--quiet"});
    ASSERT_EQ(s.code, exit_ok) << s.err;
    const auto grid = detail::parse_csv(s.out, "out", "", problems);
    ASSERT_TRUE(grid);
    // Two points, each with every year of every variant (and county).
    EXPECT_EQ(grid->rows.size(), 2 * table->rows.size());
  }
  fs::remove_all(out);
}

}  // namespace
}  // namespace ygt::cli
