// scenario-v2 section 5: the alloc and retain_bytes keys (each rule with its
// exact message), the Buffer pool of the memory model, and what a run holds
// through retained slices.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "memory_model.h"
#include "scenario_test_support.h"

namespace bplab {
namespace {

using testing::errorOf;
using testing::parsed;

// A three-stage bplab-scenario/2 with extra keys on each stage.
std::string scenarioText(std::string_view source, std::string_view middle = "",
                         std::string_view sink = "", std::string_view format = "2")
{
    return testing::threeStageText(format, source, middle, sink);
}

// ---------------------------------------------------------------------------
// Validation

TEST(ScenarioBufferKeys, ReadsAllocOnReadableSidesAndRetainBytesOnTheWritable)
{
    const Scenario s =
        parsed(scenarioText(R"("alloc": "pool")", R"("alloc": "alloc")", R"("retain_bytes": 16)"));
    EXPECT_EQ(s.stages[0].alloc, Alloc::Pool);
    EXPECT_EQ(s.stages[1].alloc, Alloc::Alloc);
    EXPECT_EQ(s.stages[2].retainBytes, 16);
    EXPECT_TRUE(tracksAllocations(s));
}

TEST(ScenarioBufferKeys, AbsentKeysMeanOwnAllocationsAndNothingRetained)
{
    const Scenario s = parsed(scenarioText(""));
    EXPECT_EQ(s.stages[0].alloc, std::nullopt);
    EXPECT_EQ(s.stages[0].allocOrDefault(), Alloc::Alloc);
    EXPECT_EQ(s.stages[2].retainBytesOrDefault(), 0);
    EXPECT_FALSE(tracksAllocations(s));
    EXPECT_FALSE(
        tracksAllocations(parsed(scenarioText(R"("alloc": "alloc")", "", R"("retain_bytes": 0)"))));
}

TEST(ScenarioBufferKeys, AllocIsAllocOrPool)
{
    EXPECT_EQ(errorOf(scenarioText(R"("alloc": "slab")")),
              R"(stages[0].alloc: expected "alloc" or "pool", got "slab")");
    EXPECT_EQ(errorOf(scenarioText(R"("alloc": true)")),
              R"(stages[0].alloc: expected "alloc" or "pool", got true)");
}

TEST(ScenarioBufferKeys, AllocIsNotAKeyOfAWritable)
{
    EXPECT_EQ(errorOf(scenarioText("", "", R"("alloc": "pool")")),
              R"(stages[2].alloc: not allowed on a "writable" stage)");
}

TEST(ScenarioBufferKeys, AllocNeedsAByteModeReadableSide)
{
    EXPECT_EQ(errorOf(scenarioText(R"("objectMode": true, "alloc": "pool")")),
              R"(stages[0].alloc: allowed only on a byte-mode readable side (Buffers); )"
              R"(stages[0]'s readable side is in objectMode, got "pool")");
    EXPECT_EQ(errorOf(scenarioText("", R"("objectMode": true, "alloc": "alloc")")),
              R"(stages[1].alloc: allowed only on a byte-mode readable side (Buffers); )"
              R"(stages[1]'s readable side is in objectMode, got "alloc")");
    EXPECT_EQ(errorOf(scenarioText(
                  "", R"("objectMode": {"readable": true, "writable": false}, "alloc": "pool")")),
              R"(stages[1].alloc: allowed only on a byte-mode readable side (Buffers); )"
              R"(stages[1]'s readable side is in objectMode, got "pool")");
    // Objects in, Buffers out: the readable side allocates.
    const Scenario s = parsed(
        scenarioText(R"("objectMode": true)",
                     R"("objectMode": {"readable": false, "writable": true}, "alloc": "pool")"));
    EXPECT_EQ(s.stages[1].alloc, Alloc::Pool);
}

TEST(ScenarioBufferKeys, RetainBytesIsAnIntegerOfAtLeastZero)
{
    EXPECT_EQ(errorOf(scenarioText("", "", R"("retain_bytes": -1)")),
              "stages[2].retain_bytes: expected an integer >= 0, got -1");
    EXPECT_EQ(errorOf(scenarioText("", "", R"("retain_bytes": 1.5)")),
              "stages[2].retain_bytes: expected an integer >= 0, got 1.5");
    EXPECT_EQ(errorOf(scenarioText("", "", R"("retain_bytes": "16")")),
              R"(stages[2].retain_bytes: expected an integer >= 0, got "16")");
}

TEST(ScenarioBufferKeys, RetainBytesIsAKeyOfTheWritableOnly)
{
    EXPECT_EQ(errorOf(scenarioText("", R"("retain_bytes": 16)")),
              R"(stages[1].retain_bytes: not allowed on a "transform" stage)");
    EXPECT_EQ(errorOf(scenarioText(R"("retain_bytes": 16)")),
              R"(stages[0].retain_bytes: not allowed on a "readable" stage)");
}

TEST(ScenarioBufferKeys, RetainingNeedsAByteModeWritable)
{
    EXPECT_EQ(errorOf(scenarioText("", "", R"("objectMode": true, "retain_bytes": 16)")),
              "stages[2].retain_bytes: needs a byte-mode writable (an object has no subarray); "
              "stages[2] is in objectMode, got 16");
    // Keeping nothing of an object is no slice at all.
    EXPECT_EQ(errorOf(scenarioText("", "", R"("objectMode": true, "retain_bytes": 0)")),
              "(accepted)");
}

TEST(ScenarioBufferKeys, AFormatOneFileNamesTheKey)
{
    EXPECT_EQ(errorOf(scenarioText(R"("alloc": "pool")", "", "", "1")),
              R"(stages[0].alloc: needs "format": "bplab-scenario/2")");
    EXPECT_EQ(errorOf(scenarioText("", "", R"("retain_bytes": 0)", "1")),
              R"(stages[2].retain_bytes: needs "format": "bplab-scenario/2")");
}

TEST(ScenarioBufferKeys, ATextPipelinesTransformHasNoAlloc)
{
    const std::string text =
        R"({"format": "bplab-scenario/2", "stages": [)"
        R"({"id": "src", "kind": "readable", "text": "héllo", "chunk_bytes": 2, "alloc": "pool"},)"
        R"({"id": "mid", "kind": "transform", "alloc": "pool"},)"
        R"({"id": "dst", "kind": "writable", "decode": "per-chunk", "retain_bytes": 1}]})";
    EXPECT_EQ(errorOf(text), R"(stages[1].alloc: a text pipeline passes bytes through unchanged; )"
                             R"(expected no alloc, got "pool")");
}

TEST(ScenarioBufferKeys, ATextSourceMayUseThePoolAndItsWritableRetain)
{
    const Scenario s = parsed(
        R"({"format": "bplab-scenario/2", "stages": [)"
        R"({"id": "src", "kind": "readable", "text": "héllo", "chunk_bytes": 2, "alloc": "pool"},)"
        R"({"id": "dst", "kind": "writable", "decode": "per-chunk", "retain_bytes": 1}]})");
    EXPECT_EQ(s.stages[0].alloc, Alloc::Pool);
    EXPECT_EQ(s.stages[1].retainBytes, 1);
}

TEST(ScenarioBufferKeys, AScenarioBuiltInMemoryIsCheckedWithTheSameMessages)
{
    Scenario s = parsed(scenarioText(""));
    s.stages[2].retainBytes = -3;
    EXPECT_EQ(errorOf(s), "stages[2].retain_bytes: expected an integer >= 0, got -3");
    s = parsed(scenarioText(""));
    s.stages[2].alloc = Alloc::Pool;
    EXPECT_EQ(errorOf(s), R"(stages[2].alloc: not allowed on a "writable" stage)");
    s = parsed(scenarioText(""));
    s.stages[1].retainBytes = 4;
    EXPECT_EQ(errorOf(s), R"(stages[1].retain_bytes: not allowed on a "transform" stage)");
    s = parsed(scenarioText(""));
    s.stages[0].objectMode.readable = true;
    s.stages[0].alloc = Alloc::Pool;
    EXPECT_EQ(errorOf(s),
              R"(stages[0].alloc: allowed only on a byte-mode readable side (Buffers); )"
              R"(stages[0]'s readable side is in objectMode, got "pool")");
}

TEST(ScenarioBufferKeys, SavesTheKeysAsWrittenInFormatTwo)
{
    const Scenario s =
        parsed(scenarioText(R"("alloc": "alloc")", R"("alloc": "pool")", R"("retain_bytes": 0)"));
    EXPECT_EQ(formatVersionOf(s), 2);
    EXPECT_EQ(formatTwoPathOf(s), "stages[0].alloc");
    const std::string text = serializeScenario(s);
    EXPECT_TRUE(text.starts_with("{\n  \"format\": \"bplab-scenario/2\",\n")) << text;
    EXPECT_NE(text.find(R"("alloc": "alloc")"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("alloc": "pool")"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("retain_bytes": 0)"), std::string::npos) << text;
    EXPECT_EQ(parsed(text), s);
    EXPECT_EQ(formatTwoPathOf(parsed(scenarioText("", "", R"("retain_bytes": 8)"))),
              "stages[2].retain_bytes");
}

// ---------------------------------------------------------------------------
// The pool (lib/buffer.js's allocate(), read from both binaries)

class NoPeaks final : public MemoryModel::PeakListener {
public:
    void newPeak(std::int64_t /*total*/) override {}
};

TEST(BufferPool, ThePoolSizeIsNode20s8KiBAndNode24s64KiB)
{
    EXPECT_EQ(bufferPoolSize(NodeProfile::V20), 8192);
    EXPECT_EQ(bufferPoolSize(NodeProfile::V24), 65536);
}

TEST(BufferPool, SixtyFourChunksOf1KiBShareOneNode24SlabAndTheNextStartsASecond)
{
    NoPeaks peaks;
    MemoryModel m;
    m.reset(2, &peaks);
    m.setTracking(65536);
    const std::uint32_t first = m.allocate(1024, true);
    for (int i = 1; i < 64; ++i) {
        EXPECT_EQ(m.allocate(1024, true), first);
    }
    EXPECT_EQ(m.externalBytes(), 65536);
    EXPECT_EQ(m.slabBytes(), 65536);
    EXPECT_NE(m.allocate(1024, true), first);
    EXPECT_EQ(m.externalBytes(), 131072);
    EXPECT_EQ(m.slabBytes(), 131072);
}

TEST(BufferPool, OffsetsAlignUpTo8Bytes)
{
    NoPeaks peaks;
    MemoryModel m;
    m.reset(2, &peaks);
    m.setTracking(8192);
    // 1001 bytes take 1008 of the slab: 8 fit in 8192 (8064), the 9th does not.
    const std::uint32_t first = m.allocate(1001, true);
    for (int i = 1; i < 8; ++i) {
        EXPECT_EQ(m.allocate(1001, true), first);
    }
    EXPECT_NE(m.allocate(1001, true), first);
    EXPECT_EQ(m.slabBytes(), 16384);
}

TEST(BufferPool, HalfThePoolSizeOrMoreIsItsOwnAllocation)
{
    NoPeaks peaks;
    MemoryModel m;
    m.reset(2, &peaks);
    m.setTracking(8192);
    const std::uint32_t own = m.allocate(4096, true);
    EXPECT_EQ(m.externalBytes(), 4096);
    EXPECT_EQ(m.slabBytes(), 0);
    m.allocate(4095, true);
    EXPECT_EQ(m.externalBytes(), 4096 + 8192);
    EXPECT_EQ(m.slabBytes(), 8192);
    m.release(own);
    EXPECT_EQ(m.externalBytes(), 8192);
}

TEST(BufferPool, AnEmptyBufferAllocatesNothing)
{
    NoPeaks peaks;
    MemoryModel m;
    m.reset(2, &peaks);
    m.setTracking(65536);
    EXPECT_EQ(m.allocate(0, true), 0U);
    EXPECT_EQ(m.allocate(0, false), 0U);
    EXPECT_EQ(m.externalBytes(), 0);
}

TEST(BufferPool, ASlabLivesWhileTheCurrentOneOrAChunkOfItDoes)
{
    NoPeaks peaks;
    MemoryModel m;
    m.reset(2, &peaks);
    m.setTracking(8192);
    const std::uint32_t a = m.allocate(4000, true);
    m.release(a);
    // The pool still holds its current slab.
    EXPECT_EQ(m.externalBytes(), 8192);
    const std::uint32_t b = m.allocate(4000, true);
    const std::uint32_t c = m.allocate(4000, true);  // does not fit: a new slab
    EXPECT_NE(b, c);
    EXPECT_EQ(m.externalBytes(), 16384);
    m.release(b);
    EXPECT_EQ(m.externalBytes(), 8192);
    EXPECT_EQ(m.slabBytes(), 8192);
    m.release(c);
    EXPECT_EQ(m.externalBytes(), 8192);
}

TEST(BufferPool, ARetainedSliceHoldsItsWholeSlabForTheRestOfTheRun)
{
    NoPeaks peaks;
    MemoryModel m;
    m.reset(2, &peaks);
    m.setTracking(8192);
    const std::uint32_t a = m.allocate(16, true);
    m.retain(a, 1);
    m.release(a);
    EXPECT_EQ(m.retainedBytes(), 0);  // the pool holds it too
    const std::uint32_t big = m.allocate(4095, true);
    m.release(big);
    m.release(m.allocate(4095, true));  // a second slab: the first only retained
    EXPECT_EQ(m.externalBytes(), 16384);
    EXPECT_EQ(m.retainedBytes(), 8192);
    EXPECT_EQ(m.stage(1).retained, 8192);
}

TEST(BufferPool, ARetainedSliceOfAnOwnAllocationHoldsAllOfIt)
{
    NoPeaks peaks;
    MemoryModel m;
    m.reset(2, &peaks);
    m.setTracking(65536);
    const std::uint32_t a = m.allocate(1024, false);
    m.retain(a, 1);
    m.release(a);
    EXPECT_EQ(m.externalBytes(), 1024);
    EXPECT_EQ(m.retainedBytes(), 1024);
    EXPECT_EQ(m.slabBytes(), 0);
}

// ---------------------------------------------------------------------------
// Whole runs: what is left at the end (every chunk consumed)

ProcessMemory endOf(const std::string& json, std::vector<StageSnapshot>* stages = nullptr)
{
    Simulation sim(parsed(json));
    sim.run();
    if (stages != nullptr) {
        *stages = sim.snapshot();
    }
    return sim.memory();
}

std::string headerCache(std::string_view node, std::string_view alloc, int chunks, int retain)
{
    return R"({"format": "bplab-scenario/2", "node": ")" + std::string(node) +
           R"(", "stages": [{"id": "src", "kind": "readable", "chunks": )" +
           std::to_string(chunks) + R"(, "alloc": ")" + std::string(alloc) +
           R"("}, {"id": "dst", "kind": "writable", "delay_ms": 1, "retain_bytes": )" +
           std::to_string(retain) + "}]}";
}

TEST(BufferPoolRun, CachingA16ByteHeaderOfEvery1KiBPooledChunkHoldsEverySlab)
{
    // 200 chunks of 1 KiB: 64 a slab on Node 24, so 4 slabs, 3 no longer
    // current and held only by the cache.
    std::vector<StageSnapshot> stages;
    const ProcessMemory m = endOf(headerCache("24", "pool", 200, 16), &stages);
    EXPECT_EQ(m.externalBytes, 4 * 65536);
    EXPECT_EQ(m.slabBytes, 4 * 65536);
    EXPECT_EQ(m.retainedBytes, 3 * 65536);
    EXPECT_EQ(stages[1].retainedBytes, 3 * 65536);
    EXPECT_EQ(stages[1].externalBytes, 0);
    // Node 20: 8 a slab, 25 slabs, 24 of them retained.
    const ProcessMemory m20 = endOf(headerCache("20", "pool", 200, 16));
    EXPECT_EQ(m20.externalBytes, 25 * 8192);
    EXPECT_EQ(m20.retainedBytes, 24 * 8192);
}

TEST(BufferPoolRun, WithoutTheCacheOnlyTheCurrentSlabIsLeft)
{
    const ProcessMemory m = endOf(headerCache("24", "pool", 200, 0));
    EXPECT_EQ(m.externalBytes, 65536);
    EXPECT_EQ(m.retainedBytes, 0);
}

TEST(BufferPoolRun, CachingSlicesOfOwnAllocationsHoldsEachChunkWhole)
{
    const ProcessMemory m = endOf(headerCache("24", "alloc", 200, 16));
    EXPECT_EQ(m.externalBytes, 200 * 1024);
    EXPECT_EQ(m.retainedBytes, 200 * 1024);
    EXPECT_EQ(m.slabBytes, 0);
}

TEST(BufferPoolRun, ATransformsPooledOutputsPinTheirSlabsNotTheSourcesBuffers)
{
    // The source's 4 KiB chunks are their own; the transform cuts each into
    // 4 pooled chunks of 1 KiB, which the cache pins: 40 chunks, one slab.
    const ProcessMemory m =
        endOf(R"({"format": "bplab-scenario/2", "node": "24", "stages": [)"
              R"({"id": "src", "kind": "readable", "chunks": 10, "chunk_bytes": 4096},)"
              R"({"id": "cut", "kind": "transform", "split": 4, "alloc": "pool"},)"
              R"({"id": "dst", "kind": "writable", "delay_ms": 1, "retain_bytes": 16}]})");
    EXPECT_EQ(m.externalBytes, 65536);
    EXPECT_EQ(m.retainedBytes, 0);  // the current slab
}

TEST(BufferPoolRun, UntilASlowSinkCatchesUpTheBuffersHoldTheirSlabs)
{
    // A fast pooled source, a sink of 10 ms a chunk, stopped at 100 ms: 128
    // chunks of 1 KiB made, 64 in the source's buffer, 64 written, of which
    // 10 are done and 54 still counted in the writable. Chunks 0-63 share one slab and 64-127 the
    // next, and a chunk of each is still held: two whole slabs, 131,072 B, as arrayBuffers of real
    // Node 24 says for the same run.
    Simulation sim(
        parsed(R"({"format": "bplab-scenario/2", "node": "24", "until_ms": 100, "stages": [)"
               R"({"id": "src", "kind": "readable", "chunks": 1000, "alloc": "pool"},)"
               R"({"id": "dst", "kind": "writable", "delay_ms": 10}]})"));
    sim.run();
    const std::vector<StageSnapshot> stages = sim.snapshot();
    const ProcessMemory m = sim.memory();
    EXPECT_EQ(stages[0].externalBytes, 65536);
    EXPECT_EQ(stages[1].externalBytes, 55296);
    EXPECT_EQ(m.slabBytes, 131072);
    EXPECT_EQ(m.externalBytes, 131072);
}

}  // namespace
}  // namespace bplab
