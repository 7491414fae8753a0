#include "tessera/explore/search_algorithm.h"

#include "tessera/core/registry.h"

namespace tessera {

std::unique_ptr<SearchAlgorithm> make_search_algorithm(const std::string& name) {
  return Registry<SearchAlgorithm>::instance().create(name, "search algorithm");
}

std::vector<std::string> search_algorithm_names() { return Registry<SearchAlgorithm>::instance().names(); }

}  // namespace tessera
