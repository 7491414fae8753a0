#pragma once
// Random numbers made from the raw output of std::mt19937_64, whose sequence the C++ standard fixes. The standard's
// distributions (uniform_int_distribution, normal_distribution, ...) are implementation-defined, so a seeded search
// built on them would propose different points under another standard library and could not resume from a store.
#include <cstdint>
#include <random>

#include "tessera/explore/search_algorithm.h"

namespace tessera {

// Uniform in [0, 1) with 53 random bits.
double uniform_unit(std::mt19937_64& engine);

// Uniform over the whole numbers 0..count-1 (count >= 1), without modulo bias.
uint64_t uniform_index(std::mt19937_64& engine, uint64_t count);

// Standard normal by the Box-Muller transform. The second variate of each pair is dropped, so the engine is the whole
// state: two calls that start from equal engines always agree.
double standard_normal(std::mt19937_64& engine);

// A uniform point of the space: whole numbers uniform over [low, high] in integer dimensions, uniform in [low, high)
// in real ones (exactly low where low == high).
SearchPoint uniform_point(const SearchSpace& space, std::mt19937_64& engine);

}  // namespace tessera
