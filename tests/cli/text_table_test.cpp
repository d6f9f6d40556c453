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

TEST(Table, AnEnsembleBandIsWrittenAsItsIndicatorsValues) {
  // Money to the fen and grouped, counts whole, shares to 4 decimals: never
  // "6.956e+08" or "1e+06".
  EXPECT_EQ(band_text(Indicator::fund_spending, 695612000.1, 690001112.0, 701223333.5),
            "695,612,000.10 [690,001,112.00, 701,223,333.50]");
  EXPECT_EQ(band_text(Indicator::population, 1e6, 999999.6, 1000400.2), "1000000 [1000000, 1000400]");
  EXPECT_EQ(band_text(Indicator::county_visit_rate, 0.9216, 0.91, 0.93), "0.9216 [0.9100, 0.9300]");
}

}  // namespace
}  // namespace ygt::cli
