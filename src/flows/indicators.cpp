#include "yigongti/flows/indicators.hpp"

#include <array>

namespace ygt {
namespace {

constexpr IndicatorSource F = IndicatorSource::flows;
constexpr IndicatorSource P = IndicatorSource::payment;

constexpr std::array<IndicatorInfo, indicator_count> catalog = {{
    {"county_visit_rate", "县域就诊率",
     "episodes of care of residents that stay inside the county to their end / all episodes (first contacts)",
     "share", F},
    {"county_encounter_share", "县域内诊疗人次占比",
     "encounters at village, community, township and county settings / all encounters of residents", "share",
     F},
    {"county_inpatient_rate", "县域内住院人次占比",
     "in-county admissions / all admissions (an admission is an inpatient encounter)", "share", F},
    {"primary_visit_share", "县域内基层诊疗人次占比",
     "outpatient encounters at village, community and township settings / in-county outpatient encounters",
     "share", F},
    {"hospitalization_rate", "住院率", "admissions / residents", "admissions per resident", F},
    {"out_of_county_admissions", "县外住院人次",
     "admissions outside the county (municipal and out_of_county)", "admissions", F},
    {"upward_referrals", "上转人次", "referrals to the next higher setting, from the referral chain",
     "referrals", F},
    {"downward_referrals", "下转人次", "referrals down for follow-up, from the referral chain", "referrals",
     F},
    {"encounters_village", "村卫生室诊疗人次", "encounters at village clinics", "encounters", F},
    {"encounters_community", "社区卫生服务机构诊疗人次",
     "encounters at community health centres and stations", "encounters", F},
    {"encounters_township", "乡镇卫生院诊疗人次", "encounters at township health centres", "encounters", F},
    {"encounters_county", "县级医院诊疗人次", "encounters at county hospitals", "encounters", F},
    {"encounters_municipal", "市级医院诊疗人次", "encounters at city hospitals", "encounters", F},
    {"encounters_out_of_county", "县外诊疗人次", "encounters outside the county", "encounters", F},
    {"fund_spending", "医保基金支出", "insurance fund spending on residents' care, all settings", "yuan", F},
    {"fund_in_county_share", "医保基金县域内支出率", "in-county fund spending / fund spending", "share", F},
    {"primary_fund_share", "基层医保基金占比",
     "fund spending at village, community and township settings / in-county fund spending", "share", F},
    {"oop_share", "个人负担比", "out-of-pocket payments / total cost of care", "share", F},
    {"inpatient_reimbursement_rate", "住院报销比例", "inpatient fund spending / inpatient cost", "share", F},
    {"population", "常住人口", "residents of the county in the year", "persons", F},
    {"budget", "总额预算", "the budget, package or benchmark of the payment schemes in force", "yuan", P},
    {"balance", "结余", "budget minus charged spending (negative: an overspend)", "yuan", P},
    {"alliance_retained", "结余留用", "what the alliance keeps of a surplus", "yuan", P},
    {"insurer_recovered", "基金收回",
     "what returns to the fund: the surplus not kept and the alliance's share of an overspend", "yuan", P},
}};

}  // namespace

std::span<const IndicatorInfo> indicator_catalog() noexcept {
  return catalog;
}

std::optional<Indicator> find_indicator(std::string_view id) noexcept {
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (catalog[i].id == id) return static_cast<Indicator>(i);
  }
  return std::nullopt;
}

}  // namespace ygt
