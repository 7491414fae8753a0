#include "tessera/report/output.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "tessera/core/error.h"

namespace tessera {

void write_output(const std::string& text, const std::string& path) {
  if (path.empty()) {
    std::cout << text;
    return;
  }
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::remove(temporary.c_str());
      throw InputError(path + ": cannot write");
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw InputError(path + ": cannot write");
  }
}

}  // namespace tessera
