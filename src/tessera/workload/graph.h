#pragma once
// The workload graph: tensors and the ops between them, a DAG. Ops are shape-checked when added; a mismatch is an
// InputError naming the op and the ops that produced its inputs.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tessera/workload/op.h"
#include "tessera/workload/tensor.h"

namespace tessera {

class Graph {
 public:
  explicit Graph(std::string name = "graph") : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }

  // Adds a tensor no op has produced yet (a graph input, a weight, or an op output declared ahead, as graph JSON
  // does). Throws InputError on a duplicate name or a dimension < 1.
  int add_tensor(Tensor tensor);

  // Adds an op and creates its outputs, named after the op ("<op>" or "<op>:<i>"), as activations.
  std::vector<int> add_op(OpKind kind, const std::string& name, const std::vector<int>& inputs, Attrs attrs = {},
                          Phase phase = Phase::forward);
  // Adds an op whose outputs were declared with add_tensor; their shapes and dtypes must match inference.
  void add_op_into(OpKind kind, const std::string& name, const std::vector<int>& inputs,
                   const std::vector<int>& outputs, Attrs attrs = {}, Phase phase = Phase::forward);

  size_t tensor_count() const { return tensors_.size(); }
  size_t op_count() const { return ops_.size(); }
  // Adds an op whose loop nest and counts were derived elsewhere (a graph pass fusing several ops into one); its
  // outputs must have been added with add_tensor and not be produced yet. The caller owns the op's consistency.
  void add_derived_op(Op op);
  // Replaces op `id` by a derived version of it (a pass padding its dims): name, inputs and outputs must not change.
  void replace_derived_op(int id, Op op);

  const Tensor& tensor(int id) const { return tensors_.at(id); }
  const Op& op(int id) const { return ops_.at(id); }
  const std::vector<Tensor>& tensors() const { return tensors_; }
  const std::vector<Op>& ops() const { return ops_; }
  std::optional<int> find_tensor(const std::string& name) const;
  int producer(int tensor) const { return producers_.at(tensor); }  // -1 for graph inputs and weights

  // Ops in dependency order (Kahn's algorithm, ties by insertion order). Throws InputError naming an op on a cycle.
  std::vector<int> topological_order() const;

  int64_t params() const;  // elements of weight tensors
  int64_t macs() const;
  int64_t flops() const;

  // Structural equality: same name, tensors and ops in the same order.
  bool operator==(const Graph& other) const {
    return name_ == other.name_ && tensors_ == other.tensors_ && ops_ == other.ops_;
  }

 private:
  Op build_op(OpKind kind, const std::string& name, const std::vector<int>& inputs, Attrs attrs, Phase phase,
              std::vector<TensorType>& output_types) const;
  void check_new_op_name(const std::string& name) const;
  std::string describe_input(const Op& op, int slot) const;
  int op_on_cycle(const std::vector<int>& pending) const;

  std::string name_;
  std::vector<Tensor> tensors_;
  std::vector<int> producers_;
  std::vector<Op> ops_;
  std::unordered_map<std::string, int> tensor_ids_;
  std::unordered_map<std::string, int> op_ids_;
};

}  // namespace tessera
