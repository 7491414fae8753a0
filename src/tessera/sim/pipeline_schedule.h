#pragma once
// The order in which each pipeline device runs its forward and backward passes (one pass = one micro-batch through
// one model chunk). Dependencies between devices are not here: the simulator adds them (a forward needs the previous
// virtual stage's forward of the same micro-batch, a backward the next one's backward and its own forward).
//   gpipe (Huang et al. 2019): every forward, then every backward.
//   1f1b (PipeDream-Flush, Narayanan et al. 2021 sec. 2.2.1): device s runs min(p - s - 1, m) warm-up forwards,
//     then alternates one forward and one backward, then drains the remaining backwards; at most p - s micro-batches
//     are in flight, which bounds activation memory.
//   interleaved (sec. 2.2.2): device s holds v chunks, chunk c being virtual stage c x p + s; forwards go through the
//     chunks in groups of p micro-batches, with (p - s - 1) x 2 + (v - 1) x p warm-up forwards, as Megatron-LM
//     schedules them; the bubble shrinks by v.
#include <cstdint>
#include <vector>

#include "tessera/sim/parallel_plan.h"

namespace tessera {

struct PipelinePass {
  int64_t micro = 0;
  int64_t chunk = 0;  // model chunk on this device (0 unless interleaved)
  bool forward = true;

  bool operator==(const PipelinePass&) const = default;
};

// Passes of device `stage` (0..pp-1) in execution order: 2 x micro_batches x chunks of them.
std::vector<PipelinePass> pipeline_order(const ParallelPlan& plan, int64_t stage);

// The virtual stage (position in the model) of a chunk on a device: chunk x pp + stage.
inline int64_t virtual_stage(const ParallelPlan& plan, int64_t stage, int64_t chunk) { return chunk * plan.pp + stage; }

}  // namespace tessera
