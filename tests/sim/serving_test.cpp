// LLM serving against figures derived by hand from the A100 preset (2039 GB/s HBM, 80 GiB), the dgx_a100 system
// (NVSwitch 300 GB/s per GPU, 0.47 us per step; PCIe 31.5 GB/s to 256 GiB of host memory per GPU) and the gpu cost
// model (weights stream at 0.88 of the HBM bandwidth; 2 us per kernel launch). Formulas: docs/serving.md.
#include "tessera/sim/serving.h"

#include <gtest/gtest.h>

#include <string>

#include "support/input_error.h"
#include "tessera/hardware/system_presets.h"
#include "tessera/sim/collective_cost.h"
#include "tessera/sim/serving_network.h"

namespace tessera {
namespace {

using testing::input_error_of;

const std::string kDataDir = std::string(TESSERA_SOURCE_DIR) + "/data";
constexpr double kHbmBytesPerS = 0.88 * 2.039e12;  // the gpu model's achievable HBM bandwidth on A100
constexpr double kNvlinkBytesPerS = 3.0e11 * 0.767;  // NCCL achieves 230 of 300 GB/s (dgx_a100.yaml)
constexpr double kNvlinkStepS = 4.7e-7;
constexpr double kPcieBytesPerS = 3.15e10;

// Llama-2 7B (hidden 4096, 32 layers, MLP 11008, vocab 32000, untied head), parameters per transformer layer:
// q, k, v, o 4 x 4096^2 + gate, up, down 3 x 4096 x 11008 + two RMSNorm weights 2 x 4096.
constexpr int64_t kLlamaLayerParams = 4LL * 4096 * 4096 + 3LL * 4096 * 11008 + 2 * 4096;  // 202,383,360
constexpr int64_t kLlamaTableParams = 32000LL * 4096;                                       // embedding = LM head
// What a decode step reads in full: every layer, the final norm and the LM head; the embedding reads one row.
constexpr double kLlamaDecodeWeightBytes = 2.0 * (32 * kLlamaLayerParams + 4096 + kLlamaTableParams);

ServingRequest llama_request(int64_t tp = 1, int64_t pp = 1) {
  ServingRequest r;
  r.model = "llama2_7b";
  r.system = load_system("dgx_a100", kDataDir);
  r.prompt_tokens = 512;
  r.output_tokens = 128;
  r.tp = tp;
  r.pp = pp;
  return r;
}

TEST(Serving, Llama7bWeightsFitOneA100) {
  ServingResult result = simulate_serving(llama_request());
  EXPECT_EQ(result.cost_model, "gpu");
  // 32 layers + embedding table + final norm + LM head = 6,738,415,616 parameters = 13.48 GB at fp16.
  EXPECT_EQ(result.memory.weight_bytes, 2 * (32 * kLlamaLayerParams + 2 * kLlamaTableParams + 4096));
  // K and V of 32 layers x (512 + 128) tokens x 4096 x 2 bytes = 335,544,320.
  EXPECT_EQ(result.memory.kv_cache_bytes, 2LL * 32 * 640 * 4096 * 2);
  EXPECT_EQ(result.memory.capacity_bytes, 85899345920);
  EXPECT_TRUE(result.fits);
  EXPECT_GT(result.memory.activation_bytes, 0);
  // (80 GiB - 13.48 GB) / (335.5 MB of KV + the prefill's activations per sequence): about 190 sequences.
  EXPECT_GT(result.max_batch, 150);
  EXPECT_LT(result.max_batch, 200);
}

TEST(Serving, Llama7bDecodeAtBatchOneStreamsTheWeights) {
  ServingResult result = simulate_serving(llama_request());
  // Memory bound: every kernel of a batch-1 decode step moves its compulsory bytes at 0.88 x 2039 GB/s and pays a
  // 2 us launch. The weights alone take 13.21 GB / 1794 GB/s = 7.365 ms, so TPOT > 7.365 ms.
  double weight_stream_s = kLlamaDecodeWeightBytes / kHbmBytesPerS;
  EXPECT_NEAR(weight_stream_s, 7.365e-3, 1e-6);
  EXPECT_GT(result.tpot_s, weight_stream_s);
  // The first step also reads the 512-token cache, 2 x 32 x 512 x 4096 x 2 = 268 MB (0.150 ms), and launches 451
  // kernels after fusion (0.902 ms): per layer 7 GEMVs, attention, 2 RMSNorms and the 4 RoPE multiplies (the adds,
  // SiLU and residuals fused into them), plus the embedding, final norm and LM head: 8.416 ms. The activations the
  // step moves (a few MB) add < 0.2%.
  double first_step_s = (kLlamaDecodeWeightBytes + 2.0 * 32 * 512 * 4096 * 2) / kHbmBytesPerS + (32 * 14 + 3) * 2e-6;
  EXPECT_NEAR(first_step_s, 8.416e-3, 1e-6);
  EXPECT_GT(result.decode_step_first_s, first_step_s);
  EXPECT_LT(result.decode_step_first_s, 1.002 * first_step_s);
  // The last step reads 126 more cached tokens: + 2 x 32 x 126 x 4096 x 2 bytes = 36.8 us.
  EXPECT_NEAR(result.decode_step_last_s - result.decode_step_first_s, 2.0 * 32 * 126 * 4096 * 2 / kHbmBytesPerS,
              0.5e-6);
  EXPECT_GT(result.tpot_s, result.decode_step_first_s);
  EXPECT_LT(result.tpot_s, result.decode_step_last_s);
  EXPECT_EQ(result.decode.tp_comm_s, 0);
  EXPECT_EQ(result.decode.pp_send_s, 0);
  EXPECT_DOUBLE_EQ(result.tokens_per_s, 1 / result.tpot_s);
  EXPECT_DOUBLE_EQ(result.request_latency_s, result.ttft_s + 127 * result.tpot_s);
  EXPECT_DOUBLE_EQ(result.end_to_end_tokens_per_s, 128 / result.request_latency_s);
  // Prefill of 512 tokens is compute bound: 2 x 6.6 G MACs x 512 at <= 256 TFLOP/s sustained is >= 26 ms.
  EXPECT_GT(result.ttft_s, 2.0 * 32 * kLlamaLayerParams * 512 / 256e12);
}

TEST(Serving, DecodeStepsBetweenCostedLengthsAreInterpolated) {
  ServingRequest r = llama_request();
  r.output_tokens = 3;  // two decode steps, both costed: nothing interpolated
  ServingResult result = simulate_serving(r);
  EXPECT_NEAR(result.decode.total_s(), result.decode_step_first_s + result.decode_step_last_s, 1e-15);
  r.output_tokens = 1;  // the prefill gives the only token
  ServingResult one = simulate_serving(r);
  EXPECT_EQ(one.decode.total_s(), 0);
  EXPECT_EQ(one.tpot_s, 0);
  EXPECT_EQ(one.tokens_per_s, 0);
  EXPECT_DOUBLE_EQ(one.request_latency_s, one.ttft_s);
}

TEST(Serving, TensorParallelHalvesTheWeightStreamAndAddsAllReduces) {
  ServingResult one = simulate_serving(llama_request(1));
  ServingResult two = simulate_serving(llama_request(2));
  // Per device: heads, MLP width and vocabulary halve; the norms are replicated.
  EXPECT_EQ(two.memory.weight_bytes, 2 * (32 * (kLlamaLayerParams / 2 + 4096) + kLlamaTableParams + 4096));
  EXPECT_EQ(two.memory.kv_cache_bytes, one.memory.kv_cache_bytes / 2);
  // Decode compute per step falls to 0.60 of tp = 1, not 0.5: the 451 launches (0.9 ms) stay, and the 4096 -> 2048
  // q, k, v GEMVs have 32 tiles of 64 columns for 108 SMs, bound by one tile's 64 x 64 x 4096 MACs (13.3 us against
  // 9.4 us of weights; the gpu model has no split-K).
  EXPECT_GT(two.decode.compute_s, 0.5 * one.decode.compute_s);
  EXPECT_LT(two.decode.compute_s, 0.65 * one.decode.compute_s);
  // 2 all-reduces per layer + 1 for the embedding = 65 per token, each of [1, 1, 4096] fp16 = 8192 bytes, ring over
  // 2 GPUs on NVSwitch: 2 (1/2) 8192 / 230.1e9 + 2 x 0.47 us = 0.9756 us; 63.4 us per token.
  double all_reduce_s = 2 * 0.5 * 8192 / kNvlinkBytesPerS + 2 * kNvlinkStepS;
  EXPECT_NEAR(all_reduce_s, 0.9756e-6, 1e-10);
  EXPECT_NEAR(two.decode.tp_comm_s / 127, 65 * all_reduce_s, 1e-12);
  // Prefill: [1, 512, 4096] fp16 = 4 MiB per all-reduce: 2 (1/2) 4194304 / 230.1e9 + 0.94 us = 19.17 us, x 65.
  EXPECT_NEAR(two.prefill.tp_comm_s, 65 * (4194304 / kNvlinkBytesPerS + 2 * kNvlinkStepS), 1e-12);
  EXPECT_LT(two.tpot_s, 0.65 * one.tpot_s);
}

TEST(Serving, PipelineStagesAddOneSendPerBoundary) {
  ServingResult one = simulate_serving(llama_request(1, 1));
  ServingResult two = simulate_serving(llama_request(1, 2));
  // Same ops split over two GPUs: the prefill gains one send of [1, 512, 4096] fp16 over NVSwitch,
  // 0.47 us + 4 MiB / 300 GB/s.
  EXPECT_NEAR(two.prefill.compute_s, one.prefill.compute_s, 1e-12);
  EXPECT_NEAR(two.prefill.pp_send_s, kNvlinkStepS + 4194304 / kNvlinkBytesPerS, 1e-15);
  EXPECT_NEAR(two.decode.pp_send_s / 127, kNvlinkStepS + 8192 / kNvlinkBytesPerS, 1e-15);
  // The first stage holds 16 layers and the embedding table, the last 16 layers, the final norm and the LM head.
  EXPECT_EQ(two.memory.weight_bytes, 2 * (16 * kLlamaLayerParams + kLlamaTableParams + 4096));
  EXPECT_EQ(two.memory.kv_cache_bytes, one.memory.kv_cache_bytes / 2);
  EXPECT_NE(input_error_of([] { simulate_serving(llama_request(1, 3)); }).find("must divide the 32 layers"),
            std::string::npos);
}

TEST(Serving, StageBoundaryAcrossNodesSharesTheNodePort) {
  ClusterSpec system = load_system("dgx_a100:nodes=2", kDataDir);
  EXPECT_EQ(stage_boundary_tier(system.network, 4, 0), 0);  // endpoints 3 | 4: same node
  EXPECT_EQ(stage_boundary_tier(system.network, 8, 0), 1);  // endpoints 7 | 8: across InfiniBand
  // 8 senders share the node's 192 GB/s (200 GB/s at NCCL's achieved 96%): 2.7 us + 1 MB / 24 GB/s.
  EXPECT_NEAR(stage_send_s(system.network, 8, 0, 1e6), 2.7e-6 + 1e6 / 24e9, 1e-15);
  EXPECT_NEAR(tensor_parallel_all_reduce_s(system.network, 8, 1e6),
              ring_all_reduce_s({8, kNvlinkBytesPerS, 4.7e-7}, 1e6), 1e-15);
  EXPECT_NE(input_error_of([&] { tensor_parallel_all_reduce_s(system.network, 16, 1e6); }).find("participants"),
            std::string::npos);
}

TEST(Serving, KvCacheThatDoesNotFitNamesTheBytes) {
  ServingRequest r = llama_request();
  r.batch = 64;
  r.prompt_tokens = 4000;
  r.output_tokens = 96;
  // K and V: 2 x 32 layers x 64 x 4096 tokens x 4096 x 2 bytes = 137,438,953,472 > 80 GiB.
  std::string message = input_error_of([&] { simulate_serving(r); });
  EXPECT_NE(message.find("KV cache 137438953472"), std::string::npos) << message;
  EXPECT_NE(message.find("a100_80gb has 85899345920"), std::string::npos) << message;
  r.allow_oversubscribe = true;
  ServingResult over = simulate_serving(r);
  EXPECT_FALSE(over.fits);
  // The largest batch it reports fits, one more does not.
  ASSERT_GT(over.max_batch, 0);
  r.allow_oversubscribe = false;
  r.batch = over.max_batch;
  EXPECT_TRUE(simulate_serving(r).fits);
  r.batch = over.max_batch + 1;
  EXPECT_NE(input_error_of([&] { simulate_serving(r); }), "");
}

TEST(Serving, OffloadedWeightsStreamOverTheHostLink) {
  ServingRequest r = llama_request();
  r.offload_weights = true;
  ServingResult result = simulate_serving(r);
  // Each decode step pulls the 32 layers' 12.95 GB over PCIe at 31.5 GB/s: 411 ms, far above the GPU's ~8 ms.
  double stream_s = 2.0 * 32 * kLlamaLayerParams / kPcieBytesPerS;
  EXPECT_NEAR(stream_s, 0.4112, 1e-4);
  EXPECT_GE(result.tpot_s, stream_s);
  EXPECT_LT(result.tpot_s, stream_s + 0.1e-3 + kLlamaTableParams * 2.0 / kHbmBytesPerS);  // + the resident head
  EXPECT_GT(result.decode.weight_stream_wait_s, 0);
  // On the device: embedding, final norm and LM head resident, two layers' buffers; the layers in host memory.
  EXPECT_EQ(result.memory.weight_bytes, 2 * (2 * kLlamaTableParams + 4096) + 2 * (2 * kLlamaLayerParams));
  EXPECT_EQ(result.memory.host_weight_bytes, 2 * 32 * kLlamaLayerParams);
  EXPECT_EQ(result.memory.host_capacity_bytes, 274877906944);
  EXPECT_TRUE(result.fits);
}

TEST(Serving, Gpt3NeedsEightA100s) {
  ServingRequest r;
  r.model = "gpt3_175b";
  r.system = load_system("dgx_a100", kDataDir);
  r.prompt_tokens = 512;
  r.output_tokens = 128;
  // 175 G parameters x 2 bytes = 350 GB on one 80 GiB GPU.
  std::string message = input_error_of([&] { simulate_serving(r); });
  EXPECT_NE(message.find("needs"), std::string::npos) << message;
  EXPECT_NE(message.find("largest batch that fits is 0"), std::string::npos) << message;
  EXPECT_NE(input_error_of([&] {
              r.tp = 4;
              simulate_serving(r);
            }),
            "");
  r.tp = 8;
  ServingResult eight = simulate_serving(r);
  EXPECT_TRUE(eight.fits);
  // 175 G / 8 x 2 bytes = 43.7 GB per GPU (norms and position table replicated), within 1%.
  EXPECT_NEAR(static_cast<double>(eight.memory.weight_bytes), 175e9 / 8 * 2, 0.01 * 175e9 / 8 * 2);
  r.tp = 4;
  r.pp = 2;
  EXPECT_TRUE(simulate_serving(r).fits);
}

TEST(Serving, RejectsWhatItCannotServe) {
  ServingRequest r = llama_request();
  r.model = "bert_base";
  EXPECT_NE(input_error_of([&] { simulate_serving(r); }).find("not one"), std::string::npos);
  r = llama_request(16);
  EXPECT_NE(input_error_of([&] { simulate_serving(r); }).find("has 8"), std::string::npos);
  r = llama_request(3);  // 32 heads do not split 3 ways
  EXPECT_NE(input_error_of([&] { simulate_serving(r); }).find("tensor_parallel 3"), std::string::npos);
  r = llama_request();
  r.output_tokens = 0;
  EXPECT_NE(input_error_of([&] { simulate_serving(r); }).find("output_tokens"), std::string::npos);
  r = llama_request();
  r.system.host.reset();
  r.offload_weights = true;
  EXPECT_NE(input_error_of([&] { simulate_serving(r); }).find("host link"), std::string::npos);
}

}  // namespace
}  // namespace tessera
