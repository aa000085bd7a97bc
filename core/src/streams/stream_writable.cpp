// The Writable half (lib/internal/streams/writable.js), the Transform glue
// (transform.js) and destroy (destroy.js) of Stream.
#include <cassert>
#include <utility>

#include "streams/stream.h"

namespace bplab::streams {

// Writable.prototype.write: records the `write` line when write() returns.
bool Stream::write(Chunk chunk, WriteCallback cb)
{
    ErrorPtr failure;
    const bool ret = writeImpl(chunk, std::move(cb), &failure);
    writtenBytes += chunk.bytes;
    ++writtenChunks;
    TraceEvent e;
    e.stage = m_stage;
    e.kind = EventKind::Write;
    e.bytes = chunk.bytes;
    e.ret = ret;
    e.length = w.length;
    rt.record(e);
    return ret;
}

// _write(stream, chunk, encoding, cb)
bool Stream::writeImpl(Chunk chunk, WriteCallback cb, ErrorPtr* failure)
{
    if (!w.objectMode && chunk.object) {
        // ERR_INVALID_ARG_TYPE is thrown, not emitted.
        throw JsThrow{invalidChunkTypeError(), m_stage, false};
    }
    chunk.object = w.objectMode;
    ErrorPtr err;
    if (w.ending) {
        err = writeAfterEndError();
    } else if (w.destroyed) {
        err = destroyedError("write");
    }
    if (err) {
        if (cb) {
            rt.loop.nextTick([cb, err] { cb(err); });
        }
        errorOrDestroy(err, true);
        *failure = err;
        return false;
    }
    ++w.pendingcb;
    return writeOrBuffer(chunk, std::move(cb));
}

bool Stream::writeOrBuffer(Chunk chunk, WriteCallback cb)
{
    const std::int64_t len = w.objectMode ? 1 : chunk.bytes;
    writableLengthAdd(len, chunk.bytes);

    if (w.writing || w.errored || w.corked != 0 || !w.constructed) {
        w.bufferedFlag = true;
        chunk.hasCallback = static_cast<bool>(cb);
        if (cb) {
            w.bufferedCallbacks.push_back(std::move(cb));
        }
        w.buffered.push_back(chunk);
    } else {
        w.writelen = len;
        w.writeBytes = chunk.bytes;
        w.writecb = std::move(cb);
        w.writing = true;
        w.sync = true;
        w.expectWriteCb = true;
        _write(chunk);
        w.sync = false;
    }

    const bool ret = w.length < w.highWaterMark || w.length == 0;
    if (!ret) {
        w.needDrain = true;
    }
    return ret && !w.destroyed && !w.errored;
}

void Stream::doWrite(std::int64_t len, Chunk chunk, WriteCallback cb)
{
    w.writelen = len;
    w.writeBytes = chunk.bytes;
    w.writecb = std::move(cb);
    w.writing = true;
    w.sync = true;
    w.expectWriteCb = true;
    if (w.destroyed) {
        onwrite(destroyedError("write"));
    } else {
        _write(chunk);
    }
    w.sync = false;
}

void Stream::onwriteError(const ErrorPtr& er, const WriteCallback& cb)
{
    --w.pendingcb;
    if (cb) {
        cb(er);
    }
    errorBuffer();
    errorOrDestroy(er);
}

// onwrite(stream, er)
void Stream::onwrite(ErrorPtr er)
{
    if (!w.expectWriteCb) {
        errorOrDestroy(multipleCallbackError());
        return;
    }
    const bool sync = w.sync;
    WriteCallback cb = std::move(w.writecb);
    w.writecb = nullptr;
    w.writing = false;
    w.expectWriteCb = false;
    writableLengthSub(w.writelen, w.writeBytes);
    w.writelen = 0;
    w.writeBytes = 0;

    if (er) {
        if (!w.errored) {
            w.errored = er;
        }
        if (hasReadable() && !r.errored) {
            r.errored = er;
        }
        if (sync) {
            rt.loop.nextTick([this, er, cb] { onwriteError(er, cb); });
        } else {
            onwriteError(er, cb);
        }
        return;
    }

    if (w.bufferedFlag) {
        clearBuffer();
    }
    if (sync) {
        const bool needDrain = w.needDrain && w.length == 0;
        // Node tests `state[kState] & kDestroyed !== 0`, which reads the
        // objectMode bit: objectMode streams always take the tick.
        const bool needTick = needDrain || w.objectMode || static_cast<bool>(cb);
        if (!cb) {
            if (!w.afterWritePending && needTick) {
                rt.loop.nextTick([this] { afterWrite(1, WriteCallback{}); });
                w.afterWritePending = true;
            } else {
                --w.pendingcb;
                if (w.ending) {
                    finishMaybe(true);
                }
            }
        } else if (needTick) {
            // Callbacks are never equal here (each is its own closure).
            w.afterWritePending = true;
            rt.loop.nextTick([this, cb] { afterWrite(1, cb); });
        } else {
            --w.pendingcb;
            if (w.ending) {
                finishMaybe(true);
            }
        }
    } else {
        afterWrite(1, cb);
    }
}

void Stream::afterWrite(std::int32_t count, const WriteCallback& cb)
{
    w.afterWritePending = false;
    const bool needDrain = w.needDrain && !w.ending && !w.destroyed && w.length == 0;
    if (needDrain) {
        w.needDrain = false;
        emit(Ev::Drain);
    }
    while (count-- > 0) {
        --w.pendingcb;
        if (cb) {
            cb(nullptr);
        }
    }
    if (w.destroyed) {
        errorBuffer();
    }
    if (w.ending) {
        finishMaybe(true);
    }
}

void Stream::errorBuffer()
{
    if (w.writing) {
        return;
    }
    if (w.bufferedFlag) {
        while (!w.buffered.empty()) {
            const Chunk c = w.buffered.front();
            w.buffered.pop_front();
            writableLengthSub(w.objectMode ? 1 : c.bytes, c.bytes);
            if (c.hasCallback) {
                WriteCallback cb = std::move(w.bufferedCallbacks.front());
                w.bufferedCallbacks.pop_front();
                cb(w.errored ? w.errored : destroyedError("write"));
            }
        }
    }
    callFinishedCallbacks(w.errored ? w.errored : destroyedError("end"));
    w.buffered.clear();
    w.bufferedFlag = false;
}

void Stream::clearBuffer()
{
    if (w.destroyed || w.bufferProcessing || w.corked != 0 || !w.bufferedFlag || !w.constructed) {
        return;
    }
    if (w.buffered.empty()) {
        return;
    }
    w.bufferProcessing = true;
    // No _writev here: one _write at a time while each completes synchronously.
    do {
        const Chunk c = w.buffered.front();
        w.buffered.pop_front();
        WriteCallback cb;
        if (c.hasCallback) {
            cb = std::move(w.bufferedCallbacks.front());
            w.bufferedCallbacks.pop_front();
        }
        doWrite(w.objectMode ? 1 : c.bytes, c, std::move(cb));
    } while (!w.buffered.empty() && !w.writing);
    if (w.buffered.empty()) {
        w.bufferedFlag = false;  // resetBuffer
    }
    w.bufferProcessing = false;
}

void Stream::cork() { ++w.corked; }

void Stream::uncork()
{
    if (w.corked != 0) {
        --w.corked;
        if (!w.writing) {
            clearBuffer();
        }
    }
}

// Writable.prototype.end() without chunk or callback.
void Stream::end()
{
    if (w.corked != 0) {
        w.corked = 1;
        uncork();
    }
    if (!w.ending && !w.errored) {
        w.ending = true;
        finishMaybe(true);
        w.ended = true;
    }
}

bool Stream::needFinish() const
{
    return w.ending && !w.destroyed && w.constructed && !w.finished && !w.writing &&
           !w.errorEmitted && !w.closeEmitted && !w.errored && !w.bufferedFlag && w.length == 0;
}

void Stream::onFinish(ErrorPtr err)
{
    if (w.prefinished) {
        errorOrDestroy(err ? err : multipleCallbackError());
        return;
    }
    --w.pendingcb;
    if (err) {
        callFinishedCallbacks(err);
        errorOrDestroy(err, w.sync);
    } else if (needFinish()) {
        w.prefinished = true;
        emit(Ev::Prefinish);
        ++w.pendingcb;
        rt.loop.nextTick([this] { finish(); });
    }
}

void Stream::prefinish()
{
    if (w.prefinished || w.finalCalled) {
        return;
    }
    if (m_kind == StreamKind::Transform && !w.destroyed) {
        w.finalCalled = true;
        w.sync = true;
        ++w.pendingcb;
        try {
            transformFinal();
        } catch (JsThrow& thrown) {
            onFinish(thrown.error);
        }
        w.sync = false;
    } else {
        w.finalCalled = true;
        w.prefinished = true;
        emit(Ev::Prefinish);
    }
}

void Stream::finishMaybe(bool sync)
{
    if (!needFinish()) {
        return;
    }
    prefinish();
    if (w.pendingcb == 0) {
        if (sync) {
            ++w.pendingcb;
            rt.loop.nextTick([this] {
                if (needFinish()) {
                    finish();
                } else {
                    --w.pendingcb;
                }
            });
        } else if (needFinish()) {
            ++w.pendingcb;
            finish();
        }
    }
}

void Stream::finish()
{
    --w.pendingcb;
    w.finished = true;
    callFinishedCallbacks(nullptr);
    emit(Ev::Finish);
    if (w.autoDestroy) {
        const bool autoDestroy =
            !hasReadable() || (r.autoDestroy && (r.endEmitted || !r.readable));
        if (autoDestroy) {
            destroy();
        }
    }
}

void Stream::callFinishedCallbacks(const ErrorPtr& err)
{
    if (w.onFinished.empty()) {
        return;
    }
    auto callbacks = std::move(w.onFinished);
    w.onFinished.clear();
    for (auto& cb : callbacks) {
        cb(err);
    }
}

// ---------------------------------------------------------------- transform.js

void Stream::_write(Chunk chunk)
{
    assert(m_kind == StreamKind::Transform);
    // Transform.prototype._write: note the readable length, then _transform.
    m_transformLength = r.length;
    _transform(chunk);
}

void Stream::_transform(Chunk /*chunk*/) { transformCallback(nullptr); }

// The callback Transform.prototype._write hands to _transform.
void Stream::transformCallback(ErrorPtr err)
{
    if (err) {
        onwrite(std::move(err));
        return;
    }
    if (r.ended) {
        rt.loop.nextTick([this] { onwrite(nullptr); });
    } else if (w.ended || m_transformLength == r.length || r.length < r.highWaterMark) {
        onwrite(nullptr);
    } else {
        m_heldCallback = true;
    }
}

// Transform's `final`: no _flush, so push(null) and call back.
void Stream::transformFinal()
{
    push(std::nullopt);
    onFinish(nullptr);
}

// ---------------------------------------------------------------- destroy.js

// Writable.prototype.destroy (Writable, Duplex) / destroyImpl.destroy (Readable)
void Stream::destroy(ErrorPtr err)
{
    if (hasWritable() && (w.bufferedFlag || !w.onFinished.empty()) && !w.destroyed) {
        rt.loop.nextTick([this] { errorBuffer(); });
    }
    destroyImpl(std::move(err));
}

void Stream::checkError(const ErrorPtr& err)
{
    if (!err) {
        return;
    }
    if (hasWritable() && !w.errored) {
        w.errored = err;
    }
    if (hasReadable() && !r.errored) {
        r.errored = err;
    }
}

void Stream::destroyImpl(ErrorPtr err)
{
    if ((hasWritable() && w.destroyed) || (hasReadable() && r.destroyed)) {
        return;
    }
    checkError(err);
    if (hasWritable()) {
        w.destroyed = true;
    }
    if (hasReadable()) {
        r.destroyed = true;
    }
    // _destroy: the default calls back at once.
    onDestroy(std::move(err));
}

void Stream::onDestroy(ErrorPtr err)
{
    checkError(err);
    if (hasWritable()) {
        w.closed = true;
    }
    if (hasReadable()) {
        r.closed = true;
    }
    if (err) {
        rt.loop.nextTick([this, err] { emitErrorCloseNT(err); });
    } else {
        rt.loop.nextTick([this] { emitCloseNT(); });
    }
}

void Stream::emitErrorCloseNT(ErrorPtr err)
{
    emitErrorNT(err);
    emitCloseNT();
}

void Stream::emitCloseNT()
{
    if (hasWritable()) {
        w.closeEmitted = true;
    }
    if (hasReadable()) {
        r.closeEmitted = true;
    }
    if ((hasWritable() && w.emitClose) || (hasReadable() && r.emitClose)) {
        emit(Ev::Close);
    }
}

void Stream::emitErrorNT(const ErrorPtr& err)
{
    if ((hasWritable() && w.errorEmitted) || (hasReadable() && r.errorEmitted)) {
        return;
    }
    if (hasWritable()) {
        w.errorEmitted = true;
    }
    if (hasReadable()) {
        r.errorEmitted = true;
    }
    EventArg arg;
    arg.error = &err;
    emit(Ev::Error, arg);
}

void Stream::errorOrDestroy(ErrorPtr err, bool sync)
{
    if ((hasWritable() && w.destroyed) || (hasReadable() && r.destroyed)) {
        return;
    }
    if ((hasReadable() && r.autoDestroy) || (hasWritable() && w.autoDestroy)) {
        destroy(std::move(err));
    } else if (err) {
        if (hasWritable() && !w.errored) {
            w.errored = err;
        }
        if (hasReadable() && !r.errored) {
            r.errored = err;
        }
        if (sync) {
            rt.loop.nextTick([this, err] { emitErrorNT(err); });
        } else {
            emitErrorNT(err);
        }
    }
}

}  // namespace bplab::streams
