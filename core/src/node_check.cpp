#include "bplab_core/node_check.h"

#include "bplab_core/explain.h"
#include "bplab_core/version.h"

#include <unistd.h>
#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <variant>

namespace bplab {

namespace {

void removeOom(std::vector<TraceLine>& lines)
{
    lines.erase(std::remove_if(lines.begin(), lines.end(),
                               [](const TraceLine& line) { return line.ev() == "oom"; }),
                lines.end());
}

std::int64_t integerField(const TraceLine& line, std::string_view key)
{
    const TraceValue* value = line.find(key);
    const auto* integer = value != nullptr ? std::get_if<std::int64_t>(value) : nullptr;
    return integer != nullptr ? *integer : 0;
}

// A line read back as the event the simulation would have recorded; nullopt
// for an "ev" or a stage this scenario does not know. `message` points into
// `line`.
std::optional<TraceEvent> asEvent(const TraceLine& line, const Scenario& scenario)
{
    TraceEvent event;
    bool known = false;
    for (int k = 0; k < kEventKindCount; ++k) {
        if (toString(static_cast<EventKind>(k)) == line.ev()) {
            event.kind = static_cast<EventKind>(k);
            known = true;
        }
    }
    if (!known) {
        return std::nullopt;
    }
    event.t = line.t();
    if (line.stage() != "*") {
        const auto stage = std::find_if(scenario.stages.begin(), scenario.stages.end(),
                                        [&](const Stage& s) { return s.id == line.stage(); });
        if (stage == scenario.stages.end()) {
            return std::nullopt;
        }
        event.stage = static_cast<std::int32_t>(stage - scenario.stages.begin());
    }
    const TraceValue* bytes = line.find("bytes");
    event.bytesNull = bytes != nullptr && std::holds_alternative<std::nullptr_t>(*bytes);
    event.bytes = integerField(line, "bytes");
    const TraceValue* ret = line.find("ret");
    event.ret = ret != nullptr && std::holds_alternative<bool>(*ret) && std::get<bool>(*ret);
    event.length =
        line.find("rlen") != nullptr ? integerField(line, "rlen") : integerField(line, "wlen");
    for (const char* key : {"message", "error"}) {
        if (const TraceValue* text = line.find(key)) {
            if (const auto* s = std::get_if<std::string>(text)) {
                event.message = *s;
            } else {
                event.messageNull = true;
            }
        }
    }
    return event;
}

}  // namespace

Result<std::filesystem::path> findHarness(const std::optional<std::string>& explicitPath)
{
    namespace fs = std::filesystem;
    if (explicitPath) {
        if (!fs::is_regular_file(*explicitPath)) {
            return Error{*explicitPath + ": no such file"};
        }
        return fs::path(*explicitPath);
    }
    std::vector<fs::path> candidates;
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        candidates.push_back(self.parent_path().parent_path() / "share" / "backpressure-lab" /
                             "node" / "harness.js");
    }
    candidates.push_back(fs::path(kInstalledDataDir) / "node" / "harness.js");
    candidates.push_back(fs::path(BPLAB_SOURCE_HARNESS));
    std::string looked;
    for (const fs::path& candidate : candidates) {
        if (fs::is_regular_file(candidate, error)) {
            return candidate;
        }
        looked += (looked.empty() ? "" : ", ") + candidate.string();
    }
    return Error{"cannot find the Node harness (harness.js); looked in " + looked};
}

Result<std::filesystem::path> findNodeBinary(const std::string& binary)
{
    namespace fs = std::filesystem;
    if (binary.find('/') != std::string::npos) {
        if (access(binary.c_str(), X_OK) != 0 || !fs::is_regular_file(binary)) {
            return Error{binary + ": not an executable file"};
        }
        return fs::path(binary);
    }
    const char* path = std::getenv("PATH");
    std::string_view rest = path != nullptr ? path : "";
    while (true) {
        const std::size_t colon = rest.find(':');
        const std::string_view dir = rest.substr(0, colon);
        const fs::path candidate = fs::path(dir.empty() ? "." : std::string(dir)) / binary;
        if (access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate)) {
            return candidate;
        }
        if (colon == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(colon + 1);
    }
    return Error{binary + ": not found on PATH"};
}

bool sameMajorVersion(NodeProfile profile, const std::string& version)
{
    return version.rfind("v" + std::string(toString(profile)) + ".", 0) == 0;
}

NodeComparison compareWithNode(std::vector<TraceLine> ours, std::vector<TraceLine> theirs)
{
    NodeComparison comparison;
    const auto oom = std::find_if(ours.begin(), ours.end(),
                                  [](const TraceLine& line) { return line.ev() == "oom"; });
    const bool stoppedAtOom = oom != ours.end();
    const auto beforeOom = static_cast<std::size_t>(oom - ours.begin());
    removeOom(ours);
    removeOom(theirs);
    // The simulated process died of its memory limit there; real Node went on.
    if (stoppedAtOom && theirs.size() > beforeOom) {
        theirs.resize(beforeOom);
        comparison.cutAtOom = true;
    }
    comparison.difference = firstDifference(ours, theirs);
    comparison.ours = std::move(ours);
    comparison.theirs = std::move(theirs);
    return comparison;
}

DifferenceExplained explainDifference(const Scenario& scenario, const NodeComparison& comparison)
{
    DifferenceExplained explained;
    if (!comparison.difference) {
        return explained;
    }
    const std::size_t index = *comparison.difference;
    if (index < comparison.ours.size()) {
        SimulationOptions options;
        options.sampleEveryMs = 0;
        if (auto replayed = replayToEvent(scenario, options, index)) {
            explained.ours = replayed->why;
        }
    }
    if (index < comparison.theirs.size()) {
        Explainer explainer(scenario);
        for (std::size_t i = 0; i < index; ++i) {
            if (auto event = asEvent(comparison.theirs[i], scenario)) {
                explainer.observe(*event);
            }
        }
        if (auto event = asEvent(comparison.theirs[index], scenario)) {
            // Node's line with its own fields only: the simulation's state
            // at this moment is what led to the other line.
            explained.theirs = explainer.explain(*event, {});
        } else {
            explained.theirs =
                "(a line the simulation does not know: " + comparison.theirs[index].toJson() + ")";
        }
    }
    return explained;
}

}  // namespace bplab
