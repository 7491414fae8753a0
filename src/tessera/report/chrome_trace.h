#pragma once
// Timelines as Chrome trace-event JSON (the Trace Event Format that Perfetto's UI and chrome://tracing open): every
// track is one named row, every span a complete ("ph":"X") event on it. Same timeline, byte-identical output.
#include <map>
#include <string>
#include <vector>

#include "tessera/sim/network_sim.h"

namespace tessera {

struct TraceSpan {
  int track = 0;  // index into TraceTimeline::tracks
  std::string name;
  double start_s = 0;
  double end_s = 0;
  std::string category;                     // "cat" when not empty
  std::map<std::string, std::string> args;  // shown when the span is selected; sorted by key
};

struct TraceTimeline {
  std::string process_name = "tessera";  // the group the rows appear under
  std::vector<std::string> tracks;       // row names, shown in this order
  std::vector<TraceSpan> spans;
};

// {"traceEvents": [process and thread name metadata, then one "X" event per span in the given order],
//  "displayTimeUnit": "ns"}; ts and dur in microseconds, as the format requires. Throws InputError for a span on a
// track that does not exist, or with a non-finite start or an end before its start.
std::string chrome_trace_json(const TraceTimeline& timeline);

// A simulated network's trace (NetworkSim::trace(): chunks of one transfer merged per link): one track per link or
// resource that carried something, in resource order; spans named by the transfer or task label.
TraceTimeline network_timeline(const NetworkSim& sim);

}  // namespace tessera
