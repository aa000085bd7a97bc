#include "bplab_core/explain.h"
#include "../scenario_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace bplab {
namespace {

// The explanations are our own text, so these tests build the trace line and
// the state of every stage by hand and check that the text names the right
// streams and quotes the numbers that decided the event.

Stage readableStage(std::string id, std::int64_t chunks, std::int64_t chunkBytes,
                    std::int64_t intervalMs)
{
    Stage s;
    s.id = std::move(id);
    s.kind = StageKind::Readable;
    s.chunks = chunks;
    s.chunkBytes = chunkBytes;
    s.intervalMs = intervalMs;
    return s;
}

Stage transformStage(std::string id, std::int64_t delayMs, double ratio)
{
    Stage s;
    s.id = std::move(id);
    s.kind = StageKind::Transform;
    s.delayMs = delayMs;
    s.ratio = ratio;
    return s;
}

Stage writableStage(std::string id, std::int64_t delayMs, std::optional<std::int64_t> hwm)
{
    Stage s;
    s.id = std::move(id);
    s.kind = StageKind::Writable;
    s.delayMs = delayMs;
    s.highWaterMark.writable = hwm;
    return s;
}

// 'file' (400 x 64 KiB, 1 ms) -> 'socket' (8 ms, hwm 16 KiB).
Scenario fileToSocket(Wiring wiring)
{
    Scenario s;
    s.wiring = wiring;
    s.stages = {readableStage("file", 400, 65536, 1), writableStage("socket", 8, 16384)};
    return s;
}

// 'upload' -> 'parser' -> 'db'.
Scenario threeStages(Wiring wiring)
{
    Scenario s;
    s.wiring = wiring;
    s.stages = {readableStage("upload", 200, 8192, 2), transformStage("parser", 3, 0.25),
                writableStage("db", 5, std::nullopt)};
    return s;
}

StageSnapshot readableSnapshot(std::int64_t length, std::int64_t hwm, std::int8_t flowing)
{
    StageSnapshot s;
    s.readable.present = true;
    s.readable.length = length;
    s.readable.highWaterMark = hwm;
    s.readable.flowing = flowing;
    return s;
}

StageSnapshot writableSnapshot(std::int64_t length, std::int64_t hwm)
{
    StageSnapshot s;
    s.writable.present = true;
    s.writable.length = length;
    s.writable.highWaterMark = hwm;
    return s;
}

TraceEvent line(std::int64_t t, std::int32_t stage, EventKind kind)
{
    TraceEvent e;
    e.t = t;
    e.stage = stage;
    e.kind = kind;
    return e;
}

TraceEvent writeLine(std::int64_t t, std::int32_t stage, std::int64_t bytes, bool ret,
                     std::int64_t wlen)
{
    TraceEvent e = line(t, stage, EventKind::Write);
    e.bytes = bytes;
    e.ret = ret;
    e.length = wlen;
    return e;
}

void expectContains(const std::string& text, const std::string& part)
{
    EXPECT_NE(text.find(part), std::string::npos) << "missing \"" << part << "\" in:\n" << text;
}

TEST(FormatCount, GroupsThousandsWithCommas)
{
    EXPECT_EQ(formatCount(0), "0");
    EXPECT_EQ(formatCount(999), "999");
    EXPECT_EQ(formatCount(17408), "17,408");
    EXPECT_EQ(formatCount(1234567), "1,234,567");
    EXPECT_EQ(formatCount(-65536), "-65,536");
}

TEST(Explain, ReadNamesTheSourceItsBufferAndTheNextChunk)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    StageSnapshot file = readableSnapshot(0, 65536, 1);
    file.pushedChunks = 2;
    TraceEvent e = line(2, 0, EventKind::Read);
    e.length = 0;
    const std::string why = ex.explain(e, std::vector{file, writableSnapshot(0, 16384)});
    expectContains(why, "'file'");
    expectContains(why, "_read()");
    expectContains(why, "its buffer is empty");
    expectContains(why, "flowing");
    expectContains(why, "chunk 3 of 400");
    expectContains(why, "interval_ms 1");
}

TEST(Explain, ReadAtHighWaterMarkComesBeforeTheChunkIsTakenOut)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    TraceEvent e = line(10, 0, EventKind::Read);
    e.length = 65536;
    const std::string why =
        ex.explain(e, std::vector{readableSnapshot(65536, 65536, 1), writableSnapshot(0, 16384)});
    expectContains(
        why,
        "taking the next chunk out of readableLength 65,536 leaves less than highWaterMark 65,536");
}

TEST(Explain, ReadOnATransformReleasesTheHeldCallback)
{
    Explainer ex(threeStages(Wiring::Pipe));
    StageSnapshot parser = readableSnapshot(1024, 65536, 1);
    parser.writable.present = true;
    parser.callbackHeld = true;
    TraceEvent e = line(9, 1, EventKind::Read);
    e.length = 1024;
    const std::string why = ex.explain(e, std::vector{StageSnapshot{}, parser, StageSnapshot{}});
    expectContains(why, "'parser'");
    expectContains(why, "readableLength 1,024 < highWaterMark 65,536");
    expectContains(why, "releases the held _transform() callback");
}

TEST(Explain, PushFalseQuotesLengthAndHighWaterMark)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    StageSnapshot file = readableSnapshot(69632, 65536, 0);
    file.pushedChunks = 12;
    TraceEvent e = line(12, 0, EventKind::Push);
    e.bytes = 65536;
    e.ret = false;
    e.length = 69632;
    const std::string why = ex.explain(e, std::vector{file, writableSnapshot(16384, 16384)});
    expectContains(why, "'file' pushed a 65,536-byte chunk (chunk 12 of 400)");
    expectContains(
        why,
        "push() returned false: readableLength 69,632 >= highWaterMark 65,536 (Node 24's default)");
    expectContains(why, "until Node calls _read() again, once 'socket' has read");
}

TEST(Explain, PushTrueWithEmptyBufferWentStraightToData)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    TraceEvent e = line(1, 0, EventKind::Push);
    e.bytes = 65536;
    e.ret = true;
    e.length = 0;
    const std::string why =
        ex.explain(e, std::vector{readableSnapshot(0, 65536, 1), writableSnapshot(0, 16384)});
    expectContains(why, "push() returned true");
    expectContains(why, "straight out as 'data'");
}

TEST(Explain, PushNullIsTheEndOfTheSourcesChunks)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    TraceEvent e = line(400, 0, EventKind::Push);
    e.bytesNull = true;
    e.length = 131072;
    const std::string why =
        ex.explain(e, std::vector{readableSnapshot(131072, 65536, 0), writableSnapshot(0, 16384)});
    expectContains(why, "push(null): 'file' has pushed all 400 chunks");
    expectContains(why, "131,072 bytes still buffered");
}

TEST(Explain, WriteFalseUnderPipePausesTheSourceUntilDrain)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    const std::string why =
        ex.explain(writeLine(3, 1, 1024, false, 17408),
                   std::vector{readableSnapshot(0, 65536, 1), writableSnapshot(17408, 16384)});
    expectContains(why,
                   "write() returned false: writableLength 17,408 >= highWaterMark 16,384. "
                   "pipe() now pauses 'file' and waits for 'drain' on 'socket'.");
}

TEST(Explain, WriteFalseUnderNaiveWiringIsIgnored)
{
    Explainer ex(fileToSocket(Wiring::Naive));
    const std::string why =
        ex.explain(writeLine(3, 1, 65536, false, 131072),
                   std::vector{readableSnapshot(0, 65536, 1), writableSnapshot(131072, 16384)});
    expectContains(why, "writableLength 131,072 >= highWaterMark 16,384");
    expectContains(why,
                   "The naive wiring ignores it: 'file' keeps writing and the buffer of 'socket' "
                   "keeps growing.");
}

TEST(Explain, WriteTrueSaysWhetherTheChunkWaits)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    StageSnapshot socket = writableSnapshot(8192, 16384);
    socket.writable.writing = true;
    socket.writable.bufferedCount = 1;
    const std::string why = ex.explain(writeLine(2, 1, 4096, true, 8192),
                                       std::vector{readableSnapshot(0, 65536, 1), socket});
    expectContains(why, "pipe() wrote a 4,096-byte chunk from 'file' to 'socket'");
    expectContains(why, "write() returned true: writableLength 8,192 < highWaterMark 16,384");
    expectContains(why, "1 waiting");
}

TEST(Explain, ProcessNamesTheStepTime)
{
    Scenario sc = threeStages(Wiring::Pipe);
    sc.stages[1].perKibMs = 1.0;
    sc.stages[1].jitter = 0.3;
    Explainer ex(sc);
    TraceEvent e = line(5, 1, EventKind::Process);
    e.bytes = 8192;
    e.length = 8192;
    const std::string why = ex.explain(e, {});
    expectContains(why, "_transform() of 'parser' starts on an 8,192-byte chunk");
    expectContains(why, "delay_ms 3 + per_kib_ms 1 x 8 KiB = 11 ms (+/- 30% jitter)");
    expectContains(why, "1 output of 2,048 bytes");
}

TEST(Explain, DoneThatEmptiesANeedDrainBufferAnnouncesDrain)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    StageSnapshot socket = writableSnapshot(65536, 16384);
    socket.writable.needDrain = true;
    TraceEvent e = line(40, 1, EventKind::Done);
    e.bytes = 65536;
    e.length = 65536;
    const std::string why = ex.explain(e, std::vector{readableSnapshot(65536, 65536, 0), socket});
    expectContains(why,
                   "'socket' finished a 65,536-byte chunk; its callback drops writableLength from "
                   "65,536 to 0.");
    expectContains(why, "'drain' follows");
}

TEST(Explain, DoneOnADestroyedStreamStartsNothing)
{
    Explainer ex(threeStages(Wiring::Pipe));
    StageSnapshot parser = writableSnapshot(8192, 65536);
    parser.writable.needDrain = true;
    parser.writable.destroyed = true;
    TraceEvent e = line(151, 1, EventKind::Done);
    e.bytes = 8192;
    e.length = 8192;
    const std::string why = ex.explain(e, std::vector{StageSnapshot{}, parser, StageSnapshot{}});
    expectContains(why, "'parser' finished an 8,192-byte chunk");
    expectContains(
        why, "But 'parser' is destroyed: no buffered chunk starts and no 'drain' is emitted.");
}

TEST(Explain, DoneOnAFullTransformHoldsTheCallback)
{
    Explainer ex(threeStages(Wiring::Pipe));
    StageSnapshot parser = readableSnapshot(70000, 65536, 0);
    parser.writable.present = true;
    parser.writable.length = 8192;
    parser.writable.highWaterMark = 65536;
    TraceEvent e = line(20, 1, EventKind::Done);
    e.bytes = 8192;
    e.length = 8192;
    const std::string why = ex.explain(e, std::vector{StageSnapshot{}, parser, StageSnapshot{}});
    expectContains(why, "readableLength 70,000 >= highWaterMark 65,536");
    expectContains(why, "holds the callback until 'db' reads");
}

TEST(Explain, DataIsWrittenToTheNextStage)
{
    Explainer ex(threeStages(Wiring::Pipe));
    TraceEvent e = line(2, 0, EventKind::Data);
    e.bytes = 8192;
    e.length = 0;
    const std::string why = ex.explain(e, {});
    expectContains(why, "'upload' emitted 'data' with an 8,192-byte chunk");
    expectContains(why, "pipe()'s ondata writes the chunk to 'parser'");
}

TEST(Explain, PauseAfterAFalseWriteNamesTheDestinationAndItsNumbers)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    std::vector snaps{readableSnapshot(0, 65536, 0), writableSnapshot(17408, 16384)};
    ex.explain(writeLine(3, 1, 1024, false, 17408), snaps);
    TraceEvent pause = line(3, 0, EventKind::Pause);
    const std::string why = ex.explain(pause, snaps);
    expectContains(why,
                   "'file' paused: 'socket'.write() returned false (writableLength 17,408 >= "
                   "highWaterMark 16,384)");
    expectContains(why, "until 'drain' on 'socket'");
}

TEST(Explain, PauseWithoutBackpressureMeansTheDestinationIsGone)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    ex.observe(line(90, 1, EventKind::Finish));
    const std::string why = ex.explain(line(90, 0, EventKind::Pause), {});
    expectContains(why, "its last destination 'socket' is gone (it finished)");
}

TEST(Explain, ResumeAfterDrainSaysPipeResumedTheSource)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    ex.observe(line(0, 0, EventKind::Resume));
    ex.observe(writeLine(3, 1, 65536, false, 65536));
    ex.observe(line(3, 0, EventKind::Pause));
    TraceEvent drain = line(11, 1, EventKind::Drain);
    ex.observe(drain);
    TraceEvent resume = line(11, 0, EventKind::Resume);
    resume.length = 65536;
    const std::string why = ex.explain(resume, {});
    expectContains(why,
                   "'file' resumed: 'socket' emitted 'drain' (its buffer is empty), so pipe() "
                   "resumed the source.");
    expectContains(why, "readableLength 65,536");
}

TEST(Explain, FirstResumeComesFromPipe)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    const std::string why = ex.explain(line(0, 0, EventKind::Resume), {});
    expectContains(why, "'file' starts flowing: pipe() called resume() when it attached 'socket'");
}

TEST(Explain, EndMakesTheWiringEndTheNextStage)
{
    Explainer pipe(threeStages(Wiring::Pipe));
    expectContains(pipe.explain(line(400, 0, EventKind::End), {}),
                   "pipe() calls end() on 'parser'");
    Explainer naive(threeStages(Wiring::Naive));
    expectContains(naive.explain(line(400, 0, EventKind::End), {}),
                   "The naive 'end' listener calls end() on 'parser'");
}

TEST(Explain, DrainMeansTheBufferIsFlushed)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    TraceEvent e = line(11, 1, EventKind::Drain);
    e.length = 0;
    const std::string why = ex.explain(e, {});
    expectContains(why, "'socket' emitted 'drain'");
    expectContains(why, "writableLength 0");
    expectContains(why, "pipe() resumes 'file'");
}

TEST(Explain, FinishCountsWhatWasWritten)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    StageSnapshot socket = writableSnapshot(0, 16384);
    socket.processedChunks = 400;
    socket.processedBytes = 26214400;
    const std::string why =
        ex.explain(line(3300, 1, EventKind::Finish), std::vector{StageSnapshot{}, socket});
    expectContains(why, "'socket' emitted 'finish'");
    expectContains(why, "400 chunks, 26,214,400 bytes");
    expectContains(why, "unpipes 'file'");
}

TEST(Explain, CloseAfterAnErrorQuotesTheError)
{
    Explainer ex(threeStages(Wiring::Pipeline));
    TraceEvent err = line(150, 1, EventKind::Error);
    err.message = "boom";
    ex.observe(err);
    const std::string why = ex.explain(line(150, 1, EventKind::Close), {});
    expectContains(why, "'parser' emitted 'close' right after 'error' ('boom')");
}

TEST(Explain, CloseAfterFinishIsAutoDestroy)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    ex.observe(line(3300, 1, EventKind::Finish));
    expectContains(ex.explain(line(3300, 1, EventKind::Close), {}),
                   "'socket' emitted 'close': after 'finish', autoDestroy");
}

TEST(Explain, PipeNamesSourceAndDestination)
{
    Explainer pipe(fileToSocket(Wiring::Pipe));
    expectContains(pipe.explain(line(0, 1, EventKind::Pipe), {}),
                   "'file'.pipe('socket') attached it");
    Explainer pipeline(fileToSocket(Wiring::Pipeline));
    expectContains(pipeline.explain(line(0, 1, EventKind::Pipe), {}),
                   "pipeline() pipes 'file' into 'socket'");
}

TEST(Explain, UnpipeSaysWhyTheDestinationLeft)
{
    Explainer ex(threeStages(Wiring::Pipe));
    TraceEvent err = line(150, 2, EventKind::Error);
    err.message = "disk full";
    ex.observe(err);
    const std::string why = ex.explain(line(150, 2, EventKind::Unpipe), {});
    expectContains(why, "'parser' is unpiped from 'db' because 'db' emitted 'error' ('disk full')");
    expectContains(why, "destroys nothing");
}

TEST(Explain, ErrorFromAFaultNamesItsTime)
{
    Scenario sc = threeStages(Wiring::Pipe);
    sc.faults = {Fault{.atMs = 150,
                       .stage = "parser",
                       .action = FaultAction::Error,
                       .message = "Unexpected token"}};
    Explainer ex(sc);
    TraceEvent err = line(150, 1, EventKind::Error);
    err.message = "Unexpected token";
    const std::string why = ex.explain(err, {});
    expectContains(
        why, "'parser' emitted 'error' ('Unexpected token'): the fault at 150 ms destroyed it");
    expectContains(why, "uncaught");
}

TEST(Explain, ErrorUnderPipelineIsHandled)
{
    Scenario sc = threeStages(Wiring::Pipeline);
    sc.faults = {
        Fault{.atMs = 150, .stage = "parser", .action = FaultAction::Error, .message = "boom"}};
    Explainer ex(sc);
    TraceEvent first = line(150, 1, EventKind::Error);
    first.message = "boom";
    ex.observe(first);
    TraceEvent second = line(150, 0, EventKind::Error);
    second.message = "boom";
    const std::string why = ex.explain(second, {});
    expectContains(why,
                   "'upload' emitted 'error' ('boom'): pipeline() destroyed it with the error "
                   "first raised by 'parser'");
    expectContains(why, "pipeline() handles it");
}

TEST(Explain, PipelineCallbackWithAndWithoutError)
{
    Explainer ok(threeStages(Wiring::Pipeline));
    TraceEvent done = line(900, kAllStages, EventKind::Pipeline);
    done.messageNull = true;
    expectContains(ok.explain(done, {}),
                   "without an error: every stream of the pipeline finished and closed");

    Explainer failed(threeStages(Wiring::Pipeline));
    TraceEvent err = line(150, 1, EventKind::Error);
    err.message = "boom";
    failed.observe(err);
    TraceEvent cb = line(150, kAllStages, EventKind::Pipeline);
    cb.message = "boom";
    const std::string why = failed.explain(cb, {});
    expectContains(why, "with the error 'boom', first raised by 'parser'");
    expectContains(why, "destroyed every stream");
}

TEST(Explain, UncaughtEndsTheProcessAndSuggestsPipeline)
{
    Explainer ex(threeStages(Wiring::Pipe));
    StageSnapshot upload = readableSnapshot(65536, 65536, 0);
    upload.externalBytes = 65536;
    TraceEvent e = line(150, 1, EventKind::Uncaught);
    e.message = "Unexpected token";
    const std::string why = ex.explain(e, std::vector{upload, StageSnapshot{}, StageSnapshot{}});
    expectContains(why, "'parser' emitted 'error' ('Unexpected token') with no listener");
    expectContains(why, "the process exits here");
    expectContains(why, "with wiring 'pipeline'");
    expectContains(why, "'upload' still held 65,536 bytes");
}

TEST(Explain, OomNamesTheLimitAndTheBiggestHolder)
{
    Scenario sc = fileToSocket(Wiring::Naive);
    sc.memoryLimitMb = 64;
    Explainer ex(sc);
    StageSnapshot socket = writableSnapshot(67174400, 16384);
    socket.externalBytes = 67174400;
    StageSnapshot file = readableSnapshot(0, 65536, 1);
    TraceEvent e = line(1025, kAllStages, EventKind::Oom);
    e.bytes = 67174400;
    const std::string why = ex.explain(e, std::vector{file, socket});
    expectContains(
        why, "The process holds 67,174,400 bytes, more than memory_limit_mb 64 (67,108,864 bytes)");
    expectContains(why,
                   "Most of it sits in 'socket' (67,174,400 bytes; writableLength 67,174,400, "
                   "highWaterMark 16,384)");
    expectContains(why, "naive wiring ignores write() returning false");
}

TEST(Explain, IdleSummarisesAndListsStreamsLeftOpen)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    StageSnapshot file = readableSnapshot(131072, 65536, 0);
    StageSnapshot socket = writableSnapshot(0, 16384);
    socket.writable.closed = true;
    socket.processedChunks = 12;
    socket.processedBytes = 786432;
    const std::string why =
        ex.explain(line(400, kAllStages, EventKind::Idle), std::vector{file, socket});
    expectContains(why, "Nothing is left to do at 400 ms");
    expectContains(why, "'socket' processed 12 chunks (786,432 bytes)");
    expectContains(why, "Never closed: 'file' (readableLength 131,072, paused)");
}

TEST(Explain, UntilNamesTheLimit)
{
    Explainer ex(fileToSocket(Wiring::Pipe));
    StageSnapshot file = readableSnapshot(0, 65536, 1);
    file.readable.closed = true;
    StageSnapshot socket = writableSnapshot(0, 16384);
    socket.writable.closed = true;
    const std::string why =
        ex.explain(line(60000, kAllStages, EventKind::Until), std::vector{file, socket});
    expectContains(why, "The run stops at until_ms 60,000 ms");
    expectContains(why, "Every stream finished and closed.");
}

TEST(Explain, EveryEventKindHasItsOwnText)
{
    // No kind falls through to the generic "<stage>: <kind>." text.
    Explainer ex(threeStages(Wiring::Pipe));
    for (int k = 0; k < kEventKindCount; ++k) {
        const auto kind = static_cast<EventKind>(k);
        const bool process = kind == EventKind::Pipeline || kind == EventKind::Oom ||
                             kind == EventKind::Idle || kind == EventKind::Until;
        TraceEvent e = line(1, process ? kAllStages : 1, kind);
        e.message = "x";
        const std::string why = ex.explain(e, {});
        EXPECT_GT(why.size(), 30u) << toString(kind) << ": " << why;
        EXPECT_NE(why, "'parser': " + std::string(toString(kind)) + ".");
    }
}

std::vector<std::string> explainedRun(const Scenario& scenario)
{
    Simulation sim(scenario);
    std::ostringstream out;
    {
        ExplainingTraceWriter writer(out, sim);
        sim.addTraceSink(&writer);
        sim.run();
    }
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    for (std::string l; std::getline(in, l);) {
        lines.push_back(l);
    }
    return lines;
}

const std::string* firstLineWith(const std::vector<std::string>& lines,
                                 std::initializer_list<const char*> parts)
{
    for (const std::string& l : lines) {
        if (std::all_of(parts.begin(), parts.end(),
                        [&](const char* p) { return l.find(p) != std::string::npos; })) {
            return &l;
        }
    }
    return nullptr;
}

TEST(ExplainingTraceWriter, ExplainsARunOfTheSimulation)
{
    // The "Fast producer, slow consumer" example, built here so that the test
    // does not depend on the scenario parser.
    Scenario sc = fileToSocket(Wiring::Pipe);
    sc.stages[0].chunks = 40;
    sc.stages[1].highWaterMark.writable.reset();
    sc.stages[1].jitter = 0.25;
    const std::vector<std::string> lines = explainedRun(sc);
    ASSERT_GT(lines.size(), 100u);
    for (const std::string& l : lines) {
        ASSERT_EQ(l.rfind("{\"t\":", 0), 0u) << l;
        ASSERT_NE(l.find(",\"why\":\""), std::string::npos) << l;
        ASSERT_EQ(l.substr(l.size() - 2), "\"}") << l;
    }
    const std::string* writeFalse = firstLineWith(lines, {"\"ev\":\"write\"", "\"ret\":false"});
    ASSERT_NE(writeFalse, nullptr);
    expectContains(*writeFalse,
                   "write() returned false: writableLength 65,536 >= highWaterMark 65,536 (Node "
                   "24's default). "
                   "pipe() now pauses 'file' and waits for 'drain' on 'socket'.");
    const std::string* resume = firstLineWith(lines, {"\"ev\":\"resume\"", "emitted 'drain'"});
    ASSERT_NE(resume, nullptr);
    expectContains(*resume,
                   "'file' resumed: 'socket' emitted 'drain' (its buffer is empty), so pipe() "
                   "resumed the source.");
    expectContains(lines.back(), "\"ev\":\"idle\"");
    expectContains(
        lines.back(),
        "'socket' processed 40 chunks (2,621,440 bytes). Every stream finished and closed.");
}

TEST(ExplainingTraceWriter, ExplainsTheOutOfMemoryEndOfANaiveRun)
{
    Scenario sc = fileToSocket(Wiring::Naive);
    sc.stages[0].chunks = 40;
    sc.memoryLimitMb = 1;
    const std::vector<std::string> lines = explainedRun(sc);
    ASSERT_FALSE(lines.empty());
    expectContains(lines.back(), "\"ev\":\"oom\"");
    expectContains(lines.back(), "more than memory_limit_mb 1 (1,048,576 bytes)");
    expectContains(lines.back(), "Most of it sits in 'socket'");
    expectContains(lines.back(), "The naive wiring ignores write() returning false");
}

TEST(ExplainingTraceWriter, AddsWhyAsTheLastKeyOfEveryLine)
{
    Result<Scenario> sc = loadScenarioFile(BPLAB_EXAMPLES_DIR "/fast-producer-slow-consumer.json");
    if (!sc.ok()) {
        GTEST_SKIP() << "scenario parsing not available: " << sc.error().message;
    }
    Simulation sim(*sc);
    std::ostringstream out;
    {
        ExplainingTraceWriter writer(out, sim);
        sim.addTraceSink(&writer);
        sim.run();
    }
    const std::string text = out.str();
    if (text.empty()) {
        GTEST_SKIP() << "the simulation produced no trace";
    }
    std::istringstream lines(text);
    std::string l;
    std::size_t count = 0;
    bool sawPipeFalse = false;
    bool sawResumeAfterDrain = false;
    while (std::getline(lines, l)) {
        ++count;
        ASSERT_EQ(l.rfind("{\"t\":", 0), 0u) << l;
        ASSERT_NE(l.find(",\"why\":\""), std::string::npos) << l;
        ASSERT_EQ(l.substr(l.size() - 2), "\"}") << l;
        if (l.find("\"ev\":\"write\"") != std::string::npos &&
            l.find("\"ret\":false") != std::string::npos) {
            expectContains(l, "pipe() now pauses 'file' and waits for 'drain' on 'socket'.");
            sawPipeFalse = true;
        }
        if (l.find("\"ev\":\"resume\"") != std::string::npos &&
            l.find("'socket' emitted 'drain'") != std::string::npos) {
            sawResumeAfterDrain = true;
        }
    }
    EXPECT_GT(count, 100u);
    EXPECT_TRUE(sawPipeFalse);
    EXPECT_TRUE(sawResumeAfterDrain);
}

TEST(ReplayToEvent, ReproducesTheLineAndItsExplanation)
{
    Result<Scenario> sc = loadScenarioFile(BPLAB_EXAMPLES_DIR "/error-with-pipe.json");
    if (!sc.ok()) {
        GTEST_SKIP() << "scenario parsing not available: " << sc.error().message;
    }
    // The whole run, explained as it goes.
    Simulation sim(*sc);
    std::ostringstream out;
    {
        ExplainingTraceWriter writer(out, sim);
        sim.addTraceSink(&writer);
        sim.run();
    }
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    for (std::string l; std::getline(in, l);) {
        lines.push_back(l);
    }
    if (lines.empty()) {
        GTEST_SKIP() << "the simulation produced no trace";
    }
    std::vector<std::string> ids;
    for (const Stage& s : sc->stages) {
        ids.push_back(s.id);
    }
    for (std::size_t k : {std::size_t{0}, lines.size() / 2, lines.size() - 1}) {
        auto r = replayToEvent(*sc, {}, k);
        ASSERT_TRUE(r.has_value()) << k;
        TraceEvent e = r->event;
        e.message = r->message;
        std::string again;
        appendTraceLine(again, e, ids);
        again.resize(again.size() - 2);
        again += ",\"why\":";
        appendJsonString(again, r->why);
        again += "}";
        EXPECT_EQ(again, lines[k]) << k;
        EXPECT_EQ(r->stages.size(), sc->stages.size());
    }
    EXPECT_FALSE(replayToEvent(*sc, {}, lines.size()).has_value());
    // The crash of this example is explained.
    expectContains(lines.back(), "\"ev\":\"uncaught\"");
    expectContains(lines.back(),
                   "'parser' emitted 'error' ('Unexpected token in row 312') with no listener");
}

// Records each line with its explanation.
class ExplainedLines final : public TraceSink {
public:
    explicit ExplainedLines(const Simulation& simulation)
        : m_simulation(simulation), m_explainer(simulation.scenario(), simulation.profile())
    {
    }
    void record(const TraceEvent& event) override
    {
        m_simulation.snapshot(m_snapshot);
        lines.push_back({event.kind, event.stage, m_explainer.explain(event, m_snapshot)});
    }
    struct Line {
        EventKind kind;
        std::int32_t stage;
        std::string why;
    };
    std::vector<Line> lines;

private:
    const Simulation& m_simulation;
    Explainer m_explainer;
    std::vector<StageSnapshot> m_snapshot;
};

TEST(Explain, WhatTheTextSaysWillHappenHappensInEveryScenario)
{
    namespace fs = std::filesystem;
    const std::vector<fs::path> files = test::everyScenarioFile();
    ASSERT_FALSE(files.empty());
    std::size_t checked = 0;
    for (const fs::path& file : files) {
        Result<Scenario> sc = loadScenarioFile(file);
        if (!sc.ok()) {
            continue;  // files that test the loader's refusals
        }
        Simulation sim(*sc);
        ExplainedLines explained(sim);
        sim.addTraceSink(&explained);
        sim.run();
        const auto& lines = explained.lines;
        const auto stageOf = [&](const std::string& id) {
            for (std::size_t k = 0; k < sc->stages.size(); ++k) {
                if (sc->stages[k].id == id) {
                    return static_cast<std::int32_t>(k);
                }
            }
            return kAllStages;
        };
        // Is there a line of `kind` on `stage` among the `within` lines after i?
        const auto follows = [&](std::size_t i, EventKind kind, std::int32_t stage,
                                 std::size_t within) {
            for (std::size_t j = i + 1; j < lines.size() && j <= i + within; ++j) {
                if (lines[j].kind == kind && lines[j].stage == stage) {
                    return true;
                }
            }
            return false;
        };
        constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max() / 2;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const std::string& why = lines[i].why;
            const std::string where =
                file.filename().string() + " line " + std::to_string(i) + ": " + why;
            if (const auto at = why.find("now pauses '"); at != std::string::npos) {
                const auto begin = at + 12;
                const std::string source = why.substr(begin, why.find('\'', begin) - begin);
                EXPECT_TRUE(follows(i, EventKind::Pause, stageOf(source), 6)) << where;
                ++checked;
            }
            if (why.find("so 'drain' follows") != std::string::npos) {
                EXPECT_TRUE(follows(i, EventKind::Drain, lines[i].stage, kAll)) << where;
                ++checked;
            }
            if (why.find("so 'finish' follows") != std::string::npos) {
                EXPECT_TRUE(follows(i, EventKind::Finish, lines[i].stage, kAll)) << where;
                ++checked;
            }
            if (why.find("so 'end' follows in a tick") != std::string::npos) {
                EXPECT_TRUE(follows(i, EventKind::End, lines[i].stage, kAll)) << where;
                ++checked;
            }
            if (why.find("starts at once (clearBuffer)") != std::string::npos) {
                EXPECT_TRUE(follows(i, EventKind::Process, lines[i].stage, 3)) << where;
                ++checked;
            }
        }
    }
    EXPECT_GT(checked, 100u);
}

}  // namespace
}  // namespace bplab
