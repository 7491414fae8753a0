#pragma once
// How the "gpu" cost model sees each op kind as a kernel of thread blocks (gpu_tiling.h): GEMM-like ops as (batched)
// GEMMs, attention as FlashAttention-2 style query-block tiles, everything else as a streaming kernel.
#include <optional>

#include "tessera/cost/gpu_tiling.h"
#include "tessera/workload/graph.h"

namespace tessera {

// matmul (batched; a batch that the B operand does not index is folded into M, as cuBLAS does for x @ W), conv as an
// implicit GEMM (M = N x output positions, N = filters per group, K = channels per group x kernel positions, the groups
// as the batch), conv_transpose (M = N x input positions, N = filters per group x kernel positions, K = channels per
// group), lstm (the gate GEMM per step: M = batch, N = 4H, K = I + H, the steps as the batch). Others: nullopt.
std::optional<GemmProblem> gemm_problem(const Graph& graph, const Op& op);

// FlashAttention-2 (Dao 2023): one block per (batch, head, block of br query rows) streams K and V in blocks of bc
// keys; the S x S scores stay on chip. br = 128, or the queries rounded up to 16 (an MMA's rows) when fewer; bc = 128
// for head dims up to 64, else 64. When the blocks do not fill the SMs the keys are split across blocks
// (Flash-Decoding). The softmax does not overlap the MMAs (FlashAttention-3, Shah et al. 2024, sec. 3), so a block's
// time is its MMA time plus the slower of its vector and exp work. HBM: the compulsory bytes (a head's K and V are
// re-read from L2 by its query blocks, which run in the same wave).
TiledKernel attention_kernel(const Graph& graph, const Op& op, const GpuMachine& machine);

// Elementwise, normalization, softmax, reduce, pool, embedding, data movement, collectives' local part: one block per
// SM streams the op's compulsory bytes; the compute is its vector FLOPs, transcendentals and (for `macs_on_vector`, a
// direct convolution on the CUDA cores) MACs at the device rates.
TiledKernel streaming_kernel(const Op& op, const GpuMachine& machine, bool macs_on_vector = false);

}  // namespace tessera
