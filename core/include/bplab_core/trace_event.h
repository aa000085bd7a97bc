#pragma once

// The trace's domain types: the kinds of line, the fields each carries, one
// line as a value, and the sink that receives lines as they are produced.
// Writing them as JSON Lines is trace_jsonl.h; writing a long trace fast, on
// a thread of its own, is the bplab_fast_trace target.

#include <cstdint>
#include <string_view>

namespace bplab {

// The trace of scenario-v1 section 6, and the lines scenario-v2 adds.
enum class EventKind : std::uint8_t {
    Read,      // rlen
    Push,      // bytes (null for EOF), ret, rlen
    Write,     // bytes, ret, wlen
    Process,   // bytes, wlen
    Done,      // bytes, wlen
    Data,      // bytes, rlen
    Pause,     // rlen
    Resume,    // rlen
    End,       //
    Drain,     // wlen
    Finish,    //
    Close,     //
    Pipe,      //
    Unpipe,    //
    Error,     // message
    Pipeline,  // error: message or null (stage "*")
    Uncaught,  // message
    Oom,       // bytes: memory held (stage "*")
    Idle,      // last line: the queue emptied (stage "*")
    Until,     // last line: next timer after until_ms (stage "*")
    Flush,     // rlen: a Transform's _flush() is entered (v2)
    Flushed,   // rlen: _flush() is about to call its callback (v2)
    Decode,    // text: what a decoding writable's decode call returned (v2)
};
inline constexpr int kEventKindCount = static_cast<int>(EventKind::Decode) + 1;

std::string_view toString(EventKind kind);  // the "ev" value: "read", "push", ...

// Which fields a line of this kind carries.
struct EventFields {
    bool bytes = false;
    bool ret = false;
    bool rlen = false;
    bool wlen = false;
    bool message = false;  // "message" (error, uncaught), "error" (pipeline) or "text" (decode)
};
EventFields fieldsOf(EventKind kind);
// The key of the kind's string field: "message", "error" or "text".
std::string_view messageKeyOf(EventKind kind);

// Stage index used for lines whose stage is "*".
inline constexpr std::int32_t kAllStages = -1;

// One trace line. Only the fields that fieldsOf(kind) names are meaningful.
// `message` points into storage owned by the producer and is valid only during
// TraceSink::record().
struct TraceEvent {
    std::int64_t t = 0;               // virtual ms
    std::int32_t stage = kAllStages;  // index into Scenario::stages, or kAllStages
    EventKind kind = EventKind::Idle;
    bool ret = false;
    bool bytesNull = false;    // push(null): "bytes": null
    bool messageNull = false;  // pipeline callback without error: "error": null
    std::int64_t bytes = 0;    // payload bytes (nominal size in objectMode)
    std::int64_t length = 0;   // rlen or wlen, whichever the kind carries
    std::string_view message;
};

// Receives every trace line as it is produced, synchronously, on the
// simulation's thread.
class TraceSink {
public:
    virtual ~TraceSink() = default;
    virtual void record(const TraceEvent& event) = 0;
};

}  // namespace bplab
