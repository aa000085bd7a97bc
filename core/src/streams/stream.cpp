#include "streams/stream.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "bplab_core/simulation.h"

namespace bplab::streams {

Stream::Stream(Runtime& runtime, std::int32_t stage, StreamKind kind, const StreamOptions& options)
    : rt(runtime), m_stage(stage), m_kind(kind)
{
    r.objectMode = options.readableObjectMode;
    r.highWaterMark = options.readableHighWaterMark;
    w.objectMode = options.writableObjectMode;
    w.highWaterMark = options.writableHighWaterMark;
    if (kind == StreamKind::Transform) {
        // Transform's constructor: the readable side starts non-sync.
        r.sync = false;
    }
}

// ---------------------------------------------------------------- events.js

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
        r.dataListening = true;
        if (r.flowing != 0) {
            resume();
        }
    }
}

void Stream::on(Ev ev, ListenerFn fn, void* ctx)
{
    addListener(ev, Listener{fn, ctx, false}, false);
    onListenerAdded(ev);
}

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
        r.dataListening = false;
    }
}

void Stream::recordEmit(Ev ev, const EventArg& arg)
{
    TraceEvent e;
    e.stage = m_stage;
    switch (ev) {
    case Ev::Data:
        e.kind = EventKind::Data;
        e.bytes = arg.chunk.bytes;
        e.length = r.length;
        break;
    case Ev::Pause:
        e.kind = EventKind::Pause;
        e.length = r.length;
        break;
    case Ev::Resume:
        e.kind = EventKind::Resume;
        e.length = r.length;
        break;
    case Ev::End: e.kind = EventKind::End; break;
    case Ev::Drain:
        e.kind = EventKind::Drain;
        e.length = w.length;
        break;
    case Ev::Finish: e.kind = EventKind::Finish; break;
    case Ev::Close: e.kind = EventKind::Close; break;
    case Ev::Pipe: e.kind = EventKind::Pipe; break;
    case Ev::Unpipe: e.kind = EventKind::Unpipe; break;
    case Ev::Error:
        e.kind = EventKind::Error;
        e.message = (*arg.error)->message;
        break;
    default: return;  // 'readable', 'prefinish' are not traced
    }
    rt.record(e);
}

// EventEmitter.prototype.emit: listeners run in order over the list as it was
// when the emit began; an 'error' nobody listens to is thrown.
bool Stream::emit(Ev ev, const EventArg& arg)
{
    recordEmit(ev, arg);
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
                r.dataListening = false;
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
        return r.destroyed && w.destroyed;
    }
    return hasWritable() ? w.destroyed : r.destroyed;
}

bool Stream::readable() const
{
    return hasReadable() && r.readable && !r.destroyed && !r.errorEmitted && !r.endEmitted;
}

bool Stream::writable() const
{
    return hasWritable() && w.writable && !w.ending && !w.ended && !w.destroyed && !w.errored;
}

bool Stream::writableNeedDrain() const
{
    return hasWritable() && !w.destroyed && !w.ending && w.needDrain;
}

bool Stream::closed() const { return hasWritable() ? w.closed : r.closed; }

// ---------------------------------------------------------------- memory

void Stream::bufferAdd(Chunk c)
{
    r.length += r.objectMode ? 1 : c.bytes;
    r.bufferedBytes += c.bytes;
    r.buffer.push_back(c);
    if (r.objectMode) {
        rt.memoryChanged(m_stage, 0, c.bytes + kObjectOverheadBytes);
    } else {
        rt.memoryChanged(m_stage, c.bytes, 0);
    }
}

void Stream::bufferRemoved(std::int64_t payload, std::int64_t count)
{
    r.bufferedBytes -= payload;
    if (r.objectMode) {
        rt.memoryChanged(m_stage, 0, -(payload + count * kObjectOverheadBytes));
    } else {
        rt.memoryChanged(m_stage, -payload, 0);
    }
}

void Stream::writableLengthAdd(std::int64_t len, std::int64_t bytes)
{
    w.length += len;
    w.bufferedBytes += bytes;
    if (w.objectMode) {
        rt.memoryChanged(m_stage, 0, bytes + len * kObjectOverheadBytes);
    } else {
        rt.memoryChanged(m_stage, bytes, 0);
    }
}

void Stream::writableLengthSub(std::int64_t len, std::int64_t bytes)
{
    w.length -= len;
    w.bufferedBytes -= bytes;
    if (w.objectMode) {
        rt.memoryChanged(m_stage, 0, -(bytes + len * kObjectOverheadBytes));
    } else {
        rt.memoryChanged(m_stage, -bytes, 0);
    }
}

// ---------------------------------------------------------------- readable.js

bool Stream::push(std::optional<Chunk> chunk)
{
    bool ret = false;
    if (!chunk) {
        // readableAddChunkPush*: push(null)
        r.reading = false;
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
    e.length = r.length;
    rt.record(e);
    return ret;
}

// readableAddChunkPushByteMode / readableAddChunkPushObjectMode
bool Stream::readableAddChunkPush(Chunk chunk)
{
    if (!r.objectMode && chunk.object) {
        errorOrDestroy(invalidChunkTypeError());
        return false;
    }
    if (r.ended) {
        errorOrDestroy(pushAfterEofError());
        return false;
    }
    if (r.destroyed || r.errored) {
        return false;
    }
    r.reading = false;
    addChunk(chunk);
    return canPushMore();
}

bool Stream::canPushMore() const
{
    return !r.ended && (r.length < r.highWaterMark || r.length == 0);
}

void Stream::clearAwaitDrainWriters() { r.awaitDrainWriters.clear(); }

// addChunk
void Stream::addChunk(Chunk chunk)
{
    if (r.flowing == 1 && !r.sync && r.dataListening && r.length == 0) {
        clearAwaitDrainWriters();
        r.dataEmitted = true;
        EventArg arg;
        arg.chunk = chunk;
        emit(Ev::Data, arg);
    } else {
        bufferAdd(chunk);
        if (r.needReadable) {
            emitReadable();
        }
    }
    maybeReadMore();
}

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
    if ((!natural && n <= 0) || (r.length == 0 && r.ended)) {
        return 0;
    }
    if (r.objectMode) {
        return 1;
    }
    if (natural) {
        if (r.flowing == 1 && r.length != 0) {
            return r.buffer.front().bytes;
        }
        return r.length;
    }
    if (n <= r.length) {
        return n;
    }
    return r.ended ? r.length : 0;
}

// fromList: takes n (bytes, or one object) off the front of the buffer.
Chunk Stream::fromList(std::int64_t n)
{
    if (r.objectMode) {
        Chunk c = r.buffer.front();
        r.buffer.pop_front();
        bufferRemoved(c.bytes, 1);
        return c;
    }
    Chunk out;
    out.object = false;
    std::int64_t need = n;
    std::int64_t taken = 0;
    while (need > 0 && !r.buffer.empty()) {
        Chunk& first = r.buffer.front();
        if (first.bytes <= need) {
            need -= first.bytes;
            taken += first.bytes;
            r.buffer.pop_front();
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

    if (!natural && n > r.highWaterMark) {
        r.highWaterMark = nextPowerOfTwo(n);
    }
    if (natural || n != 0) {
        r.emittedReadable = false;
    }

    const std::int64_t stateLength = r.length;
    if (!natural && n == 0 && r.needReadable &&
        ((r.highWaterMark != 0 ? stateLength >= r.highWaterMark : stateLength > 0) || r.ended)) {
        if (stateLength == 0 && r.ended) {
            endReadable();
        } else {
            emitReadable();
        }
        return false;
    }

    n = howMuchToRead(natural, n);
    natural = false;

    if (n == 0 && r.ended) {
        if (r.length == 0) {
            endReadable();
        }
        return false;
    }

    bool doRead = r.needReadable;
    if (r.length == 0 || r.length - n < r.highWaterMark) {
        doRead = true;
    }
    if (r.reading || r.ended || r.destroyed || r.errored || !r.constructed) {
        doRead = false;
    } else if (doRead) {
        r.reading = true;
        r.sync = true;
        if (r.length == 0) {
            r.needReadable = true;
        }
        try {
            _read(r.highWaterMark);
        } catch (JsThrow& thrown) {
            errorOrDestroy(thrown.error);
        }
        r.sync = false;
        if (!r.reading) {
            n = howMuchToRead(nOrigNatural, nOrig);
        }
    }

    bool got = false;
    if (n > 0 && r.length > 0) {
        out = fromList(n);
        got = true;
    }

    if (!got) {
        if (r.length <= r.highWaterMark) {
            r.needReadable = true;
        }
        n = 0;
    } else {
        r.length -= n;
        clearAwaitDrainWriters();
    }

    if (r.length == 0) {
        if (!r.ended) {
            r.needReadable = true;
        }
        if ((nOrigNatural || nOrig != n) && r.ended) {
            endReadable();
        }
    }

    if (got && !r.errorEmitted && !r.closeEmitted) {
        r.dataEmitted = true;
        EventArg arg;
        arg.chunk = out;
        emit(Ev::Data, arg);
    }
    return got;
}

void Stream::onEofChunk()
{
    if (r.ended) {
        return;
    }
    r.ended = true;
    if (r.sync) {
        emitReadable();
    } else {
        r.needReadable = false;
        r.emittedReadable = true;
        emitReadable_();
    }
}

void Stream::emitReadable()
{
    r.needReadable = false;
    if (!r.emittedReadable) {
        r.emittedReadable = true;
        rt.loop.nextTick([this] { emitReadable_(); });
    }
}

void Stream::emitReadable_()
{
    if (!r.destroyed && !r.errored && (r.length != 0 || r.ended)) {
        emit(Ev::Readable);
        r.emittedReadable = false;
    }
    if (r.flowing != 1 && !r.ended && r.length <= r.highWaterMark) {
        r.needReadable = true;
    }
    flow();
}

void Stream::maybeReadMore()
{
    // v24 also waits while a _read is pending.
    const bool blocked = r.readingMore || (rt.v24() && r.reading) || !r.constructed;
    if (!blocked) {
        r.readingMore = true;
        rt.loop.nextTick([this] { maybeReadMore_(); });
    }
}

void Stream::maybeReadMore_()
{
    while (!r.reading && !r.ended &&
           (r.length < r.highWaterMark || (r.flowing == 1 && r.length == 0))) {
        const std::int64_t len = r.length;
        read(0);
        if (len == r.length) {
            break;
        }
    }
    r.readingMore = false;
}

void Stream::flow()
{
    while (r.flowing == 1 && read()) {
    }
}

void Stream::resume()
{
    if (r.flowing != 1) {
        r.flowing = r.readableListening ? 0 : 1;
        resumeSchedule();
    }
    r.hasPaused = true;
    r.paused = false;
}

void Stream::resumeSchedule()
{
    if (!r.resumeScheduled) {
        r.resumeScheduled = true;
        rt.loop.nextTick([this] { resume_(); });
    }
}

void Stream::resume_()
{
    if (!r.reading) {
        read(0);
    }
    r.resumeScheduled = false;
    emit(Ev::Resume);
    flow();
    if (r.flowing == 1 && !r.reading) {
        read(0);
    }
}

void Stream::pause()
{
    if (r.flowing != 0) {
        r.flowing = 0;
        emit(Ev::Pause);
    }
    r.hasPaused = true;
    r.paused = true;
}

void Stream::endReadable()
{
    if (rt.v24()) {
        if (!r.endEmitted && !r.endScheduled) {
            r.ended = true;
            r.endScheduled = true;
            rt.loop.nextTick([this] { endReadableNT(); });
        }
    } else if (!r.endEmitted) {
        r.ended = true;
        rt.loop.nextTick([this] { endReadableNT(); });
    }
}

void Stream::endReadableNT()
{
    r.endScheduled = false;
    if (!r.errored && !r.closeEmitted && !r.endEmitted && r.length == 0) {
        r.endEmitted = true;
        emit(Ev::End);
        // allowHalfOpen is true for every stream here: no endWritableNT.
        if (r.autoDestroy) {
            const bool autoDestroy =
                !hasWritable() || (w.autoDestroy && (w.finished || !w.writable));
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
        if (rt.recordTransformRead) {
            TraceEvent e;
            e.stage = m_stage;
            e.kind = EventKind::Read;
            e.length = r.length;
            rt.record(e);
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

void pipeOnEnd(void* ctx, Stream&, const EventArg&)
{
    static_cast<PipeCtx*>(ctx)->dest->end();
}

void pipeUnpipe(void* ctx, Stream&, const EventArg&)
{
    auto* c = static_cast<PipeCtx*>(ctx);
    c->src->unpipe(*c->dest);
}

void pipeOnUnpipe(void* ctx, Stream&, const EventArg& arg)
{
    auto* c = static_cast<PipeCtx*>(ctx);
    if (arg.other == c->src && arg.hasUnpiped && !*arg.hasUnpiped) {
        *arg.hasUnpiped = true;
        pipeCleanup(*c);
    }
}

ReadableSide& rs(Stream& s) { return s.mutableReadableState(); }

void pipePause(PipeCtx& c)
{
    ReadableSide& state = rs(*c.src);
    if (!c.cleanedUp) {
        auto& pipes = state.pipes;
        if (pipes.size() == 1 && pipes[0] == c.dest) {
            state.awaitDrainWriters.assign(1, c.dest);
            state.multiAwaitDrain = false;
        } else if (pipes.size() > 1 && std::find(pipes.begin(), pipes.end(), c.dest) != pipes.end()) {
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

void pipeOnClose(void* ctx, Stream&, const EventArg&)
{
    auto* c = static_cast<PipeCtx*>(ctx);
    c->dest->removeListener(Ev::Finish, &pipeOnFinish, c);
    c->src->unpipe(*c->dest);
}

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
    if (r.pipes.size() == 1 && !r.multiAwaitDrain) {
        r.multiAwaitDrain = true;
    }
    r.pipes.push_back(&dest);

    PipeCtx* c = rt.make<PipeCtx>();
    c->rt = &rt;
    c->src = this;
    c->dest = &dest;
    c->doEnd = end;

    ListenerFn endFn = end ? &pipeOnEnd : &pipeUnpipe;
    if (r.endEmitted) {
        rt.loop.nextTick([c, endFn] { endFn(c, *c->src, EventArg{}); });
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
    } else if (r.flowing != 1) {
        resume();
    }
    return dest;
}

// Readable.prototype.unpipe(dest)
void Stream::unpipe(Stream& dest)
{
    if (r.pipes.empty()) {
        return;
    }
    auto it = std::find(r.pipes.begin(), r.pipes.end(), &dest);
    if (it == r.pipes.end()) {
        return;
    }
    r.pipes.erase(it);
    if (r.pipes.empty()) {
        pause();
    }
    bool hasUnpiped = false;
    EventArg arg;
    arg.other = this;
    arg.hasUnpiped = &hasUnpiped;
    dest.emit(Ev::Unpipe, arg);
}

}  // namespace bplab::streams
