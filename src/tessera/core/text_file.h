#pragma once
// Reading whole input files with a clear error when they can't be read.
#include <string>

namespace tessera {

// Throws InputError("<path>: cannot open ...") when the file is missing or unreadable.
std::string read_text_file(const std::string& path);

}  // namespace tessera
