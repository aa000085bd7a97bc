// readable.js: push, read, flowing and paused mode, end.
#include <algorithm>
#include <cassert>
#include <utility>

#include "streams/stream.h"

namespace bplab::streams {

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

std::optional<Chunk> Stream::readAndKeep()
{
    Chunk out;
    if (readImpl(true, 0, out, true)) {
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
    if (!m_r.buffer.empty() && m_r.buffer.front().bytes == n) {
        // ret = buf.shift(): the chunk itself, its buffer entry's reference
        // to its allocation now the reader's.
        Chunk c = m_r.buffer.front();
        m_r.buffer.pop_front();
        c.hasCallback = false;
        bufferRemoved(c.bytes, 0);
        return c;
    }
    Chunk out;
    out.object = false;
    // Buffered chunks are consecutive bytes: a union starts where its first
    // chunk does, and what is left of a cut chunk starts after the cut.
    out.textOffset = m_r.buffer.empty() ? 0 : m_r.buffer.front().textOffset;
    if (!m_r.buffer.empty() && m_r.buffer.front().bytes > n) {
        // buf.slice(0, n): shares the chunk's memory.
        out.alloc = m_r.buffer.front().alloc;
        m_rt.memory.hold(out.alloc);
    } else {
        // A union of chunks: Buffer.allocUnsafe(n) and a copy.
        out.alloc = m_rt.memory.allocate(n, true);
    }
    std::int64_t need = n;
    std::int64_t taken = 0;
    while (need > 0 && !m_r.buffer.empty()) {
        Chunk& first = m_r.buffer.front();
        if (first.bytes <= need) {
            need -= first.bytes;
            taken += first.bytes;
            const std::uint32_t alloc = first.alloc;
            m_r.buffer.pop_front();
            m_rt.memory.release(alloc);
        } else {
            first.bytes -= need;
            first.textOffset = static_cast<std::uint16_t>(first.textOffset + need);
            taken += need;
            need = 0;
        }
    }
    out.bytes = taken;
    bufferRemoved(taken, 0);
    return out;
}

// Readable.prototype.read
bool Stream::readImpl(bool natural, std::int64_t n, Chunk& out, bool keep)
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
    if (got && !keep) {
        // The read's reference: whoever keeps the returned chunk beyond this
        // (a write counts it; anything else) holds it with memory.hold().
        releaseChunk(out);
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

}  // namespace bplab::streams
