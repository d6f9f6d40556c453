// `ygt parameters` as a user runs it: every path of the scenario, with the
// value, range and unit the library gives, and exit 2 for bad input.
#include <gtest/gtest.h>

#include <charconv>

#include "io/csv.hpp"
#include "support/cli.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/study/parameters.hpp"

namespace ygt::cli {
namespace {

const std::string suixi = std::string(YGT_SOURCE_DIR) + "/examples/suixi/suixi.json";

TEST(CliParameters, ListsEveryPathWithTheLibrarysValueRangeAndUnit) {
  const testing::CliResult r = testing::run_ygt({"parameters", suixi, "--format", "csv"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  ProblemList problems;
  const auto csv = detail::parse_csv(r.out, "stdout", "", problems);
  ASSERT_TRUE(csv) << r.out;
  EXPECT_EQ(csv->header, (std::vector<std::string>{"path", "value", "range", "unit", "shorthand"}));
  const Scenario sc = load_scenario(suixi);
  const std::vector<ParameterInfo> listed = list_parameters(sc);
  ASSERT_EQ(csv->rows.size(), listed.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const auto& row = csv->rows[i];
    EXPECT_EQ(row[0], listed[i].path);
    double value = 0.0;
    std::from_chars(row[1].data(), row[1].data() + row[1].size(), value);
    EXPECT_EQ(value, get_parameter(sc, resolve_parameter(sc, row[0], "test"))) << row[0];
    EXPECT_EQ(row[2], listed[i].range.describe());
    EXPECT_EQ(row[3], listed[i].unit);
  }
  const testing::CliResult table = testing::run_ygt({"parameters", suixi});
  ASSERT_EQ(table.code, exit_ok);
  EXPECT_NE(table.out.find("service_lines.ip_common.capability.township"), std::string::npos);
  EXPECT_NE(table.out.find(std::to_string(listed.size()) + " parameters"), std::string::npos);
}

TEST(CliParameters, BadInputExitsTwo) {
  EXPECT_EQ(testing::run_ygt({"parameters"}).code, exit_bad_input);
  EXPECT_EQ(testing::run_ygt({"parameters", "/no/such/file.json"}).code, exit_bad_input);
  EXPECT_EQ(testing::run_ygt({"parameters", suixi, "--format", "xml"}).code, exit_bad_input);
}

}  // namespace
}  // namespace ygt::cli
