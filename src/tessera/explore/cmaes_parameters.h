#pragma once
// The strategy parameters of CMA-ES, with the defaults of N. Hansen, "The CMA Evolution Strategy: A Tutorial"
// (arXiv:1604.00772), Table 1, including the negative recombination weights of active covariance adaptation.
#include <cstddef>
#include <vector>

namespace tessera {

struct CmaesParameters {
  size_t lambda = 0;            // population size
  size_t mu = 0;                // parents: the best half
  std::vector<double> weights;  // lambda weights, best first; the first mu positive and summing to 1, the rest <= 0
  double mu_eff = 0;            // variance effective selection mass of the positive weights
  double c_m = 1;               // learning rate of the mean
  double c_sigma = 0;           // cumulation for step-size control
  double d_sigma = 0;           // damping of step-size control
  double c_c = 0;               // cumulation for the rank-one update
  double c_1 = 0;               // rank-one learning rate
  double c_mu = 0;              // rank-mu learning rate
  double expected_norm = 0;     // E||N(0, I)|| in n dimensions
};

// The tutorial's default population size, 4 + floor(3 ln n).
size_t default_cmaes_lambda(size_t n);

// Parameters for dimension n >= 1 and population lambda >= 4.
CmaesParameters cmaes_parameters(size_t n, size_t lambda);

}  // namespace tessera
