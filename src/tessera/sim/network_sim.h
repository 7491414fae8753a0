#pragma once
// Transfers over a topology, simulated chunk by chunk on the TaskGraph (docs/simulation.md). A transfer of B bytes is
// cut into chunks; a chunk holds each link of the route in turn for chunk_bytes / bandwidth (store-and-forward per
// chunk) and reaches the next link the link's latency later. Every directed link is a FIFO resource, so transfers
// sharing a link interleave chunk by chunk and share its bandwidth. The source injects one chunk at a time.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "tessera/sim/task_graph.h"
#include "tessera/sim/topology.h"

namespace tessera {

struct NetworkSimOptions {
  // The largest chunk: caps the tasks of a big transfer at bytes / 1 MiB per hop.
  int64_t chunk_bytes = int64_t{1} << 20;
  // A transfer is cut into at least this many chunks (when it has that many bytes): store-and-forward then costs at
  // most (hops - 1) / min_chunks of the transfer's serialization time more than ideal cut-through.
  int64_t min_chunks = 16;
};

class NetworkSim {
 public:
  // Link l of the topology is resource l of tasks(). The topology must outlive the simulation.
  explicit NetworkSim(const Topology& topology, NetworkSimOptions options = {});

  // A transfer of `bytes` from src to dst that starts once every dependency (a transfer or a task of tasks()) has
  // ended. Returns the task whose end is the transfer's: the last byte's arrival at dst. A transfer to itself
  // finishes with its dependencies; one of 0 bytes pays the route's latency. Throws InputError for negative bytes or
  // endpoints out of range.
  TaskId add_transfer(int64_t src, int64_t dst, int64_t bytes, std::span<const TaskId> deps = {},
                      std::string label = {});
  TaskId add_transfer(int64_t src, int64_t dst, int64_t bytes, std::initializer_list<TaskId> deps,
                      std::string label = {}) {
    return add_transfer(src, dst, bytes, std::span<const TaskId>(deps.begin(), deps.size()), std::move(label));
  }
  // The bytes of each chunk of a transfer of `bytes` (the last one smaller).
  int64_t chunk_bytes(int64_t bytes) const;

  // Compute tasks and extra resources (DRAM channels, engines) that transfers depend on or that depend on transfers.
  TaskGraph& tasks() { return graph_; }
  const TaskGraph& tasks() const { return graph_; }
  const Topology& topology() const { return topology_; }

  void run() { graph_.run(); }

  double finish_time_s(TaskId transfer) const { return graph_.end_s(transfer); }
  double makespan_s() const { return graph_.makespan_s(); }
  // Seconds the link carried data; link_busy_s / makespan_s is its utilization.
  double link_busy_s(LinkId link) const { return graph_.busy_s(link); }
  // TaskGraph::trace() with back-to-back chunks of one transfer on one link merged into one record.
  std::vector<TraceRecord> trace() const;

 private:
  const Topology& topology_;
  NetworkSimOptions options_;
  TaskGraph graph_;
  std::vector<LinkId> route_;  // scratch, reused by every add_transfer
};

}  // namespace tessera
