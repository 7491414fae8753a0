#pragma once
// The uniform view of an operator that every cost model and mapper reads: a perfect loop nest over named dimensions,
// and for each operand how its axes are indexed by those dimensions (Timeloop's "problem shape"). An axis index is an
// affine sum of dimensions plus an offset, e.g. a convolution's input row is P*stride + R*dilation - pad. Loop points
// whose index falls outside [0, extent) do not touch the operand: padding, or another input's piece of a concat.
#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

struct LoopDim {
  std::string name;
  int64_t size = 1;
  bool operator==(const LoopDim&) const = default;
};

struct IndexTerm {
  int dim = 0;               // index into LoopNest::dims
  int64_t coefficient = 1;
  bool operator==(const IndexTerm&) const = default;
};

struct Operand {
  Operand() = default;
  Operand(int slot_, bool is_output_, std::vector<std::vector<IndexTerm>> axes_, std::vector<int64_t> offsets_ = {})
      : slot(slot_), is_output(is_output_), axes(std::move(axes_)), offsets(std::move(offsets_)) {}

  int slot = 0;              // position in the op's inputs (or outputs when is_output)
  bool is_output = false;
  // One affine index per tensor axis. No terms: a broadcast axis (index 0), or a data-dependent one (an embedding
  // table's row, an opaque op's operands).
  std::vector<std::vector<IndexTerm>> axes;
  std::vector<int64_t> offsets;              // per axis, added to the index; empty means all zero
  bool operator==(const Operand&) const = default;

  int64_t offset(size_t axis) const { return axis < offsets.size() ? offsets[axis] : 0; }

  // Distinct loop dimensions that index this operand, in loop order. Dimensions not listed are reuse dimensions.
  std::vector<int> indexing_dims() const;
};

struct LoopNest {
  std::vector<LoopDim> dims;
  std::vector<Operand> operands;
  bool operator==(const LoopNest&) const = default;

  int64_t points() const;                       // product of all dimension sizes
  int dim_index(const std::string& name) const;  // -1 when absent
  int64_t dim_size(const std::string& name) const;  // 1 when absent
  int add_dim(const std::string& name, int64_t size);
  // Adds an operand whose axes are each indexed by exactly one dimension (the common, non-convolutional case).
  void add_simple_operand(int slot, bool is_output, const std::vector<int>& axis_dims);
};

}  // namespace tessera
