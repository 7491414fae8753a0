// Group costs on the real analytic model: a group of every block on the whole device with nothing on chip costs
// exactly what `tessera run` does, and keeping data on chip never moves more DRAM bytes.
#include <gtest/gtest.h>

#include "tessera/core/registry.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/hardware/hardware_presets.h"
#include "tessera/models/model.h"
#include "tessera/partition/micro_batch_models.h"
#include "tessera/passes/pass.h"

namespace tessera {
namespace {

TEST(PartitionGroupCost, WholeDeviceStreamedIsAPlainRun) {
  DeviceSpec vck190 = load_hardware("vck190", std::string(TESSERA_SOURCE_DIR) + "/data").devices.at(0);
  auto analytic = Registry<CostModel>::instance().create("analytic", "cost model");
  ModelConfig config;
  config.dtype = DType::int8;
  std::vector<PassReport> reports;
  Graph graph = run_passes(build_model("vit_b16", config), "fusion,padding", vck190, reports);
  double plain = evaluate_graph(graph, vck190, *analytic).latency_s;
  MicroBatchModel model(graph, vck190, *analytic, DramShare::demand, 0.5);
  int last = static_cast<int>(model.split.blocks.size()) - 1;
  std::vector<GroupCost> costs = model.evaluator.costs(0, last, 50);
  ASSERT_GE(costs.size(), 2u);
  EXPECT_EQ(costs[0].residency, Residency{});
  EXPECT_NEAR(costs[0].time_s, plain, 1e-12 * plain);
  for (const GroupCost& cost : costs) EXPECT_LE(cost.dram_bytes, costs[0].dram_bytes);
  // Activations on chip at batch 1 (about 0.9 MB of a 6.55 MB budget) leave the weights, 86.6 MB, streamed once:
  // at 25.6 GB/s 3.38 ms (within 2%: the compute hides under the stream), a fifth of the plain run's 16.8 ms.
  const GroupCost& activations = costs.at(1).residency.activations ? costs[1] : costs.at(2);
  EXPECT_TRUE(activations.residency.activations);
  EXPECT_GT(activations.dram_bytes, 80e6);
  EXPECT_NEAR(activations.time_s, 86.6e6 / 25.6e9, 0.02 * 86.6e6 / 25.6e9);
  EXPECT_LT(activations.time_s, plain / 4);
}

}  // namespace
}  // namespace tessera
