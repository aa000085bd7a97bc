// The explanations of a for-await pair (scenario-v2 section 2): the reads its
// iterator makes, the await on 'drain', and a wiring array's pairs each told
// by their own wiring.
#include "bplab_core/explain.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bplab {
namespace {

Scenario fileToSocket(Wiring wiring)
{
    Scenario s;
    s.wiring = wiring;
    Stage file;
    file.id = "file";
    file.kind = StageKind::Readable;
    file.chunks = 400;
    file.chunkBytes = 65536;
    file.intervalMs = 1;
    Stage socket;
    socket.id = "socket";
    socket.kind = StageKind::Writable;
    socket.delayMs = 8;
    socket.highWaterMark.writable = 16384;
    s.stages = {file, socket};
    return s;
}

StageSnapshot readable(std::int64_t length, std::int8_t flowing)
{
    StageSnapshot s;
    s.readable.present = true;
    s.readable.length = length;
    s.readable.highWaterMark = 65536;
    s.readable.flowing = flowing;
    return s;
}

StageSnapshot writable(std::int64_t length)
{
    StageSnapshot s;
    s.writable.present = true;
    s.writable.length = length;
    s.writable.highWaterMark = 16384;
    return s;
}

TraceEvent line(std::int32_t stage, EventKind kind, std::int64_t bytes, std::int64_t length)
{
    TraceEvent e;
    e.t = 5;
    e.stage = stage;
    e.kind = kind;
    e.bytes = bytes;
    e.length = length;
    return e;
}

TEST(ExplainForAwait, DataIsTheIteratorsReadOfEverythingBuffered)
{
    Explainer ex(fileToSocket(Wiring::ForAwait));
    const std::string why =
        ex.explain(line(0, EventKind::Data, 131072, 0), std::vector{readable(0, 0), writable(0)});
    EXPECT_EQ(why,
              "The for-await loop's iterator called 'file'.read() in paused mode: it returned "
              "everything buffered as one chunk (131,072 bytes) and emitted 'data', which nobody "
              "listens for. The loop gets it two microtasks later (the generator's yield, then "
              "the loop's await) and writes it to 'socket'.");
}

TEST(ExplainForAwait, WriteFalseAwaitsTheDrainWithoutPausingTheSource)
{
    Explainer ex(fileToSocket(Wiring::ForAwait));
    TraceEvent e = line(1, EventKind::Write, 65536, 65536);
    e.ret = false;
    const std::string why = ex.explain(e, std::vector{readable(0, 0), writable(65536)});
    EXPECT_EQ(why,
              "The for-await loop wrote a 65,536-byte chunk from 'file' to 'socket'. write() "
              "returned false: writableLength 65,536 >= highWaterMark 16,384. The loop now "
              "awaits once('socket', 'drain') and asks the iterator of 'file' for nothing until "
              "then; 'file', read in paused mode, goes on filling its buffer up to its "
              "highWaterMark.");
}

TEST(ExplainForAwait, DrainSettlesTheAwaitedOnce)
{
    Explainer ex(fileToSocket(Wiring::ForAwait));
    const std::string why =
        ex.explain(line(1, EventKind::Drain, 0, 0), std::vector{readable(65536, 0), writable(0)});
    EXPECT_EQ(why,
              "'socket' emitted 'drain': write() had returned false (needDrain) and its buffer "
              "is now fully flushed (writableLength 0). It settles the loop's once('socket', "
              "'drain'): two microtasks later the loop goes on and its iterator reads 'file' "
              "again.");
}

TEST(ExplainForAwait, ReadNamesTheIteratorOfAPausedSource)
{
    Explainer ex(fileToSocket(Wiring::ForAwait));
    const std::string why =
        ex.explain(line(0, EventKind::Read, 0, 0), std::vector{readable(0, 0), writable(0)});
    EXPECT_NE(why.find("the for-await loop's iterator reads 'file' in paused mode"),
              std::string::npos)
        << why;
}

TEST(ExplainForAwait, EachPairOfAWiringArrayIsToldByItsOwnWiring)
{
    Scenario s = fileToSocket(Wiring::Pipe);
    Stage relay;
    relay.id = "relay";
    relay.kind = StageKind::Transform;
    s.stages.insert(s.stages.begin() + 1, relay);
    s.pairWirings = {Wiring::Pipe, Wiring::ForAwait};
    Explainer ex(s);
    TraceEvent e = line(2, EventKind::Write, 65536, 65536);
    e.ret = false;
    const std::vector<StageSnapshot> states{readable(0, 1), readable(0, 0), writable(65536)};
    EXPECT_EQ(ex.explain(e, states).rfind("The for-await loop wrote", 0), 0U);
    TraceEvent first = line(1, EventKind::Write, 65536, 65536);
    first.ret = false;
    EXPECT_NE(ex.explain(first, states).find("pipe() now pauses 'file'"), std::string::npos);
}

}  // namespace
}  // namespace bplab
