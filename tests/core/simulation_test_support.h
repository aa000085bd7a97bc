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

// A source of three 100-byte chunks piped into a sink taking 2 ms a chunk, both
// with highWaterMark 100: every write() returns false, so pipe() pauses and
// 'drain' resumes. kPipePauseNode24 is the trace real Node 24 printed for it.
inline Scenario pipePauseScenario()
{
    return makeScenario(Wiring::Pipe, {withHighWaterMark(readableStage("src", 3, 100), 100),
                                       withHighWaterMark(writableStage("sink", 2), 100)});
}

inline const std::vector<std::string> kPipePauseNode24 = {
    R"({"t":0,"stage":"sink","ev":"pipe"})",
    R"({"t":0,"stage":"src","ev":"read","rlen":0})",
    R"({"t":0,"stage":"src","ev":"push","bytes":100,"ret":false,"rlen":100})",
    R"({"t":0,"stage":"src","ev":"resume","rlen":100})",
    R"({"t":0,"stage":"src","ev":"read","rlen":100})",
    R"({"t":0,"stage":"src","ev":"push","bytes":100,"ret":false,"rlen":200})",
    R"({"t":0,"stage":"src","ev":"data","bytes":100,"rlen":100})",
    R"({"t":0,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
    R"({"t":0,"stage":"sink","ev":"write","bytes":100,"ret":false,"wlen":100})",
    R"({"t":0,"stage":"src","ev":"pause","rlen":100})",
    R"({"t":2,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
    R"({"t":2,"stage":"sink","ev":"drain","wlen":0})",
    R"({"t":2,"stage":"src","ev":"resume","rlen":100})",
    R"({"t":2,"stage":"src","ev":"read","rlen":100})",
    R"({"t":2,"stage":"src","ev":"push","bytes":100,"ret":false,"rlen":200})",
    R"({"t":2,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":200})",
    R"({"t":2,"stage":"src","ev":"data","bytes":100,"rlen":100})",
    R"({"t":2,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
    R"({"t":2,"stage":"sink","ev":"write","bytes":100,"ret":false,"wlen":100})",
    R"({"t":2,"stage":"src","ev":"pause","rlen":100})",
    R"({"t":4,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
    R"({"t":4,"stage":"sink","ev":"drain","wlen":0})",
    R"({"t":4,"stage":"src","ev":"resume","rlen":100})",
    R"({"t":4,"stage":"src","ev":"data","bytes":100,"rlen":0})",
    R"({"t":4,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
    R"({"t":4,"stage":"sink","ev":"write","bytes":100,"ret":false,"wlen":100})",
    R"({"t":4,"stage":"src","ev":"pause","rlen":0})",
    R"({"t":4,"stage":"src","ev":"end"})",
    R"({"t":4,"stage":"src","ev":"close"})",
    R"({"t":6,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
    R"({"t":6,"stage":"sink","ev":"finish"})",
    R"({"t":6,"stage":"sink","ev":"unpipe"})",
    R"({"t":6,"stage":"sink","ev":"close"})",
    R"({"t":6,"stage":"*","ev":"idle"})",
};

}  // namespace bplab::testing
