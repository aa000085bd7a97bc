// pipeline.js for classic streams: pipe each pair, destroy all on the first
// error, call back once every stream is done.
#include "streams/pipeline.h"

#include <deque>
#include <utility>

namespace bplab::streams {

namespace {

// ------------------------------------------------------------ pipeline

struct PipelineCtx;

struct DestroyerCtx {
    PipelineCtx* pl = nullptr;
    Stream* stream = nullptr;
    bool finished = false;
};

struct PipelineCtx {
    Runtime* rt = nullptr;
    ErrorPtr error;
    int finishCount = 0;
    std::deque<DestroyerCtx*> destroys;
    bool callbackCalled = false;
    std::function<void(const ErrorPtr&)> callback;

    // finishImpl(err, final)
    void finishImpl(const ErrorPtr& err, bool final)
    {
        if (err && (!error || error->code == ErrorCode::PrematureClose ||
                    (rt->v24() && error->code == ErrorCode::Abort))) {
            error = err;
        }
        if (!error && !final) {
            return;
        }
        while (!destroys.empty()) {
            DestroyerCtx* d = destroys.front();
            destroys.pop_front();
            destroyerDestroy(*d, error);
        }
        if (final) {
            ErrorPtr result = error;
            rt->loop.nextTick([this, result] {
                if (!callbackCalled) {
                    callbackCalled = true;
                    callback(result);
                }
            });
        }
    }

    void finish(const ErrorPtr& err) { finishImpl(err, --finishCount == 0); }

    // The `destroy` of pipeline.js's destroyer(): destroyImpl.destroyer.
    static void destroyerDestroy(DestroyerCtx& d, const ErrorPtr& err)
    {
        if (d.finished) {
            return;
        }
        d.finished = true;
        Stream& s = *d.stream;
        if (s.destroyed() ||
            (s.hasWritable() ? s.writableState().destroyed : s.readableState().destroyed)) {
            return;
        }
        s.destroy(err ? err : destroyedError("pipe"));
    }
};

// pipeline.js destroyer(): stream.on('close')
void destroyerOnClose(void* ctx, Stream&, const EventArg&)
{
    static_cast<DestroyerCtx*>(ctx)->finished = true;
}

// pipeline.js destroyer(): the eos callback
void destroyerEos(void* ctx, const ErrorPtr& err)
{
    static_cast<DestroyerCtx*>(ctx)->finished = !err;
}

// onError installed on every stream.
void pipelineOnError(void* ctx, Stream&, const EventArg& arg)
{
    auto* pl = static_cast<PipelineCtx*>(ctx);
    const ErrorPtr& err = *arg.error;
    if (err && err->code != ErrorCode::Abort && err->code != ErrorCode::PrematureClose) {
        if (pl->rt->v24()) {
            pl->finishImpl(err, false);  // finishOnlyHandleError
        } else {
            pl->finish(err);
        }
    }
}

struct PairCtx {
    PipelineCtx* pl = nullptr;
    Stream* src = nullptr;
    Stream* dst = nullptr;
    bool ended = false;
};

// pipeline.js pipe(): dst 'close' before src 'end' is a premature close
void pairDstOnClose(void* ctx, Stream&, const EventArg&)
{
    auto* c = static_cast<PairCtx*>(ctx);
    if (!c->ended) {
        if (c->pl->rt->v24()) {
            c->pl->finishImpl(prematureCloseError(), false);
        } else {
            c->pl->finish(prematureCloseError());
        }
    }
}

// pipeline.js pipe(): endFn
void pairEndFn(void* ctx, Stream&, const EventArg&)
{
    auto* c = static_cast<PairCtx*>(ctx);
    c->ended = true;
    c->dst->end();
}

// pipeline.js pipe(): src.once('end', finish)
void pairFinishOnEnd(void* ctx, Stream&, const EventArg&)
{
    static_cast<PairCtx*>(ctx)->pl->finish(nullptr);
}

// pipeline.js pipe(): src.once('error', finish)
void pairFinishOnError(void* ctx, Stream&, const EventArg& arg)
{
    static_cast<PairCtx*>(ctx)->pl->finish(*arg.error);
}

// pipeline.js pipe(): eos(src) callback
void pairSrcEos(void* ctx, const ErrorPtr& err)
{
    auto* c = static_cast<PairCtx*>(ctx);
    const ReadableSide& r = c->src->readableState();
    if (err && err->code == ErrorCode::PrematureClose && r.ended && !r.errored && !r.errorEmitted) {
        c->src->once(Ev::End, &pairFinishOnEnd, c);
        c->src->once(Ev::Error, &pairFinishOnError, c);
    } else {
        c->pl->finish(err);
    }
}

void pairDstEos(void* ctx, const ErrorPtr& err)
{
    static_cast<PairCtx*>(ctx)->pl->finish(err);
}

}  // namespace

void pipeline(Runtime& rt, const std::vector<Stream*>& streams,
              std::function<void(const ErrorPtr&)> callback)
{
    auto* pl = rt.make<PipelineCtx>();
    pl->rt = &rt;
    pl->callback = std::move(callback);

    Stream* ret = nullptr;
    const std::size_t n = streams.size();
    for (std::size_t i = 0; i < n; ++i) {
        Stream& stream = *streams[i];
        const bool reading = i + 1 < n;
        const bool writing = i > 0;

        auto* d = rt.make<DestroyerCtx>();
        d->pl = pl;
        d->stream = &stream;
        stream.on(Ev::Close, &destroyerOnClose, d);
        eos(rt, stream, reading, writing, &destroyerEos, d);
        pl->destroys.push_back(d);

        stream.on(Ev::Error, &pipelineOnError, pl);

        if (i > 0) {
            pl->finishCount += 2;
            auto* pair = rt.make<PairCtx>();
            pair->pl = pl;
            pair->src = ret;
            pair->dst = &stream;
            stream.on(Ev::Close, &pairDstOnClose, pair);
            ret->pipe(stream, false);
            ret->once(Ev::End, &pairEndFn, pair);
            eos(rt, *ret, true, false, &pairSrcEos, pair);
            eos(rt, stream, false, true, &pairDstEos, pair);
        }
        ret = &stream;
    }
}

}  // namespace bplab::streams
