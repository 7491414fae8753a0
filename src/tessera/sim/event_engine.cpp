#include "tessera/sim/event_engine.h"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace tessera {

EventEngine::EventEngine() {
  callback_handler_ = add_handler([this](uint64_t slot) { run_callback(slot); });
}

EventEngine::HandlerId EventEngine::add_handler(Handler handler) {
  handlers_.push_back(std::move(handler));
  return static_cast<HandlerId>(handlers_.size() - 1);
}

void EventEngine::schedule(double time_s, HandlerId handler, uint64_t payload) {
  // Written so that NaN fails too.
  if (!(time_s >= now_s_)) {
    throw std::logic_error(fmt::format("event scheduled at {} s, before the current time {} s", time_s, now_s_));
  }
  push(Event{time_s, next_seq_++, payload, handler});
}

void EventEngine::schedule(double time_s, std::function<void()> callback) {
  uint64_t slot = 0;
  if (free_callback_slots_.empty()) {
    slot = callbacks_.size();
    callbacks_.push_back(std::move(callback));
  } else {
    slot = free_callback_slots_.back();
    free_callback_slots_.pop_back();
    callbacks_[slot] = std::move(callback);
  }
  schedule(time_s, callback_handler_, slot);
}

void EventEngine::add_instant_end_hook(std::function<void()> hook) { instant_end_hooks_.push_back(std::move(hook)); }

void EventEngine::run_callback(uint64_t slot) {
  // Moved out first: the callback may schedule others, which may reuse the slot or grow the table.
  std::function<void()> callback = std::move(callbacks_[slot]);
  callbacks_[slot] = nullptr;
  free_callback_slots_.push_back(slot);
  callback();
}

void EventEngine::run() {
  while (!heap_.empty()) {
    Event event = pop();
    now_s_ = event.time_s;
    handlers_[event.handler](event.payload);
    ++events_processed_;
    if (!instant_end_hooks_.empty() && (heap_.empty() || heap_.front().time_s > now_s_)) {
      for (auto& hook : instant_end_hooks_) hook();
    }
  }
}

// A binary min-heap on (time, seq), sifting a hole instead of swapping.
void EventEngine::push(const Event& event) {
  size_t hole = heap_.size();
  heap_.push_back(event);
  while (hole > 0) {
    size_t parent = (hole - 1) / 2;
    if (!later(heap_[parent], event)) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = event;
}

EventEngine::Event EventEngine::pop() {
  Event top = heap_.front();
  Event last = heap_.back();
  heap_.pop_back();
  size_t size = heap_.size();
  if (size == 0) return top;
  size_t hole = 0;
  for (;;) {
    size_t child = 2 * hole + 1;
    if (child >= size) break;
    if (child + 1 < size && later(heap_[child], heap_[child + 1])) ++child;
    if (!later(last, heap_[child])) break;
    heap_[hole] = heap_[child];
    hole = child;
  }
  heap_[hole] = last;
  return top;
}

}  // namespace tessera
