#pragma once
// A training step derived from a forward graph: the forward ops, any recomputed forward ops ("recompute/<op>",
// phase forward), the backward ops (phases backward_data and backward_weight) and one optimizer update per weight
// (phase optimizer). See docs/workload-ir.md, "Training step", for the rules and their sources.
#include "tessera/workload/graph.h"
#include "tessera/workload/training/training_options.h"

namespace tessera {

// The training graph "<name>.train". Its first tensors and ops are the forward graph's, with the same ids. Weights
// (floating-point tensors of role weight) are trained; gradients flow into nothing else that is not computed from
// them (graph inputs, indices). The loss is softmax cross-entropy on each graph output against integer labels (an
// input "<output>.labels"; gradient_context.h). Throws InputError for a graph with a KV cache or an op through which a gradient must flow but which has
// no gradient rule (lstm, collectives, opaque, reduce max/min).
Graph derive_training_graph(const Graph& forward, const TrainingOptions& options);

}  // namespace tessera
