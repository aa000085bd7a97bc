// What readable.js decided: _read, push, data, pause, resume, end.
#include "explain/line.h"

#include <string>
#include <vector>

#include "explain/phrases.h"

namespace bplab::explain {

// A `read` line.
std::string StageLine::onRead() const
{
    const std::int64_t hwm = readableHwm();
    std::string why;
    if (event.length == 0) {
        why = "its buffer is empty";
    } else if (event.length < hwm) {
        why =
            "readableLength " + formatCount(event.length) + " < highWaterMark " + formatCount(hwm);
    } else {
        // read() calls _read before it takes the chunk out (Readable.prototype.read).
        why = "taking the next chunk out of readableLength " + formatCount(event.length) +
              " leaves less than highWaterMark " + formatCount(hwm) +
              " (read() asks for more before it takes the chunk)";
    }
    std::string who;
    if (s && s->readable.flowing == 1) {
        who = "flow() keeps reading while " + me + " is flowing";
    } else if (s && s->readable.flowing == 0 && hasDown && wiringOut == Wiring::ForAwait) {
        who = "the for-await loop's iterator reads " + me +
              " in paused mode: its read() (and maybeReadMore()) keep the buffer filled up to "
              "highWaterMark";
    } else if (s && s->readable.flowing == 0) {
        who = "maybeReadMore() keeps a paused stream filled up to highWaterMark";
    } else {
        who = "a first read(0) fills the buffer before any data is asked for";
    }
    if (stage.kind == StageKind::Transform) {
        std::string r = "Node calls _read() on " + me + ": " + why + " and " + who + ". ";
        if (s && s->callbackHeld) {
            r += "On a Transform this releases the held _transform() callback, so the next chunk "
                 "written to it can be transformed.";
        } else {
            r += "A Transform's _read() only releases a held callback; none is held now, so it "
                 "waits for the next chunk written to it.";
        }
        return r;
    }
    if (stage.mode == SourceMode::Push) {
        return "Node calls _read() on " + me + " (" + why +
               "), but a push-mode source does nothing there: its timer chain pushes every "
               "interval_ms whatever push() returns.";
    }
    if (stage.chunks == 0) {
        return "Node calls _read() on " + me + " (" + why +
               "); the source has no chunks, so it pushes null (EOF) at once.";
    }
    std::string r = "Node calls _read() on " + me + ": " + why + " and " + who + ".";
    if (s) {
        const std::int64_t next = s->pushedChunks + 1;
        if (next <= stage.chunks) {
            r += " " + me + " produces chunk " + formatCount(next) + " of " +
                 formatCount(stage.chunks) + " (" + formatCount(stage.chunkBytes) +
                 (rObj ? " bytes nominal" : " bytes") + ")";
            r += stage.intervalMs == 0
                     ? ", synchronously (interval_ms 0)."
                     : " after interval_ms " + formatCount(stage.intervalMs) + ".";
        }
    }
    return r;
}

// A `push` line.
std::string StageLine::onPush() const
{
    const std::int64_t hwm = readableHwm();
    if (event.bytesNull) {
        std::string r;
        if (stage.kind == StageKind::Transform) {
            r = "push(null) on " + me + ": its writable side was ended" +
                (hasUp ? " (after 'end' on " + up + ")" : std::string()) +
                " and every chunk is transformed, so Node ends its readable side (_final() pushes "
                "null).";
        } else {
            r = "push(null): " + me + " has pushed all " + formatCount(stage.chunks) +
                " chunks, so it signals end of data (EOF).";
        }
        if (s && (s->readable.destroyed || s->readable.errored)) {
            r += " But " + me + " is destroyed: no 'end' will be emitted.";
        } else if (event.length == 0) {
            r += " Its buffer is empty, so 'end' follows in a tick.";
        } else {
            r += " 'end' follows once the " + amount(event.length, rObj) +
                 " still buffered are read.";
        }
        return r;
    }
    std::string what;
    if (stage.kind == StageKind::Transform) {
        what = me + " pushed " + chunkSize(event.bytes, rObj) + " of output";
        if (stage.ratio != 1.0 || stage.split != 1) {
            what += " (ratio " + formatNumber(stage.ratio) + ", split " + formatCount(stage.split) +
                    ")";
        }
    } else {
        what = me + " pushed " + chunkSize(event.bytes, rObj);
        if (s && s->pushedChunks > 0) {
            what += " (chunk " + formatCount(s->pushedChunks) + " of " + formatCount(stage.chunks) +
                    ")";
        }
    }
    if (event.ret) {
        if (event.length == 0) {
            return what + ". push() returned true: " + me +
                   " is flowing with an empty buffer, so the chunk went straight out as 'data' and "
                   "readableLength stays 0.";
        }
        return what + ". push() returned true: readableLength " + formatCount(event.length) +
               " < highWaterMark " + formatCount(hwm) + objectsNote(rObj) + defaultNote(true, hwm) +
               ", so there is room for more.";
    }
    if (s && (s->readable.destroyed || s->readable.errored)) {
        return what + ". push() returned false because " + me +
               " is destroyed: the chunk is dropped.";
    }
    std::string r = what + ". push() returned false: readableLength " + formatCount(event.length) +
                    " >= highWaterMark " + formatCount(hwm) + objectsNote(rObj) +
                    defaultNote(true, hwm) +
                    ". The chunk is kept anyway (highWaterMark is a threshold, not a limit).";
    if (stage.kind == StageKind::Transform) {
        r += " " + me + " will hold its write callback until " +
             (hasDown ? down : std::string("its consumer")) +
             " reads, so its writable side fills next: backpressure travels upstream.";
    } else if (stage.mode == SourceMode::Push) {
        r += " But " + me +
             " is a push-mode source: it ignores the false and keeps pushing every interval_ms, so "
             "its buffer grows.";
    } else {
        r += " " + me + " produces nothing more until Node calls _read() again, once " +
             (hasDown ? down : std::string("its consumer")) +
             " has read the buffer below highWaterMark.";
    }
    return r;
}

// A `data` line.
std::string StageLine::onData() const
{
    if (hasDown && wiringOut == Wiring::ForAwait) {
        // The async iterator's read(): paused mode, nobody listens for 'data'.
        std::string r =
            "The for-await loop's iterator called " + me + ".read() in paused mode: it returned " +
            (rObj ? "one object (" + chunkSize(event.bytes, rObj) + ")"
                  : "everything buffered as one chunk (" + formatCount(event.bytes) + " bytes)") +
            " and emitted 'data', which nobody listens for. The loop gets it two "
            "microtasks later (the generator's yield, then the loop's await) and "
            "writes it to " +
            down + ".";
        if (event.length > 0) {
            r += " readableLength " + formatCount(event.length) + " is still buffered.";
        }
        return r;
    }
    std::string r = me + " emitted 'data' with " + chunkSize(event.bytes, rObj) + ": it is flowing";
    if (!hasDown) {
        return r + ".";
    }
    if (wiringOut == Wiring::Naive) {
        r += ", so the naive listener writes the chunk to " + down +
             " without looking at what write() returns.";
    } else {
        r += ", so " + wiringName(wiringOut) + "'s ondata writes the chunk to " + down + ".";
    }
    if (event.length > 0) {
        r += " readableLength " + formatCount(event.length) + " is still buffered.";
    }
    return r;
}

// A `pause` line.
std::string StageLine::onPause() const
{
    if (hasDown && (context[i + 1].awaitingDrain || context[i + 1].lastWriteFalse)) {
        const StageContext& d = context[i + 1];
        const StageSnapshot* ds = snap(i + 1);
        std::string r = me + " paused: " + down + ".write() returned false (writableLength " +
                        formatCount(d.lastWriteLength);
        if (ds && ds->writable.present) {
            r += " >= highWaterMark " + formatCount(ds->writable.highWaterMark);
        }
        r += "), so " + wiringName(wiringOut) + " paused the source until 'drain' on " + down + ".";
        r += stage.kind == StageKind::Transform
                 ? " While paused, " + me +
                       " keeps transforming until its readable side reaches highWaterMark"
                 : " While paused, " + me + " still fills its own buffer up to highWaterMark";
        r += " (readableLength " + formatCount(event.length) + " now).";
        return r;
    }
    if (hasDown) {
        const StageContext& d = context[i + 1];
        std::string reason = d.finishEmitted  ? "it finished"
                             : d.errorEmitted ? "it failed ('" + d.errorMessage + "')"
                             : d.closeEmitted ? "it closed"
                                              : "it was unpiped";
        return me + " paused: its last destination " + down + " is gone (" + reason +
               "), and a stream with no pipes left is paused. readableLength " +
               formatCount(event.length) + " stays buffered.";
    }
    return me + " paused: pause() set flowing to false; 'data' stops until resume().";
}

// A `resume` line.
std::string StageLine::onResume() const
{
    if (hasDown && context[i + 1].drainReleased) {
        return me + " resumed: " + down + " emitted 'drain' (its buffer is empty), so " +
               wiringName(wiringOut) + " resumed the source. It flows again from readableLength " +
               formatCount(event.length) + ".";
    }
    if (!c.resumedOnce) {
        if (wiringOut == Wiring::Naive) {
            return me +
                   " starts flowing: the naive wiring added a 'data' listener, which calls "
                   "resume(); 'resume' is emitted in the next tick, after its first read(0).";
        }
        return me + " starts flowing: " + wiringName(wiringOut) +
               " called resume() when it attached " +
               (hasDown ? down : std::string("its destination")) +
               "; 'resume' is emitted in the next tick, after its first read(0).";
    }
    return me + " resumed: resume() set flowing to true; 'data' flows again from readableLength " +
           formatCount(event.length) + ".";
}

// A `end` line.
std::string StageLine::onEnd() const
{
    std::string r =
        me + " emitted 'end': EOF was pushed and all its data was read (readableLength 0).";
    if (hasDown) {
        if (wiringOut == Wiring::Naive) {
            r += " The naive 'end' listener calls end() on " + down + ".";
        } else if (wiringOut == Wiring::ForAwait) {
            r += " The iterator's end-of-stream settles its wait; its generator returns and the "
                 "loop calls end() on " +
                 down + ".";
        } else {
            r += " " + wiringName(wiringOut) + " calls end() on " + down + ".";
        }
    }
    if (stage.kind == StageKind::Transform) {
        r += " 'close' follows once its writable side has finished too.";
    } else {
        r += " autoDestroy then destroys it: 'close' comes in a tick.";
    }
    return r;
}

}  // namespace bplab::explain
