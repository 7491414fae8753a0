#pragma once
// Eigendecomposition of a small symmetric matrix by the cyclic Jacobi method: plane rotations that each zero one
// off-diagonal element, swept over all of them until the off-diagonal part vanishes. O(n^3) per sweep and a handful
// of sweeps; meant for CMA-ES covariances of a few dozen dimensions, where robustness matters more than speed.
#include <cstddef>
#include <vector>

namespace tessera {

struct SymmetricEigen {
  std::vector<double> values;   // n eigenvalues, in no particular order
  std::vector<double> vectors;  // n x n row-major; column j is the unit eigenvector of values[j]
};

// `matrix` is n x n row-major and symmetric (only its values are read, the upper and lower triangles must agree).
SymmetricEigen jacobi_eigen(std::vector<double> matrix, size_t n);

}  // namespace tessera
