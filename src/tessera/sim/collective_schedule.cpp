// The participants of a collective (CollectiveBuilder) and the ring collectives: reduce-scatter, all-gather,
// all-reduce and the two-level hierarchical all-reduce.
#include "tessera/sim/collective_schedule.h"

#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "tessera/core/error.h"
#include "tessera/sim/collective_schedule_builder.h"

namespace tessera {

CollectiveBuilder::CollectiveBuilder(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                                     std::span<const TaskId> deps, const CollectiveOptions& options,
                                     std::string_view algorithm)
    : sim_(sim), ranks_(ranks.begin(), ranks.end()), bytes_(bytes), options_(options) {
  std::string what = fmt::format("{} over {} ranks", algorithm, ranks.size());
  if (ranks.empty()) throw InputError(what + ": expected at least one participant");
  if (bytes < 0) throw InputError(fmt::format("{}: bytes = {} (must be >= 0)", what, bytes));
  if (options.pipeline_segments < 1) {
    throw InputError(fmt::format("{}: pipeline_segments = {} (must be >= 1)", what, options.pipeline_segments));
  }
  int64_t endpoints = sim.topology().endpoints();
  std::unordered_set<int64_t> seen;
  for (int64_t endpoint : ranks) {
    if (endpoint < 0 || endpoint >= endpoints) {
      throw InputError(fmt::format("{}: endpoint {} out of range (0..{})", what, endpoint, endpoints - 1));
    }
    if (!seen.insert(endpoint).second) {
      throw InputError(fmt::format("{}: endpoint {} appears twice", what, endpoint));
    }
  }
  label_ = options.label.empty() ? std::string(algorithm) : options.label;
  start_ = join(deps);
}

TaskId CollectiveBuilder::send(int64_t from, int64_t to, int64_t bytes, std::span<const TaskId> deps) {
  return sim_.add_transfer(ranks_[from], ranks_[to], bytes, deps,
                           fmt::format("{} {}->{}", label_, ranks_[from], ranks_[to]));
}

TaskId CollectiveBuilder::join(std::span<const TaskId> tasks) { return sim_.tasks().add_task(TaskSpec{}, tasks); }

TaskId CollectiveBuilder::paced_release(int64_t from, int64_t to, int64_t segment_index, int64_t segment_bytes,
                                        int streams) {
  route_.clear();
  sim_.topology().append_route(ranks_[from], ranks_[to], route_);
  double bandwidth = route_.empty() ? 0 : sim_.topology().link(route_.front()).bandwidth_bytes_per_s;
  TaskSpec release;
  if (bandwidth > 0) {
    release.delay_s = static_cast<double>(segment_index * streams) * static_cast<double>(segment_bytes) / bandwidth;
  }
  return sim_.tasks().add_task(release, {start_});
}

int64_t block_bytes(int64_t bytes, int64_t parts, int64_t i) { return bytes / parts + (i < bytes % parts ? 1 : 0); }

namespace {

std::vector<TaskId> one_way_ring_pass(CollectiveBuilder& builder, std::span<const int64_t> members, int64_t bytes,
                                      int64_t first_block, std::span<const TaskId> ready) {
  auto p = static_cast<int64_t>(members.size());
  std::vector<TaskId> received(ready.begin(), ready.end());  // received[m]: m's receive of the previous step
  std::vector<TaskId> next(members.size());
  for (int64_t step = 0; step + 1 < p; ++step) {
    for (int64_t m = 0; m < p; ++m) {
      int64_t block = ((m + first_block - step) % p + p) % p;
      int64_t successor = (m + 1) % p;
      next[successor] = builder.send(members[m], members[successor], block_bytes(bytes, p, block),
                                     {ready[m], received[m]});
    }
    std::swap(received, next);
  }
  return received;
}

}  // namespace

std::vector<TaskId> add_ring_pass(CollectiveBuilder& builder, std::span<const int64_t> members, int64_t bytes,
                                  int64_t first_block, std::span<const TaskId> ready) {
  if (builder.options().ring_direction == RingDirection::one_way) {
    return one_way_ring_pass(builder, members, bytes, first_block, ready);
  }
  // The second half goes around the reversed ring: predecessors become successors.
  std::vector<int64_t> reversed(members.rbegin(), members.rend());
  std::vector<TaskId> reversed_ready(ready.rbegin(), ready.rend());
  std::vector<TaskId> forward = one_way_ring_pass(builder, members, bytes - bytes / 2, first_block, ready);
  std::vector<TaskId> backward = one_way_ring_pass(builder, reversed, bytes / 2, first_block, reversed_ready);
  std::vector<TaskId> done(members.size());
  for (size_t m = 0; m < members.size(); ++m) done[m] = builder.join({forward[m], backward[members.size() - 1 - m]});
  return done;
}

namespace {

std::vector<int64_t> all_ranks(const CollectiveBuilder& builder) {
  std::vector<int64_t> ranks(static_cast<size_t>(builder.size()));
  for (size_t i = 0; i < ranks.size(); ++i) ranks[i] = static_cast<int64_t>(i);
  return ranks;
}

// Reduce-scatter then all-gather over `members`, each member's all-gather starting when its reduce-scatter is done.
std::vector<TaskId> ring_all_reduce_pass(CollectiveBuilder& builder, std::span<const int64_t> members, int64_t bytes,
                                         std::span<const TaskId> ready) {
  std::vector<TaskId> scattered = add_ring_pass(builder, members, bytes, 0, ready);
  return add_ring_pass(builder, members, bytes, 1, scattered);
}

using RingPhases = std::vector<TaskId> (*)(CollectiveBuilder&, std::span<const int64_t>, int64_t,
                                           std::span<const TaskId>);

TaskId add_flat_ring(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes, std::span<const TaskId> deps,
                     const CollectiveOptions& options, std::string_view algorithm, RingPhases phases) {
  CollectiveBuilder builder(sim, ranks, bytes, deps, options, algorithm);
  std::vector<int64_t> members = all_ranks(builder);
  std::vector<TaskId> ready(members.size(), builder.start());
  return builder.join(phases(builder, members, bytes, ready));
}

}  // namespace

TaskId add_ring_all_reduce(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                           std::span<const TaskId> deps, const CollectiveOptions& options) {
  return add_flat_ring(sim, ranks, bytes, deps, options, "ring_all_reduce", ring_all_reduce_pass);
}

TaskId add_ring_reduce_scatter(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                               std::span<const TaskId> deps, const CollectiveOptions& options) {
  return add_flat_ring(sim, ranks, bytes, deps, options, "ring_reduce_scatter",
                       [](CollectiveBuilder& builder, std::span<const int64_t> members, int64_t n,
                          std::span<const TaskId> ready) { return add_ring_pass(builder, members, n, 0, ready); });
}

TaskId add_ring_all_gather(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                           std::span<const TaskId> deps, const CollectiveOptions& options) {
  return add_flat_ring(sim, ranks, bytes, deps, options, "ring_all_gather",
                       [](CollectiveBuilder& builder, std::span<const int64_t> members, int64_t n,
                          std::span<const TaskId> ready) { return add_ring_pass(builder, members, n, 1, ready); });
}

TaskId add_hierarchical_all_reduce(NetworkSim& sim, std::span<const int64_t> ranks, int64_t group_size, int64_t bytes,
                                   std::span<const TaskId> deps, const CollectiveOptions& options) {
  CollectiveBuilder builder(sim, ranks, bytes, deps, options, "hierarchical_all_reduce");
  int64_t p = builder.size();
  if (group_size < 1 || p % group_size != 0) {
    throw InputError(fmt::format("hierarchical_all_reduce over {} ranks: group_size = {} (must divide the ranks)", p,
                                 group_size));
  }
  int64_t groups = p / group_size;
  std::vector<TaskId> done(static_cast<size_t>(p), builder.start());
  // Rank g * group_size + i: member i of group g. `phase` runs over each group's members (inner) or over the ranks
  // holding share i of every group (outer), reading and updating done[].
  auto over_groups = [&](auto&& phase) {
    std::vector<int64_t> members(static_cast<size_t>(group_size));
    for (int64_t g = 0; g < groups; ++g) {
      for (int64_t i = 0; i < group_size; ++i) members[i] = g * group_size + i;
      phase(members);
    }
  };
  auto run = [&](std::span<const int64_t> members, auto&& pass) {
    std::vector<TaskId> ready(members.size());
    for (size_t m = 0; m < members.size(); ++m) ready[m] = done[members[m]];
    std::vector<TaskId> finished = pass(members, ready);
    for (size_t m = 0; m < members.size(); ++m) done[members[m]] = finished[m];
  };
  over_groups([&](std::span<const int64_t> members) {
    run(members, [&](auto m, auto r) { return add_ring_pass(builder, m, bytes, 0, r); });
  });
  std::vector<int64_t> peers(static_cast<size_t>(groups));
  for (int64_t i = 0; i < group_size; ++i) {
    for (int64_t g = 0; g < groups; ++g) peers[g] = g * group_size + i;
    // After the reduce-scatter member i owns block i + 1 of the group's buffer.
    int64_t share_bytes = block_bytes(bytes, group_size, (i + 1) % group_size);
    run(peers, [&](auto m, auto r) { return ring_all_reduce_pass(builder, m, share_bytes, r); });
  }
  over_groups([&](std::span<const int64_t> members) {
    run(members, [&](auto m, auto r) { return add_ring_pass(builder, m, bytes, 1, r); });
  });
  return builder.join(done);
}

}  // namespace tessera
