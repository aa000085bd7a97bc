// end-of-stream.js (eos) and the utils.js helpers it reads.
#include "streams/end_of_stream.h"

#include <utility>

namespace bplab::streams {

namespace {

// ------------------------------------------------------------ utils.js helpers

bool isReadableNodeStream(const Stream& s)
{
    return s.hasReadable() && s.readableState().readable;
}
bool isWritableNodeStream(const Stream& s)
{
    return s.hasWritable() && s.writableState().writable;
}

// isReadableFinished(stream, strict = false)
bool isReadableFinished(const Stream& s)
{
    if (!isReadableNodeStream(s)) {
        return false;
    }
    const ReadableSide& r = s.readableState();
    if (r.errored) {
        return false;
    }
    return r.endEmitted || (r.ended && r.length == 0);
}

// isWritableFinished(stream, strict = false)
bool isWritableFinished(const Stream& s)
{
    if (!isWritableNodeStream(s)) {
        return false;
    }
    const WritableSide& w = s.writableState();
    if (w.finished) {
        return true;
    }
    if (w.errored) {
        return false;
    }
    return w.finished || (w.ended && w.length == 0);
}

// isWritableErrored(stream) || isReadableErrored(stream)
ErrorPtr erroredOf(const Stream& s)
{
    if (s.hasWritable() && s.writableState().errored) {
        return s.writableState().errored;
    }
    if (s.hasReadable() && s.readableState().errored) {
        return s.readableState().errored;
    }
    return nullptr;
}

// ------------------------------------------------------------ eos

struct EosCtx {
    Runtime* rt = nullptr;
    Stream* stream = nullptr;
    bool readable = false;
    bool writable = false;
    bool willEmitClose = false;
    bool readableFinished = false;
    bool writableFinished = false;
    bool called = false;
    EosCallback callback = nullptr;
    void* callbackCtx = nullptr;

    void call(const ErrorPtr& err)
    {
        if (called) {
            return;
        }
        called = true;
        callback(callbackCtx, err);
    }
};

// eos's onend
void eosOnEnd(void* ctx, Stream& stream, const EventArg&)
{
    auto* c = static_cast<EosCtx*>(ctx);
    c->readableFinished = true;
    if (stream.destroyed()) {
        c->willEmitClose = false;
    }
    if (c->willEmitClose && (!stream.writable() || c->writable)) {
        return;
    }
    if (!c->writable || c->writableFinished) {
        c->call(nullptr);
    }
}

// eos's onfinish
void eosOnFinish(void* ctx, Stream& stream, const EventArg&)
{
    auto* c = static_cast<EosCtx*>(ctx);
    c->writableFinished = true;
    if (stream.destroyed()) {
        c->willEmitClose = false;
    }
    if (c->willEmitClose && (!stream.readable() || c->readable)) {
        return;
    }
    if (!c->readable || c->readableFinished) {
        c->call(nullptr);
    }
}

// eos's onerror
void eosOnError(void* ctx, Stream&, const EventArg& arg)
{
    static_cast<EosCtx*>(ctx)->call(*arg.error);
}

// eos's onclose (getEosOnCloseError)
void eosOnClose(void* ctx, Stream& stream, const EventArg&)
{
    auto* c = static_cast<EosCtx*>(ctx);
    if (ErrorPtr errored = erroredOf(stream)) {
        c->call(errored);
        return;
    }
    if (c->readable && !c->readableFinished && stream.hasReadable()) {
        if (!isReadableFinished(stream)) {
            c->call(prematureCloseError());
            return;
        }
    }
    if (c->writable && !c->writableFinished) {
        if (!isWritableFinished(stream)) {
            c->call(prematureCloseError());
            return;
        }
    }
    c->call(nullptr);
}

}  // namespace

EosListeners eos(Runtime& rt, Stream& stream, bool readable, bool writable, EosCallback callback,
                 void* ctx)
{
    auto* c = rt.make<EosCtx>();
    c->rt = &rt;
    c->stream = &stream;
    c->readable = readable;
    c->writable = writable;
    c->callback = callback;
    c->callbackCtx = ctx;
    // willEmitClose: autoDestroy && emitClose && !closed, and the sides asked
    // for are exactly the sides the stream has.
    const bool autoDestroy = stream.hasWritable() ? stream.writableState().autoDestroy
                                                  : stream.readableState().autoDestroy;
    const bool emitClose =
        stream.hasWritable() ? stream.writableState().emitClose : stream.readableState().emitClose;
    c->willEmitClose = autoDestroy && emitClose && !stream.closed() &&
                       isReadableNodeStream(stream) == readable &&
                       isWritableNodeStream(stream) == writable;
    c->writableFinished = isWritableFinished(stream);
    c->readableFinished = isReadableFinished(stream);

    stream.on(Ev::End, &eosOnEnd, c);
    stream.on(Ev::Finish, &eosOnFinish, c);
    stream.on(Ev::Error, &eosOnError, c);
    stream.on(Ev::Close, &eosOnClose, c);
    return EosListeners{c};
}

void eosCleanup(Stream& stream, const EosListeners& listeners)
{
    auto* c = static_cast<EosCtx*>(listeners.ctx);
    if (c == nullptr) {
        return;
    }
    c->called = true;  // callback = nop
    stream.removeListener(Ev::End, &eosOnEnd, c);
    stream.removeListener(Ev::Finish, &eosOnFinish, c);
    stream.removeListener(Ev::Error, &eosOnError, c);
    stream.removeListener(Ev::Close, &eosOnClose, c);
}

}  // namespace bplab::streams
