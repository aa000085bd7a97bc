// The Simulation facade: stepping, the final line, samples, snapshots, live
// edits, stats, oom. Traces quoted here were printed by real Node 24 for the
// same scenario; other expected values are derived from scenario-v1 by hand.
#include <gtest/gtest.h>

#include "simulation_test_support.h"

namespace bplab {
namespace {

using namespace bplab::testing;

// Collects JSON lines and, for each line, what snapshot() said at that moment.
class RecordingSink final : public TraceSink {
public:
    RecordingSink(Simulation& sim, std::vector<std::string> ids) : m_sim(sim), m_ids(std::move(ids))
    {
    }

    void record(const TraceEvent& event) override
    {
        std::string line;
        appendTraceLine(line, event, m_ids);
        line.pop_back();
        lines.push_back(line);
        events.push_back(event);
        if (event.stage >= 0) {
            const auto snap = m_sim.snapshot();
            const auto& s = snap[static_cast<std::size_t>(event.stage)];
            readableLengths.push_back(s.readable.length);
            writableLengths.push_back(s.writable.length);
        } else {
            readableLengths.push_back(-1);
            writableLengths.push_back(-1);
        }
    }

    std::vector<std::string> lines;
    std::vector<TraceEvent> events;
    std::vector<std::int64_t> readableLengths;
    std::vector<std::int64_t> writableLengths;

private:
    Simulation& m_sim;
    std::vector<std::string> m_ids;
};

class CollectingSamples final : public SampleSink {
public:
    void sample(const Sample& s) override { samples.push_back(s); }
    std::vector<Sample> samples;
};

std::vector<std::string> linesUpTo(std::int64_t t)
{
    std::vector<std::string> out;
    for (const auto& l : kPipePauseNode24) {
        const auto colon = l.find(':');
        const auto comma = l.find(',');
        if (std::stoll(l.substr(colon + 1, comma - colon - 1)) <= t) {
            out.push_back(l);
        }
    }
    return out;
}

TEST(Simulation, FirstStepRunsTheSetUpTaskThenEachStepRunsOneTimer)
{
    const Scenario s = pipePauseScenario();
    Simulation sim(s);
    RecordingSink sink(sim, stageIdsOf(s));
    sim.addTraceSink(&sink);
    EXPECT_EQ(sim.nextDue(), 0);
    ASSERT_TRUE(sim.step());
    EXPECT_EQ(sim.now(), 0);
    EXPECT_EQ(sink.lines, linesUpTo(0));
    EXPECT_EQ(sim.nextDue(), 2);
    ASSERT_TRUE(sim.step());
    EXPECT_EQ(sim.now(), 2);
    EXPECT_EQ(sink.lines, linesUpTo(2));
    EXPECT_FALSE(sim.ended());
}

TEST(Simulation, RunUntilRunsEveryTimerDueAtOrBeforeItAndStopsThere)
{
    const Scenario s = pipePauseScenario();
    Simulation sim(s);
    RecordingSink sink(sim, stageIdsOf(s));
    sim.addTraceSink(&sink);
    sim.runUntil(5);
    EXPECT_EQ(sim.now(), 4);
    EXPECT_EQ(sink.lines, linesUpTo(5));
    EXPECT_EQ(sim.nextDue(), 6);
    EXPECT_FALSE(sim.ended());
}

TEST(Simulation, TheStepThatRunsTheLastTimerAlsoWritesIdle)
{
    const Scenario s = pipePauseScenario();
    Simulation sim(s);
    RecordingSink sink(sim, stageIdsOf(s));
    sim.addTraceSink(&sink);
    int steps = 0;
    while (sim.step()) {
        ++steps;
        if (sink.lines.size() == kPipePauseNode24.size()) {
            break;
        }
    }
    // The trace is complete as soon as the last timer ran: no extra step.
    EXPECT_EQ(sink.lines, kPipePauseNode24);
    EXPECT_TRUE(sim.ended());
    EXPECT_EQ(sim.outcome(), Outcome::Idle);
    EXPECT_FALSE(sim.step());
    EXPECT_EQ(sink.lines.size(), kPipePauseNode24.size());
    // Set-up plus one timer per distinct due time 2, 4, 6 of this trace.
    EXPECT_EQ(steps, 4);
}

TEST(Simulation, StatsCountLinesPausesAndDrains)
{
    Simulation sim(pipePauseScenario());
    sim.run();
    EXPECT_EQ(sim.stats().events, 34);
    EXPECT_EQ(sim.stats().pauses, 3);
    EXPECT_EQ(sim.stats().drains, 2);
    // Node's trace shows rlen 200 with the sink empty, and rlen 100 with one
    // 100-byte chunk in the sink: never more than 200 bytes held.
    EXPECT_EQ(sim.stats().peakMemoryBytes, 200);
}

TEST(Simulation, ASinkSeesTheStateAtTheMomentOfEachLine)
{
    const Scenario s =
        makeScenario(Wiring::Pipeline, {readableStage("src", 50, 1000, 1), transformStage("tx", 3),
                                        withHighWaterMark(writableStage("sink", 7), 2500)});
    Simulation sim(s);
    RecordingSink sink(sim, stageIdsOf(s));
    sim.addTraceSink(&sink);
    sim.run();
    ASSERT_EQ(sink.events.size(), 617u);  // the lines real Node 24 writes for this run
    for (std::size_t i = 0; i < sink.events.size(); ++i) {
        const TraceEvent& e = sink.events[i];
        const EventFields f = fieldsOf(e.kind);
        if (f.rlen) {
            EXPECT_EQ(sink.readableLengths[i], e.length) << sink.lines[i];
        }
        if (f.wlen) {
            EXPECT_EQ(sink.writableLengths[i], e.length) << sink.lines[i];
        }
    }
}

TEST(Simulation, UncaughtErrorEndsTheRunWithNoIdleLine)
{
    const Scenario s =
        makeScenario(Wiring::Pipe, {readableStage("src", 5, 100, 1), writableStage("sink", 1)},
                     {errorFault(3, "sink", "disk full")});
    Simulation sim(s);
    RecordingSink sink(sim, stageIdsOf(s));
    sim.addTraceSink(&sink);
    sim.run();
    EXPECT_EQ(sim.outcome(), Outcome::Uncaught);
    EXPECT_EQ(sink.lines.back(), R"({"t":3,"stage":"sink","ev":"uncaught","message":"disk full"})");
    EXPECT_FALSE(sim.step());
}

TEST(Simulation, UntilStopsWithTheNextTimerStillQueued)
{
    Scenario s =
        makeScenario(Wiring::Pipe, {readableStage("src", 3, 100, 10), writableStage("sink")});
    s.untilMs = 15;
    Simulation sim(s);
    sim.run();
    EXPECT_EQ(sim.outcome(), Outcome::Until);
    EXPECT_EQ(sim.now(), 15);
}

TEST(Simulation, ProfileOptionOverridesTheScenarioNode)
{
    Scenario s = pipePauseScenario();
    s.node = NodeProfile::V24;
    SimulationOptions o;
    o.profile = NodeProfile::V20;
    Simulation sim(s, o);
    EXPECT_EQ(sim.profile(), NodeProfile::V20);
    sim.step();
    // The writable side took the v20 default for a byte stream.
    Scenario d = makeScenario(Wiring::Pipe, {readableStage("src", 1, 10), writableStage("sink")});
    Simulation v20(d, o);
    v20.step();
    EXPECT_EQ(v20.snapshot()[1].writable.highWaterMark, 16384);
    Simulation v24(d);
    v24.step();
    EXPECT_EQ(v24.snapshot()[1].writable.highWaterMark, 65536);
}

TEST(Simulation, SamplesHoldTheStateAfterEveryTimerDueAtOrBeforeTheGridTime)
{
    // Pull source, one chunk every 10 ms, synchronous sink: pushes at 10, 20, 30
    // (Node prints the first at t = 10), idle at 30.
    const Scenario s =
        makeScenario(Wiring::Pipe, {readableStage("src", 3, 100, 10), writableStage("sink")});
    SimulationOptions o;
    o.sampleEveryMs = 5;
    Simulation sim(s, o);
    CollectingSamples samples;
    sim.addSampleSink(&samples);
    sim.run();
    ASSERT_EQ(sim.now(), 30);
    std::vector<std::int64_t> times;
    std::vector<std::int64_t> pushed;
    for (const auto& smp : samples.samples) {
        times.push_back(smp.t);
        pushed.push_back(smp.stages[0].pushedChunks);
    }
    EXPECT_EQ(times, (std::vector<std::int64_t>{0, 5, 10, 15, 20, 25, 30}));
    EXPECT_EQ(pushed, (std::vector<std::int64_t>{0, 0, 1, 1, 2, 2, 3}));
}

TEST(Simulation, ASampleSinkAddedLateGetsOnlyGridPointsFromThenOn)
{
    const Scenario s =
        makeScenario(Wiring::Pipe, {readableStage("src", 3, 100, 10), writableStage("sink")});
    SimulationOptions o;
    o.sampleEveryMs = 5;
    Simulation sim(s, o);
    sim.step();  // set-up
    sim.step();  // the push due at 10; grid points 0 and 5 went by unheard
    CollectingSamples samples;
    sim.addSampleSink(&samples);
    sim.run();
    std::vector<std::int64_t> times;
    std::vector<std::int64_t> pushed;
    for (const auto& smp : samples.samples) {
        times.push_back(smp.t);
        pushed.push_back(smp.stages[0].pushedChunks);
    }
    EXPECT_EQ(times, (std::vector<std::int64_t>{10, 15, 20, 25, 30}));
    EXPECT_EQ(pushed, (std::vector<std::int64_t>{1, 1, 2, 2, 3}));
}

TEST(Simulation, SetStageTimingAppliesFromTheStagesNextDraw)
{
    const Scenario s =
        makeScenario(Wiring::Pipe, {readableStage("src", 3, 100, 10), writableStage("sink")});
    Simulation sim(s);
    RecordingSink sink(sim, stageIdsOf(s));
    sim.addTraceSink(&sink);
    sim.step();  // set-up: the first _read drew 10 ms
    StageTiming faster;
    faster.intervalMs = 1;
    sim.setStageTiming(0, faster);
    sim.run();
    std::vector<std::int64_t> pushTimes;
    for (const auto& e : sink.events) {
        if (e.kind == EventKind::Push && !e.bytesNull) {
            pushTimes.push_back(e.t);
        }
    }
    EXPECT_EQ(pushTimes, (std::vector<std::int64_t>{10, 11, 12}));
}

TEST(Simulation, LiveTimingEditsAreClampedIntoTheScenarioRanges)
{
    const Scenario s = makeScenario(
        Wiring::Pipe, {readableStage("src", 4, 100), transformStage("tx"), writableStage("sink")});
    Simulation sim(s);
    RecordingSink sink(sim, stageIdsOf(s));
    sim.addTraceSink(&sink);
    StageTiming bad;
    bad.split = 0;
    bad.ratio = -1.0;
    bad.jitter = 7.0;
    bad.delayMs = -5;
    sim.setStageTiming(1, bad);
    sim.run();
    int outputs = 0;
    for (const auto& e : sink.events) {
        if (e.stage == 1 && e.kind == EventKind::Push && !e.bytesNull) {
            ++outputs;
            // split 1, ratio 1: each output is the input's 100 bytes.
            EXPECT_EQ(e.bytes, 100);
        }
    }
    EXPECT_EQ(outputs, 4);
    EXPECT_EQ(sim.outcome(), Outcome::Idle);
}

TEST(Simulation, PassingTheMemoryLimitRecordsOomWithTheBytesHeldAndEndsTheRun)
{
    // Naive wiring, a sink that never keeps up: every 1024-byte chunk stays in
    // memory. The total first exceeds 1 MiB = 1024 chunks with chunk 1025.
    Scenario s = makeScenario(Wiring::Naive,
                              {readableStage("src", 2000, 1024), writableStage("sink", 1000)});
    s.memoryLimitMb = 1;
    Simulation sim(s);
    RecordingSink sink(sim, stageIdsOf(s));
    sim.addTraceSink(&sink);
    sim.run();
    EXPECT_EQ(sim.outcome(), Outcome::Oom);
    EXPECT_EQ(sink.lines.back(), R"({"t":0,"stage":"*","ev":"oom","bytes":1049600})");
    EXPECT_EQ(sim.stats().peakMemoryBytes, 1049600);
    EXPECT_FALSE(sim.step());
}

TEST(Simulation, ObjectModeSidesAreHeapMemoryWithTheDocumentedOverhead)
{
    // Two 10-byte objects buffered in the source (hwm 2, nobody reads fast).
    const Scenario s = makeScenario(
        Wiring::Pipe, {withHighWaterMark(inObjectMode(readableStage("src", 4, 10)), 2),
                       withHighWaterMark(inObjectMode(writableStage("sink", 100)), 1)});
    Simulation sim(s);
    sim.step();
    const auto snap = sim.snapshot();
    EXPECT_EQ(snap[0].externalBytes, 0);
    EXPECT_EQ(snap[0].heapBytes, snap[0].readable.length * (10 + kObjectOverheadBytes));
    EXPECT_EQ(snap[1].heapBytes, snap[1].writable.length * (10 + kObjectOverheadBytes));
    // Two objects in the source's buffer and the one the sink is writing.
    EXPECT_EQ(snap[0].heapBytes + snap[1].heapBytes, 3 * (10 + kObjectOverheadBytes));
}

}  // namespace
}  // namespace bplab
