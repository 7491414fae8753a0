#pragma once
// The collectives of LLM serving on a system's network (docs/serving.md): Megatron tensor-parallel all-reduces inside
// tier 0 and the activation sends between pipeline stages. Ranks are laid out stage-major: stage s holds endpoints
// [s tp, (s + 1) tp), so a tensor-parallel group never leaves tier 0 and a stage boundary crosses the lowest tier that
// joins its two sides.
#include <cstdint>

#include "tessera/hardware/network_spec.h"

namespace tessera {

// One all-reduce of `bytes` among `tp` ranks of tier 0: the ring (per dimension of a mesh or torus tier, as the
// hierarchical ring) with the tier's (b, a) from tier_ring_stages. 0 for tp = 1. Throws InputError when tier 0
// cannot hold tp ranks (more than its size; a mesh or torus tier needs tp = its size).
double tensor_parallel_all_reduce_s(const NetworkSpec& network, int64_t tp, double bytes);

// The index of the tier joining pipeline stage `stage` to stage + 1: the lowest tier whose groups hold both sides.
int stage_boundary_tier(const NetworkSpec& network, int64_t tp, int64_t stage);

// One point-to-point send of `bytes` from each of the tp ranks of `stage` to its peer in stage + 1, over the tier of
// stage_boundary_tier: a + bytes / b with a = the tier's link latency (one hop) and b = its link bandwidth shared by
// the tp senders when a member of that tier holds several of them (a DGX node's InfiniBand port), as
// tier_ring_stages' streams_per_member.
double stage_send_s(const NetworkSpec& network, int64_t tp, int64_t stage, double bytes);

}  // namespace tessera
