#pragma once

#include <string_view>
#include <vector>

namespace bplab::cli {

// `bplab-cli lesson check FILE [--node-binary PATH] [--harness PATH]`: the
// lesson's pauses and answers hold on the simulation and, given a Node
// binary, on real Node. Returns the exit status: 0 they hold, 1 they do not
// (each problem on stderr), 2 bad input or no usable Node.
int runLessonCommand(const std::vector<std::string_view>& args);

}  // namespace bplab::cli
