#include "tessera/report/training_report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tessera/report/chrome_trace.h"
#include "tessera/report/table.h"

namespace tessera {
namespace {

using Json = nlohmann::ordered_json;

std::string gigabytes(double bytes) { return fmt::format("{:.2f} GB", bytes / 1e9); }

std::string piece_row(const char* name, const PieceCost& p) {
  std::string expert = p.ep_comm_s > 0 ? fmt::format("  EP all-to-all {:>10}", format_seconds(p.ep_comm_s)) : "";
  return fmt::format("  {:<12} forward {:>11}  backward {:>11}  of which TP all-reduce {:>10}{}  optimizer {:>10}\n",
                     name, format_seconds(p.forward_s), format_seconds(p.backward_s), format_seconds(p.tp_comm_s),
                     expert, format_seconds(p.optimizer_s));
}

Json piece_json(const PieceCost& p) {
  return {{"forward_s", p.forward_s},     {"backward_s", p.backward_s}, {"optimizer_s", p.optimizer_s},
          {"tp_comm_s", p.tp_comm_s},     {"ep_comm_s", p.ep_comm_s},   {"flops", p.flops},
          {"params", p.params},           {"expert_params", p.expert_params},
          {"activation_bytes", p.activation_bytes}};
}

}  // namespace

std::string render_training_table(const TrainingReport& report) {
  const TrainingResult& r = report.result;
  std::string out = fmt::format("{} training on {} ({}; {} cost model, {} fidelity)\n", report.model, report.system,
                                report.plan, report.cost_model, report.fidelity);
  out += fmt::format("  iteration       {}  (pipeline {})\n", format_seconds(r.iteration_s), format_seconds(r.pipeline_s));
  out += fmt::format("  throughput      {:.4g} samples/s", r.samples_per_s) +
         (r.tokens_per_s > 0 ? fmt::format(", {:.4g} tokens/s\n", r.tokens_per_s) : "\n");
  out += fmt::format("  per device      {:.1f} TFLOP/s executed (recomputation included); MFU {}\n",
                     r.flops_per_s_per_device / 1e12, format_percent(r.mfu));
  out += fmt::format("  bubble          {} of the stage devices' pipeline time idle (fill, drain and stage imbalance)\n",
                     format_percent(r.bubble_fraction));
  if (r.tasks > 0) out += fmt::format("  simulated       {} tasks\n", r.tasks);
  out += "\nper micro-batch on one tensor-parallel rank:\n";
  bool whole = r.stages.size() == 1 && r.stages[0].layers == 0;  // a model trained whole, not in layers
  out += whole ? piece_row("model", r.step.first)
               : piece_row("layer", r.step.layer) + piece_row("embeddings", r.step.first) + piece_row("head", r.step.last);

  TextTable stages({"stage", "layers", "busy", "utilization", "last backward", "DP all-reduce", "optimizer",
                    "params/rank", "memory/device"});
  for (size_t s = 0; s < r.stages.size(); ++s) {
    const StageResult& st = r.stages[s];
    stages.add_row({std::to_string(s), std::to_string(st.layers), format_seconds(st.busy_s),
                    format_percent(st.busy_s / r.iteration_s), format_seconds(st.pipeline_end_s),
                    format_seconds(st.dp_all_reduce_s), format_seconds(st.optimizer_s), si_number(st.params),
                    fmt::format("{} of {}", gigabytes(st.memory_bytes), gigabytes(r.memory_capacity_bytes))});
  }
  out += "\n" + stages.render();
  if (!r.links.empty()) {
    TextTable links({"link", "busy", "utilization"});
    for (size_t i = 0; i < r.links.size() && i < 10; ++i) {
      links.add_row({r.links[i].name, format_seconds(r.links[i].busy_s), format_percent(r.links[i].utilization)});
    }
    out += fmt::format("\nbusiest links ({} carried data):\n", r.links.size()) + links.render();
  }
  return out;
}

std::string render_training_json(const TrainingReport& report) {
  const TrainingResult& r = report.result;
  Json stages = Json::array();
  for (const auto& st : r.stages) {
    stages.push_back({{"layers", st.layers}, {"busy_s", st.busy_s}, {"pipeline_end_s", st.pipeline_end_s},
                      {"dp_all_reduce_s", st.dp_all_reduce_s}, {"optimizer_s", st.optimizer_s},
                      {"params_per_rank", st.params}, {"memory_bytes", st.memory_bytes}});
  }
  Json links = Json::array();
  for (const auto& l : r.links) links.push_back({{"name", l.name}, {"busy_s", l.busy_s}, {"utilization", l.utilization}});
  Json doc{{"model", report.model},
           {"system", report.system},
           {"parallel", report.plan},
           {"cost_model", report.cost_model},
           {"fidelity", report.fidelity},
           {"summary",
            {{"iteration_s", r.iteration_s},
             {"pipeline_s", r.pipeline_s},
             {"samples_per_s", r.samples_per_s},
             {"tokens_per_s", r.tokens_per_s},
             {"flops_per_iteration", r.flops_per_iteration},
             {"model_flops_per_iteration", r.model_flops_per_iteration},
             {"flops_per_s_per_device", r.flops_per_s_per_device},
             {"mfu", r.mfu},
             {"bubble_fraction", r.bubble_fraction},
             {"memory_capacity_bytes", r.memory_capacity_bytes}}},
           {"per_micro_batch", {{"layer", piece_json(r.step.layer)}, {"embeddings", piece_json(r.step.first)},
                                {"head", piece_json(r.step.last)}, {"boundary_bytes", r.step.boundary_bytes},
                                {"tp_all_reduce_s", r.step.tp_all_reduce_s},
                                {"ep_all_to_all_s", r.step.ep_all_to_all_s}}},
           {"stages", stages},
           {"links", links}};
  return doc.dump(2) + "\n";
}

std::string render_training_trace(const TrainingResult& result) {
  TraceTimeline timeline;
  timeline.process_name = "training iteration";
  std::vector<int> row(result.tracks.size(), -1);  // rows in track order, only those with spans (idle links stay out)
  for (const auto& span : result.trace) row.at(static_cast<size_t>(span.track)) = 0;
  for (size_t t = 0; t < row.size(); ++t) {
    if (row[t] < 0) continue;
    row[t] = static_cast<int>(timeline.tracks.size());
    timeline.tracks.push_back(result.tracks[t]);
  }
  for (const auto& span : result.trace) {
    timeline.spans.push_back({row[static_cast<size_t>(span.track)], span.name, span.start_s, span.end_s, {}, {}});
  }
  return chrome_trace_json(timeline);
}

}  // namespace tessera
