#include "tessera/workload/graph.h"

#include <queue>

#include "tessera/core/checked_math.h"
#include "tessera/core/error.h"
#include "tessera/workload/op_definition.h"

namespace tessera {

int Graph::add_tensor(Tensor tensor) {
  if (tensor.name.empty()) throw InputError("tensor with an empty name");
  if (tensor_ids_.count(tensor.name)) throw InputError("duplicate tensor name '" + tensor.name + "'");
  for (int64_t dim : tensor.shape) {
    if (dim < 1) {
      throw InputError("tensor '" + tensor.name + "' has shape " + shape_string(tensor.shape) +
                       ": every dimension must be at least 1");
    }
  }
  try {
    tensor.bytes();
  } catch (const InputError& e) {
    throw InputError("tensor '" + tensor.name + "': " + e.what());
  }
  int id = static_cast<int>(tensors_.size());
  tensor_ids_[tensor.name] = id;
  tensors_.push_back(std::move(tensor));
  producers_.push_back(-1);
  return id;
}

std::optional<int> Graph::find_tensor(const std::string& name) const {
  auto it = tensor_ids_.find(name);
  if (it == tensor_ids_.end()) return std::nullopt;
  return it->second;
}

void Graph::check_new_op_name(const std::string& name) const {
  if (name.empty()) throw InputError("op with an empty name");
  if (op_ids_.count(name)) throw InputError("duplicate op name '" + name + "'");
}

std::string Graph::describe_input(const Op& op, int slot) const {
  int id = op.inputs[slot];
  const Tensor& t = tensors_[id];
  std::string text = "input " + std::to_string(slot) + " '" + t.name + "' " + shape_string(t.shape);
  int from = producers_[id];
  if (from >= 0) text += " from op '" + ops_[from].name + "' (" + std::string(op_kind_name(ops_[from].kind)) + ")";
  return text;
}

Op Graph::build_op(OpKind kind, const std::string& name, const std::vector<int>& inputs, Attrs attrs, Phase phase,
                   std::vector<TensorType>& output_types) const {
  check_new_op_name(name);
  std::string where = "op '" + name + "' (" + std::string(op_kind_name(kind)) + ")";
  Op op{name, kind, phase, std::move(attrs), inputs, {}, {}, 0, 0, 0, 0, 0};
  std::vector<TensorType> input_types;
  for (int id : inputs) {
    if (id < 0 || id >= static_cast<int>(tensors_.size())) {
      throw InputError(where + ": input tensor id " + std::to_string(id) + " does not exist");
    }
    input_types.push_back({tensors_[id].shape, tensors_[id].dtype});
  }
  const OpDefinition& definition = op_definition(kind);
  int count = static_cast<int>(inputs.size());
  if (count < definition.min_inputs() || count > definition.max_inputs()) {
    throw InputError(where + ": takes " + std::to_string(definition.min_inputs()) + ".." +
                     std::to_string(definition.max_inputs()) + " inputs, got " + std::to_string(count));
  }
  OpInference inferred;
  try {
    inferred = definition.infer(input_types, op.attrs);
  } catch (const ShapeError& e) {
    std::string detail;
    for (int slot : e.inputs()) {
      if (slot >= 0 && slot < count) detail += "; " + describe_input(op, slot);
    }
    throw InputError(where + ": " + e.what() + detail);
  } catch (const InputError& e) {
    throw InputError(where + ": " + e.what());
  }
  checked_add(checked_multiply(2, inferred.macs, where), inferred.vector_flops, where + ": FLOPs");
  op.loops = std::move(inferred.loops);
  op.macs = inferred.macs;
  op.vector_flops = inferred.vector_flops;
  op.transcendentals = inferred.transcendentals;
  int64_t read = 0;
  for (int id : inputs) read = checked_add(read, tensors_[id].bytes(), where + ": bytes read");
  int64_t written = 0;
  for (const auto& type : inferred.outputs) {
    written = checked_add(written, storage_bytes(element_count(type.shape), type.dtype), where + ": bytes written");
  }
  op.bytes_read = inferred.bytes_read.value_or(read);
  op.bytes_written = inferred.bytes_written.value_or(written);
  output_types = std::move(inferred.outputs);
  return op;
}

std::vector<int> Graph::add_op(OpKind kind, const std::string& name, const std::vector<int>& inputs, Attrs attrs,
                               Phase phase) {
  std::vector<TensorType> types;
  Op op = build_op(kind, name, inputs, std::move(attrs), phase, types);
  for (size_t i = 0; i < types.size(); ++i) {
    std::string tensor_name = types.size() == 1 ? name : name + ":" + std::to_string(i);
    op.outputs.push_back(add_tensor({tensor_name, types[i].shape, types[i].dtype, TensorRole::activation}));
  }
  int op_id = static_cast<int>(ops_.size());
  for (int id : op.outputs) producers_[id] = op_id;
  op_ids_[name] = op_id;
  ops_.push_back(std::move(op));
  return ops_.back().outputs;
}

void Graph::add_op_into(OpKind kind, const std::string& name, const std::vector<int>& inputs,
                        const std::vector<int>& outputs, Attrs attrs, Phase phase) {
  std::vector<TensorType> types;
  Op op = build_op(kind, name, inputs, std::move(attrs), phase, types);
  std::string where = "op '" + name + "' (" + std::string(op_kind_name(kind)) + ")";
  if (types.size() != outputs.size()) {
    throw InputError(where + ": produces " + std::to_string(types.size()) + " outputs, " +
                     std::to_string(outputs.size()) + " declared");
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    int id = outputs[i];
    if (id < 0 || id >= static_cast<int>(tensors_.size())) throw InputError(where + ": output tensor id invalid");
    const Tensor& t = tensors_[id];
    for (size_t j = 0; j < i; ++j) {
      if (outputs[j] == id) throw InputError(where + ": output '" + t.name + "' is listed twice");
    }
    if (t.role == TensorRole::weight) throw InputError(where + ": output '" + t.name + "' has role weight");
    if (producers_[id] >= 0) {
      throw InputError(where + ": output '" + t.name + "' is already produced by op '" + ops_[producers_[id]].name +
                       "'");
    }
    if (t.shape != types[i].shape || t.dtype != types[i].dtype) {
      throw InputError(where + ": output '" + t.name + "' declared " + shape_string(t.shape) + " " +
                       std::string(dtype_name(t.dtype)) + " but the op produces " + shape_string(types[i].shape) +
                       " " + std::string(dtype_name(types[i].dtype)));
    }
  }
  op.outputs = outputs;
  int op_id = static_cast<int>(ops_.size());
  for (int id : outputs) producers_[id] = op_id;
  op_ids_[name] = op_id;
  ops_.push_back(std::move(op));
}

void Graph::replace_derived_op(int id, Op op) {
  const Op& old = ops_.at(id);
  if (op.name != old.name || op.inputs != old.inputs || op.outputs != old.outputs) {
    throw InputError("op '" + old.name + "': a replacement must keep the op's name, inputs and outputs");
  }
  ops_[id] = std::move(op);
}

void Graph::add_derived_op(Op op) {
  check_new_op_name(op.name);
  for (int id : op.inputs) {
    if (id < 0 || id >= static_cast<int>(tensors_.size())) throw InputError("op '" + op.name + "': bad input id");
  }
  for (int id : op.outputs) {
    if (id < 0 || id >= static_cast<int>(tensors_.size()) || producers_[id] >= 0) {
      throw InputError("op '" + op.name + "': output must be a declared, unproduced tensor");
    }
  }
  int op_id = static_cast<int>(ops_.size());
  for (int id : op.outputs) producers_[id] = op_id;
  op_ids_[op.name] = op_id;
  ops_.push_back(std::move(op));
}

std::vector<int> Graph::topological_order() const {
  std::vector<int> pending(ops_.size(), 0);
  std::vector<std::vector<int>> consumers(tensors_.size());
  for (size_t i = 0; i < ops_.size(); ++i) {
    for (int t : ops_[i].inputs) {
      if (producers_[t] >= 0) ++pending[i];
      consumers[t].push_back(static_cast<int>(i));
    }
  }
  std::priority_queue<int, std::vector<int>, std::greater<>> ready;
  for (size_t i = 0; i < ops_.size(); ++i) {
    if (pending[i] == 0) ready.push(static_cast<int>(i));
  }
  std::vector<int> order;
  while (!ready.empty()) {
    int id = ready.top();
    ready.pop();
    order.push_back(id);
    for (int t : ops_[id].outputs) {
      for (int consumer : consumers[t]) {
        if (--pending[consumer] == 0) ready.push(consumer);
      }
    }
  }
  if (order.size() != ops_.size()) throw InputError("graph '" + name_ + "' has a cycle through op '" +
                                                    ops_[op_on_cycle(pending)].name + "'");
  return order;
}

int Graph::op_on_cycle(const std::vector<int>& pending) const {
  // Every op left pending has a pending producer; walking producers must revisit an op, and that op is on a cycle.
  int at = 0;
  while (pending[at] == 0) ++at;
  std::vector<bool> seen(ops_.size(), false);
  while (!seen[at]) {
    seen[at] = true;
    for (int t : ops_[at].inputs) {
      int from = producers_[t];
      if (from >= 0 && pending[from] > 0) {
        at = from;
        break;
      }
    }
  }
  return at;
}

int64_t Graph::params() const {
  int64_t n = 0;
  for (const auto& t : tensors_) {
    if (t.role == TensorRole::weight) n = checked_add(n, t.elements(), "the graph's parameter count");
  }
  return n;
}

int64_t Graph::macs() const {
  int64_t n = 0;
  for (const auto& op : ops_) n = checked_add(n, op.macs, "the graph's MAC count");
  return n;
}

int64_t Graph::flops() const {
  int64_t n = 0;
  for (const auto& op : ops_) n = checked_add(n, op.flops(), "the graph's FLOP count");
  return n;
}

}  // namespace tessera
