#pragma once
/// \file
/// Synthetic counties of any size, for benchmarks and for testing tools built on yigongti.

#include <cstdint>
#include <string>

namespace ygt {

/// The shape of a generated county.
struct SyntheticOptions {
  int townships = 15;            ///< townships, each with a township health centre
  int institutions = 300;        ///< institutions in all (at least townships + 2)
  std::uint64_t seed = 1;        ///< the same seed gives the same text
  std::string id = "synthetic";  ///< the county's id (ensembles of several counties need distinct ids)
  int first_year = 2020;
  int last_year = 2030;
  /// Add what a projection needs: eight service lines (four outpatient, four
  /// inpatient) with rates, costs and capabilities drawn around a rural
  /// county's, choice and insurance, a demography, and `baseline` and
  /// `reform` variants (a rolling global budget split 6:3:1 from the second
  /// year, a township capability ramp, family-doctor coverage to 0.4 and
  /// reinvestment of a share of the kept surplus).
  bool projection = true;
};

/// The text of a valid scenario file (schema `yigongti/scenario/1`) for a
/// synthetic county: two county hospitals leading one alliance, a health centre
/// per township, and the remaining institutions as village clinics and
/// community stations spread over the townships, all members of the alliance.
/// Populations (about 20,000 to 80,000 a township) and travel times are drawn
/// from `seed`, as are the service lines' figures when `projection` is set.
/// Throws `std::invalid_argument` for impossible options.
[[nodiscard]] std::string synthetic_scenario_json(const SyntheticOptions& options);

}  // namespace ygt
