#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "streams/runtime.h"

namespace bplab::streams {

// A chunk is a size and a kind, never a payload: 16 bytes. A chunk of a text
// pipeline (scenario-v2 section 4) carries its bytes as where they start in
// the source's text (Runtime::text, at most 65,536 bytes), which outlives
// every chunk. A Buffer names its allocation in the memory model when the
// run tracks allocations (scenario-v2 section 5; 0 otherwise).
struct Chunk {
    std::int64_t bytes = 0;        // payload bytes (nominal size of an object)
    bool object = false;           // a JS object rather than a Buffer
    bool hasCallback = false;      // a buffered write whose callback waits out of line
    std::uint16_t textOffset = 0;  // bytes into Runtime::text (a text source's chunks only)
    std::uint32_t alloc = 0;       // MemoryModel allocation id; 0: not tracked
};
static_assert(sizeof(Chunk) == 16);

// The events the simulated streams emit. Numbering is internal; no string
// names exist at run time.
enum class Ev : std::uint8_t {
    Data,
    End,
    Finish,
    Close,
    Error,
    Drain,
    Pause,
    Resume,
    Pipe,
    Unpipe,
    Readable,
    Prefinish,
    Count
};

class Stream;

struct EventArg {
    Chunk chunk;                      // 'data'
    Stream* other = nullptr;          // 'pipe' / 'unpipe': the source
    const ErrorPtr* error = nullptr;  // 'error'
    bool* hasUnpiped = nullptr;       // 'unpipe': Node's unpipeInfo.hasUnpiped
};

// A listener is a plain function and a context; (fn, ctx) is its identity for
// removeListener. Contexts are owned by whoever installed the listener and
// outlive the run.
using ListenerFn = void (*)(void* ctx, Stream& self, const EventArg& arg);
struct Listener {
    ListenerFn fn = nullptr;
    void* ctx = nullptr;
    bool once = false;
};

// A write callback (rare: none of the stages' wirings pass one). Kept out of
// line so a buffered write is 16 bytes, and one pointer wide, so that passing
// "no callback" down the write path and back costs next to nothing. A copy
// (only closures that defer a callback make one) copies the function.
class WriteCallback {
public:
    using Fn = std::function<void(const ErrorPtr&)>;

    WriteCallback() = default;
    WriteCallback(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
    template <typename F,
              typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, WriteCallback> &&
                                          std::is_invocable_v<std::decay_t<F>&, const ErrorPtr&>>>
    WriteCallback(
        F&& f)  // NOLINT(google-explicit-constructor,bugprone-forwarding-reference-overload)
    {
        if constexpr (std::is_same_v<std::decay_t<F>, Fn>) {
            if (!f) {
                return;  // an empty std::function is no callback
            }
        }
        m_fn = std::make_unique<Fn>(std::forward<F>(f));
    }
    WriteCallback(const WriteCallback& other)
        : m_fn(other.m_fn ? std::make_unique<Fn>(*other.m_fn) : nullptr)
    {
    }
    WriteCallback& operator=(const WriteCallback& other)
    {
        if (this != &other) {
            m_fn = other.m_fn ? std::make_unique<Fn>(*other.m_fn) : nullptr;
        }
        return *this;
    }
    WriteCallback(WriteCallback&&) noexcept = default;
    WriteCallback& operator=(WriteCallback&&) noexcept = default;
    ~WriteCallback() = default;
    WriteCallback& operator=(std::nullptr_t)
    {
        m_fn.reset();
        return *this;
    }

    explicit operator bool() const { return m_fn != nullptr; }
    void operator()(const ErrorPtr& err) const { (*m_fn)(err); }

private:
    std::unique_ptr<Fn> m_fn;
};

// Node's ReadableState (lib/internal/streams/readable.js), field by field.
struct ReadableSide {
    bool objectMode = false;
    std::int64_t highWaterMark = 0;
    std::deque<Chunk> buffer;
    std::int64_t length = 0;         // bytes, or objects in objectMode
    std::int64_t bufferedBytes = 0;  // payload in `buffer` (nominal size in objectMode)
    std::int8_t flowing = -1;        // -1 null, 0 false, 1 true
    bool ended = false;
    bool endEmitted = false;
    bool endScheduled = false;  // v24 only
    bool reading = false;
    bool constructed = true;
    bool sync = true;
    bool needReadable = false;
    bool emittedReadable = false;
    bool readableListening = false;
    bool resumeScheduled = false;
    bool paused = false;
    bool hasPaused = false;
    bool dataEmitted = false;
    bool readingMore = false;
    bool dataListening = false;
    bool multiAwaitDrain = false;
    bool errorEmitted = false;
    bool autoDestroy = true;
    bool emitClose = true;
    bool destroyed = false;
    bool closed = false;
    bool closeEmitted = false;
    bool readable = true;  // `readable !== false` (Duplex option)
    ErrorPtr errored;
    std::vector<Stream*> pipes;
    // null (empty, not multi), one dest, or a Set once multiAwaitDrain.
    std::vector<Stream*> awaitDrainWriters;
};

// Node's WritableState (lib/internal/streams/writable.js), field by field.
struct WritableSide {
    bool objectMode = false;
    std::int64_t highWaterMark = 0;
    std::int64_t length = 0;         // bytes, or objects; includes the chunk in _write
    std::int64_t bufferedBytes = 0;  // payload counted in `length`
    std::deque<Chunk> buffered;
    std::deque<WriteCallback> bufferedCallbacks;  // for entries with hasCallback, in order
    bool bufferedFlag = false;                    // kBuffered: cleared only by resetBuffer
    std::int64_t pendingcb = 0;
    std::int64_t writelen = 0;
    std::int64_t writeBytes = 0;   // payload of the chunk in _write
    std::uint32_t writeAlloc = 0;  // its allocation in the memory model
    WriteCallback writecb;         // empty = nop
    std::int32_t corked = 0;
    std::int32_t afterWriteTickCount = 0;
    bool needDrain = false;
    bool ending = false;
    bool ended = false;
    bool finished = false;
    bool writing = false;
    bool sync = true;
    bool bufferProcessing = false;
    bool constructed = true;
    bool expectWriteCb = false;
    bool afterWritePending = false;
    bool afterWriteTickInfo = false;
    bool finalCalled = false;
    bool prefinished = false;
    bool errorEmitted = false;
    bool autoDestroy = true;
    bool emitClose = true;
    bool destroyed = false;
    bool closed = false;
    bool closeEmitted = false;
    bool writable = true;  // `writable !== false` (Duplex option)
    ErrorPtr errored;
    std::vector<std::function<void(const ErrorPtr&)>> onFinished;
};

enum class StreamKind : std::uint8_t { Readable, Writable, Transform };

struct StreamOptions {
    bool readableObjectMode = false;
    bool writableObjectMode = false;
    std::int64_t readableHighWaterMark = 0;
    std::int64_t writableHighWaterMark = 0;
};

// Readable, Writable and Transform (a Duplex) in one class, mirroring Node's
// decisions by name. Single-threaded; owned by the simulation.
class Stream {
public:
    Stream(Runtime& rt, std::int32_t stage, StreamKind kind, const StreamOptions& options);
    virtual ~Stream() = default;
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;

    [[nodiscard]] std::int32_t stage() const { return m_stage; }
    [[nodiscard]] StreamKind kind() const { return m_kind; }
    [[nodiscard]] bool hasReadable() const { return m_kind != StreamKind::Writable; }
    [[nodiscard]] bool hasWritable() const { return m_kind != StreamKind::Readable; }
    [[nodiscard]] const ReadableSide& readableState() const { return m_r; }
    [[nodiscard]] const WritableSide& writableState() const { return m_w; }
    [[nodiscard]] bool callbackHeld() const { return m_heldCallback; }
    // Cumulative counters (bytes and chunks): push() calls on this stream,
    // write() calls accepted, _write/_transform steps completed.
    std::int64_t pushedBytes = 0;
    std::int64_t pushedChunks = 0;
    std::int64_t writtenBytes = 0;
    std::int64_t writtenChunks = 0;
    std::int64_t processedBytes = 0;
    std::int64_t processedChunks = 0;

    // For the pipe()/pipeline() closures, which Node lets touch the state.
    ReadableSide& mutableReadableState() { return m_r; }

    // EventEmitter
    void on(Ev ev, ListenerFn fn, void* ctx);
    void once(Ev ev, ListenerFn fn, void* ctx);
    void prependListener(Ev ev, ListenerFn fn, void* ctx);
    void removeListener(Ev ev, ListenerFn fn, void* ctx);
    [[nodiscard]] std::size_t listenerCount(Ev ev) const { return m_listeners[idx(ev)].size(); }
    bool emit(Ev ev, const EventArg& arg = {});

    // Readable
    bool push(std::optional<Chunk> chunk);  // nullopt = push(null)
    std::optional<Chunk> read();            // read() with no argument
    // read() whose caller keeps the chunk it returns: the read's reference
    // to its allocation is the caller's, to let go of with memory.release().
    std::optional<Chunk> readAndKeep();
    std::optional<Chunk> read(std::int64_t n);
    void pause();
    void resume();
    Stream& pipe(Stream& dest, bool end = true);
    void unpipe(Stream& dest);

    // Writable
    bool write(Chunk chunk, WriteCallback cb = {});
    void end();
    void cork();
    void uncork();

    void destroy(ErrorPtr err = nullptr);

    // Getters named as Node's.
    [[nodiscard]] bool destroyed() const;
    [[nodiscard]] bool readable() const;  // stream.readable (false for a Writable)
    [[nodiscard]] bool writable() const;  // stream.writable (false for a Readable)
    [[nodiscard]] bool writableNeedDrain() const;
    [[nodiscard]] bool writableFinished() const { return hasWritable() && m_w.finished; }
    [[nodiscard]] bool closed() const;
    [[nodiscard]] bool allowHalfOpen() const { return true; }

    // The callback Node passes to _write (state.onwrite).
    void onwrite(const ErrorPtr& err);

protected:
    // Stage behaviour. _read(n); _write(chunk) then onwrite() later;
    // _transform(chunk) then transformCallback() later.
    virtual void _read(std::int64_t n);
    virtual void _write(Chunk chunk);
    virtual void _transform(Chunk chunk);
    // The callback Node hands to _transform (Transform.prototype._write's).
    void transformCallback(const ErrorPtr& err);
    // A Transform with a _flush(cb): Node calls it from `final` once the
    // writable side has ended and the last _transform has called back.
    [[nodiscard]] virtual bool hasFlush() const { return false; }
    virtual void _flush();
    // The callback Node hands to _flush (without error or data).
    void flushCallback();
    // A Writable with a _final(cb) of its own; _final calls finalCallback.
    [[nodiscard]] virtual bool hasFinal() const { return false; }
    virtual void _final() {}
    void finalCallback(const ErrorPtr& err) { onFinish(err); }

    Runtime& m_rt;
    ReadableSide m_r;  // _readableState
    WritableSide m_w;  // _writableState

private:
    static constexpr std::size_t idx(Ev ev) { return static_cast<std::size_t>(ev); }
    void addListener(Ev ev, Listener l, bool prepend);
    void onListenerAdded(Ev ev);
    void nReadingNextTick();
    void updateReadableListening();
    void recordEmit(Ev ev, const EventArg& arg);
    bool emitToListeners(Ev ev, const EventArg& arg);

    // readable.js
    bool readImpl(bool natural, std::int64_t n, Chunk& out, bool keep = false);
    bool readableAddChunkPush(Chunk chunk);
    void addChunk(Chunk chunk);
    bool canPushMore() const;
    void onEofChunk();
    void emitReadable();
    void emitReadable_();
    void maybeReadMore();
    void maybeReadMore_();
    void flow();
    void resumeSchedule();
    void resume_();
    void endReadable();
    void endReadableNT();
    std::int64_t howMuchToRead(bool natural, std::int64_t n) const;
    Chunk fromList(std::int64_t n);
    void clearAwaitDrainWriters();
    void bufferAdd(Chunk c);
    void bufferRemoved(std::int64_t payload, std::int64_t count);
    void releaseChunk(const Chunk& c) { m_rt.memory.release(c.alloc); }

    // writable.js
    bool writeImpl(Chunk chunk, WriteCallback&& cb, ErrorPtr* failure);
    bool writeOrBuffer(Chunk chunk, WriteCallback&& cb);
    void doWrite(std::int64_t len, Chunk chunk, WriteCallback&& cb);
    void afterWrite(std::int32_t count, const WriteCallback& cb);
    void afterWriteTick();
    void onwriteError(const ErrorPtr& er, const WriteCallback& cb);
    void errorBuffer();
    void clearBuffer();
    bool needFinish() const;
    void prefinish();
    void onFinish(ErrorPtr err);
    void finishMaybe(bool sync);
    void finish();
    void callFinishedCallbacks(const ErrorPtr& err);
    void writableLengthAdd(std::int64_t len, std::int64_t bytes, std::uint32_t alloc);
    void writableLengthSub(std::int64_t len, std::int64_t bytes, std::uint32_t alloc);
    void transformFinal();

    // destroy.js
    void destroyImpl(ErrorPtr err);
    void checkError(const ErrorPtr& err);
    void onDestroy(ErrorPtr err);
    void emitErrorCloseNT(ErrorPtr err);
    void emitCloseNT();
    void emitErrorNT(const ErrorPtr& err);

public:
    void errorOrDestroy(ErrorPtr err, bool sync = false);

private:
    std::int32_t m_stage;
    StreamKind m_kind;
    // NOLINTNEXTLINE(readability-identifier-naming): clang-tidy 14 misreads Ev::Count here
    std::array<std::vector<Listener>, static_cast<std::size_t>(Ev::Count)> m_listeners;
    // Transform (transform.js)
    bool m_heldCallback = false;         // kCallback
    std::int64_t m_transformLength = 0;  // rState.length when _write began
};

}  // namespace bplab::streams
