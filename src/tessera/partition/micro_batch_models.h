#pragma once
// A workload at every micro-batch size the search tries: its graph, blocks and op costs, built once and shared by
// every batch size that splits into that micro-batch.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "tessera/partition/group_cost.h"

namespace tessera {

struct MicroBatchModel {
  MicroBatchModel(Graph workload, const DeviceSpec& device, const CostModel& model, DramShare dram_share,
                  double resident_share);
  MicroBatchModel(const MicroBatchModel&) = delete;
  MicroBatchModel& operator=(const MicroBatchModel&) = delete;

  Graph graph;
  BlockSplit split;
  GroupTensors tensors;
  OpCostTable table;
  GroupEvaluator evaluator;
};

class MicroBatchModels {
 public:
  // The graph of the workload at a batch of that many samples (the CLI: the model at that batch, passes applied).
  using GraphSource = std::function<Graph(int64_t samples)>;

  MicroBatchModels(GraphSource source, const DeviceSpec& device, const CostModel& model, DramShare dram_share,
                   double resident_share)
      : source_(std::move(source)), device_(device), model_(model), dram_share_(dram_share),
        resident_share_(resident_share) {}

  const DeviceSpec& device() const { return device_; }
  MicroBatchModel& at(int64_t samples);

 private:
  GraphSource source_;
  const DeviceSpec& device_;
  const CostModel& model_;
  DramShare dram_share_;
  double resident_share_;
  std::map<int64_t, std::unique_ptr<MicroBatchModel>> models_;
};

}  // namespace tessera
