#include "tessera/sim/network_sim.h"

#include <algorithm>

#include "tessera/core/checked_math.h"
#include "tessera/core/error.h"

namespace tessera {

NetworkSim::NetworkSim(const Topology& topology, NetworkSimOptions options)
    : topology_(topology), options_(options) {
  if (options_.chunk_bytes < 1) {
    throw InputError("network sim: chunk_bytes = " + std::to_string(options_.chunk_bytes) + " (must be >= 1)");
  }
  if (options_.min_chunks < 1) {
    throw InputError("network sim: min_chunks = " + std::to_string(options_.min_chunks) + " (must be >= 1)");
  }
  for (LinkId l = 0; l < topology_.links(); ++l) graph_.add_resource(topology_.link_name(l));
}

int64_t NetworkSim::chunk_bytes(int64_t bytes) const {
  return std::max<int64_t>(1, std::min(options_.chunk_bytes, ceil_div(bytes, options_.min_chunks)));
}

TaskId NetworkSim::add_transfer(int64_t src, int64_t dst, int64_t bytes, std::span<const TaskId> deps,
                                std::string label) {
  if (bytes < 0) throw InputError("transfer " + std::to_string(src) + "->" + std::to_string(dst) +
                                  ": bytes = " + std::to_string(bytes) + " (must be >= 0)");
  route_.clear();
  topology_.append_route(src, dst, route_);
  if (label.empty()) label = std::to_string(src) + "->" + std::to_string(dst);
  LabelId label_id = graph_.add_label(std::move(label));
  if (route_.empty()) return graph_.add_task(TaskSpec{kNoResource, 0, 0, label_id}, deps);

  int64_t chunk = chunk_bytes(bytes);
  int64_t chunks = std::max<int64_t>(1, ceil_div(bytes, chunk));
  TaskId previous_injection = -1;
  TaskId last = -1;
  for (int64_t k = 0; k < chunks; ++k) {
    auto size_bytes = static_cast<double>(k + 1 < chunks ? chunk : bytes - (chunks - 1) * chunk);
    for (size_t hop = 0; hop < route_.size(); ++hop) {
      const Link& link = topology_.link(route_[hop]);
      TaskSpec spec{route_[hop], size_bytes / link.bandwidth_bytes_per_s, 0, label_id};
      if (hop > 0) {
        spec.delay_s = topology_.link(route_[hop - 1]).latency_s;  // the flight over the previous link
        last = graph_.add_task(spec, {last});
      } else if (k > 0) {
        // The source injects chunks one after another, so two transfers leaving over one link alternate chunks.
        last = previous_injection = graph_.add_task(spec, {previous_injection});
      } else {
        last = previous_injection = graph_.add_task(spec, deps);
      }
    }
  }
  // The last chunk's flight over the last link: the transfer's end is its arrival at dst.
  return graph_.add_task(TaskSpec{kNoResource, 0, topology_.link(route_.back()).latency_s, label_id}, {last});
}

std::vector<TraceRecord> NetworkSim::trace() const {
  std::vector<TraceRecord> merged;
  std::vector<int64_t> last_on(graph_.resources(), -1);
  for (const TraceRecord& record : graph_.trace()) {
    int64_t& last = last_on[record.resource];
    bool is_link = record.resource < topology_.links();
    if (is_link && last >= 0 && merged[last].label == record.label && merged[last].end_s == record.start_s) {
      merged[last].end_s = record.end_s;
      continue;
    }
    last = static_cast<int64_t>(merged.size());
    merged.push_back(record);
  }
  return merged;
}

}  // namespace tessera
