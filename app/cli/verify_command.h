#pragma once

#include <string_view>
#include <vector>

namespace bplab::cli {

// `bplab-cli verify FILE [--node-binary PATH] [--harness PATH]`: runs the
// scenario on the simulation and on real Node (default: `node` on PATH) and
// compares the traces line by line. Returns the exit status: 0 equal, 1
// different (the first differing line with five lines around it, both
// sides), 2 bad input or no usable Node.
int runVerifyCommand(const std::vector<std::string_view>& args);

}  // namespace bplab::cli
