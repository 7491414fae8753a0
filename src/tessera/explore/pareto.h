#pragma once
// Non-dominated filtering: a point dominates another when it is no worse in every (minimised) objective and better
// in at least one.
#include <cstddef>
#include <vector>

namespace tessera {

bool dominates(const std::vector<double>& a, const std::vector<double>& b);
// Indices of the points no other point dominates, in input order; exact duplicates keep only the first.
std::vector<size_t> pareto_front(const std::vector<std::vector<double>>& points);

}  // namespace tessera
