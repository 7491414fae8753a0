#include "tessera/sim/pipeline_schedule.h"

#include <algorithm>

namespace tessera {
namespace {

// Megatron-LM's interleaved order: the k-th forward (backward) of a device is micro-batch (k / (p v)) p + k % p of
// chunk (k / p) % v (backward: v - 1 - that), so p micro-batches pass through one chunk before the next chunk.
PipelinePass interleaved_pass(const ParallelPlan& plan, int64_t k, bool forward) {
  int64_t p = plan.pp, v = plan.chunks;
  int64_t group = k / (p * v), chunk = (k / p) % v;
  return {group * p + k % p, forward ? chunk : v - 1 - chunk, forward};
}

PipelinePass one_chunk_pass(int64_t k, bool forward) { return {k, 0, forward}; }

}  // namespace

std::vector<PipelinePass> pipeline_order(const ParallelPlan& plan, int64_t stage) {
  int64_t m = plan.micro_batches, p = plan.pp;
  bool interleaved = plan.schedule == PipelineSchedule::interleaved;
  int64_t total = m * (interleaved ? plan.chunks : 1);  // forwards (and backwards) on this device
  auto pass = [&](int64_t k, bool forward) {
    return interleaved ? interleaved_pass(plan, k, forward) : one_chunk_pass(k, forward);
  };
  int64_t warmup = total;  // gpipe: all forwards first
  if (plan.schedule == PipelineSchedule::one_f_one_b) warmup = std::min(p - stage - 1, total);
  if (interleaved) warmup = std::min((p - stage - 1) * 2 + (plan.chunks - 1) * p, total);
  std::vector<PipelinePass> order;
  order.reserve(static_cast<size_t>(2 * total));
  int64_t forwards = 0, backwards = 0;
  for (; forwards < warmup; ++forwards) order.push_back(pass(forwards, true));
  while (forwards < total) {
    order.push_back(pass(forwards++, true));
    order.push_back(pass(backwards++, false));
  }
  while (backwards < total) order.push_back(pass(backwards++, false));
  return order;
}

}  // namespace tessera
