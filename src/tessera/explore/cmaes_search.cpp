// Search algorithm "cmaes": CMA-ES for one objective, after N. Hansen, "The CMA Evolution Strategy: A Tutorial"
// (arXiv:1604.00772): weighted recombination, cumulative step-size adaptation, rank-one and (active) rank-mu covariance
// updates, with the defaults of Table 1 (cmaes_parameters.h). lambda = max(options.batch, 4 + floor(3 ln n)).
// The search runs in the unit box, each dimension mapped linearly onto [low, high], from mean 0.5 and sigma 0.3.
// Candidates are repaired before evaluation: clipped into the box, and rounded to the nearest whole number in integer
// dimensions. The repaired point is both what the caller evaluates and what the update learns from, so the
// distribution is adapted to the points that were actually measured. A last batch cut short by the budget is
// evaluated but not learned from (the update needs a full population).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/explore/cmaes_parameters.h"
#include "tessera/explore/jacobi_eigen.h"
#include "tessera/explore/portable_random.h"
#include "tessera/explore/search_algorithm.h"
#include "tessera/explore/search_checks.h"

namespace tessera {
namespace {

constexpr double kInitialMean = 0.5;
constexpr double kInitialSigma = 0.3;
// Rounding makes every sample within half a step of a whole number evaluate the same point, and once the
// distribution has narrowed below that the integer coordinates stop moving. So the coordinate-wise standard deviation
// sigma sqrt(C_ii) of an integer dimension is kept at least a quarter of one step (raising C_ii): a converged integer
// coordinate still tries a neighbour in about 5% of the samples (P(|N(0, 1)| > 2)).
constexpr double kIntegerStdFloorSteps = 0.25;
// Eigenvalues are kept above this fraction of the largest (condition number 1e14, the tutorial's bound on a useful
// covariance), so rounding never makes C^(-1/2) infinite.
constexpr double kMinEigenvalueRatio = 1e-14;
// A step size below this fraction of the ranges no longer moves a design parameter; holding sigma here keeps the
// repaired-step arithmetic (x - m) / sigma away from 0 / 0.
constexpr double kMinSigma = 1e-12;

using Matrix = std::vector<double>;  // n x n row-major

std::vector<double> multiply(const Matrix& a, const std::vector<double>& x) {
  size_t n = x.size();
  std::vector<double> out(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) out[i] += a[i * n + j] * x[j];
  }
  return out;
}

double square_norm(const std::vector<double>& x) { return std::inner_product(x.begin(), x.end(), x.begin(), 0.0); }

// a += scale x x^T
void add_outer(Matrix& a, double scale, const std::vector<double>& x) {
  size_t n = x.size();
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) a[i * n + j] += scale * x[i] * x[j];
  }
}

class CmaesSearch final : public SearchAlgorithm {
 public:
  void start(const SearchSpace& space, const SearchOptions& options) override {
    check_search_start("cmaes", space, options);
    if (space.objectives != 1) {
      throw InputError(fmt::format(
          "cmaes: CMA-ES minimises one objective, the search has {}; use nsga2, grid or random", space.objectives));
    }
    space_ = space;
    n_ = space.dims.size();
    params_ = cmaes_parameters(n_, std::max<size_t>(static_cast<size_t>(options.batch), default_cmaes_lambda(n_)));
    remaining_ = options.budget;
    engine_.seed(options.seed);
    mean_.assign(n_, kInitialMean);
    sigma_ = kInitialSigma;
    covariance_.assign(n_ * n_, 0.0);
    for (size_t i = 0; i < n_; ++i) covariance_[i * n_ + i] = 1;
    decompose();
    path_sigma_.assign(n_, 0.0);
    path_c_.assign(n_, 0.0);
    generation_ = 0;
    outstanding_.clear();
  }

  std::vector<SearchPoint> next() override {
    check_nothing_outstanding("cmaes", outstanding_.size());
    int64_t count = std::min<int64_t>(static_cast<int64_t>(params_.lambda), remaining_);
    std::vector<SearchPoint> batch;
    for (int64_t k = 0; k < count; ++k) {
      outstanding_.push_back(sample());
      batch.push_back(to_space(outstanding_.back()));
    }
    remaining_ -= count;
    return batch;
  }

  void report(const std::vector<std::vector<double>>& objectives) override {
    check_reported("cmaes", objectives, outstanding_.size(), space_.objectives);
    if (outstanding_.size() == params_.lambda) update(objectives);
    outstanding_.clear();
  }

 private:
  // A repaired candidate in unit coordinates: m + sigma B D z, clipped into the box, integer coordinates snapped to
  // the unit coordinate of the nearest whole number.
  std::vector<double> sample() {
    std::vector<double> scaled(n_);
    for (size_t i = 0; i < n_; ++i) scaled[i] = scales_[i] * standard_normal(engine_);
    std::vector<double> x = multiply(basis_, scaled);
    for (size_t i = 0; i < n_; ++i) {
      x[i] = std::clamp(mean_[i] + sigma_ * x[i], 0.0, 1.0);
      const SearchDimension& dim = space_.dims[i];
      double range = dim.high - dim.low;
      if (dim.integer && range > 0) x[i] = std::round(x[i] * range) / range;
    }
    return x;
  }

  SearchPoint to_space(const std::vector<double>& unit) const {
    SearchPoint point(n_);
    for (size_t i = 0; i < n_; ++i) {
      const SearchDimension& dim = space_.dims[i];
      double value = dim.low + unit[i] * (dim.high - dim.low);
      if (dim.integer) value = std::round(value);
      point[i] = std::clamp(value, dim.low, dim.high);
    }
    return point;
  }

  void update(const std::vector<std::vector<double>>& objectives) {
    const CmaesParameters& p = params_;
    std::vector<size_t> order(p.lambda);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return objectives[a][0] < objectives[b][0]; });
    // Steps y_i = (x_i - m) / sigma, best first, and their weighted mean over the mu best.
    std::vector<std::vector<double>> steps;
    std::vector<double> mean_step(n_, 0.0);
    for (size_t rank = 0; rank < p.lambda; ++rank) {
      std::vector<double> y(n_);
      for (size_t i = 0; i < n_; ++i) y[i] = (outstanding_[order[rank]][i] - mean_[i]) / sigma_;
      if (rank < p.mu) {
        for (size_t i = 0; i < n_; ++i) mean_step[i] += p.weights[rank] * y[i];
      }
      steps.push_back(std::move(y));
    }
    for (size_t i = 0; i < n_; ++i) mean_[i] += p.c_m * sigma_ * mean_step[i];

    // Step-size path, in the isotropic coordinates C^(-1/2) y.
    ++generation_;
    std::vector<double> whitened = multiply(inverse_sqrt_covariance_, mean_step);
    double sigma_gain = std::sqrt(p.c_sigma * (2 - p.c_sigma) * p.mu_eff);
    for (size_t i = 0; i < n_; ++i) path_sigma_[i] = (1 - p.c_sigma) * path_sigma_[i] + sigma_gain * whitened[i];
    double path_sigma_norm = std::sqrt(square_norm(path_sigma_));

    // h_sigma stalls the rank-one path while the step-size path is long (sigma is about to grow).
    double path_bias = std::sqrt(1 - std::pow(1 - p.c_sigma, 2.0 * static_cast<double>(generation_)));
    bool h_sigma = path_sigma_norm / path_bias < (1.4 + 2 / (static_cast<double>(n_) + 1)) * p.expected_norm;
    double c_gain = h_sigma ? std::sqrt(p.c_c * (2 - p.c_c) * p.mu_eff) : 0.0;
    for (size_t i = 0; i < n_; ++i) path_c_[i] = (1 - p.c_c) * path_c_[i] + c_gain * mean_step[i];

    double weight_sum = std::accumulate(p.weights.begin(), p.weights.end(), 0.0);
    double lost_variance = h_sigma ? 0.0 : p.c_c * (2 - p.c_c);
    double decay = 1 + p.c_1 * lost_variance - p.c_1 - p.c_mu * weight_sum;
    for (double& c : covariance_) c *= decay;
    add_outer(covariance_, p.c_1, path_c_);
    for (size_t rank = 0; rank < p.lambda; ++rank) {
      double weight = p.weights[rank];
      if (weight < 0) {
        // Active update: negative weights act on steps rescaled to the length sqrt(n) in isotropic coordinates.
        double length = square_norm(multiply(inverse_sqrt_covariance_, steps[rank]));
        if (length == 0) continue;
        weight *= static_cast<double>(n_) / length;
      }
      add_outer(covariance_, p.c_mu * weight, steps[rank]);
    }

    sigma_ *= std::exp(p.c_sigma / p.d_sigma * (path_sigma_norm / p.expected_norm - 1));
    sigma_ = std::max(sigma_, kMinSigma);
    keep_integer_coordinates_moving();
    decompose();
  }

  void keep_integer_coordinates_moving() {
    for (size_t i = 0; i < n_; ++i) {
      const SearchDimension& dim = space_.dims[i];
      double range = dim.high - dim.low;
      if (!dim.integer || range == 0) continue;
      double min_std = kIntegerStdFloorSteps / range / sigma_;
      covariance_[i * n_ + i] = std::max(covariance_[i * n_ + i], min_std * min_std);
    }
  }

  // C = B D^2 B^T, and C^(-1/2) = B D^-1 B^T.
  void decompose() {
    SymmetricEigen eigen = jacobi_eigen(covariance_, n_);
    double largest = *std::max_element(eigen.values.begin(), eigen.values.end());
    scales_.resize(n_);
    for (size_t j = 0; j < n_; ++j) scales_[j] = std::sqrt(std::max(eigen.values[j], largest * kMinEigenvalueRatio));
    basis_ = std::move(eigen.vectors);
    inverse_sqrt_covariance_.assign(n_ * n_, 0.0);
    for (size_t i = 0; i < n_; ++i) {
      for (size_t k = 0; k < n_; ++k) {
        double sum = 0;
        for (size_t j = 0; j < n_; ++j) sum += basis_[i * n_ + j] * basis_[k * n_ + j] / scales_[j];
        inverse_sqrt_covariance_[i * n_ + k] = sum;
      }
    }
  }

  SearchSpace space_;
  size_t n_ = 0;
  CmaesParameters params_;
  int64_t remaining_ = 0;
  std::mt19937_64 engine_;
  std::vector<double> mean_;
  double sigma_ = kInitialSigma;
  Matrix covariance_;
  Matrix basis_;                    // B: eigenvectors of C in its columns
  std::vector<double> scales_;      // D: square roots of C's eigenvalues
  Matrix inverse_sqrt_covariance_;  // C^(-1/2)
  std::vector<double> path_sigma_;
  std::vector<double> path_c_;
  int64_t generation_ = 0;
  std::vector<std::vector<double>> outstanding_;  // the unreported batch, repaired, in unit coordinates
};

}  // namespace

TESSERA_REGISTER(SearchAlgorithm, CmaesSearch, "cmaes");

}  // namespace tessera
