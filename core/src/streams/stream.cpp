#include "streams/stream.h"

#include <algorithm>
#include <cassert>
#include <utility>


namespace bplab::streams {

Stream::Stream(Runtime& runtime, std::int32_t stage, StreamKind kind, const StreamOptions& options)
    : m_rt(runtime), m_stage(stage), m_kind(kind)
{
    m_r.objectMode = options.readableObjectMode;
    m_r.highWaterMark = options.readableHighWaterMark;
    m_w.objectMode = options.writableObjectMode;
    m_w.highWaterMark = options.writableHighWaterMark;
    if (kind == StreamKind::Transform) {
        // Transform's constructor: the readable side starts non-sync.
        m_r.sync = false;
    }
}

// ---------------------------------------------------------------- events.js

// events.js _addListener
void Stream::addListener(Ev ev, Listener l, bool prepend)
{
    auto& list = m_listeners[idx(ev)];
    if (prepend) {
        list.insert(list.begin(), l);
    } else {
        list.push_back(l);
    }
}

void Stream::onListenerAdded(Ev ev)
{
    // Readable.prototype.on: a 'data' listener starts the flow unless the
    // stream was explicitly paused.
    if (ev == Ev::Data && hasReadable()) {
        m_r.dataListening = true;
        if (m_r.flowing != 0) {
            resume();
        }
    }
}

// Readable.prototype.on (EventEmitter.prototype.on for a Writable)
void Stream::on(Ev ev, ListenerFn fn, void* ctx)
{
    addListener(ev, Listener{fn, ctx, false}, false);
    onListenerAdded(ev);
}

// EventEmitter.prototype.once: this.on() with a self-removing wrapper
void Stream::once(Ev ev, ListenerFn fn, void* ctx)
{
    addListener(ev, Listener{fn, ctx, true}, false);
    onListenerAdded(ev);
}

void Stream::prependListener(Ev ev, ListenerFn fn, void* ctx)
{
    // EventEmitter.prototype.prependListener: Readable does not override it.
    addListener(ev, Listener{fn, ctx, false}, true);
}

void Stream::removeListener(Ev ev, ListenerFn fn, void* ctx)
{
    auto& list = m_listeners[idx(ev)];
    // EventEmitter.prototype.removeListener removes the last match.
    for (std::size_t i = list.size(); i-- > 0;) {
        if (list[i].fn == fn && list[i].ctx == ctx) {
            list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
            break;
        }
    }
    if (ev == Ev::Data && hasReadable() && list.empty()) {
        m_r.dataListening = false;
    }
}

// The trace line of an emitted event, written before any listener runs.
void Stream::recordEmit(Ev ev, const EventArg& arg)
{
    TraceEvent e;
    e.stage = m_stage;
    switch (ev) {
        case Ev::Data:
            e.kind = EventKind::Data;
            e.bytes = arg.chunk.bytes;
            e.length = m_r.length;
            break;
        case Ev::Pause:
            e.kind = EventKind::Pause;
            e.length = m_r.length;
            break;
        case Ev::Resume:
            e.kind = EventKind::Resume;
            e.length = m_r.length;
            break;
        case Ev::End:
            e.kind = EventKind::End;
            break;
        case Ev::Drain:
            e.kind = EventKind::Drain;
            e.length = m_w.length;
            break;
        case Ev::Finish:
            e.kind = EventKind::Finish;
            break;
        case Ev::Close:
            e.kind = EventKind::Close;
            break;
        case Ev::Pipe:
            e.kind = EventKind::Pipe;
            break;
        case Ev::Unpipe:
            e.kind = EventKind::Unpipe;
            break;
        case Ev::Error:
            e.kind = EventKind::Error;
            e.message = (*arg.error)->message;
            break;
        default:
            return;  // 'readable', 'prefinish' are not traced
    }
    m_rt.record(e);
}

// EventEmitter.prototype.emit: listeners run in order over the list as it was
// when the emit began; an 'error' nobody listens to is thrown.
bool Stream::emit(Ev ev, const EventArg& arg)
{
    recordEmit(ev, arg);
    const auto& list = m_listeners[idx(ev)];
    if (list.size() == 1 && !list.front().once) {
        // Node keeps a lone listener as a plain function and calls it directly.
        const Listener l = list.front();
        l.fn(l.ctx, *this, arg);
        return true;
    }
    return emitToListeners(ev, arg);
}

// The rest of emit, out of line so the common case above needs no room for
// a snapshot: no listener, several, or a once listener.
bool Stream::emitToListeners(Ev ev, const EventArg& arg)
{
    auto& list = m_listeners[idx(ev)];
    if (list.empty()) {
        if (ev == Ev::Error) {
            throw JsThrow{*arg.error, m_stage, true};
        }
        return false;
    }
    constexpr std::size_t kInline = 8;
    std::array<Listener, kInline> inlineSnapshot;
    std::vector<Listener> heapSnapshot;
    const Listener* snapshot = nullptr;
    const std::size_t n = list.size();
    if (n <= kInline) {
        std::copy(list.begin(), list.end(), inlineSnapshot.begin());
        snapshot = inlineSnapshot.data();
    } else {
        heapSnapshot = list;
        snapshot = heapSnapshot.data();
    }
    for (std::size_t i = 0; i < n; ++i) {
        const Listener l = snapshot[i];
        if (l.once) {
            // onceWrapper removes itself before running.
            auto& live = m_listeners[idx(ev)];
            for (std::size_t j = 0; j < live.size(); ++j) {
                if (live[j].fn == l.fn && live[j].ctx == l.ctx && live[j].once) {
                    live.erase(live.begin() + static_cast<std::ptrdiff_t>(j));
                    break;
                }
            }
            if (ev == Ev::Data && hasReadable() && live.empty()) {
                m_r.dataListening = false;
            }
        }
        l.fn(l.ctx, *this, arg);
    }
    return true;
}

// ---------------------------------------------------------------- getters

bool Stream::destroyed() const
{
    if (m_kind == StreamKind::Transform) {
        return m_r.destroyed && m_w.destroyed;
    }
    return hasWritable() ? m_w.destroyed : m_r.destroyed;
}

bool Stream::readable() const
{
    return hasReadable() && m_r.readable && !m_r.destroyed && !m_r.errorEmitted && !m_r.endEmitted;
}

bool Stream::writable() const
{
    return hasWritable() && m_w.writable && !m_w.ending && !m_w.ended && !m_w.destroyed &&
           !m_w.errored;
}

bool Stream::writableNeedDrain() const
{
    return hasWritable() && !m_w.destroyed && !m_w.ending && m_w.needDrain;
}

bool Stream::closed() const
{
    return hasWritable() ? m_w.closed : m_r.closed;
}

// ---------------------------------------------------------------- memory

// The buffer half of addChunk (length += size, buffer.push), and its hook of
// the memory model.
void Stream::bufferAdd(Chunk c)
{
    m_r.length += m_r.objectMode ? 1 : c.bytes;
    m_r.bufferedBytes += c.bytes;
    m_r.buffer.push_back(c);
    m_rt.memory.readableBuffered(m_stage, m_r.objectMode, c.bytes);
}

void Stream::bufferRemoved(std::int64_t payload, std::int64_t count)
{
    m_r.bufferedBytes -= payload;
    m_rt.memory.readableTaken(m_stage, m_r.objectMode, payload, count);
}

// state.length += len in writeOrBuffer, and its hook of the memory model.
void Stream::writableLengthAdd(std::int64_t len, std::int64_t bytes)
{
    m_w.length += len;
    m_w.bufferedBytes += bytes;
    m_rt.memory.writableCounted(m_stage, m_w.objectMode, bytes, len);
}

void Stream::writableLengthSub(std::int64_t len, std::int64_t bytes)
{
    m_w.length -= len;
    m_w.bufferedBytes -= bytes;
    m_rt.memory.writableReleased(m_stage, m_w.objectMode, bytes, len);
}

// ---------------------------------------------------------------- readable.js

// Readable.prototype.push; records the `push` line when push() returns.
bool Stream::push(std::optional<Chunk> chunk)
{
    bool ret = false;
    if (!chunk) {
        // readableAddChunkPush*: push(null)
        m_r.reading = false;
        onEofChunk();
        ret = false;
    } else {
        ret = readableAddChunkPush(*chunk);
    }
    if (chunk) {
        pushedBytes += chunk->bytes;
        ++pushedChunks;
    }
    TraceEvent e;
    e.stage = m_stage;
    e.kind = EventKind::Push;
    e.bytesNull = !chunk;
    e.bytes = chunk ? chunk->bytes : 0;
    e.ret = ret;
    e.length = m_r.length;
    m_rt.record(e);
    return ret;
}

// readableAddChunkPushByteMode / readableAddChunkPushObjectMode
bool Stream::readableAddChunkPush(Chunk chunk)
{
    if (!m_r.objectMode && chunk.object) {
        errorOrDestroy(invalidChunkTypeError());
        return false;
    }
    if (m_r.ended) {
        errorOrDestroy(pushAfterEofError());
        return false;
    }
    if (m_r.destroyed || m_r.errored) {
        return false;
    }
    m_r.reading = false;
    addChunk(chunk);
    return canPushMore();
}

bool Stream::canPushMore() const
{
    return !m_r.ended && (m_r.length < m_r.highWaterMark || m_r.length == 0);
}

void Stream::clearAwaitDrainWriters()
{
    m_r.awaitDrainWriters.clear();
}

// addChunk
void Stream::addChunk(Chunk chunk)
{
    if (m_r.flowing == 1 && !m_r.sync && m_r.dataListening && m_r.length == 0) {
        clearAwaitDrainWriters();
        m_r.dataEmitted = true;
        EventArg arg;
        arg.chunk = chunk;
        emit(Ev::Data, arg);
    } else {
        bufferAdd(chunk);
        if (m_r.needReadable) {
            emitReadable();
        }
    }
    maybeReadMore();
}

// Readable.prototype.read() and read(n)
std::optional<Chunk> Stream::read()
{
    Chunk out;
    if (readImpl(true, 0, out)) {
        return out;
    }
    return std::nullopt;
}

std::optional<Chunk> Stream::read(std::int64_t n)
{
    Chunk out;
    if (readImpl(false, n, out)) {
        return out;
    }
    return std::nullopt;
}

// computeNewHighWaterMark
static std::int64_t nextPowerOfTwo(std::int64_t n)
{
    std::int64_t p = 1;
    while (p < n) {
        p <<= 1;
    }
    return p;
}

// howMuchToRead; `natural` is read() without argument (n = NaN in Node).
std::int64_t Stream::howMuchToRead(bool natural, std::int64_t n) const
{
    if ((!natural && n <= 0) || (m_r.length == 0 && m_r.ended)) {
        return 0;
    }
    if (m_r.objectMode) {
        return 1;
    }
    if (natural) {
        if (m_r.flowing == 1 && m_r.length != 0) {
            return m_r.buffer.front().bytes;
        }
        return m_r.length;
    }
    if (n <= m_r.length) {
        return n;
    }
    return m_r.ended ? m_r.length : 0;
}

// fromList: takes n (bytes, or one object) off the front of the buffer.
Chunk Stream::fromList(std::int64_t n)
{
    if (m_r.objectMode) {
        Chunk c = m_r.buffer.front();
        m_r.buffer.pop_front();
        bufferRemoved(c.bytes, 1);
        return c;
    }
    Chunk out;
    out.object = false;
    std::int64_t need = n;
    std::int64_t taken = 0;
    while (need > 0 && !m_r.buffer.empty()) {
        Chunk& first = m_r.buffer.front();
        if (first.bytes <= need) {
            need -= first.bytes;
            taken += first.bytes;
            m_r.buffer.pop_front();
        } else {
            first.bytes -= need;
            taken += need;
            need = 0;
        }
    }
    out.bytes = taken;
    bufferRemoved(taken, 0);
    return out;
}

// Readable.prototype.read
bool Stream::readImpl(bool natural, std::int64_t n, Chunk& out)
{
    const bool nOrigNatural = natural;
    const std::int64_t nOrig = n;

    if (!natural && n > m_r.highWaterMark) {
        m_r.highWaterMark = nextPowerOfTwo(n);
    }
    if (natural || n != 0) {
        m_r.emittedReadable = false;
    }

    const std::int64_t stateLength = m_r.length;
    if (!natural && n == 0 && m_r.needReadable &&
        ((m_r.highWaterMark != 0 ? stateLength >= m_r.highWaterMark : stateLength > 0) ||
         m_r.ended)) {
        if (stateLength == 0 && m_r.ended) {
            endReadable();
        } else {
            emitReadable();
        }
        return false;
    }

    n = howMuchToRead(natural, n);

    if (n == 0 && m_r.ended) {
        if (m_r.length == 0) {
            endReadable();
        }
        return false;
    }

    bool doRead = m_r.needReadable;
    if (m_r.length == 0 || m_r.length - n < m_r.highWaterMark) {
        doRead = true;
    }
    if (m_r.reading || m_r.ended || m_r.destroyed || m_r.errored || !m_r.constructed) {
        doRead = false;
    } else if (doRead) {
        m_r.reading = true;
        m_r.sync = true;
        if (m_r.length == 0) {
            m_r.needReadable = true;
        }
        try {
            _read(m_r.highWaterMark);
        } catch (JsThrow& thrown) {
            errorOrDestroy(thrown.error);
        }
        m_r.sync = false;
        if (!m_r.reading) {
            n = howMuchToRead(nOrigNatural, nOrig);
        }
    }

    // fromList gives null on an empty buffer.
    bool got = false;
    if (n > 0 && m_r.length > 0) {
        out = fromList(n);
        got = true;
    }

    if (!got) {
        if (m_r.length <= m_r.highWaterMark) {
            m_r.needReadable = true;
        }
        n = 0;
    } else {
        m_r.length -= n;
        clearAwaitDrainWriters();
    }

    if (m_r.length == 0) {
        if (!m_r.ended) {
            m_r.needReadable = true;
        }
        if ((nOrigNatural || nOrig != n) && m_r.ended) {
            endReadable();
        }
    }

    if (got && !m_r.errorEmitted && !m_r.closeEmitted) {
        m_r.dataEmitted = true;
        EventArg arg;
        arg.chunk = out;
        emit(Ev::Data, arg);
    }
    return got;
}

// onEofChunk
void Stream::onEofChunk()
{
    if (m_r.ended) {
        return;
    }
    m_r.ended = true;
    if (m_r.sync) {
        emitReadable();
    } else {
        m_r.needReadable = false;
        m_r.emittedReadable = true;
        emitReadable_();
    }
}

// emitReadable: 'readable' in a tick, at most one pending
void Stream::emitReadable()
{
    m_r.needReadable = false;
    if (!m_r.emittedReadable) {
        m_r.emittedReadable = true;
        m_rt.loop.nextTick<&Stream::emitReadable_>(this);
    }
}

// emitReadable_ (nobody listens to 'readable' here; flow() is what matters)
void Stream::emitReadable_()
{
    if (!m_r.destroyed && !m_r.errored && (m_r.length != 0 || m_r.ended)) {
        emit(Ev::Readable);
        m_r.emittedReadable = false;
    }
    if (m_r.flowing != 1 && !m_r.ended && m_r.length <= m_r.highWaterMark) {
        m_r.needReadable = true;
    }
    flow();
}

// maybeReadMore
void Stream::maybeReadMore()
{
    // v24 also waits while a _read is pending.
    const bool blocked = m_r.readingMore || (m_rt.v24() && m_r.reading) || !m_r.constructed;
    if (!blocked) {
        m_r.readingMore = true;
        m_rt.loop.nextTick<&Stream::maybeReadMore_>(this);
    }
}

// maybeReadMore_: fill the buffer up to the highWaterMark with read(0)
void Stream::maybeReadMore_()
{
    while (!m_r.reading && !m_r.ended &&
           (m_r.length < m_r.highWaterMark || (m_r.flowing == 1 && m_r.length == 0))) {
        const std::int64_t len = m_r.length;
        read(0);
        if (len == m_r.length) {
            break;
        }
    }
    m_r.readingMore = false;
}

// flow
void Stream::flow()
{
    while (m_r.flowing == 1 && read()) {
    }
}

// Readable.prototype.resume
void Stream::resume()
{
    if (m_r.flowing != 1) {
        m_r.flowing = m_r.readableListening ? 0 : 1;
        resumeSchedule();
    }
    m_r.hasPaused = true;
    m_r.paused = false;
}

// resume(stream, state): schedules resume_ once
void Stream::resumeSchedule()
{
    if (!m_r.resumeScheduled) {
        m_r.resumeScheduled = true;
        m_rt.loop.nextTick<&Stream::resume_>(this);
    }
}

// resume_: read(0), then 'resume', then flow
void Stream::resume_()
{
    if (!m_r.reading) {
        read(0);
    }
    m_r.resumeScheduled = false;
    emit(Ev::Resume);
    flow();
    if (m_r.flowing == 1 && !m_r.reading) {
        read(0);
    }
}

// Readable.prototype.pause: 'pause' is emitted synchronously
void Stream::pause()
{
    if (m_r.flowing != 0) {
        m_r.flowing = 0;
        emit(Ev::Pause);
    }
    m_r.hasPaused = true;
    m_r.paused = true;
}

// endReadable (v24 schedules endReadableNT once; v20 may twice)
void Stream::endReadable()
{
    if (m_rt.v24()) {
        if (!m_r.endEmitted && !m_r.endScheduled) {
            m_r.ended = true;
            m_r.endScheduled = true;
            m_rt.loop.nextTick<&Stream::endReadableNT>(this);
        }
    } else if (!m_r.endEmitted) {
        m_r.ended = true;
        m_rt.loop.nextTick<&Stream::endReadableNT>(this);
    }
}

// endReadableNT
void Stream::endReadableNT()
{
    m_r.endScheduled = false;
    if (!m_r.errored && !m_r.closeEmitted && !m_r.endEmitted && m_r.length == 0) {
        m_r.endEmitted = true;
        emit(Ev::End);
        // allowHalfOpen is true for every stream here: no endWritableNT.
        if (m_r.autoDestroy) {
            const bool autoDestroy =
                !hasWritable() || (m_w.autoDestroy && (m_w.finished || !m_w.writable));
            if (autoDestroy) {
                destroy();
            }
        }
    }
}

void Stream::_read(std::int64_t /*n*/)
{
    if (m_kind == StreamKind::Transform) {
        // Transform.prototype._read: release the held write callback.
        if (m_rt.recordTransformRead) {
            TraceEvent e;
            e.stage = m_stage;
            e.kind = EventKind::Read;
            e.length = m_r.length;
            m_rt.record(e);
        }
        if (m_heldCallback) {
            m_heldCallback = false;
            onwrite(nullptr);
        }
    }
}

// ---------------------------------------------------------------- pipe()

namespace {

// The closure of one Readable.prototype.pipe call.
struct PipeCtx {
    Runtime* rt = nullptr;
    Stream* src = nullptr;
    Stream* dest = nullptr;
    bool doEnd = true;
    bool ondrainInstalled = false;
    bool cleanedUp = false;
};

void pipeCleanup(PipeCtx& c);
void pipeOnDrain(void* ctx, Stream&, const EventArg&);

// pipe()'s onend
void pipeOnEnd(void* ctx, Stream&, const EventArg&)
{
    static_cast<PipeCtx*>(ctx)->dest->end();
}

// pipe()'s unpipe
void pipeUnpipe(void* ctx, Stream&, const EventArg&)
{
    auto* c = static_cast<PipeCtx*>(ctx);
    c->src->unpipe(*c->dest);
}

// pipe()'s onunpipe
void pipeOnUnpipe(void* ctx, Stream&, const EventArg& arg)
{
    auto* c = static_cast<PipeCtx*>(ctx);
    if (arg.other == c->src && arg.hasUnpiped && !*arg.hasUnpiped) {
        *arg.hasUnpiped = true;
        pipeCleanup(*c);
    }
}

ReadableSide& rs(Stream& s)
{
    return s.mutableReadableState();
}

// pipe()'s pause: remember dest in awaitDrainWriters, pause src, listen for drain
void pipePause(PipeCtx& c)
{
    ReadableSide& state = rs(*c.src);
    if (!c.cleanedUp) {
        auto& pipes = state.pipes;
        if (pipes.size() == 1 && pipes[0] == c.dest) {
            state.awaitDrainWriters.assign(1, c.dest);
            state.multiAwaitDrain = false;
        } else if (pipes.size() > 1 &&
                   std::find(pipes.begin(), pipes.end(), c.dest) != pipes.end()) {
            if (std::find(state.awaitDrainWriters.begin(), state.awaitDrainWriters.end(), c.dest) ==
                state.awaitDrainWriters.end()) {
                state.awaitDrainWriters.push_back(c.dest);
            }
        }
        c.src->pause();
    }
    if (!c.ondrainInstalled) {
        c.ondrainInstalled = true;
        c.dest->on(Ev::Drain, &pipeOnDrain, &c);
    }
}

// pipe()'s ondata
void pipeOnData(void* ctx, Stream&, const EventArg& arg)
{
    auto* c = static_cast<PipeCtx*>(ctx);
    if (!c->rt->v24()) {
        if (!c->dest->write(arg.chunk)) {
            pipePause(*c);
        }
        return;
    }
    // v24 catches a throwing write() (an object into a byte-mode Writable,
    // or anything thrown further down) and destroys dest with it.
    try {
        if (!c->dest->write(arg.chunk)) {
            pipePause(*c);
        }
    } catch (JsThrow& thrown) {
        c->dest->destroy(thrown.error);
    }
}

// pipeOnDrain's returned function
void pipeOnDrain(void* ctx, Stream&, const EventArg&)
{
    auto* c = static_cast<PipeCtx*>(ctx);
    ReadableSide& state = rs(*c->src);
    auto& adw = state.awaitDrainWriters;
    if (!state.multiAwaitDrain) {
        if (adw.size() == 1 && adw[0] == c->dest) {
            adw.clear();
        }
    } else {
        auto it = std::find(adw.begin(), adw.end(), c->dest);
        if (it != adw.end()) {
            adw.erase(it);
        }
    }
    if (adw.empty() && state.dataListening) {
        c->src->resume();
    }
}

void pipeOnError(void* ctx, Stream&, const EventArg& arg);
void pipeOnClose(void* ctx, Stream&, const EventArg&);
void pipeOnFinish(void* ctx, Stream&, const EventArg&);

// pipe()'s cleanup
void pipeCleanup(PipeCtx& c)
{
    Stream& dest = *c.dest;
    Stream& src = *c.src;
    dest.removeListener(Ev::Close, &pipeOnClose, &c);
    dest.removeListener(Ev::Finish, &pipeOnFinish, &c);
    if (c.ondrainInstalled) {
        dest.removeListener(Ev::Drain, &pipeOnDrain, &c);
    }
    dest.removeListener(Ev::Error, &pipeOnError, &c);
    dest.removeListener(Ev::Unpipe, &pipeOnUnpipe, &c);
    src.removeListener(Ev::End, &pipeOnEnd, &c);
    src.removeListener(Ev::End, &pipeUnpipe, &c);
    src.removeListener(Ev::Data, &pipeOnData, &c);
    c.cleanedUp = true;
    ReadableSide& state = rs(src);
    const bool awaitTruthy = state.multiAwaitDrain || !state.awaitDrainWriters.empty();
    if (c.ondrainInstalled && awaitTruthy &&
        (!dest.hasWritable() || dest.writableState().needDrain)) {
        pipeOnDrain(&c, dest, EventArg{});
    }
}

// pipe()'s onerror: unpipe, and re-emit when nobody else listens
void pipeOnError(void* ctx, Stream&, const EventArg& arg)
{
    auto* c = static_cast<PipeCtx*>(ctx);
    c->src->unpipe(*c->dest);
    c->dest->removeListener(Ev::Error, &pipeOnError, c);
    if (c->dest->listenerCount(Ev::Error) == 0) {
        const bool errorEmitted = c->dest->hasWritable() ? c->dest->writableState().errorEmitted
                                                         : c->dest->readableState().errorEmitted;
        if (!errorEmitted) {
            c->dest->errorOrDestroy(*arg.error);
        } else {
            EventArg again;
            again.error = arg.error;
            c->dest->emit(Ev::Error, again);
        }
    }
}

// pipe()'s onclose
void pipeOnClose(void* ctx, Stream&, const EventArg&)
{
    auto* c = static_cast<PipeCtx*>(ctx);
    c->dest->removeListener(Ev::Finish, &pipeOnFinish, c);
    c->src->unpipe(*c->dest);
}

// pipe()'s onfinish
void pipeOnFinish(void* ctx, Stream&, const EventArg&)
{
    auto* c = static_cast<PipeCtx*>(ctx);
    c->dest->removeListener(Ev::Close, &pipeOnClose, c);
    c->src->unpipe(*c->dest);
}

}  // namespace

// Readable.prototype.pipe
Stream& Stream::pipe(Stream& dest, bool end)
{
    if (m_r.pipes.size() == 1 && !m_r.multiAwaitDrain) {
        m_r.multiAwaitDrain = true;
    }
    m_r.pipes.push_back(&dest);

    PipeCtx* c = m_rt.make<PipeCtx>();
    c->rt = &m_rt;
    c->src = this;
    c->dest = &dest;
    c->doEnd = end;

    ListenerFn endFn = end ? &pipeOnEnd : &pipeUnpipe;
    if (m_r.endEmitted) {
        m_rt.loop.nextTick([c, endFn] { endFn(c, *c->src, EventArg{}); });
    } else {
        once(Ev::End, endFn, c);
    }
    dest.on(Ev::Unpipe, &pipeOnUnpipe, c);
    on(Ev::Data, &pipeOnData, c);
    dest.prependListener(Ev::Error, &pipeOnError, c);
    dest.once(Ev::Close, &pipeOnClose, c);
    dest.once(Ev::Finish, &pipeOnFinish, c);

    EventArg arg;
    arg.other = this;
    dest.emit(Ev::Pipe, arg);

    if (dest.writableNeedDrain()) {
        pipePause(*c);
    } else if (m_r.flowing != 1) {
        resume();
    }
    return dest;
}

// Readable.prototype.unpipe(dest)
void Stream::unpipe(Stream& dest)
{
    if (m_r.pipes.empty()) {
        return;
    }
    auto it = std::find(m_r.pipes.begin(), m_r.pipes.end(), &dest);
    if (it == m_r.pipes.end()) {
        return;
    }
    m_r.pipes.erase(it);
    if (m_r.pipes.empty()) {
        pause();
    }
    bool hasUnpiped = false;
    EventArg arg;
    arg.other = this;
    arg.hasUnpiped = &hasUnpiped;
    dest.emit(Ev::Unpipe, arg);
}

}  // namespace bplab::streams
