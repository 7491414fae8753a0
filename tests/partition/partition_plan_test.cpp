// Plan arithmetic by hand: pipeline latency and period with micro-batches, dominance, the Pareto front, labels, and
// the cost of moving activations between groups.
#include <gtest/gtest.h>

#include "tessera/hardware/hardware_presets.h"
#include "tessera/partition/exchange.h"
#include "tessera/partition/partition_plan.h"

namespace tessera {
namespace {

PlannedGroup group(int first, int last, double time_s, double dram_bytes) {
  PlannedGroup g;
  g.first_block = first;
  g.last_block = last;
  g.cores = 1;
  g.cost.time_s = time_s;
  g.cost.dram_bytes = dram_bytes;
  return g;
}

PartitionPlan plan(double latency_s, double period_s, int64_t samples = 1) {
  PartitionPlan p;
  p.micro_batch = samples;
  p.latency_s = latency_s;
  p.period_s = period_s;
  return p;
}

DeviceSpec device_with_dram(double bandwidth) {
  DeviceSpec d;
  d.cores.count = 4;
  d.off_chip.bandwidth_bytes_per_s = bandwidth;
  return d;
}

TEST(PartitionPlan, PipelineWithMicroBatches) {
  // Stages of 3 ms and 5 ms with a 1 ms exchange, 4 micro-batches of 2: one micro-batch takes 9 ms end to end and
  // a new one enters every 5 ms, so the batch takes 9 + 3 x 5 = 24 ms and the next batch starts 20 ms later.
  PartitionPlan p;
  p.groups = {group(0, 1, 3e-3, 1e6), group(2, 2, 5e-3, 2e6)};
  p.exchanges = {{1e-3, 0}};
  p.micro_batch = 2;
  p.micro_batches = 4;
  finish_plan(p, device_with_dram(1e12), DramShare::demand);
  EXPECT_NEAR(p.stage_latency_s, 9e-3, 1e-15);
  EXPECT_NEAR(p.stage_period_s, 5e-3, 1e-15);
  EXPECT_NEAR(p.latency_s, 24e-3, 1e-15);
  EXPECT_NEAR(p.period_s, 20e-3, 1e-15);
  EXPECT_NEAR(p.throughput_per_s(), 8 / 20e-3, 1e-9);
  EXPECT_DOUBLE_EQ(p.dram_bytes, 4 * 3e6);
  // On a 0.5 GB/s DRAM shared by demand the 3 MB of both stages take 6 ms: that, not the slowest stage, is the
  // stage period; split by cores each stage already ran on its share, and the period stays 5 ms.
  finish_plan(p, device_with_dram(0.5e9), DramShare::demand);
  EXPECT_NEAR(p.stage_period_s, 6e-3, 1e-15);
  finish_plan(p, device_with_dram(0.5e9), DramShare::cores);
  EXPECT_NEAR(p.stage_period_s, 5e-3, 1e-15);
}

TEST(PartitionPlan, DominanceNeedsAMarginBeyondTheTolerance) {
  EXPECT_TRUE(dominates(plan(1.0, 1.0), plan(1.0, 2.0)));   // same latency, twice the throughput
  EXPECT_TRUE(dominates(plan(1.0, 1.0), plan(2.0, 1.0)));
  EXPECT_FALSE(dominates(plan(1.0, 1.0), plan(1.0, 1.0)));  // equal
  EXPECT_FALSE(dominates(plan(1.0, 2.0), plan(2.0, 1.0)));  // a trade-off
  EXPECT_FALSE(dominates(plan(1.0, 1.0), plan(1.0005, 1.0)));  // within kPlanTolerance (1e-3)
}

TEST(PartitionPlan, ParetoFrontKeepsTheTradeOffsByLatency) {
  std::vector<PartitionPlan> plans = {plan(3.0, 1.0), plan(1.0, 4.0), plan(2.0, 2.0), plan(2.5, 3.0),
                                      plan(1.0, 5.0), plan(4.0, 1.0)};
  std::vector<PartitionPlan> front = pareto_front(plans);
  ASSERT_EQ(front.size(), 3u);
  EXPECT_DOUBLE_EQ(front[0].latency_s, 1.0);
  EXPECT_DOUBLE_EQ(front[0].period_s, 4.0);
  EXPECT_DOUBLE_EQ(front[1].latency_s, 2.0);
  EXPECT_DOUBLE_EQ(front[2].latency_s, 3.0);
  EXPECT_DOUBLE_EQ(front[2].period_s, 1.0);
}

TEST(PartitionPlan, LabelsNameTheStrategy) {
  PartitionPlan p;
  p.groups = {group(0, 3, 1, 0)};
  EXPECT_EQ(strategy_label(p, 4), "sequential");
  p.groups = {group(0, 1, 1, 0), group(2, 3, 1, 0)};
  EXPECT_EQ(strategy_label(p, 4), "hybrid-2");
  p.groups = {group(0, 0, 1, 0), group(1, 1, 1, 0), group(2, 2, 1, 0), group(3, 3, 1, 0)};
  EXPECT_EQ(strategy_label(p, 4), "spatial");
}

TEST(PartitionExchange, OnChipOverTheNocThroughDramOtherwise) {
  DeviceSpec vck190 = load_hardware("vck190", std::string(TESSERA_SOURCE_DIR) + "/data").devices.at(0);
  // 151,296 B (one ViT-B/16 int8 activation) over the 8 links between two column strips, 5 GB/s each, plus a hop.
  Exchange noc = exchange_cost(vck190, 151296, true, true);
  EXPECT_NEAR(noc.time_s, 151296 / 40e9 + 4e-9, 1e-15);
  EXPECT_DOUBLE_EQ(noc.dram_bytes, 0);
  Exchange spill = exchange_cost(vck190, 151296, true, false);  // the on-chip side writes it to DRAM
  EXPECT_NEAR(spill.time_s, 151296 / 25.6e9, 1e-15);
  EXPECT_DOUBLE_EQ(spill.dram_bytes, 151296);
  EXPECT_DOUBLE_EQ(exchange_cost(vck190, 151296, false, false).time_s, 0);  // both sides already stream it
  DeviceSpec bare = device_with_dram(1e9);                                    // no NoC, no shared memory
  Exchange dram = exchange_cost(bare, 1000, true, true);
  EXPECT_NEAR(dram.time_s, 2e-6, 1e-18);
  EXPECT_DOUBLE_EQ(dram.dram_bytes, 2000);
}

}  // namespace
}  // namespace tessera
