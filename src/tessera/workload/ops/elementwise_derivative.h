#pragma once
// The derivative of each elementwise function with respect to one of its inputs: the FLOPs it costs per element of
// dY and which forward values it reads (so the training derivation knows what to keep for the backward pass).
#include <optional>
#include <string>
#include <vector>

namespace tessera {

// A forward value the derivative reads: an input slot (0..2) or the forward output.
inline constexpr int kForwardOutput = -1;

struct ElementwiseDerivative {
  int flops = 0;            // per element of dY, including the multiply by dY (a transcendental counts one)
  int transcendentals = 0;  // per element of dY
  std::vector<int> reads;   // forward values read besides dY: input slots or kForwardOutput
};

// nullopt: no gradient flows to input `wrt` (equal, where's condition). Throws ShapeError for an unknown function or
// an input the function does not have.
std::optional<ElementwiseDerivative> elementwise_derivative(const std::string& fn, int wrt);

}  // namespace tessera
