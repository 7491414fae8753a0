#pragma once
// ONNX importer: reads a ModelProto (opsets 11-17's common ops) into a Tessera Graph.
//
// What becomes what:
//   graph inputs      activations (initializers that are also listed as inputs, as old exporters do, are not inputs).
//   initializers      weight tensors, created only when an op reads them as data; dims only, the data (embedded or
//                     external) is never loaded. Exceptions: single-element initializers (literals such as eps) are
//                     constant activations, not parameters; BatchNormalization's running mean/var are statistics folded
//                     into the affine (the IR's batch_norm takes only scale and bias); integer initializers read as
//                     shapes/axes/splits are constants with no tensor at all.
//   Constant nodes,   constants known at import time; Shape/Gather/Concat/Unsqueeze/Squeeze/Cast/Reshape/arithmetic on
//   shape arithmetic  constants is folded. A float constant used as data becomes an activation with no producer.
//   Identity/Dropout  aliases (no op).
// Element types: FLOAT fp32, FLOAT16 fp16, BFLOAT16 bf16, INT8/UINT8/BOOL int8, INT16/UINT16 int16,
// INT32/UINT32 int32, INT64/UINT64 int64 (unsigned types map to the signed type of the same width). DOUBLE, STRING and
// COMPLEX are rejected.
// Every error is a tessera::InputError whose one-line message starts with the file path.
#include <cstdint>
#include <optional>
#include <string>

#include "tessera/workload/graph.h"

namespace tessera {

struct OnnxImportOptions {
  // Replaces the first dimension of every graph input. Unset: a symbolic first dimension becomes 1 and a static one
  // is kept. Other symbolic dimensions are an error.
  std::optional<int64_t> batch;
  // Import each op the importer does not map as one zero-cost IR opaque op (attr op = "onnx:<type>"; no arithmetic,
  // no bytes; output shapes from value_info) instead of failing with the list of unsupported op types.
  bool allow_unknown_ops = false;
};

Graph import_onnx(const std::string& path, const OnnxImportOptions& options = {});

}  // namespace tessera
