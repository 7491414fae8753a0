#pragma once
// What an op kind means: checks its inputs and attributes, infers output types, builds its loop nest and counts work.
// One implementation per kind in ops/, registered by kind name.
#include <optional>
#include <string>
#include <vector>

#include "tessera/core/error.h"
#include "tessera/workload/attrs.h"
#include "tessera/workload/loop_nest.h"
#include "tessera/workload/op.h"
#include "tessera/workload/tensor.h"

namespace tessera {

struct OpInference {
  std::vector<TensorType> outputs;
  LoopNest loops;
  int64_t macs = 0;
  int64_t vector_flops = 0;
  int64_t transcendentals = 0;
  // Unset: every input read once and every output written once.
  std::optional<int64_t> bytes_read;
  std::optional<int64_t> bytes_written;
};

// Thrown by inference when inputs or attributes don't fit; `inputs` names the input positions involved so the graph
// can name the ops that produced them.
class ShapeError : public InputError {
 public:
  ShapeError(std::vector<int> inputs, const std::string& message)
      : InputError(message), inputs_(std::move(inputs)) {}
  const std::vector<int>& inputs() const { return inputs_; }

 private:
  std::vector<int> inputs_;
};

class OpDefinition {
 public:
  virtual ~OpDefinition() = default;
  virtual int min_inputs() const = 0;
  virtual int max_inputs() const = 0;
  virtual OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const = 0;
};

// The registered definition of a kind (cached; the registry key is op_kind_name(kind)).
const OpDefinition& op_definition(OpKind kind);

// Shared checks for definitions; each throws ShapeError.
void require_rank(const std::vector<TensorType>& inputs, int input, size_t min_rank, size_t max_rank);
void require(bool condition, std::vector<int> inputs, const std::string& message);
int64_t positive_attr(const Attrs& attrs, const std::string& key, int64_t fallback);

}  // namespace tessera
