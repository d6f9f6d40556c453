#pragma once
// Small generated counties and a hash-driven draw for ensemble tests: the
// draw depends on (county index, draw) only, so every way of splitting the
// work must give the same summaries.

#include <cstdint>
#include <string>
#include <yigongti/io/scenario_file.hpp>
#include <yigongti/io/synthetic.hpp>

namespace ygt::testing {

/// A generated county with id `county-<seed>`: 4 townships and 20
/// institutions from 2020 to 2024 when `small`, the synthetic defaults
/// (15 townships, 2020-2030) otherwise.
inline Scenario synthetic_county(std::uint64_t seed, bool small = true) {
  SyntheticOptions o;
  o.seed = seed;
  o.id = "county-" + std::to_string(seed);
  if (small) {
    o.townships = 4;
    o.institutions = 20;
    o.first_year = 2020;
    o.last_year = 2024;
  }
  return parse_scenario(synthetic_scenario_json(o), "synthetic-" + std::to_string(seed) + ".json");
}

/// Draw `d` of county `c`: `choice.b_cap` in [2, 4] and family-doctor
/// coverage in [0.1, 0.6], from a hash of (c, d).
inline void hashed_draw(Scenario& sc, std::size_t c, std::uint64_t d) {
  const auto u = [&](std::uint64_t salt) {
    std::uint64_t x = (d + 1) * 0x9E3779B97F4A7C15ULL ^ (c + 7) * 0xBF58476D1CE4E5B9ULL ^ salt;
    x ^= x >> 31;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 29;
    return static_cast<double>(x >> 11) / 9007199254740992.0;
  };
  sc.flows->choice.b_cap = 2.0 + 2.0 * u(1);
  sc.flows->insurance.family_doctor_coverage = 0.1 + 0.5 * u(2);
}

}  // namespace ygt::testing
