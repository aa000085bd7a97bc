// writable.js: write, the buffer, onwrite, end, finish.
#include <algorithm>
#include <cassert>
#include <utility>

#include "streams/stream.h"

namespace bplab::streams {

// Writable.prototype.write: records the `write` line when write() returns.
bool Stream::write(Chunk chunk, WriteCallback cb)
{
    ErrorPtr failure;
    const bool ret = writeImpl(chunk, std::move(cb), &failure);
    if (!failure) {
        writtenBytes += chunk.bytes;
        ++writtenChunks;
    }
    TraceEvent e;
    e.stage = m_stage;
    e.kind = EventKind::Write;
    e.bytes = chunk.bytes;
    e.ret = ret;
    e.length = m_w.length;
    m_rt.record(e);
    return ret;
}

// _write(stream, chunk, encoding, cb)
bool Stream::writeImpl(Chunk chunk, WriteCallback&& cb, ErrorPtr* failure)
{
    if (!m_w.objectMode && chunk.object) {
        // ERR_INVALID_ARG_TYPE is thrown, not emitted.
        throw JsThrow{invalidChunkTypeError(), m_stage, false};
    }
    chunk.object = m_w.objectMode;
    ErrorPtr err;
    if (m_w.ending) {
        err = writeAfterEndError();
    } else if (m_w.destroyed) {
        err = destroyedError("write");
    }
    if (err) {
        if (cb) {
            m_rt.loop.nextTick([cb, err] { cb(err); });
        }
        errorOrDestroy(err, true);
        *failure = err;
        return false;
    }
    ++m_w.pendingcb;
    return writeOrBuffer(chunk, std::move(cb));
}

// writeOrBuffer
bool Stream::writeOrBuffer(Chunk chunk, WriteCallback&& cb)
{
    const std::int64_t len = m_w.objectMode ? 1 : chunk.bytes;
    writableLengthAdd(len, chunk.bytes, chunk.alloc);

    if (m_w.writing || m_w.errored || m_w.corked != 0 || !m_w.constructed) {
        m_w.bufferedFlag = true;
        chunk.hasCallback = static_cast<bool>(cb);
        if (cb) {
            m_w.bufferedCallbacks.push_back(std::move(cb));
        }
        m_w.buffered.push_back(chunk);
    } else {
        m_w.writelen = len;
        m_w.writeBytes = chunk.bytes;
        m_w.writeAlloc = chunk.alloc;
        m_w.writecb = std::move(cb);
        m_w.writing = true;
        m_w.sync = true;
        m_w.expectWriteCb = true;
        _write(chunk);
        m_w.sync = false;
    }

    const bool ret = m_w.length < m_w.highWaterMark || m_w.length == 0;
    if (!ret) {
        m_w.needDrain = true;
    }
    return ret && !m_w.destroyed && !m_w.errored;
}

// doWrite
void Stream::doWrite(std::int64_t len, Chunk chunk, WriteCallback&& cb)
{
    m_w.writelen = len;
    m_w.writeBytes = chunk.bytes;
    m_w.writeAlloc = chunk.alloc;
    m_w.writecb = std::move(cb);
    m_w.writing = true;
    m_w.sync = true;
    m_w.expectWriteCb = true;
    if (m_w.destroyed) {
        onwrite(destroyedError("write"));
    } else {
        _write(chunk);
    }
    m_w.sync = false;
}

// onwriteError
void Stream::onwriteError(const ErrorPtr& er, const WriteCallback& cb)
{
    --m_w.pendingcb;
    if (cb) {
        cb(er);
    }
    errorBuffer();
    errorOrDestroy(er);
}

// onwrite(stream, er)
void Stream::onwrite(const ErrorPtr& er)
{
    if (!m_w.expectWriteCb) {
        errorOrDestroy(multipleCallbackError());
        return;
    }
    const bool sync = m_w.sync;
    WriteCallback cb = std::move(m_w.writecb);
    m_w.writecb = nullptr;
    m_w.writing = false;
    m_w.expectWriteCb = false;
    writableLengthSub(m_w.writelen, m_w.writeBytes, m_w.writeAlloc);
    m_w.writelen = 0;
    m_w.writeBytes = 0;
    m_w.writeAlloc = 0;

    if (er) {
        if (!m_w.errored) {
            m_w.errored = er;
        }
        if (hasReadable() && !m_r.errored) {
            m_r.errored = er;
        }
        if (sync) {
            m_rt.loop.nextTick([this, er, cb] { onwriteError(er, cb); });
        } else {
            onwriteError(er, cb);
        }
        return;
    }

    if (m_w.bufferedFlag) {
        clearBuffer();
    }
    if (sync) {
        const bool needDrain = m_w.needDrain && m_w.length == 0;
        // Node tests `state[kState] & kDestroyed !== 0`, which reads the
        // objectMode bit: objectMode streams always take the tick.
        const bool needTick = needDrain || m_w.objectMode || static_cast<bool>(cb);
        if (!cb) {
            if (!m_w.afterWritePending && needTick) {
                m_rt.loop.nextTick<&Stream::afterWriteTick>(this);
                m_w.afterWritePending = true;
            } else {
                --m_w.pendingcb;
                if (m_w.ending) {
                    finishMaybe(true);
                }
            }
        } else if (needTick) {
            // Callbacks are never equal here (each is its own closure).
            m_w.afterWritePending = true;
            m_rt.loop.nextTick([this, cb] { afterWrite(1, cb); });
        } else {
            --m_w.pendingcb;
            if (m_w.ending) {
                finishMaybe(true);
            }
        }
    } else {
        afterWrite(1, cb);
    }
}

// afterWrite: 'drain' only when fully flushed and not ending, then the callbacks
void Stream::afterWrite(std::int32_t count, const WriteCallback& cb)
{
    m_w.afterWritePending = false;
    const bool needDrain = m_w.needDrain && !m_w.ending && !m_w.destroyed && m_w.length == 0;
    if (needDrain) {
        m_w.needDrain = false;
        emit(Ev::Drain);
    }
    while (count-- > 0) {
        --m_w.pendingcb;
        if (cb) {
            cb(nullptr);
        }
    }
    if (m_w.destroyed) {
        errorBuffer();
    }
    if (m_w.ending) {
        finishMaybe(true);
    }
}

// afterWriteTick, for a write without callback
void Stream::afterWriteTick()
{
    afterWrite(1, WriteCallback{});
}

// errorBuffer
void Stream::errorBuffer()
{
    if (m_w.writing) {
        return;
    }
    if (m_w.bufferedFlag) {
        while (!m_w.buffered.empty()) {
            const Chunk c = m_w.buffered.front();
            m_w.buffered.pop_front();
            writableLengthSub(m_w.objectMode ? 1 : c.bytes, c.bytes, c.alloc);
            if (c.hasCallback) {
                WriteCallback cb = std::move(m_w.bufferedCallbacks.front());
                m_w.bufferedCallbacks.pop_front();
                cb(m_w.errored ? m_w.errored : destroyedError("write"));
            }
        }
    }
    callFinishedCallbacks(m_w.errored ? m_w.errored : destroyedError("end"));
    m_w.buffered.clear();
    m_w.bufferedFlag = false;
}

// clearBuffer
void Stream::clearBuffer()
{
    if (m_w.destroyed || m_w.bufferProcessing || m_w.corked != 0 || !m_w.bufferedFlag ||
        !m_w.constructed) {
        return;
    }
    if (m_w.buffered.empty()) {
        return;
    }
    m_w.bufferProcessing = true;
    // No _writev here: one _write at a time while each completes synchronously.
    do {
        const Chunk c = m_w.buffered.front();
        m_w.buffered.pop_front();
        WriteCallback cb;
        if (c.hasCallback) {
            cb = std::move(m_w.bufferedCallbacks.front());
            m_w.bufferedCallbacks.pop_front();
        }
        doWrite(m_w.objectMode ? 1 : c.bytes, c, std::move(cb));
    } while (!m_w.buffered.empty() && !m_w.writing);
    if (m_w.buffered.empty()) {
        m_w.bufferedFlag = false;  // resetBuffer
    }
    m_w.bufferProcessing = false;
}

void Stream::cork()
{
    ++m_w.corked;
}

// Writable.prototype.uncork
void Stream::uncork()
{
    if (m_w.corked != 0) {
        --m_w.corked;
        if (!m_w.writing) {
            clearBuffer();
        }
    }
}

// Writable.prototype.end() without chunk or callback.
void Stream::end()
{
    if (m_w.corked != 0) {
        m_w.corked = 1;
        uncork();
    }
    if (!m_w.ending && !m_w.errored) {
        m_w.ending = true;
        finishMaybe(true);
        m_w.ended = true;
    }
}

bool Stream::needFinish() const
{
    return m_w.ending && !m_w.destroyed && m_w.constructed && !m_w.finished && !m_w.writing &&
           !m_w.errorEmitted && !m_w.closeEmitted && !m_w.errored && !m_w.bufferedFlag &&
           m_w.length == 0;
}

// onFinish: the callback prefinish() hands to _final
void Stream::onFinish(ErrorPtr err)
{
    if (m_w.prefinished) {
        errorOrDestroy(err ? err : multipleCallbackError());
        return;
    }
    --m_w.pendingcb;
    if (err) {
        callFinishedCallbacks(err);
        errorOrDestroy(err, m_w.sync);
    } else if (needFinish()) {
        m_w.prefinished = true;
        emit(Ev::Prefinish);
        ++m_w.pendingcb;
        m_rt.loop.nextTick<&Stream::finish>(this);
    }
}

// prefinish
void Stream::prefinish()
{
    if (m_w.prefinished || m_w.finalCalled) {
        return;
    }
    // A Transform always has Node's own _final; a Writable when its stage
    // gives one (callFinal).
    if ((m_kind == StreamKind::Transform || hasFinal()) && !m_w.destroyed) {
        m_w.finalCalled = true;
        m_w.sync = true;
        ++m_w.pendingcb;
        try {
            if (m_kind == StreamKind::Transform) {
                transformFinal();
            } else {
                _final();
            }
        } catch (JsThrow& thrown) {
            onFinish(thrown.error);
        }
        m_w.sync = false;
    } else {
        m_w.finalCalled = true;
        m_w.prefinished = true;
        emit(Ev::Prefinish);
    }
}

// finishMaybe
void Stream::finishMaybe(bool sync)
{
    if (!needFinish()) {
        return;
    }
    prefinish();
    if (m_w.pendingcb == 0) {
        if (sync) {
            ++m_w.pendingcb;
            m_rt.loop.nextTick([this] {
                if (needFinish()) {
                    finish();
                } else {
                    --m_w.pendingcb;
                }
            });
        } else if (needFinish()) {
            ++m_w.pendingcb;
            finish();
        }
    }
}

// finish
void Stream::finish()
{
    --m_w.pendingcb;
    m_w.finished = true;
    callFinishedCallbacks(nullptr);
    emit(Ev::Finish);
    if (m_w.autoDestroy) {
        const bool autoDestroy =
            !hasReadable() || (m_r.autoDestroy && (m_r.endEmitted || !m_r.readable));
        if (autoDestroy) {
            destroy();
        }
    }
}

// callFinishedCallbacks
void Stream::callFinishedCallbacks(const ErrorPtr& err)
{
    if (m_w.onFinished.empty()) {
        return;
    }
    auto callbacks = std::move(m_w.onFinished);
    m_w.onFinished.clear();
    for (auto& cb : callbacks) {
        cb(err);
    }
}

}  // namespace bplab::streams
