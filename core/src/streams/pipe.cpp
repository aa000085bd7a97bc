// Readable.prototype.pipe and unpipe (readable.js), closures as free
// functions over their context.
#include <algorithm>
#include <cassert>
#include <utility>

#include "streams/stream.h"

namespace bplab::streams {

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
