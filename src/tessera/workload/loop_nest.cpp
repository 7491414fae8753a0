#include "tessera/workload/loop_nest.h"

#include <algorithm>

#include "tessera/core/checked_math.h"

namespace tessera {

std::vector<int> Operand::indexing_dims() const {
  std::vector<int> dims;
  for (const auto& axis : axes) {
    for (const auto& term : axis) {
      if (std::find(dims.begin(), dims.end(), term.dim) == dims.end()) dims.push_back(term.dim);
    }
  }
  std::sort(dims.begin(), dims.end());
  return dims;
}

int64_t LoopNest::points() const {
  int64_t n = 1;
  for (const auto& dim : dims) n = checked_multiply(n, dim.size, "a loop nest's iteration count");
  return n;
}

int LoopNest::dim_index(const std::string& name) const {
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int64_t LoopNest::dim_size(const std::string& name) const {
  int i = dim_index(name);
  return i < 0 ? 1 : dims[i].size;
}

int LoopNest::add_dim(const std::string& name, int64_t size) {
  dims.push_back({name, size});
  return static_cast<int>(dims.size()) - 1;
}

void LoopNest::add_simple_operand(int slot, bool is_output, const std::vector<int>& axis_dims) {
  Operand operand{slot, is_output, {}};
  for (int dim : axis_dims) operand.axes.push_back({IndexTerm{dim, 1}});
  operands.push_back(std::move(operand));
}

}  // namespace tessera
