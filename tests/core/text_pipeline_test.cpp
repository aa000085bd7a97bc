// A text pipeline (scenario-v2 section 4): a source of real UTF-8 bytes and a
// writable that decodes them. The expected traces are what real Node 24
// printed through the harness (node resources/node/harness.js); Node 20
// prints the same.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "simulation_test_support.h"

namespace bplab {
namespace {

using testing::makeScenario;
using testing::traceOf;
using testing::writableStage;

// "a€": 4 bytes in chunks of 2, so "€" (E2 82 AC) is cut after its first byte.
Scenario euroCutAfterItsFirstByte(Decode decode)
{
    Stage source;
    source.id = "src";
    source.kind = StageKind::Readable;
    source.text = "a\xE2\x82\xAC";
    source.chunkBytes = 2;
    source.chunks = 2;
    Stage sink = writableStage("sink");
    sink.decode = decode;
    return makeScenario(Wiring::Pipe, {source, sink});
}

TEST(TextPipeline, DecodingEachChunkOnItsOwnGivesAReplacementPerPiece)
{
    const std::vector<std::string> node = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":2,"ret":true,"rlen":2})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":2})",
        R"({"t":0,"stage":"src","ev":"read","rlen":2})",
        R"({"t":0,"stage":"src","ev":"push","bytes":2,"ret":true,"rlen":4})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":4})",
        R"({"t":0,"stage":"src","ev":"data","bytes":2,"rlen":2})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":2,"wlen":2})",
        R"({"t":0,"stage":"sink","ev":"decode","text":"a�"})",
        R"({"t":0,"stage":"sink","ev":"done","bytes":2,"wlen":2})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":2,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"src","ev":"data","bytes":2,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":2,"wlen":2})",
        R"({"t":0,"stage":"sink","ev":"decode","text":"��"})",
        R"({"t":0,"stage":"sink","ev":"done","bytes":2,"wlen":2})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":2,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"src","ev":"end"})",
        R"({"t":0,"stage":"sink","ev":"finish"})",
        R"({"t":0,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":0,"stage":"sink","ev":"unpipe"})",
        R"({"t":0,"stage":"src","ev":"close"})",
        R"({"t":0,"stage":"sink","ev":"close"})",
        R"({"t":0,"stage":"*","ev":"idle"})",
    };
    const Scenario s = euroCutAfterItsFirstByte(Decode::PerChunk);
    ASSERT_TRUE(validateScenario(s).ok());
    EXPECT_EQ(traceOf(s, NodeProfile::V24), node);
    EXPECT_EQ(traceOf(s, NodeProfile::V20), node);
}

TEST(TextPipeline, AStringDecoderJoinsTheCutCharacterAndEndsInFinal)
{
    const std::vector<std::string> node = {
        R"({"t":0,"stage":"sink","ev":"pipe"})",
        R"({"t":0,"stage":"src","ev":"read","rlen":0})",
        R"({"t":0,"stage":"src","ev":"push","bytes":2,"ret":true,"rlen":2})",
        R"({"t":0,"stage":"src","ev":"resume","rlen":2})",
        R"({"t":0,"stage":"src","ev":"read","rlen":2})",
        R"({"t":0,"stage":"src","ev":"push","bytes":2,"ret":true,"rlen":4})",
        R"({"t":0,"stage":"src","ev":"push","bytes":null,"ret":false,"rlen":4})",
        R"({"t":0,"stage":"src","ev":"data","bytes":2,"rlen":2})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":2,"wlen":2})",
        R"({"t":0,"stage":"sink","ev":"decode","text":"a"})",
        R"({"t":0,"stage":"sink","ev":"done","bytes":2,"wlen":2})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":2,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"src","ev":"data","bytes":2,"rlen":0})",
        R"({"t":0,"stage":"sink","ev":"process","bytes":2,"wlen":2})",
        R"({"t":0,"stage":"sink","ev":"decode","text":"€"})",
        R"({"t":0,"stage":"sink","ev":"done","bytes":2,"wlen":2})",
        R"({"t":0,"stage":"sink","ev":"write","bytes":2,"ret":true,"wlen":0})",
        R"({"t":0,"stage":"src","ev":"end"})",
        R"({"t":0,"stage":"sink","ev":"decode","text":""})",
        R"({"t":0,"stage":"sink","ev":"finish"})",
        R"({"t":0,"stage":"src","ev":"pause","rlen":0})",
        R"({"t":0,"stage":"sink","ev":"unpipe"})",
        R"({"t":0,"stage":"src","ev":"close"})",
        R"({"t":0,"stage":"sink","ev":"close"})",
        R"({"t":0,"stage":"*","ev":"idle"})",
    };
    const Scenario s = euroCutAfterItsFirstByte(Decode::StringDecoder);
    ASSERT_TRUE(validateScenario(s).ok());
    EXPECT_EQ(traceOf(s, NodeProfile::V24), node);
    EXPECT_EQ(traceOf(s, NodeProfile::V20), node);
}

// What the snapshot shows of the StringDecoder at each decode line: after
// "a" of the chunk 'a' E2 it holds E2, after "€" nothing.
TEST(TextPipeline, TheSnapshotShowsTheBytesTheStringDecoderHolds)
{
    struct PendingAtDecode final : TraceSink {
        Simulation* simulation = nullptr;
        std::vector<std::vector<int>> pending;
        void record(const TraceEvent& event) override
        {
            if (event.kind != EventKind::Decode) {
                return;
            }
            const StageSnapshot sink = simulation->snapshot()[1];
            std::vector<int> bytes;
            for (int k = 0; k < sink.decoderPendingCount; ++k) {
                bytes.push_back(sink.decoderPending[static_cast<std::size_t>(k)]);
            }
            pending.push_back(bytes);
        }
    };
    Simulation simulation(euroCutAfterItsFirstByte(Decode::StringDecoder), SimulationOptions{});
    PendingAtDecode sink;
    sink.simulation = &simulation;
    simulation.addTraceSink(&sink);
    simulation.run();
    const std::vector<std::vector<int>> expected = {{0xE2}, {}, {}};
    EXPECT_EQ(sink.pending, expected);
}

}  // namespace
}  // namespace bplab
