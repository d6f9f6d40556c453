#include "yigongti/flows/indicators.hpp"

#include <array>

namespace ygt {
namespace {

constexpr IndicatorSource F = IndicatorSource::flows;
constexpr IndicatorSource P = IndicatorSource::payment;
constexpr IndicatorSource B = IndicatorSource::behaviour;

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
    {"encounters_primary", "基层医疗卫生机构诊疗人次",
     "encounters at village, community and township settings (primary care), outpatient and inpatient",
     "encounters", F},
    {"fund_spending", "医保基金支出",
     "the insurance fund's share of the cost of residents' care, all settings, as if paid as incurred (what "
     "the fund pays out under the schemes in force is fund_outlay)",
     "yuan", F},
    {"fund_in_county_share", "医保基金县域内支出率", "in-county fund spending / fund spending", "share", F},
    {"primary_fund_share", "基层医保基金占比",
     "fund spending at village, community and township settings / in-county fund spending", "share", F},
    {"oop_share", "个人负担比", "out-of-pocket payments / total cost of care", "share", F},
    {"inpatient_reimbursement_rate", "住院报销比例", "inpatient fund spending / inpatient cost", "share", F},
    {"population", "常住人口", "residents of the county in the year", "persons", F},
    {"avoided_admissions", "可避免住院",
     "episodes of inpatient lines moved to outpatient care by providers' discretion, net of those induced "
     "(negative: more admissions than without the response)",
     "episodes", F},
    {"out_of_county_inpatient_fund", "县外住院医保报销费用",
     "insurance fund spending on residents' admissions outside the county (municipal and out_of_county)",
     "yuan", F},
    {"cost_per_admission", "次均住院费用", "inpatient cost / admissions, all settings", "yuan per admission",
     F},
    {"fund_per_admission", "次均住院医保支付", "inpatient fund spending / admissions, all settings",
     "yuan per admission", F},
    {"oop_per_admission", "次均住院个人自付",
     "inpatient out-of-pocket payments (cost less fund spending) / admissions, all settings",
     "yuan per admission", F},
    {"cost_per_visit_county", "县级医院次均门诊费用",
     "outpatient cost / outpatient encounters at county hospitals", "yuan per visit", F},
    {"cost_per_admission_county", "县级医院次均住院费用", "inpatient cost / admissions at county hospitals",
     "yuan per admission", F},
    {"remote_consultations", "远程会诊人次",
     "patients a primary setting would refer up who are first discussed with the county hospital by "
     "teleconsultation (resolved on the spot or referred on)",
     "consultations", F},
    {"outpatient_visits", "门急诊人次", "outpatient and emergency encounters of residents, all settings",
     "visits", F},
    {"outpatient_visit_rate", "人均门急诊人次", "outpatient and emergency encounters / residents",
     "visits per resident", F},
    {"budget", "总额预算",
     "the sum over the payment schemes in force of each one's budget, capitation package, DIP pool or "
     "shared-savings benchmark",
     "yuan", P},
    {"balance", "结余",
     "the sum over the schemes in force of each budget or package less the spending charged against it, and "
     "of the shared savings (negative: an overspend or a loss)",
     "yuan", P},
    {"alliance_retained", "结余留用",
     "what the schemes' parties keep of a surplus: a budget's kept share, a package's surplus, shared "
     "savings "
     "paid",
     "yuan", P},
    {"insurer_recovered", "基金收回",
     "what the fund does not pay of a budget or gets back: the surplus not kept, the party's share of an "
     "overspend, a shared loss owed",
     "yuan", P},
    {"fund_outlay", "医保基金实际支付",
     "what the fund pays out in the year: fund_spending plus what the schemes in force pay beyond the care "
     "they cover (a kept surplus, a package's balance, shared savings, a DIP fund less its lines' spending) "
     "less what the parties bear",
     "yuan", P},
    {"cost_share", "供方成本分担比例",
     "the residents' mean share of one more yuan of an episode's fund cost that their providers bear under "
     "the payment in force (negative: earned, under fee for service)",
     "share", B},
}};

}  // namespace

std::span<const IndicatorInfo> indicator_catalog() noexcept {
  return catalog;
}

Aggregation aggregation_of(Indicator indicator) noexcept {
  switch (indicator) {
    case Indicator::county_visit_rate:
    case Indicator::county_encounter_share:
    case Indicator::county_inpatient_rate:
    case Indicator::primary_visit_share:
    case Indicator::hospitalization_rate:
    case Indicator::fund_in_county_share:
    case Indicator::primary_fund_share:
    case Indicator::oop_share:
    case Indicator::inpatient_reimbursement_rate:
    case Indicator::cost_per_admission:
    case Indicator::fund_per_admission:
    case Indicator::oop_per_admission:
    case Indicator::cost_per_visit_county:
    case Indicator::cost_per_admission_county:
    case Indicator::cost_share:
    case Indicator::outpatient_visit_rate:
      return Aggregation::weighted;
    default:
      return Aggregation::sum;
  }
}

ValueKind value_kind(Indicator indicator) noexcept {
  if (aggregation_of(indicator) == Aggregation::weighted) return ValueKind::real;
  return catalog[index(indicator)].unit == "yuan" ? ValueKind::money : ValueKind::count;
}

bool can_be_negative(Indicator indicator) noexcept {
  return indicator == Indicator::balance || indicator == Indicator::cost_share ||
         indicator == Indicator::avoided_admissions;
}

std::optional<Indicator> find_indicator(std::string_view id) noexcept {
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (catalog[i].id == id) return static_cast<Indicator>(i);
  }
  return std::nullopt;
}

}  // namespace ygt
