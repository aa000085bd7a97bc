// What writable.js and transform.js decided: write, the step, drain, finish.
#include "explain/line.h"

#include <string>
#include <vector>

#include "explain/phrases.h"
#include "random.h"

namespace bplab::explain {

// A `write` line.
std::string StageLine::onWrite() const
{
    const std::int64_t hwm = writableHwm();
    std::string writer;
    if (hasUp) {
        writer = wiringIn == Wiring::Naive      ? "The naive 'data' listener wrote "
                 : wiringIn == Wiring::ForAwait ? "The for-await loop wrote "
                                                : wiringName(wiringIn) + " wrote ";
    }
    const std::string from = hasUp ? " from " + up : std::string();
    std::string r = hasUp ? writer + chunkSize(event.bytes, wObj) + from + " to " + me + ". "
                          : me + ".write(" + chunkSize(event.bytes, wObj) + "). ";
    if (event.ret) {
        r += "write() returned true: writableLength " + formatCount(event.length) +
             " < highWaterMark " + formatCount(hwm) + objectsNote(wObj) + defaultNote(false, hwm) +
             ".";
        if (event.length == 0) {
            r = (hasUp ? writer + chunkSize(event.bytes, wObj) + from + " to " + me + ". "
                       : std::string()) +
                "write() returned true: " + callName +
                " completed synchronously, so writableLength is back to 0.";
        } else if (s && s->writable.bufferedCount > 0) {
            r += " The chunk waits in the buffer behind the one being processed (" +
                 formatCount(s->writable.bufferedCount) + " waiting).";
        } else if (s && s->writable.writing) {
            r += " " + callName + " starts on it at once.";
        }
        return r;
    }
    if (event.length < hwm ||
        (s && (s->writable.destroyed || s->writable.errored || s->writable.ending))) {
        if (s && (s->writable.destroyed || s->writable.errored)) {
            return r + "write() returned false because " + me +
                   " is destroyed: the chunk is refused and 'error' follows.";
        }
        if (s && s->writable.ending) {
            return r + "write() returned false because end() was already called on " + me +
                   ": a write after end is an error.";
        }
    }
    r += "write() returned false: writableLength " + formatCount(event.length) +
         " >= highWaterMark " + formatCount(hwm) + objectsNote(wObj) + defaultNote(false, hwm) +
         ".";
    if (!hasUp) {
        return r;
    }
    if (wiringIn == Wiring::Naive) {
        r += " The naive wiring ignores it: " + up + " keeps writing and the buffer of " + me +
             " keeps growing.";
    } else if (wiringIn == Wiring::ForAwait) {
        r += " The loop now awaits once(" + me + ", 'drain') and asks the iterator of " + up +
             " for nothing until then; " + up +
             ", read in paused mode, goes on filling its buffer up to its highWaterMark.";
    } else {
        r += " " + wiringName(wiringIn) + " now pauses " + up + " and waits for 'drain' on " + me +
             ".";
    }
    return r;
}

// A `process` line.
std::string StageLine::onProcess() const
{
    std::string r = callName + " of " + me + " starts on " + chunkSize(event.bytes, wObj) +
                    "; writableLength " + formatCount(event.length) + " counts it";
    if (s && s->writable.bufferedCount > 0) {
        r += " and the " + formatCount(s->writable.bufferedCount) + " waiting behind it";
    }
    r += ". It takes " + stepTime(event.bytes) + ".";
    if (stage.kind == StageKind::Transform) {
        const double out =
            static_cast<double>(event.bytes) * stage.ratio / static_cast<double>(stage.split);
        const double each = std::max(1.0, roundHalfUp(out));
        r += " Then it pushes " + formatCount(stage.split) +
             (stage.split == 1 ? " output" : " outputs") + " of " + formatWhole(each) + " bytes" +
             (rObj ? " (nominal)" : "") + ".";
    }
    return r;
}

// A `done` line.
std::string StageLine::onDone() const
{
    const std::int64_t size = wObj ? 1 : event.bytes;
    const std::int64_t after = std::max<std::int64_t>(0, event.length - size);
    std::string r = me + " finished " + chunkSize(event.bytes, wObj) +
                    "; its callback drops writableLength from " + formatCount(event.length) +
                    " to " + formatCount(after) + ".";
    if (s && (s->writable.destroyed || s->writable.errored)) {
        // onwrite on a destroyed stream: no clearBuffer, no afterWrite ('drain').
        return r + " But " + me +
               " is destroyed: no buffered chunk starts and no 'drain' is emitted.";
    }
    if (stage.kind == StageKind::Transform && s && s->readable.present && !s->readable.ended &&
        s->readable.length >= s->readable.highWaterMark && s->readable.length > 0) {
        r += " But its readable side is full (readableLength " + formatCount(s->readable.length) +
             " >= highWaterMark " + formatCount(s->readable.highWaterMark) +
             "): Node holds the callback until " + (hasDown ? down : std::string("the consumer")) +
             " reads, and its writable side stays busy meanwhile.";
        return r;
    }
    if (s && s->writable.bufferedCount > 0) {
        r += " The next of the " + formatCount(s->writable.bufferedCount) +
             " buffered chunks starts at once (clearBuffer).";
    } else if (after == 0 && s && s->writable.needDrain && !s->writable.ending) {
        r += " Its buffer is then empty and write() had returned false (needDrain), so 'drain' "
             "follows.";
    } else if (after == 0 && s && s->writable.ending && stage.flushMs) {
        r += " end() was called and nothing is left, so Node calls its _flush(); 'finish' waits "
             "for the flush's callback.";
    } else if (after == 0 && s && s->writable.ending) {
        r += " end() was called and nothing is left, so 'finish' follows.";
    }
    return r;
}

// A `drain` line.
std::string StageLine::onDrain() const
{
    std::string r = me +
                    " emitted 'drain': write() had returned false (needDrain) and its buffer is "
                    "now fully flushed (writableLength " +
                    formatCount(event.length) + ").";
    if (!hasUp) {
        return r;
    }
    if (wiringIn == Wiring::Naive) {
        r += " Nobody listens for it in the naive wiring: " + up + " never stopped writing.";
    } else if (wiringIn == Wiring::ForAwait) {
        r += " It settles the loop's once(" + me +
             ", 'drain'): two microtasks later the loop goes on and its iterator reads " + up +
             " again.";
    } else {
        r += " " + wiringName(wiringIn) + " resumes " + up + " ('resume' in the next tick).";
    }
    return r;
}

// A `finish` line.
std::string StageLine::onFinish() const
{
    std::string r = me +
                    " emitted 'finish': end() was called and every written chunk is processed "
                    "(writableLength 0)";
    if (s) {
        r += "; " + formatCount(s->processedChunks) + " chunks, " + formatCount(s->processedBytes) +
             " bytes in all";
    }
    r += ".";
    if (stage.kind == StageKind::Transform) {
        r += " Its readable side ends once its last output is read.";
    } else if (hasUp && wiringIn != Wiring::Naive && wiringIn != Wiring::ForAwait) {
        r += " " + wiringName(wiringIn) + " unpipes " + up +
             " from it; autoDestroy closes it in a tick.";
    } else {
        r += " autoDestroy closes it in a tick.";
    }
    return r;
}

}  // namespace bplab::explain
