#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/trace.h"

namespace bplab {

// Heap cost the memory model charges for each object of an objectMode side, on
// top of its nominal size (scenario-v1 section 7): a small JS object with a
// hidden class, its properties and the buffer list node that holds it.
inline constexpr std::int64_t kObjectOverheadBytes = 64;

// Node's state fields of a readable side (Readable, or a Transform's readable
// half), named as in lib/internal/streams/readable.js.
struct ReadableState {
    bool present = false;
    bool objectMode = false;
    std::int64_t length = 0;  // bytes, or objects in objectMode
    std::int64_t highWaterMark = 0;
    std::int64_t bufferedBytes = 0;  // payload bytes in the buffer (nominal in objectMode)
    std::int64_t bufferedChunks = 0;
    std::int8_t flowing = -1;  // -1 = null (never set), 0 = false, 1 = true
    bool ended = false;
    bool endEmitted = false;
    bool reading = false;
    bool sync = false;
    bool needReadable = false;
    bool emittedReadable = false;
    bool readableListening = false;
    bool resumeScheduled = false;
    bool paused = false;
    bool dataEmitted = false;
    bool readingMore = false;
    bool destroyed = false;
    bool errored = false;
    bool closed = false;
    bool closeEmitted = false;
    bool errorEmitted = false;
    std::int32_t pipesCount = 0;
    std::int32_t awaitDrainWriters = 0;  // how many destinations it waits on
    friend bool operator==(const ReadableState&, const ReadableState&) = default;
};

// Node's state fields of a writable side (Writable, or a Transform's writable
// half), named as in lib/internal/streams/writable.js.
struct WritableState {
    bool present = false;
    bool objectMode = false;
    std::int64_t length = 0;  // bytes, or objects in objectMode; includes the chunk being written
    std::int64_t highWaterMark = 0;
    std::int64_t bufferedBytes = 0;  // payload bytes counted in length (nominal in objectMode)
    std::int64_t bufferedCount = 0;  // entries waiting in the buffer (not the one in _write)
    std::int64_t pendingcb = 0;
    bool needDrain = false;
    bool writing = false;
    bool sync = false;
    bool corked = false;
    bool ending = false;
    bool ended = false;
    bool finalCalled = false;
    bool prefinished = false;
    bool finished = false;
    bool destroyed = false;
    bool errored = false;
    bool closed = false;
    bool closeEmitted = false;
    bool errorEmitted = false;
    friend bool operator==(const WritableState&, const WritableState&) = default;
};

// What the GUI, the samples and the explanations see of one stage.
struct StageSnapshot {
    ReadableState readable;
    WritableState writable;
    bool processing = false;  // inside _write/_transform, or its timer pending
    std::int64_t processingBytes = 0;
    bool callbackHeld = false;  // a Transform holding its write callback (kCallback)
    // Cumulative counters since t = 0 (bytes, and chunks/objects).
    std::int64_t pushedBytes = 0;
    std::int64_t pushedChunks = 0;
    std::int64_t writtenBytes = 0;
    std::int64_t writtenChunks = 0;
    std::int64_t processedBytes = 0;
    std::int64_t processedChunks = 0;
    // Memory model (section 7): what this stage holds now.
    std::int64_t externalBytes = 0;  // Buffers of byte-mode sides
    std::int64_t heapBytes = 0;      // objects: nominal size + kObjectOverheadBytes each
    friend bool operator==(const StageSnapshot&, const StageSnapshot&) = default;
};

// One row of samples: every stage at virtual time t.
struct Sample {
    std::int64_t t = 0;
    std::vector<StageSnapshot> stages;
    std::int64_t externalBytes = 0;
    std::int64_t heapBytes = 0;
    [[nodiscard]] std::int64_t totalBytes() const { return externalBytes + heapBytes; }
    friend bool operator==(const Sample&, const Sample&) = default;
};

class SampleSink {
public:
    virtual ~SampleSink() = default;
    virtual void sample(const Sample& sample) = 0;
};

enum class Outcome {
    Running,   // not ended yet
    Idle,      // the queue emptied
    Until,     // stopped at until_ms
    Uncaught,  // an 'error' with no listener ended the process
    Oom,       // memory_limit_mb passed
};
std::string_view toString(Outcome outcome);

struct SimulationStats {
    std::int64_t events = 0;
    std::int64_t pauses = 0;
    std::int64_t drains = 0;
    std::int64_t peakMemoryBytes = 0;  // external + heap
    std::int64_t peakMemoryAtMs = 0;   // virtual ms when the peak was first reached
    friend bool operator==(const SimulationStats&, const SimulationStats&) = default;
};

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

    [[nodiscard]] std::vector<StageSnapshot> snapshot() const;
    void snapshot(std::vector<StageSnapshot>& out) const;

    // Live edits (the run goes on, no restart).
    void setStageTiming(std::size_t stageIndex, const StageTiming& timing);

private:
    std::unique_ptr<SimulationImpl> m_impl;
};

}  // namespace bplab
