#pragma once

#include <functional>
#include <vector>

#include "streams/stream.h"

namespace bplab::streams {

// end-of-stream.js: calls `callback(ctx, err)` once when `stream` is done
// (err null) or failed. Only the listener path is modelled: every caller
// here attaches before the stream could have finished.
using EosCallback = void (*)(void* ctx, const ErrorPtr& err);
void eos(Runtime& rt, Stream& stream, bool readable, bool writable, EosCallback callback,
         void* ctx);

// pipeline.js with classic streams: stream.pipeline(s[0], ..., s[n-1], callback).
// `callback` runs in a tick with the first real error (or null).
void pipeline(Runtime& rt, const std::vector<Stream*>& streams,
              std::function<void(const ErrorPtr&)> callback);

}  // namespace bplab::streams
