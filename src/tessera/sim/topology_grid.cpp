// Rings, meshes and tori: dimension-order routing on row-major positions.
#include <cstdlib>
#include <utility>

#include "tessera/sim/topology_level.h"

namespace tessera {

GridNetwork::GridNetwork(std::vector<int64_t> dims, bool wrap, std::vector<std::vector<int>> edge_tier)
    : dims_(std::move(dims)), stride_(dims_.size(), 1), wrap_(wrap), edge_tier_(std::move(edge_tier)) {
  for (size_t d = dims_.size(); d-- > 0;) {
    stride_[d] = nodes_;
    nodes_ *= dims_[d];
  }
  size_t rank = dims_.size();
  link_of_.assign(static_cast<size_t>(nodes_) * rank * 2, -1);
  for (int64_t node = 0; node < nodes_; ++node) {
    for (size_t d = 0; d < rank; ++d) {
      int64_t x = coord(node, d);
      for (int dir = 0; dir < 2; ++dir) {
        // A ring or torus dimension of size 1 has no links; a mesh has none past its edges.
        bool exists = wrap_ ? dims_[d] > 1 : (dir == 0 ? x + 1 < dims_[d] : x > 0);
        if (!exists) continue;
        link_of_[(node * rank + d) * 2 + dir] = static_cast<int32_t>(links_.size());
        links_.push_back(GridLink{node, static_cast<int>(d), dir});
      }
    }
  }
}

int64_t GridNetwork::neighbour(int64_t node, size_t dim, int dir) const {
  int64_t n = dims_[dim];
  int64_t x = coord(node, dim);
  int64_t next = dir == 0 ? (x + 1) % n : (x + n - 1) % n;
  return node + (next - x) * stride_[dim];
}

int GridNetwork::link_tier(int64_t link) const {
  const GridLink& l = links_[link];
  int64_t n = dims_[l.dim];
  int64_t x = coord(l.from, l.dim);
  int64_t edge = l.dir == 0 ? x : (x + n - 1) % n;
  return edge_tier_[l.dim][edge];
}

std::string GridNetwork::position(int64_t node) const {
  std::string out = "(";
  for (size_t d = 0; d < dims_.size(); ++d) {
    if (d > 0) out += ',';
    out += std::to_string(coord(node, d));
  }
  return out + ")";
}

std::string GridNetwork::link_name(int64_t link) const {
  const GridLink& l = links_[link];
  return position(l.from) + "->" + position(neighbour(l.from, l.dim, l.dir));
}

void GridNetwork::append_route(int64_t src, int64_t dst, LinkId first_link, std::vector<LinkId>& out) const {
  size_t rank = dims_.size();
  int64_t node = src;
  for (size_t d = 0; d < rank; ++d) {
    int64_t n = dims_[d];
    int64_t x = coord(src, d);
    int64_t y = coord(dst, d);
    if (x == y) continue;
    int dir = y > x ? 0 : 1;
    int64_t steps = std::llabs(y - x);
    if (wrap_) {
      int64_t forward = (y - x + n) % n;
      dir = forward <= n - forward ? 0 : 1;  // the shorter way around; a tie goes +
      steps = dir == 0 ? forward : n - forward;
    }
    for (int64_t s = 0; s < steps; ++s) {
      out.push_back(first_link + link_of_[(node * rank + d) * 2 + dir]);
      node = neighbour(node, d, dir);
    }
  }
}

}  // namespace tessera
