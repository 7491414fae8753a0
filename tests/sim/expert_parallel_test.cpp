// Expert parallelism in training plans: the token all-to-alls against their closed form on DGX A100 systems, the
// expert gradients' all-reduce over dp / ep replicas, ep = 1 as the plan without it, and plans that cannot hold.
#include <gtest/gtest.h>

#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/hardware/system_presets.h"
#include "tessera/models/transformer_lookup.h"
#include "tessera/sim/collective_cost.h"
#include "tessera/sim/training_sim.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";

// A small Mixtral-shaped model: 8 experts, top-2, hidden 1024.
TransformerConfig small_moe() {
  TransformerConfig c = llama_architecture();
  c.name = "moe";
  c.vocab = 1024;
  c.max_positions = 512;
  c.hidden = 1024;
  c.layers = 4;
  c.heads = 8;
  c.ffn_hidden = 2048;
  c.experts = 8;
  c.experts_per_token = 2;
  return c;
}

// One rank's dispatch (or combine) at mbs 1, seq 512, top-2, hidden 1024, fp16: n = 512 x 2 x 1024 x 2 = 2 MiB.
constexpr double kRoutedBytes = 512.0 * 2 * 1024 * 2;

class ExpertParallelTest : public ::testing::Test {
 protected:
  TrainingRequest request(const std::string& parallel, int64_t batch, const std::string& system) {
    TrainingRequest r;
    r.model = small_moe();
    r.seq = 512;
    r.plan = parse_parallel_plan(parallel, batch);
    r.system = load_system(system, kDataDir);
    r.cost_model = model.get();
    return r;
  }
  std::unique_ptr<CostModel> model = Registry<CostModel>::instance().create("gpu", "cost model");
};

// DGX A100 at NCCL's achieved bandwidths (data/systems/dgx_a100.yaml): NVSwitch 0.767 x 300 = 230.1 GB/s per GPU,
// 0.47 us a step; InfiniBand 0.96 x 200 = 192 GB/s per node, shared by its 8 GPUs: 24 GB/s each, 2.7 us a step.
// dp = ep = 8 on one node (tp = 1): the group is the node's 8 GPUs, the pairwise exchange 7 x 0.47 us +
// 7/8 n / 230.1 GB/s. dp = ep = 8 with tp = 2 on two nodes: replicas are 2 GPUs apart, 4 per node; a rank's 3 peers
// in its node cost 0.47 us + n/8 / 230.1 GB/s each, its 4 in the other node 2.7 us + n/8 / 24 GB/s each.
TEST_F(ExpertParallelTest, AllToAllMatchesTheClosedForm) {
  TrainingRequest one_node = request("dp=8,ep=8", 8, "dgx_a100");
  double in_node = 7 * 0.47e-6 + 7.0 / 8 * kRoutedBytes / 230.1e9;
  EXPECT_NEAR(expert_all_to_all_s(one_node.system.network, one_node.plan, kRoutedBytes), in_node, 1e-12);
  EXPECT_NEAR(in_node, pairwise_all_to_all_s({8, 230.1e9, 0.47e-6}, kRoutedBytes), 1e-15);

  TrainingRequest two_nodes = request("dp=8,ep=8,tp=2", 8, "dgx_a100:nodes=2");
  double across = 3 * (0.47e-6 + kRoutedBytes / 8 / 230.1e9) + 4 * (2.7e-6 + kRoutedBytes / 8 / 24e9);
  EXPECT_NEAR(expert_all_to_all_s(two_nodes.system.network, two_nodes.plan, kRoutedBytes), across, 1e-12);

  // The step adds 2 forward and 2 backward all-to-alls per layer, 2 more under full recomputation.
  TrainingResult r = simulate_training(two_nodes);
  EXPECT_NEAR(r.step.ep_all_to_all_s, across, 1e-12);
  EXPECT_NEAR(r.step.layer.ep_comm_s, 4 * across, 1e-12);
  two_nodes.plan.recompute = Recompute::full;
  EXPECT_NEAR(simulate_training(two_nodes).step.layer.ep_comm_s, 6 * across, 1e-12);

  // Mixtral 8x7B as the docs run it, dp=4,ep=4,tp=8 on 4 nodes: one replica per node, so the 3 peers are all across
  // InfiniBand at 24 GB/s per GPU; mbs 1 x 4096 tokens x 2 x 4096 x 2 bytes = 64 MiB:
  // 3 x 2.7 us + 3/4 x 64 MiB / 24 GB/s = 2.1053 ms.
  TrainingRequest mixtral = request("dp=4,ep=4,tp=8", 4, "dgx_a100:nodes=4");
  double mixtral_bytes = 4096.0 * 2 * 4096 * 2;
  EXPECT_NEAR(expert_all_to_all_s(mixtral.system.network, mixtral.plan, mixtral_bytes),
              3 * 2.7e-6 + 0.75 * mixtral_bytes / 24e9, 1e-12);
  EXPECT_NEAR(3 * 2.7e-6 + 0.75 * mixtral_bytes / 24e9, 2.1053e-3, 1e-7);
}

// ep splits the experts, not the work: a rank's expert parameters halve at ep = 2 while its FLOPs stay (it computes
// ep x the rows on half the experts). Expert gradients all-reduce over dp / ep = 2 replicas 2 x tp x pp = 8 GPUs
// apart (one per node: across InfiniBand, 24 GB/s per GPU), the dense ones over all 4.
TEST_F(ExpertParallelTest, ExpertsSplitAndTheirGradientsReduceOverFewerReplicas) {
  TrainingResult one = simulate_training(request("dp=4,tp=4", 4, "dgx_a100:nodes=2"));
  TrainingResult two = simulate_training(request("dp=4,tp=4,ep=2", 4, "dgx_a100:nodes=2"));
  EXPECT_DOUBLE_EQ(two.step.layer.expert_params * 2, one.step.layer.expert_params);
  EXPECT_DOUBLE_EQ(two.step.layer.params - two.step.layer.expert_params,
                   one.step.layer.params - one.step.layer.expert_params);
  EXPECT_DOUBLE_EQ(two.step.layer.model_flops, one.step.layer.model_flops);
  // Per rank (tp = 4): each expert's 3 x 1024 x 2048 / 4, 8 experts at ep = 1.
  EXPECT_DOUBLE_EQ(one.step.layer.expert_params, 8 * 3 * 1024 * 512);

  const NetworkSpec& network = load_system("dgx_a100:nodes=2", kDataDir).network;
  const StageResult& stage = two.stages.at(0);
  double expert_bytes = 4 * two.step.layer.expert_params * 2;
  double dense_bytes = (stage.params - 4 * two.step.layer.expert_params) * 2;
  double expert_reduce = ring_all_reduce_s({2, 24e9, 2.7e-6}, expert_bytes);
  EXPECT_NEAR(stage.dp_all_reduce_s,
              data_parallel_all_reduce_s(network, parse_parallel_plan("dp=4,tp=4"), dense_bytes) + expert_reduce,
              1e-12);
}

// ep = 1 is the plan without the field: no all-to-all, one all-reduce of every gradient over dp.
TEST_F(ExpertParallelTest, EpOneIsThePlanWithoutIt) {
  TrainingResult without = simulate_training(request("dp=2,tp=4", 4, "dgx_a100"));
  TrainingResult with = simulate_training(request("dp=2,tp=4,ep=1", 4, "dgx_a100"));
  EXPECT_EQ(with.iteration_s, without.iteration_s);
  EXPECT_EQ(with.stages.at(0).memory_bytes, without.stages.at(0).memory_bytes);
  EXPECT_EQ(with.step.layer.ep_comm_s, 0);
  const StageResult& stage = with.stages.at(0);
  const NetworkSpec& network = load_system("dgx_a100", kDataDir).network;
  ParallelPlan plain = parse_parallel_plan("dp=2,tp=4");
  EXPECT_NEAR(stage.dp_all_reduce_s, data_parallel_all_reduce_s(network, plain, stage.params * 2), 1e-15);
}

TEST_F(ExpertParallelTest, InvalidExpertParallelismIsAnInputError) {
  EXPECT_THROW(simulate_training(request("dp=4,ep=3", 4, "dgx_a100")), InputError);    // ep does not divide dp
  EXPECT_THROW(simulate_training(request("dp=6,ep=3", 6, "dgx_a100")), InputError);    // nor the 8 experts
  EXPECT_THROW(parse_parallel_plan("dp=4,ep=0"), InputError);
  TrainingRequest dense = request("dp=2,ep=2", 2, "dgx_a100");
  dense.model = find_transformer("gpt:hidden=1024,heads=8,layers=4,vocab=1024");
  EXPECT_THROW(simulate_training(dense), InputError);                                   // no experts to split
}

}  // namespace
}  // namespace tessera
