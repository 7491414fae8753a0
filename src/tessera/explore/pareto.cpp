#include "tessera/explore/pareto.h"

namespace tessera {

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
  bool better = false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

// O(n^2 m): explorations keep thousands of points, for which this takes milliseconds.
std::vector<size_t> pareto_front(const std::vector<std::vector<double>>& points) {
  std::vector<size_t> front;
  for (size_t i = 0; i < points.size(); ++i) {
    bool kept = true;
    for (size_t j = 0; j < points.size() && kept; ++j) {
      if (j == i) continue;
      if (dominates(points[j], points[i]) || (j < i && points[j] == points[i])) kept = false;
    }
    if (kept) front.push_back(i);
  }
  return front;
}

}  // namespace tessera
