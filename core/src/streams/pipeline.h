#pragma once

#include <functional>
#include <vector>

#include "streams/end_of_stream.h"
#include "streams/stream.h"

namespace bplab::streams {

// pipeline.js with classic streams: stream.pipeline(s[0], ..., s[n-1], callback).
// `callback` runs in a tick with the first real error (or null).
void pipeline(Runtime& rt, const std::vector<Stream*>& streams,
              std::function<void(const ErrorPtr&)> callback);

}  // namespace bplab::streams
