#pragma once
/// \file
/// The monitoring indicators of a county-year: ids, Chinese names, definitions
/// and units (`docs/model.md`, "Indicators").

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace ygt {

/// Where an indicator's value comes from.
enum class IndicatorSource : unsigned char {
  flows,      ///< the one-year patient-flow model (`FlowModel::compute`)
  payment,    ///< the payment schemes in force, filled in by the projection
  behaviour,  ///< the providers' responses to the payment, filled in by the projection
};

/// One indicator: the id used as a column name in every output, and what it means.
struct IndicatorInfo {
  std::string_view id;
  std::string_view name_zh;
  std::string_view definition;
  std::string_view unit;
  IndicatorSource source;
};

/// The indicators, in catalog order: `index(i)` is the position of `i` in
/// `indicator_catalog()` and in every vector of indicator values.
enum class Indicator : unsigned char {
  county_visit_rate,         ///< 县域就诊率
  county_encounter_share,    ///< 县域内诊疗人次占比
  county_inpatient_rate,     ///< 县域内住院人次占比
  primary_visit_share,       ///< 县域内基层诊疗人次占比
  hospitalization_rate,      ///< 住院率
  out_of_county_admissions,  ///< 县外住院人次
  upward_referrals,          ///< 上转人次
  downward_referrals,        ///< 下转人次
  encounters_village,        ///< 各级诊疗人次, one per tier
  encounters_community,
  encounters_township,
  encounters_county,
  encounters_municipal,
  encounters_out_of_county,
  encounters_primary,            ///< 基层医疗卫生机构诊疗人次
  fund_spending,                 ///< 医保基金支出
  fund_in_county_share,          ///< 医保基金县域内支出率
  primary_fund_share,            ///< 基层医保基金占比
  oop_share,                     ///< 个人负担比
  inpatient_reimbursement_rate,  ///< 住院报销比例
  population,                    ///< 常住人口
  avoided_admissions,            ///< 可避免住院 (behaviour's discretionary response)
  out_of_county_inpatient_fund,  ///< 县外住院医保报销费用
  cost_per_admission,            ///< 次均住院费用
  fund_per_admission,            ///< 次均住院医保支付
  oop_per_admission,             ///< 次均住院个人自付
  cost_per_visit_county,         ///< 县级医院次均门诊费用
  cost_per_admission_county,     ///< 县级医院次均住院费用
  remote_consultations,          ///< 远程会诊人次
  outpatient_visits,             ///< 门急诊人次
  outpatient_visit_rate,         ///< 人均门急诊人次
  budget,                        ///< 总额预算 (payment)
  balance,                       ///< 结余 (payment)
  alliance_retained,             ///< 结余留用 (payment)
  insurer_recovered,             ///< 基金收回 (payment)
  fund_outlay,                   ///< 医保基金实际支付 (payment)
  cost_share,                    ///< 供方成本分担比例 (behaviour)
};

/// Number of indicators.
inline constexpr std::size_t indicator_count = 37;

/// The position of `indicator` in the catalog and in vectors of indicator values.
[[nodiscard]] constexpr std::size_t index(Indicator indicator) noexcept {
  return static_cast<std::size_t>(indicator);
}

/// Every indicator, in the order of `Indicator`. These are working
/// definitions: the official national ones were not available. A ratio whose
/// denominator is 0 is reported as 0.
[[nodiscard]] std::span<const IndicatorInfo> indicator_catalog() noexcept;

/// The indicator with `id`, if any.
[[nodiscard]] std::optional<Indicator> find_indicator(std::string_view id) noexcept;

/// What an indicator's value is, for writing it as people expect
/// (`docs/model.md`, "Indicators"): an amount of yuan (written to the fen), a
/// count of people, encounters or events (a whole number), or a real (a
/// share, a rate, a mean: the shortest text that reads back to it).
enum class ValueKind : unsigned char { real, count, money };

/// The kind of `indicator`'s value: the indicators that add up over counties
/// are amounts (unit yuan) and counts; the others are reals.
[[nodiscard]] ValueKind value_kind(Indicator indicator) noexcept;

/// How an indicator adds up over several counties (a region, `docs/model.md`,
/// "Regions").
enum class Aggregation : unsigned char {
  sum,       ///< counts and amounts: the counties' sum
  weighted,  ///< shares, rates and means: the counties' mean weighted by the
             ///< indicator's denominator (`FlowTable::weights`), which is
             ///< the ratio of the summed numerators to the summed denominators
};

/// How `indicator` adds up over counties.
[[nodiscard]] Aggregation aggregation_of(Indicator indicator) noexcept;

/// Whether `indicator` can take a negative value: a balance (an overspend),
/// the cost share (earned under fee for service), avoided admissions (more
/// admissions than without the response). Every other indicator is a count,
/// an amount, a share or a mean of them, never below 0, so a fall of more
/// than 100% in it is impossible.
[[nodiscard]] bool can_be_negative(Indicator indicator) noexcept;

}  // namespace ygt
