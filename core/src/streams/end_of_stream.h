#pragma once

#include "streams/stream.h"

namespace bplab::streams {

// end-of-stream.js: calls `callback(ctx, err)` once when `stream` is done
// (err null) or failed. Only the listener path is modelled: every caller
// here attaches before the stream could have finished.
using EosCallback = void (*)(void* ctx, const ErrorPtr& err);
// What eos() installed, for eosCleanup (the function eos returns in Node).
struct EosListeners {
    void* ctx = nullptr;
};
EosListeners eos(Runtime& rt, Stream& stream, bool readable, bool writable, EosCallback callback,
                 void* ctx);
// eos's cleanup: the callback is never called, and its listeners are gone.
void eosCleanup(Stream& stream, const EosListeners& listeners);

}  // namespace bplab::streams
