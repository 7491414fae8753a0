#include "tessera/workload/training/training_memory.h"

#include <set>

#include "tessera/core/checked_math.h"
#include "tessera/core/error.h"
#include "tessera/workload/training/training_graph.h"

namespace tessera {
namespace {

// The tensor whose storage `tensor` shares: through reshapes, which are views.
int storage_of(const Graph& graph, int tensor) {
  for (int from = graph.producer(tensor); from >= 0 && graph.op(from).kind == OpKind::reshape;
       from = graph.producer(tensor)) {
    tensor = graph.op(from).inputs[0];
  }
  return tensor;
}

int64_t ceil_divide(int64_t bytes, int parts) { return bytes / parts + (bytes % parts != 0 ? 1 : 0); }

}  // namespace

int64_t TrainingMemory::total_bytes() const {
  const char* what = "training memory";
  return checked_add(checked_add(weight_bytes, gradient_bytes, what),
                     checked_add(optimizer_state_bytes, activation_bytes, what), what);
}

TrainingMemory training_memory(const Graph& forward, const TrainingOptions& options) {
  Graph training = derive_training_graph(forward, options);
  TrainingMemory memory;
  const char* what = "training memory";
  std::set<int> kept;
  for (size_t id = forward.op_count(); id < training.op_count(); ++id) {
    const Op& op = training.op(static_cast<int>(id));
    if (op.phase == Phase::optimizer) {  // reads the gradient, then the weight or master copy and the states
      memory.gradient_bytes = checked_add(memory.gradient_bytes, training.tensor(op.inputs[0]).bytes(), what);
      for (size_t slot = 1; slot < op.inputs.size(); ++slot) {
        const Tensor& t = training.tensor(op.inputs[slot]);
        if (t.role == TensorRole::optimizer_state) {
          memory.optimizer_state_bytes = checked_add(memory.optimizer_state_bytes, t.bytes(), what);
        }
      }
      continue;
    }
    for (int t : op.inputs) {
      if (t < static_cast<int>(forward.tensor_count()) && forward.tensor(t).role == TensorRole::activation) {
        kept.insert(storage_of(forward, t));
      }
    }
  }
  for (const Tensor& t : forward.tensors()) {
    if (t.role == TensorRole::weight) memory.weight_bytes = checked_add(memory.weight_bytes, t.bytes(), what);
  }
  for (int t : kept) memory.activation_bytes = checked_add(memory.activation_bytes, forward.tensor(t).bytes(), what);
  return memory;
}

TrainingMemory zero_partition(TrainingMemory memory, int zero_stage, int data_parallel) {
  if (zero_stage < 0 || zero_stage > 3) {
    throw InputError("ZeRO stage must be 0, 1, 2 or 3, got " + std::to_string(zero_stage));
  }
  if (data_parallel < 1) {
    throw InputError("data-parallel degree must be at least 1, got " + std::to_string(data_parallel));
  }
  if (zero_stage >= 1) memory.optimizer_state_bytes = ceil_divide(memory.optimizer_state_bytes, data_parallel);
  if (zero_stage >= 2) memory.gradient_bytes = ceil_divide(memory.gradient_bytes, data_parallel);
  if (zero_stage >= 3) memory.weight_bytes = ceil_divide(memory.weight_bytes, data_parallel);
  return memory;
}

}  // namespace tessera
