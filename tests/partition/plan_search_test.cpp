// Searching plans on toy devices where every time is hand-derivable: the roofline on a DRAM-bound chain, with and
// without residency, and a cost model whose ops cannot use more than two cores, where a hybrid beats both pure
// strategies.
#include <gtest/gtest.h>

#include "partition/toy_partition.h"
#include "tessera/core/registry.h"
#include "tessera/cost/graph_cost.h"
#include "tessera/partition/partition_study.h"

namespace tessera {
namespace {

BatchPartition partition_toy(const DeviceSpec& device, const CostModel& model, const PartitionOptions& options,
                             int layers = 2, int64_t batch = 1) {
  MicroBatchModels models([&](int64_t samples) { return testing::toy_chain(samples, layers); }, device, model,
                          options.dram_share, options.resident_share);
  return partition_batch(models, batch, micro_batch_sizes(batch), options);
}

double slowest_group_s(const PartitionPlan& plan) {
  double slowest = 0;
  for (const auto& g : plan.groups) slowest = std::max(slowest, g.cost.time_s);
  return slowest;
}

class PartitionRooflineToy : public ::testing::Test {
 protected:
  DeviceSpec device = testing::toy_device();
  std::unique_ptr<CostModel> roofline = Registry<CostModel>::instance().create("roofline", "cost model");
  // Per layer: 4,008,000 B compulsory (4 MB weights, 4 KB in, 4 KB out) through a 1 GB/s DRAM: 4.008 ms, far above
  // the 1e6 MACs' 1 us (4 cores) or 2 us (2 cores).
  static constexpr double kLayerStreamedS = 4.008e-3;
};

TEST_F(PartitionRooflineToy, SequentialWithNothingResidentIsAPlainRun) {
  PartitionOptions options;
  options.resident_share = 0;  // nothing may stay on chip
  BatchPartition result = partition_toy(device, *roofline, options);
  Graph graph = testing::toy_chain(1);
  double plain = evaluate_graph(graph, device, *roofline).latency_s;
  EXPECT_NEAR(plain, 2 * kLayerStreamedS, 1e-12);
  ASSERT_EQ(result.sequential.groups.size(), 1u);
  EXPECT_EQ(result.sequential.groups[0].cores, 4);
  EXPECT_NEAR(result.sequential.latency_s, plain, 1e-15);
  EXPECT_NEAR(result.sequential.period_s, plain, 1e-15);
}

TEST_F(PartitionRooflineToy, StreamingSpatialStagesShareDramByDemandOrByCores) {
  PartitionOptions options;
  options.resident_share = 0;
  // By demand each stage streams at the full 1 GB/s (4.008 ms) but the period must carry both stages' 8.016 MB:
  // the same 8.016 ms as sequential, so nothing beats it.
  BatchPartition demand = partition_toy(device, *roofline, options);
  ASSERT_EQ(demand.spatial.groups.size(), 2u);
  EXPECT_NEAR(demand.spatial.groups[0].cost.time_s, kLayerStreamedS, 1e-12);
  EXPECT_NEAR(demand.spatial.latency_s, 2 * kLayerStreamedS, 1e-12);
  EXPECT_NEAR(demand.spatial.period_s, 2 * kLayerStreamedS, 1e-12);
  EXPECT_EQ(demand.best_dominating_hybrid(), -1);
  // Split by cores, two cores stream at 0.5 GB/s: 8.016 ms a stage, 16.032 ms latency, a period of the slowest
  // stage, so the throughput is samples / slowest stage.
  options.dram_share = DramShare::cores;
  BatchPartition cores = partition_toy(device, *roofline, options);
  ASSERT_EQ(cores.spatial.groups.size(), 2u);
  EXPECT_EQ(cores.spatial.groups[0].cores, 2);
  EXPECT_NEAR(cores.spatial.latency_s, 4 * kLayerStreamedS, 1e-12);
  EXPECT_NEAR(cores.spatial.period_s, slowest_group_s(cores.spatial), 1e-15);
  EXPECT_NEAR(cores.spatial.throughput_per_s(), 1 / (2 * kLayerStreamedS), 1e-6);
  ASSERT_EQ(cores.front.size(), 1u);  // sequential: as productive and faster
  EXPECT_EQ(cores.front[0].groups.size(), 1u);
}

TEST_F(PartitionRooflineToy, ResidentWeightsAndActivationsLeaveOnlyTheBatchInDram) {
  // Half of 4 x 4 MiB may stay on chip: both layers' 8 MB of weights and the 4 KB activation between them. Each
  // layer then moves only the 4 KB graph input or output through DRAM: 4 us, above its 1 us of compute.
  BatchPartition result = partition_toy(device, *roofline, PartitionOptions{});
  const GroupCost& seq = result.sequential.groups.at(0).cost;
  EXPECT_TRUE(seq.residency.activations);
  EXPECT_TRUE(seq.residency.all_weights);
  EXPECT_EQ(seq.resident_bytes, 8004000);
  EXPECT_NEAR(result.sequential.latency_s, 8e-6, 1e-12);
  EXPECT_NEAR(result.sequential.period_s, 8e-6, 1e-12);
  // Spatial, two cores a layer: each holds its 4 MB of weights and its 4 KB boundary activation (2 MiB x 2 x 0.5 =
  // 4 MiB budget), computes in 2 us, moves 4 KB of DRAM in 4 us, and hands h0 over one 4 GB/s link in 1 us:
  // latency 9 us; the period is the 8 KB both stages move through DRAM, 8 us.
  ASSERT_EQ(result.spatial.groups.size(), 2u);
  EXPECT_NEAR(result.spatial.groups[0].cost.time_s, 4e-6, 1e-12);
  ASSERT_EQ(result.spatial.exchanges.size(), 1u);
  EXPECT_NEAR(result.spatial.exchanges[0].time_s, 1e-6, 1e-15);
  EXPECT_NEAR(result.spatial.latency_s, 9e-6, 1e-12);
  EXPECT_NEAR(result.spatial.period_s, 8e-6, 1e-12);
  ASSERT_EQ(result.front.size(), 1u);
  EXPECT_EQ(result.front[0].groups.size(), 1u);
  EXPECT_TRUE(result.verdicts[0].dominates_spatial);
}

// Every op takes 1 ms per sample on two or more cores and 2 ms on one: no op uses more than two cores.
class TwoCoreCost final : public CostModel {
 public:
  std::string description() const override { return "test: ops use at most two cores"; }
  OpCost evaluate(const Graph& graph, const Op& op, const DeviceSpec& device) const override {
    auto samples = static_cast<double>(graph.tensor(op.outputs.at(0)).shape.at(0));
    OpCost cost;
    cost.compute_s = cost.latency_s = samples * (device.cores.count >= 2 ? 1e-3 : 2e-3);
    return cost;
  }
};

TEST(PartitionSearch, AHybridDominatesBothPureStrategiesWhenOpsCannotUseTheWholeDevice) {
  // Three layers on four cores. Sequential: 3 ms a batch. Spatial must give two layers a single core each: stages
  // of 1, 2 and 2 ms (latency 5 ms, period 2 ms) at best. Two groups of two cores - two layers | one layer - take 2
  // and 1 ms: the latency of sequential (3 ms) at the period of spatial (2 ms).
  DeviceSpec device = testing::toy_device();
  TwoCoreCost model;
  PartitionOptions options;
  options.resident_share = 0;
  BatchPartition result = partition_toy(device, model, options, 3);
  EXPECT_NEAR(result.sequential.latency_s, 3e-3, 1e-12);
  EXPECT_NEAR(result.spatial.latency_s, 5e-3, 1e-12);
  EXPECT_NEAR(result.spatial.period_s, 2e-3, 1e-12);
  EXPECT_NEAR(result.spatial.throughput_per_s(), 1 / slowest_group_s(result.spatial), 1e-9);
  ASSERT_EQ(result.front.size(), 1u);
  const PartitionPlan& hybrid = result.front[0];
  EXPECT_EQ(strategy_label(hybrid, 3), "hybrid-2");
  EXPECT_NEAR(hybrid.latency_s, 3e-3, 1e-12);
  EXPECT_NEAR(hybrid.period_s, 2e-3, 1e-12);
  EXPECT_EQ(result.best_dominating_hybrid(), 0);
  // At most one group: only the sequential plan remains.
  options.max_groups = 1;
  BatchPartition single = partition_toy(device, model, options, 3);
  ASSERT_EQ(single.front.size(), 1u);
  EXPECT_EQ(single.front[0].groups.size(), 1u);
}

TEST(PartitionSearch, MicroBatchesPipelineThroughTheStages) {
  // Batch 4 of the three-layer chain. Sequential takes 12 ms however the batch is cut. The hybrid's stages take 2
  // and 1 ms per sample: in micro-batches of one, the batch takes 3 + 3 x 2 = 9 ms and a batch leaves every 8 ms
  // (of two: 6 + 4 = 10 ms; whole: 12 ms); no plan on four cores has a slowest stage under 2 ms per sample.
  DeviceSpec device = testing::toy_device();
  TwoCoreCost model;
  PartitionOptions options;
  options.resident_share = 0;
  BatchPartition result = partition_toy(device, model, options, 3, 4);
  EXPECT_NEAR(result.sequential.latency_s, 12e-3, 1e-12);
  EXPECT_NEAR(result.sequential.period_s, 12e-3, 1e-12);
  ASSERT_EQ(result.front.size(), 1u);
  const PartitionPlan& hybrid = result.front[0];
  EXPECT_EQ(hybrid.groups.size(), 2u);
  EXPECT_EQ(hybrid.micro_batch, 1);
  EXPECT_EQ(hybrid.micro_batches, 4);
  EXPECT_NEAR(hybrid.latency_s, 9e-3, 1e-12);
  EXPECT_NEAR(hybrid.period_s, 8e-3, 1e-12);
  EXPECT_NEAR(hybrid.throughput_per_s(), 4 / 8e-3, 1e-6);
}

TEST(PartitionSearch, BadOptionsAreInputErrors) {
  PartitionOptions options;
  options.resident_share = 1;
  EXPECT_THROW(validate_partition_options(options), InputError);
  options.resident_share = 0.5;
  options.max_groups = -1;
  EXPECT_THROW(validate_partition_options(options), InputError);
}

}  // namespace
}  // namespace tessera
