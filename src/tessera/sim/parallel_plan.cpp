#include "tessera/sim/parallel_plan.h"

#include <algorithm>
#include <charconv>

#include "tessera/core/error.h"
#include "tessera/core/key_values.h"

namespace tessera {

std::string_view schedule_name(PipelineSchedule schedule) {
  switch (schedule) {
    case PipelineSchedule::gpipe: return "gpipe";
    case PipelineSchedule::one_f_one_b: return "1f1b";
    case PipelineSchedule::interleaved: return "interleaved";
  }
  return "?";
}

namespace {

PipelineSchedule parse_schedule(const std::string& text, const std::string& what) {
  for (auto s : {PipelineSchedule::gpipe, PipelineSchedule::one_f_one_b, PipelineSchedule::interleaved}) {
    if (text == schedule_name(s)) return s;
  }
  throw InputError(what + ": unknown schedule '" + text + "' (known: gpipe, 1f1b, interleaved)");
}

Recompute parse_recompute(const std::string& text, const std::string& what) {
  if (text == "none") return Recompute::none;
  if (text == "selective") return Recompute::selective;
  if (text == "full") return Recompute::full;
  throw InputError(what + ": unknown recompute '" + text + "' (known: none, selective, full)");
}

// "even", "balanced" or counts "a/b/..." (whole numbers >= 1, `stages` of them).
void parse_partition(const std::string& text, int64_t stages, const std::string& what, ParallelPlan& plan) {
  if (text == "even" || text == "balanced") {
    plan.partition = text == "even" ? StagePartition::even : StagePartition::balanced;
    return;
  }
  plan.partition = StagePartition::explicit_counts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find('/', start), text.size());
    std::string item = text.substr(start, end - start);
    int64_t layers = 0;
    auto [ptr, error] = std::from_chars(item.data(), item.data() + item.size(), layers);
    if (item.empty() || error != std::errc() || ptr != item.data() + item.size() || layers < 1 || layers > (1 << 20)) {
      throw InputError(what + ": partition=" + text + ": '" + item + "' is not a layer count (expected even, balanced "
                       "or whole numbers >= 1 separated by '/', one per virtual stage)");
    }
    plan.stage_layers.push_back(layers);
    start = end + 1;
  }
  if (static_cast<int64_t>(plan.stage_layers.size()) != stages) {
    throw InputError(what + ": partition=" + text + " gives " + std::to_string(plan.stage_layers.size()) +
                     " layer counts for pp x chunks = " + std::to_string(stages) + " virtual stages");
  }
}

}  // namespace

ParallelPlan parse_parallel_plan(const std::string& text, int64_t global_batch) {
  std::string what = "--parallel '" + text + "'";
  KeyValues values(text, what);
  ParallelPlan plan;
  constexpr int64_t kMaxDegree = 1 << 20;  // ranks per dimension; the products stay far from overflow
  plan.dp = values.integer("dp", 1, 1, kMaxDegree);
  plan.tp = values.integer("tp", 1, 1, kMaxDegree);
  plan.pp = values.integer("pp", 1, 1, kMaxDegree);
  plan.ep = values.integer("ep", 1, 1, kMaxDegree);
  plan.micro_batch_size = values.integer("mbs", 1, 1, kMaxDegree);
  plan.schedule = parse_schedule(values.text("schedule", "1f1b"), what);
  plan.chunks = values.integer("chunks", plan.schedule == PipelineSchedule::interleaved ? 2 : 1, 1, 1024);
  plan.zero_stage = static_cast<int>(values.integer("zero", 0, 0, 3));
  plan.sequence_parallel = values.integer("sp", 0, 0, 1) == 1;
  plan.recompute = parse_recompute(values.text("recompute", "none"), what);
  std::string partition = values.text("partition", "even");
  bool given_micro = values.has("micro");
  plan.micro_batches = values.integer("micro", 1, 1, kMaxDegree);
  values.reject_unknown();
  if (plan.devices() > kMaxDegree * 16) {
    throw InputError(what + ": dp x tp x pp = " + std::to_string(plan.devices()) + " devices is beyond any system");
  }
  if (plan.schedule == PipelineSchedule::interleaved && (plan.chunks < 2 || plan.pp < 2)) {
    throw InputError(what + ": the interleaved schedule needs pp >= 2 and chunks >= 2 (else use 1f1b)");
  }
  parse_partition(partition, plan.pp * plan.chunks, what, plan);
  if (plan.sequence_parallel && plan.tp < 2) throw InputError(what + ": sp=1 needs tp >= 2 (it splits the tp group)");
  if (plan.chunks > 1 && plan.schedule != PipelineSchedule::interleaved) {
    throw InputError(what + ": chunks > 1 needs schedule=interleaved");
  }
  if (plan.zero_stage >= 2 && plan.pp > 1) {
    throw InputError(what + ": zero=" + std::to_string(plan.zero_stage) + " shards gradients across micro-batches, "
                     "which pipeline parallelism accumulates: use zero <= 1 with pp > 1 (as DeepSpeed requires)");
  }
  int64_t per_micro = plan.dp * plan.micro_batch_size;
  if (given_micro && global_batch > 0 && plan.micro_batches * per_micro != global_batch) {
    throw InputError(what + ": --batch " + std::to_string(global_batch) + " is not dp x micro x mbs = " +
                     std::to_string(plan.micro_batches * per_micro) + " (give one or make them agree)");
  }
  if (!given_micro && global_batch > 0) {
    if (global_batch % per_micro != 0) {
      throw InputError(what + ": batch " + std::to_string(global_batch) + " is not a multiple of dp x mbs = " +
                       std::to_string(per_micro) + " (set --batch, or micro= in --parallel)");
    }
    plan.micro_batches = global_batch / per_micro;
  }
  if (plan.schedule == PipelineSchedule::interleaved && plan.micro_batches % plan.pp != 0) {
    throw InputError(what + ": the interleaved schedule needs micro-batches (" + std::to_string(plan.micro_batches) +
                     ") to be a multiple of pp (" + std::to_string(plan.pp) + ")");
  }
  return plan;
}

}  // namespace tessera
