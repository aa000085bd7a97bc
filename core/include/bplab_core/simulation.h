#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/state.h"
#include "bplab_core/trace.h"

namespace bplab {

struct SimulationOptions {
    // Overrides the scenario's "node" profile when set.
    std::optional<NodeProfile> profile;
    // Samples every this many virtual ms (0: no samples).
    std::int64_t sampleEveryMs = 10;
    // Bounds on the work of one run; passing one throws RunStopped. Checked
    // every kLimitCheckEvents trace lines, so a bound is passed by at most
    // that many lines.
    // The simulator's own memory for the chunks the simulated streams hold
    // (bytes; 0: no bound). Not the simulated process's memory_limit_mb.
    std::int64_t maxCoreMemoryBytes = std::int64_t{1} << 30;
    // Trace lines in all (0: no bound).
    std::int64_t maxEvents = 0;
    // With until_ms: trace lines in a row without the clock moving. Such a
    // run is all synchronous and until_ms can never come (0: no bound).
    std::int64_t maxEventsWithoutTime = 10'000'000;
};

inline constexpr std::int64_t kLimitCheckEvents = 65'536;
// Samples a sink may be given between two timers (nothing changes there).
inline constexpr std::int64_t kMaxSamplesInAGap = 10'000'000;
// What one chunk held in a simulated buffer costs the simulator (bytes).
inline constexpr std::int64_t kCoreBytesPerChunk = 16;
// The largest integer every computed time and size stays within: 2^53-1,
// Number.MAX_SAFE_INTEGER.
inline constexpr std::int64_t kMaxExactInteger = 9'007'199'254'740'991;

// A run that cannot go on: a time or size it computes would pass 2^53-1
// (the message names the stage), a bound of SimulationOptions was passed, or
// a sample sink would get more than kMaxSamplesInAGap samples between two
// timers.
// Thrown by step()/run()/runUntil(); the simulation has ended then, without a
// final trace line.
class RunStopped : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class SimulationImpl;

// Runs one scenario on the virtual event loop with simulated Node streams.
//
// Single-threaded. Sinks are called synchronously from step()/run()/runUntil()
// and must outlive the simulation's use of them. A sink may call snapshot()
// while it is being called, to see the state at the moment of the event.
class Simulation {
public:
    explicit Simulation(Scenario scenario, SimulationOptions options = {});
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    void addTraceSink(TraceSink* sink);
    void addSampleSink(SampleSink* sink);

    // The first call runs the set-up task at t = 0; each later call runs the
    // next timer. Ticks and microtasks are drained after each. Returns false
    // once the run has ended (the final idle/until/uncaught/oom line written).
    bool step();
    void run();
    // Runs every timer due at or before t (or until the run ends). now() stays
    // at the time of the last timer run.
    void runUntil(std::int64_t t);

    [[nodiscard]] std::int64_t now() const;
    [[nodiscard]] std::optional<std::int64_t> nextDue() const;
    [[nodiscard]] bool ended() const;
    [[nodiscard]] Outcome outcome() const;
    [[nodiscard]] const Scenario& scenario() const;
    [[nodiscard]] NodeProfile profile() const;
    [[nodiscard]] const SimulationStats& stats() const;

    // The memory model's totals now.
    [[nodiscard]] ProcessMemory memory() const;
    [[nodiscard]] std::vector<StageSnapshot> snapshot() const;
    void snapshot(std::vector<StageSnapshot>& out) const;

    // Live edits (the run goes on, no restart).
    void setStageTiming(std::size_t stageIndex, const StageTiming& timing);

private:
    std::unique_ptr<SimulationImpl> m_impl;
};

}  // namespace bplab
