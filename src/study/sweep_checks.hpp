#pragma once
// What sweeps and one-at-a-time studies share: the checks of their options
// and the variants and years they report. Internal to the library.

#include <string>
#include <vector>

#include "yigongti/core/error.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/scenario/scenario.hpp"
#include "yigongti/study/sweep.hpp"

namespace ygt::detail {

/// Adds to `problems` a `--year` that `scenario` does not project and an
/// unknown `--variant` (with the nearest id).
void check_sweep_options(const Scenario& scenario, const SweepOptions& options, ProblemList& problems);

/// The variants a study with `options` reports, in the scenario's order.
[[nodiscard]] std::vector<std::string> reported_variants(const Scenario& scenario,
                                                         const SweepOptions& options);

/// The years a study with `options` reports.
[[nodiscard]] std::vector<int> reported_years(const Scenario& scenario, const SweepOptions& options);

/// How a study with `options` projects: no ledger, only the variant asked for.
[[nodiscard]] ProjectionOptions sweep_projection(const SweepOptions& options);

}  // namespace ygt::detail
