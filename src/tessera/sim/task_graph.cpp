#include "tessera/sim/task_graph.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "tessera/core/error.h"

namespace tessera {

namespace {
// Task ids and dependency offsets are 32-bit.
constexpr size_t kMaxCount = std::numeric_limits<int32_t>::max();
}  // namespace

TaskGraph::TaskGraph() {
  release_handler_ = engine_.add_handler([this](uint64_t task) { on_release(static_cast<TaskId>(task)); });
  deliver_handler_ = engine_.add_handler([this](uint64_t task) { on_deliver(static_cast<TaskId>(task)); });
  arrive_handler_ = engine_.add_handler([this](uint64_t task) { arrive(static_cast<TaskId>(task)); });
  engine_.add_instant_end_hook([this] { dispatch(); });
}

ResourceId TaskGraph::add_resource(std::string name, int servers) {
  if (servers < 1) {
    throw InputError("resource '" + name + "': servers = " + std::to_string(servers) + " (must be >= 1)");
  }
  Resource resource;
  resource.name = std::move(name);
  resource.servers = resource.free_servers = servers;
  resources_.push_back(std::move(resource));
  return static_cast<ResourceId>(resources_.size() - 1);
}

LabelId TaskGraph::add_label(std::string text) {
  labels_.push_back(std::move(text));
  return static_cast<LabelId>(labels_.size() - 1);
}

TaskId TaskGraph::add_task(const TaskSpec& task, std::span<const TaskId> deps) {
  if (ran_) throw std::logic_error("TaskGraph::add_task after run()");
  auto id = static_cast<TaskId>(specs_.size());
  auto fail = [id](const std::string& message) { throw InputError("task " + std::to_string(id) + ": " + message); };
  if (!(task.duration_s >= 0) || !std::isfinite(task.duration_s)) {
    fail(fmt::format("duration_s = {} (must be finite and >= 0)", task.duration_s));
  }
  if (!(task.delay_s >= 0) || !std::isfinite(task.delay_s)) {
    fail(fmt::format("delay_s = {} (must be finite and >= 0)", task.delay_s));
  }
  if (task.resource != kNoResource && (task.resource < 0 || static_cast<size_t>(task.resource) >= resources_.size())) {
    fail(fmt::format("resource {} does not exist ({} resources)", task.resource, resources_.size()));
  }
  if (task.label != kNoLabel && (task.label < 0 || static_cast<size_t>(task.label) >= labels_.size())) {
    fail(fmt::format("label {} does not exist", task.label));
  }
  for (TaskId dep : deps) {
    if (dep < 0 || dep >= id) fail(fmt::format("dependency {} is not an earlier task (0..{})", dep, id - 1));
  }
  if (specs_.size() >= kMaxCount || deps_.size() + deps.size() >= kMaxCount) {
    fail(fmt::format("a task graph holds at most {} tasks and {} dependencies", kMaxCount, kMaxCount));
  }
  specs_.push_back(task);
  deps_.insert(deps_.end(), deps.begin(), deps.end());
  dep_begin_.push_back(static_cast<int32_t>(deps_.size()));
  // The per-task run state is allocated here, so that run() only runs.
  pending_deps_.push_back(static_cast<int32_t>(deps.size()));
  start_s_.push_back(0);
  end_s_.push_back(0);
  succ_begin_.push_back(0);
  for (TaskId dep : deps) ++succ_begin_[dep];  // counts for now; build_successors() turns them into offsets
  return id;
}

void TaskGraph::reserve(size_t tasks, size_t deps) {
  size_t n = specs_.size() + tasks;
  specs_.reserve(n);
  dep_begin_.reserve(n + 1);
  deps_.reserve(deps_.size() + deps);
  pending_deps_.reserve(n);
  start_s_.reserve(n);
  end_s_.reserve(n);
  succ_begin_.reserve(n + 1);
}

void TaskGraph::build_successors() {
  size_t n = specs_.size();
  for (size_t t = 1; t < n; ++t) succ_begin_[t] += succ_begin_[t - 1];  // succ_begin_[t]: the end of t's successors
  succ_begin_[n] = static_cast<int32_t>(deps_.size());
  succ_.resize(deps_.size());
  // Filled backwards so that each task's successors end up in ascending order and succ_begin_[t] at their start.
  for (size_t t = n; t-- > 0;) {
    for (int32_t i = dep_begin_[t]; i < dep_begin_[t + 1]; ++i) succ_[--succ_begin_[deps_[i]]] = static_cast<TaskId>(t);
  }
}

void TaskGraph::run() {
  if (ran_) throw std::logic_error("TaskGraph::run called twice");
  ran_ = true;
  build_successors();
  auto n = static_cast<TaskId>(specs_.size());
  for (TaskId t = 0; t < n; ++t) {
    if (pending_deps_[t] == 0) make_ready(t);
  }
  dispatch();  // the engine calls it after each instant; the first instant's ready tasks are known only here
  engine_.run();
  for (TaskId t = 0; t < n; ++t) makespan_s_ = std::max(makespan_s_, end_s_[t]);
}

void TaskGraph::make_ready(TaskId task) {
  const TaskSpec& spec = specs_[task];
  if (spec.resource == kNoResource) {
    start(task);  // nothing to wait for: the delay is part of its time
  } else if (spec.delay_s > 0) {
    engine_.schedule(engine_.now_s() + spec.delay_s, arrive_handler_, static_cast<uint64_t>(task));
  } else {
    arrive(task);
  }
}

void TaskGraph::arrive(TaskId task) {
  ResourceId r = specs_[task].resource;
  Resource& resource = resources_[r];
  resource.queue.push(Waiting{engine_.now_s(), task});
  if (!resource.dirty) {
    resource.dirty = true;
    dirty_resources_.push_back(r);
  }
}

void TaskGraph::start(TaskId task) {
  const TaskSpec& spec = specs_[task];
  double start_s = engine_.now_s();
  if (spec.resource == kNoResource) start_s += spec.delay_s;
  start_s_[task] = start_s;
  end_s_[task] = start_s + spec.duration_s;
  engine_.schedule(end_s_[task], spec.resource == kNoResource ? deliver_handler_ : release_handler_,
                   static_cast<uint64_t>(task));
}

void TaskGraph::on_release(TaskId task) {
  ResourceId r = specs_[task].resource;
  Resource& resource = resources_[r];
  ++resource.free_servers;
  if (!resource.queue.empty() && !resource.dirty) {
    resource.dirty = true;
    dirty_resources_.push_back(r);
  }
  on_deliver(task);
}

void TaskGraph::on_deliver(TaskId task) {
  for (int32_t i = succ_begin_[task]; i < succ_begin_[task + 1]; ++i) {
    TaskId succ = succ_[i];
    if (--pending_deps_[succ] == 0) make_ready(succ);
  }
}

void TaskGraph::WaitQueue::push(Waiting item) {
  items_.push_back(item);
  // Among tasks arriving at the same time, the lower id goes first.
  for (size_t i = items_.size() - 1; i > head_; --i) {
    Waiting& before = items_[i - 1];
    if (before.arrival_s != item.arrival_s || before.task < item.task) break;
    std::swap(before, items_[i]);
  }
}

TaskId TaskGraph::WaitQueue::pop() {
  TaskId task = items_[head_++].task;
  if (head_ == items_.size()) {
    items_.clear();
    head_ = 0;
  } else if (head_ >= 1024 && head_ * 2 >= items_.size()) {
    // Reclaims the served front of a queue that never drains, keeping the capacity.
    items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
  return task;
}

// Gives free servers to waiting tasks once every event of the instant has run, so that all tasks ready at the same
// time compete in task-id order.
void TaskGraph::dispatch() {
  for (ResourceId r : dirty_resources_) {
    Resource& resource = resources_[r];
    resource.dirty = false;
    while (resource.free_servers > 0 && !resource.queue.empty()) {
      TaskId task = resource.queue.pop();
      --resource.free_servers;
      resource.busy_s += specs_[task].duration_s;
      start(task);
    }
  }
  dirty_resources_.clear();
}

std::vector<TraceRecord> TaskGraph::trace() const {
  std::vector<TraceRecord> records;
  if (!ran_) return records;
  for (size_t t = 0; t < specs_.size(); ++t) {
    const TaskSpec& spec = specs_[t];
    if (spec.resource == kNoResource) continue;
    records.push_back(TraceRecord{spec.resource, spec.label, static_cast<TaskId>(t), start_s_[t], end_s_[t]});
  }
  std::stable_sort(records.begin(), records.end(),
                   [](const TraceRecord& a, const TraceRecord& b) { return a.start_s < b.start_s; });
  return records;
}

}  // namespace tessera
