#pragma once
// Rendering `tessera partition`: per batch size, the latency / throughput Pareto front of partition plans, the two
// pure strategies and whether hybrids dominate both (table, json or csv).
#include <string>
#include <vector>

#include "tessera/core/dtype.h"
#include "tessera/partition/partition_study.h"

namespace tessera {

struct PartitionedBatch {
  int64_t batch = 1;
  BatchPartition result;
};

struct PartitionReport {
  std::string model;
  std::string hardware;
  std::string cost_model;
  DType dtype = DType::fp16;
  DeviceSpec device;
  PartitionOptions options;
  std::vector<PartitionedBatch> batches;
};

// A plan's groups as "first-last@cores[:resident]" joined by " | ": A activations on chip, W all its weights, w<n>
// the weights of n of its ops.
std::string plan_layout(const PartitionPlan& plan);

std::string render_partition(const PartitionReport& report, const std::string& format);

}  // namespace tessera
