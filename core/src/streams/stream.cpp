// The Stream class itself: construction, the getters Node spells as
// properties, and the buffers' hooks into the memory model.
#include <algorithm>
#include <cassert>
#include <utility>

#include "streams/stream.h"

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
    m_rt.memory.hold(c.alloc);
    m_rt.memory.readableBuffered(m_stage, m_r.objectMode, c.bytes);
}

void Stream::bufferRemoved(std::int64_t payload, std::int64_t count)
{
    m_r.bufferedBytes -= payload;
    m_rt.memory.readableTaken(m_stage, m_r.objectMode, payload, count);
}

// state.length += len in writeOrBuffer, and its hook of the memory model.
// A counted write holds its chunk's allocation until it is released.
void Stream::writableLengthAdd(std::int64_t len, std::int64_t bytes, std::uint32_t alloc)
{
    m_w.length += len;
    m_w.bufferedBytes += bytes;
    m_rt.memory.hold(alloc);
    m_rt.memory.writableCounted(m_stage, m_w.objectMode, bytes, len);
}

void Stream::writableLengthSub(std::int64_t len, std::int64_t bytes, std::uint32_t alloc)
{
    m_w.length -= len;
    m_w.bufferedBytes -= bytes;
    m_rt.memory.writableReleased(m_stage, m_w.objectMode, bytes, len);
    m_rt.memory.release(alloc);
}

}  // namespace bplab::streams
