#include "bplab_core/simulation.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "stages.h"
#include "streams/for_await.h"
#include "streams/pipeline.h"
#include "streams/runtime.h"
#include "streams/stream.h"

namespace bplab {

using streams::ErrorPtr;
using streams::Ev;
using streams::EventArg;
using streams::Stream;

std::string_view toString(Outcome outcome)
{
    switch (outcome) {
        case Outcome::Running:
            return "running";
        case Outcome::Idle:
            return "idle";
        case Outcome::Until:
            return "until";
        case Outcome::Uncaught:
            return "uncaught";
        case Outcome::Oom:
            return "oom";
    }
    return "";
}

namespace {

// `up.on('data', c => down.write(c))`, `up.on('end', () => down.end())`
struct NaiveCtx {
    Stream* down = nullptr;
};

void naiveOnData(void* ctx, Stream&, const EventArg& arg)
{
    static_cast<NaiveCtx*>(ctx)->down->write(arg.chunk);
}

void naiveOnEnd(void* ctx, Stream&, const EventArg&)
{
    static_cast<NaiveCtx*>(ctx)->down->end();
}

}  // namespace

class SimulationImpl final : public streams::Runtime {
public:
    SimulationImpl(Scenario s, SimulationOptions o) : scenario(std::move(s)), options(o)
    {
        profile = options.profile ? *options.profile : scenario.node;
        const std::size_t n = scenario.stages.size();
        memory.reset(n, this);
        if (tracksAllocations(scenario)) {
            memory.setTracking(bufferPoolSize(profile));
        }
        if (scenario.memoryLimitMb) {
            memoryLimit = *scenario.memoryLimitMb * 1024 * 1024;
        }
        Runtime::untilMs = scenario.untilMs;
        if (!scenario.stages.empty() && scenario.stages.front().text) {
            Runtime::text = *scenario.stages.front().text;
        }
        nextLimitCheck = options.maxEvents > 0 ? std::min(kLimitCheckEvents, options.maxEvents + 1)
                                               : kLimitCheckEvents;
    }

    void record(TraceEvent& event) override { recordAt(event, loop.now()); }

    void recordAt(TraceEvent& event, std::int64_t t)
    {
        event.t = t;
        if (++stats.events >= nextLimitCheck) [[unlikely]] {
            checkLimits(t);
        }
        if (event.kind == EventKind::Pause) {
            ++stats.pauses;
        } else if (event.kind == EventKind::Drain) {
            ++stats.drains;
        }
        for (TraceSink* sink : traceSinks) {
            sink->record(event);
        }
    }

    // The bounds of SimulationOptions, every kLimitCheckEvents lines (and
    // at maxEvents exactly).
    void checkLimits(std::int64_t t)
    {
        nextLimitCheck = stats.events + kLimitCheckEvents;
        if (options.maxEvents > 0) {
            if (stats.events > options.maxEvents) {
                throw RunStopped("the run passed its bound of " +
                                 std::to_string(options.maxEvents) +
                                 " trace lines at t = " + std::to_string(t) + " ms");
            }
            nextLimitCheck = std::min(nextLimitCheck, options.maxEvents + 1);
        }
        if (t != lastCheckTime) {
            lastCheckTime = t;
            linesSinceTimeMoved = stats.events;
        }
        if (scenario.untilMs && options.maxEventsWithoutTime > 0 &&
            stats.events - linesSinceTimeMoved >= options.maxEventsWithoutTime) {
            throw RunStopped(std::to_string(stats.events - linesSinceTimeMoved) +
                             " trace lines in a row at t = " + std::to_string(t) +
                             " ms without the clock moving: everything runs synchronously, so "
                             "until_ms " +
                             std::to_string(*scenario.untilMs) + " can never come");
        }
        if (options.maxCoreMemoryBytes > 0) {
            std::int64_t chunks = 0;
            for (const auto& stage : stages) {
                if (stage->hasReadable()) {
                    chunks += static_cast<std::int64_t>(stage->readableState().buffer.size());
                }
                if (stage->hasWritable()) {
                    chunks += static_cast<std::int64_t>(stage->writableState().buffered.size());
                }
            }
            // A tracked chunk's allocation costs as much again.
            const std::int64_t perChunk =
                memory.tracking() ? 2 * kCoreBytesPerChunk : kCoreBytesPerChunk;
            if (chunks > options.maxCoreMemoryBytes / perChunk) {
                throw RunStopped(
                    "at t = " + std::to_string(t) + " ms the simulated process holds " +
                    std::to_string(chunks) +
                    " chunks, more than this machine can simulate within its budget of " +
                    std::to_string(options.maxCoreMemoryBytes / (1024 * 1024)) + " MiB (" +
                    std::to_string(perChunk) + " bytes a chunk)");
            }
        }
    }

    void newPeak(std::int64_t total) override
    {
        stats.peakMemoryBytes = total;
        stats.peakMemoryAtMs = loop.now();
        if (memoryLimit && total > *memoryLimit && !killed) {
            killed = true;
            TraceEvent e;
            e.stage = kAllStages;
            e.kind = EventKind::Oom;
            e.bytes = total;
            record(e);
            throw streams::ProcessKilled{};
        }
    }

    void setup()
    {
        const auto n = scenario.stages.size();
        stages.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const Stage& st = scenario.stages[i];
            const auto index = static_cast<std::int32_t>(i);
            switch (st.kind) {
                case StageKind::Readable: {
                    auto src = std::make_unique<SourceStage>(*this, index, st, scenario.seed);
                    SourceStage* raw = src.get();
                    stages.push_back(std::move(src));
                    raw->start();
                    break;
                }
                case StageKind::Transform:
                    stages.push_back(
                        std::make_unique<TransformStage>(*this, index, st, scenario.seed));
                    break;
                case StageKind::Writable:
                    stages.push_back(std::make_unique<SinkStage>(*this, index, st, scenario.seed));
                    break;
            }
        }
        wire();
        for (const Fault& f : scenario.faults) {
            Stream* target = nullptr;
            for (std::size_t i = 0; i < n; ++i) {
                if (scenario.stages[i].id == f.stage) {
                    target = stages[i].get();
                }
            }
            if (target == nullptr) {
                continue;
            }
            ErrorPtr err;
            if (f.action == FaultAction::Error) {
                err = streams::makeError(streams::ErrorCode::Plain, f.message);
            }
            loop.setTimeout(f.atMs, [target, err] { target->destroy(err); });
        }
    }

    void wire()
    {
        const std::size_t n = stages.size();
        if (scenario.pairWirings.empty() && scenario.wiring == Wiring::Pipeline) {
            std::vector<Stream*> list;
            for (auto& s : stages) {
                list.push_back(s.get());
            }
            streams::pipeline(*this, list, [this](const ErrorPtr& err) {
                TraceEvent e;
                e.stage = kAllStages;
                e.kind = EventKind::Pipeline;
                e.messageNull = !err;
                if (err) {
                    e.message = err->message;
                }
                record(e);
            });
            return;
        }
        // Each pair in order, as its own wiring says.
        for (std::size_t i = 0; i + 1 < n; ++i) {
            Stream& up = *stages[i];
            Stream& down = *stages[i + 1];
            switch (wiringOfPair(scenario, i)) {
                case Wiring::Pipe:
                case Wiring::Pipeline:  // a whole chain only, wired above
                    up.pipe(down);
                    break;
                case Wiring::Naive: {
                    auto* ctx = make<NaiveCtx>();
                    ctx->down = &down;
                    up.on(Ev::Data, &naiveOnData, ctx);
                    up.on(Ev::End, &naiveOnEnd, ctx);
                    break;
                }
                case Wiring::ForAwait:
                    make<streams::ForAwaitLoop>(*this, up, down)->start();
                    break;
            }
        }
    }

    // Runs `body` as one task of the simulated process: an uncaught throw or
    // the kill ends the run right there.
    template <typename F>
    void runTask(F&& body)
    {
        try {
            body();
        } catch (streams::JsThrow& thrown) {
            TraceEvent e;
            e.stage = thrown.stage;
            e.kind = EventKind::Uncaught;
            e.message = thrown.error ? std::string_view(thrown.error->message) : std::string_view();
            record(e);
            endRun(Outcome::Uncaught, loop.now());
        } catch (streams::ProcessKilled&) {
            endRun(Outcome::Oom, loop.now());
        }
    }

    void endRun(Outcome how, std::int64_t endTime)
    {
        outcome = how;
        loop.clear();
        emitSamplesThrough(endTime);
    }

    void finishIfDone()
    {
        if (outcome != Outcome::Running) {
            return;
        }
        const auto due = loop.nextDue();
        if (!due) {
            TraceEvent e;
            e.stage = kAllStages;
            e.kind = EventKind::Idle;
            record(e);
            outcome = Outcome::Idle;
            emitSamplesThrough(loop.now());
        } else if (scenario.untilMs && *due > *scenario.untilMs) {
            TraceEvent e;
            e.stage = kAllStages;
            e.kind = EventKind::Until;
            recordAt(e, *scenario.untilMs);
            outcome = Outcome::Until;
            emitSamplesThrough(*scenario.untilMs);
        }
    }

    bool step()
    {
        if (outcome != Outcome::Running) {
            return false;
        }
        if (!started) {
            started = true;
            runTask([this] {
                setup();
                loop.drain();
            });
        } else {
            const auto due = loop.nextDue();
            if (due) {
                emitSamplesBefore(*due);
            }
            runTask([this] { loop.step(); });
        }
        finishIfDone();
        return true;
    }

    void runUntilImpl(std::int64_t t);

    // step() until the run ends, with one try block for all the timers
    // instead of one for each: the same checks, in the same order.
    void runToEnd()
    {
        if (!started) {
            step();
        }
        while (outcome == Outcome::Running) {
            runTask([this] {
                for (;;) {
                    const auto due = loop.nextDue();
                    if (!due || (scenario.untilMs && *due > *scenario.untilMs)) {
                        return;  // finishIfDone() records idle or until
                    }
                    emitSamplesBefore(*due);
                    loop.step();
                }
            });
            finishIfDone();
        }
    }

    // ---------------------------------------------------------- samples

    // Between two timers nothing changes, yet a listener gets every grid
    // point: a gap of years would be billions of equal samples.
    void checkSampleGap(std::int64_t t) const
    {
        if (t > nextSample && (t - nextSample) / options.sampleEveryMs > kMaxSamplesInAGap) {
            throw RunStopped("the next step, at t = " + std::to_string(t) + " ms, is more than " +
                             std::to_string(kMaxSamplesInAGap) + " samples of " +
                             std::to_string(options.sampleEveryMs) +
                             " ms away from t = " + std::to_string(nextSample) + " ms");
        }
    }

    // The grid advances even while no sink listens, so a sink added later
    // never receives a past grid point with the present state.
    void emitSamplesBefore(std::int64_t t)
    {
        if (options.sampleEveryMs <= 0) {
            return;
        }
        if (sampleSinks.empty()) {
            // No one listens: the grid jumps (a step of days would otherwise
            // walk through billions of points).
            if (nextSample < t) {
                const std::int64_t step = options.sampleEveryMs;
                nextSample += (t - nextSample + step - 1) / step * step;
            }
            return;
        }
        checkSampleGap(t);
        while (nextSample < t) {
            emitSample(nextSample);
            nextSample += options.sampleEveryMs;
        }
    }

    void emitSamplesThrough(std::int64_t t)
    {
        if (options.sampleEveryMs <= 0) {
            return;
        }
        if (sampleSinks.empty()) {
            if (nextSample <= t) {
                const std::int64_t step = options.sampleEveryMs;
                nextSample += ((t - nextSample) / step + 1) * step;
            }
            return;
        }
        checkSampleGap(t);
        while (nextSample <= t) {
            emitSample(nextSample);
            nextSample += options.sampleEveryMs;
        }
    }

    void emitSample(std::int64_t t)
    {
        if (sampleSinks.empty()) {
            return;
        }
        sample.t = t;
        fillSnapshot(sample.stages);
        sample.externalBytes = memory.externalBytes();
        sample.heapBytes = memory.heapBytes();
        sample.slabBytes = memory.slabBytes();
        sample.retainedBytes = memory.retainedBytes();
        for (SampleSink* sink : sampleSinks) {
            sink->sample(sample);
        }
    }

    void fillSnapshot(std::vector<StageSnapshot>& out) const
    {
        out.resize(scenario.stages.size());
        for (std::size_t i = 0; i < out.size(); ++i) {
            StageSnapshot& snap = out[i];
            snap = StageSnapshot{};
            snap.externalBytes = memory.stage(i).external;
            snap.heapBytes = memory.stage(i).heap;
            snap.retainedBytes = memory.stage(i).retained;
            if (i >= stages.size()) {
                continue;
            }
            const StageStream& s = *stages[i];
            if (s.hasReadable()) {
                const auto& r = s.readableState();
                ReadableState& o = snap.readable;
                o.present = true;
                o.objectMode = r.objectMode;
                o.length = r.length;
                o.highWaterMark = r.highWaterMark;
                o.bufferedBytes = r.bufferedBytes;
                o.bufferedChunks = static_cast<std::int64_t>(r.buffer.size());
                o.flowing = r.flowing;
                o.ended = r.ended;
                o.endEmitted = r.endEmitted;
                o.reading = r.reading;
                o.sync = r.sync;
                o.needReadable = r.needReadable;
                o.emittedReadable = r.emittedReadable;
                o.readableListening = r.readableListening;
                o.resumeScheduled = r.resumeScheduled;
                o.paused = r.paused;
                o.dataEmitted = r.dataEmitted;
                o.readingMore = r.readingMore;
                o.destroyed = r.destroyed;
                o.errored = static_cast<bool>(r.errored);
                o.closed = r.closed;
                o.closeEmitted = r.closeEmitted;
                o.errorEmitted = r.errorEmitted;
                o.pipesCount = static_cast<std::int32_t>(r.pipes.size());
                o.awaitDrainWriters = static_cast<std::int32_t>(r.awaitDrainWriters.size());
            }
            if (s.hasWritable()) {
                const auto& w = s.writableState();
                WritableState& o = snap.writable;
                o.present = true;
                o.objectMode = w.objectMode;
                o.length = w.length;
                o.highWaterMark = w.highWaterMark;
                o.bufferedBytes = w.bufferedBytes;
                o.bufferedCount = static_cast<std::int64_t>(w.buffered.size());
                o.pendingcb = w.pendingcb;
                o.needDrain = w.needDrain;
                o.writing = w.writing;
                o.sync = w.sync;
                o.corked = w.corked != 0;
                o.ending = w.ending;
                o.ended = w.ended;
                o.finalCalled = w.finalCalled;
                o.prefinished = w.prefinished;
                o.finished = w.finished;
                o.destroyed = w.destroyed;
                o.errored = static_cast<bool>(w.errored);
                o.closed = w.closed;
                o.closeEmitted = w.closeEmitted;
                o.errorEmitted = w.errorEmitted;
            }
            snap.processing = s.processing();
            snap.processingBytes = s.processingBytes();
            snap.callbackHeld = s.callbackHeld();
            const std::string_view pending = s.decoderPending();
            const std::size_t held = std::min(pending.size(), snap.decoderPending.size());
            for (std::size_t k = 0; k < held; ++k) {
                snap.decoderPending[k] = static_cast<std::uint8_t>(pending[k]);
            }
            snap.decoderPendingCount = static_cast<std::int8_t>(held);
            snap.pushedBytes = s.pushedBytes;
            snap.pushedChunks = s.pushedChunks;
            snap.writtenBytes = s.writtenBytes;
            snap.writtenChunks = s.writtenChunks;
            snap.processedBytes = s.processedBytes;
            snap.processedChunks = s.processedChunks;
        }
    }

    Scenario scenario;
    SimulationOptions options;
    std::vector<TraceSink*> traceSinks;
    std::vector<SampleSink*> sampleSinks;
    std::vector<std::unique_ptr<StageStream>> stages;
    SimulationStats stats;
    Outcome outcome = Outcome::Running;
    bool started = false;
    bool killed = false;
    bool stopped = false;  // a RunStopped ended the run
    std::int64_t nextLimitCheck = 0;
    std::int64_t lastCheckTime = -1;
    std::int64_t linesSinceTimeMoved = 0;  // stats.events when the clock last moved
    std::optional<std::int64_t> memoryLimit;
    std::int64_t nextSample = 0;
    Sample sample;
};

Simulation::Simulation(Scenario scenario, SimulationOptions options)
    : m_impl(std::make_unique<SimulationImpl>(std::move(scenario), options))
{
}

Simulation::~Simulation() = default;

void Simulation::addTraceSink(TraceSink* sink)
{
    m_impl->traceSinks.push_back(sink);
}
void Simulation::addSampleSink(SampleSink* sink)
{
    m_impl->sampleSinks.push_back(sink);
}

// A RunStopped leaves the run ended: nothing queued runs any more.
template <typename F>
auto stopOnLimit(SimulationImpl& impl, F&& body)
{
    if (impl.stopped) {
        throw RunStopped("the run was stopped");
    }
    try {
        return body();
    } catch (const RunStopped&) {
        impl.stopped = true;
        impl.loop.clear();
        throw;
    }
}

bool Simulation::step()
{
    if (m_impl->stopped) {
        return false;
    }
    return stopOnLimit(*m_impl, [this] { return m_impl->step(); });
}

void Simulation::run()
{
    if (!m_impl->stopped) {
        stopOnLimit(*m_impl, [this] { m_impl->runToEnd(); });
    }
}

void Simulation::runUntil(std::int64_t t)
{
    if (!m_impl->stopped) {
        stopOnLimit(*m_impl, [this, t] { m_impl->runUntilImpl(t); });
    }
}

void SimulationImpl::runUntilImpl(std::int64_t t)
{
    if (!started) {
        step();
    }
    while (outcome == Outcome::Running) {
        const auto due = loop.nextDue();
        if (!due || *due > t) {
            break;
        }
        step();
    }
    if (outcome == Outcome::Running) {
        // Every timer due at or before t has run: the state holds until then.
        emitSamplesThrough(t);
    }
}

std::int64_t Simulation::now() const
{
    if (m_impl->outcome == Outcome::Until && m_impl->scenario.untilMs) {
        return *m_impl->scenario.untilMs;
    }
    return m_impl->loop.now();
}

std::optional<std::int64_t> Simulation::nextDue() const
{
    if (m_impl->outcome != Outcome::Running) {
        return std::nullopt;
    }
    if (!m_impl->started) {
        return 0;
    }
    return m_impl->loop.nextDue();
}

bool Simulation::ended() const
{
    return m_impl->outcome != Outcome::Running || m_impl->stopped;
}
Outcome Simulation::outcome() const
{
    return m_impl->outcome;
}
const Scenario& Simulation::scenario() const
{
    return m_impl->scenario;
}
NodeProfile Simulation::profile() const
{
    return m_impl->profile;
}
const SimulationStats& Simulation::stats() const
{
    return m_impl->stats;
}

ProcessMemory Simulation::memory() const
{
    const MemoryModel& model = m_impl->memory;
    ProcessMemory m;
    m.externalBytes = model.externalBytes();
    m.heapBytes = model.heapBytes();
    m.peakBytes = m_impl->stats.peakMemoryBytes;
    m.slabBytes = model.slabBytes();
    m.retainedBytes = model.retainedBytes();
    return m;
}

std::vector<StageSnapshot> Simulation::snapshot() const
{
    std::vector<StageSnapshot> out;
    m_impl->fillSnapshot(out);
    return out;
}

void Simulation::snapshot(std::vector<StageSnapshot>& out) const
{
    m_impl->fillSnapshot(out);
}

void Simulation::setStageTiming(std::size_t stageIndex, const StageTiming& timing)
{
    if (stageIndex < m_impl->stages.size()) {
        m_impl->stages[stageIndex]->setTiming(timing);
    } else if (stageIndex < m_impl->scenario.stages.size()) {
        // Not constructed yet: the set-up task will read it from the scenario.
        m_impl->scenario.stages[stageIndex].setTiming(timing);
    }
}

}  // namespace bplab
