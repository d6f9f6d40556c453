#include "yigongti/core/age.hpp"

#include <cmath>
#include <numeric>
#include <string>

namespace ygt {
namespace {

std::string indexed(const char* key, std::size_t i) {
  return std::string(key) + "[" + std::to_string(i) + "]";
}

/// Calls `fn(age, band)` for every single-year age, with the band it falls in.
template <class Fn>
void for_each_age(std::span<const int> starts, Fn fn) {
  std::size_t band = 0;
  for (int age = 0; age < static_cast<int>(age_count); ++age) {
    while (band + 1 < starts.size() && age >= starts[band + 1]) ++band;
    fn(static_cast<std::size_t>(age), band);
  }
}

int band_width(std::span<const int> starts, std::size_t band) {
  const int end = band + 1 < starts.size() ? starts[band + 1] : static_cast<int>(age_count);
  return end - starts[band];
}

}  // namespace

std::vector<Problem> check_age_bands(std::span<const int> starts, std::span<const double> values,
                                     const char* values_key, double lowest) {
  std::vector<Problem> problems;
  if (starts.empty()) {
    problems.push_back({"bands", "no age bands", "at least one band start, the first 0"});
    return problems;
  }
  if (starts[0] != 0)
    problems.push_back({"bands[0]", "first band starts at " + std::to_string(starts[0]), "0"});
  for (std::size_t i = 0; i < starts.size(); ++i) {
    if (starts[i] < 0 || starts[i] > open_age) {
      problems.push_back(
          {indexed("bands", i), "age " + std::to_string(starts[i]) + " out of range", "0..100"});
    } else if (i > 0 && starts[i] <= starts[i - 1]) {
      problems.push_back({indexed("bands", i), "band starts are not increasing",
                          "an age above " + std::to_string(starts[i - 1])});
    }
  }
  if (values.size() != starts.size()) {
    problems.push_back(
        {values_key,
         std::to_string(values.size()) + " values for " + std::to_string(starts.size()) + " bands",
         "one value per band"});
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]) || values[i] < lowest) {
      problems.push_back(
          {indexed(values_key, i), "value " + std::to_string(values[i]) + " is not usable",
           lowest == 0.0 ? "a finite number >= 0" : "a finite number >= " + std::to_string(lowest)});
    }
  }
  return problems;
}

AgeVector expand_band_counts(std::span<const int> starts, std::span<const double> counts) {
  AgeVector out{};
  for_each_age(starts, [&](std::size_t age, std::size_t band) {
    out[age] = counts[band] / static_cast<double>(band_width(starts, band));
  });
  return out;
}

AgeVector expand_band_rates(std::span<const int> starts, std::span<const double> rates) {
  AgeVector out{};
  for_each_age(starts, [&](std::size_t age, std::size_t band) { out[age] = rates[band]; });
  return out;
}

double total(const AgeVector& v) noexcept {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

}  // namespace ygt
