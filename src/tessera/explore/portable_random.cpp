#include "tessera/explore/portable_random.h"

#include <cmath>
#include <numbers>

namespace tessera {

double uniform_unit(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

uint64_t uniform_index(std::mt19937_64& engine, uint64_t count) {
  // Rejects the top 2^64 mod count outputs so that every residue is equally likely.
  uint64_t excess = (0 - count) % count;
  uint64_t draw = engine();
  while (draw > UINT64_MAX - excess) draw = engine();
  return draw % count;
}

double standard_normal(std::mt19937_64& engine) {
  // 1 - u lies in (0, 1], keeping the logarithm finite.
  double radius = std::sqrt(-2.0 * std::log(1.0 - uniform_unit(engine)));
  return radius * std::cos(2.0 * std::numbers::pi * uniform_unit(engine));
}

SearchPoint uniform_point(const SearchSpace& space, std::mt19937_64& engine) {
  SearchPoint point;
  point.reserve(space.dims.size());
  for (const SearchDimension& dim : space.dims) {
    if (dim.integer) {
      auto count = static_cast<uint64_t>(dim.high - dim.low) + 1;
      point.push_back(dim.low + static_cast<double>(uniform_index(engine, count)));
    } else {
      point.push_back(dim.low + (dim.high - dim.low) * uniform_unit(engine));
    }
  }
  return point;
}

}  // namespace tessera
