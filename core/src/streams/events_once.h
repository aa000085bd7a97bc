#pragma once

#include "streams/promise.h"

namespace bplab::streams {

// The listeners of one events.once(emitter, name) call: their context, owned
// by the caller and kept alive as long as they may run (for ever, if neither
// event comes). One call at a time per OnceListeners.
struct OnceListeners {
    Stream* emitter = nullptr;
    Ev name = Ev::Drain;
    PromisePtr inner;  // the `new Promise(...)` that once's body returns
};

// events.js once(emitter, name): an async function, so its promise adopts the
// inner promise one microtask after the call (a thenable); the inner promise
// fulfils on `name` and rejects on 'error', each listener removing the other.
PromisePtr once(Runtime& rt, Stream& emitter, Ev name, OnceListeners& listeners);

}  // namespace bplab::streams
