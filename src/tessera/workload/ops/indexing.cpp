#include "tessera/workload/ops/indexing.h"

#include "tessera/workload/op_definition.h"

namespace tessera {

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
