#pragma once
// Error types. InputError is the user's fault (bad file, bad flag): the CLI prints its one-line message and exits 1.
// Anything else escaping to main is an internal error (exit 2).
#include <stdexcept>
#include <string>

namespace tessera {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace tessera
