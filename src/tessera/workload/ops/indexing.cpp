#include "tessera/workload/ops/indexing.h"

#include <algorithm>

#include "tessera/workload/op_definition.h"

namespace tessera {

Shape broadcast_shapes(const Shape& a, const Shape& b, int a_input, int b_input) {
  size_t rank = std::max(a.size(), b.size());
  Shape out(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    require(da == db || da == 1 || db == 1, {a_input, b_input},
            "shapes " + shape_string(a) + " and " + shape_string(b) + " do not broadcast");
    out[i] = std::max(da, db);
  }
  return out;
}

std::vector<int> add_axis_dims(LoopNest& loops, const Shape& shape, const std::string& prefix) {
  std::vector<int> dims;
  for (size_t i = 0; i < shape.size(); ++i) dims.push_back(loops.add_dim(prefix + std::to_string(i), shape[i]));
  return dims;
}

void add_broadcast_operand(LoopNest& loops, int slot, bool is_output, const Shape& shape,
                           const std::vector<int>& dims) {
  Operand operand{slot, is_output, {}};
  size_t offset = dims.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i) {
    int dim = dims[offset + i];
    bool broadcast = shape[i] == 1 && loops.dims[dim].size > 1;
    operand.axes.push_back(broadcast ? std::vector<IndexTerm>{} : std::vector<IndexTerm>{{dim, 1}});
  }
  loops.operands.push_back(std::move(operand));
}

}  // namespace tessera
