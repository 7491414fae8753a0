#pragma once
// Small forward graphs the training-step tests share.
#include "tessera/workload/graph_builder.h"

namespace tessera::testing {

// ids [4, 8] -> embedding 100 x 16 -> layers.0: fc 16 -> 32, gelu -> layers.1: fc 32 -> 16: 32 tokens. The
// embedding makes the MLP's input trainable, so every matmul needs both gradients; the numbered blocks are full
// recomputation's checkpoint segments.
inline Graph embedded_mlp(DType dtype = DType::fp16) {
  GraphBuilder b("mlp", dtype);
  int ids = b.input("ids", {4, 8}, kIndexDType);
  int x = b.embedding(ids, "embed", 100, 16);
  {
    auto scope = b.scope("layers.0");
    x = b.unary(b.linear(x, "fc", 32), "gelu", "gelu");
  }
  auto scope = b.scope("layers.1");
  b.linear(x, "fc", 16);
  return b.finish();
}

}  // namespace tessera::testing
