// Per element of dY (y = f(x), dx = dY * f'(x)); the reads follow what PyTorch's autograd saves for each function.
#include "tessera/workload/ops/elementwise_derivative.h"

#include <array>
#include <string_view>

#include "tessera/workload/op_definition.h"

namespace tessera {
namespace {

constexpr int x = 0, b = 1, y = kForwardOutput;

struct Entry {
  std::string_view fn;
  int wrt;
  bool flows;
  ElementwiseDerivative derivative;
};

const std::array<Entry, 40>& table() {
  static const std::array<Entry, 40> entries{{
      {"identity", 0, true, {0, 0, {}}},
      {"cast", 0, true, {0, 0, {}}},          // a cast of dY back to the input's dtype
      {"neg", 0, true, {1, 0, {}}},
      {"abs", 0, true, {2, 0, {x}}},          // sign(x) * dY
      {"relu", 0, true, {1, 0, {y}}},         // select dY where y > 0
      {"relu6", 0, true, {2, 0, {x}}},        // select dY where 0 < x < 6: two compares
      {"leaky_relu", 0, true, {2, 0, {x}}},   // compare, scale
      {"clip", 0, true, {2, 0, {x}}},
      {"square", 0, true, {2, 0, {x}}},       // 2 x dY
      {"reciprocal", 0, true, {3, 0, {y}}},   // -y * y * dY
      {"sqrt", 0, true, {2, 0, {y}}},         // dY / (2 y)
      {"rsqrt", 0, true, {4, 0, {y}}},        // -0.5 y^3 dY
      {"exp", 0, true, {1, 0, {y}}},          // y dY
      {"log", 0, true, {1, 0, {x}}},          // dY / x
      {"erf", 0, true, {5, 1, {x}}},          // 2/sqrt(pi) exp(-x^2) dY: square, negate, exp, scale, multiply
      {"tanh", 0, true, {3, 0, {y}}},         // (1 - y^2) dY
      {"sigmoid", 0, true, {3, 0, {y}}},      // y (1 - y) dY
      {"silu", 0, true, {8, 1, {x}}},         // s (1 + x (1 - s)) dY with s = sigmoid(x) recomputed (3)
      {"gelu", 0, true, {11, 2, {x}}},        // (Phi(x) + x phi(x)) dY: Phi 4 (one erf), phi 4 (one exp), 3
      {"hard_sigmoid", 0, true, {2, 0, {x}}}, // dY / 6 inside (-3, 3)
      {"hard_swish", 0, true, {4, 0, {x}}},   // (x / 3 + 0.5) dY inside (-3, 3)
      {"add", 0, true, {0, 0, {}}},
      {"add", 1, true, {0, 0, {}}},
      {"sub", 0, true, {0, 0, {}}},
      {"sub", 1, true, {1, 0, {}}},
      {"mul", 0, true, {1, 0, {b}}},          // b dY
      {"mul", 1, true, {1, 0, {x}}},          // a dY
      {"div", 0, true, {1, 0, {b}}},          // dY / b
      {"div", 1, true, {3, 0, {y, b}}},       // -y dY / b
      {"max", 0, true, {2, 0, {x, b}}},       // compare, select
      {"max", 1, true, {2, 0, {x, b}}},
      {"min", 0, true, {2, 0, {x, b}}},
      {"min", 1, true, {2, 0, {x, b}}},
      {"pow", 0, true, {4, 1, {x, b}}},       // b a^(b-1) dY
      {"pow", 1, true, {3, 1, {x, y}}},       // y ln(a) dY
      {"equal", 0, false, {}},
      {"equal", 1, false, {}},
      {"where", 0, false, {}},
      {"where", 1, true, {1, 0, {0}}},        // select dY by the condition
      {"where", 2, true, {1, 0, {0}}},
  }};
  return entries;
}

}  // namespace

std::optional<ElementwiseDerivative> elementwise_derivative(const std::string& fn, int wrt) {
  bool known = false;
  for (const Entry& entry : table()) {
    if (entry.fn != fn) continue;
    known = true;
    if (entry.wrt == wrt) return entry.flows ? std::optional(entry.derivative) : std::nullopt;
  }
  throw ShapeError({}, known ? "elementwise function '" + fn + "' has no input " + std::to_string(wrt)
                             : "no derivative for elementwise function '" + fn + "'");
}

}  // namespace tessera
