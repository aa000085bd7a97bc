#pragma once

// Builders for scenarios written in code and a runner that returns the trace
// as JSON lines, for the simulation's tests.

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace.h"

namespace bplab::testing {

inline Stage readableStage(std::string id, std::int64_t chunks, std::int64_t chunkBytes,
                           std::int64_t intervalMs = 0)
{
    Stage s;
    s.id = std::move(id);
    s.kind = StageKind::Readable;
    s.chunks = chunks;
    s.chunkBytes = chunkBytes;
    s.intervalMs = intervalMs;
    return s;
}

inline Stage transformStage(std::string id, std::int64_t delayMs = 0)
{
    Stage s;
    s.id = std::move(id);
    s.kind = StageKind::Transform;
    s.delayMs = delayMs;
    return s;
}

inline Stage writableStage(std::string id, std::int64_t delayMs = 0)
{
    Stage s;
    s.id = std::move(id);
    s.kind = StageKind::Writable;
    s.delayMs = delayMs;
    return s;
}

// One value for the stage, as `"highWaterMark": n` in a file.
inline Stage withHighWaterMark(Stage s, std::int64_t hwm)
{
    s.highWaterMark.readable = hwm;
    s.highWaterMark.writable = hwm;
    return s;
}

inline Stage inObjectMode(Stage s)
{
    s.objectMode.readable = true;
    s.objectMode.writable = true;
    return s;
}

inline Stage inPushMode(Stage s)
{
    s.mode = SourceMode::Push;
    return s;
}

inline Fault errorFault(std::int64_t atMs, std::string stage, std::string message)
{
    return Fault{atMs, std::move(stage), FaultAction::Error, std::move(message)};
}

inline Fault destroyFault(std::int64_t atMs, std::string stage)
{
    return Fault{atMs, std::move(stage), FaultAction::Destroy, ""};
}

inline Scenario makeScenario(Wiring wiring, std::vector<Stage> stages,
                             std::vector<Fault> faults = {})
{
    Scenario s;
    s.wiring = wiring;
    s.stages = std::move(stages);
    s.faults = std::move(faults);
    return s;
}

inline std::vector<std::string> stageIdsOf(const Scenario& s)
{
    std::vector<std::string> ids;
    for (const auto& st : s.stages) {
        ids.push_back(st.id);
    }
    return ids;
}

inline std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(line);
    }
    return lines;
}

// Runs to the end and returns the trace, one JSON line per entry.
inline std::vector<std::string> traceOf(const Scenario& scenario,
                                        std::optional<NodeProfile> profile = std::nullopt)
{
    std::ostringstream out;
    {
        JsonlTraceWriter writer(out, stageIdsOf(scenario));
        SimulationOptions options;
        options.profile = profile;
        Simulation sim(scenario, options);
        sim.addTraceSink(&writer);
        sim.run();
        writer.flush();
    }
    return splitLines(out.str());
}

}  // namespace bplab::testing
