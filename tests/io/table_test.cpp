// Result tables: renderings that read back to the same numbers, and atomic output files.
#include "yigongti/io/table.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "io/csv.hpp"

namespace ygt {
namespace {

TEST(Table, CsvReadsBackToTheSameNumbers) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> exponent(-12, 12);
  std::uniform_int_distribution<std::int64_t> fen(-(1LL << 60), 1LL << 60);
  Table t{"t", {"name", "x", "n", "amount"}, {}};
  std::vector<double> xs;
  std::vector<Money> ms;
  for (int i = 0; i < 1000; ++i) {
    xs.push_back(std::pow(10.0, exponent(rng)) * (i % 2 ? -1 : 1));
    ms.push_back(Money::from_fen(fen(rng)));
    t.add({std::string("row, \"") + std::to_string(i) + "\"", xs.back(), std::int64_t{i}, ms.back()});
  }
  ProblemList problems;
  const auto parsed = detail::parse_csv(to_csv(t), "t.csv", "", problems);
  ASSERT_TRUE(parsed) << (problems.empty() ? "" : problems.problems()[0].what);
  ASSERT_EQ(parsed->rows.size(), 1000u);
  for (std::size_t i = 0; i < 1000; ++i) {
    const auto& row = parsed->rows[i];
    EXPECT_EQ(row[0], std::string("row, \"") + std::to_string(i) + "\"");
    double x = 0;
    std::from_chars(row[1].data(), row[1].data() + row[1].size(), x);
    ASSERT_EQ(x, xs[i]);
    EXPECT_EQ(row[2], std::to_string(i));
    ASSERT_EQ(Money::parse(row[3]), ms[i]);
  }
}

TEST(Table, JsonKeepsMoneyExactAndNumbersAsTheirShortestText) {
  ResultSet r;
  r.meta.emplace_back("scenario", std::string("s"));
  r.meta.emplace_back("points", std::uint64_t{3});
  r.meta.emplace_back("axes", std::vector<std::string>{"a", "b"});
  Table t{"t", {"a", "m", "missing"}, {}};
  t.add({0.1, Money::parse("8570000.01"), std::numeric_limits<double>::quiet_NaN()});
  t.add({1000000.0, Money::parse("-3"), 2.5e-7});
  r.tables.push_back(t);
  const std::string text = result_json(r);
  EXPECT_NE(
      text.find(R"([{"a":0.1,"m":"8570000.01","missing":null},{"a":1000000,"m":"-3.00","missing":2.5e-07}])"),
      std::string::npos)
      << text;
  const auto doc = boost::json::parse(text);
  EXPECT_EQ(doc.at("points").template to_number<double>(), 3.0);
  EXPECT_EQ(doc.at("axes").as_array().size(), 2u);
  EXPECT_EQ(doc.at("t").as_array()[1].at("a").template to_number<double>(), 1e6);
  EXPECT_EQ(&r.table("t"), &r.tables[0]);
  EXPECT_THROW((void)r.table("u"), std::out_of_range);
}

TEST(Table, AResultIsWrittenAsItsCsvFilesAndOneJsonDocument) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "ygt-table-write-result";
  std::filesystem::remove_all(dir);
  ResultSet r;
  r.tables.push_back({"first", {"x"}, {{1.5}}});
  r.tables.push_back({"second", {"y"}, {{std::string("a,b")}}});
  r.json_tables.push_back({"only_json", {"z"}, {{std::int64_t{7}}}});
  write_result(dir, r, "all.json");
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"all.json", "first.csv", "second.csv"}));
  std::ifstream in(dir / "second.csv");
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), "y\n\"a,b\"\n");
  std::ifstream j(dir / "all.json");
  std::stringstream js;
  js << j.rdbuf();
  EXPECT_EQ(boost::json::parse(js.str()).at("only_json").as_array()[0].at("z").as_int64(), 7);
  std::filesystem::remove_all(dir);
}

TEST(Table, RejectsARowOfTheWrongWidth) {
  Table t{"t", {"a", "b"}, {}};
  EXPECT_THROW(t.add({1.0}), std::logic_error);
}

class AtomicFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ygt-atomic-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override {
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add);
    std::filesystem::remove_all(dir_);
  }
  std::size_t entries() const {
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator(dir_), std::filesystem::directory_iterator{}));
  }
  std::filesystem::path dir_;
};

TEST_F(AtomicFilesTest, FilesAppearOnlyOnCommit) {
  AtomicFiles files(dir_);
  files.add("a.csv", "x\n1\n");
  files.add("b.json", "{}");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "a.csv"));
  files.commit();
  std::ifstream in(dir_ / "a.csv");
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), "x\n1\n");
  EXPECT_EQ(entries(), 2u);
}

TEST_F(AtomicFilesTest, AnAbandonedSetLeavesNothing) {
  {
    AtomicFiles files(dir_);
    files.add("a.csv", "x\n");
  }
  EXPECT_EQ(entries(), 0u);
}

TEST_F(AtomicFilesTest, AnUnwritableDirectoryThrowsAndLeavesNothing) {
  std::filesystem::create_directories(dir_);
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  if (::access(dir_.c_str(), W_OK) == 0) GTEST_SKIP() << "running as a user who may write anywhere (root)";
  AtomicFiles files(dir_);
  EXPECT_THROW(files.add("a.csv", "x\n"), std::runtime_error);
  EXPECT_EQ(entries(), 0u);
}

TEST_F(AtomicFilesTest, AFileInPlaceOfTheDirectoryThrows) {
  std::ofstream(dir_) << "not a directory";
  EXPECT_THROW(AtomicFiles{dir_}, std::runtime_error);
  std::filesystem::remove(dir_);
  std::filesystem::create_directories(dir_);
}

TEST_F(AtomicFilesTest, ADirectoryInTheWayMovesNothing) {
  AtomicFiles files(dir_);
  std::filesystem::create_directories(dir_ / "b.csv" / "inside");
  files.add("a.csv", "x\n");
  files.add("b.csv", "y\n");
  EXPECT_THROW(files.commit(), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "a.csv"));
}

TEST_F(AtomicFilesTest, ADirectoryThatCannotBeCreatedThrows) {
  EXPECT_THROW(AtomicFiles{"/proc/ygt-no-such-place/out"}, std::runtime_error);
  std::filesystem::create_directories(dir_);
}

// How each kind of value is written: money to the fen, counts whole, the
// rest as the shortest text that reads back, over generated values.
TEST(ValueCell, EachKindIsWrittenAsAUserExpects) {
  std::mt19937_64 rng(17);
  std::uniform_int_distribution<std::int64_t> fen(-(1LL << 45), 1LL << 45);
  std::uniform_real_distribution<double> noise(-0.3, 0.3);
  std::uniform_real_distribution<double> exponent(-5, 15.9);
  for (int n = 0; n < 100000; ++n) {
    // An amount a computation left a little off its fen (709569552.1000001).
    const Money m = Money::from_fen(fen(rng));
    const double yuan = (static_cast<double>(m.fen()) + noise(rng)) / 100.0;
    const std::string money = cell_text(value_cell(yuan, ValueKind::money));
    ASSERT_EQ(money, m.to_string()) << yuan;
    ASSERT_EQ(money.size() - money.find('.'), 3U) << money;  // exactly two decimals

    const auto whole = static_cast<double>(fen(rng) / 1000);
    const std::string count = cell_text(value_cell(whole + noise(rng), ValueKind::count));
    ASSERT_EQ(count, std::to_string(static_cast<std::int64_t>(whole)));

    const double x = std::pow(10.0, exponent(rng)) * (n % 2 == 0 ? 1.0 : -1.0);
    const std::string real = cell_text(value_cell(x, ValueKind::real));
    ASSERT_EQ(real.find('e'), std::string::npos) << real;
    double back = 0.0;
    std::from_chars(real.data(), real.data() + real.size(), back);
    ASSERT_EQ(back, x) << real;
    ASSERT_LE(real.size(), 25U) << real;  // never 17 digits of noise and more
  }
  EXPECT_EQ(cell_text(value_cell(709569552.1000001, ValueKind::money)), "709569552.10");
  EXPECT_EQ(cell_text(value_cell(1e6, ValueKind::count)), "1000000");
  EXPECT_EQ(cell_text(value_cell(0.2, ValueKind::real)), "0.2");
  EXPECT_EQ(cell_text(value_cell(std::nan(""), ValueKind::money)), "NaN");
  EXPECT_EQ(cell_text(indicator_cell(Indicator::population, 228202.43787999998)), "228202");
  EXPECT_EQ(cell_text(indicator_cell(Indicator::fund_spending, 1e6)), "1000000.00");
  EXPECT_EQ(cell_text(indicator_cell(Indicator::oop_share, 0.25)), "0.25");
}

TEST_F(AtomicFilesTest, WithTheBomEveryCsvStartsWithItAndNothingElse) {
  for (const bool bom : {false, true}) {
    {
      AtomicFiles files(dir_, bom);
      files.add("a.csv", "x\n1\n");
      files.add("a.json", "{}\n");
      files.stream("b.csv") << "y\n2\n";
      files.commit();
    }
    const std::string prefix = bom ? std::string(utf8_bom) : std::string();
    std::ifstream a(dir_ / "a.csv", std::ios::binary);
    std::ifstream b(dir_ / "b.csv", std::ios::binary);
    std::ifstream j(dir_ / "a.json", std::ios::binary);
    const auto text = [](std::ifstream& in) { return std::string(std::istreambuf_iterator<char>(in), {}); };
    EXPECT_EQ(text(a), prefix + "x\n1\n");
    EXPECT_EQ(text(b), prefix + "y\n2\n");
    EXPECT_EQ(text(j), "{}\n");
  }
}

}  // namespace
}  // namespace ygt
