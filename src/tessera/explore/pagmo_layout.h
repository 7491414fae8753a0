#pragma once
// How a search space appears to pagmo. pagmo wants the integer components last in the decision vector
// (problem::get_nix), and its NSGA-II refuses a dimension whose bounds are equal, so the pagmo vector holds the free
// dimensions only, reals first then integers, each group in the caller's order; fixed dimensions (low == high) are
// put back at their single value on the way out.
#include <cstddef>
#include <utility>
#include <vector>

#include "tessera/explore/search_algorithm.h"

namespace tessera {

class PagmoLayout {
 public:
  PagmoLayout() = default;
  explicit PagmoLayout(const SearchSpace& space);

  // Components of the pagmo vector, and how many of them (the last ones) are integers.
  size_t size() const { return caller_index_.size(); }
  size_t integer_count() const { return integer_count_; }
  // pagmo's (lower, upper) bounds.
  std::pair<std::vector<double>, std::vector<double>> bounds() const;

  std::vector<double> to_pagmo(const SearchPoint& point) const;
  // Points from pagmo vectors laid end to end (size() > 0).
  std::vector<SearchPoint> to_caller(const std::vector<double>& concatenated) const;

 private:
  std::vector<SearchDimension> dims_;
  std::vector<size_t> caller_index_;  // caller dimension of each pagmo component
  size_t integer_count_ = 0;
};

}  // namespace tessera
