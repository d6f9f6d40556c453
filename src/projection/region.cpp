#include "yigongti/projection/region.hpp"

#include <stdexcept>

namespace ygt {

Eigen::MatrixXd combine_indicators(std::span<const Eigen::MatrixXd* const> values,
                                   std::span<const Eigen::MatrixXd* const> weights) {
  if (values.empty() || values.size() != weights.size())
    throw std::invalid_argument("combine_indicators: one weight matrix per value matrix, at least one");
  const Eigen::Index rows = values.front()->rows();
  const Eigen::Index cols = values.front()->cols();
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(rows, cols);
  Eigen::MatrixXd weight = Eigen::MatrixXd::Zero(rows, cols);
  for (std::size_t c = 0; c < values.size(); ++c) {
    if (values[c]->rows() != rows || values[c]->cols() != cols || weights[c]->rows() != rows ||
        weights[c]->cols() != cols)
      throw std::invalid_argument("combine_indicators: matrices of different shapes");
    for (Eigen::Index i = 0; i < cols; ++i) {
      if (aggregation_of(static_cast<Indicator>(i)) == Aggregation::sum) {
        sum.col(i) += values[c]->col(i);
      } else {
        sum.col(i) += values[c]->col(i).cwiseProduct(weights[c]->col(i));
        weight.col(i) += weights[c]->col(i);
      }
    }
  }
  for (Eigen::Index i = 0; i < cols; ++i) {
    if (aggregation_of(static_cast<Indicator>(i)) == Aggregation::sum) continue;
    for (Eigen::Index y = 0; y < rows; ++y) sum(y, i) = weight(y, i) > 0.0 ? sum(y, i) / weight(y, i) : 0.0;
  }
  return sum;
}

std::vector<Eigen::MatrixXd> combine_projections(std::span<const ProjectionResult> counties) {
  std::vector<Eigen::MatrixXd> out;
  if (counties.empty()) return out;
  for (std::size_t v = 0; v < counties.front().variants.size(); ++v) {
    std::vector<const Eigen::MatrixXd*> values, weights;
    for (const ProjectionResult& c : counties) {
      values.push_back(&c.variants.at(v).indicators);
      weights.push_back(&c.variants.at(v).weights);
    }
    out.push_back(combine_indicators(values, weights));
  }
  return out;
}

RegionProjection project(const Region& region, const ProjectionOptions& options) {
  RegionProjection out;
  out.first_year = region.years.start;
  out.last_year = region.years.end;
  for (const Scenario& county : region.counties) out.counties.push_back(project(county, options));
  if (out.counties.empty()) return out;
  for (const VariantProjection& v : out.counties.front().variants) out.variants.push_back(v.id);
  out.region = combine_projections(out.counties);
  return out;
}

}  // namespace ygt
