#pragma once
// Asserting that an input was refused with a problem at a given JSON path.

#include <gtest/gtest.h>

#include <string>
#include <vector>
#include <yigongti/core/error.hpp>

namespace ygt::testing {

/// Passes when `problems` has one at exactly `path` whose text (what and
/// expected) contains `fragment`; otherwise fails listing every problem.
inline ::testing::AssertionResult has_problem(const std::vector<Problem>& problems, const std::string& path,
                                              const std::string& fragment) {
  std::string all;
  for (const auto& p : problems) {
    if (p.path == path && (p.what + " " + p.expected).find(fragment) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
    all += p.path + ": " + p.what + " (expected " + p.expected + ")\n";
  }
  return ::testing::AssertionFailure()
         << "no problem at " << path << " mentioning \"" << fragment << "\"; got:\n"
         << (all.empty() ? "nothing (accepted)\n" : all);
}

/// The problems of the `InputError` that `fn` throws (checking that it names
/// the file `origin`), or none when it does not throw.
template <typename Fn>
std::vector<Problem> problems_thrown(const std::string& origin, Fn fn) {
  try {
    fn();
  } catch (const InputError& e) {
    EXPECT_EQ(e.origin(), origin);
    return e.problems();
  }
  return {};
}

}  // namespace ygt::testing
