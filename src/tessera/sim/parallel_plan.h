#pragma once
// How a training run is laid out on a system (Narayanan et al. 2021, "Efficient Large-Scale Language Model Training
// on GPU Clusters Using Megatron-LM"): dp data-parallel replicas x pp pipeline stages x tp tensor-parallel ranks, a
// pipeline schedule over micro-batches, ZeRO optimizer-state sharding and activation recomputation.
//
// Placement: rank = ((d x pp) + s) x tp + t for replica d, stage s, tensor rank t, so a tensor-parallel group is tp
// consecutive endpoints (neighbours in tier 0: the GPUs of one NVSwitch node, the tiles of one die) and consecutive
// stages are next to each other.
//
// Expert parallelism (DeepSpeed-MoE, Rajbhandari et al. 2022; Megatron-Core): the experts of a mixture-of-experts
// model split over ep ranks taken within the data-parallel dimension: replicas d with the same d / ep form an
// expert-parallel group (ep consecutive replicas), each holding experts / ep of the experts and the dense weights in
// full. Tokens reach their experts by all-to-alls inside the group; expert gradients reduce over the dp / ep replicas
// holding the same experts, dense gradients over all dp.
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/workload/training/training_options.h"

namespace tessera {

enum class PipelineSchedule { gpipe, one_f_one_b, interleaved };

// How the layers split over the pp x chunks virtual stages: `even` (the same count on each, Megatron-LM's rule: the
// layers must divide), `balanced` (counts that minimise the slowest virtual stage's modelled time, the embeddings
// and the LM head included), or `explicit` (a given count per virtual stage, e.g. DeepSpeed's partition of a run).
enum class StagePartition { even, balanced, explicit_counts };

struct ParallelPlan {
  int64_t dp = 1;
  int64_t tp = 1;
  int64_t pp = 1;
  int64_t ep = 1;                // expert-parallel degree, within dp: dp % ep == 0
  int64_t micro_batch_size = 1;  // samples per micro-batch
  int64_t micro_batches = 1;     // per pipeline and iteration: global batch = dp x micro_batches x micro_batch_size
  PipelineSchedule schedule = PipelineSchedule::one_f_one_b;
  int64_t chunks = 1;            // model chunks per device (interleaved schedule: virtual stages = pp x chunks)
  bool sequence_parallel = false;  // sp=1: Megatron sequence parallelism inside the tp group (needs tp > 1)
  int zero_stage = 0;            // 0..3: optimizer states (1), + gradients (2), + weights (3) sharded over dp
  Recompute recompute = Recompute::none;
  StagePartition partition = StagePartition::even;
  std::vector<int64_t> stage_layers;  // explicit_counts: layers per virtual stage (chunk x pp + stage), each >= 1

  int64_t devices() const { return dp * tp * pp; }
  int64_t global_batch() const { return dp * micro_batches * micro_batch_size; }
  int64_t endpoint(int64_t replica, int64_t stage, int64_t tensor_rank) const {
    return (replica * pp + stage) * tp + tensor_rank;
  }
};

std::string_view schedule_name(PipelineSchedule schedule);

// "dp=4,tp=8,pp=2,ep=4,mbs=1,micro=16,schedule=1f1b|gpipe|interleaved,chunks=2,zero=1,recompute=none|selective|full,
// partition=even|balanced|<n>/<n>/..." (explicit counts: one per virtual stage, pp x chunks of them).
// micro (micro-batches per pipeline) may be left out when `global_batch` > 0: it is then global_batch / (dp x mbs),
// which must divide evenly; when both are given they must agree (global_batch 0: not given). Throws InputError
// naming the key and value, for interleaving without pp >= 2 and chunks >= 2, and for ZeRO 2/3 with pp > 1.
ParallelPlan parse_parallel_plan(const std::string& text, int64_t global_batch = 0);

}  // namespace tessera
