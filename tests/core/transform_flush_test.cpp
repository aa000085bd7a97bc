// A Transform's _flush (scenario-v2 section 3), as transform.js's `final`
// runs it: `flush` when it starts, its pushes, `flushed`, then Node's
// push(null). The expected traces are what real Node 24 printed through the
// harness (node resources/node/harness.js); Node 20 prints the same.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "simulation_test_support.h"

namespace bplab {
namespace {

using testing::destroyFault;
using testing::makeScenario;
using testing::readableStage;
using testing::traceOf;
using testing::transformStage;
using testing::writableStage;

Stage flushing(Stage s, std::int64_t flushMs, std::int64_t chunks, std::int64_t bytes)
{
    s.flushMs = flushMs;
    s.flushChunks = chunks;
    s.flushBytes = bytes;
    return s;
}

TEST(TransformFlush, PushesItsTrailerAfterTheLastChunkAndBeforeTheEnd)
{
    const std::vector<std::string> node = {
        R"({"t":0,"stage":"gzip","ev":"pipe"})",
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":100})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":100})",
        R"({"t":0,"stage":"src","ev":"read","rlen":100})",
        R"({"t":0,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":200})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":200})",
        R"({"t":0,"stage":"src","ev":"data","bytes":100,"rlen":100})",
        R"({"t":0,"stage":"gzip","ev":"process","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"gzip","ev":"data","bytes":100,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"gzip","ev":"push","bytes":100,"ret":true,"rlen":0})",
        R"({"t":0,"stage":"gzip","ev":"done","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"gzip","ev":"write","bytes":100,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":0,"stage":"gzip","ev":"process","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"gzip","ev":"data","bytes":100,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"gzip","ev":"push","bytes":100,"ret":true,"rlen":0})",
        R"({"t":0,"stage":"gzip","ev":"done","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"gzip","ev":"write","bytes":100,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"gzip","ev":"resume","rlen":0})",
        R"({"t":0,"stage":"src","ev":"end"})",
        R"({"t":0,"stage":"gzip","ev":"flush","rlen":0})",
        R"({"t":0,"stage":"src","ev":"close"})",
        R"({"t":5,"stage":"gzip","ev":"data","bytes":10,"rlen":0})",
        R"({"t":5,"stage":"sink","ev":"process","bytes":10,"wlen":10})",
        R"({"t":5,"stage":"sink","ev":"done","bytes":10,"wlen":10})",
        R"({"t":5,"stage":"sink","ev":"write","bytes":10,"ret":true,"wlen":0})",
        R"({"t":5,"stage":"gzip","ev":"push","bytes":10,"ret":true,"rlen":0})",
        R"({"t":5,"stage":"gzip","ev":"data","bytes":10,"rlen":0})",
        R"({"t":5,"stage":"sink","ev":"process","bytes":10,"wlen":10})",
        R"({"t":5,"stage":"sink","ev":"done","bytes":10,"wlen":10})",
        R"({"t":5,"stage":"sink","ev":"write","bytes":10,"ret":true,"wlen":0})",
        R"({"t":5,"stage":"gzip","ev":"push","bytes":10,"ret":true,"rlen":0})",
        R"({"t":5,"stage":"gzip","ev":"flushed","rlen":0})",
        R"({"t":5,"stage":"gzip","ev":"push","bytes":null,"ret":false,"rlen":0})",
        R"({"t":5,"stage":"gzip","ev":"end"})",
        R"({"t":5,"stage":"gzip","ev":"finish"})",
        R"({"t":5,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":5,"stage":"gzip","ev":"unpipe"})",
        R"({"t":5,"stage":"sink","ev":"finish"})",
        R"({"t":5,"stage":"gzip","ev":"pause","rlen":0})",
        R"({"t":5,"stage":"sink","ev":"unpipe"})",
        R"({"t":5,"stage":"gzip","ev":"close"})",
        R"({"t":5,"stage":"sink","ev":"close"})",
        R"({"t":5,"stage":"*","ev":"idle"})",
    };
    const Scenario s = makeScenario(
        Wiring::Pipe, {readableStage("src", 2, 100), flushing(transformStage("gzip"), 5, 2, 10),
                       writableStage("sink")});
    EXPECT_EQ(traceOf(s, NodeProfile::V24), node);
    EXPECT_EQ(traceOf(s, NodeProfile::V20), node);
}

TEST(TransformFlush, APendingFlushOutlivesADestroyAndItsPushesAreDropped)
{
    const std::vector<std::string> node = {
        R"({"t":0,"stage":"gzip","ev":"pipe"})",
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":100,"ret":true,"rlen":100})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":100})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":100})",
        R"({"t":0,"stage":"src","ev":"data","bytes":100,"rlen":0})",
        R"({"t":0,"stage":"gzip","ev":"process","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"gzip","ev":"data","bytes":100,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"sink","ev":"done","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":100,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"gzip","ev":"push","bytes":100,"ret":true,"rlen":0})",
        R"({"t":0,"stage":"gzip","ev":"done","bytes":100,"wlen":100})",
        R"({"t":0,"stage":"gzip","ev":"write","bytes":100,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"gzip","ev":"resume","rlen":0})",
        R"({"t":0,"stage":"src","ev":"end"})",
        R"({"t":0,"stage":"gzip","ev":"flush","rlen":0})",
        R"({"t":0,"stage":"src","ev":"close"})",
        R"({"t":2,"stage":"gzip","ev":"close"})",
        R"({"t":2,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":2,"stage":"gzip","ev":"unpipe"})",
        R"({"t":5,"stage":"gzip","ev":"push","bytes":10,"ret":false,"rlen":0})",
        R"({"t":5,"stage":"gzip","ev":"flushed","rlen":0})",
        R"({"t":5,"stage":"gzip","ev":"push","bytes":null,"ret":false,"rlen":0})",
        R"({"t":5,"stage":"*","ev":"idle"})",
    };
    const Scenario s =
        makeScenario(Wiring::Pipe,
                     {readableStage("src", 1, 100), flushing(transformStage("gzip"), 5, 1, 10),
                      writableStage("sink")},
                     {destroyFault(2, "gzip")});
    EXPECT_EQ(traceOf(s, NodeProfile::V24), node);
    EXPECT_EQ(traceOf(s, NodeProfile::V20), node);
}

}  // namespace
}  // namespace bplab
