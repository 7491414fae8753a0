#include "tessera/explore/cmaes_parameters.h"

#include <algorithm>
#include <cmath>

namespace tessera {
namespace {

double squared(double x) { return x * x; }

// (sum w)^2 / sum w^2 over weights[first, last).
double effective_mass(const std::vector<double>& weights, size_t first, size_t last) {
  double sum = 0;
  double square_sum = 0;
  for (size_t i = first; i < last; ++i) {
    sum += weights[i];
    square_sum += weights[i] * weights[i];
  }
  return square_sum > 0 ? sum * sum / square_sum : 0;
}

}  // namespace

size_t default_cmaes_lambda(size_t n) {
  return 4 + static_cast<size_t>(std::floor(3 * std::log(static_cast<double>(n))));
}

CmaesParameters cmaes_parameters(size_t n, size_t lambda) {
  auto dim = static_cast<double>(n);
  CmaesParameters p;
  p.lambda = lambda;
  p.mu = lambda / 2;

  std::vector<double> raw(lambda);  // w'_i = ln((lambda + 1) / 2) - ln i
  for (size_t i = 0; i < lambda; ++i) raw[i] = std::log((static_cast<double>(lambda) + 1) / 2) - std::log(i + 1.0);
  p.mu_eff = effective_mass(raw, 0, p.mu);
  double mu_eff_minus = effective_mass(raw, p.mu, lambda);

  p.c_sigma = (p.mu_eff + 2) / (dim + p.mu_eff + 5);
  p.d_sigma = 1 + 2 * std::max(0.0, std::sqrt((p.mu_eff - 1) / (dim + 1)) - 1) + p.c_sigma;
  p.c_c = (4 + p.mu_eff / dim) / (dim + 4 + 2 * p.mu_eff / dim);
  constexpr double kAlphaCov = 2;
  p.c_1 = kAlphaCov / (squared(dim + 1.3) + p.mu_eff);
  p.c_mu = std::min(1 - p.c_1,
                    kAlphaCov * (0.25 + p.mu_eff + 1 / p.mu_eff - 2) / (squared(dim + 2) + kAlphaCov * p.mu_eff / 2));

  // Positive weights sum to 1; negative ones to -min(alpha_mu^-, alpha_mu_eff^-, alpha_posdef^-), which keeps the
  // covariance positive definite.
  double alpha_mu = 1 + p.c_1 / p.c_mu;
  double alpha_mu_eff = 1 + 2 * mu_eff_minus / (p.mu_eff + 2);
  double alpha_posdef = (1 - p.c_1 - p.c_mu) / (dim * p.c_mu);
  double negative_scale = std::min({alpha_mu, alpha_mu_eff, alpha_posdef});
  double positive_sum = 0;
  double negative_sum = 0;
  for (double w : raw) (w > 0 ? positive_sum : negative_sum) += std::abs(w);
  for (double w : raw) p.weights.push_back(w >= 0 ? w / positive_sum : negative_scale * w / negative_sum);

  p.expected_norm = std::sqrt(dim) * (1 - 1 / (4 * dim) + 1 / (21 * dim * dim));
  return p;
}

}  // namespace tessera
