#pragma once

// What bplab-cli verify and the window's Tools > Run on real Node share:
// finding a Node binary and the harness the app installs, and comparing the
// simulation's trace with Node's. Running Node is the caller's part (the CLI
// spawns it, the window uses a QProcess).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bplab_core/result.h"
#include "bplab_core/scenario.h"
#include "bplab_core/trace_jsonl.h"

namespace bplab {

// Where the harness (harness.js) is: `explicitPath` when given (an Error
// "PATH: no such file" when it is not a file), else beside an installed
// program (BIN/../share/backpressure-lab/node/harness.js, BIN being the
// running program's folder), else in the installation's data folder, else in
// the source tree this library was built from. The Error lists where it looked.
Result<std::filesystem::path> findHarness(const std::optional<std::string>& explicitPath);

// `binary`: a path (it must be executable), or a name looked up on PATH.
// Errors: "BINARY: not an executable file", "BINARY: not found on PATH".
Result<std::filesystem::path> findNodeBinary(const std::string& binary);

// Whether `version` (as `node --version` prints it, "v24.21.0") is of the
// profile's major version.
bool sameMajorVersion(NodeProfile profile, const std::string& version);

// The simulation's trace against Node's. Memory is not compared with Node
// (docs/scenario-format.md, "Memory"): oom lines are left out of both, and when
// the simulation stopped at one, Node's trace is compared up to there.
struct NodeComparison {
    std::vector<TraceLine> ours;            // without oom lines
    std::vector<TraceLine> theirs;          // without oom lines, cut where ours stopped at one
    std::optional<std::size_t> difference;  // the first differing line (0-based)
    bool cutAtOom = false;                  // Node's trace was cut at our oom line
};
NodeComparison compareWithNode(std::vector<TraceLine> ours, std::vector<TraceLine> theirs);

// "Why did this happen?" for both sides of the first difference: our line
// explained from the simulation's state at that moment, and Node's line from
// its own fields and Node's lines before it (the simulation's state there is
// what made the other line, so it is not quoted). Empty strings where a side
// has no line there (its trace ended).
struct DifferenceExplained {
    std::string ours;
    std::string theirs;
};
DifferenceExplained explainDifference(const Scenario& scenario, const NodeComparison& comparison);

}  // namespace bplab
