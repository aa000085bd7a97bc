// How streams close and fail (destroy.js): close, error, an uncaught error.
#include "explain/line.h"

#include <string>
#include <vector>

#include "explain/phrases.h"

namespace bplab::explain {

// A `close` line.
std::string StageLine::onClose() const
{
    if (c.errorEmitted) {
        return me + " emitted 'close' right after 'error' ('" + c.errorMessage +
               "'): a destroyed stream emits 'error', then 'close', back to back.";
    }
    for (const Fault& f : scenario.faults) {
        if (f.stage == stage.id && f.action == FaultAction::Destroy && f.atMs <= event.t) {
            return me + " emitted 'close': the fault at " + formatCount(f.atMs) +
                   " ms destroyed it without an error (destroy()).";
        }
    }
    if (s && (s->readable.destroyed || s->writable.destroyed) && !c.endEmitted &&
        !c.finishEmitted) {
        return me + " emitted 'close': it was destroyed before it ended" +
               (firstErrorStage != kAllStages && wiring == Wiring::Pipeline
                    ? " (pipeline() destroys every stream when one fails)."
                    : ".");
    }
    if (stage.kind == StageKind::Readable) {
        return me + " emitted 'close': after 'end', autoDestroy destroyed it.";
    }
    if (stage.kind == StageKind::Writable) {
        return me + " emitted 'close': after 'finish', autoDestroy destroyed it.";
    }
    return me +
           " emitted 'close': both sides are done ('end' and 'finish'), so autoDestroy destroyed "
           "it.";
}

// A `error` line.
std::string StageLine::onError() const
{
    const std::string msg(event.message);
    std::string r = me + " emitted 'error' ('" + msg + "')";
    bool explained = false;
    for (const Fault& f : scenario.faults) {
        if (f.stage == stage.id && f.action == FaultAction::Error && f.atMs <= event.t &&
            f.message == msg) {
            r += ": the fault at " + formatCount(f.atMs) + " ms destroyed it with new Error('" +
                 msg + "').";
            explained = true;
            break;
        }
    }
    if (!explained) {
        if (msg.find("write after end") != std::string::npos) {
            r += ": something wrote to it after end() was called.";
        } else if (msg.find("destroyed") != std::string::npos) {
            r += ": something wrote to it after it was destroyed.";
        } else if (msg.find("Premature close") != std::string::npos) {
            r += ": a stream closed before it ended or finished.";
        } else if (firstErrorStage != kAllStages && firstErrorStage != event.stage &&
                   firstError == msg) {
            r += ": " + wiringName(wiring) + " destroyed it with the error first raised by " +
                 idOf(static_cast<std::size_t>(firstErrorStage)) + ".";
        } else {
            r += ".";
        }
    }
    if (c.errorEmitted && wiring == Wiring::Pipe) {
        r += " This is pipe()'s error handler re-emitting it: nothing else listens, so it is "
             "uncaught.";
    } else if (wiring == Wiring::Pipeline) {
        r += " pipeline() handles it: every stream is destroyed with this error and the callback "
             "gets it.";
    } else if (wiring == Wiring::Pipe && hasUp) {
        r += " pipe()'s own handler unpipes " + up +
             "; with no other 'error' listener the error is uncaught.";
    } else {
        r += " No 'error' listener is attached, so it is uncaught.";
    }
    return r;
}

// A `uncaught` line.
std::string StageLine::onUncaught() const
{
    std::string r =
        me + " emitted 'error' ('" + std::string(event.message) +
        "') with no listener to handle it: an uncaught exception, so the process exits here.";
    if (wiring != Wiring::Pipeline) {
        r += " " + capitalized(wiringName(wiring)) +
             " does not handle errors; with wiring 'pipeline' every stream would be destroyed and "
             "the callback would get the error.";
    }
    for (std::size_t k = 0; k < n && k < stages.size(); ++k) {
        const std::int64_t held = stages[k].externalBytes + stages[k].heapBytes;
        if (k != i && held > 0) {
            r += " " + idOf(k) + " still held " + formatCount(held) + " bytes.";
        }
    }
    return r;
}

}  // namespace bplab::explain
