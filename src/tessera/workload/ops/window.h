#pragma once
// Sliding-window geometry shared by convolution, transposed convolution and pooling (ONNX attribute conventions:
// strides, pads = [begin..., end...], dilations; one value per spatial axis).
#include <cstdint>
#include <string>
#include <vector>

#include "tessera/workload/attrs.h"
#include "tessera/workload/loop_nest.h"

namespace tessera {

struct Window {
  std::vector<int64_t> strides, pads_begin, pads_end, dilations;
};

// Reads strides/pads/dilations for `spatial` axes (defaults 1, 0, 1); throws ShapeError on wrong lengths or values.
Window read_window(const Attrs& attrs, size_t spatial);

// Output length of a window sliding over `in` elements; throws ShapeError naming `inputs` when it does not fit.
int64_t window_output(int64_t in, int64_t kernel, const Window& window, size_t axis, const std::vector<int>& inputs);

// Loop dimension names for `spatial` axes, Timeloop style: outputs ..., O, P, Q and kernel ..., T, R, S
// (2-D convolution: P, Q over R, S).
std::vector<std::string> output_dim_names(size_t spatial);
std::vector<std::string> kernel_dim_names(size_t spatial);

// A grouped convolution's loop nest: dims N, G, K (filters per group), C (channels per group), then the output and
// kernel dims of each spatial axis, and the input operand (slot 0) that the window slides over. Conv and its weight
// gradient share it (the data gradient is a transposed conv).
struct ConvNest {
  int n = 0, g = 0, k = 0, c = 0;
  std::vector<int> out_dims, kernel_dims;
  Operand input;
};
ConvNest add_conv_nest(LoopNest& loops, int64_t batch, int64_t groups, int64_t filters, int64_t channels,
                       const std::vector<int64_t>& out_sizes, const std::vector<int64_t>& kernel_sizes,
                       const Window& window);

}  // namespace tessera
