// `ygt settle` as a user runs it: formats, output files and exit codes.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "io/csv.hpp"
#include "support/cli.hpp"
#include "yigongti/core/money.hpp"

namespace ygt::cli {
namespace {

using Result = testing::CliResult;
using testing::slurp;

Result ygt(const std::vector<std::string>& args) {
  return testing::run_ygt(args);
}

const std::string kedong = std::string(YGT_SOURCE_DIR) + "/examples/kedong/settlement-2021.json";

TEST(CliSettle, ReadableTableByDefault) {
  const Result r = ygt({"settle", kedong});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("surplus_retained"), std::string::npos);
  EXPECT_NE(r.out.find("2,784,000.00"), std::string::npos);
}

TEST(CliSettle, CsvLedgerReadsBackAndBalances) {
  const Result r = ygt({"settle", kedong, "--format", "csv"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  const auto ledger_start = r.out.find("year,quarter,scheme,from,to,kind,amount");
  ASSERT_NE(ledger_start, std::string::npos);
  ProblemList problems;
  const auto table = detail::parse_csv(r.out.substr(ledger_start), "ledger", "", problems);
  ASSERT_TRUE(table);
  Money kept;
  Money fund_out;
  Money fund_in;
  for (const auto& row : table->rows) {
    const Money amount = Money::parse(row[6]);
    if (row[5] == "surplus_retained") kept += amount;
    if (row[3] == "fund") fund_out += amount;
    if (row[4] == "fund") fund_in += amount;
  }
  EXPECT_EQ(kept, Money::parse("4640000"));
  // The fund pays the alliances' in-county spending (120,430,000), the out-of-county
  // claims (21,000,000) and what the alliances kept (4,640,000), nothing more.
  EXPECT_EQ(fund_out - fund_in, Money::parse("146070000"));
}

TEST(CliSettle, JsonCarriesMoneyAsExactStrings) {
  const Result r = ygt({"settle", kedong, "--format", "json"});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  const auto doc = boost::json::parse(r.out);
  EXPECT_EQ(doc.at("year").as_int64(), 2021);
  const auto& ledger = doc.at("ledger").as_array();
  ASSERT_FALSE(ledger.empty());
  EXPECT_TRUE(ledger[0].at("amount").is_string());
  EXPECT_EQ(doc.at("inputs_checksum").as_string().subview().substr(0, 6), "crc32:");
}

TEST(CliSettle, OutWritesFilesAtomically) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-cli-settle-out";
  std::filesystem::remove_all(dir);
  const Result r = ygt({"settle", kedong, "--format", "csv", "--out", dir.string()});
  ASSERT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("to " + dir.string()), std::string::npos) << r.out;
  EXPECT_NE(slurp(dir / "ledger.csv").find("surplus_retained"), std::string::npos);
  EXPECT_NE(slurp(dir / "figures.csv").find("balance"), std::string::npos);
  EXPECT_NE(slurp(dir / "settlement.json").find("\"ledger\":["), std::string::npos);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator{}),
            3);
  std::filesystem::remove_all(dir);
}

TEST(CliSettle, AnUnwritableOutputExitsOneAndWritesNothing) {
  const Result r = ygt({"settle", kedong, "--out", "/proc/ygt-cannot-write-here"});
  EXPECT_EQ(r.code, exit_failure);
  EXPECT_NE(r.err.find("cannot create the output directory"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists("/proc/ygt-cannot-write-here"));
}

TEST(CliSettle, BadInputExitsTwo) {
  EXPECT_EQ(ygt({"settle"}).code, exit_bad_input);
  EXPECT_EQ(ygt({"settle", kedong, "--format", "xml"}).code, exit_bad_input);
  const Result missing = ygt({"settle", "/no/such/settlement.json"});
  EXPECT_EQ(missing.code, exit_bad_input);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace ygt::cli
