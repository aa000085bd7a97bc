// Lines of the whole process (stage "*"): the pipeline callback, the memory
// limit, the run's last line.
#include "explain/line.h"

#include <string>
#include <vector>

#include "explain/phrases.h"

namespace bplab::explain {

// pipeline() called its callback.
std::string ProcessLine::onPipelineCallback() const
{
    if (event.messageNull) {
        return "pipeline() called its callback without an error: every stream of the pipeline "
               "finished and closed. The callback runs in a tick after the last completion.";
    }
    std::string s =
        "pipeline() called its callback with the error '" + std::string(event.message) + "'";
    if (firstErrorStage != kAllStages) {
        s += ", first raised by " + idOf(static_cast<std::size_t>(firstErrorStage));
    }
    s += ". pipeline() destroyed every stream with that error, so nothing is left paused or "
         "holding memory.";
    if (profile == NodeProfile::V24) {
        s += " Node 24 waits until every stream has closed before calling back.";
    } else {
        s += " Node 20 may call back before the last stream has closed.";
    }
    return s;
}

// The memory limit was passed.
std::string ProcessLine::onOom() const
{
    std::string s = "The process holds " + formatCount(event.bytes) + " bytes";
    if (scenario.memoryLimitMb) {
        s += ", more than memory_limit_mb " + formatCount(*scenario.memoryLimitMb) + " (" +
             formatCount(*scenario.memoryLimitMb * 1024 * 1024) + " bytes)";
    }
    s += ": the operating system kills it here.";
    std::size_t biggest = n;
    std::int64_t biggestBytes = 0;
    for (std::size_t k = 0; k < n && k < stages.size(); ++k) {
        const std::int64_t held = stages[k].externalBytes + stages[k].heapBytes;
        if (held > biggestBytes) {
            biggest = k;
            biggestBytes = held;
        }
    }
    if (biggest < n) {
        const StageSnapshot& b = stages[biggest];
        s += " Most of it sits in " + idOf(biggest) + " (" + formatCount(biggestBytes) + " bytes";
        if (b.writable.present && b.writable.length > 0) {
            s += "; writableLength " + formatCount(b.writable.length) + ", highWaterMark " +
                 formatCount(b.writable.highWaterMark);
        }
        if (b.readable.present && b.readable.length > 0) {
            s += "; readableLength " + formatCount(b.readable.length) + ", highWaterMark " +
                 formatCount(b.readable.highWaterMark);
        }
        s += ").";
    }
    if (wiring == Wiring::Naive) {
        s += " The naive wiring ignores write() returning false, so nothing ever slowed the source "
             "down.";
    } else if (scenario.stages.front().mode == SourceMode::Push) {
        s += " " + idOf(0) +
             " is a push-mode source: it ignores push() returning false, so its buffer grows "
             "without bound.";
    }
    return s;
}

// The last line: `idle` or `until`.
std::string ProcessLine::onEndOfRun() const
{
    std::string s;
    if (event.kind == EventKind::Idle) {
        s = "Nothing is left to do at " + formatCount(event.t) +
            " ms: no timer, tick or microtask is pending, so the process exits.";
    } else {
        s = "The run stops at until_ms " + formatCount(event.t) +
            " ms: the next timer is due later than that.";
    }
    if (stages.size() >= n && n > 0) {
        const StageSnapshot& last = stages[n - 1];
        s += " " + idOf(n - 1) + " processed " + formatCount(last.processedChunks) +
             (last.processedChunks == 1 ? " chunk (" : " chunks (") +
             formatCount(last.processedBytes) + " bytes).";
        std::vector<std::string> open;
        for (std::size_t k = 0; k < n; ++k) {
            const StageSnapshot& st = stages[k];
            const bool closed = (st.readable.present && st.readable.closed) ||
                                (st.writable.present && st.writable.closed);
            if (closed) {
                continue;
            }
            std::string o = idOf(k);
            if (st.readable.present && st.readable.length > 0) {
                o += " (readableLength " + formatCount(st.readable.length) +
                     (st.readable.flowing == 0 ? ", paused)" : ")");
            } else if (st.writable.present && st.writable.length > 0) {
                o += " (writableLength " + formatCount(st.writable.length) + ")";
            } else if (st.readable.present && st.readable.flowing == 0) {
                o += " (paused)";
            }
            open.push_back(o);
        }
        if (open.empty()) {
            s += firstErrorStage == kAllStages
                     ? " Every stream finished and closed."
                     : " Every stream is closed (destroyed after the error).";
        } else {
            s += " Never closed: ";
            for (std::size_t k = 0; k < open.size(); ++k) {
                s += (k > 0 ? ", " : "") + open[k];
            }
            s += ".";
            const bool failed = firstErrorStage != kAllStages || !scenario.faults.empty();
            if (event.kind == EventKind::Idle && failed && wiring != Wiring::Pipeline) {
                s += " " + capitalized(wiringName(wiring)) +
                     " destroys nothing when a stream fails or is destroyed: the others stay open "
                     "and keep what they buffered.";
            }
        }
    }
    return s;
}

}  // namespace bplab::explain
