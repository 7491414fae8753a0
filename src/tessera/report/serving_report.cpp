#include "tessera/report/serving_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "tessera/report/table.h"

namespace tessera {
namespace {

using Json = nlohmann::ordered_json;

std::string ms(double s) { return fmt::format("{:.4g} ms", s * 1e3); }
std::string gb(int64_t bytes) { return fmt::format("{:.3f} GB", static_cast<double>(bytes) / 1e9); }

std::string header(const ServingResult& result) {
  const ServingRequest& r = result.request;
  return fmt::format("{} on {} ({} x {}, cost model {}): batch {}, {} prompt + {} output tokens, {}, tp {} x pp {}{}\n",
                     r.model, r.system.name, result.devices(), r.system.device_preset, result.cost_model, r.batch,
                     r.prompt_tokens, r.output_tokens, dtype_name(r.dtype), r.tp, r.pp,
                     r.offload_weights ? ", weights offloaded to host" : "");
}

std::string time_table(const ServingResult& result) {
  TextTable table({"phase", "total", "compute", "TP all-reduce", "PP send", "weight stream wait"});
  table.align_right({1, 2, 3, 4, 5});
  auto row = [&](const std::string& name, const ServingTime& t) {
    table.add_row(
        {name, ms(t.total_s()), ms(t.compute_s), ms(t.tp_comm_s), ms(t.pp_send_s), ms(t.weight_stream_wait_s)});
  };
  row("prefill (TTFT)", result.prefill);
  row("decode, all steps", result.decode);
  return table.render();
}

std::string metrics_table(const ServingResult& result) {
  TextTable table({"metric", "value"});
  table.align_right({1});
  table.add_row({"time to first token", ms(result.ttft_s)});
  table.add_row({"time per output token", ms(result.tpot_s)});
  table.add_row({"decode step, first / last", ms(result.decode_step_first_s) + " / " + ms(result.decode_step_last_s)});
  table.add_row({"decode tokens/s", fmt::format("{:.4g}", result.tokens_per_s)});
  table.add_row({"end-to-end tokens/s", fmt::format("{:.4g}", result.end_to_end_tokens_per_s)});
  table.add_row({"request latency", ms(result.request_latency_s)});
  return table.render();
}

std::string memory_table(const ServingResult& result) {
  const ServingMemory& m = result.memory;
  TextTable table({"memory per device", "bytes"});
  table.align_right({1});
  table.add_row({"weights", gb(m.weight_bytes)});
  table.add_row({"KV cache", gb(m.kv_cache_bytes)});
  table.add_row({"activations", gb(m.activation_bytes)});
  table.add_row({"total", gb(m.total_bytes())});
  table.add_row({"capacity", gb(m.capacity_bytes)});
  if (result.request.offload_weights) {
    table.add_row({"host weights", gb(m.host_weight_bytes)});
    table.add_row({"host capacity", gb(m.host_capacity_bytes)});
  }
  return table.render() + fmt::format("{}; the largest batch that fits: {}\n",
                                      result.fits ? "fits" : "DOES NOT FIT", result.max_batch);
}

Json time_json(const ServingTime& t) {
  return {{"compute_s", t.compute_s},
          {"tp_comm_s", t.tp_comm_s},
          {"pp_send_s", t.pp_send_s},
          {"weight_stream_wait_s", t.weight_stream_wait_s},
          {"total_s", t.total_s()}};
}

}  // namespace

std::string render_serving_table(const ServingResult& result) {
  return header(result) + "\n" + metrics_table(result) + "\n" + time_table(result) + "\n" + memory_table(result);
}

std::string render_serving_json(const ServingResult& result) {
  const ServingRequest& r = result.request;
  const ServingMemory& m = result.memory;
  Json memory{{"weight_bytes", m.weight_bytes},
              {"kv_cache_bytes", m.kv_cache_bytes},
              {"activation_bytes", m.activation_bytes},
              {"total_bytes", m.total_bytes()},
              {"capacity_bytes", m.capacity_bytes},
              {"host_weight_bytes", m.host_weight_bytes},
              {"host_capacity_bytes", m.host_capacity_bytes}};
  Json out{{"model", r.model},
           {"system", r.system.name},
           {"cost_model", result.cost_model},
           {"dtype", std::string(dtype_name(r.dtype))},
           {"batch", r.batch},
           {"prompt_tokens", r.prompt_tokens},
           {"output_tokens", r.output_tokens},
           {"tp", r.tp},
           {"pp", r.pp},
           {"devices", result.devices()},
           {"offload_weights", r.offload_weights},
           {"ttft_s", result.ttft_s},
           {"tpot_s", result.tpot_s},
           {"tokens_per_s", result.tokens_per_s},
           {"end_to_end_tokens_per_s", result.end_to_end_tokens_per_s},
           {"request_latency_s", result.request_latency_s},
           {"decode_step_first_s", result.decode_step_first_s},
           {"decode_step_last_s", result.decode_step_last_s},
           {"prefill", time_json(result.prefill)},
           {"decode", time_json(result.decode)},
           {"memory_per_device", memory},
           {"fits", result.fits},
           {"max_batch", result.max_batch}};
  return out.dump(2) + "\n";
}

}  // namespace tessera
