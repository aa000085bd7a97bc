#pragma once

// Runs a scenario on real Node.js through the harness that ships with the
// app (resources/node/harness.js, installed in share/backpressure-lab/node/).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bplab_core/result.h"
#include "bplab_core/scenario.h"
#include "bplab_core/trace_jsonl.h"

namespace bplab::cli {

// `node --version`, e.g. "v24.21.0".
Result<std::string> nodeVersion(const std::filesystem::path& node);

// The trace (JSON Lines) of `scenario` on `node`, under the scenario's profile.
// Node's own refusal (a profile of another major version) is an Error with the
// harness's message.
Result<std::string> runOnNode(const std::filesystem::path& node,
                              const std::filesystem::path& harness, const Scenario& scenario);

// The command line of a command that runs a file on Node:
// FILE [--node-binary PATH] [--harness PATH].
struct NodeCommandLine {
    std::string file;
    std::optional<std::string> nodeBinary;
    std::optional<std::string> harness;
};
Result<NodeCommandLine> parseNodeCommandLine(const std::vector<std::string_view>& args);

// A scenario's trace on real Node, and which Node made it.
struct NodeTrace {
    std::filesystem::path binary;
    std::string version;  // e.g. "v24.21.0"
    std::vector<TraceLine> lines;
};
// Finds the binary and the harness, runs the scenario, parses the trace.
Result<NodeTrace> traceOnNode(const std::string& binary, const std::optional<std::string>& harness,
                              const Scenario& scenario);

}  // namespace bplab::cli
