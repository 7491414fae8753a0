// Collective kinds and the closed-form algorithms for each, selectable by name.
#include <array>
#include <string>

#include "tessera/core/enum_names.h"
#include "tessera/core/error.h"
#include "tessera/sim/collective_cost.h"

namespace tessera {
namespace {

// In CollectiveKind order.
constexpr std::array<std::string_view, 6> kKindNames = {"all_reduce", "reduce_scatter", "all_gather",
                                                        "all_to_all", "broadcast",      "send"};

constexpr std::array kAlgorithms = {
    CollectiveAlgorithm{"ring", CollectiveKind::all_reduce, ring_all_reduce_s},
    CollectiveAlgorithm{"double_binary_tree", CollectiveKind::all_reduce, double_binary_tree_all_reduce_s},
    CollectiveAlgorithm{"halving_doubling", CollectiveKind::all_reduce, halving_doubling_all_reduce_s},
    CollectiveAlgorithm{"ring", CollectiveKind::reduce_scatter, ring_reduce_scatter_s},
    CollectiveAlgorithm{"ring", CollectiveKind::all_gather, ring_all_gather_s},
    CollectiveAlgorithm{"pairwise", CollectiveKind::all_to_all, pairwise_all_to_all_s},
    CollectiveAlgorithm{"ring", CollectiveKind::broadcast, ring_broadcast_s},
    CollectiveAlgorithm{"binomial_tree", CollectiveKind::broadcast, binomial_tree_broadcast_s},
    CollectiveAlgorithm{"direct", CollectiveKind::send, send_s},
};

}  // namespace

std::string_view collective_kind_name(CollectiveKind kind) { return kKindNames.at(static_cast<size_t>(kind)); }

CollectiveKind parse_collective_kind(std::string_view name) {
  return parse_enum_name<CollectiveKind>(kKindNames, name, "collective");
}

std::vector<CollectiveAlgorithm> collective_algorithms(CollectiveKind kind) {
  std::vector<CollectiveAlgorithm> out;
  for (const auto& algorithm : kAlgorithms) {
    if (algorithm.kind == kind) out.push_back(algorithm);
  }
  return out;
}

const CollectiveAlgorithm& find_collective_algorithm(CollectiveKind kind, std::string_view name) {
  std::string known;
  for (const auto& algorithm : kAlgorithms) {
    if (algorithm.kind != kind) continue;
    if (algorithm.name == name) return algorithm;
    known += (known.empty() ? "" : ", ") + std::string(algorithm.name);
  }
  throw InputError("unknown " + std::string(collective_kind_name(kind)) + " algorithm '" + std::string(name) +
                   "' (known: " + known + ")");
}

double collective_time_s(CollectiveKind kind, std::string_view algorithm, const CollectiveGroup& group, double bytes) {
  return find_collective_algorithm(kind, algorithm).time_s(group, bytes);
}

double bus_bandwidth_bytes_per_s(CollectiveKind kind, int64_t participants, double bytes, double time_s) {
  if (participants < 1 || !(time_s > 0)) {
    throw InputError("bus bandwidth: expected participants >= 1 and a time > 0 s, got " + std::to_string(participants) +
                     " and " + std::to_string(time_s));
  }
  double p = static_cast<double>(participants);
  double algorithm_bandwidth = bytes / time_s;
  switch (kind) {
    case CollectiveKind::all_reduce:
      return algorithm_bandwidth * 2 * (p - 1) / p;
    case CollectiveKind::reduce_scatter:
    case CollectiveKind::all_gather:
    case CollectiveKind::all_to_all:
      return algorithm_bandwidth * (p - 1) / p;
    case CollectiveKind::broadcast:
    case CollectiveKind::send:
      return algorithm_bandwidth;
  }
  return algorithm_bandwidth;
}

}  // namespace tessera
