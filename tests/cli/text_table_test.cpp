// Tables for people: aligned columns, money grouped, wide characters counted twice.
#include "cli/text_table.hpp"

#include <gtest/gtest.h>

namespace ygt::cli {
namespace {

TEST(Table, TextAlignsNumbersRight) {
  Table t{"t", {"tier", "amount"}, {}};
  t.add({std::string("village"), Money::parse("1234567.5")});
  t.add({std::string("county"), Money::parse("3")});
  EXPECT_EQ(to_text(t), "tier           amount\nvillage  1,234,567.50\ncounty           3.00\n");
}

TEST(Table, TextCountsChineseCharactersAsTwoColumns) {
  Table t{"t", {"name", "x"}, {}};
  t.add({std::string("县域就诊率"), std::int64_t{1}});
  t.add({std::string("abc"), std::int64_t{22}});
  // "县域就诊率" is five wide characters: ten columns, like "abc" padded with seven spaces.
  EXPECT_EQ(to_text(t), "name         x\n县域就诊率   1\nabc         22\n");
}

}  // namespace
}  // namespace ygt::cli
