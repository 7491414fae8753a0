#pragma once
// A DAG of tasks on FIFO resources, run over the EventEngine (docs/simulation.md): compute units, links and DRAM
// channels are resources; a task holds one server of its resource for its duration once its dependencies have ended.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "tessera/sim/event_engine.h"

namespace tessera {

using TaskId = int32_t;
using ResourceId = int32_t;
using LabelId = int32_t;
inline constexpr ResourceId kNoResource = -1;
inline constexpr LabelId kNoLabel = -1;

struct TaskSpec {
  ResourceId resource = kNoResource;  // kNoResource: a pure delay that never queues
  double duration_s = 0;              // how long it holds one server of `resource`
  // From its dependencies' end to its arrival at the resource's queue, holding nothing (a wire's flight time).
  double delay_s = 0;
  LabelId label = kNoLabel;
};

// One task's stay on a resource.
struct TraceRecord {
  ResourceId resource;
  LabelId label;
  TaskId task;
  double start_s;
  double end_s;
};

// Tasks with dependencies on resources. A resource is a FIFO server with `servers` identical servers (a compute unit,
// a link, a DRAM channel). A task arrives delay_s after its last dependency has ended; it then waits
// for a free server of its resource, first come first served, equal arrival times in task-id order; it holds the
// server for duration_s. Dependencies must be tasks added before, so the graph is acyclic by construction.
// Build, run() once, then read the times.
class TaskGraph {
 public:
  TaskGraph();
  TaskGraph(const TaskGraph&) = delete;  // the engine's handlers point at this object
  TaskGraph& operator=(const TaskGraph&) = delete;

  ResourceId add_resource(std::string name, int servers = 1);
  LabelId add_label(std::string text);
  // Throws InputError for a negative or non-finite duration or delay, an unknown resource or dependency.
  TaskId add_task(const TaskSpec& task, std::span<const TaskId> deps = {});
  TaskId add_task(const TaskSpec& task, std::initializer_list<TaskId> deps) {
    return add_task(task, std::span<const TaskId>(deps.begin(), deps.size()));
  }

  // Reserves room for this many more tasks and dependencies (a large graph then builds without reallocations).
  void reserve(size_t tasks, size_t deps);

  void run();

  double start_s(TaskId task) const { return start_s_.at(task); }
  double end_s(TaskId task) const { return end_s_.at(task); }
  double makespan_s() const { return makespan_s_; }
  // Server-seconds the resource was held (busy_s / (servers * makespan_s) is its utilization).
  double busy_s(ResourceId resource) const { return resources_.at(resource).busy_s; }
  // Every task that held a resource, by start time (ties by task id).
  std::vector<TraceRecord> trace() const;

  size_t tasks() const { return specs_.size(); }
  size_t resources() const { return resources_.size(); }
  const TaskSpec& task(TaskId task) const { return specs_.at(task); }
  const std::string& resource_name(ResourceId resource) const { return resources_.at(resource).name; }
  int servers(ResourceId resource) const { return resources_.at(resource).servers; }
  const std::string& label(LabelId label) const { return labels_.at(label); }
  EventEngine& engine() { return engine_; }
  const EventEngine& engine() const { return engine_; }

 private:
  struct Waiting {
    double arrival_s;
    TaskId task;
  };
  // Tasks arrive in time order, so a FIFO with equal arrival times kept in task-id order is the whole queue
  // discipline: O(1) per task where a heap would cost O(log waiting).
  class WaitQueue {
   public:
    bool empty() const { return head_ == items_.size(); }
    void push(Waiting item);
    TaskId pop();

   private:
    std::vector<Waiting> items_;
    size_t head_ = 0;
  };
  struct Resource {
    std::string name;
    int servers = 1;
    int free_servers = 1;
    double busy_s = 0;
    bool dirty = false;  // a server freed or a task arrived during this instant
    WaitQueue queue;
  };

  void build_successors();
  void make_ready(TaskId task);
  void arrive(TaskId task);
  void start(TaskId task);
  void on_release(TaskId task);
  void on_deliver(TaskId task);
  void dispatch();

  EventEngine engine_;
  EventEngine::HandlerId release_handler_ = 0;
  EventEngine::HandlerId deliver_handler_ = 0;
  EventEngine::HandlerId arrive_handler_ = 0;
  std::vector<TaskSpec> specs_;
  std::vector<int32_t> dep_begin_{0};  // task t's dependencies: deps_[dep_begin_[t] .. dep_begin_[t + 1])
  std::vector<TaskId> deps_;
  std::vector<int32_t> succ_begin_{0};  // the same layout for successors, built by run()
  std::vector<TaskId> succ_;
  std::vector<int32_t> pending_deps_;
  std::vector<double> start_s_;
  std::vector<double> end_s_;
  std::vector<Resource> resources_;
  std::vector<ResourceId> dirty_resources_;
  std::vector<std::string> labels_;
  double makespan_s_ = 0;
  bool ran_ = false;
};

}  // namespace tessera
