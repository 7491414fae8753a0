#include "tessera/report/partition_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "tessera/partition/resident_store.h"
#include "tessera/report/table.h"

namespace tessera {
namespace {

using Json = nlohmann::ordered_json;

// ":A" activations on chip, then ":W" all weights or ":w<n>" the weights of n ops; "" for none.
std::string residency_suffix(const Residency& r) {
  std::string weights = r.all_weights ? "W" : r.pinned_ops > 0 ? fmt::format("w{}", r.pinned_ops) : "";
  std::string out = (r.activations ? "A" : "") + weights;
  return out.empty() ? "" : fmt::format(":{}", out);
}

std::string beats(const PlanVerdict& v) {
  return v.dominates_sequential && v.dominates_spatial ? "seq+spatial"
         : v.dominates_sequential                      ? "seq"
         : v.dominates_spatial                         ? "spatial"
                                                       : "";
}

// "0 patch_embed..add_positions, 1 layers.0, ..." wrapped under the header.
std::string block_list_text(const std::vector<LayerBlock>& blocks) {
  const std::string indent(10, ' ');
  std::string out, line = indent;
  for (size_t b = 0; b < blocks.size(); ++b) {
    std::string item = fmt::format("{} {}{}", b, blocks[b].name, b + 1 < blocks.size() ? ", " : "");
    if (line.size() + item.size() > 118) {
      out += line + "\n";
      line = indent;
    }
    line += item;
  }
  return out + line + "\n";
}

std::string header_text(const PartitionReport& r) {
  const BatchPartition& first = r.batches.front().result;
  const DeviceSpec& d = r.device;
  std::string out = fmt::format("{} on {}: spatial / sequential partitions ({} cost model, {})\n", r.model, r.hardware,
                                r.cost_model, dtype_name(r.dtype));
  out += fmt::format("  device   {} cores in {} units of {}{}; on-chip {}B, {:.0f}% resident ({}B); DRAM {}B/s, "
                     "shared by {}\n",
                     d.cores.count, first.units, first.unit_cores, d.noc ? " (mesh columns)" : "",
                     si_number(static_cast<double>(on_chip_bytes(d))), 100 * r.options.resident_share,
                     si_number(static_cast<double>(resident_budget_bytes(d, r.options.resident_share))),
                     si_number(d.off_chip.bandwidth_bytes_per_s), dram_share_name(r.options.dram_share));
  out += fmt::format("  blocks   {} ({})\n", first.split.blocks.size(),
                     first.split.equal_flop_fallback ? "equal-FLOP chunks: no single-activation cut"
                                                     : "single-activation cuts, merged by numbered scope");
  return out + block_list_text(first.split.blocks);
}

void add_plan_row(TextTable& table, const std::string& label, const PartitionPlan& plan, const PartitionPlan& seq,
                  const std::string& beat) {
  table.add_row({label, plan_layout(plan), fmt::format("{}x{}", plan.micro_batch, plan.micro_batches),
                 format_seconds(plan.latency_s), fmt::format("{:.4g}", plan.throughput_per_s()),
                 format_seconds(plan.period_s), si_number(plan.dram_bytes) + "B",
                 fmt::format("{:.2f}x", plan.latency_s / seq.latency_s),
                 fmt::format("{:.2f}x", plan.throughput_per_s() / seq.throughput_per_s()), beat});
}

std::string verdict_text(const BatchPartition& b) {
  int blocks = static_cast<int>(b.split.blocks.size());
  int best = b.best_dominating_hybrid();
  if (best >= 0) {
    const PartitionPlan& h = b.front[best];
    return fmt::format("  verdict: hybrids dominate both pure strategies; best {} ({}): {:.3f}x the sequential "
                       "throughput at {:.3f}x its latency\n",
                       strategy_label(h, blocks), plan_layout(h),
                       h.throughput_per_s() / b.sequential.throughput_per_s(), h.latency_s / b.sequential.latency_s);
  }
  bool over_seq = false, over_spatial = false;
  for (size_t i = 0; i < b.front.size(); ++i) {
    if (plan_strategy(b.front[i], blocks) != Strategy::hybrid) continue;
    over_seq = over_seq || b.verdicts[i].dominates_sequential;
    over_spatial = over_spatial || b.verdicts[i].dominates_spatial;
  }
  return fmt::format("  verdict: no hybrid dominates both pure strategies (a hybrid dominates sequential: {}; "
                     "spatial: {})\n",
                     over_seq ? "yes" : "no", b.spatial.groups.empty() ? "n/a" : over_spatial ? "yes" : "no");
}

std::string batch_text(const PartitionedBatch& pb) {
  const BatchPartition& b = pb.result;
  int blocks = static_cast<int>(b.split.blocks.size());
  TextTable table({"plan", "groups (blocks@cores:resident)", "micro", "latency", "samples/s", "period", "DRAM/batch",
                   "lat/seq", "thr/seq", "dominates"});
  table.align_right({2, 3, 4, 5, 6, 7, 8});
  add_plan_row(table, "[sequential]", b.sequential, b.sequential, "");
  if (!b.spatial.groups.empty()) add_plan_row(table, "[spatial]", b.spatial, b.sequential, "");
  for (size_t i = 0; i < b.front.size(); ++i) {
    add_plan_row(table, strategy_label(b.front[i], blocks), b.front[i], b.sequential, beats(b.verdicts[i]));
  }
  return fmt::format("\nbatch {} ({} samples): {} plan{} on the Pareto front\n", pb.batch, b.samples, b.front.size(),
                     b.front.size() == 1 ? "" : "s") +
         table.render() + verdict_text(b);
}

std::string render_table(const PartitionReport& r) {
  std::string out = header_text(r);
  for (const auto& batch : r.batches) out += batch_text(batch);
  return out +
         "\n[sequential]: one group running every block in turn (all cores unless fewer are faster); [spatial]: one "
         "sub-accelerator per block, highest throughput.\n"
         "groups: blocks@cores, A: the group keeps its activations on chip, W: all its weights, w<n>: the weights of n "
         "of its ops; micro: samples per micro-batch x micro-batches per batch.\n"
         "dominates: no worse in latency and throughput than that pure strategy (within 0.1%), better in one.\n";
}

Json plan_json(const PartitionPlan& plan, int blocks) {
  Json groups = Json::array();
  for (const auto& g : plan.groups) {
    groups.push_back({{"first_block", g.first_block},
                      {"last_block", g.last_block},
                      {"cores", g.cores},
                      {"activations_resident", g.cost.residency.activations},
                      {"pinned_weight_ops", g.cost.residency.pinned_ops},
                      {"pinned_weight_bytes", g.cost.pinned_weight_bytes},
                      {"resident_bytes", g.cost.resident_bytes},
                      {"time_s", g.cost.time_s},
                      {"dram_bytes", g.cost.dram_bytes}});
  }
  Json exchanges = Json::array();
  for (const auto& e : plan.exchanges) exchanges.push_back({{"time_s", e.time_s}, {"dram_bytes", e.dram_bytes}});
  return {{"strategy", strategy_label(plan, blocks)},
          {"layout", plan_layout(plan)},
          {"micro_batch", plan.micro_batch},
          {"micro_batches", plan.micro_batches},
          {"latency_s", plan.latency_s},
          {"period_s", plan.period_s},
          {"stage_latency_s", plan.stage_latency_s},
          {"stage_period_s", plan.stage_period_s},
          {"throughput_samples_per_s", plan.throughput_per_s()},
          {"dram_bytes", plan.dram_bytes},
          {"groups", groups},
          {"exchanges", exchanges}};
}

Json batch_json(const PartitionedBatch& pb) {
  const BatchPartition& b = pb.result;
  int blocks = static_cast<int>(b.split.blocks.size());
  Json block_list = Json::array();
  for (const auto& block : b.split.blocks) {
    block_list.push_back({{"name", block.name}, {"ops", block.ops.size()}, {"flops", block.flops}});
  }
  Json front = Json::array();
  for (size_t i = 0; i < b.front.size(); ++i) {
    Json plan = plan_json(b.front[i], blocks);
    plan["dominates_sequential"] = b.verdicts[i].dominates_sequential;
    plan["dominates_spatial"] = b.verdicts[i].dominates_spatial;
    front.push_back(plan);
  }
  int best = b.best_dominating_hybrid();
  return {{"batch", pb.batch},
          {"samples", b.samples},
          {"block_rule", b.split.equal_flop_fallback ? "equal_flop_chunks" : "single_activation_cuts"},
          {"blocks", block_list},
          {"sequential", plan_json(b.sequential, blocks)},
          {"spatial", b.spatial.groups.empty() ? Json(nullptr) : plan_json(b.spatial, blocks)},
          {"pareto", front},
          {"best_hybrid_dominating_both", best >= 0 ? Json(best) : Json(nullptr)}};
}

std::string render_json(const PartitionReport& r) {
  Json batches = Json::array();
  for (const auto& batch : r.batches) batches.push_back(batch_json(batch));
  Json out = {{"model", r.model},
              {"hardware", r.hardware},
              {"cost_model", r.cost_model},
              {"dtype", dtype_name(r.dtype)},
              {"cores", r.device.cores.count},
              {"unit_cores", r.batches.front().result.unit_cores},
              {"dram_share", dram_share_name(r.options.dram_share)},
              {"resident_share", r.options.resident_share},
              {"max_groups", r.options.max_groups > 0 ? Json(r.options.max_groups) : Json(nullptr)},
              {"batches", batches}};
  return out.dump(2) + "\n";
}

std::string csv_row(int64_t batch, const std::string& set, const PartitionPlan& plan, int blocks,
                    const PlanVerdict& verdict) {
  return fmt::format("{},{},{},{},{},{},{:.9g},{:.9g},{:.9g},{:.9g},{},{}\n", batch, set, strategy_label(plan, blocks),
                     plan_layout(plan), plan.micro_batch, plan.micro_batches, plan.latency_s, plan.period_s,
                     plan.throughput_per_s(), plan.dram_bytes,
                     verdict.dominates_sequential ? 1 : 0, verdict.dominates_spatial ? 1 : 0);
}

std::string render_csv(const PartitionReport& r) {
  std::string out = "batch,set,strategy,groups,micro_batch,micro_batches,latency_s,period_s,throughput_samples_per_s,"
                    "dram_bytes,"
                    "dominates_sequential,dominates_spatial\n";
  for (const auto& pb : r.batches) {
    const BatchPartition& b = pb.result;
    int blocks = static_cast<int>(b.split.blocks.size());
    out += csv_row(pb.batch, "sequential", b.sequential, blocks, {});
    if (!b.spatial.groups.empty()) out += csv_row(pb.batch, "spatial", b.spatial, blocks, {});
    for (size_t i = 0; i < b.front.size(); ++i) out += csv_row(pb.batch, "pareto", b.front[i], blocks, b.verdicts[i]);
  }
  return out;
}

}  // namespace

std::string plan_layout(const PartitionPlan& plan) {
  std::string out;
  for (const auto& g : plan.groups) {
    out += fmt::format("{}{}{}@{}{}", out.empty() ? "" : " | ", g.first_block,
                       g.last_block > g.first_block ? fmt::format("-{}", g.last_block) : "", g.cores,
                       residency_suffix(g.cost.residency));
  }
  return out;
}

std::string render_partition(const PartitionReport& report, const std::string& format) {
  if (format == "json") return render_json(report);
  if (format == "csv") return render_csv(report);
  return render_table(report);
}

}  // namespace tessera
