#pragma once
// The discrete-event engine: a clock in simulated seconds and a queue of events ordered by (time, insertion order), so
// that equal-time events always run in the order they were scheduled and a run is deterministic.
//
// The hot path is allocation-free: an event is a 32-byte POD (time, sequence number, handler index, payload) in a
// binary heap, and a handler is registered once and then addressed by index. Closures (`schedule(time, callback)`)
// are a convenience for rare events: each pending one holds a slot in a reusable table.
#include <cstdint>
#include <functional>
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

}  // namespace tessera
