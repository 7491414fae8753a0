#pragma once
// The discrete-event engine: a clock in simulated seconds and a queue of events ordered by (time, insertion order), so
// that equal-time events always run in the order they were scheduled and a run is deterministic.
//
// The hot path is allocation-free: an event is a 32-byte POD (time, sequence number, handler index, payload) in a
// binary heap, and a handler is registered once and then addressed by index. Closures (`schedule(time, callback)`)
// are a convenience for rare events: each pending one holds a slot in a reusable table.
//
// TaskGraph runs a DAG of tasks on FIFO resources over the engine (docs/simulation.md).
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

namespace tessera {

class EventEngine {
 public:
  using HandlerId = uint32_t;
  using Handler = std::function<void(uint64_t payload)>;

  EventEngine();

  // Registers a handler called with the payload of every event scheduled on it.
  HandlerId add_handler(Handler handler);
  // Runs handler(payload) at time_s (>= now_s(); std::logic_error otherwise, or when time_s is NaN).
  void schedule(double time_s, HandlerId handler, uint64_t payload);
  // Runs callback() at time_s; for events too rare to deserve a handler.
  void schedule(double time_s, std::function<void()> callback);
  // Called whenever every event of the current instant has run, before the clock advances. A hook may schedule
  // events at now_s(): they run, and the hooks are called again. Used to make decisions that must see every event of
  // an instant first (a resource choosing among all tasks that became ready at the same time).
  void add_instant_end_hook(std::function<void()> hook);

  // Runs events until none is left.
  void run();

  double now_s() const { return now_s_; }
  bool empty() const { return heap_.empty(); }
  uint64_t events_processed() const { return events_processed_; }
  size_t pending() const { return heap_.size(); }

 private:
  struct Event {
    double time_s;
    uint64_t seq;  // insertion order: the tie-breaker for equal times
    uint64_t payload;
    HandlerId handler;
  };
  static bool later(const Event& a, const Event& b) {
    return a.time_s > b.time_s || (a.time_s == b.time_s && a.seq > b.seq);
  }
  void push(const Event& event);
  Event pop();
  void run_callback(uint64_t slot);

  std::vector<Event> heap_;
  std::vector<Handler> handlers_;
  std::vector<std::function<void()>> callbacks_;
  std::vector<uint64_t> free_callback_slots_;
  std::vector<std::function<void()>> instant_end_hooks_;
  HandlerId callback_handler_ = 0;
  double now_s_ = 0;
  uint64_t next_seq_ = 0;
  uint64_t events_processed_ = 0;
};

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
