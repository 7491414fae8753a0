// Tree and chain collectives: the double binary tree all-reduce and the ring (chain) and binomial tree broadcasts.
#include <algorithm>
#include <vector>

#include "tessera/sim/collective_schedule.h"
#include "tessera/sim/collective_schedule_builder.h"

namespace tessera {
namespace {

// NCCL's ncclGetBtree (src/graph/trees.cc): rank 0 is the root with one child, odd ranks are leaves; a rank's parent
// clears its lowest set bit and sets the next one, or only clears it past the end.
int64_t btree_parent(int64_t rank, int64_t p) {
  if (rank == 0) return -1;
  int64_t bit = rank & -rank;
  int64_t up = (rank ^ bit) | (bit << 1);
  return up < p ? up : rank ^ bit;
}

// ncclGetDtree: the second tree is the first mirrored (even p) or shifted by one (odd p), so that no rank is interior
// in both trees.
std::vector<int64_t> tree_parents(int64_t p, int tree) {
  std::vector<int64_t> parent(static_cast<size_t>(p));
  for (int64_t r = 0; r < p; ++r) {
    if (tree == 0) {
      parent[r] = btree_parent(r, p);
    } else if (p % 2 == 0) {
      int64_t up = btree_parent(p - 1 - r, p);
      parent[r] = up < 0 ? -1 : p - 1 - up;
    } else {
      int64_t up = btree_parent((r - 1 + p) % p, p);
      parent[r] = up < 0 ? -1 : (up + 1) % p;
    }
  }
  return parent;
}

struct Tree {
  int64_t root = 0;
  std::vector<std::vector<int64_t>> children;
  std::vector<int64_t> parent;
  std::vector<int64_t> top_down;  // breadth first from the root: parents before children
};

Tree make_tree(int64_t p, int tree_index) {
  Tree tree;
  tree.parent = tree_parents(p, tree_index);
  tree.children.resize(static_cast<size_t>(p));
  for (int64_t r = 0; r < p; ++r) {
    if (tree.parent[r] < 0) {
      tree.root = r;
    } else {
      tree.children[tree.parent[r]].push_back(r);
    }
  }
  tree.top_down.push_back(tree.root);
  for (size_t i = 0; i < tree.top_down.size(); ++i) {
    for (int64_t child : tree.children[tree.top_down[i]]) tree.top_down.push_back(child);
  }
  return tree;
}

}  // namespace

TaskId add_double_binary_tree_all_reduce(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                                         std::span<const TaskId> deps, const CollectiveOptions& options) {
  CollectiveBuilder builder(sim, ranks, bytes, deps, options, "double_binary_tree_all_reduce");
  int64_t p = builder.size();
  if (p == 1) return builder.join({builder.start()});
  // A rank interior in one tree and a leaf in the other drives four streams of n/2 over its link (up and two down the
  // interior tree, up the leaf tree); with two ranks, two (up one tree, down the other).
  int streams_per_link = p == 2 ? 2 : 4;
  std::vector<TaskId> done;
  for (int t = 0; t < 2; ++t) {
    Tree tree = make_tree(p, t);
    int64_t half_bytes = block_bytes(bytes, 2, t);
    int64_t segments = std::clamp<int64_t>(half_bytes, 1, options.pipeline_segments);
    // up[r] / have[r]: rank r's send of the current segment to its parent / its copy of the reduced segment.
    std::vector<TaskId> up(static_cast<size_t>(p)), have(static_cast<size_t>(p));
    std::vector<TaskId> inputs;
    for (int64_t k = 0; k < segments; ++k) {
      int64_t segment_bytes = block_bytes(half_bytes, segments, k);
      for (auto it = tree.top_down.rbegin(); it != tree.top_down.rend(); ++it) {
        int64_t r = *it;
        inputs.assign(1, builder.start());
        for (int64_t child : tree.children[r]) inputs.push_back(up[child]);
        if (r == tree.root) {
          have[r] = builder.join(inputs);
          done.push_back(have[r]);
          continue;
        }
        // A leaf streams its own segments; an interior rank sends each once its children's have arrived.
        if (tree.children[r].empty()) {
          inputs.push_back(
              builder.paced_release(r, tree.parent[r], k, block_bytes(half_bytes, segments, 0), streams_per_link));
        }
        up[r] = builder.send(r, tree.parent[r], segment_bytes, inputs);
      }
      for (int64_t r : tree.top_down) {
        for (int64_t child : tree.children[r]) {
          have[child] = builder.send(r, child, segment_bytes, {have[r]});
          done.push_back(have[child]);
        }
      }
    }
  }
  return builder.join(done);
}

TaskId add_ring_broadcast(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                          std::span<const TaskId> deps, const CollectiveOptions& options) {
  CollectiveBuilder builder(sim, ranks, bytes, deps, options, "ring_broadcast");
  int64_t p = builder.size();
  int64_t segments = std::clamp<int64_t>(bytes, 1, options.pipeline_segments);
  std::vector<TaskId> done{builder.start()};
  for (int64_t k = 0; k < segments; ++k) {
    int64_t segment_bytes = block_bytes(bytes, segments, k);
    TaskId have = p > 1 ? builder.paced_release(0, 1, k, block_bytes(bytes, segments, 0), 1) : builder.start();
    for (int64_t r = 0; r + 1 < p; ++r) {
      have = builder.send(r, r + 1, segment_bytes, {have});
      done.push_back(have);
    }
  }
  return builder.join(done);
}

TaskId add_binomial_tree_broadcast(NetworkSim& sim, std::span<const int64_t> ranks, int64_t bytes,
                                   std::span<const TaskId> deps, const CollectiveOptions& options) {
  CollectiveBuilder builder(sim, ranks, bytes, deps, options, "binomial_tree_broadcast");
  int64_t p = builder.size();
  // last[r]: rank r's latest event, its receipt of the message or its last send (a rank sends one message at a time).
  std::vector<TaskId> last(static_cast<size_t>(p), builder.start());
  for (int64_t distance = 1; distance < p; distance *= 2) {
    for (int64_t r = 0; r < distance && r + distance < p; ++r) {
      TaskId sent = builder.send(r, r + distance, bytes, {last[r]});
      last[r] = last[r + distance] = sent;
    }
  }
  return builder.join(last);
}

}  // namespace tessera
