#include "tessera/workload/training/optimizer_step.h"

namespace tessera {
namespace {

std::string_view optimizer_name(Optimizer optimizer) {
  switch (optimizer) {
    case Optimizer::sgd: return "sgd";
    case Optimizer::sgd_momentum: return "sgd_momentum";
    case Optimizer::adam: return "adam";
  }
  return "adam";
}

}  // namespace

void add_optimizer_step(Graph& training, int weight, int gradient, const TrainingOptions& options) {
  const Tensor w = training.tensor(weight);
  bool mixed = w.dtype != options.master_dtype;
  auto state = [&](const std::string& suffix) {
    return training.add_tensor({w.name + suffix, w.shape, options.master_dtype, TensorRole::optimizer_state});
  };
  std::vector<int> inputs{gradient, mixed ? state(".master") : weight};
  if (options.optimizer == Optimizer::sgd_momentum) inputs.push_back(state(".momentum"));
  if (options.optimizer == Optimizer::adam) {
    inputs.push_back(state(".adam_m"));
    inputs.push_back(state(".adam_v"));
  }
  std::vector<int> outputs;
  for (size_t i = 1; i < inputs.size(); ++i) {
    const Tensor& in = training.tensor(inputs[i]);
    outputs.push_back(training.add_tensor({in.name + ".next", in.shape, in.dtype, TensorRole::optimizer_state}));
  }
  Attrs attrs{{"optimizer", std::string(optimizer_name(options.optimizer))}};
  if (mixed) {
    attrs.set("model_dtype", std::string(dtype_name(w.dtype)));
    outputs.push_back(training.add_tensor({w.name + ".next", w.shape, w.dtype, TensorRole::optimizer_state}));
  }
  training.add_op_into(OpKind::optimizer_update, w.name + ".update", inputs, outputs, attrs, Phase::optimizer);
}

}  // namespace tessera
