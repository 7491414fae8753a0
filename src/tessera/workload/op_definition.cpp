#include "tessera/workload/op_definition.h"

#include <map>
#include <memory>
#include <mutex>

#include "tessera/core/registry.h"

namespace tessera {

const OpDefinition& op_definition(OpKind kind) {
  static std::mutex mutex;
  static std::map<OpKind, std::unique_ptr<OpDefinition>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[kind];
  if (!slot) slot = Registry<OpDefinition>::instance().create(std::string(op_kind_name(kind)), "op kind");
  return *slot;
}

void require(bool condition, std::vector<int> inputs, const std::string& message) {
  if (!condition) throw ShapeError(std::move(inputs), message);
}

void require_rank(const std::vector<TensorType>& inputs, int input, size_t min_rank, size_t max_rank) {
  size_t rank = inputs[input].shape.size();
  std::string expected = min_rank == max_rank ? std::to_string(min_rank)
                                              : std::to_string(min_rank) + ".." + std::to_string(max_rank);
  require(rank >= min_rank && rank <= max_rank, {input},
          "input " + std::to_string(input) + " has rank " + std::to_string(rank) + ", expected " + expected);
}

int64_t positive_attr(const Attrs& attrs, const std::string& key, int64_t fallback) {
  int64_t value = attrs.get_int(key, fallback);
  require(value > 0, {}, "attribute '" + key + "' must be positive, got " + std::to_string(value));
  return value;
}

}  // namespace tessera
