#include "tessera/explore/pagmo_layout.h"

namespace tessera {

PagmoLayout::PagmoLayout(const SearchSpace& space) : dims_(space.dims) {
  auto add_free = [this](bool integer) {
    for (size_t i = 0; i < dims_.size(); ++i) {
      if (dims_[i].integer == integer && dims_[i].low < dims_[i].high) caller_index_.push_back(i);
    }
  };
  add_free(false);
  size_t reals = caller_index_.size();
  add_free(true);
  integer_count_ = caller_index_.size() - reals;
}

std::pair<std::vector<double>, std::vector<double>> PagmoLayout::bounds() const {
  std::pair<std::vector<double>, std::vector<double>> out;
  for (size_t index : caller_index_) {
    out.first.push_back(dims_[index].low);
    out.second.push_back(dims_[index].high);
  }
  return out;
}

std::vector<double> PagmoLayout::to_pagmo(const SearchPoint& point) const {
  std::vector<double> out;
  out.reserve(caller_index_.size());
  for (size_t index : caller_index_) out.push_back(point[index]);
  return out;
}

std::vector<SearchPoint> PagmoLayout::to_caller(const std::vector<double>& concatenated) const {
  std::vector<SearchPoint> points;
  for (size_t start = 0; start < concatenated.size(); start += caller_index_.size()) {
    SearchPoint point(dims_.size());
    for (size_t i = 0; i < dims_.size(); ++i) point[i] = dims_[i].low;
    for (size_t k = 0; k < caller_index_.size(); ++k) point[caller_index_[k]] = concatenated[start + k];
    points.push_back(std::move(point));
  }
  return points;
}

}  // namespace tessera
