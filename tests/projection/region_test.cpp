// Regions: counties projected together. A county in a region gives the same
// flows and money as its own file when its group has no city hospital; with
// one, the flows stay and the hospital joins the county's alliance; the
// region's indicators are the counties' sums and ratios of sums; bad region
// files are refused with the path of each problem.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <yigongti/io/region_file.hpp>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/payment/ledger.hpp>
#include <yigongti/projection/region.hpp>

namespace ygt {
namespace {

namespace json = boost::json;

/// A synthetic county's document (`id`, drawn from `seed`); with `city`, it
/// has the municipal setting: a city hospital `city` (in no alliance), and
/// costs, capabilities, reimbursement and travel minutes for it.
json::object county_doc(const std::string& id, std::uint64_t seed, bool city) {
  json::object doc =
      json::parse(synthetic_scenario_json({.townships = 3, .institutions = 12, .seed = seed, .id = id}))
          .as_object();
  if (!city) return doc;
  for (auto& l : doc["service_lines"].as_array()) {
    auto& line = l.as_object();
    line["cost"].as_object()["municipal"] = 1.6 * line["cost"].as_object()["county"].to_number<double>();
    line["capability"].as_object()["municipal"] = 0.995;
  }
  doc["insurance"].as_object()["outpatient"].as_object()["municipal"] = 0.38;
  doc["insurance"].as_object()["inpatient"].as_object()["municipal"] = 0.6;
  for (auto& t : doc["county"].as_object()["townships"].as_array())
    t.as_object()["minutes"].as_object()["municipal"] = 70.0 + 10.0 * static_cast<double>(seed % 3);
  doc["county"].as_object()["institutions"].as_array().push_back(
      json::object{{"id", "city"}, {"tier", "municipal"}, {"staff", 900}});
  return doc;
}

/// `doc` written into a region: without `schema` and `years`.
json::object inline_county(json::object doc) {
  doc.erase("schema");
  doc.erase("years");
  return doc;
}

json::object region_doc(const std::vector<json::object>& counties, const json::array& hospitals,
                        const json::array& groups) {
  json::array list;
  for (const auto& c : counties) list.push_back(inline_county(c));
  return json::object{
      {"schema", "yigongti/scenario/1"},
      {"name", "a city"},
      {"years", counties.front().at("years")},
      {"region",
       json::object{
           {"id", "city"}, {"hospitals", hospitals}, {"groups", groups}, {"counties", std::move(list)}}}};
}

json::object group(const char* id, const json::array& hospitals, const std::vector<std::string>& counties) {
  json::array members;
  for (const auto& c : counties) members.push_back(json::object{{"county", c}, {"alliance", "alliance"}});
  return json::object{{"id", id}, {"hospitals", hospitals}, {"alliances", std::move(members)}};
}

Region region_of(const json::object& doc) {
  return parse_region_file(json::serialize(doc), "region.json").region;
}

std::vector<Problem> problems_of(const json::object& doc) {
  try {
    (void)parse_region_file(json::serialize(doc), "region.json");
  } catch (const InputError& e) {
    return e.problems();
  }
  return {};
}

bool has_problem(const std::vector<Problem>& problems, const std::string& path, const std::string& words) {
  for (const Problem& p : problems) {
    if (p.path == path && p.what.find(words) != std::string::npos) return true;
  }
  return false;
}

TEST(Region, EachCountyGivesWhatItsOwnFileGivesWhenTheGroupHasNoCityHospital) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    std::vector<json::object> docs;
    for (std::uint64_t c = 0; c < 3; ++c)
      docs.push_back(county_doc("c" + std::to_string(c), seed * 10 + c, false));
    const Region region = region_of(
        region_doc(docs, json::array{}, json::array{group("g", json::array{}, {"c0", "c1", "c2"})}));
    ASSERT_EQ(region.counties.size(), 3u);
    const RegionProjection r = project(region);
    for (std::size_t c = 0; c < 3; ++c) {
      const Scenario own = parse_scenario(json::serialize(docs[c]), "own.json");
      const ProjectionResult p = project(own);
      ASSERT_EQ(p.variants.size(), r.counties[c].variants.size());
      for (std::size_t v = 0; v < p.variants.size(); ++v) {
        // Bit for bit: indicators, and every transfer of the ledger.
        EXPECT_EQ(p.variants[v].indicators, r.counties[c].variants[v].indicators) << "county " << c;
        const auto a = p.variants[v].ledger.transfers();
        const auto b = r.counties[c].variants[v].ledger.transfers();
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t t = 0; t < a.size(); ++t) {
          EXPECT_EQ(a[t].from, b[t].from);
          EXPECT_EQ(a[t].to, b[t].to);
          EXPECT_EQ(a[t].amount, b[t].amount);
        }
      }
    }
  }
}

TEST(Region, TheRegionsIndicatorsAreSumsAndRatiosOfSums) {
  std::vector<json::object> docs;
  for (std::uint64_t c = 0; c < 3; ++c) docs.push_back(county_doc("c" + std::to_string(c), 7 + c, false));
  const RegionProjection r = project(region_of(region_doc(docs, json::array{}, json::array{})));
  const auto col = [](Indicator i) { return static_cast<Eigen::Index>(index(i)); };
  for (std::size_t v = 0; v < r.variants.size(); ++v) {
    for (Eigen::Index y = 0; y < r.region[v].rows(); ++y) {
      double people = 0, admissions = 0, admissions_out = 0, fund = 0, fund_in = 0, retained = 0, visits = 0;
      for (const ProjectionResult& c : r.counties) {
        const auto& m = c.variants[v].indicators;
        people += m(y, col(Indicator::population));
        admissions += m(y, col(Indicator::hospitalization_rate)) * m(y, col(Indicator::population));
        admissions_out += m(y, col(Indicator::out_of_county_admissions));
        fund += m(y, col(Indicator::fund_spending));
        fund_in += m(y, col(Indicator::fund_spending)) * m(y, col(Indicator::fund_in_county_share));
        retained += m(y, col(Indicator::alliance_retained));
        visits += m(y, col(Indicator::county_visit_rate)) *
                  c.variants[v].weights(y, col(Indicator::county_visit_rate));
      }
      const auto& g = r.region[v];
      EXPECT_DOUBLE_EQ(g(y, col(Indicator::population)), people);
      EXPECT_NEAR(g(y, col(Indicator::hospitalization_rate)), admissions / people, 1e-12);
      EXPECT_NEAR(g(y, col(Indicator::county_inpatient_rate)), 1.0 - admissions_out / admissions, 1e-12);
      EXPECT_NEAR(g(y, col(Indicator::fund_in_county_share)), fund_in / fund, 1e-12);
      EXPECT_DOUBLE_EQ(g(y, col(Indicator::fund_spending)), fund);
      EXPECT_DOUBLE_EQ(g(y, col(Indicator::alliance_retained)), retained);
      // A share lies between the counties' smallest and largest.
      double lo = 1, hi = 0;
      for (const ProjectionResult& c : r.counties) {
        lo = std::min(lo, c.variants[v].indicators(y, col(Indicator::county_visit_rate)));
        hi = std::max(hi, c.variants[v].indicators(y, col(Indicator::county_visit_rate)));
      }
      EXPECT_GE(g(y, col(Indicator::county_visit_rate)), lo - 1e-15);
      EXPECT_LE(g(y, col(Indicator::county_visit_rate)), hi + 1e-15);
      EXPECT_GT(visits, 0.0);
    }
  }
}

TEST(Region, ACityHospitalJoinsItsGroupsAlliancesAndLeavesTheFlowsAsTheyWere) {
  std::vector<json::object> docs;
  for (std::uint64_t c = 0; c < 3; ++c) docs.push_back(county_doc("c" + std::to_string(c), 20 + c, true));
  const json::array hospitals{json::object{{"id", "city"}, {"name", "city hospital"}, {"beds", 2000}}};
  const Region region =
      region_of(region_doc(docs, hospitals, json::array{group("g", json::array{"city"}, {"c0", "c2"})}));
  const RegionProjection r = project(region);
  for (std::size_t c = 0; c < 3; ++c) {
    const County& county = region.counties[c].county;
    const Alliance* a = county.alliance_of("city");
    // Joined where its group reaches, nowhere else.
    EXPECT_EQ(a != nullptr, c != 1) << c;
    // The hospital is paid inside the purse of the alliance it joined, in the
    // reform's global budget; where it did not join, it is never a party.
    Money paid;
    for (const Transfer& t : r.counties[c].variants[1].ledger.transfers()) {
      if (t.to == "city") paid += t.amount;
    }
    EXPECT_EQ(paid > Money{}, c != 1) << c;
    const ProjectionResult own = project(parse_scenario(json::serialize(docs[c]), "own.json"));
    for (std::size_t v = 0; v < own.variants.size(); ++v) {
      for (Indicator i :
           {Indicator::county_visit_rate, Indicator::encounters_municipal, Indicator::fund_spending,
            Indicator::out_of_county_inpatient_fund, Indicator::fund_in_county_share}) {
        const auto k = static_cast<Eigen::Index>(index(i));
        EXPECT_EQ(own.variants[v].indicators.col(k), r.counties[c].variants[v].indicators.col(k))
            << c << " " << indicator_catalog()[index(i)].id;
      }
    }
  }
  EXPECT_GT(r.counties[0].variants[0].indicators(
                0, static_cast<Eigen::Index>(index(Indicator::encounters_municipal))),
            0.0);
}

TEST(Region, CountyFilesAreReadBesideTheRegionFileAndMustCoverItsYears) {
  const auto dir = std::filesystem::temp_directory_path() / "ygt-region-test";
  std::filesystem::create_directories(dir);
  json::object a = county_doc("a", 3, false);
  json::object b = county_doc("b", 4, false);
  std::ofstream(dir / "a.json") << json::serialize(a);
  std::ofstream(dir / "b.json") << json::serialize(b);
  json::object doc{{"schema", "yigongti/scenario/1"},
                   {"name", "two files"},
                   {"years", a.at("years")},
                   {"region", json::object{{"id", "r"},
                                           {"counties", json::array{json::object{{"file", "a.json"}},
                                                                    json::object{{"file", "b.json"}}}}}}};
  std::ofstream(dir / "region.json") << json::serialize(doc);
  const RegionFile file = load_region_file(dir / "region.json");
  ASSERT_EQ(file.region.counties.size(), 2u);
  EXPECT_EQ(file.region.counties[1].county.id(), "b");
  EXPECT_EQ(project(file.region).counties[0].variants[1].indicators,
            project(parse_scenario(json::serialize(a), "a.json")).variants[1].indicators);

  doc["years"].as_object()["end"] = doc["years"].as_object()["end"].as_int64() + 1;
  std::ofstream(dir / "region.json") << json::serialize(doc);
  try {
    (void)load_region_file(dir / "region.json");
    ADD_FAILURE() << "years that differ were accepted";
  } catch (const InputError& e) {
    ASSERT_FALSE(e.problems().empty());
    EXPECT_EQ(e.problems()[0].path, "region.counties[0].file");
  }
  // A problem inside a county file names that file and the path in it.
  doc["years"] = a.at("years");
  std::ofstream(dir / "region.json") << json::serialize(doc);
  b["choise"] = json::object{};
  std::ofstream(dir / "b.json") << json::serialize(b);
  try {
    (void)load_region_file(dir / "region.json");
    ADD_FAILURE() << "a typo in a county file was accepted";
  } catch (const InputError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].path, "region.counties[1].file");
    EXPECT_NE(e.problems()[0].what.find("b.json: choise: unknown key"), std::string::npos)
        << e.problems()[0].what;
  }
  std::filesystem::remove_all(dir);
}

TEST(Region, BadRegionsAreRefusedWithThePathOfEachProblem) {
  std::vector<json::object> docs = {county_doc("c0", 1, true), county_doc("c1", 2, true)};
  const json::array hospitals{json::object{{"id", "city"}}};
  const auto with_groups = [&](json::array groups, json::array hs) { return region_doc(docs, hs, groups); };

  auto p = problems_of(with_groups(json::array{group("g", json::array{"cty"}, {"c0"})}, hospitals));
  EXPECT_TRUE(has_problem(p, "region.groups[0].hospitals[0]", "no city hospital \"cty\"")) << p.size();
  EXPECT_TRUE(has_problem(p, "region.hospitals[0].id", "leads no group"));

  p = problems_of(with_groups(json::array{group("g", json::array{"city"}, {"c0", "c9"})}, hospitals));
  EXPECT_TRUE(has_problem(p, "region.groups[0].alliances[1].county", "no county \"c9\""));

  json::object wrong = group("g", json::array{"city"}, {"c0"});
  wrong["alliances"].as_array()[0].as_object()["alliance"] = "aliance";
  p = problems_of(with_groups(json::array{wrong}, hospitals));
  EXPECT_TRUE(has_problem(p, "region.groups[0].alliances[0].alliance", "has no alliance \"aliance\""));

  p = problems_of(with_groups(
      json::array{group("g", json::array{"city"}, {"c0"}), group("h", json::array{"city"}, {"c0"})},
      hospitals));
  EXPECT_TRUE(has_problem(p, "region.groups[1].alliances[0]", "already in group \"g\""));

  // A typo in a county written in the region carries the county's path.
  json::object typo = region_doc(docs, hospitals, json::array{group("g", json::array{"city"}, {"c0"})});
  typo["region"].as_object()["counties"].as_array()[1].as_object()["choise"] = json::object{};
  p = problems_of(typo);
  EXPECT_TRUE(has_problem(p, "region.counties[1].choise", "unknown key")) << (p.empty() ? "" : p[0].path);

  // The same county twice, variants that differ, years given to a county.
  json::object twice = region_doc({docs[0], docs[0]}, json::array{}, json::array{});
  EXPECT_TRUE(has_problem(problems_of(twice), "region.counties[1]", "a second county with id \"c0\""));
  json::object other = docs[1];
  other["variants"].as_array().pop_back();
  EXPECT_TRUE(has_problem(problems_of(region_doc({docs[0], other}, json::array{}, json::array{})),
                          "region.counties[1]",
                          "variants baseline where county \"c0\" has baseline, reform"));
  json::object years = region_doc(docs, json::array{}, json::array{});
  years["region"].as_object()["counties"].as_array()[0].as_object()["years"] = docs[0].at("years");
  EXPECT_TRUE(has_problem(problems_of(years), "region.counties[0].years", "given for one county"));
  json::object key = region_doc(docs, json::array{}, json::array{});
  key["region"].as_object()["countys"] = json::array{};
  EXPECT_TRUE(has_problem(problems_of(key), "region.countys", "unknown key"));
}

TEST(Region, ACountyThatLacksTheMunicipalSettingCannotJoinAGroupWithACityHospital) {
  std::vector<json::object> docs = {county_doc("c0", 1, false), county_doc("c1", 2, true)};
  const json::array hospitals{json::object{{"id", "city"}}};
  const auto p =
      problems_of(region_doc(docs, hospitals, json::array{group("g", json::array{"city"}, {"c0"})}));
  ASSERT_FALSE(p.empty());
  bool named = false;
  for (const Problem& x : p) named = named || x.path.rfind("region.counties[0].county.townships", 0) == 0;
  EXPECT_TRUE(named) << p[0].path << ": " << p[0].what;
  // And why the county has the municipal setting.
  EXPECT_TRUE(has_problem(p, "region.counties[0]", "city hospital \"city\" joins it through its group"));
}

}  // namespace
}  // namespace ygt
