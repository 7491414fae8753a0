#include "tessera/report/chrome_trace.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "tessera/core/error.h"

namespace tessera {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kPid = 1;
constexpr double kMicrosecondsPerSecond = 1e6;

// Tracks are threads 1..n (some viewers treat thread 0 specially); thread_sort_index keeps them in the given order.
Json track_metadata(const std::string& name, int track) {
  return Json{{"ph", "M"}, {"pid", kPid}, {"tid", track + 1}, {"name", "thread_name"}, {"args", {{"name", name}}}};
}

Json span_event(const TraceSpan& span, size_t tracks) {
  if (span.track < 0 || static_cast<size_t>(span.track) >= tracks) {
    throw InputError(
        fmt::format("trace span '{}': track {} does not exist ({} tracks)", span.name, span.track, tracks));
  }
  if (!std::isfinite(span.start_s) || !std::isfinite(span.end_s) || span.end_s < span.start_s) {
    throw InputError(fmt::format("trace span '{}': expected finite times with end >= start, got {} s to {} s",
                                 span.name, span.start_s, span.end_s));
  }
  Json event{{"ph", "X"},
             {"pid", kPid},
             {"tid", span.track + 1},
             {"name", span.name},
             {"ts", span.start_s * kMicrosecondsPerSecond},
             {"dur", (span.end_s - span.start_s) * kMicrosecondsPerSecond}};
  if (!span.category.empty()) event["cat"] = span.category;
  if (!span.args.empty()) event["args"] = span.args;
  return event;
}

}  // namespace

std::string chrome_trace_json(const TraceTimeline& timeline) {
  Json events = Json::array();
  events.push_back(
      Json{{"ph", "M"}, {"pid", kPid}, {"name", "process_name"}, {"args", {{"name", timeline.process_name}}}});
  for (size_t t = 0; t < timeline.tracks.size(); ++t) {
    auto track = static_cast<int>(t);
    events.push_back(track_metadata(timeline.tracks[t], track));
    events.push_back(Json{{"ph", "M"},
                          {"pid", kPid},
                          {"tid", track + 1},
                          {"name", "thread_sort_index"},
                          {"args", {{"sort_index", track}}}});
  }
  for (const TraceSpan& span : timeline.spans) events.push_back(span_event(span, timeline.tracks.size()));
  return Json{{"traceEvents", std::move(events)}, {"displayTimeUnit", "ns"}}.dump() + "\n";
}

TraceTimeline network_timeline(const NetworkSim& sim) {
  const TaskGraph& graph = sim.tasks();
  std::vector<TraceRecord> records = sim.trace();
  std::vector<int> track_of(graph.resources(), -1);
  for (const TraceRecord& record : records) track_of[record.resource] = 0;
  TraceTimeline timeline;
  timeline.process_name = "network";
  for (size_t r = 0; r < track_of.size(); ++r) {
    if (track_of[r] < 0) continue;
    track_of[r] = static_cast<int>(timeline.tracks.size());
    timeline.tracks.push_back(graph.resource_name(static_cast<ResourceId>(r)));
  }
  for (const TraceRecord& record : records) {
    std::string name = record.label == kNoLabel ? fmt::format("task {}", record.task) : graph.label(record.label);
    timeline.spans.push_back(
        TraceSpan{track_of[record.resource], std::move(name), record.start_s, record.end_s, {}, {}});
  }
  return timeline;
}

}  // namespace tessera
