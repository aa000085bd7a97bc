// destroy.js: destroy, errorOrDestroy, and the error and close ticks.
#include <algorithm>
#include <cassert>
#include <utility>

#include "streams/stream.h"

namespace bplab::streams {

// Writable.prototype.destroy (Writable, Duplex) / destroyImpl.destroy (Readable)
void Stream::destroy(ErrorPtr err)
{
    if (hasWritable() && (m_w.bufferedFlag || !m_w.onFinished.empty()) && !m_w.destroyed) {
        m_rt.loop.nextTick<&Stream::errorBuffer>(this);
    }
    destroyImpl(std::move(err));
}

// destroy.js checkError
void Stream::checkError(const ErrorPtr& err)
{
    if (!err) {
        return;
    }
    if (hasWritable() && !m_w.errored) {
        m_w.errored = err;
    }
    if (hasReadable() && !m_r.errored) {
        m_r.errored = err;
    }
}

// destroy.js destroy, then _destroy with the default Readable/Writable _destroy
void Stream::destroyImpl(ErrorPtr err)
{
    if ((hasWritable() && m_w.destroyed) || (hasReadable() && m_r.destroyed)) {
        return;
    }
    checkError(err);
    if (hasWritable()) {
        m_w.destroyed = true;
    }
    if (hasReadable()) {
        m_r.destroyed = true;
    }
    // _destroy: the default calls back at once.
    onDestroy(std::move(err));
}

// _destroy's onDestroy: 'error' and 'close' one tick later
void Stream::onDestroy(ErrorPtr err)
{
    checkError(err);
    if (hasWritable()) {
        m_w.closed = true;
    }
    if (hasReadable()) {
        m_r.closed = true;
    }
    if (err) {
        m_rt.loop.nextTick([this, err] { emitErrorCloseNT(err); });
    } else {
        m_rt.loop.nextTick<&Stream::emitCloseNT>(this);
    }
}

// emitErrorCloseNT
void Stream::emitErrorCloseNT(ErrorPtr err)
{
    emitErrorNT(err);
    emitCloseNT();
}

// emitCloseNT
void Stream::emitCloseNT()
{
    if (hasWritable()) {
        m_w.closeEmitted = true;
    }
    if (hasReadable()) {
        m_r.closeEmitted = true;
    }
    if ((hasWritable() && m_w.emitClose) || (hasReadable() && m_r.emitClose)) {
        emit(Ev::Close);
    }
}

// emitErrorNT: at most one 'error' per stream
void Stream::emitErrorNT(const ErrorPtr& err)
{
    if ((hasWritable() && m_w.errorEmitted) || (hasReadable() && m_r.errorEmitted)) {
        return;
    }
    if (hasWritable()) {
        m_w.errorEmitted = true;
    }
    if (hasReadable()) {
        m_r.errorEmitted = true;
    }
    EventArg arg;
    arg.error = &err;
    emit(Ev::Error, arg);
}

// destroy.js errorOrDestroy
void Stream::errorOrDestroy(ErrorPtr err, bool sync)
{
    if ((hasWritable() && m_w.destroyed) || (hasReadable() && m_r.destroyed)) {
        return;
    }
    if ((hasReadable() && m_r.autoDestroy) || (hasWritable() && m_w.autoDestroy)) {
        destroy(std::move(err));
    } else if (err) {
        if (hasWritable() && !m_w.errored) {
            m_w.errored = err;
        }
        if (hasReadable() && !m_r.errored) {
            m_r.errored = err;
        }
        if (sync) {
            m_rt.loop.nextTick([this, err] { emitErrorNT(err); });
        } else {
            emitErrorNT(err);
        }
    }
}

}  // namespace bplab::streams
