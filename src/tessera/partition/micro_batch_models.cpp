#include "tessera/partition/micro_batch_models.h"

#include "tessera/core/error.h"

namespace tessera {

MicroBatchModel::MicroBatchModel(Graph workload, const DeviceSpec& device, const CostModel& model,
                                 DramShare dram_share, double resident_share)
    : graph(std::move(workload)),
      split(split_into_blocks(graph)),
      tensors(graph, split.blocks),
      table(graph, device, model, allocation_unit_cores(device), dram_share, resident_share),
      evaluator(split.blocks, tensors, table, resident_share) {
  if (split.blocks.empty()) throw InputError("nothing to partition in '" + graph.name() + "': it has no ops");
}

MicroBatchModel& MicroBatchModels::at(int64_t samples) {
  auto it = models_.find(samples);
  if (it == models_.end()) {
    auto model = std::make_unique<MicroBatchModel>(source_(samples), device_, model_, dram_share_, resident_share_);
    it = models_.emplace(samples, std::move(model)).first;
  }
  return *it->second;
}

}  // namespace tessera
