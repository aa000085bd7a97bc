// Exact traces of small scenarios. Every expected line was printed by real
// Node (tests/conformance/harness.js on Node 24.21.0 / 20.20.2) for the same
// scenario written as a file; none comes from this simulation.
#include <gtest/gtest.h>

#include "simulation_test_support.h"

namespace bplab {
namespace {

using namespace bplab::testing;

// write() is true at 100 and 200 bytes buffered, false at 300 >= 250.
TEST(Writable, WriteReturnsFalseOnceLengthReachesHighWaterMark)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":100})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":100})",
        R"({"t":0,"stage":"src","ev":"read","rlen":100})",
        R"({"t":0,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":200})",
        R"({"t":0,"stage":"src","ev":"data","bytes":100,"rlen":100})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":100})",
        R"({"t":0,"stage":"src","ev":"read","rlen":100})",
        R"({"t":0,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":200})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":200})",
        R"({"t":0,"stage":"src","ev":"data","bytes":100,"rlen":100})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":200})",
        R"({"t":0,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":100,"ret":false,"wlen":300})",
        R"({"t":0,"stage":"src","ev":"end"})",
        R"({"t":0,"stage":"src","ev":"close"})",
        R"({"t":10,"stage":"sink","ev":"done","bytes":100,"wlen":300})",
        R"({"t":10,"stage":"sink","ev":"process","bytes":100,"wlen":200})",
        R"({"t":20,"stage":"sink","ev":"done","bytes":100,"wlen":200})",
        R"({"t":20,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":30,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":30,"stage":"sink","ev":"finish"})",
        R"({"t":30,"stage":"sink","ev":"close"})",
        R"({"t":30,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(
        traceOf(makeScenario(Wiring::Naive, {readableStage("src", 3, 100),
                                             withHighWaterMark(writableStage("sink", 10), 250)}),
                NodeProfile::V24),
        node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(
        traceOf(makeScenario(Wiring::Naive, {readableStage("src", 3, 100),
                                             withHighWaterMark(writableStage("sink", 10), 250)}),
                NodeProfile::V20),
        node24);
}

// The second write() returns false, then end() comes before the buffer empties: no drain.
TEST(Writable, DrainNeverFiresAfterEnd)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":100})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":100})",
        R"({"t":0,"stage":"src","ev":"read","rlen":100})",
        R"({"t":0,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":200})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":200})",
        R"({"t":0,"stage":"src","ev":"data","bytes":100,"rlen":100})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":100})",
        R"({"t":0,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":100,"ret":false,"wlen":200})",
        R"({"t":0,"stage":"src","ev":"end"})",
        R"({"t":0,"stage":"src","ev":"close"})",
        R"({"t":5,"stage":"sink","ev":"done","bytes":100,"wlen":200})",
        R"({"t":5,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":10,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":10,"stage":"sink","ev":"finish"})",
        R"({"t":10,"stage":"sink","ev":"close"})",
        R"({"t":10,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(
        traceOf(makeScenario(Wiring::Naive, {readableStage("src", 2, 100),
                                             withHighWaterMark(writableStage("sink", 5), 150)}),
                NodeProfile::V24),
        node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(
        traceOf(makeScenario(Wiring::Naive, {readableStage("src", 2, 100),
                                             withHighWaterMark(writableStage("sink", 5), 150)}),
                NodeProfile::V20),
        node24);
}

// pause is emitted inside write()'s caller; after drain, resume comes from the resume tick.
TEST(Pipe, FalseWritePausesTheSourceAndDrainResumesItOnATick)
{
    EXPECT_EQ(traceOf(pipePauseScenario(), NodeProfile::V24), kPipePauseNode24);
    // Node 20 prints the same lines.
    EXPECT_EQ(traceOf(pipePauseScenario(), NodeProfile::V20), kPipePauseNode24);
}

// pipe()'s error handler unpipes (src pauses) and, being the only listener, emits 'error' again:
// uncaught.
TEST(Pipe, DestErrorUnpipesAndReEmitsWhichIsUncaught)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":0})",
        R"({"t":1,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":1,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":1,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":100})",
        R"({"t":1,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":0})",
        R"({"t":1,"stage":"src","ev":"read","rlen":0})",
        R"({"t":2,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":2,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":2,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":2,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":100})",
        R"({"t":2,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":0})",
        R"({"t":2,"stage":"src","ev":"read","rlen":0})",
        R"({"t":3,"stage":"sink","ev":"error","message":"disk full"})",
        R"({"t":3,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":3,"stage":"sink","ev":"unpipe"})",
        R"({"t":3,"stage":"sink","ev":"error","message":"disk full"})",
        R"({"t":3,"stage":"sink","ev":"uncaught","message":"disk full"})",
    };
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipe,
                                   {readableStage("src", 5, 100, 1), writableStage("sink", 1)},
                                   {errorFault(3, "sink", "disk full")}),
                      NodeProfile::V24),
              node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipe,
                                   {readableStage("src", 5, 100, 1), writableStage("sink", 1)},
                                   {errorFault(3, "sink", "disk full")}),
                      NodeProfile::V20),
              node24);
}

// objectMode, highWaterMark 1 on both sides: the transform holds its write callback until its
// readable side is read.
TEST(Transform, HoldsItsCallbackWhileTheReadableSideIsFull)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"tx","ev":"pipe"})",
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":10,"ret":true,"rlen":1})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":1})",
        R"({"t":0,"stage":"src","ev":"read","rlen":1})",
        R"({"t":0,"stage":"src","ev":"push","bytes":10,"ret":true,"rlen":2})",
        R"({"t":0,"stage":"src","ev":"data","bytes":10,"rlen":1})",
        R"({"t":0,"stage":"tx","ev":"process","bytes":10,"wlen":1})",
        R"({"t":0,"stage":"tx","ev":"data","bytes":10,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":10,"wlen":1})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":10,"ret":false,"wlen":1})",
        R"({"t":0,"stage":"tx","ev":"pause","rlen":0})",
        R"({"t":0,"stage":"tx","ev":"push","bytes":10,"ret":true,"rlen":0})",
        R"({"t":0,"stage":"tx","ev":"done","bytes":10,"wlen":1})",
        R"({"t":0,"stage":"tx","ev":"write","bytes":10,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"src","ev":"read","rlen":1})",
        R"({"t":0,"stage":"src","ev":"push","bytes":10,"ret":true,"rlen":2})",
        R"({"t":0,"stage":"src","ev":"data","bytes":10,"rlen":1})",
        R"({"t":0,"stage":"tx","ev":"process","bytes":10,"wlen":1})",
        R"({"t":0,"stage":"tx","ev":"push","bytes":10,"ret":false,"rlen":1})",
        R"({"t":0,"stage":"tx","ev":"done","bytes":10,"wlen":1})",
        R"({"t":0,"stage":"tx","ev":"write","bytes":10,"ret":false,"wlen":1})",
        R"({"t":0,"stage":"src","ev":"pause","rlen":1})",
        R"({"t":0,"stage":"tx","ev":"resume","rlen":1})",
        R"({"t":0,"stage":"src","ev":"read","rlen":1})",
        R"({"t":0,"stage":"src","ev":"push","bytes":10,"ret":true,"rlen":2})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":2})",
        R"({"t":5,"stage":"sink","ev":"done","bytes":10,"wlen":1})",
        R"({"t":5,"stage":"sink","ev":"drain","wlen":0})",
        R"({"t":5,"stage":"tx","ev":"resume","rlen":1})",
        R"({"t":5,"stage":"tx","ev":"drain","wlen":0})",
        R"({"t":5,"stage":"tx","ev":"data","bytes":10,"rlen":0})",
        R"({"t":5,"stage":"sink","ev":"process","bytes":10,"wlen":1})",
        R"({"t":5,"stage":"sink","ev":"write","bytes":10,"ret":false,"wlen":1})",
        R"({"t":5,"stage":"tx","ev":"pause","rlen":0})",
        R"({"t":5,"stage":"src","ev":"resume","rlen":2})",
        R"({"t":5,"stage":"src","ev":"data","bytes":10,"rlen":1})",
        R"({"t":5,"stage":"tx","ev":"process","bytes":10,"wlen":1})",
        R"({"t":5,"stage":"tx","ev":"push","bytes":10,"ret":false,"rlen":1})",
        R"({"t":5,"stage":"tx","ev":"done","bytes":10,"wlen":1})",
        R"({"t":5,"stage":"tx","ev":"write","bytes":10,"ret":false,"wlen":1})",
        R"({"t":5,"stage":"src","ev":"pause","rlen":1})",
        R"({"t":10,"stage":"sink","ev":"done","bytes":10,"wlen":1})",
        R"({"t":10,"stage":"sink","ev":"drain","wlen":0})",
        R"({"t":10,"stage":"tx","ev":"resume","rlen":1})",
        R"({"t":10,"stage":"tx","ev":"drain","wlen":0})",
        R"({"t":10,"stage":"tx","ev":"data","bytes":10,"rlen":0})",
        R"({"t":10,"stage":"sink","ev":"process","bytes":10,"wlen":1})",
        R"({"t":10,"stage":"sink","ev":"write","bytes":10,"ret":false,"wlen":1})",
        R"({"t":10,"stage":"tx","ev":"pause","rlen":0})",
        R"({"t":10,"stage":"src","ev":"resume","rlen":1})",
        R"({"t":10,"stage":"src","ev":"data","bytes":10,"rlen":0})",
        R"({"t":10,"stage":"tx","ev":"process","bytes":10,"wlen":1})",
        R"({"t":10,"stage":"tx","ev":"push","bytes":10,"ret":false,"rlen":1})",
        R"({"t":10,"stage":"tx","ev":"done","bytes":10,"wlen":1})",
        R"({"t":10,"stage":"tx","ev":"write","bytes":10,"ret":false,"wlen":1})",
        R"({"t":10,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":10,"stage":"src","ev":"end"})",
        R"({"t":10,"stage":"src","ev":"close"})",
        R"({"t":15,"stage":"sink","ev":"done","bytes":10,"wlen":1})",
        R"({"t":15,"stage":"sink","ev":"drain","wlen":0})",
        R"({"t":15,"stage":"tx","ev":"resume","rlen":1})",
        R"({"t":15,"stage":"tx","ev":"push","bytes":null,"ret":false,"rlen":1})",
        R"({"t":15,"stage":"tx","ev":"data","bytes":10,"rlen":0})",
        R"({"t":15,"stage":"sink","ev":"process","bytes":10,"wlen":1})",
        R"({"t":15,"stage":"sink","ev":"write","bytes":10,"ret":false,"wlen":1})",
        R"({"t":15,"stage":"tx","ev":"pause","rlen":0})",
        R"({"t":15,"stage":"tx","ev":"finish"})",
        R"({"t":15,"stage":"tx","ev":"unpipe"})",
        R"({"t":15,"stage":"tx","ev":"end"})",
        R"({"t":15,"stage":"tx","ev":"close"})",
        R"({"t":20,"stage":"sink","ev":"done","bytes":10,"wlen":1})",
        R"({"t":20,"stage":"sink","ev":"finish"})",
        R"({"t":20,"stage":"sink","ev":"unpipe"})",
        R"({"t":20,"stage":"sink","ev":"close"})",
        R"({"t":20,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipe,
                                   {inObjectMode(readableStage("src", 4, 10)),
                                    withHighWaterMark(inObjectMode(transformStage("tx")), 1),
                                    withHighWaterMark(inObjectMode(writableStage("sink", 5)), 1)}),
                      NodeProfile::V24),
              node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipe,
                                   {inObjectMode(readableStage("src", 4, 10)),
                                    withHighWaterMark(inObjectMode(transformStage("tx")), 1),
                                    withHighWaterMark(inObjectMode(writableStage("sink", 5)), 1)}),
                      NodeProfile::V20),
              node24);
}

TEST(Pipeline, SourceErrorDestroysEveryStreamAndCallsBackAfterTheLastClose)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"tx","ev":"pipe"})",
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":0})",
        R"({"t":0,"stage":"tx","ev":"resume","rlen":0})",
        R"({"t":1,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":1,"stage":"tx","ev":"process","bytes":100,"wlen":100})",
        R"({"t":1,"stage":"tx","ev":"write","bytes":100,"ret":true,"wlen":100})",
        R"({"t":1,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":0})",
        R"({"t":1,"stage":"src","ev":"read","rlen":0})",
        R"({"t":2,"stage":"src","ev":"error","message":"boom"})",
        R"({"t":2,"stage":"src","ev":"close"})",
        R"({"t":2,"stage":"tx","ev":"error","message":"boom"})",
        R"({"t":2,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":2,"stage":"tx","ev":"unpipe"})",
        R"({"t":2,"stage":"tx","ev":"close"})",
        R"({"t":2,"stage":"sink","ev":"error","message":"boom"})",
        R"({"t":2,"stage":"tx","ev":"pause","rlen":0})",
        R"({"t":2,"stage":"sink","ev":"unpipe"})",
        R"({"t":2,"stage":"sink","ev":"close"})",
        R"({"t":2,"stage":"*","ev":"pipeline","error":"boom"})",
        R"({"t":2,"stage":"tx","ev":"push","bytes":100,"ret":false,"rlen":0})",
        R"({"t":2,"stage":"tx","ev":"done","bytes":100,"wlen":100})",
        R"({"t":2,"stage":"src","ev":"push","bytes":100,"ret":false,"rlen":0})",
        R"({"t":2,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipeline,
                                   {readableStage("src", 5, 100, 1), transformStage("tx", 1),
                                    writableStage("sink", 3)},
                                   {errorFault(2, "src", "boom")}),
                      NodeProfile::V24),
              node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipeline,
                                   {readableStage("src", 5, 100, 1), transformStage("tx", 1),
                                    writableStage("sink", 3)},
                                   {errorFault(2, "src", "boom")}),
                      NodeProfile::V20),
              node24);
}

TEST(Pipeline, DestroyWithoutErrorIsAPrematureClose)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":0})",
        R"({"t":1,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":1,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":1,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":100})",
        R"({"t":1,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":0})",
        R"({"t":1,"stage":"src","ev":"read","rlen":0})",
        R"({"t":2,"stage":"sink","ev":"close"})",
        R"({"t":2,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":2,"stage":"sink","ev":"unpipe"})",
        R"({"t":2,"stage":"src","ev":"error","message":"Premature close"})",
        R"({"t":2,"stage":"src","ev":"close"})",
        R"({"t":2,"stage":"*","ev":"pipeline","error":"Premature close"})",
        R"({"t":2,"stage":"src","ev":"push","bytes":100,"ret":false,"rlen":0})",
        R"({"t":4,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":4,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipeline,
                                   {readableStage("src", 5, 100, 1), writableStage("sink", 3)},
                                   {destroyFault(2, "sink")}),
                      NodeProfile::V24),
              node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipeline,
                                   {readableStage("src", 5, 100, 1), writableStage("sink", 3)},
                                   {destroyFault(2, "sink")}),
                      NodeProfile::V20),
              node24);
}

// Both faults at t = 2: the sink is destroyed first, then the source errors.
TEST(Pipeline, RealErrorReplacesAPrematureClose)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"tx","ev":"pipe"})",
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":0})",
        R"({"t":0,"stage":"tx","ev":"resume","rlen":0})",
        R"({"t":1,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":1,"stage":"tx","ev":"process","bytes":100,"wlen":100})",
        R"({"t":1,"stage":"tx","ev":"write","bytes":100,"ret":true,"wlen":100})",
        R"({"t":1,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":0})",
        R"({"t":1,"stage":"src","ev":"read","rlen":0})",
        R"({"t":2,"stage":"sink","ev":"close"})",
        R"({"t":2,"stage":"tx","ev":"pause","rlen":0})",
        R"({"t":2,"stage":"sink","ev":"unpipe"})",
        R"({"t":2,"stage":"src","ev":"error","message":"Premature close"})",
        R"({"t":2,"stage":"src","ev":"close"})",
        R"({"t":2,"stage":"tx","ev":"error","message":"Premature close"})",
        R"({"t":2,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":2,"stage":"tx","ev":"unpipe"})",
        R"({"t":2,"stage":"tx","ev":"close"})",
        R"({"t":2,"stage":"*","ev":"pipeline","error":"Premature close"})",
        R"({"t":2,"stage":"tx","ev":"push","bytes":100,"ret":false,"rlen":0})",
        R"({"t":2,"stage":"tx","ev":"done","bytes":100,"wlen":100})",
        R"({"t":2,"stage":"src","ev":"push","bytes":100,"ret":false,"rlen":0})",
        R"({"t":2,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipeline,
                                   {readableStage("src", 5, 100, 1), transformStage("tx", 1),
                                    writableStage("sink", 3)},
                                   {destroyFault(2, "sink"), errorFault(2, "src", "boom")}),
                      NodeProfile::V24),
              node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipeline,
                                   {readableStage("src", 5, 100, 1), transformStage("tx", 1),
                                    writableStage("sink", 3)},
                                   {destroyFault(2, "sink"), errorFault(2, "src", "boom")}),
                      NodeProfile::V20),
              node24);
}

TEST(Readable, PushModeSourcePushesWhateverPushReturned)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":0})",
        R"({"t":2,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":2,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":2,"stage":"sink","ev":"write","bytes":100,"ret":false,"wlen":100})",
        R"({"t":2,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":2,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":0})",
        R"({"t":2,"stage":"src","ev":"read","rlen":0})",
        R"({"t":4,"stage":"src","ev":"push","bytes":100,"ret":false,"rlen":100})",
        R"({"t":6,"stage":"src","ev":"push","bytes":100,"ret":false,"rlen":200})",
        R"({"t":6,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":200})",
        R"({"t":7,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":7,"stage":"sink","ev":"drain","wlen":0})",
        R"({"t":7,"stage":"src","ev":"resume","rlen":200})",
        R"({"t":7,"stage":"src","ev":"data","bytes":100,"rlen":100})",
        R"({"t":7,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":7,"stage":"sink","ev":"write","bytes":100,"ret":false,"wlen":100})",
        R"({"t":7,"stage":"src","ev":"pause","rlen":100})",
        R"({"t":12,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":12,"stage":"sink","ev":"drain","wlen":0})",
        R"({"t":12,"stage":"src","ev":"resume","rlen":100})",
        R"({"t":12,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":12,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":12,"stage":"sink","ev":"write","bytes":100,"ret":false,"wlen":100})",
        R"({"t":12,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":12,"stage":"src","ev":"end"})",
        R"({"t":12,"stage":"src","ev":"close"})",
        R"({"t":17,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":17,"stage":"sink","ev":"finish"})",
        R"({"t":17,"stage":"sink","ev":"unpipe"})",
        R"({"t":17,"stage":"sink","ev":"close"})",
        R"({"t":17,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(
        traceOf(makeScenario(Wiring::Pipe,
                             {withHighWaterMark(inPushMode(readableStage("src", 3, 100, 2)), 100),
                              withHighWaterMark(writableStage("sink", 5), 100)}),
                NodeProfile::V24),
        node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(
        traceOf(makeScenario(Wiring::Pipe,
                             {withHighWaterMark(inPushMode(readableStage("src", 3, 100, 2)), 100),
                              withHighWaterMark(writableStage("sink", 5), 100)}),
                NodeProfile::V20),
        node24);
}

TEST(Readable, EmptySourcePushesNullAtItsFirstRead)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":0})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":0})",
        R"({"t":0,"stage":"src","ev":"end"})",
        R"({"t":0,"stage":"sink","ev":"finish"})",
        R"({"t":0,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":0,"stage":"sink","ev":"unpipe"})",
        R"({"t":0,"stage":"src","ev":"close"})",
        R"({"t":0,"stage":"sink","ev":"close"})",
        R"({"t":0,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(
        traceOf(makeScenario(Wiring::Pipe, {readableStage("src", 0, 1024), writableStage("sink")}),
                NodeProfile::V24),
        node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(
        traceOf(makeScenario(Wiring::Pipe, {readableStage("src", 0, 1024), writableStage("sink")}),
                NodeProfile::V20),
        node24);
}

// Byte mode, _write calls back synchronously: no afterWrite tick, finish one tick after end().
TEST(Writable, FinishComesAfterTheSourceClosesForByteWrites)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":10,"ret":true,"rlen":10})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":10})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":10})",
        R"({"t":0,"stage":"src","ev":"data","bytes":10,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":10,"wlen":10})",
        R"({"t":0,"stage":"sink","ev":"done","bytes":10,"wlen":10})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":10,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"src","ev":"end"})",
        R"({"t":0,"stage":"sink","ev":"finish"})",
        R"({"t":0,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":0,"stage":"sink","ev":"unpipe"})",
        R"({"t":0,"stage":"src","ev":"close"})",
        R"({"t":0,"stage":"sink","ev":"close"})",
        R"({"t":0,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(
        traceOf(makeScenario(Wiring::Pipe, {readableStage("src", 1, 10), writableStage("sink")}),
                NodeProfile::V24),
        node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(
        traceOf(makeScenario(Wiring::Pipe, {readableStage("src", 1, 10), writableStage("sink")}),
                NodeProfile::V20),
        node24);
}

// Node's precedence quirk reads the objectMode bit as 'destroyed': the afterWrite tick delays
// finish past the source's close.
TEST(Writable, SynchronousObjectModeWritesTakeTheAfterWriteTick)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":10,"ret":true,"rlen":1})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":1})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":1})",
        R"({"t":0,"stage":"src","ev":"data","bytes":10,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":10,"wlen":1})",
        R"({"t":0,"stage":"sink","ev":"done","bytes":10,"wlen":1})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":10,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"src","ev":"end"})",
        R"({"t":0,"stage":"src","ev":"close"})",
        R"({"t":0,"stage":"sink","ev":"finish"})",
        R"({"t":0,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":0,"stage":"sink","ev":"unpipe"})",
        R"({"t":0,"stage":"sink","ev":"close"})",
        R"({"t":0,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipe, {inObjectMode(readableStage("src", 1, 10)),
                                                  inObjectMode(writableStage("sink"))}),
                      NodeProfile::V24),
              node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipe, {inObjectMode(readableStage("src", 1, 10)),
                                                  inObjectMode(writableStage("sink"))}),
                      NodeProfile::V20),
              node24);
}

// The next push is due at 20 > until_ms 15: the last line is `until` at t = 15.
TEST(Simulation, UntilEndsTheRunAtUntilMs)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":0})",
        R"({"t":10,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":10,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":10,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":10,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":0})",
        R"({"t":10,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":0})",
        R"({"t":10,"stage":"src","ev":"read","rlen":0})",
        R"({"t":15,"stage":"*","ev":"until"})",
    };
    EXPECT_EQ(traceOf(
                  [] {
                      auto s = makeScenario(
                          Wiring::Pipe, {readableStage("src", 3, 100, 10), writableStage("sink")});
                      s.untilMs = 15;
                      return s;
                  }(),
                  NodeProfile::V24),
              node24);

    // Node 20 prints the same lines.
    EXPECT_EQ(traceOf(
                  [] {
                      auto s = makeScenario(
                          Wiring::Pipe, {readableStage("src", 3, 100, 10), writableStage("sink")});
                      s.untilMs = 15;
                      return s;
                  }(),
                  NodeProfile::V20),
              node24);
}

TEST(Pipe, V24DestroysDestWhenWriteThrows)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":0})",
        R"({"t":1,"stage":"src","ev":"data","bytes":10,"rlen":0})",
        R"({"t":1,"stage":"src","ev":"push","bytes":10,"ret":true,"rlen":0})",
        R"({"t":1,"stage":"sink","ev":"error","message":"The \"chunk\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object"})",
        R"({"t":1,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":1,"stage":"sink","ev":"unpipe"})",
        R"({"t":1,"stage":"sink","ev":"error","message":"The \"chunk\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object"})",
        R"({"t":1,"stage":"sink","ev":"uncaught","message":"The \"chunk\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object"})",
    };
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipe, {inObjectMode(readableStage("src", 2, 10, 1)),
                                                  writableStage("sink", 1)}),
                      NodeProfile::V24),
              node24);
}

TEST(Pipe, V20LetsTheWriteTypeErrorEscape)
{
    const std::vector<std::string> node20 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":0})",
        R"({"t":1,"stage":"src","ev":"data","bytes":10,"rlen":0})",
        R"({"t":1,"stage":"sink","ev":"uncaught","message":"The \"chunk\" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object"})",
    };
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipe, {inObjectMode(readableStage("src", 2, 10, 1)),
                                                  writableStage("sink", 1)}),
                      NodeProfile::V20),
              node20);
}

TEST(Profile, V24DefaultHighWaterMarkIs64KiB)
{
    const std::vector<std::string> node24 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":20000,"ret":true,"rlen":20000})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":20000})",
        R"({"t":0,"stage":"src","ev":"read","rlen":20000})",
        R"({"t":0,"stage":"src","ev":"push","bytes":20000,"ret":true,"rlen":40000})",
        R"({"t":0,"stage":"src","ev":"data","bytes":20000,"rlen":20000})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":20000,"wlen":20000})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":20000,"ret":true,"wlen":20000})",
        R"({"t":0,"stage":"src","ev":"read","rlen":20000})",
        R"({"t":0,"stage":"src","ev":"push","bytes":20000,"ret":true,"rlen":40000})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":40000})",
        R"({"t":0,"stage":"src","ev":"data","bytes":20000,"rlen":20000})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":20000,"ret":true,"wlen":40000})",
        R"({"t":0,"stage":"src","ev":"data","bytes":20000,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":20000,"ret":true,"wlen":60000})",
        R"({"t":0,"stage":"src","ev":"end"})",
        R"({"t":0,"stage":"src","ev":"close"})",
        R"({"t":1,"stage":"sink","ev":"done","bytes":20000,"wlen":60000})",
        R"({"t":1,"stage":"sink","ev":"process","bytes":20000,"wlen":40000})",
        R"({"t":2,"stage":"sink","ev":"done","bytes":20000,"wlen":40000})",
        R"({"t":2,"stage":"sink","ev":"process","bytes":20000,"wlen":20000})",
        R"({"t":3,"stage":"sink","ev":"done","bytes":20000,"wlen":20000})",
        R"({"t":3,"stage":"sink","ev":"finish"})",
        R"({"t":3,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":3,"stage":"sink","ev":"unpipe"})",
        R"({"t":3,"stage":"sink","ev":"close"})",
        R"({"t":3,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipe,
                                   {readableStage("src", 3, 20000), writableStage("sink", 1)}),
                      NodeProfile::V24),
              node24);
}

TEST(Profile, V20DefaultHighWaterMarkIs16KiB)
{
    const std::vector<std::string> node20 = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":20000,"ret":false,"rlen":20000})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":20000})",
        R"({"t":0,"stage":"src","ev":"read","rlen":20000})",
        R"({"t":0,"stage":"src","ev":"push","bytes":20000,"ret":false,"rlen":40000})",
        R"({"t":0,"stage":"src","ev":"data","bytes":20000,"rlen":20000})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":20000,"wlen":20000})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":20000,"ret":false,"wlen":20000})",
        R"({"t":0,"stage":"src","ev":"pause","rlen":20000})",
        R"({"t":1,"stage":"sink","ev":"done","bytes":20000,"wlen":20000})",
        R"({"t":1,"stage":"sink","ev":"drain","wlen":0})",
        R"({"t":1,"stage":"src","ev":"resume","rlen":20000})",
        R"({"t":1,"stage":"src","ev":"read","rlen":20000})",
        R"({"t":1,"stage":"src","ev":"push","bytes":20000,"ret":false,"rlen":40000})",
        R"({"t":1,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":40000})",
        R"({"t":1,"stage":"src","ev":"data","bytes":20000,"rlen":20000})",
        R"({"t":1,"stage":"sink","ev":"process","bytes":20000,"wlen":20000})",
        R"({"t":1,"stage":"sink","ev":"write","bytes":20000,"ret":false,"wlen":20000})",
        R"({"t":1,"stage":"src","ev":"pause","rlen":20000})",
        R"({"t":2,"stage":"sink","ev":"done","bytes":20000,"wlen":20000})",
        R"({"t":2,"stage":"sink","ev":"drain","wlen":0})",
        R"({"t":2,"stage":"src","ev":"resume","rlen":20000})",
        R"({"t":2,"stage":"src","ev":"data","bytes":20000,"rlen":0})",
        R"({"t":2,"stage":"sink","ev":"process","bytes":20000,"wlen":20000})",
        R"({"t":2,"stage":"sink","ev":"write","bytes":20000,"ret":false,"wlen":20000})",
        R"({"t":2,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":2,"stage":"src","ev":"end"})",
        R"({"t":2,"stage":"src","ev":"close"})",
        R"({"t":3,"stage":"sink","ev":"done","bytes":20000,"wlen":20000})",
        R"({"t":3,"stage":"sink","ev":"finish"})",
        R"({"t":3,"stage":"sink","ev":"unpipe"})",
        R"({"t":3,"stage":"sink","ev":"close"})",
        R"({"t":3,"stage":"*","ev":"idle"})",
    };
    EXPECT_EQ(traceOf(makeScenario(Wiring::Pipe,
                                   {readableStage("src", 3, 20000), writableStage("sink", 1)}),
                      NodeProfile::V20),
              node20);
}

}  // namespace
}  // namespace bplab
