#pragma once

// What a simulation shows of itself: the streams' state fields as copied out
// for display, a stage's counters and memory, the samples, the run's outcome
// and figures. Plain values; the simulation (simulation.h) produces them.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

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
    // A writable with decode "string_decoder" (scenario-v2 section 4): the
    // bytes its StringDecoder holds, the start of a character cut by a chunk
    // boundary, kept for its next write(). At most 3 for text (decoderPendingCount).
    std::array<std::uint8_t, 4> decoderPending{};
    std::int8_t decoderPendingCount = 0;
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
    // scenario-v2 section 5: external memory held only through this stage's
    // retained slices (whole allocations and slabs, bytes).
    std::int64_t retainedBytes = 0;
    friend bool operator==(const StageSnapshot&, const StageSnapshot&) = default;
};

// One row of samples: every stage at virtual time t.
struct Sample {
    std::int64_t t = 0;
    std::vector<StageSnapshot> stages;
    // Every Buffer's allocation alive, each once (with the Buffer pool of
    // scenario-v2 section 5: whole slabs), or every Buffer's payload.
    std::int64_t externalBytes = 0;
    std::int64_t heapBytes = 0;
    // Of externalBytes (section 5): the pool's slabs alive, and what only
    // retained slices hold. Both 0 unless the scenario uses alloc "pool" or
    // retain_bytes.
    std::int64_t slabBytes = 0;
    std::int64_t retainedBytes = 0;
    [[nodiscard]] std::int64_t totalBytes() const { return externalBytes + heapBytes; }
    friend bool operator==(const Sample&, const Sample&) = default;
};

// The memory model's figures of the simulated process (bytes).
struct ProcessMemory {
    std::int64_t externalBytes = 0;
    std::int64_t heapBytes = 0;
    std::int64_t peakBytes = 0;  // external + heap, the highest so far
    // Of externalBytes (scenario-v2 section 5): slabs alive, and what only
    // retained slices hold.
    std::int64_t slabBytes = 0;
    std::int64_t retainedBytes = 0;
    [[nodiscard]] std::int64_t totalBytes() const { return externalBytes + heapBytes; }
    friend bool operator==(const ProcessMemory&, const ProcessMemory&) = default;
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

}  // namespace bplab
