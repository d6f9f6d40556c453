// The text helpers every layer's messages and writers share, and the names of
// enumerations.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <random>

#include "core/text.hpp"
#include "yigongti/core/alliance.hpp"
#include "yigongti/core/institution.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/core/tier.hpp"
#include "yigongti/flows/parameters.hpp"
#include "yigongti/payment/scheme.hpp"
#include "yigongti/scenario/intervention.hpp"
#include "yigongti/study/uncertainty.hpp"

namespace ygt::detail {
namespace {

double read_back(const std::string& text) {
  double x = 0.0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), x);
  EXPECT_EQ(r.ptr, text.data() + text.size()) << text;
  return x;
}

TEST(NumberText, ReadsBackExactlyForManyNumbers) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(-10.0, 10.0);
  std::uniform_int_distribution<int> exponent(-30, 30);
  for (int i = 0; i < 20000; ++i) {
    const double x = mantissa(rng) * std::pow(10.0, exponent(rng));
    EXPECT_EQ(read_back(number_text(x)), x) << number_text(x);
  }
  for (const double x : {std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min(),
                         std::numeric_limits<double>::min(), 0.1, 1e16, 9.999999999999998e15}) {
    EXPECT_EQ(read_back(number_text(x)), x) << number_text(x);
  }
}

TEST(NumberText, PositionalForOrdinarySizesAndShortest) {
  EXPECT_EQ(number_text(1000000.0), "1000000");
  EXPECT_EQ(number_text(0.25), "0.25");
  EXPECT_EQ(number_text(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(number_text(709569552.1), "709569552.1");
  EXPECT_EQ(number_text(-0.0), "0");
  EXPECT_EQ(number_text(1e20), "1e+20");
  EXPECT_EQ(number_text(2.5e-7), "2.5e-07");
  EXPECT_EQ(number_text(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(number_text(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(fixed_text(1e20), "100000000000000000000");
}

TEST(ParseNumbers, WholeTextOnly) {
  EXPECT_EQ(parse_double("+2.5"), 2.5);
  EXPECT_EQ(parse_double("-1e3"), -1000.0);
  EXPECT_FALSE(parse_double(""));
  EXPECT_FALSE(parse_double("2.5x"));
  EXPECT_FALSE(parse_double("+-2"));
  EXPECT_FALSE(parse_double("1e400"));
  EXPECT_FALSE(parse_double("nan"));
  EXPECT_EQ(parse_integer("42"), 42);
  EXPECT_FALSE(parse_integer("4.2"));
  EXPECT_FALSE(parse_integer("99999999999999999999"));
}

TEST(Suggestions, OnlyLikelyTypos) {
  const std::vector<std::string> known = {"townships", "institutions", "alliances", "id", "name"};
  EXPECT_EQ(nearest_name("townshps", known), "townships");
  EXPECT_EQ(nearest_name("institutoins", known), "institutions");  // transposition
  EXPECT_EQ(nearest_name("nmae", known), "name");
  EXPECT_EQ(nearest_name("population", known), std::nullopt);
  EXPECT_EQ(with_suggestion("unknown key \"nmae\"", "nmae", known),
            "unknown key \"nmae\": did you mean `name`?");
  EXPECT_EQ(with_suggestion("unknown key \"zzz\"", "zzz", known), "unknown key \"zzz\"");
  EXPECT_EQ(alternatives({"a"}), "a");
  EXPECT_EQ(alternatives({"a", "b", "c"}), "a, b or c");
}

/// Every value of `E` has a distinct name that parses back to it.
template <NamedEnum E>
void expect_names_round_trip(std::size_t count) {
  constexpr auto names = names_of(E{});
  ASSERT_EQ(names.values().size(), count);
  for (const E value : names.values()) {
    const std::string_view name = to_string(value);
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(parse_enum<E>(name), value) << name;
  }
  EXPECT_EQ(parse_enum<E>("no such name"), std::nullopt);
  EXPECT_EQ(to_string(static_cast<E>(count)), "?");
}

TEST(EnumNames, EveryEnumerationRoundTrips) {
  expect_names_round_trip<Tier>(tier_count);
  expect_names_round_trip<Domain>(all_domains.size());
  expect_names_round_trip<InstitutionKind>(all_institution_kinds.size());
  expect_names_round_trip<Rounding>(6);
  expect_names_round_trip<CareType>(all_care_types.size());
  expect_names_round_trip<Severity>(all_severities.size());
  expect_names_round_trip<InterventionKind>(all_intervention_kinds.size());
  expect_names_round_trip<Shape>(2);
  expect_names_round_trip<SchemeKind>(5);
  expect_names_round_trip<DistributionBasis>(2);
  expect_names_round_trip<TransferKind>(transfer_kind_count);
  expect_names_round_trip<YearEndBasis>(2);
  expect_names_round_trip<BudgetScope>(2);
  expect_names_round_trip<DistributionKind>(all_distribution_kinds.size());
  EXPECT_EQ(names_of(Tier{}).alternatives(),
            "village, community, township, county, municipal or out_of_county");
}

}  // namespace
}  // namespace ygt::detail
