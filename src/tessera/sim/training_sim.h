#pragma once
// One training iteration of a transformer on a system under a parallel plan (docs/training.md).
//   event:    one pipeline replica simulated pass by pass: each stage device runs its schedule's passes in order
//             (pipeline_schedule.h), every micro-batch's activations and gradients cross between stages as transfers
//             on the topology (one per tensor-parallel rank, chunked, sharing links: network_sim.h); then each stage
//             all-reduces its gradients across the data-parallel replicas and steps the optimizer.
//   analytic: the same pieces in closed form: (m v + p - 1) passes of the slowest stage's chunk, plus the fill and
//             drain transfers, plus the all-reduce and the optimizer.
// Replicas are identical, so one pipeline stands for all; the data-parallel all-reduce is the closed form of
// transformer_step_cost.h (it runs after the backward, as Megatron-LM 2021 did, without overlap).
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/sim/transformer_step_cost.h"

namespace tessera {

enum class Fidelity { analytic, event };
Fidelity parse_fidelity(const std::string& name);

struct TrainingRequest {
  TransformerConfig model;  // sharded by tp and split into pp stages
  // Instead of `model`: any zoo model (resnet50, dlrm ...) trained data-parallel only (tp = pp = 1), whole per device.
  std::string whole_model;
  int64_t seq = 0;
  DType dtype = DType::fp16;
  ParallelPlan plan;
  ClusterSpec system;
  const CostModel* cost_model = nullptr;
  std::string passes = "fusion";
  Fidelity fidelity = Fidelity::event;
  bool trace = false;
  bool allow_oversubscribe = false;
};

struct StageResult {
  int64_t layers = 0;         // transformer layers on the device (all its chunks)
  double busy_s = 0;          // forward and backward passes
  double pipeline_end_s = 0;  // its last backward
  double dp_all_reduce_s = 0;
  double optimizer_s = 0;
  double params = 0;          // on one rank
  double memory_bytes = 0;    // weights, gradients, optimizer states and the activations in flight at peak
};

struct LinkUse {
  std::string name;
  double busy_s = 0;
  double utilization = 0;  // busy over the iteration
};

struct TimelineSpan {
  int track = 0;
  std::string name;
  double start_s = 0;
  double end_s = 0;
};

struct TrainingResult {
  double iteration_s = 0;
  double pipeline_s = 0;        // forward/backward phase (until the last backward)
  double samples_per_s = 0;
  double tokens_per_s = 0;
  double flops_per_iteration = 0;        // executed on all devices, recomputation included
  double model_flops_per_iteration = 0;  // without recomputation
  double flops_per_s_per_device = 0;     // the hardware FLOP/s Megatron-LM reports per GPU
  double mfu = 0;                        // model FLOP/s over the devices' matrix peak
  double bubble_fraction = 0;            // idle share of the stage devices during the pipeline phase
  double memory_capacity_bytes = 0;
  int64_t tasks = 0;                     // simulated tasks (event fidelity)
  TransformerStepCost step;
  std::vector<StageResult> stages;
  std::vector<LinkUse> links;            // links that carried data, busiest first
  std::vector<std::string> tracks;       // stage devices, then links (render_training_trace keeps the busy ones)
  std::vector<TimelineSpan> trace;
};

// A request for `model`: a transformer find_transformer can shard (seq 0: its max_positions), else any zoo model,
// trained data-parallel only (seq as given, 0 for the model's default). The caller fills in the rest.
TrainingRequest training_request_for(const std::string& model, int64_t seq);

// Throws InputError for a plan the system or the model cannot hold (devices, divisibility, memory).
TrainingResult simulate_training(const TrainingRequest& request);

}  // namespace tessera
