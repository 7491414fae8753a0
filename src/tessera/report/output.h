#pragma once
// Writing a command's result to stdout or to a file, never leaving a half-written file behind.
#include <string>

namespace tessera {

// Empty path: stdout. Otherwise writes "<path>.tmp" and renames it over <path>; throws InputError on failure.
void write_output(const std::string& text, const std::string& path);

}  // namespace tessera
