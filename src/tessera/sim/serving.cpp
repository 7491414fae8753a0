// simulate_serving: the prefill and a few decode steps costed op by op on one rank's shard, collectives added in
// closed form, decode steps in between interpolated, memory checked per device. Formulas: docs/serving.md.
#include "tessera/sim/serving.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "tessera/core/checked_math.h"
#include "tessera/core/error.h"
#include "tessera/core/registry.h"
#include "tessera/cost/auto_cost.h"
#include "tessera/models/transformer.h"
#include "tessera/sim/serving_forward.h"
#include "tessera/sim/serving_network.h"

namespace tessera {
namespace {

TransformerConfig decoder_config(const std::string& name) {
  auto builder = Registry<ModelBuilder>::instance().create(name, "model");
  const auto* transformer = dynamic_cast<const TransformerModel*>(builder.get());
  if (transformer == nullptr || !transformer->is_decoder()) {
    throw InputError("serving needs a decoder LLM from the zoo; '" + name + "' is not one");
  }
  return transformer->config();
}

void require_positive(int64_t value, const std::string& what) {
  if (value < 1) throw InputError("serving: " + what + " must be at least 1, got " + std::to_string(value));
}

void validate_request(const ServingRequest& r) {
  require_positive(r.batch, "batch");
  require_positive(r.prompt_tokens, "prompt_tokens");
  require_positive(r.output_tokens, "output_tokens");
  require_positive(r.tp, "tp");
  require_positive(r.pp, "pp");
  int64_t devices = checked_multiply(r.tp, r.pp, "tp x pp");
  if (devices > r.system.endpoints()) {
    throw InputError("serving: tp " + std::to_string(r.tp) + " x pp " + std::to_string(r.pp) + " needs " +
                     std::to_string(devices) + " devices, " + r.system.name + " has " +
                     std::to_string(r.system.endpoints()));
  }
  if (r.offload_weights && !r.system.host) {
    throw InputError("serving: weight offload needs a host link; system " + r.system.name + " has none");
  }
}

// What every forward pass shares: the system, the parallel layout and the size of one token's hidden state.
struct PassContext {
  const ServingRequest& request;
  int64_t hidden = 0;
  double host_bytes_per_s = 0;  // offload only
};

// One forward pass on the critical path: every stage in turn, 2 all-reduces per layer (after attention and after the
// MLP, Megatron) plus one for the vocab-parallel embedding, a send per stage boundary; an offloaded layer takes
// max(its work, its weights over the host link), the next layer's weights streaming while this one computes.
ServingTime pass_time(const ForwardCost& forward, int64_t new_tokens, const PassContext& ctx) {
  const ServingRequest& r = ctx.request;
  const NetworkSpec& network = r.system.network;
  double hidden_bytes = static_cast<double>(
      storage_bytes(checked_multiply(r.batch * new_tokens, ctx.hidden, "hidden state elements"), r.dtype));
  double all_reduce_s = tensor_parallel_all_reduce_s(network, r.tp, hidden_bytes);
  ServingTime t;
  for (size_t s = 0; s < forward.stages.size(); ++s) {
    const StageForward& stage = forward.stages[s];
    for (size_t layer = 0; layer < stage.layer_s.size(); ++layer) {
      t.compute_s += stage.layer_s[layer];
      t.tp_comm_s += 2 * all_reduce_s;
      if (r.offload_weights) {
        double stream_s = static_cast<double>(stage.layer_weight_bytes[layer]) / ctx.host_bytes_per_s;
        t.weight_stream_wait_s += std::max(0.0, stream_s - stage.layer_s[layer] - 2 * all_reduce_s);
      }
    }
    t.compute_s += stage.other_s;
    if (s == 0) t.tp_comm_s += all_reduce_s;
    if (s + 1 < forward.stages.size()) {
      t.pp_send_s += stage_send_s(network, r.tp, static_cast<int64_t>(s), hidden_bytes);
    }
  }
  return t;
}

ServingTime scaled_sum(const ServingTime& a, double wa, const ServingTime& b, double wb) {
  return {a.compute_s * wa + b.compute_s * wb, a.tp_comm_s * wa + b.tp_comm_s * wb,
          a.pp_send_s * wa + b.pp_send_s * wb, a.weight_stream_wait_s * wa + b.weight_stream_wait_s * wb};
}

// The output_tokens - 1 decode steps, step j against prompt + j cached tokens. The step is costed at the first, middle
// and last cache length; every other step is interpolated linearly between its neighbouring costed lengths (the
// cache length enters the cost only through attention, which is linear in it up to tile rounding).
struct DecodeTimes {
  ServingTime total;
  double first_step_s = 0;
  double last_step_s = 0;
};

DecodeTimes decode_times(const TransformerConfig& shard, const CostModel& model, const PassContext& ctx) {
  const ServingRequest& r = ctx.request;
  const int64_t steps = r.output_tokens - 1;
  DecodeTimes out;
  if (steps == 0) return out;
  std::vector<int64_t> points{0, (steps - 1) / 2, steps - 1};  // step indices
  points.erase(std::unique(points.begin(), points.end()), points.end());
  std::vector<ServingTime> at;
  for (int64_t step : points) {
    ModelConfig run{r.batch, 1, r.dtype, LlmPhase::decode, r.prompt_tokens + step};
    ForwardCost forward = cost_forward(shard, run, static_cast<int>(r.pp), r.system.device, model, r.passes);
    at.push_back(pass_time(forward, 1, ctx));
  }
  size_t segment = 0;
  for (int64_t step = 0; step < steps; ++step) {
    while (segment + 1 < points.size() && step > points[segment + 1]) ++segment;
    ServingTime t = at[segment];
    if (segment + 1 < points.size()) {
      double f = static_cast<double>(step - points[segment]) /
                 static_cast<double>(points[segment + 1] - points[segment]);
      t = scaled_sum(at[segment], 1 - f, at[segment + 1], f);
    }
    out.total = scaled_sum(out.total, 1, t, 1);
  }
  out.first_step_s = at.front().total_s();
  out.last_step_s = at.back().total_s();
  return out;
}

// Per device, for the stage needing the most; see ServingMemory. The KV cache holds every sequence's prompt and
// output in full, the reservation a server makes before decoding.
ServingMemory device_memory(const TransformerConfig& shard, const ForwardCost& prefill, const ServingRequest& r) {
  const int64_t layers_per_stage = shard.layers / r.pp;
  const int64_t context = r.prompt_tokens + r.output_tokens;
  int64_t kv_elements = checked_multiply(checked_multiply(2 * layers_per_stage, r.batch, "KV cache elements"),
                                         checked_multiply(context, shard.local_kv_width(), "KV cache elements"),
                                         "KV cache elements");
  ServingMemory best;
  for (size_t s = 0; s < prefill.stages.size(); ++s) {
    const StageForward& stage = prefill.stages[s];
    int64_t layer_sum = 0, layer_max = 0;
    for (int64_t bytes : stage.layer_weight_bytes) {
      layer_sum = checked_add(layer_sum, bytes, "weight bytes");
      layer_max = std::max(layer_max, bytes);
    }
    ServingMemory m;
    m.weight_bytes = stage.other_weight_bytes + (r.offload_weights ? 2 * layer_max : layer_sum);
    m.host_weight_bytes = r.offload_weights ? layer_sum : 0;
    m.kv_cache_bytes = storage_bytes(kv_elements, r.dtype);
    m.activation_bytes = prefill.peak_activation_bytes;
    m.capacity_bytes = r.system.device.off_chip.capacity_bytes;
    m.host_capacity_bytes = r.system.host ? r.system.host->memory_capacity_bytes : 0;
    if (s == 0 || m.total_bytes() > best.total_bytes()) best = m;
  }
  return best;
}

bool host_fits(const ServingMemory& m) { return m.host_weight_bytes <= m.host_capacity_bytes; }

// Memory grows linearly with the batch: the KV cache exactly, the activations by their per-sequence share.
int64_t max_batch(const ServingMemory& m, int64_t batch) {
  int64_t free_bytes = m.capacity_bytes - m.weight_bytes;
  int64_t per_sequence = m.kv_cache_bytes / batch + ceil_div(m.activation_bytes, batch);
  if (!host_fits(m) || free_bytes <= 0 || per_sequence <= 0) return 0;
  return free_bytes / per_sequence;
}

void throw_does_not_fit(const ServingResult& result) {
  const ServingRequest& r = result.request;
  const ServingMemory& m = result.memory;
  std::string where = r.model + " on " + r.system.name + " (tp " + std::to_string(r.tp) + ", pp " +
                      std::to_string(r.pp) + ", batch " + std::to_string(r.batch) + ")";
  if (!host_fits(m)) {
    throw InputError(where + ": offloaded weights need " + std::to_string(m.host_weight_bytes) +
                     " bytes of host memory per device but the system has " + std::to_string(m.host_capacity_bytes));
  }
  throw InputError(where + ": needs " + std::to_string(m.total_bytes()) + " bytes per device (weights " +
                   std::to_string(m.weight_bytes) + " + KV cache " + std::to_string(m.kv_cache_bytes) +
                   " + activations " + std::to_string(m.activation_bytes) + ") but " + r.system.device_preset +
                   " has " + std::to_string(m.capacity_bytes) + "; the largest batch that fits is " +
                   std::to_string(result.max_batch));
}

}  // namespace

ServingResult simulate_serving(const ServingRequest& request) {
  validate_request(request);
  TransformerConfig shard = decoder_config(request.model);
  shard.tensor_parallel = request.tp;
  validate(shard);

  ServingResult result;
  result.request = request;
  result.cost_model = resolve_cost_model(request.cost_model, request.system.device);
  std::unique_ptr<CostModel> model = Registry<CostModel>::instance().create(result.cost_model, "cost model");
  PassContext ctx{request, shard.hidden,
                  request.system.host ? request.system.host->link_bandwidth_bytes_per_s : 0.0};

  ModelConfig prefill_run{request.batch, request.prompt_tokens, request.dtype, LlmPhase::prefill, 0};
  ForwardCost prefill = cost_forward(shard, prefill_run, static_cast<int>(request.pp), request.system.device, *model,
                                     request.passes);
  result.memory = device_memory(shard, prefill, request);
  result.max_batch = max_batch(result.memory, request.batch);
  result.fits = result.memory.total_bytes() <= result.memory.capacity_bytes && host_fits(result.memory);
  if (!result.fits && !request.allow_oversubscribe) throw_does_not_fit(result);

  result.prefill = pass_time(prefill, request.prompt_tokens, ctx);
  DecodeTimes decode = decode_times(shard, *model, ctx);
  result.decode = decode.total;
  result.decode_step_first_s = decode.first_step_s;
  result.decode_step_last_s = decode.last_step_s;

  const auto batch = static_cast<double>(request.batch);
  const auto steps = static_cast<double>(request.output_tokens - 1);
  result.ttft_s = result.prefill.total_s();
  result.tpot_s = steps > 0 ? result.decode.total_s() / steps : 0;
  result.tokens_per_s = result.tpot_s > 0 ? batch / result.tpot_s : 0;
  result.request_latency_s = result.ttft_s + result.decode.total_s();
  result.end_to_end_tokens_per_s = batch * static_cast<double>(request.output_tokens) / result.request_latency_s;
  return result;
}

}  // namespace tessera
