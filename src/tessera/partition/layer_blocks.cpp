#include "tessera/partition/layer_blocks.h"

#include <algorithm>
#include <cctype>

namespace tessera {
namespace {

// "layers.3.attn.q_proj" -> "layers.3"; "" when no dotted component is all digits.
std::string numbered_scope(const std::string& name) {
  size_t end = std::string::npos;
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    size_t stop = dot == std::string::npos ? name.size() : dot;
    bool digits = stop > start && std::all_of(name.begin() + start, name.begin() + stop,
                                              [](unsigned char c) { return std::isdigit(c) != 0; });
    if (digits) end = stop;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return end == std::string::npos ? "" : name.substr(0, end);
}

// crossing[p]: activations produced at positions <= p and consumed after p, for the cut after position p.
std::vector<int> crossing_counts(const Graph& graph, const std::vector<int>& order) {
  std::vector<int> position(graph.op_count(), 0), last_use(graph.tensor_count(), -1);
  for (size_t step = 0; step < order.size(); ++step) {
    position[order[step]] = static_cast<int>(step);
    for (int t : graph.op(order[step]).inputs) last_use[t] = static_cast<int>(step);
  }
  std::vector<int> delta(order.size() + 1, 0);
  for (size_t t = 0; t < graph.tensor_count(); ++t) {
    int producer = graph.producer(static_cast<int>(t));
    if (producer < 0 || graph.tensor(static_cast<int>(t)).role == TensorRole::weight) continue;
    int born = position[producer];
    if (last_use[t] > born) {
      ++delta[born];
      --delta[last_use[t]];
    }
  }
  std::vector<int> crossing(order.size(), 0);
  int live = 0;
  for (size_t p = 0; p < order.size(); ++p) crossing[p] = live += delta[p];
  return crossing;
}

LayerBlock make_block(const Graph& graph, const std::vector<int>& order, size_t begin, size_t end) {
  LayerBlock block;
  block.ops.assign(order.begin() + static_cast<long>(begin), order.begin() + static_cast<long>(end));
  std::string scope = numbered_scope(graph.op(block.ops.front()).name);
  bool shared = !scope.empty();
  for (int id : block.ops) {
    block.flops += graph.op(id).flops();
    shared = shared && numbered_scope(graph.op(id).name) == scope;
  }
  const std::string& first = graph.op(block.ops.front()).name;
  const std::string& last = graph.op(block.ops.back()).name;
  block.name = shared ? scope : first == last ? first : first + ".." + last;
  return block;
}

// The scope a segment belongs to: that of its op with the most FLOPs (the first on ties).
std::string segment_scope(const Graph& graph, const std::vector<int>& order, size_t begin, size_t end) {
  size_t heaviest = begin;
  for (size_t p = begin; p < end; ++p) {
    if (graph.op(order[p]).flops() > graph.op(order[heaviest]).flops()) heaviest = p;
  }
  return numbered_scope(graph.op(order[heaviest]).name);
}

// Block starts (positions in `order`) from the segments' starts, merged by numbered scope.
std::vector<size_t> scoped_starts(const Graph& graph, const std::vector<int>& order,
                                  const std::vector<size_t>& segment_starts) {
  std::vector<size_t> starts;
  std::string previous;
  for (size_t s = 0; s < segment_starts.size(); ++s) {
    size_t end = s + 1 < segment_starts.size() ? segment_starts[s + 1] : order.size();
    std::string scope = segment_scope(graph, order, segment_starts[s], end);
    if (s == 0 || scope != previous) starts.push_back(segment_starts[s]);
    previous = scope;
  }
  return starts;
}

// kFallbackBlocks starts (fewer for small graphs) splitting the FLOPs about equally (op counts when there are none).
std::vector<size_t> equal_flop_starts(const Graph& graph, const std::vector<int>& order) {
  size_t chunks = std::min<size_t>(kFallbackBlocks, order.size());
  std::vector<double> cumulative{0};
  for (int id : order) cumulative.push_back(cumulative.back() + static_cast<double>(graph.op(id).flops()));
  bool by_flops = cumulative.back() > 0;
  std::vector<size_t> starts{0};
  for (size_t j = 1; j < chunks; ++j) {
    double target = (by_flops ? cumulative.back() : static_cast<double>(order.size())) * j / chunks;
    size_t p = starts.back() + 1;
    while (p < order.size() - (chunks - j) && (by_flops ? cumulative[p] : static_cast<double>(p)) < target) ++p;
    starts.push_back(p);
  }
  return starts;
}

}  // namespace

BlockSplit split_into_blocks(const Graph& graph) {
  BlockSplit split;
  std::vector<int> order = graph.topological_order();
  if (order.empty()) return split;
  std::vector<int> crossing = crossing_counts(graph, order);
  std::vector<size_t> segment_starts{0};
  for (size_t p = 0; p + 1 < order.size(); ++p) {
    if (crossing[p] <= 1) segment_starts.push_back(p + 1);
  }
  split.equal_flop_fallback = segment_starts.size() == 1 && order.size() > 1;
  std::vector<size_t> starts = split.equal_flop_fallback ? equal_flop_starts(graph, order)
                                                         : scoped_starts(graph, order, segment_starts);
  while (starts.size() > static_cast<size_t>(kMaxBlocks)) {
    // Merge the adjacent pair with the fewest FLOPs: drop the start of its second block.
    size_t best = 1;
    double fewest = -1;
    for (size_t b = 1; b < starts.size(); ++b) {
      size_t end = b + 1 < starts.size() ? starts[b + 1] : order.size();
      double flops = 0;
      for (size_t p = starts[b - 1]; p < end; ++p) flops += static_cast<double>(graph.op(order[p]).flops());
      if (fewest < 0 || flops < fewest) {
        fewest = flops;
        best = b;
      }
    }
    starts.erase(starts.begin() + static_cast<long>(best));
  }
  for (size_t b = 0; b < starts.size(); ++b) {
    split.blocks.push_back(make_block(graph, order, starts[b], b + 1 < starts.size() ? starts[b + 1] : order.size()));
  }
  return split;
}

}  // namespace tessera
