// What pipe() and unpipe() did.
#include "explain/line.h"

#include <string>
#include <vector>

#include "explain/phrases.h"

namespace bplab::explain {

// A `pipe` line.
std::string StageLine::onPipe() const
{
    if (!hasUp) {
        return me + " emitted 'pipe': a source was piped into it.";
    }
    if (wiring == Wiring::Pipeline) {
        return me + " emitted 'pipe': pipeline() pipes " + up + " into " + me +
               " ({end: false}; pipeline() ends and destroys the streams itself, and gives every "
               "stream an 'error' listener).";
    }
    return me + " emitted 'pipe': " + up + ".pipe(" + me + ") attached it. 'data' from " + up +
           " is written to " + me + "; write() returning false pauses " + up + " until 'drain'.";
}

// A `unpipe` line.
std::string StageLine::onUnpipe() const
{
    const std::string source = hasUp ? up : std::string("its source");
    if (c.errorEmitted) {
        std::string r = source + " is unpiped from " + me + " because " + me +
                        " emitted 'error' ('" + c.errorMessage + "'): ";
        if (wiring == Wiring::Pipeline) {
            return r +
                   "the pipe() inside pipeline() detaches, and pipeline() destroys the streams "
                   "itself.";
        }
        return r + "pipe() detaches but destroys nothing, so " + source +
               " stays paused with what it buffered.";
    }
    if (c.finishEmitted) {
        return source + " is unpiped from " + me + " because " + me +
               " emitted 'finish': pipe() removes its listeners once the destination is done.";
    }
    if (c.closeEmitted || (s && s->writable.destroyed)) {
        return source + " is unpiped from " + me + " because " + me + " closed.";
    }
    return source + " is unpiped from " + me + ": unpipe() removed pipe()'s listeners.";
}

}  // namespace bplab::explain
