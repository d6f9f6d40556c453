// Scenario files: every validation rule reports the JSON path of what is wrong.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>

#include "support/problems.hpp"

namespace ygt {
namespace {
namespace json = boost::json;

/// A small valid scenario: two townships, a county hospital, township centres, village clinics.
json::value base_doc() {
  return json::parse(R"({
    "schema": "yigongti/scenario/1",
    "name": "Test county",
    "years": {"start": 2020, "end": 2025},
    "county": {
      "id": "testcounty", "name": "Test County",
      "townships": [
        {"id": "a", "population": {"bands": [0, 15, 65], "counts": [1500, 5000, 1010]},
         "minutes": {"village": 5, "township": 20, "county": 40, "municipal": 90, "out_of_county": 120}},
        {"id": "b", "population": {"bands": [0, 15, 65], "counts": [3000, 10000, 2020]},
         "minutes": {"village": 8, "township": 25, "county": 60, "municipal": 100, "out_of_county": 150}}
      ],
      "institutions": [
        {"id": "hosp", "tier": "county", "kind": "general", "township": "a", "beds": 500, "staff": 700},
        {"id": "tcm", "tier": "county", "kind": "tcm", "beds": 200},
        {"id": "a-centre", "tier": "township", "township": "a", "beds": 40},
        {"id": "b-centre", "tier": "township", "township": "b", "beds": 30},
        {"id": "a-villages", "tier": "village", "township": "a", "count": 12},
        {"id": "b-villages", "tier": "village", "township": "b", "count": 9},
        {"id": "city", "tier": "municipal"}
      ],
      "alliances": [
        {"id": "one", "lead": ["hosp"], "members": ["a-centre", "a-villages"],
         "unified": ["administration", "finance"]},
        {"id": "two", "lead": ["tcm"], "members": ["b-centre", "b-villages"]}
      ]
    }
  })");
}

json::object& county(json::value& doc) {
  return doc.at("county").as_object();
}
json::object& township(json::value& doc, std::size_t i) {
  return county(doc).at("townships").as_array().at(i).as_object();
}
json::object& institution(json::value& doc, std::size_t i) {
  return county(doc).at("institutions").as_array().at(i).as_object();
}
json::object& alliance(json::value& doc, std::size_t i) {
  return county(doc).at("alliances").as_array().at(i).as_object();
}

/// The problems found in `doc`, or none.
std::vector<Problem> problems_of(const json::value& doc, const std::filesystem::path& base = {}) {
  try {
    (void)parse_scenario(json::serialize(doc), "test.json", base);
  } catch (const InputError& e) {
    EXPECT_EQ(e.origin(), "test.json");
    return e.problems();
  }
  return {};
}

/// Asserts that `doc` is refused with a problem at exactly `path` whose text contains `fragment`.
void expect_problem(const json::value& doc, const std::string& path, const std::string& fragment,
                    const std::filesystem::path& base = {}) {
  EXPECT_TRUE(testing::has_problem(problems_of(doc, base), path, fragment));
}

TEST(Scenario, TheBaseDocumentIsValid) {
  const Scenario sc = parse_scenario(json::serialize(base_doc()), "test.json");
  EXPECT_EQ(sc.name, "Test county");
  EXPECT_EQ(sc.years.count(), 6);
  EXPECT_EQ(sc.county.townships().size(), 2u);
  EXPECT_DOUBLE_EQ(sc.county.total_population(), 7510 + 15020);
  EXPECT_EQ(sc.county.facility_count(Tier::village), 21);
  EXPECT_EQ(sc.county.alliance_of("b-villages")->id(), "two");
  EXPECT_EQ(sc.county.alliance_of("city"), nullptr);
  EXPECT_EQ(sc.county.institution("tcm").kind(), InstitutionKind::tcm);
  EXPECT_EQ(sc.county.institution("tcm").name(), "tcm");  // name defaults to the id
  EXPECT_TRUE(sc.county.alliance("one").unifies(Domain::finance));
  EXPECT_FALSE(sc.county.alliance("two").unifies(Domain::finance));
  EXPECT_EQ(sc.county.settings(), (std::vector<Tier>{Tier::village, Tier::township, Tier::county,
                                                     Tier::municipal, Tier::out_of_county}));
  EXPECT_THROW((void)sc.county.township("zz"), std::out_of_range);
}

TEST(Scenario, AcceptsCommentsAndTrailingCommas) {
  const std::string text = "// a comment\n" + json::serialize(base_doc());
  std::string with_comma = text;
  with_comma.insert(with_comma.rfind('}'), ",");
  EXPECT_NO_THROW((void)parse_scenario(with_comma, "test.json"));
  EXPECT_NO_THROW((void)parse_scenario("/* block */" + text, "test.json"));
}

TEST(Scenario, PopulationBandsExpandUniformly) {
  const Scenario sc = parse_scenario(json::serialize(base_doc()), "test.json");
  const AgeVector& p = sc.county.township("a").population();
  EXPECT_DOUBLE_EQ(p[0], 100.0);  // 1500 over ages 0-14
  EXPECT_DOUBLE_EQ(p[14], 100.0);
  EXPECT_DOUBLE_EQ(p[15], 100.0);          // 5000 over ages 15-64
  EXPECT_DOUBLE_EQ(p[65], 1010.0 / 36.0);  // the open band: ages 65..100+
  EXPECT_DOUBLE_EQ(p[100], 1010.0 / 36.0);
}

TEST(ScenarioRules, UnknownKeySuggestsTheNearestKnownKey) {
  auto doc = base_doc();
  auto& c = county(doc);
  c["townshps"] = c["townships"];
  c.erase("townships");
  expect_problem(doc, "county.townshps", "did you mean `townships`?");
  expect_problem(doc, "county.townships", "missing");
}

TEST(ScenarioRules, SectionsNotYetKnownAreReportedAsUnknown) {
  auto doc = base_doc();
  doc.as_object()["teleport"] = json::object{};
  expect_problem(doc, "teleport", "unknown key");
}

TEST(ScenarioRules, MissingRequiredKey) {
  auto doc = base_doc();
  doc.as_object().erase("name");
  expect_problem(doc, "name", "missing");
}

TEST(ScenarioRules, WrongType) {
  auto doc = base_doc();
  institution(doc, 0)["beds"] = "many";
  expect_problem(doc, "county.institutions[0].beds", "a string where a number belongs");
}

TEST(ScenarioRules, UnsupportedSchema) {
  auto doc = base_doc();
  doc.as_object()["schema"] = "yigongti/scenario/9";
  expect_problem(doc, "schema", "unsupported schema");
}

TEST(ScenarioRules, YearsEndBeforeStart) {
  auto doc = base_doc();
  doc.at("years").as_object()["end"] = 2010;
  expect_problem(doc, "years.end", "before it starts");
}

TEST(ScenarioRules, DuplicateTownshipId) {
  auto doc = base_doc();
  township(doc, 1)["id"] = "a";
  expect_problem(doc, "county.townships[1].id", "duplicate id");
}

TEST(ScenarioRules, DuplicateInstitutionId) {
  auto doc = base_doc();
  institution(doc, 3)["id"] = "a-centre";
  expect_problem(doc, "county.institutions[3].id", "duplicate id");
}

TEST(ScenarioRules, DuplicateAllianceId) {
  auto doc = base_doc();
  alliance(doc, 1)["id"] = "one";
  expect_problem(doc, "county.alliances[1].id", "duplicate id");
}

TEST(ScenarioRules, InvalidId) {
  auto doc = base_doc();
  county(doc)["id"] = "has space";
  expect_problem(doc, "county.id", "invalid id");
}

TEST(ScenarioRules, InstitutionTownshipMustResolve) {
  auto doc = base_doc();
  institution(doc, 2)["township"] = "nowhere";
  expect_problem(doc, "county.institutions[2].township", "unknown township");
}

TEST(ScenarioRules, PrimaryInstitutionNeedsATownship) {
  auto doc = base_doc();
  institution(doc, 4).erase("township");
  expect_problem(doc, "county.institutions[4].township", "names no township");
}

TEST(ScenarioRules, OutOfCountyInstitutionHasNoTownship) {
  auto doc = base_doc();
  institution(doc, 6)["township"] = "a";
  expect_problem(doc, "county.institutions[6].township", "outside the county");
}

TEST(ScenarioRules, UnknownTierSuggestsTheNearestTier) {
  auto doc = base_doc();
  institution(doc, 0)["tier"] = "contry";
  expect_problem(doc, "county.institutions[0].tier", "did you mean `county`?");
}

TEST(ScenarioRules, UnknownInstitutionKind) {
  auto doc = base_doc();
  institution(doc, 0)["kind"] = "dental";
  expect_problem(doc, "county.institutions[0].kind", "general, tcm, maternal_child or other");
}

TEST(ScenarioRules, NegativeBedsAndStaff) {
  auto doc = base_doc();
  institution(doc, 0)["beds"] = -1;
  institution(doc, 1)["staff"] = -3;
  expect_problem(doc, "county.institutions[0].beds", "out of range");
  expect_problem(doc, "county.institutions[1].staff", "out of range");
}

TEST(ScenarioRules, CountMustBeAtLeastOne) {
  auto doc = base_doc();
  institution(doc, 4)["count"] = 0;
  expect_problem(doc, "county.institutions[4].count", "out of range");
  institution(doc, 4)["count"] = 2.5;
  expect_problem(doc, "county.institutions[4].count", "not a whole number");
}

TEST(ScenarioRules, AllianceLeadMustResolve) {
  auto doc = base_doc();
  alliance(doc, 0)["lead"] = json::array{"hospital"};
  expect_problem(doc, "county.alliances[0].lead[0]", "unknown institution");
}

TEST(ScenarioRules, AllianceMemberMustResolve) {
  auto doc = base_doc();
  alliance(doc, 0).at("members").as_array().push_back("ghost");
  expect_problem(doc, "county.alliances[0].members[2]", "unknown institution");
}

TEST(ScenarioRules, AllianceNeedsALead) {
  auto doc = base_doc();
  alliance(doc, 0)["lead"] = json::array{};
  expect_problem(doc, "county.alliances[0].lead", "no lead");
}

TEST(ScenarioRules, LeadMustBeCountyOrMunicipalTier) {
  auto doc = base_doc();
  alliance(doc, 0)["lead"] = json::array{"a-centre"};
  alliance(doc, 0)["members"] = json::array{"a-villages", "hosp"};
  expect_problem(doc, "county.alliances[0].lead[0]", "a county or municipal hospital as lead");
}

TEST(ScenarioRules, MunicipalLeadIsAccepted) {
  auto doc = base_doc();
  alliance(doc, 0)["lead"] = json::array{"hosp", "city"};
  EXPECT_TRUE(problems_of(doc).empty());
}

TEST(ScenarioRules, MemberMustNotBeOutOfCounty) {
  auto doc = base_doc();
  institution(doc, 6)["tier"] = "out_of_county";
  alliance(doc, 0).at("members").as_array().push_back("city");
  expect_problem(doc, "county.alliances[0].members[2]", "out of county");
}

TEST(ScenarioRules, InstitutionInAtMostOneAlliance) {
  auto doc = base_doc();
  alliance(doc, 1).at("members").as_array().push_back("a-villages");
  expect_problem(doc, "county.alliances[1].members[2]", "already belongs to alliance \"one\"");
}

TEST(ScenarioRules, InstitutionListedTwiceInOneAlliance) {
  auto doc = base_doc();
  alliance(doc, 0).at("members").as_array().push_back("hosp");
  expect_problem(doc, "county.alliances[0].members[2]", "listed twice");
}

TEST(ScenarioRules, UnknownDomainSuggestsTheNearest) {
  auto doc = base_doc();
  alliance(doc, 0)["unified"] = json::array{"finace"};
  expect_problem(doc, "county.alliances[0].unified[0]", "did you mean `finance`?");
}

TEST(ScenarioRules, DomainListedTwice) {
  auto doc = base_doc();
  alliance(doc, 0)["unified"] = json::array{"finance", "personnel", "finance"};
  expect_problem(doc, "county.alliances[0].unified[2]", "listed twice");
}

TEST(ScenarioRules, MinutesNeededForEveryTierPresent) {
  auto doc = base_doc();
  township(doc, 1).at("minutes").as_object().erase("township");
  expect_problem(doc, "county.townships[1].minutes.township", "no travel time");
  auto doc2 = base_doc();
  township(doc2, 0).at("minutes").as_object().erase("out_of_county");
  expect_problem(doc2, "county.townships[0].minutes.out_of_county", "no travel time");
}

TEST(ScenarioRules, MinutesMustBeNonNegative) {
  auto doc = base_doc();
  township(doc, 0).at("minutes").as_object()["county"] = -5;
  expect_problem(doc, "county.townships[0].minutes.county", "out of range");
}

TEST(ScenarioRules, UnknownTierInMinutes) {
  auto doc = base_doc();
  township(doc, 0).at("minutes").as_object()["vilage"] = 3;
  expect_problem(doc, "county.townships[0].minutes.vilage", "did you mean `village`?");
}

TEST(ScenarioRules, AgeBandsMustIncrease) {
  auto doc = base_doc();
  township(doc, 0)["population"] = json::parse(R"({"bands": [0, 15, 15], "counts": [1, 2, 3]})");
  expect_problem(doc, "county.townships[0].population.bands[2]", "not increasing");
}

TEST(ScenarioRules, AgeBandsStartAtZero) {
  auto doc = base_doc();
  township(doc, 0)["population"] = json::parse(R"({"bands": [5, 15], "counts": [1, 2]})");
  expect_problem(doc, "county.townships[0].population.bands[0]", "first band starts at 5");
}

TEST(ScenarioRules, AgeBandsBelow101) {
  auto doc = base_doc();
  township(doc, 0)["population"] = json::parse(R"({"bands": [0, 120], "counts": [1, 2]})");
  expect_problem(doc, "county.townships[0].population.bands[1]", "a whole number from 0 to 100");
}

TEST(ScenarioRules, OneCountPerBand) {
  auto doc = base_doc();
  township(doc, 0)["population"] = json::parse(R"({"bands": [0, 15, 65], "counts": [1, 2]})");
  expect_problem(doc, "county.townships[0].population.counts", "one value per band");
}

TEST(ScenarioRules, NegativePopulationCount) {
  auto doc = base_doc();
  township(doc, 0)["population"] = json::parse(R"({"bands": [0, 15], "counts": [100, -2]})");
  expect_problem(doc, "county.townships[0].population.counts[1]", "out of range");
}

TEST(ScenarioRules, SingleYearAgesNeed101Values) {
  auto doc = base_doc();
  township(doc, 0)["population"] = json::parse(R"({"ages": [1, 2, 3]})");
  expect_problem(doc, "county.townships[0].population.ages", "101 values");
}

TEST(ScenarioRules, ExactlyOneFormOfPopulation) {
  auto doc = base_doc();
  township(doc, 0).at("population").as_object()["file"] = "population.csv";
  expect_problem(doc, "county.townships[0].population", "more than one form");
}

TEST(ScenarioRules, ManyProblemsAreReportedTogether) {
  auto doc = base_doc();
  institution(doc, 0)["beds"] = -1;
  institution(doc, 1)["kind"] = "nope";
  township(doc, 0).at("minutes").as_object()["county"] = -1;
  doc.as_object()["extra"] = 1;
  const auto problems = problems_of(doc);
  EXPECT_GE(problems.size(), 4u);
}

TEST(ScenarioRules, MessagesListAtMostFiftyProblemsButKeepAll) {
  auto doc = base_doc();
  for (int i = 0; i < 70; ++i) doc.as_object()["extra" + std::to_string(i)] = i;
  try {
    (void)parse_scenario(json::serialize(doc), "test.json");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.problems().size(), 70u);
    const std::string what = e.what();
    EXPECT_EQ(std::count(what.begin(), what.end(), '\n'), 50);
    EXPECT_NE(what.find("... and 20 more problems"), std::string::npos);
    EXPECT_EQ(what.rfind("test.json: extra", 0), 0u) << "each line starts FILE: path";
  }
}

TEST(ScenarioRules, InvalidJsonGivesLineAndColumn) {
  try {
    (void)parse_scenario("{\n  \"schema\": \"yigongti/scenario/1\",\n  \"name\": oops\n}", "bad.json");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("bad.json: not valid JSON at line 3"), std::string::npos) << what;
  }
}

TEST(ScenarioRules, MissingFileIsAnInputError) {
  try {
    (void)load_scenario("/nonexistent/dir/scenario.json");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos);
  }
}

/// A scenario file and its population table in a fresh directory.
class ScenarioFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ygt-scenario-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) const { std::ofstream(dir_ / name) << text; }

  /// The base document with both townships' population in `population.csv`.
  static json::value doc_with_table() {
    auto doc = base_doc();
    township(doc, 0)["population"] = json::object{{"file", "population.csv"}};
    township(doc, 1)["population"] = json::object{{"file", "population.csv"}};
    return doc;
  }

  std::filesystem::path dir_;
};

TEST_F(ScenarioFiles, PopulationFromACsvTableRelativeToTheScenario) {
  write("population.csv",
        "township,age_from,count\na,0,1500\na,15,5000\na,65,1010\nb,0,3000\nb,15,10000\nb,65,2020\n");
  write("s.json", json::serialize(doc_with_table()));
  const Scenario sc = load_scenario(dir_ / "s.json");
  EXPECT_DOUBLE_EQ(sc.county.township("a").total_population(), 7510);
  EXPECT_DOUBLE_EQ(sc.county.township("b").population()[20], 200.0);
}

TEST_F(ScenarioFiles, TheChecksumCoversTheTablesRead) {
  write("population.csv", "township,age_from,count\na,0,1500\nb,0,3000\n");
  write("s.json", json::serialize(doc_with_table()));
  const std::string first = load_scenario(dir_ / "s.json").checksum;
  EXPECT_EQ(first.rfind("crc32:", 0), 0u);
  EXPECT_EQ(load_scenario(dir_ / "s.json").checksum, first);
  write("population.csv", "township,age_from,count\na,0,1501\nb,0,3000\n");
  EXPECT_NE(load_scenario(dir_ / "s.json").checksum, first);
}

TEST_F(ScenarioFiles, MissingCsvFile) {
  write("s.json", json::serialize(doc_with_table()));
  try {
    (void)load_scenario(dir_ / "s.json");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    ASSERT_FALSE(e.problems().empty());
    EXPECT_EQ(e.problems()[0].path, "county.townships[0].population.file");
    EXPECT_NE(e.problems()[0].what.find("cannot open"), std::string::npos);
  }
}

TEST_F(ScenarioFiles, BadCsvRowNamesFileAndLine) {
  write("population.csv", "township,age_from,count\na,0,1500\na,15,lots\na,65,1010\nb,0,3000\n");
  expect_problem(doc_with_table(), "county.townships[0].population.file", "population.csv:3: count \"lots\"",
                 dir_);
}

TEST_F(ScenarioFiles, CsvRowsForAnUnknownTownship) {
  write("population.csv", "township,age_from,count\na,0,1500\nb,0,3000\nbb,0,5\n");
  expect_problem(doc_with_table(), "county.townships[0].population.file", "unknown township \"bb\"", dir_);
}

TEST_F(ScenarioFiles, CsvUnknownColumn) {
  write("population.csv", "township,age_from,count,sex\na,0,1500,f\n");
  expect_problem(doc_with_table(), "county.townships[0].population.file", "unknown column \"sex\"", dir_);
}

TEST_F(ScenarioFiles, CsvAgesMustIncrease) {
  write("population.csv", "township,age_from,count\na,0,1500\na,15,10\na,10,10\nb,0,3000\n");
  expect_problem(doc_with_table(), "county.townships[0].population.file", "not increasing", dir_);
}

TEST_F(ScenarioFiles, CsvQuotedFieldsAndCrlf) {
  write("population.csv", "\xEF\xBB\xBFtownship,age_from,count\r\n\"a\",0,\"1500\"\r\nb,0,3000\r\n");
  write("s.json", json::serialize(doc_with_table()));
  const Scenario sc = load_scenario(dir_ / "s.json");
  EXPECT_NEAR(sc.county.township("a").total_population(), 1500, 1e-9);
}

TEST(SyntheticScenario, GeneratedCountiesAreValidAndOfTheAskedSize) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    SyntheticOptions options;
    options.seed = seed;
    options.townships = static_cast<int>(1 + seed % 30);
    options.institutions = options.townships * 3 + static_cast<int>(seed * 7);
    const Scenario sc = parse_scenario(synthetic_scenario_json(options), "synthetic");
    EXPECT_EQ(sc.county.townships().size(), static_cast<std::size_t>(options.townships));
    EXPECT_EQ(sc.county.institutions().size(), static_cast<std::size_t>(options.institutions));
    ASSERT_EQ(sc.county.alliances().size(), 1u);
    // Every institution but the out-of-alliance none: leads plus members cover them all.
    const Alliance& a = sc.county.alliances()[0];
    EXPECT_EQ(a.lead().size() + a.members().size(), sc.county.institutions().size());
  }
  EXPECT_EQ(synthetic_scenario_json({}), synthetic_scenario_json({}));
  EXPECT_THROW((void)synthetic_scenario_json({.townships = 0}), std::invalid_argument);
}

}  // namespace
}  // namespace ygt
