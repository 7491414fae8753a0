#include "tessera/workload/ops/window.h"

#include "tessera/workload/op_definition.h"

namespace tessera {
namespace {

std::vector<int64_t> per_axis(const Attrs& attrs, const std::string& key, size_t count, int64_t fallback,
                              int64_t minimum) {
  std::vector<int64_t> values = attrs.get_ints(key, std::vector<int64_t>(count, fallback));
  require(values.size() == count, {},
          "attribute '" + key + "' needs " + std::to_string(count) + " values, got " + std::to_string(values.size()));
  for (int64_t v : values) {
    require(v >= minimum, {}, "attribute '" + key + "' value " + std::to_string(v) + " is below " +
                                  std::to_string(minimum));
  }
  return values;
}

std::vector<std::string> last_names(const std::vector<std::string>& names, size_t count) {
  require(count >= 1 && count <= names.size(), {}, "supports 1 to 3 spatial axes, got " + std::to_string(count));
  return {names.end() - static_cast<long>(count), names.end()};
}

}  // namespace

Window read_window(const Attrs& attrs, size_t spatial) {
  Window window;
  window.strides = per_axis(attrs, "strides", spatial, 1, 1);
  window.dilations = per_axis(attrs, "dilations", spatial, 1, 1);
  std::vector<int64_t> pads = per_axis(attrs, "pads", 2 * spatial, 0, 0);
  window.pads_begin.assign(pads.begin(), pads.begin() + static_cast<long>(spatial));
  window.pads_end.assign(pads.begin() + static_cast<long>(spatial), pads.end());
  return window;
}

int64_t window_output(int64_t in, int64_t kernel, const Window& window, size_t axis, const std::vector<int>& inputs) {
  int64_t span = window.dilations[axis] * (kernel - 1) + 1;
  int64_t padded = in + window.pads_begin[axis] + window.pads_end[axis];
  require(padded >= span, inputs,
          "window of " + std::to_string(span) + " does not fit spatial axis " + std::to_string(axis) + " of size " +
              std::to_string(padded) + " (with padding)");
  return (padded - span) / window.strides[axis] + 1;
}

std::vector<std::string> output_dim_names(size_t spatial) { return last_names({"O", "P", "Q"}, spatial); }

std::vector<std::string> kernel_dim_names(size_t spatial) { return last_names({"T", "R", "S"}, spatial); }

ConvNest add_conv_nest(LoopNest& loops, int64_t batch, int64_t groups, int64_t filters, int64_t channels,
                       const std::vector<int64_t>& out_sizes, const std::vector<int64_t>& kernel_sizes,
                       const Window& window) {
  ConvNest nest;
  nest.n = loops.add_dim("N", batch);
  nest.g = loops.add_dim("G", groups);
  nest.k = loops.add_dim("K", filters / groups);
  nest.c = loops.add_dim("C", channels / groups);
  size_t spatial = out_sizes.size();
  auto out_names = output_dim_names(spatial), kernel_names = kernel_dim_names(spatial);
  for (size_t i = 0; i < spatial; ++i) nest.out_dims.push_back(loops.add_dim(out_names[i], out_sizes[i]));
  for (size_t i = 0; i < spatial; ++i) nest.kernel_dims.push_back(loops.add_dim(kernel_names[i], kernel_sizes[i]));
  nest.input = Operand{0, false, {{{nest.n, 1}}, {{nest.g, channels / groups}, {nest.c, 1}}}, {0, 0}};
  for (size_t i = 0; i < spatial; ++i) {
    nest.input.axes.push_back({{nest.out_dims[i], window.strides[i]}, {nest.kernel_dims[i], window.dilations[i]}});
    nest.input.offsets.push_back(-window.pads_begin[i]);
  }
  return nest;
}

}  // namespace tessera
