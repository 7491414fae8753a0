#include "tessera/workload/training/training_graph.h"

#include "tessera/core/error.h"
#include "tessera/workload/training/gradient_context.h"
#include "tessera/workload/training/gradient_rules.h"
#include "tessera/workload/training/optimizer_step.h"
#include "tessera/workload/training/recompute_plan.h"

namespace tessera {
namespace {

// The forward graph again, op by op through the shape checks, so that tensor and op ids stay the same.
Graph copy_forward(const Graph& forward) {
  Graph training(forward.name() + ".train");
  for (const Tensor& t : forward.tensors()) {
    if (t.role == TensorRole::kv_cache) {
      throw InputError("graph '" + forward.name() + "': training needs a forward pass without a KV cache (tensor '" +
                       t.name + "')");
    }
    training.add_tensor(t);
  }
  for (const Op& op : forward.ops()) {
    training.add_op_into(op.kind, op.name, op.inputs, op.outputs, op.attrs, op.phase);
  }
  return training;
}

// The running sum of weight `weight`'s gradient over earlier micro-batches (an input) plus this micro-batch's: the
// optimizer reads the total.
int accumulate(Graph& training, int weight, int gradient) {
  const Tensor g = training.tensor(gradient);  // a copy: adding tensors may move the graph's storage
  const std::string name = training.tensor(weight).name + ".grad";
  int running = training.add_tensor({name + ".accumulated", g.shape, g.dtype, TensorRole::gradient});
  int total = training.add_tensor({name + ".total", g.shape, g.dtype, TensorRole::gradient});
  training.add_op_into(OpKind::elementwise, name + ".accumulate", {running, gradient}, {total},
                       {{"fn", std::string("add")}}, Phase::backward_weight);
  return total;
}

}  // namespace

Graph derive_training_graph(const Graph& forward, const TrainingOptions& options) {
  Graph training = copy_forward(forward);
  GradientContext ctx(forward, training, plan_recompute(forward, options), options.recompute);
  std::vector<int> order = forward.topological_order();
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (!ctx.has_backward(*it)) continue;
    ctx.begin_backward(*it);
    emit_gradients(ctx, *it);
  }
  for (size_t t = 0; t < forward.tensor_count(); ++t) {
    if (forward.tensor(static_cast<int>(t)).role != TensorRole::weight) continue;
    int gradient = ctx.gradient(static_cast<int>(t));
    if (gradient < 0) continue;
    if (options.accumulate_gradients) gradient = accumulate(training, static_cast<int>(t), gradient);
    add_optimizer_step(training, static_cast<int>(t), gradient, options);
  }
  return training;
}

}  // namespace tessera
