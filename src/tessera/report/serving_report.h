#pragma once
// Rendering a serving simulation (sim/serving.h): a summary table, or JSON with stable keys (docs/serving.md).
#include <string>

#include "tessera/sim/serving.h"

namespace tessera {

std::string render_serving_table(const ServingResult& result);
// Keys: model, system, cost_model, dtype, batch, prompt_tokens, output_tokens, tp, pp, devices, offload_weights,
// ttft_s, tpot_s, tokens_per_s, end_to_end_tokens_per_s, request_latency_s, decode_step_first_s, decode_step_last_s,
// prefill and decode ({compute_s, tp_comm_s, pp_send_s, weight_stream_wait_s, total_s}), memory_per_device
// ({weight_bytes, kv_cache_bytes, activation_bytes, total_bytes, capacity_bytes, host_weight_bytes,
// host_capacity_bytes}), fits, max_batch. Deterministic: the same result gives the same bytes.
std::string render_serving_json(const ServingResult& result);

}  // namespace tessera
