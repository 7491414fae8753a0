#pragma once
// The padding pass ("padding"): grows a GEMM-like op's loop dimensions to the matrix unit's granularity when a
// roofline estimate says the padded op is faster than running ragged; docs/cli.md ("Graph passes") states the rule.
//
// Granularity:
//  - mma (tensor cores): the contiguous axis of every GEMM operand must be a multiple of 16 bytes (8 fp16/bf16, 16
//    int8, 4 tf32, 32 int4 elements). NVIDIA, "Matrix Multiplication Background User's Guide" (DU-09799-001, Deep
//    Learning Performance docs), section "Tensor Core Requirements", Table 1: with cuBLAS >= 11 tensor cores are used
//    "always, but most efficient with multiples of" those sizes (older cuBLAS fell back to CUDA cores). For a row-major
//    matmul that is K and N; for a convolution (implicit GEMM, NHWC) the channels C and filters K ("Convolutional
//    Layers User's Guide", "Channels In And Out"). Misaligned, the GEMM is assumed to run at kMisalignedMmaEfficiency
//    of the tensor-core rate (assumed: the narrower, non-vectorised loads of the unaligned kernels; the guide's Figure
//    shows the misaligned-K GEMMs clearly slower but gives no single ratio).
//  - systolic: the dims mapped onto the array's rows and columns by its first dataflow (os: M x N, ws: K x N,
//    is: K x M), in multiples of rows and cols. A ragged last fold costs a full fold (SCALE-Sim semantics), so the
//    ragged compute equals the padded compute and padding only adds bytes: it never wins there.
//
// Cost of the padded op: more MACs and bytes; an activation operand that grows is first copied into a padded buffer
// (its bytes read plus the padded bytes written, a serial memory-bound kernel); weights are padded offline, for free,
// and only their larger reads count. The padded output is written whole and its consumers read the valid part as a
// view (no copy back). Epilogue inputs, vector FLOPs and transcendentals are unchanged (padded columns are skipped).
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/hardware/hardware_spec.h"
#include "tessera/workload/graph.h"

namespace tessera {

// Elements per 16 bytes at `dtype` (at least 1): the tensor-core alignment of the guide's Table 1.
int64_t mma_alignment_elements(DType dtype);

inline constexpr double kMisalignedMmaEfficiency = 0.5;  // assumed, see above

struct PaddingPlan {
  bool candidate = false;            // the op maps onto the matrix unit and a dim is off its granularity
  bool pad = false;                  // candidate and the padded op is estimated strictly faster
  std::vector<int64_t> padded_dims;  // loop-dim sizes after padding, in the op's loop order
  std::string padded_from;           // original sizes of the dims that grow, e.g. "N=1001"
  int64_t extra_macs = 0;
  int64_t extra_bytes_read = 0;      // larger GEMM operand reads + the pad copies' reads
  int64_t extra_bytes_written = 0;   // larger output + the pad copies' writes
  double ragged_s = 0;               // roofline estimates on the whole device
  double padded_s = 0;
};

// True when `op` runs on an mma matrix unit at its dtype and a contiguous GEMM axis is off the 16-byte alignment: the
// gpu cost model then charges kMisalignedMmaEfficiency, the same rule the pass weighs padding against.
bool mma_misaligned(const Graph& graph, const Op& op, const DeviceSpec& device);

// The decision for one op of `graph`; an op that is no candidate comes back with candidate == false.
PaddingPlan plan_padding(const Graph& graph, int op_id, const DeviceSpec& device);

}  // namespace tessera
