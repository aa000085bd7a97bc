// The for-await wiring (scenario-v2 section 2): the async iterator, the
// awaited 'drain' and leaving the loop, against the traces real Node 24
// printed through the harness (node resources/node/harness.js); Node 20
// prints the same for these. And the promises under them, on the microtask
// queue, in the order V8 runs them.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "simulation_test_support.h"
#include "streams/promise.h"

namespace bplab {
namespace {

using testing::destroyFault;
using testing::errorFault;
using testing::makeScenario;
using testing::readableStage;
using testing::traceOf;
using testing::withHighWaterMark;
using testing::writableStage;

// Four 100-byte chunks a millisecond apart into a sink of highWaterMark 150
// that takes 3 ms a chunk.
Scenario slowSink(std::vector<Fault> faults = {})
{
    return makeScenario(
        Wiring::ForAwait,
        {readableStage("src", 4, 100, 1), withHighWaterMark(writableStage("sink", 3), 150)},
        std::move(faults));
}

const std::vector<std::string> kFirstTwoChunks = {
    R"({"t":0,"stage":"src","ev":"read","rlen":0})",
    R"({"t":1,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":100})",
    R"({"t":1,"stage":"src","ev":"read","rlen":100})",
    R"({"t":1,"stage":"src","ev":"data","bytes":100,"rlen":0})",
    R"({"t":1,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
    R"({"t":1,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":100})",
    R"({"t":2,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":100})",
    R"({"t":2,"stage":"src","ev":"read","rlen":100})",
    R"({"t":2,"stage":"src","ev":"data","bytes":100,"rlen":0})",
    R"({"t":2,"stage":"sink","ev":"write","bytes":100,"ret":false,"wlen":200})",
};

std::vector<std::string> after(std::vector<std::string> head, const std::vector<std::string>& tail)
{
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

TEST(ForAwait, ReadsInPausedModeAndWritesWhatIsBufferedAsOneChunkAfterTheDrain)
{
    EXPECT_EQ(traceOf(slowSink()),
              after(kFirstTwoChunks,
                    {
                        R"({"t":3,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":100})",
                        R"({"t":3,"stage":"src","ev":"read","rlen":100})",
                        R"({"t":4,"stage":"sink","ev":"done","bytes":100,"wlen":200})",
                        R"({"t":4,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
                        R"({"t":4,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":200})",
                        R"({"t":4,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":200})",
                        R"({"t":7,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
                        R"({"t":7,"stage":"sink","ev":"drain","wlen":0})",
                        R"({"t":7,"stage":"src","ev":"data","bytes":200,"rlen":0})",
                        R"({"t":7,"stage":"sink","ev":"process","bytes":200,"wlen":200})",
                        R"({"t":7,"stage":"sink","ev":"write","bytes":200,"ret":false,"wlen":200})",
                        R"({"t":7,"stage":"src","ev":"end"})",
                        R"({"t":7,"stage":"src","ev":"close"})",
                        R"({"t":10,"stage":"sink","ev":"done","bytes":200,"wlen":200})",
                        R"({"t":10,"stage":"sink","ev":"drain","wlen":0})",
                        R"({"t":10,"stage":"sink","ev":"finish"})",
                        R"({"t":10,"stage":"sink","ev":"close"})",
                        R"({"t":10,"stage":"*","ev":"idle"})",
                    }));
}

TEST(ForAwait, ASinkErrorWhileTheLoopAwaitsDrainAbortsTheSource)
{
    EXPECT_EQ(
        traceOf(slowSink({errorFault(3, "sink", "reset")})),
        after(kFirstTwoChunks,
              {
                  R"({"t":3,"stage":"sink","ev":"error","message":"reset"})",
                  R"({"t":3,"stage":"sink","ev":"close"})",
                  R"({"t":3,"stage":"src","ev":"error","message":"The operation was aborted"})",
                  R"({"t":3,"stage":"src","ev":"close"})",
                  R"({"t":3,"stage":"src","ev":"push","bytes":100,"ret":false,"rlen":0})",
                  R"({"t":4,"stage":"sink","ev":"done","bytes":100,"wlen":200})",
                  R"({"t":4,"stage":"*","ev":"idle"})",
              }));
}

TEST(ForAwait, ASinkDestroyedWithoutAnErrorLeavesTheLoopWaitingForADrainThatNeverComes)
{
    EXPECT_EQ(traceOf(slowSink({destroyFault(3, "sink")})),
              after(kFirstTwoChunks,
                    {
                        R"({"t":3,"stage":"sink","ev":"close"})",
                        R"({"t":3,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":100})",
                        R"({"t":3,"stage":"src","ev":"read","rlen":100})",
                        R"({"t":4,"stage":"sink","ev":"done","bytes":100,"wlen":200})",
                        R"({"t":4,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":200})",
                        R"({"t":4,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":200})",
                        R"({"t":4,"stage":"*","ev":"idle"})",
                    }));
}

TEST(ForAwait, AWiringArrayWiresEachPairItsOwnWay)
{
    // pipe() emits 'pipe' on its destination; the for-await pair does not.
    // The loop, wired first, has read from the source by then.
    Scenario s = makeScenario(Wiring::Pipe, {readableStage("src", 1, 10),
                                             testing::transformStage("tx"), writableStage("sink")});
    s.pairWirings = {Wiring::ForAwait, Wiring::Pipe};
    const auto lines = traceOf(s);
    ASSERT_GE(lines.size(), 2U);
    EXPECT_EQ(lines[0], R"({"t":0,"stage":"src","ev":"read","rlen":0})");
    EXPECT_EQ(lines[1], R"({"t":0,"stage":"src","ev":"push","bytes":10,"ret":true,"rlen":10})");
    EXPECT_EQ(std::count(lines.begin(), lines.end(), R"({"t":0,"stage":"sink","ev":"pipe"})"), 1);
    EXPECT_EQ(std::count(lines.begin(), lines.end(), R"({"t":0,"stage":"tx","ev":"pipe"})"), 0);
}

// ---------------------------------------------------------------------------
// Promises: the hops V8 takes, measured on Node 24 and 20 with a chain of
// queueMicrotask calls counting turns.

struct PromiseRig : streams::Runtime {
    void record(TraceEvent&) override {}
    void newPeak(std::int64_t) override {}
    std::vector<std::string> order;
    // A chain of microtasks that notes each turn it runs in.
    void chain(int turns, int from = 1)
    {
        if (turns == 0) {
            return;
        }
        loop.queueMicrotask([this, turns, from] {
            order.push_back("turn " + std::to_string(from));
            chain(turns - 1, from + 1);
        });
    }
};

TEST(JsPromise, AReactionToASettledPromiseRunsOneTurnLater)
{
    PromiseRig rt;
    auto p = streams::Promise::make(rt);
    p->resolve({});
    rt.chain(3);
    p->then([&rt](const streams::Settlement&) { rt.order.push_back("reaction"); });
    rt.loop.drain();
    EXPECT_EQ(rt.order, (std::vector<std::string>{"turn 1", "reaction", "turn 2", "turn 3"}));
}

TEST(JsPromise, APromiseResolvedWithAnotherSettlesTwoTurnsAfterIt)
{
    // `return new Promise(...)` from an async function, as events.once does:
    // once(e, 'drain') is awaited two turns after 'drain'.
    PromiseRig rt;
    auto outer = streams::Promise::make(rt);
    auto inner = streams::Promise::make(rt);
    outer->resolveWith(inner);
    outer->then([&rt](const streams::Settlement&) { rt.order.push_back("awaited"); });
    rt.loop.drain();
    rt.chain(3);
    inner->resolve({});
    rt.loop.drain();
    EXPECT_EQ(rt.order, (std::vector<std::string>{"turn 1", "turn 2", "awaited", "turn 3"}));
}

TEST(JsPromise, OnlyTheFirstResolutionCounts)
{
    PromiseRig rt;
    auto p = streams::Promise::make(rt);
    p->reject(streams::abortError());
    p->resolve({});
    std::string seen;
    p->then([&seen](const streams::Settlement& s) {
        seen = s.rejected ? s.reason->message : "fulfilled";
    });
    rt.loop.drain();
    EXPECT_EQ(seen, "The operation was aborted");
}

}  // namespace
}  // namespace bplab
