#pragma once
// Small helpers the op definitions share to build loop nests over output-shaped iteration spaces.
#include <string>
#include <vector>

#include "tessera/workload/loop_nest.h"
#include "tessera/workload/shape.h"
#include "tessera/workload/tensor.h"

namespace tessera {

// Adds one loop dimension per axis of `shape`, named prefix0, prefix1, ...; returns their indices.
std::vector<int> add_axis_dims(LoopNest& loops, const Shape& shape, const std::string& prefix);

// Adds an operand broadcast against `dims` (the loop dimensions of the full, right-aligned shape): an axis of size 1
// where the loop dimension is larger is indexed by nothing (always element 0).
void add_broadcast_operand(LoopNest& loops, int slot, bool is_output, const Shape& shape, const std::vector<int>& dims);

}  // namespace tessera
