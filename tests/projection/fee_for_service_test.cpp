// Fee for service in a projection: what the ledger pays the providers is the
// fund spending the flow model computes, year by year, tier by tier.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>
#include <yigongti/projection/projection.hpp>

namespace ygt {
namespace {
namespace json = boost::json;

/// What each party received net in `year` (inflows less outflows).
std::map<std::string, Money> balances(const Ledger& ledger, int year) {
  std::map<std::string, Money> out;
  for (const Transfer& t : ledger.transfers()) {
    if (t.year != year) continue;
    out[t.to] += t.amount;
    out[t.from] -= t.amount;
  }
  return out;
}

Scenario synthetic(std::uint64_t seed, const std::function<void(json::object&)>& change) {
  SyntheticOptions o;
  o.seed = seed;
  o.townships = static_cast<int>(1 + seed % 6);
  o.institutions = o.townships * 3 + 2 + static_cast<int>(seed % 5);
  o.first_year = 2020;
  o.last_year = 2023;
  json::value doc = json::parse(synthetic_scenario_json(o));
  change(doc.as_object());
  return parse_scenario(json::serialize(doc), "synthetic.json");
}

/// Checks every year of every variant paid by fee for service alone: the
/// fund's payments are `fund_spending`, each tier's are its fund spending.
void expect_ledger_is_fund_spending(const Scenario& sc, const std::string& what) {
  ProjectionOptions options;
  options.keep_flows = true;
  const ProjectionResult r = project(sc, options);
  int checked = 0;
  for (std::size_t v = 0; v < r.variants.size(); ++v) {
    const VariantProjection& vp = r.variants[v];
    const std::vector<PaymentScheme>& schemes = sc.payment_of(sc.variants[v]);
    if (schemes.size() != 1 || schemes[0].kind() != SchemeKind::fee_for_service) continue;
    ASSERT_TRUE(vp.ledger.check().empty()) << what;
    for (int year = r.first_year; year <= r.last_year; ++year) {
      const auto row = static_cast<Eigen::Index>(year - r.first_year);
      const FlowTable& flows = vp.flows[static_cast<std::size_t>(row)];
      std::map<std::string, Money> got = balances(vp.ledger, year);
      const double reported = vp.indicators(row, static_cast<Eigen::Index>(index(Indicator::fund_spending)));
      ASSERT_GT(reported, 0.0) << what;
      ASSERT_EQ(-got[std::string(fund_party)], Money::round_from_yuan(reported)) << what << " " << year;
      for (std::size_t k = 0; k < flows.settings.size(); ++k) {
        if (!is_in_county(flows.settings[k])) continue;
        Money tier;
        for (const Institution& inst : sc.county.institutions()) {
          if (inst.tier() == flows.settings[k]) tier += got[inst.id()];
        }
        ASSERT_EQ(tier, flows.setting_fund[k]) << what << " " << year << " " << to_string(flows.settings[k]);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << what;
}

TEST(ProjectionFeeForService, TheLedgerPaysWhatFundSpendingReports) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const Scenario sc = synthetic(seed, [&](json::object& doc) {
      // The scenario's own scheme, as a user writes it; the reform variant
      // keeps its global budget.
      doc["payment"] = json::parse(R"({"scheme": "fee_for_service", "id": "ffs"})");
      if (seed % 2 == 0) {  // and an intervention moving the rates it pays
        json::value& interventions = doc["interventions"];
        if (!interventions.is_array()) interventions = json::array{};
        interventions.as_array().push_back(json::parse(
            R"({"kind": "reimbursement", "tier": "township", "target": 0.95, "from": 2021, "to": 2022, "shape": "linear"})"));
      }
    });
    expect_ledger_is_fund_spending(sc, "seed " + std::to_string(seed));
  }
}

TEST(ProjectionFeeForService, AScenarioRefusesTheSchemesOwnRates) {
  try {
    (void)synthetic(3, [](json::object& doc) {
      doc["payment"] = json::parse(R"({"scheme": "fee_for_service", "reimbursement": {"county": 0.99}})");
    });
    FAIL() << "no error";
  } catch (const InputError& e) {
    ASSERT_EQ(e.problems().size(), 1U) << e.what();
    EXPECT_EQ(e.problems()[0].path, "payment.reimbursement");
    EXPECT_NE(e.problems()[0].expected.find("insurance.reimbursement"), std::string::npos);
  }
}

// `fund_outlay` is what the ledger's fund pays out, year by year, under every
// scheme whose ledger pays all the care: fee for service, a global budget of
// the county's one alliance (surplus kept, overspend shared) and shared savings.
TEST(ProjectionFundOutlay, IsWhatTheLedgersFundPaysOut) {
  int differs = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const Scenario sc = synthetic(seed, [&](json::object& doc) {
      json::array variants;
      const json::value aco = doc.at("county").at("alliances").at(0).at("id");
      const auto add = [&](const char* id, const char* payment) {
        json::value scheme = json::parse(payment);
        if (scheme.at("scheme") == "shared_savings") scheme.as_object()["aco"] = aco;
        variants.push_back(json::object{{"id", id}, {"payment", std::move(scheme)}});
      };
      add("ffs", R"({"scheme": "fee_for_service"})");
      add("surplus", R"({"scheme": "global_budget", "budget": {"rolling_growth": 0.08}, "retention": 0.6})");
      add("overspend", R"({"scheme": "global_budget", "budget": {"rolling_growth": -0.06},
                           "overspend": [{"up_to": 0.03, "insurer_share": 0.5}], "basis": "budget"})");
      add("savings", R"({"scheme": "shared_savings", "benchmark": {"rolling_growth": 0.05},
                         "loss_rate": {"fixed_rate": 0.5}})");
      add("losses", R"({"scheme": "shared_savings", "benchmark": {"rolling_growth": -0.05},
                        "loss_rate": {"fixed_rate": 0.5}, "loss_cap": 0.02})");
      doc["variants"] = std::move(variants);
    });
    const ProjectionResult r = project(sc, {});
    ASSERT_EQ(r.variants.size(), 5U);
    for (const VariantProjection& vp : r.variants) {
      for (int year = r.first_year; year <= r.last_year; ++year) {
        const auto row = static_cast<Eigen::Index>(year - r.first_year);
        const auto value = [&](Indicator i) {
          return vp.indicators(row, static_cast<Eigen::Index>(index(i)));
        };
        const Money outlay = Money::round_from_yuan(value(Indicator::fund_outlay));
        ASSERT_EQ(-balances(vp.ledger, year)[std::string(fund_party)], outlay)
            << "seed " << seed << ", " << vp.id << " " << year;
        // Beyond the spending: what the party kept, less what it bore.
        const Money beyond = outlay - Money::round_from_yuan(value(Indicator::fund_spending));
        if (vp.id == "ffs") {
          ASSERT_EQ(beyond, Money{});
        }
        if (vp.id == "surplus" && value(Indicator::balance) >= 0.0) {
          ASSERT_EQ(beyond, Money::round_from_yuan(value(Indicator::alliance_retained)));
        }
        differs += beyond.is_zero() ? 0 : 1;
      }
    }
  }
  EXPECT_GT(differs, 40);  // the outlay is not just the spending
}

}  // namespace
}  // namespace ygt
