#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bplab_core/result.h"

namespace bplab {

// The scenario file of format 1 (docs/scenario-format.md) and the additions of
// format 2: the for-await wiring and wirings per pair, a Transform's flush,
// text, the Buffer pool and retained slices.
// Every time is in virtual milliseconds, every size in bytes (or objects where
// the side is in objectMode).

enum class NodeProfile { V20, V24 };
// ForAwait is format 2 (scenario-v2 section 2): the hand-written
// `for await` loop that awaits 'drain'.
enum class Wiring { Pipe, Pipeline, Naive, ForAwait };
enum class StageKind { Readable, Transform, Writable };
enum class SourceMode { Pull, Push };
enum class FaultAction { Error, Destroy };
// How a writable of a text pipeline decodes what it receives (scenario-v2
// section 4): not at all, each chunk on its own (chunk.toString('utf8')), or
// through one StringDecoder.
enum class Decode { None, PerChunk, StringDecoder };
// How a byte-mode readable side allocates its chunks (scenario-v2 section 5):
// each its own allocation (Buffer.alloc), or Buffer.allocUnsafe's shared pool.
enum class Alloc { Alloc, Pool };

// A value given either once for the stage or per side ({"readable":…,"writable":…}).
// On a readable only `readable` is meaningful, on a writable only `writable`:
// the other side keeps its default (false / absent), and the file's single
// value lands on the meaningful side. On a transform a single value sets both
// sides (split = false, readable == writable); a per-side object (transforms
// only) sets split = true, and a side missing from it keeps its default.
template <typename T>
struct PerSide {
    T readable{};
    T writable{};
    bool split = false;  // written in the file as an object with both sides
    friend bool operator==(const PerSide&, const PerSide&) = default;
};

// The timing parameters of a stage: what may change while a run goes on (a
// live edit applies from the next time the stage draws a step time). A
// readable uses intervalMs; transforms and writables delayMs and perKibMs;
// transforms ratio and split; every stage jitter.
struct StageTiming {
    std::int64_t intervalMs = 0;
    std::int64_t delayMs = 0;
    double perKibMs = 0.0;
    double jitter = 0.0;
    double ratio = 1.0;
    std::int64_t split = 1;
    friend bool operator==(const StageTiming&, const StageTiming&) = default;
};

// A stage is its timing plus what is fixed for the run. The timing is a base,
// not a member, so `stage.delayMs` reads as the file's key does; timing()
// hands the six fields over as one value.
struct Stage : StageTiming {
    std::string id;
    StageKind kind = StageKind::Readable;
    PerSide<bool> objectMode;
    // Absent = the profile's default for that side's mode.
    PerSide<std::optional<std::int64_t>> highWaterMark;

    // readable
    std::int64_t chunks = 0;
    std::int64_t chunkBytes = 1024;
    SourceMode mode = SourceMode::Pull;

    // readable, format 2: the payload is this text's UTF-8 (1 to 65,536
    // bytes) cut into chunks of chunkBytes, the last one maybe shorter;
    // chunks is then derived, ceil(bytes / chunkBytes).
    std::optional<std::string> text;
    // writable, format 2 (with a text source only).
    Decode decode = Decode::None;

    // transform, format 2: a _flush() that takes flushMs (absent: no _flush)
    // and then pushes flushChunks chunks of flushBytes bytes (an object's
    // nominal size on an objectMode readable side).
    std::optional<std::int64_t> flushMs;
    std::int64_t flushChunks = 1;
    std::int64_t flushBytes = 1024;

    // readable and transform, format 2: how the readable side's chunks are
    // allocated (absent: Alloc::Alloc). Kept as written, so a file that
    // states "alloc" saves it again.
    std::optional<Alloc> alloc;
    // writable, format 2: `_write` keeps chunk.subarray(0, retainBytes) of
    // every chunk for the rest of the run (bytes; absent: 0, nothing kept).
    std::optional<std::int64_t> retainBytes;

    [[nodiscard]] Alloc allocOrDefault() const { return alloc.value_or(Alloc::Alloc); }
    [[nodiscard]] std::int64_t retainBytesOrDefault() const { return retainBytes.value_or(0); }

    [[nodiscard]] const StageTiming& timing() const { return *this; }
    void setTiming(const StageTiming& timing) { static_cast<StageTiming&>(*this) = timing; }

    friend bool operator==(const Stage&, const Stage&) = default;
};

struct Fault {
    std::int64_t atMs = 0;
    std::string stage;
    FaultAction action = FaultAction::Error;
    std::string message;
    friend bool operator==(const Fault&, const Fault&) = default;
};

struct Scenario {
    std::string name;
    std::string description;
    NodeProfile node = NodeProfile::V24;
    std::uint32_t seed = 1;
    std::optional<std::int64_t> untilMs;
    Wiring wiring = Wiring::Pipe;
    // Format 2: one wiring per consecutive pair (stages.size() - 1 entries,
    // never Pipeline), written in the file as an array. Empty: `wiring`
    // wires every pair. While it is not empty, `wiring` is its first entry.
    std::vector<Wiring> pairWirings;
    std::vector<Stage> stages;
    std::vector<Fault> faults;
    std::optional<std::int64_t> memoryLimitMb;
    // The "ui" object, kept verbatim as serialized JSON ("" when absent). The
    // core never looks inside. parseScenario keeps the object's text exactly
    // as the file has it; serializeScenario writes this text unchanged, so it
    // must be one JSON object with nothing before or after it.
    std::string uiJson;

    friend bool operator==(const Scenario&, const Scenario&) = default;
};

// Limits on what a scenario file may be.
inline constexpr std::size_t kMaxScenarioBytes = 16u * 1024u * 1024u;
inline constexpr int kMaxJsonDepth = 64;
// Output chunks per input chunk of a transform (`split`).
inline constexpr std::int64_t kMaxSplit = 100'000;

// Parses and validates. Errors name the JSON path, what was expected and what
// was found; JSON syntax errors name line and column.
Result<Scenario> parseScenario(std::string_view json);
// Reads a file; errors also name the file.
Result<Scenario> loadScenarioFile(const std::filesystem::path& path);
// Serializes every field (defaults included only where the file needs them to
// round-trip). parseScenario(serializeScenario(s)) == s for every valid s.
// The format is "bplab-scenario/1" unless a key of format 2 is used
// (formatVersionOf); formatVersion 2 writes "bplab-scenario/2" whatever the
// scenario uses. A formatVersion below what the scenario needs is raised to it.
std::string serializeScenario(const Scenario& scenario, int formatVersion = 0);
// 2 when the scenario uses something of bplab-scenario/2, else 1.
int formatVersionOf(const Scenario& scenario);
// The JSON path of the first key of bplab-scenario/2 the scenario uses
// ("stages[1].flush_ms"), or "" when it uses none.
std::string formatTwoPathOf(const Scenario& scenario);
// Validates a scenario built in memory (e.g. by an editor) with the same rules
// and messages as parseScenario.
Status validateScenario(const Scenario& scenario);

// The profile's default highWaterMark: 16 objects in objectMode, else
// 16384 bytes (v20) or 65536 bytes (v24).
std::int64_t defaultHighWaterMark(NodeProfile profile, bool objectMode);

std::string_view toString(NodeProfile profile);  // "20" / "24"
std::string_view toString(Wiring wiring);        // "pipe" / "pipeline" / "naive" / "for-await"
std::string_view toString(StageKind kind);       // "readable" / ...
std::string_view toString(SourceMode mode);      // "pull" / "push"
std::string_view toString(FaultAction action);   // "error" / "destroy"
std::string_view toString(Decode decode);        // "none" / "per-chunk" / "string_decoder"
std::string_view toString(Alloc alloc);          // "alloc" / "pool"

// Buffer.poolSize of the profile (bytes): Node 20's lib/buffer.js sets 8 KiB,
// Node 24's 64 KiB. Buffer.allocUnsafe(n) carves n < poolSize / 2 from the
// current slab.
std::int64_t bufferPoolSize(NodeProfile profile);
// Whether a run's memory model follows each Buffer's allocation (alloc
// "pool" or retain_bytes > 0 somewhere, scenario-v2 section 5) rather than
// counting payload.
bool tracksAllocations(const Scenario& scenario);

// How the pair (stages[pair], stages[pair + 1]) is wired: its entry of
// pairWirings, else the scenario's one wiring.
Wiring wiringOfPair(const Scenario& scenario, std::size_t pair);
// Whether any pair is wired with `wiring`.
bool usesWiring(const Scenario& scenario, Wiring wiring);

// The most bytes a text source's UTF-8 may have.
inline constexpr std::int64_t kMaxTextBytes = 65'536;
// ceil(bytes / chunkBytes): the chunks of a text source.
std::int64_t textChunkCount(std::int64_t textBytes, std::int64_t chunkBytes);

}  // namespace bplab
