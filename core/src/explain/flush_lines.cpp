// A Transform's _flush (transform.js `final`): the `flush` and `flushed`
// lines of scenario-v2 section 3.
#include <string>

#include "bplab_core/explain.h"
#include "explain/line.h"
#include "explain/phrases.h"

namespace bplab::explain {

namespace {

std::string flushTime(const Stage& stage)
{
    const std::int64_t ms = stage.flushMs.value_or(0);
    std::string t = ms == 0 ? "no time: it pushes at once, inside the call"
                            : formatCount(ms) + " ms (flush_ms)";
    if (stage.jitter > 0.0) {
        t += ", spread by jitter " + formatNumber(stage.jitter);
    }
    return t;
}

}  // namespace

// A `flush` line.
std::string StageLine::onFlush() const
{
    return "Node called _flush() of " + me + ": its writable side has ended" +
           (hasUp ? " (" + up + " called end())" : std::string()) +
           " and the last _transform() has called back. It takes " + flushTime(stage) +
           ", then pushes " + formatCount(stage.flushChunks) +
           (stage.flushChunks == 1 ? " chunk" : " chunks") + " of " +
           amount(stage.flushBytes, false) + (rObj ? " (nominal)" : "") +
           ". 'finish' waits for its callback; readableLength is " + formatCount(event.length) +
           ".";
}

// A `flushed` line.
std::string StageLine::onFlushed() const
{
    std::string r = "_flush() of " + me + " pushed its " + formatCount(stage.flushChunks) +
                    (stage.flushChunks == 1 ? " chunk" : " chunks") + " (readableLength " +
                    formatCount(event.length) + ") and now calls back.";
    if (s && (s->readable.destroyed || s->writable.destroyed)) {
        return r + " " + me +
               " was destroyed while the flush was pending: those pushes returned false and "
               "dropped their chunks, yet Node's push(null) still follows.";
    }
    return r +
           " The callback pushes null (the end of the readable side), then 'finish' follows "
           "in a tick.";
}

}  // namespace bplab::explain
