// Exchange collectives: the recursive halving-doubling all-reduce and the pairwise all-to-all.
#include <bit>
#include <utility>
#include <vector>

#include "tessera/sim/collective_schedule.h"
#include "tessera/sim/collective_schedule_builder.h"

namespace tessera {

TaskId add_halving_doubling_all_reduce(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                                       std::span<const TaskId> deps, const CollectiveOptions& options) {
  CollectiveBuilder builder(sim, ranks, bytes, deps, options, "halving_doubling_all_reduce");
  int64_t p = builder.size();
  auto core = static_cast<int64_t>(std::bit_floor(static_cast<uint64_t>(p)));
  // Rank core + i folds its buffer into rank i first.
  std::vector<TaskId> ready(static_cast<size_t>(core), builder.start());
  for (int64_t i = 0; core + i < p; ++i) ready[i] = builder.send(core + i, i, bytes, {builder.start()});

  // Every rank holds the byte range [lo, hi) of the buffer it is responsible for; partners share theirs.
  std::vector<int64_t> lo(static_cast<size_t>(core), 0), hi(static_cast<size_t>(core), bytes);
  std::vector<TaskId> received = ready;
  std::vector<TaskId> next(static_cast<size_t>(core));
  for (int64_t distance = core / 2; distance >= 1; distance /= 2) {  // halving: keep one half, send the other
    for (int64_t r = 0; r < core; ++r) {
      int64_t mid = lo[r] + (hi[r] - lo[r]) / 2;
      bool keep_lower = (r & distance) == 0;
      int64_t sent_bytes = keep_lower ? hi[r] - mid : mid - lo[r];
      // An exchange: the partner must be ready too (a folded rank's partner has its buffer only after the fold).
      next[r ^ distance] = builder.send(r, r ^ distance, sent_bytes, {ready[r], ready[r ^ distance], received[r]});
    }
    for (int64_t r = 0; r < core; ++r) {
      int64_t mid = lo[r] + (hi[r] - lo[r]) / 2;
      ((r & distance) == 0 ? hi[r] : lo[r]) = mid;
    }
    std::swap(received, next);
  }
  for (int64_t distance = 1; distance < core; distance *= 2) {  // doubling: swap ranges, keep both
    for (int64_t r = 0; r < core; ++r) next[r ^ distance] = builder.send(r, r ^ distance, hi[r] - lo[r], {received[r]});
    for (int64_t r = 0; r < core; ++r) {
      if ((r & distance) == 0) {
        hi[r] = hi[r ^ distance];
        lo[r ^ distance] = lo[r];
      }
    }
    std::swap(received, next);
  }
  std::vector<TaskId> done = received;
  for (int64_t i = 0; core + i < p; ++i) done.push_back(builder.send(i, core + i, bytes, {received[i]}));
  return builder.join(done);
}

TaskId add_pairwise_all_to_all(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                               std::span<const TaskId> deps, const CollectiveOptions& options) {
  CollectiveBuilder builder(sim, ranks, bytes, deps, options, "pairwise_all_to_all");
  int64_t p = builder.size();
  std::vector<TaskId> sent(static_cast<size_t>(p), builder.start());
  std::vector<TaskId> received = sent;
  std::vector<TaskId> step_transfers{builder.start()};
  for (int64_t step = 1; step < p; ++step) {
    std::vector<TaskId> now_received(static_cast<size_t>(p));
    step_transfers.clear();
    for (int64_t r = 0; r < p; ++r) {
      int64_t to = (r + step) % p;
      TaskId transfer = builder.send(r, to, block_bytes(bytes, p, to), {sent[r], received[r]});
      now_received[to] = sent[r] = transfer;
      step_transfers.push_back(transfer);
    }
    received = std::move(now_received);
  }
  // Each rank's last transfers depend on all its earlier ones.
  return builder.join(step_transfers);
}

}  // namespace tessera
