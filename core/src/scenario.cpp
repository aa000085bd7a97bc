// Placeholder until the scenario loader lands.
#include "bplab_core/scenario.h"

namespace bplab {

Result<Scenario> parseScenario(std::string_view) { return Error{"not implemented"}; }
Result<Scenario> loadScenarioFile(const std::filesystem::path&) { return Error{"not implemented"}; }
std::string serializeScenario(const Scenario&) { return {}; }
Status validateScenario(const Scenario&) { return Ok{}; }
std::int64_t defaultHighWaterMark(NodeProfile profile, bool objectMode)
{
    if (objectMode) {
        return 16;
    }
    return profile == NodeProfile::V20 ? 16384 : 65536;
}
std::string_view toString(NodeProfile profile) { return profile == NodeProfile::V20 ? "20" : "24"; }
std::string_view toString(Wiring wiring)
{
    switch (wiring) {
    case Wiring::Pipe: return "pipe";
    case Wiring::Pipeline: return "pipeline";
    case Wiring::Naive: return "naive";
    }
    return "";
}
std::string_view toString(StageKind kind)
{
    switch (kind) {
    case StageKind::Readable: return "readable";
    case StageKind::Transform: return "transform";
    case StageKind::Writable: return "writable";
    }
    return "";
}
std::string_view toString(SourceMode mode) { return mode == SourceMode::Pull ? "pull" : "push"; }
std::string_view toString(FaultAction action) { return action == FaultAction::Error ? "error" : "destroy"; }

}  // namespace bplab
