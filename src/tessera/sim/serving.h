#pragma once
// LLM serving on a multi-device system (docs/serving.md): a batch of requests, each a prompt of prompt_tokens
// followed by output_tokens generated one at a time against a KV cache, on tp x pp devices (Megatron tensor
// parallelism inside tier 0, pipeline stages of equal layer counts). Gives time to first token, time per output
// token, tokens/s and the per-device memory (weights, KV cache, activations) against capacity; weights may be kept in
// host memory and streamed over the host link layer by layer (DeepSpeed ZeRO-Inference style).
#include <cstdint>
#include <string>

#include "tessera/core/dtype.h"
#include "tessera/hardware/system_spec.h"

namespace tessera {

struct ServingRequest {
  std::string model;    // a zoo decoder LLM (llama2_7b, gpt3_175b ...)
  ClusterSpec system;   // load_system("dgx_a100")
  int64_t batch = 1;    // sequences decoded together
  int64_t prompt_tokens = 512;
  int64_t output_tokens = 128;  // generated per sequence; the first comes out of the prefill
  DType dtype = DType::fp16;    // weights, activations and KV cache
  int64_t tp = 1;  // tensor-parallel ranks, inside tier 0
  int64_t pp = 1;  // pipeline stages; must divide the layers
  bool offload_weights = false;      // transformer layers' weights in host memory, streamed each forward pass
  bool allow_oversubscribe = false;  // report fits = false instead of throwing when memory does not suffice
  std::string cost_model = "auto";
  std::string passes = "fusion";
};

// Where the time of one phase goes, on the critical path of one forward pass (summed over the decode steps for
// ServingResult::decode). Nothing overlaps except streamed weights, whose excess over the layer's work is the wait.
struct ServingTime {
  double compute_s = 0;               // ops on the device
  double tp_comm_s = 0;               // tensor-parallel all-reduces
  double pp_send_s = 0;               // activations sent between pipeline stages
  double weight_stream_wait_s = 0;    // offload: host-link transfer not hidden behind a layer's compute
  double total_s() const { return compute_s + tp_comm_s + pp_send_s + weight_stream_wait_s; }
};

// One device's memory, for the pipeline stage that needs the most.
struct ServingMemory {
  int64_t weight_bytes = 0;      // resident weights (offload: embedding and head plus two layers' buffers)
  int64_t kv_cache_bytes = 0;    // batch x (prompt + output) tokens of the stage's layers
  int64_t activation_bytes = 0;  // peak live activations of the prefill
  int64_t capacity_bytes = 0;    // the device's off-chip memory
  int64_t host_weight_bytes = 0;      // offload: the stage's layer weights in host memory
  int64_t host_capacity_bytes = 0;    // the system's host memory per device (0 without a host link)
  int64_t total_bytes() const { return weight_bytes + kv_cache_bytes + activation_bytes; }
};

struct ServingResult {
  ServingRequest request;
  std::string cost_model;  // as resolved for the device ("auto" -> gpu on NVIDIA parts)
  double ttft_s = 0;             // time to first token: the prefill
  double tpot_s = 0;             // time per output token: mean decode step (0 when output_tokens is 1)
  double tokens_per_s = 0;       // decode throughput: batch / tpot_s
  double request_latency_s = 0;  // ttft_s + all decode steps
  double end_to_end_tokens_per_s = 0;  // batch x output_tokens / request_latency_s
  double decode_step_first_s = 0;      // decode step against prompt_tokens cached tokens
  double decode_step_last_s = 0;       // ... against prompt_tokens + output_tokens - 2
  ServingTime prefill;
  ServingTime decode;  // all output_tokens - 1 decode steps
  ServingMemory memory;  // per device
  bool fits = true;      // memory.total_bytes() <= capacity (and host weights <= host capacity)
  int64_t max_batch = 0;  // the largest batch whose memory fits at this prompt and output length (0: none)
  int64_t devices() const { return request.tp * request.pp; }
};

// Throws InputError for a model that is not a zoo decoder, bad sizes, a tp/pp the model or system cannot take,
// offload on a system without a host link, and (unless allow_oversubscribe) memory that does not fit, naming the bytes.
ServingResult simulate_serving(const ServingRequest& request);

}  // namespace tessera
