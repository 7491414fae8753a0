// Elementwise unary/binary/ternary functions with numpy broadcasting. attrs: fn (see kFunctions), to (cast target),
// broadcast_to (optional shape the output is broadcast to, as ONNX Expand does: inputs read once, output written once).
#include <array>
#include <string_view>

#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"
#include "tessera/workload/ops/indexing.h"

namespace tessera {
namespace {

// Per output element: arithmetic FLOPs (a transcendental counts as one) and how many of them are transcendental.
struct Function {
  std::string_view name;
  int arity;
  int flops;
  int transcendentals;
};

constexpr std::array<Function, 30> kFunctions{{
    {"identity", 1, 0, 0},  {"cast", 1, 0, 0},          {"neg", 1, 1, 0},       {"abs", 1, 1, 0},
    {"relu", 1, 1, 0},      {"relu6", 1, 2, 0},         {"leaky_relu", 1, 2, 0}, {"clip", 1, 2, 0},
    {"square", 1, 1, 0},    {"reciprocal", 1, 1, 0},    {"sqrt", 1, 1, 1},      {"rsqrt", 1, 1, 1},
    {"exp", 1, 1, 1},       {"log", 1, 1, 1},           {"erf", 1, 1, 1},       {"tanh", 1, 1, 1},
    {"sigmoid", 1, 3, 1},   // 1 / (1 + exp(-x)): exp, add, divide
    {"silu", 1, 4, 1},      // x * sigmoid(x)
    {"gelu", 1, 5, 1},      // 0.5 * x * (1 + erf(x / sqrt 2)): scale, erf, add, two multiplies
    {"hard_sigmoid", 1, 4, 0},  // min(max(x + 3, 0), 6) / 6
    {"hard_swish", 1, 5, 0},    // x * hard_sigmoid(x)
    {"add", 2, 1, 0},       {"sub", 2, 1, 0},           {"mul", 2, 1, 0},       {"div", 2, 1, 0},
    {"max", 2, 1, 0},       {"min", 2, 1, 0},           {"pow", 2, 1, 1},       {"equal", 2, 1, 0},
    {"where", 3, 1, 0},
}};

const Function& find_function(const std::string& name) {
  for (const auto& fn : kFunctions) {
    if (fn.name == name) return fn;
  }
  std::string known;
  for (const auto& fn : kFunctions) known += (known.empty() ? "" : ", ") + std::string(fn.name);
  throw ShapeError({}, "unknown elementwise function '" + name + "' (known: " + known + ")");
}

class Elementwise final : public OpDefinition {
 public:
  int min_inputs() const override { return 1; }
  int max_inputs() const override { return 3; }

  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    const Function& fn = find_function(attrs.get_string("fn"));
    int count = static_cast<int>(inputs.size());
    require(count == fn.arity, {}, "function '" + std::string(fn.name) + "' takes " + std::to_string(fn.arity) +
                                       " inputs, got " + std::to_string(count));
    Shape shape = inputs[0].shape;
    for (int i = 1; i < count; ++i) shape = broadcast_shapes(shape, inputs[i].shape, 0, i);
    if (attrs.has("broadcast_to")) shape = broadcast_shapes(shape, attrs.get_ints("broadcast_to"), 0, 0);
    DType dtype = fn.name == "cast" ? parse_dtype(attrs.get_string("to")) : inputs[fn.name == "where" ? 1 : 0].dtype;

    OpInference out;
    out.outputs = {{shape, dtype}};
    std::vector<int> dims = add_axis_dims(out.loops, shape, "D");
    for (int i = 0; i < count; ++i) add_broadcast_operand(out.loops, i, false, inputs[i].shape, dims);
    out.loops.add_simple_operand(0, true, dims);
    int64_t elements = element_count(shape);
    out.vector_flops = elements * fn.flops;
    out.transcendentals = elements * fn.transcendentals;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, Elementwise, "elementwise");

}  // namespace
}  // namespace tessera
