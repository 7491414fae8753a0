#pragma once
// Input checks every search algorithm shares: a space and options it can start on, and a report() that answers the
// batch it was given.
#include <cstddef>
#include <string>
#include <vector>

#include "tessera/explore/search_algorithm.h"

namespace tessera {

// Throws InputError naming the problem: no dimensions, bounds that are not finite or not ordered, integer bounds
// that are not whole numbers (or too large to count exactly in a double), fewer than one objective, a batch below 1
// or a negative budget. `algorithm` prefixes the message.
void check_search_start(const std::string& algorithm, const SearchSpace& space, const SearchOptions& options);

// Throws InputError unless `objectives` holds `batch_size` vectors of `objective_count` finite values each.
void check_reported(const std::string& algorithm, const std::vector<std::vector<double>>& objectives, size_t batch_size,
                    int objective_count);

// Throws std::logic_error when next() is called while the previous batch has not been reported: the ask/tell
// protocol alternates, and the adaptive algorithms cannot propose before they have heard back.
void check_nothing_outstanding(const std::string& algorithm, size_t outstanding);

}  // namespace tessera
