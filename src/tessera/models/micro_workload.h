#pragma once
// Single-kernel workloads for kernel-level studies, named inline: "gemm:M=4096,N=4096,K=4096". See docs/cli.md.
#include <string>

#include "tessera/core/dtype.h"
#include "tessera/workload/graph.h"

namespace tessera {

// Whether `spec` has the form "<kind>:<key>=<value>,..." with a known kind (gemm, conv2d, attention, elementwise).
bool is_micro_workload(const std::string& spec);
// Throws InputError naming the spec, the key and what was expected for an unknown key or a bad value.
Graph build_micro_workload(const std::string& spec, DType dtype);

}  // namespace tessera
