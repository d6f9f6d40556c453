#pragma once
/// \file
/// Projections of a region: every county projected as it stands (with the
/// city hospitals its groups give it), and the region's indicators added up
/// from the counties' (`docs/model.md`, "Regions").

#include <Eigen/Core>
#include <span>
#include <string>
#include <vector>

#include "yigongti/projection/projection.hpp"
#include "yigongti/scenario/region.hpp"

namespace ygt {

/// The projection of a region.
struct RegionProjection {
  int first_year = 0;
  int last_year = 0;
  std::vector<std::string> variants;       ///< the variants projected, in order
  std::vector<ProjectionResult> counties;  ///< in the region's order
  /// Per variant: years x indicators for the region as a whole.
  std::vector<Eigen::MatrixXd> region;

  [[nodiscard]] int year_count() const noexcept { return last_year - first_year + 1; }
};

/// Projects every county of `region` with `options` and adds the region's
/// indicators up. Throws what `project` throws for a county.
[[nodiscard]] RegionProjection project(const Region& region, const ProjectionOptions& options = {});

/// The region's indicators (years x indicators) from the counties' values
/// and weights (`VariantProjection::indicators` and `weights`, all of the
/// same shape): a count or amount is the counties' sum; a share, rate or mean
/// (`Aggregation::weighted`) is `sum(value weight) / sum(weight)`, 0 where
/// every weight is 0.
[[nodiscard]] Eigen::MatrixXd combine_indicators(std::span<const Eigen::MatrixXd* const> values,
                                                 std::span<const Eigen::MatrixXd* const> weights);

/// The region's indicators of each variant (years x indicators) from its
/// counties' projections (`combine_indicators` on each variant's values and
/// weights); every projection has the same variants and years.
[[nodiscard]] std::vector<Eigen::MatrixXd> combine_projections(std::span<const ProjectionResult> counties);

}  // namespace ygt
