#pragma once

#include <cstdint>

#include "bplab_core/trace.h"

namespace bplab::ui {

// Where a view reads trace lines by index: a Run (re-simulated from its
// checkpoints, or from its recent lines), or, in tests, a TraceStore.
class LineSource {
public:
    virtual ~LineSource() = default;
    // Lines [first, first + count) to `out`, in order (fewer past the end).
    virtual void lines(std::int64_t first, std::int64_t count, TraceSink& out) = 0;
};

}  // namespace bplab::ui
