#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bplab_core/event_loop.h"
#include "bplab_core/scenario.h"
#include "bplab_core/trace.h"
#include "memory_model.h"

namespace bplab::streams {

// A JavaScript Error value as the simulated streams see it: its message (what
// traces print) and the `code`/`name` that Node's stream code tests.
enum class ErrorCode : std::uint8_t {
    Plain,             // new Error(message)
    PrematureClose,    // ERR_STREAM_PREMATURE_CLOSE
    WriteAfterEnd,     // ERR_STREAM_WRITE_AFTER_END
    Destroyed,         // ERR_STREAM_DESTROYED
    PushAfterEof,      // ERR_STREAM_PUSH_AFTER_EOF
    MultipleCallback,  // ERR_MULTIPLE_CALLBACK
    AlreadyFinished,   // ERR_STREAM_ALREADY_FINISHED
    InvalidArgType,    // ERR_INVALID_ARG_TYPE
    Abort,             // AbortError (name, not code)
};

struct ErrorValue {
    ErrorCode code = ErrorCode::Plain;
    std::string message;
};
// Errors are rare: shared, immutable, compared by identity like JS objects.
using ErrorPtr = std::shared_ptr<const ErrorValue>;

ErrorPtr makeError(ErrorCode code, std::string message);
ErrorPtr prematureCloseError();
ErrorPtr writeAfterEndError();
ErrorPtr destroyedError(const char* method);  // "Cannot call <method> after a stream was destroyed"
ErrorPtr pushAfterEofError();
ErrorPtr multipleCallbackError();
ErrorPtr alreadyFinishedError(const char* method);
ErrorPtr abortError();
ErrorPtr invalidChunkTypeError();

// A JS value thrown and not (yet) caught: it unwinds C++ frames exactly where
// Node's throw would unwind JS frames, and is caught only where Node's stream
// code has a try/catch.
struct JsThrow {
    ErrorPtr error;
    std::int32_t stage = kAllStages;  // emitter of an unhandled 'error', or -1
    bool unhandledErrorEvent = false;
};

// The simulated process was killed for passing memory_limit_mb. Nothing in
// the simulated code may catch it.
struct ProcessKilled {};

// What the simulated streams need from the simulation: the loop, the profile,
// the trace and the memory model. Single-threaded.
class Runtime : public MemoryModel::PeakListener {
public:
    virtual ~Runtime() = default;

    EventLoop loop;
    NodeProfile profile = NodeProfile::V24;
    // Whether a Transform's _read (Node-internal) is recorded as a `read` line.
    bool recordTransformRead = false;
    // The run's until_ms: a timer due after it never runs, so only without
    // it can a step take the clock past 2^53-1.
    std::optional<std::int64_t> untilMs;
    // A text source's payload, UTF-8 (scenario-v2 section 4; empty without
    // one). Owned by the simulation's scenario, alive for the whole run.
    std::string_view text;

    [[nodiscard]] bool v24() const { return profile == NodeProfile::V24; }
    [[nodiscard]] std::int64_t now() const { return loop.now(); }

    // Hands one line to the trace sinks; `event.t` is filled in here.
    virtual void record(TraceEvent& event) = 0;
    // The memory model: the streams call one of its hooks for each change
    // of a buffer.
    MemoryModel memory;

    // Closures (pipe, pipeline, eos state) live as long as the runtime.
    template <typename T, typename... Args>
    T* make(Args&&... args)
    {
        auto owner = std::make_shared<T>(std::forward<Args>(args)...);
        T* raw = owner.get();
        m_owned.push_back(std::move(owner));
        return raw;
    }

protected:
    // The total just passed every earlier total (memory.peakBytes()).
    void newPeak(std::int64_t total) override = 0;

private:
    std::vector<std::shared_ptr<void>> m_owned;
};

}  // namespace bplab::streams
