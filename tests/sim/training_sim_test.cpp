// The training simulator against closed forms: pipeline schedules' orders, GPipe/1F1B/interleaved bubbles
// (Narayanan et al. 2021: (p-1)/(m+p-1) idle for GPipe and 1F1B, (p-1)/(v m+p-1) interleaved), analytic vs event,
// memory and plan errors.
#include <gtest/gtest.h>

#include <algorithm>

#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/hardware/system_presets.h"
#include "tessera/models/transformer_lookup.h"
#include "tessera/sim/pipeline_schedule.h"
#include "tessera/sim/training_sim.h"
#include "tessera/sim/transformer_step_cost.h"

namespace tessera {
namespace {

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";

std::string order_text(const std::vector<PipelinePass>& order) {
  std::string out;
  for (const auto& p : order) {
    out += p.forward ? 'F' : 'B';
    out += std::to_string(p.micro) + std::to_string(p.chunk) + " ";
  }
  return out;
}

TEST(PipelineSchedule, OneFOneBWarmsUpSteadiesAndDrains) {
  ParallelPlan plan = parse_parallel_plan("pp=4,micro=6");
  EXPECT_EQ(order_text(pipeline_order(plan, 0)), "F00 F10 F20 F30 B00 F40 B10 F50 B20 B30 B40 B50 ");
  EXPECT_EQ(order_text(pipeline_order(plan, 3)), "F00 B00 F10 B10 F20 B20 F30 B30 F40 B40 F50 B50 ");
  plan.schedule = PipelineSchedule::gpipe;
  EXPECT_EQ(order_text(pipeline_order(plan, 2)), "F00 F10 F20 F30 F40 F50 B00 B10 B20 B30 B40 B50 ");
}

// Interleaved, p = 2, v = 2, m = 4: device 0 warms up (2-0-1) x 2 + (2-1) x 2 = 4 forwards: micro-batches 0,1 of
// chunk 0, then 0,1 of chunk 1; backwards start from the last chunk.
TEST(PipelineSchedule, InterleavedGoesThroughChunksInGroupsOfPMicroBatches) {
  ParallelPlan plan = parse_parallel_plan("pp=2,micro=4,schedule=interleaved,chunks=2");
  EXPECT_EQ(order_text(pipeline_order(plan, 0)), "F00 F10 F01 F11 F20 B01 F30 B11 F21 B00 F31 B10 B21 B31 B20 B30 ");
  for (int64_t stage = 0; stage < 2; ++stage) EXPECT_EQ(pipeline_order(plan, stage).size(), 16u);
}

TEST(ParallelPlan, ParsesAndDerivesMicroBatchesFromTheGlobalBatch) {
  ParallelPlan plan = parse_parallel_plan("dp=4,tp=8,pp=2,mbs=2,zero=1,recompute=full", 512);
  EXPECT_EQ(plan.micro_batches, 64);
  EXPECT_EQ(plan.devices(), 64);
  EXPECT_EQ(plan.global_batch(), 512);
  EXPECT_EQ(plan.endpoint(1, 1, 3), (1 * 2 + 1) * 8 + 3);
  EXPECT_THROW(parse_parallel_plan("dp=3,mbs=2", 512), InputError);     // 512 / 6
  EXPECT_THROW(parse_parallel_plan("tp=0"), InputError);
  EXPECT_THROW(parse_parallel_plan("pp=2,schedule=zigzag"), InputError);
  EXPECT_THROW(parse_parallel_plan("pp=2,colour=red"), InputError);
  EXPECT_THROW(parse_parallel_plan("pp=3,micro=4,schedule=interleaved"), InputError);  // m % p
  EXPECT_THROW(parse_parallel_plan("pp=4,micro=8,schedule=interleaved,chunks=1"), InputError);
  EXPECT_THROW(parse_parallel_plan("dp=2,pp=2,zero=2"), InputError);  // ZeRO 2/3 with pipelines
  EXPECT_THROW(parse_parallel_plan("zero=4294967297"), InputError);
  EXPECT_THROW(parse_parallel_plan("sp=1"), InputError);                // sequence parallelism needs tp
  EXPECT_TRUE(parse_parallel_plan("tp=2,sp=1").sequence_parallel);
  EXPECT_THROW(parse_parallel_plan("dp=2,micro=8", 10), InputError);    // 2 x 8 x 1 is not the batch of 10
  EXPECT_EQ(parse_parallel_plan("dp=2,micro=8", 16).micro_batches, 8);
}

// Activations each pipeline piece keeps per micro-batch (mbs 2 x seq 32, hidden 64, vocabulary 1000, fp16). The head
// keeps its input (the final norm's output, 2 x 32 x 64 x 2 = 8192 B, for the LM head's dW) and the logits the
// loss's backward reads (2 x 32 x 1000 x 2 = 128000 B; vocabulary-parallel, so halved under tp=2); the embeddings
// keep the token and position ids (256 + 128 B, int32) and their output, layer 0's input (8192 B). A layer under
// full recomputation keeps only its input (8192 B).
TEST(TransformerStepCost, PiecesKeepWhatTheirBackwardReads) {
  auto model = Registry<CostModel>::instance().create("gpu", "cost model");
  ClusterSpec system = load_system("dgx_a100", kDataDir);
  TransformerConfig gpt = find_transformer("gpt:hidden=64,heads=4,layers=2,vocab=1000");
  auto cost = [&](const std::string& plan) {
    return transformer_step_cost(gpt, 32, DType::fp16, parse_parallel_plan(plan), system, *model, "none");
  };
  TransformerStepCost plain = cost("mbs=2,recompute=none"), full = cost("mbs=2,recompute=full");
  EXPECT_EQ(plain.last.activation_bytes, 8192 + 128000);
  EXPECT_EQ(plain.first.activation_bytes, 256 + 128 + 8192);
  EXPECT_EQ(full.layer.activation_bytes, 8192);
  EXPECT_EQ(full.last.activation_bytes, plain.last.activation_bytes);
  EXPECT_EQ(cost("tp=2,mbs=2,recompute=none").last.activation_bytes, 8192 + 64000);
}

TEST(ParallelPlan, PartitionIsEvenBalancedOrOneCountPerVirtualStage) {
  EXPECT_EQ(parse_parallel_plan("pp=2").partition, StagePartition::even);
  EXPECT_EQ(parse_parallel_plan("pp=2,partition=balanced").partition, StagePartition::balanced);
  ParallelPlan counts = parse_parallel_plan("pp=2,schedule=interleaved,chunks=2,micro=2,partition=3/4/4/3");
  EXPECT_EQ(counts.partition, StagePartition::explicit_counts);
  EXPECT_EQ(counts.stage_layers, (std::vector<int64_t>{3, 4, 4, 3}));
  for (const char* bad : {"pp=3,partition=3/4", "pp=2,partition=3/x", "pp=2,partition=0/5", "pp=2,partition=3//4",
                          "pp=2,partition=3/4/", "pp=2,partition=uneven"}) {
    EXPECT_THROW(parse_parallel_plan(bad), InputError) << bad;
  }
}

class TrainingSimTest : public ::testing::Test {
 protected:
  // 16 layers of hidden 2048 and a tiny vocabulary, so the embedding and head barely unbalance the stages.
  TrainingRequest request(const std::string& parallel, int64_t batch) {
    TrainingRequest r;
    r.model = find_transformer("gpt:hidden=2048,heads=16,layers=16,vocab=128");
    r.seq = 1024;
    r.plan = parse_parallel_plan(parallel, batch);
    r.system = load_system("dgx_a100:nodes=2", kDataDir);
    r.cost_model = model.get();
    return r;
  }
  std::unique_ptr<CostModel> model = Registry<CostModel>::instance().create("gpu", "cost model");
};

// Idle share of p stages over m micro-batches: (p - 1) / (m + p - 1) for both GPipe and 1F1B; the transfers between
// stages and the small head add a little, hence the 1.5-point tolerance.
TEST_F(TrainingSimTest, BubbleMatchesTheClosedForm) {
  for (const char* schedule : {"gpipe", "1f1b"}) {
    TrainingResult r = simulate_training(request(std::string("pp=4,schedule=") + schedule, 8));
    EXPECT_NEAR(r.bubble_fraction, 3.0 / 11.0, 0.015) << schedule;
  }
  TrainingResult interleaved = simulate_training(request("pp=4,schedule=interleaved,chunks=2", 8));
  EXPECT_NEAR(interleaved.bubble_fraction, 3.0 / (2 * 8 + 3), 0.015);
}

// With one stage there is no bubble: the iteration is m x (forward + backward) of all layers plus the all-reduce and
// the optimizer step, and the analytic and event fidelities agree.
TEST_F(TrainingSimTest, SingleStageIsTheSumOfItsPasses) {
  TrainingRequest r = request("dp=2,tp=8", 4);
  TrainingResult event = simulate_training(r);
  const TransformerStepCost& s = event.step;
  double pass = 16 * (s.layer.forward_s + s.layer.backward_s) + s.first.forward_s + s.first.backward_s +
                s.last.forward_s + s.last.backward_s;
  const StageResult& stage = event.stages.at(0);
  EXPECT_NEAR(event.iteration_s, 2 * pass + stage.dp_all_reduce_s + stage.optimizer_s, 1e-9);
  EXPECT_NEAR(event.bubble_fraction, 0, 1e-12);
  r.fidelity = Fidelity::analytic;
  EXPECT_NEAR(simulate_training(r).iteration_s, event.iteration_s, 1e-9);
  // 8 GPUs of one node: the 8-way tensor-parallel all-reduce of [1, 1024, 2048] fp16 (4 MiB) is the NVSwitch ring at
  // NCCL's achieved 230 GB/s: 2 x 7/8 x 4 MiB / 230.1 GB/s + 2 x 7 x 0.47 us.
  EXPECT_NEAR(s.tp_all_reduce_s, 2 * 7.0 / 8 * 4194304 / 230.1e9 + 14 * 0.47e-6, 1e-8);
}

TEST_F(TrainingSimTest, ThroughputAndFlopsFollowTheIteration) {
  TrainingResult r = simulate_training(request("dp=2,tp=2,pp=4,mbs=2", 32));
  EXPECT_NEAR(r.samples_per_s, 32 / r.iteration_s, 1e-9);
  EXPECT_NEAR(r.tokens_per_s, 32 * 1024 / r.iteration_s, 1e-6);
  EXPECT_NEAR(r.flops_per_s_per_device, r.flops_per_iteration / r.iteration_s / 16, 1e-3);
  EXPECT_DOUBLE_EQ(r.flops_per_iteration, r.model_flops_per_iteration);  // nothing recomputed
  // Full recomputation runs each layer's forward once more: about one third more executed FLOPs (forward F,
  // backward ~2F), the head and embeddings not recomputed.
  TrainingResult full = simulate_training(request("dp=2,tp=2,pp=4,mbs=2,recompute=full", 32));
  EXPECT_NEAR(full.flops_per_iteration / full.model_flops_per_iteration, 4.0 / 3.0, 0.03);
  EXPECT_DOUBLE_EQ(full.model_flops_per_iteration, r.model_flops_per_iteration);
  EXPECT_GT(r.tasks, 8 * 4 * 2);  // every pass plus its transfers
  EXPECT_FALSE(r.links.empty());
}

// The analytic form of an unbalanced pipeline: the first micro-batch fills every stage, the rest follow the slowest,
// sum_s t_s + (m - 1) max_s t_s, plus the crossings; the event simulation of the same plan is within a few percent.
TEST_F(TrainingSimTest, AnalyticPipelineFollowsTheSlowestStage) {
  TrainingRequest r = request("pp=4", 8);
  r.fidelity = Fidelity::analytic;
  TrainingResult analytic = simulate_training(r);
  r.fidelity = Fidelity::event;
  TrainingResult event = simulate_training(r);
  EXPECT_NEAR(analytic.pipeline_s / event.pipeline_s, 1.0, 0.03);
}

// ZeRO-3 gathers the weights twice per micro-batch on top of reduce-scattering the gradients; ZeRO-1 reduces once.
TEST_F(TrainingSimTest, ZeroThreePaysItsGathers) {
  TrainingResult one = simulate_training(request("dp=4,tp=4,zero=1", 16));
  TrainingResult three = simulate_training(request("dp=4,tp=4,zero=3", 16));
  double all_reduce_s = one.stages[0].dp_all_reduce_s;
  EXPECT_NEAR(three.stages[0].dp_all_reduce_s, all_reduce_s / 2 + 4 * all_reduce_s, 1e-12);  // 4 micro-batches
  EXPECT_LT(three.stages[0].memory_bytes, one.stages[0].memory_bytes);
}

TEST_F(TrainingSimTest, PlansTheSystemCannotHoldAreInputErrors) {
  EXPECT_THROW(simulate_training(request("tp=3", 1)), InputError);                 // 3 does not divide a node of 8
  EXPECT_THROW(simulate_training(request("dp=5,tp=2", 5)), InputError);            // 5 replicas of 4 per node
  EXPECT_THROW(simulate_training(request("dp=4,tp=8", 4)), InputError);            // 32 devices on 16
  EXPECT_THROW(simulate_training(request("pp=3", 3)), InputError);                 // 16 layers over 3 stages
  TrainingRequest big = request("tp=1", 64);
  big.model = find_transformer("gpt:hidden=12288,heads=96,layers=8");
  try {
    simulate_training(big);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("GB per device"), std::string::npos) << e.what();
  }
}

// 10 layers on 4 stages do not split evenly. Given counts are taken as they are; `balanced` gives every stage one
// layer and each further one where it lengthens the slowest stage least. With a 50,000-word vocabulary the LM head
// (2 x 1024 x 512 x 50,000 MACs forward, about the MACs of 8 layers) makes the last stage the heavy one: it keeps a
// single layer, and no partition one layer away has a less busy slowest stage (the objective; the iteration also
// depends on how the other stages fill the pipeline).
TEST_F(TrainingSimTest, UnevenLayersFollowTheGivenOrTheBalancedPartition) {
  auto run = [&](const std::string& partition) {
    TrainingRequest r = request("pp=4,partition=" + partition, 8);
    r.model = find_transformer("gpt:hidden=512,heads=8,layers=10,vocab=50000");
    return simulate_training(r);
  };
  EXPECT_THROW(run("even"), InputError);
  EXPECT_THROW(run("3/3/3/3"), InputError);  // 12 layers for a model of 10
  TrainingResult given = run("2/3/3/2");
  std::vector<int64_t> layers;
  for (const auto& st : given.stages) layers.push_back(st.layers);
  EXPECT_EQ(layers, (std::vector<int64_t>{2, 3, 3, 2}));
  TrainingResult balanced = run("balanced");
  layers.clear();
  for (const auto& st : balanced.stages) layers.push_back(st.layers);
  EXPECT_EQ(layers, (std::vector<int64_t>{3, 3, 3, 1}));
  auto slowest = [](const TrainingResult& r) {
    double busiest = 0;
    for (const auto& st : r.stages) busiest = std::max(busiest, st.busy_s);
    return busiest;
  };
  for (const char* neighbour : {"2/3/3/2", "3/3/2/2", "3/2/3/2", "2/3/4/1", "3/4/2/1", "4/3/2/1"}) {
    EXPECT_LE(slowest(balanced), slowest(run(neighbour)) * (1 + 1e-9)) << neighbour;
  }
}

}  // namespace
}  // namespace tessera
