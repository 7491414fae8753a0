// An operator Tessera does not model (an imported op with no mapping, kept so that nothing is silently dropped): it
// takes any inputs, produces outputs of declared types and costs nothing — no arithmetic and no bytes.
// attrs: op (what it stands for, e.g. "onnx:TopK"), outputs (count, default 1), and per output i: shape_<i>, dtype_<i>.
#include "tessera/core/registry.h"
#include "tessera/workload/op_definition.h"

namespace tessera {
namespace {

class Opaque final : public OpDefinition {
 public:
  int min_inputs() const override { return 0; }
  int max_inputs() const override { return 1024; }
  OpInference infer(const std::vector<TensorType>& inputs, const Attrs& attrs) const override {
    attrs.get_string("op");
    int64_t outputs = attrs.get_int("outputs", 1);
    require(outputs >= 0 && outputs <= 64, {}, "attribute 'outputs' must be in 0..64");
    OpInference out;
    for (int64_t i = 0; i < outputs; ++i) {
      std::string suffix = std::string("_").append(std::to_string(i));
      Shape shape = attrs.get_ints("shape" + suffix);
      for (int64_t d : shape) require(d >= 1, {}, "attribute 'shape" + suffix + "' has a dimension < 1");
      out.outputs.push_back({shape, parse_dtype(attrs.get_string("dtype" + suffix))});
    }
    // A single dimension over nothing: no loop structure is known; every operand is indexed by nothing.
    out.loops.add_dim("E", 1);
    for (int slot = 0; slot < static_cast<int>(inputs.size()); ++slot) {
      out.loops.operands.push_back({slot, false, std::vector<std::vector<IndexTerm>>(inputs[slot].shape.size())});
    }
    for (int slot = 0; slot < static_cast<int>(outputs); ++slot) {
      out.loops.operands.push_back({slot, true, std::vector<std::vector<IndexTerm>>(out.outputs[slot].shape.size())});
    }
    out.bytes_read = 0;
    out.bytes_written = 0;
    return out;
  }
};

TESSERA_REGISTER(OpDefinition, Opaque, "opaque");

}  // namespace
}  // namespace tessera
