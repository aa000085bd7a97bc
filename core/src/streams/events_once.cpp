// events.js once(), for an EventEmitter (no AbortSignal).
#include "streams/events_once.h"

#include <utility>

namespace bplab::streams {

namespace {

// resolver: removes the 'error' listener, then resolve(args).
void onceResolver(void* ctx, Stream&, const EventArg&);

// errorListener: removes the resolver, then reject(err).
void onceErrorListener(void* ctx, Stream&, const EventArg& arg)
{
    auto* l = static_cast<OnceListeners*>(ctx);
    l->emitter->removeListener(l->name, &onceResolver, l);
    if (PromisePtr inner = std::exchange(l->inner, nullptr)) {
        inner->reject(*arg.error);
    }
}

void onceResolver(void* ctx, Stream&, const EventArg&)
{
    auto* l = static_cast<OnceListeners*>(ctx);
    l->emitter->removeListener(Ev::Error, &onceErrorListener, l);
    if (PromisePtr inner = std::exchange(l->inner, nullptr)) {
        inner->resolve(Settlement{});
    }
}

}  // namespace

PromisePtr once(Runtime& rt, Stream& emitter, Ev name, OnceListeners& listeners)
{
    PromisePtr result = Promise::make(rt);  // the async function's own promise
    PromisePtr inner = Promise::make(rt);
    listeners.emitter = &emitter;
    listeners.name = name;
    listeners.inner = inner;
    emitter.once(name, &onceResolver, &listeners);
    if (name != Ev::Error) {
        emitter.once(Ev::Error, &onceErrorListener, &listeners);
    }
    // `return new Promise(...)` from an async function.
    result->resolveWith(inner);
    return result;
}

}  // namespace bplab::streams
