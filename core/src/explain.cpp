#include "bplab_core/explain.h"

#include "random.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <utility>

namespace bplab {

namespace {

std::string quoted(const std::string& id)
{
    return "'" + id + "'";
}

std::string formatNumber(double value)
{
    // Short decimal form for ratios and per-KiB costs: 0.25, 1, 2.5.
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

bool readableObjectMode(const Stage& stage)
{
    if (stage.kind == StageKind::Transform && !stage.objectMode.split) {
        return stage.objectMode.readable || stage.objectMode.writable;
    }
    return stage.objectMode.readable;
}

bool writableObjectMode(const Stage& stage)
{
    if (stage.kind == StageKind::Writable) {
        return stage.objectMode.writable || stage.objectMode.readable;
    }
    if (!stage.objectMode.split) {
        return stage.objectMode.readable || stage.objectMode.writable;
    }
    return stage.objectMode.writable;
}

std::optional<std::int64_t> configuredHighWaterMark(const Stage& stage, bool readableSide)
{
    const auto& hwm = stage.highWaterMark;
    if (hwm.split) {
        return readableSide ? hwm.readable : hwm.writable;
    }
    return hwm.readable.has_value() ? hwm.readable : hwm.writable;
}

std::string amount(std::int64_t value, bool objectMode)
{
    if (objectMode) {
        return formatCount(value) + (value == 1 ? " object" : " objects");
    }
    return formatCount(value) + (value == 1 ? " byte" : " bytes");
}

// "a" or "an" before a number as it is read aloud: an 8,192-byte chunk,
// an 11-byte chunk, a 1,024-byte chunk.
std::string articleFor(const std::string& number)
{
    const std::string lead = number.substr(0, number.find(','));
    return lead[0] == '8' || lead == "11" || lead == "18" ? "an " : "a ";
}

std::string chunkSize(std::int64_t bytes, bool objectMode)
{
    const std::string n = formatCount(bytes);
    return objectMode ? "an object of " + n + " bytes" : articleFor(n) + n + "-byte chunk";
}

std::string capitalized(std::string text)
{
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z' && text.find("()") == std::string::npos) {
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    }
    return text;
}

std::string wiringName(Wiring wiring)
{
    switch (wiring) {
        case Wiring::Pipe:
            return "pipe()";
        case Wiring::Pipeline:
            return "pipeline()";
        case Wiring::Naive:
            return "the naive wiring";
    }
    return "";
}

// A whole number computed in double: with thousands separators when it is an
// exact integer within 2^53-1, else in the short decimal form.
std::string formatWhole(double value)
{
    if (value >= -kMaxSafeDouble && value <= kMaxSafeDouble) {
        return formatCount(toSafeInteger(value));
    }
    return formatNumber(value);
}

}  // namespace

std::string formatCount(std::int64_t value)
{
    const bool negative = value < 0;
    const std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(value)
                                             : static_cast<std::uint64_t>(value);
    const std::string digits = std::to_string(magnitude);
    std::string out = negative ? "-" : "";
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[i]);
        const std::size_t left = n - i - 1;
        if (left > 0 && left % 3 == 0) {
            out.push_back(',');
        }
    }
    return out;
}

Explainer::Explainer(Scenario scenario, std::optional<NodeProfile> profile)
    : m_scenario(std::move(scenario)), m_profile(profile.value_or(m_scenario.node))
{
    reset();
}

void Explainer::reset()
{
    m_context.assign(m_scenario.stages.size(), StageContext{});
    m_firstError.clear();
    m_firstErrorStage = kAllStages;
}

std::string Explainer::explain(const TraceEvent& event, std::span<const StageSnapshot> stages)
{
    std::string why = text(event, stages);
    observe(event);
    return why;
}

void Explainer::observe(const TraceEvent& event)
{
    if (event.stage < 0 || static_cast<std::size_t>(event.stage) >= m_context.size()) {
        return;
    }
    const auto i = static_cast<std::size_t>(event.stage);
    StageContext& c = m_context[i];
    const bool hasUpstream = i > 0;
    const bool watchesDrain = m_scenario.wiring != Wiring::Naive;
    switch (event.kind) {
        case EventKind::Write:
            c.lastWriteFalse = !event.ret;
            c.lastWriteLength = event.length;
            if (!event.ret && hasUpstream && watchesDrain) {
                c.awaitingDrain = true;
            }
            break;
        case EventKind::Drain:
            c.lastWriteFalse = false;
            if (c.awaitingDrain) {
                c.awaitingDrain = false;
                c.drainReleased = true;
            }
            break;
        case EventKind::Pause:
            c.pausedByBackpressure = i + 1 < m_context.size() && m_context[i + 1].awaitingDrain;
            break;
        case EventKind::Resume:
            c.resumedOnce = true;
            c.pausedByBackpressure = false;
            if (i + 1 < m_context.size()) {
                m_context[i + 1].drainReleased = false;
            }
            break;
        case EventKind::Push:
            if (event.bytesNull) {
                c.eofAt = event.t;
            }
            break;
        case EventKind::Error:
            if (!c.errorEmitted) {
                c.errorMessage = std::string(event.message);
            }
            c.errorEmitted = true;
            if (m_firstErrorStage == kAllStages) {
                m_firstErrorStage = event.stage;
                m_firstError = std::string(event.message);
            }
            break;
        case EventKind::End:
            c.endEmitted = true;
            break;
        case EventKind::Finish:
            c.finishEmitted = true;
            break;
        case EventKind::Close:
            c.closeEmitted = true;
            break;
        case EventKind::Unpipe:
            c.unpiped = true;
            break;
        default:
            break;
    }
}

std::string Explainer::text(const TraceEvent& event, std::span<const StageSnapshot> stages) const
{
    const std::size_t n = m_scenario.stages.size();
    const auto snap = [&](std::size_t index) -> const StageSnapshot* {
        return index < stages.size() ? &stages[index] : nullptr;
    };
    const auto idOf = [&](std::size_t index) { return quoted(m_scenario.stages[index].id); };
    const Wiring wiring = m_scenario.wiring;

    // Lines of the whole process (stage "*").
    if (event.stage < 0 || static_cast<std::size_t>(event.stage) >= n) {
        switch (event.kind) {
            case EventKind::Pipeline: {
                if (event.messageNull) {
                    return "pipeline() called its callback without an error: every stream of the "
                           "pipeline "
                           "finished and closed. The callback runs in a tick after the last "
                           "completion.";
                }
                std::string s = "pipeline() called its callback with the error '" +
                                std::string(event.message) + "'";
                if (m_firstErrorStage != kAllStages) {
                    s += ", first raised by " + idOf(static_cast<std::size_t>(m_firstErrorStage));
                }
                s += ". pipeline() destroyed every stream with that error, so nothing is left "
                     "paused or "
                     "holding memory.";
                if (m_profile == NodeProfile::V24) {
                    s += " Node 24 waits until every stream has closed before calling back.";
                } else {
                    s += " Node 20 may call back before the last stream has closed.";
                }
                return s;
            }
            case EventKind::Oom: {
                std::string s = "The process holds " + formatCount(event.bytes) + " bytes";
                if (m_scenario.memoryLimitMb) {
                    s += ", more than memory_limit_mb " + formatCount(*m_scenario.memoryLimitMb) +
                         " (" + formatCount(*m_scenario.memoryLimitMb * 1024 * 1024) + " bytes)";
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
                    s += " Most of it sits in " + idOf(biggest) + " (" + formatCount(biggestBytes) +
                         " bytes";
                    if (b.writable.present && b.writable.length > 0) {
                        s += "; writableLength " + formatCount(b.writable.length) +
                             ", highWaterMark " + formatCount(b.writable.highWaterMark);
                    }
                    if (b.readable.present && b.readable.length > 0) {
                        s += "; readableLength " + formatCount(b.readable.length) +
                             ", highWaterMark " + formatCount(b.readable.highWaterMark);
                    }
                    s += ").";
                }
                if (wiring == Wiring::Naive) {
                    s += " The naive wiring ignores write() returning false, so nothing ever "
                         "slowed the "
                         "source down.";
                } else if (m_scenario.stages.front().mode == SourceMode::Push) {
                    s += " " + idOf(0) +
                         " is a push-mode source: it ignores push() returning false, so "
                         "its buffer grows without bound.";
                }
                return s;
            }
            case EventKind::Idle:
            case EventKind::Until: {
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
                        s += m_firstErrorStage == kAllStages
                                 ? " Every stream finished and closed."
                                 : " Every stream is closed (destroyed after the error).";
                    } else {
                        s += " Never closed: ";
                        for (std::size_t k = 0; k < open.size(); ++k) {
                            s += (k > 0 ? ", " : "") + open[k];
                        }
                        s += ".";
                        const bool failed =
                            m_firstErrorStage != kAllStages || !m_scenario.faults.empty();
                        if (event.kind == EventKind::Idle && failed && wiring != Wiring::Pipeline) {
                            s += " " + capitalized(wiringName(wiring)) +
                                 " destroys nothing when a stream fails or is destroyed: the "
                                 "others stay open "
                                 "and keep what they buffered.";
                        }
                    }
                }
                return s;
            }
            default:
                return std::string(toString(event.kind)) + " for the whole process.";
        }
    }

    const auto i = static_cast<std::size_t>(event.stage);
    const Stage& stage = m_scenario.stages[i];
    const StageContext& c = m_context[i];
    const StageSnapshot* s = snap(i);
    const std::string me = idOf(i);
    const bool hasUp = i > 0;
    const bool hasDown = i + 1 < n;
    const std::string up = hasUp ? idOf(i - 1) : std::string();
    const std::string down = hasDown ? idOf(i + 1) : std::string();
    const bool rObj = readableObjectMode(stage);
    const bool wObj = writableObjectMode(stage);

    const auto readableHwm = [&]() -> std::int64_t {
        if (s && s->readable.present) {
            return s->readable.highWaterMark;
        }
        return configuredHighWaterMark(stage, true).value_or(defaultHighWaterMark(m_profile, rObj));
    };
    const auto writableHwm = [&]() -> std::int64_t {
        if (s && s->writable.present) {
            return s->writable.highWaterMark;
        }
        return configuredHighWaterMark(stage, false)
            .value_or(defaultHighWaterMark(m_profile, wObj));
    };
    // " (Node 24's default)" when the scenario leaves the highWaterMark unset.
    const auto defaultNote = [&](bool readableSide, std::int64_t hwm) -> std::string {
        const bool om = readableSide ? rObj : wObj;
        if (!configuredHighWaterMark(stage, readableSide) &&
            hwm == defaultHighWaterMark(m_profile, om)) {
            return std::string(" (Node ") + std::string(toString(m_profile)) + "'s default)";
        }
        return "";
    };
    // Lengths count objects in objectMode: say so once, after the highWaterMark.
    const auto objectsNote = [](bool objectMode) -> std::string {
        return objectMode ? " objects" : "";
    };
    const auto stepTime = [&](std::int64_t bytes) -> std::string {
        std::string t;
        if (stage.kind == StageKind::Readable) {
            t = "interval_ms " + formatCount(stage.intervalMs);
        } else {
            const double base = static_cast<double>(stage.delayMs) +
                                stage.perKibMs * static_cast<double>(bytes) / 1024.0;
            const double rounded = roundHalfUp(base);
            if (stage.perKibMs > 0) {
                t = "delay_ms " + formatCount(stage.delayMs) + " + per_kib_ms " +
                    formatNumber(stage.perKibMs) + " x " +
                    formatNumber(static_cast<double>(bytes) / 1024.0) +
                    " KiB = " + formatWhole(rounded) + " ms";
            } else {
                t = "delay_ms " + formatCount(stage.delayMs);
            }
        }
        if (stage.jitter > 0) {
            t += " (+/- " + formatNumber(stage.jitter * 100.0) + "% jitter)";
        }
        return t;
    };
    const std::string callName = stage.kind == StageKind::Transform ? "_transform()" : "_write()";

    switch (event.kind) {
        case EventKind::Read: {
            const std::int64_t hwm = readableHwm();
            std::string why;
            if (event.length == 0) {
                why = "its buffer is empty";
            } else if (event.length < hwm) {
                why = "readableLength " + formatCount(event.length) + " < highWaterMark " +
                      formatCount(hwm);
            } else {
                // read() calls _read before it takes the chunk out (Readable.prototype.read).
                why = "taking the next chunk out of readableLength " + formatCount(event.length) +
                      " leaves less than highWaterMark " + formatCount(hwm) +
                      " (read() asks for more before it takes the chunk)";
            }
            std::string who;
            if (s && s->readable.flowing == 1) {
                who = "flow() keeps reading while " + me + " is flowing";
            } else if (s && s->readable.flowing == 0) {
                who = "maybeReadMore() keeps a paused stream filled up to highWaterMark";
            } else {
                who = "a first read(0) fills the buffer before any data is asked for";
            }
            if (stage.kind == StageKind::Transform) {
                std::string r = "Node calls _read() on " + me + ": " + why + " and " + who + ". ";
                if (s && s->callbackHeld) {
                    r += "On a Transform this releases the held _transform() callback, so the next "
                         "chunk "
                         "written to it can be transformed.";
                } else {
                    r += "A Transform's _read() only releases a held callback; none is held now, "
                         "so it "
                         "waits for the next chunk written to it.";
                }
                return r;
            }
            if (stage.mode == SourceMode::Push) {
                return "Node calls _read() on " + me + " (" + why +
                       "), but a push-mode source does nothing "
                       "there: its timer chain pushes every interval_ms whatever push() returns.";
            }
            if (stage.chunks == 0) {
                return "Node calls _read() on " + me + " (" + why +
                       "); the source has no chunks, so it "
                       "pushes null (EOF) at once.";
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
        case EventKind::Push: {
            const std::int64_t hwm = readableHwm();
            if (event.bytesNull) {
                std::string r;
                if (stage.kind == StageKind::Transform) {
                    r = "push(null) on " + me + ": its writable side was ended" +
                        (hasUp ? " (after 'end' on " + up + ")" : std::string()) +
                        " and every chunk is transformed, so Node ends its readable side "
                        "(_final() pushes null).";
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
                    what += " (ratio " + formatNumber(stage.ratio) + ", split " +
                            formatCount(stage.split) + ")";
                }
            } else {
                what = me + " pushed " + chunkSize(event.bytes, rObj);
                if (s && s->pushedChunks > 0) {
                    what += " (chunk " + formatCount(s->pushedChunks) + " of " +
                            formatCount(stage.chunks) + ")";
                }
            }
            if (event.ret) {
                if (event.length == 0) {
                    return what + ". push() returned true: " + me +
                           " is flowing with an empty buffer, so the chunk went straight out as "
                           "'data' "
                           "and readableLength stays 0.";
                }
                return what + ". push() returned true: readableLength " +
                       formatCount(event.length) + " < highWaterMark " + formatCount(hwm) +
                       objectsNote(rObj) + defaultNote(true, hwm) + ", so there is room for more.";
            }
            if (s && (s->readable.destroyed || s->readable.errored)) {
                return what + ". push() returned false because " + me +
                       " is destroyed: the chunk is dropped.";
            }
            std::string r =
                what + ". push() returned false: readableLength " + formatCount(event.length) +
                " >= highWaterMark " + formatCount(hwm) + objectsNote(rObj) +
                defaultNote(true, hwm) +
                ". The chunk is kept anyway (highWaterMark is a threshold, not a limit).";
            if (stage.kind == StageKind::Transform) {
                r += " " + me + " will hold its write callback until " +
                     (hasDown ? down : std::string("its consumer")) +
                     " reads, so its writable side fills next: backpressure travels upstream.";
            } else if (stage.mode == SourceMode::Push) {
                r += " But " + me +
                     " is a push-mode source: it ignores the false and keeps pushing every "
                     "interval_ms, so its buffer grows.";
            } else {
                r += " " + me + " produces nothing more until Node calls _read() again, once " +
                     (hasDown ? down : std::string("its consumer")) +
                     " has read the buffer below highWaterMark.";
            }
            return r;
        }
        case EventKind::Write: {
            const std::int64_t hwm = writableHwm();
            std::string writer;
            if (hasUp) {
                writer = wiring == Wiring::Naive ? "The naive 'data' listener wrote "
                                                 : wiringName(wiring) + " wrote ";
            }
            const std::string from = hasUp ? " from " + up : std::string();
            std::string r = hasUp
                                ? writer + chunkSize(event.bytes, wObj) + from + " to " + me + ". "
                                : me + ".write(" + chunkSize(event.bytes, wObj) + "). ";
            if (event.ret) {
                r += "write() returned true: writableLength " + formatCount(event.length) +
                     " < highWaterMark " + formatCount(hwm) + objectsNote(wObj) +
                     defaultNote(false, hwm) + ".";
                if (event.length == 0) {
                    r = (hasUp ? writer + chunkSize(event.bytes, wObj) + from + " to " + me + ". "
                               : std::string()) +
                        "write() returned true: " + callName +
                        " completed synchronously, so writableLength is "
                        "back to 0.";
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
                           " is destroyed: the chunk is refused "
                           "and 'error' follows.";
                }
                if (s && s->writable.ending) {
                    return r + "write() returned false because end() was already called on " + me +
                           ": a write after end is an error.";
                }
            }
            r += "write() returned false: writableLength " + formatCount(event.length) +
                 " >= highWaterMark " + formatCount(hwm) + objectsNote(wObj) +
                 defaultNote(false, hwm) + ".";
            if (!hasUp) {
                return r;
            }
            if (wiring == Wiring::Naive) {
                r += " The naive wiring ignores it: " + up + " keeps writing and the buffer of " +
                     me + " keeps growing.";
            } else {
                r += " " + wiringName(wiring) + " now pauses " + up + " and waits for 'drain' on " +
                     me + ".";
            }
            return r;
        }
        case EventKind::Process: {
            std::string r = callName + " of " + me + " starts on " + chunkSize(event.bytes, wObj) +
                            "; writableLength " + formatCount(event.length) + " counts it";
            if (s && s->writable.bufferedCount > 0) {
                r += " and the " + formatCount(s->writable.bufferedCount) + " waiting behind it";
            }
            r += ". It takes " + stepTime(event.bytes) + ".";
            if (stage.kind == StageKind::Transform) {
                const double out = static_cast<double>(event.bytes) * stage.ratio /
                                   static_cast<double>(stage.split);
                const double each = std::max(1.0, roundHalfUp(out));
                r += " Then it pushes " + formatCount(stage.split) +
                     (stage.split == 1 ? " output" : " outputs") + " of " + formatWhole(each) +
                     " bytes" + (rObj ? " (nominal)" : "") + ".";
            }
            return r;
        }
        case EventKind::Done: {
            const std::int64_t size = wObj ? 1 : event.bytes;
            const std::int64_t after = std::max<std::int64_t>(0, event.length - size);
            std::string r = me + " finished " + chunkSize(event.bytes, wObj) +
                            "; its callback drops writableLength from " +
                            formatCount(event.length) + " to " + formatCount(after) + ".";
            if (s && (s->writable.destroyed || s->writable.errored)) {
                // onwrite on a destroyed stream: no clearBuffer, no afterWrite ('drain').
                return r + " But " + me +
                       " is destroyed: no buffered chunk starts and no 'drain' is emitted.";
            }
            if (stage.kind == StageKind::Transform && s && s->readable.present &&
                !s->readable.ended && s->readable.length >= s->readable.highWaterMark &&
                s->readable.length > 0) {
                r += " But its readable side is full (readableLength " +
                     formatCount(s->readable.length) + " >= highWaterMark " +
                     formatCount(s->readable.highWaterMark) + "): Node holds the callback until " +
                     (hasDown ? down : std::string("the consumer")) +
                     " reads, and its writable side stays busy meanwhile.";
                return r;
            }
            if (s && s->writable.bufferedCount > 0) {
                r += " The next of the " + formatCount(s->writable.bufferedCount) +
                     " buffered chunks starts at once (clearBuffer).";
            } else if (after == 0 && s && s->writable.needDrain && !s->writable.ending) {
                r += " Its buffer is then empty and write() had returned false (needDrain), so "
                     "'drain' follows.";
            } else if (after == 0 && s && s->writable.ending) {
                r += " end() was called and nothing is left, so 'finish' follows.";
            }
            return r;
        }
        case EventKind::Data: {
            std::string r =
                me + " emitted 'data' with " + chunkSize(event.bytes, rObj) + ": it is flowing";
            if (!hasDown) {
                return r + ".";
            }
            if (wiring == Wiring::Naive) {
                r += ", so the naive listener writes the chunk to " + down +
                     " without looking at what write() returns.";
            } else {
                r += ", so " + wiringName(wiring) + "'s ondata writes the chunk to " + down + ".";
            }
            if (event.length > 0) {
                r += " readableLength " + formatCount(event.length) + " is still buffered.";
            }
            return r;
        }
        case EventKind::Pause: {
            if (hasDown && (m_context[i + 1].awaitingDrain || m_context[i + 1].lastWriteFalse)) {
                const StageContext& d = m_context[i + 1];
                const StageSnapshot* ds = snap(i + 1);
                std::string r = me + " paused: " + down +
                                ".write() returned false (writableLength " +
                                formatCount(d.lastWriteLength);
                if (ds && ds->writable.present) {
                    r += " >= highWaterMark " + formatCount(ds->writable.highWaterMark);
                }
                r += "), so " + wiringName(wiring) + " paused the source until 'drain' on " + down +
                     ".";
                r += stage.kind == StageKind::Transform
                         ? " While paused, " + me +
                               " keeps transforming until its readable side reaches highWaterMark"
                         : " While paused, " + me +
                               " still fills its own buffer up to highWaterMark";
                r += " (readableLength " + formatCount(event.length) + " now).";
                return r;
            }
            if (hasDown) {
                const StageContext& d = m_context[i + 1];
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
        case EventKind::Resume: {
            if (hasDown && m_context[i + 1].drainReleased) {
                return me + " resumed: " + down + " emitted 'drain' (its buffer is empty), so " +
                       wiringName(wiring) +
                       " resumed the source. It flows again from readableLength " +
                       formatCount(event.length) + ".";
            }
            if (!c.resumedOnce) {
                if (wiring == Wiring::Naive) {
                    return me +
                           " starts flowing: the naive wiring added a 'data' listener, which calls "
                           "resume(); "
                           "'resume' is emitted in the next tick, after its first read(0).";
                }
                return me + " starts flowing: " + wiringName(wiring) +
                       " called resume() when it attached " +
                       (hasDown ? down : std::string("its destination")) +
                       "; 'resume' is emitted in the next tick, after its first read(0).";
            }
            return me +
                   " resumed: resume() set flowing to true; 'data' flows again from "
                   "readableLength " +
                   formatCount(event.length) + ".";
        }
        case EventKind::End: {
            std::string r =
                me + " emitted 'end': EOF was pushed and all its data was read (readableLength 0).";
            if (hasDown) {
                if (wiring == Wiring::Naive) {
                    r += " The naive 'end' listener calls end() on " + down + ".";
                } else {
                    r += " " + wiringName(wiring) + " calls end() on " + down + ".";
                }
            }
            if (stage.kind == StageKind::Transform) {
                r += " 'close' follows once its writable side has finished too.";
            } else {
                r += " autoDestroy then destroys it: 'close' comes in a tick.";
            }
            return r;
        }
        case EventKind::Drain: {
            std::string r =
                me +
                " emitted 'drain': write() had returned false (needDrain) and its buffer is now "
                "fully flushed (writableLength " +
                formatCount(event.length) + ").";
            if (!hasUp) {
                return r;
            }
            if (wiring == Wiring::Naive) {
                r +=
                    " Nobody listens for it in the naive wiring: " + up + " never stopped writing.";
            } else {
                r += " " + wiringName(wiring) + " resumes " + up + " ('resume' in the next tick).";
            }
            return r;
        }
        case EventKind::Finish: {
            std::string r =
                me +
                " emitted 'finish': end() was called and every written chunk is processed "
                "(writableLength 0)";
            if (s) {
                r += "; " + formatCount(s->processedChunks) + " chunks, " +
                     formatCount(s->processedBytes) + " bytes in all";
            }
            r += ".";
            if (stage.kind == StageKind::Transform) {
                r += " Its readable side ends once its last output is read.";
            } else if (hasUp && wiring != Wiring::Naive) {
                r += " " + wiringName(wiring) + " unpipes " + up +
                     " from it; autoDestroy closes it in a tick.";
            } else {
                r += " autoDestroy closes it in a tick.";
            }
            return r;
        }
        case EventKind::Close: {
            if (c.errorEmitted) {
                return me + " emitted 'close' right after 'error' ('" + c.errorMessage +
                       "'): a destroyed stream emits 'error', then 'close', back to back.";
            }
            for (const Fault& f : m_scenario.faults) {
                if (f.stage == stage.id && f.action == FaultAction::Destroy && f.atMs <= event.t) {
                    return me + " emitted 'close': the fault at " + formatCount(f.atMs) +
                           " ms destroyed it without an error (destroy()).";
                }
            }
            if (s && (s->readable.destroyed || s->writable.destroyed) && !c.endEmitted &&
                !c.finishEmitted) {
                return me + " emitted 'close': it was destroyed before it ended" +
                       (m_firstErrorStage != kAllStages && wiring == Wiring::Pipeline
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
                   " emitted 'close': both sides are done ('end' and 'finish'), so autoDestroy "
                   "destroyed it.";
        }
        case EventKind::Pipe: {
            if (!hasUp) {
                return me + " emitted 'pipe': a source was piped into it.";
            }
            if (wiring == Wiring::Pipeline) {
                return me + " emitted 'pipe': pipeline() pipes " + up + " into " + me +
                       " ({end: false}; pipeline() ends and destroys the streams itself, and gives "
                       "every stream "
                       "an 'error' listener).";
            }
            return me + " emitted 'pipe': " + up + ".pipe(" + me + ") attached it. 'data' from " +
                   up + " is written to " + me + "; write() returning false pauses " + up +
                   " until 'drain'.";
        }
        case EventKind::Unpipe: {
            const std::string source = hasUp ? up : std::string("its source");
            if (c.errorEmitted) {
                std::string r = source + " is unpiped from " + me + " because " + me +
                                " emitted 'error' ('" + c.errorMessage + "'): ";
                if (wiring == Wiring::Pipeline) {
                    return r +
                           "the pipe() inside pipeline() detaches, and pipeline() destroys the "
                           "streams itself.";
                }
                return r + "pipe() detaches but destroys nothing, so " + source +
                       " stays paused with what it buffered.";
            }
            if (c.finishEmitted) {
                return source + " is unpiped from " + me + " because " + me +
                       " emitted 'finish': pipe() removes its listeners once the destination is "
                       "done.";
            }
            if (c.closeEmitted || (s && s->writable.destroyed)) {
                return source + " is unpiped from " + me + " because " + me + " closed.";
            }
            return source + " is unpiped from " + me + ": unpipe() removed pipe()'s listeners.";
        }
        case EventKind::Error: {
            const std::string msg(event.message);
            std::string r = me + " emitted 'error' ('" + msg + "')";
            bool explained = false;
            for (const Fault& f : m_scenario.faults) {
                if (f.stage == stage.id && f.action == FaultAction::Error && f.atMs <= event.t &&
                    f.message == msg) {
                    r += ": the fault at " + formatCount(f.atMs) +
                         " ms destroyed it with new Error('" + msg + "').";
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
                } else if (m_firstErrorStage != kAllStages && m_firstErrorStage != event.stage &&
                           m_firstError == msg) {
                    r += ": " + wiringName(wiring) +
                         " destroyed it with the error first raised by " +
                         idOf(static_cast<std::size_t>(m_firstErrorStage)) + ".";
                } else {
                    r += ".";
                }
            }
            if (c.errorEmitted && wiring == Wiring::Pipe) {
                r += " This is pipe()'s error handler re-emitting it: nothing else listens, so it "
                     "is uncaught.";
            } else if (wiring == Wiring::Pipeline) {
                r += " pipeline() handles it: every stream is destroyed with this error and the "
                     "callback gets it.";
            } else if (wiring == Wiring::Pipe && hasUp) {
                r += " pipe()'s own handler unpipes " + up +
                     "; with no other 'error' listener the error is uncaught.";
            } else {
                r += " No 'error' listener is attached, so it is uncaught.";
            }
            return r;
        }
        case EventKind::Uncaught: {
            std::string r = me + " emitted 'error' ('" + std::string(event.message) +
                            "') with no listener to handle it: an uncaught exception, so the "
                            "process exits here.";
            if (wiring != Wiring::Pipeline) {
                r += " " + capitalized(wiringName(wiring)) +
                     " does not handle errors; with wiring 'pipeline' every stream would be "
                     "destroyed and the "
                     "callback would get the error.";
            }
            for (std::size_t k = 0; k < n && k < stages.size(); ++k) {
                const std::int64_t held = stages[k].externalBytes + stages[k].heapBytes;
                if (k != i && held > 0) {
                    r += " " + idOf(k) + " still held " + formatCount(held) + " bytes.";
                }
            }
            return r;
        }
        default:
            break;
    }
    return me + ": " + std::string(toString(event.kind)) + ".";
}

namespace {
constexpr std::size_t kFlushBytes = std::size_t{64} * 1024;  // written out in blocks of this size
}  // namespace

ExplainingTraceWriter::ExplainingTraceWriter(std::ostream& out, const Simulation& simulation)
    : m_out(out), m_simulation(simulation), m_explainer(simulation.scenario(), simulation.profile())
{
    for (const Stage& stage : simulation.scenario().stages) {
        m_stageIds.push_back(stage.id);
    }
    m_buffer.reserve(kFlushBytes + 1024);
}

ExplainingTraceWriter::~ExplainingTraceWriter()
{
    // A stream that already failed is not written again, and a destructor
    // must not throw: call flush() to learn about an error.
    try {
        if (m_out) {
            flush();
        }
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): see above
    }
}

void ExplainingTraceWriter::record(const TraceEvent& event)
{
    m_simulation.snapshot(m_snapshot);
    const std::string why = m_explainer.explain(event, m_snapshot);
    m_line.clear();
    appendTraceLine(m_line, event, m_stageIds);
    // appendTraceLine ends with "}\n": put the extra key before the brace.
    m_line.resize(m_line.size() - 2);
    m_line.append(",\"why\":");
    appendJsonString(m_line, why);
    m_line.append("}\n");
    m_buffer.append(m_line);
    if (m_buffer.size() >= kFlushBytes) {
        flush();
    }
}

void ExplainingTraceWriter::flush()
{
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_buffer.clear();
    m_out.flush();
}

namespace {

class ReplaySink final : public TraceSink {
public:
    ReplaySink(const Simulation& simulation, Explainer& explainer, std::size_t target)
        : m_simulation(simulation), m_explainer(explainer), m_target(target)
    {
    }

    void record(const TraceEvent& event) override
    {
        if (m_count < m_target) {
            m_explainer.observe(event);
        } else if (m_count == m_target) {
            ReplayedEvent r;
            r.event = event;
            r.message = std::string(event.message);
            r.stages = m_simulation.snapshot();
            r.why = m_explainer.explain(event, r.stages);
            r.event.message = {};  // the text lives in r.message
            m_result = std::move(r);
        }
        ++m_count;
    }

    [[nodiscard]] std::size_t count() const { return m_count; }
    std::optional<ReplayedEvent>& result() { return m_result; }

private:
    const Simulation& m_simulation;
    Explainer& m_explainer;
    std::size_t m_target;
    std::size_t m_count = 0;
    std::optional<ReplayedEvent> m_result;
};

}  // namespace

std::optional<ReplayedEvent> replayToEvent(const Scenario& scenario,
                                           const SimulationOptions& options, std::size_t traceIndex,
                                           std::span<const TimingEditAt> edits)
{
    SimulationOptions replayOptions = options;
    replayOptions.sampleEveryMs = 0;  // samples do not change the trace
    Simulation simulation(scenario, replayOptions);
    Explainer explainer(scenario, simulation.profile());
    ReplaySink sink(simulation, explainer, traceIndex);
    simulation.addTraceSink(&sink);
    std::size_t nextEdit = 0;
    while (!sink.result()) {
        while (nextEdit < edits.size() && edits[nextEdit].afterLines <= sink.count()) {
            simulation.setStageTiming(edits[nextEdit].stage, edits[nextEdit].timing);
            ++nextEdit;
        }
        if (!simulation.step()) {
            break;
        }
    }
    return std::move(sink.result());
}

}  // namespace bplab
