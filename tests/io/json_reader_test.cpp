// The limits that keep hostile documents from exhausting memory, and key suggestions.
#include "io/json_reader.hpp"

#include <gtest/gtest.h>

namespace ygt::detail {
namespace {

TEST(JsonLimits, RefusesADocumentLargerThanTheLimit) {
  ProblemList problems;
  const JsonLimits limits{.max_file_bytes = 100};
  EXPECT_FALSE(parse_json(std::string(200, ' ') + "{}", limits, problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems.problems()[0].what.find("too large"), std::string::npos);
}

TEST(JsonLimits, RefusesNestingDeeperThanTheLimit) {
  ProblemList problems;
  const JsonLimits limits{.max_depth = 8};
  EXPECT_TRUE(parse_json(std::string(8, '[') + std::string(8, ']'), limits, problems));
  EXPECT_FALSE(parse_json(std::string(9, '[') + std::string(9, ']'), limits, problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems.problems()[0].expected.find("nesting at most 8"), std::string::npos);
  // The default limit holds against a very deep document without exhausting the stack.
  ProblemList deep;
  EXPECT_FALSE(parse_json(std::string(100'000, '['), JsonLimits{}, deep));
}

TEST(JsonLimits, RefusesAnArrayLongerThanTheLimit) {
  ProblemList problems;
  const JsonLimits limits{.max_array_length = 3};
  EXPECT_TRUE(parse_json(R"({"a": [1, 2, 3]})", limits, problems));
  EXPECT_FALSE(parse_json(R"({"a": {"b": [1, 2, 3, 4]}})", limits, problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems.problems()[0].path, "a.b");
}

TEST(JsonLimits, RefusesAStringLongerThanTheLimit) {
  ProblemList problems;
  const JsonLimits limits{.max_string_bytes = 4};
  EXPECT_FALSE(parse_json(R"({"k": ["abcde"]})", limits, problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems.problems()[0].path, "k[0]");
}

TEST(JsonMoney, NumbersAndStringsReadExactly) {
  ProblemList problems;
  EXPECT_EQ(as_money(boost::json::value(857.5), "m", problems)->fen(), 85'750);
  EXPECT_EQ(as_money(boost::json::value(150000000), "m", problems)->fen(), 15'000'000'000);
  EXPECT_EQ(as_money(boost::json::value(10332.39), "m", problems)->fen(), 1'033'239);
  EXPECT_EQ(as_money(boost::json::value("94394600.00"), "m", problems)->fen(), 9'439'460'000);
  EXPECT_TRUE(problems.empty());
  EXPECT_FALSE(as_money(boost::json::value(12.345), "m", problems));
  EXPECT_FALSE(as_money(boost::json::value("1e3"), "m", problems));
  EXPECT_FALSE(as_money(boost::json::value(true), "m", problems));
  EXPECT_EQ(problems.size(), 3u);
}

}  // namespace
}  // namespace ygt::detail
