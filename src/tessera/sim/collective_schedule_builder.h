#pragma once
// Internal to the collective schedules: the participants of one collective on a NetworkSim and the few operations
// every algorithm is written with (a transfer between two ranks, a join, a paced segment release, a ring pass).
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/sim/collective_schedule.h"

namespace tessera {

class CollectiveBuilder {
 public:
  // Validates the input (InputError naming `algorithm`) and adds the start task: the join of `deps`.
  CollectiveBuilder(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes, std::span<const TaskId> deps,
                    const CollectiveOptions& options, std::string_view algorithm);

  int64_t size() const { return static_cast<int64_t>(ranks_.size()); }
  int64_t bytes() const { return bytes_; }
  const CollectiveOptions& options() const { return options_; }
  // Ends when the collective may start.
  TaskId start() const { return start_; }

  // `bytes` from rank `from` to rank `to` (indices into ranks) once every task of `deps` has ended.
  TaskId send(int64_t from, int64_t to, int64_t bytes, std::span<const TaskId> deps);
  TaskId send(int64_t from, int64_t to, int64_t bytes, std::initializer_list<TaskId> deps) {
    return send(from, to, bytes, std::span<const TaskId>(deps.begin(), deps.size()));
  }
  // A task (no resource, no time) that ends when every task of `tasks` has.
  TaskId join(std::span<const TaskId> tasks);
  TaskId join(std::initializer_list<TaskId> tasks) {
    return join(std::span<const TaskId>(tasks.begin(), tasks.size()));
  }
  // Ends `segment_index` x segment_bytes x streams / b after start(), b the bandwidth of the first link from `from` to
  // `to`: a rank streaming its own segments releases each at the rate its share of the link drains them (`streams`:
  // the streams of the algorithm sharing that link). Released together they would share the link chunk by chunk and
  // all arrive late; released at the link's full rate they would crowd out the streams they share it with.
  TaskId paced_release(int64_t from, int64_t to, int64_t segment_index, int64_t segment_bytes, int streams);

 private:
  NetworkSim& sim_;
  std::vector<int64_t> ranks_;
  int64_t bytes_;
  CollectiveOptions options_;
  std::string label_;
  TaskId start_ = -1;
  std::vector<LinkId> route_;  // scratch
};

// Block i of `bytes` cut into `parts` near-equal blocks (the first bytes % parts get one byte more).
int64_t block_bytes(int64_t bytes, int64_t parts, int64_t i);

// One ring pass among `members` (rank indices, in ring order) over a buffer of `bytes`, in the builder's ring
// direction: p-1 steps, in step k member m sends block (m + first_block - k) mod p of bytes/p to its successor once
// it is ready and has received step k-1's block (reduce-scatter: first_block 0; all-gather: 1, the block it owns).
// ready[m]: when member m may start; returns when each member has received its last block (ready[m] when p = 1).
std::vector<TaskId> add_ring_pass(CollectiveBuilder& builder, std::span<const int64_t> members, int64_t bytes,
                                  int64_t first_block, std::span<const TaskId> ready);

}  // namespace tessera
