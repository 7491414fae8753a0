#pragma once
// How a training step is derived from a forward graph: the optimizer, the activation recomputation policy and the
// precision of the master weights and optimizer states.
#include <cstdint>

#include "tessera/core/dtype.h"

namespace tessera {

enum class Optimizer { sgd, sgd_momentum, adam };

// none: keep every activation the backward pass reads. selective (Korthikanti et al. 2022): recompute only the
// attention core (Q K^T, its scale/mask, softmax: the S x S tensors) of unfused attention. full: keep only each
// checkpoint segment's inputs and re-run the segment's forward ops before its backward pass.
enum class Recompute { none, selective, full };

struct TrainingOptions {
  Optimizer optimizer = Optimizer::adam;
  Recompute recompute = Recompute::none;
  // Master weights and optimizer states. A model whose weights are narrower (fp16/bf16) trains in mixed precision:
  // an fp32 master copy of each weight is kept beside the states (Micikevicius et al. 2018).
  DType master_dtype = DType::fp32;
  // Full recompute of a graph with no numbered blocks (ops named "<scope>.<n>.…", e.g. "layers.3.attn.q_proj"):
  // consecutive ops per checkpoint segment; 0 = ceil(sqrt(ops)) (Chen et al. 2016, sublinear memory).
  int64_t checkpoint_ops = 0;
  // A step of several micro-batches sums each weight gradient over them: every micro-batch adds its gradient into the
  // running sum (autograd's .grad accumulation, Megatron's main_grad), one elementwise add per weight.
  bool accumulate_gradients = false;
};

}  // namespace tessera
