// What each stage does (scenario-v1 section 2), checked on the trace. The
// expected values follow from the spec's formulas.
#include <gtest/gtest.h>

#include "random.h"
#include "simulation_test_support.h"

namespace bplab {
namespace {

using namespace bplab::testing;

class EventsSink final : public TraceSink {
public:
    void record(const TraceEvent& e) override { events.push_back(e); }
    std::vector<TraceEvent> events;
};

std::vector<TraceEvent> eventsOf(const Scenario& s)
{
    Simulation sim(s);
    EventsSink sink;
    sim.addTraceSink(&sink);
    sim.run();
    return sink.events;
}

TEST(SourceStage, PushModeStepsTakeAtLeastOneMillisecondEvenWhenTheDrawRoundsToZero)
{
    // interval 1, jitter 1: a step is round(2u), 0 for u < 0.25.
    Stage src = inPushMode(readableStage("src", 50, 10, 1));
    src.jitter = 1.0;
    Scenario s = makeScenario(Wiring::Pipe, {src, writableStage("sink")});
    s.seed = 1;

    Mulberry32 rng = Mulberry32::forStage(1, 0);
    int zeroDraws = 0;
    for (int i = 0; i < 50; ++i) {
        zeroDraws += stepTime(1.0, 1.0, rng) == 0 ? 1 : 0;
    }
    ASSERT_GT(zeroDraws, 0) << "the seed must exercise the 1 ms floor";

    std::vector<std::int64_t> pushTimes;
    for (const auto& e : eventsOf(s)) {
        if (e.stage == 0 && e.kind == EventKind::Push && !e.bytesNull) {
            pushTimes.push_back(e.t);
        }
    }
    ASSERT_EQ(pushTimes.size(), 50u);
    EXPECT_GE(pushTimes.front(), 1);
    for (std::size_t i = 1; i < pushTimes.size(); ++i) {
        EXPECT_GT(pushTimes[i], pushTimes[i - 1]);
    }
}

TEST(SourceStage, PushesNullRightAfterTheLastChunkInTheSameCall)
{
    const auto events = eventsOf(
        makeScenario(Wiring::Pipe, {readableStage("src", 3, 10, 4), writableStage("sink")}));
    std::vector<const TraceEvent*> pushes;
    for (const auto& e : events) {
        if (e.stage == 0 && e.kind == EventKind::Push) {
            pushes.push_back(&e);
        }
    }
    ASSERT_EQ(pushes.size(), 4u);
    EXPECT_FALSE(pushes[2]->bytesNull);
    EXPECT_TRUE(pushes[3]->bytesNull);
    EXPECT_EQ(pushes[3]->t, pushes[2]->t);
    // Pull mode with a 4 ms interval: each chunk is due 4 ms after its _read.
    EXPECT_EQ(pushes[0]->t, 4);
}

TEST(TransformStage, SplitsEveryChunkIntoSplitOutputsOfRatioTimesBytesOverSplit)
{
    Stage tx = transformStage("tx");
    tx.ratio = 0.3;
    tx.split = 3;
    const auto events = eventsOf(
        makeScenario(Wiring::Pipe, {readableStage("src", 5, 1000), tx, writableStage("sink")}));
    int outputs = 0;
    int eof = 0;
    for (const auto& e : events) {
        if (e.stage == 1 && e.kind == EventKind::Push) {
            if (e.bytesNull) {
                ++eof;
            } else {
                ++outputs;
                EXPECT_EQ(e.bytes, 100);  // round(1000 * 0.3 / 3)
            }
        }
    }
    EXPECT_EQ(outputs, 15);
    EXPECT_EQ(eof, 1);  // Node's own push(null) from the Transform's final
}

TEST(WritableStage, CallsBackAfterDelayPlusPerKibTimesTheChunk)
{
    Stage sink = writableStage("sink", 2);
    sink.perKibMs = 3.0;
    const auto events = eventsOf(makeScenario(Wiring::Pipe, {readableStage("src", 1, 2048), sink}));
    std::int64_t processAt = -1;
    std::int64_t doneAt = -1;
    for (const auto& e : events) {
        if (e.stage == 1 && e.kind == EventKind::Process) {
            processAt = e.t;
        }
        if (e.stage == 1 && e.kind == EventKind::Done) {
            doneAt = e.t;
        }
    }
    ASSERT_GE(processAt, 0);
    EXPECT_EQ(doneAt - processAt, 8);  // 2 + 3 * 2048 / 1024
}

}  // namespace
}  // namespace bplab
