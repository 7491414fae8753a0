#include "tessera/explore/jacobi_eigen.h"

#include <cmath>
#include <utility>

namespace tessera {
namespace {

// Convergence is quadratic once the off-diagonal part is small, so 50 sweeps are never reached in practice; the cap
// only bounds the work on a matrix with NaNs.
constexpr int kMaxSweeps = 50;

double off_diagonal_square_sum(const std::vector<double>& a, size_t n) {
  double sum = 0;
  for (size_t p = 0; p < n; ++p) {
    for (size_t q = p + 1; q < n; ++q) sum += a[p * n + q] * a[p * n + q];
  }
  return sum;
}

double square_sum(const std::vector<double>& a) {
  double sum = 0;
  for (double value : a) sum += value * value;
  return sum;
}

// A <- J^T A J and V <- V J, with J the rotation by (c, s) in the (p, q) plane.
void rotate(std::vector<double>& a, std::vector<double>& v, size_t n, size_t p, size_t q, double c, double s) {
  for (size_t k = 0; k < n; ++k) {
    double kp = a[k * n + p];
    double kq = a[k * n + q];
    a[k * n + p] = c * kp - s * kq;
    a[k * n + q] = s * kp + c * kq;
  }
  for (size_t k = 0; k < n; ++k) {
    double pk = a[p * n + k];
    double qk = a[q * n + k];
    a[p * n + k] = c * pk - s * qk;
    a[q * n + k] = s * pk + c * qk;
  }
  for (size_t k = 0; k < n; ++k) {
    double kp = v[k * n + p];
    double kq = v[k * n + q];
    v[k * n + p] = c * kp - s * kq;
    v[k * n + q] = s * kp + c * kq;
  }
}

}  // namespace

SymmetricEigen jacobi_eigen(std::vector<double> matrix, size_t n) {
  std::vector<double> vectors(n * n, 0.0);
  for (size_t i = 0; i < n; ++i) vectors[i * n + i] = 1;
  // Stop when the off-diagonal part is at rounding level relative to the whole matrix.
  double tolerance = 1e-30 * square_sum(matrix);
  for (int sweep = 0; sweep < kMaxSweeps && off_diagonal_square_sum(matrix, n) > tolerance; ++sweep) {
    for (size_t p = 0; p < n; ++p) {
      for (size_t q = p + 1; q < n; ++q) {
        double apq = matrix[p * n + q];
        if (apq == 0) continue;
        // tan of the angle that zeroes a_pq: the smaller root of t^2 + 2 theta t - 1 = 0, for a rotation of at most
        // 45 degrees (stable for large theta).
        double theta = (matrix[q * n + q] - matrix[p * n + p]) / (2 * apq);
        double t = std::copysign(1.0, theta) / (std::abs(theta) + std::sqrt(theta * theta + 1));
        double c = 1 / std::sqrt(t * t + 1);
        rotate(matrix, vectors, n, p, q, c, t * c);
        matrix[p * n + q] = 0;  // exactly, rather than a rounding residue
        matrix[q * n + p] = 0;
      }
    }
  }
  SymmetricEigen out;
  for (size_t i = 0; i < n; ++i) out.values.push_back(matrix[i * n + i]);
  out.vectors = std::move(vectors);
  return out;
}

}  // namespace tessera
