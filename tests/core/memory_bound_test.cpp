// The core's own memory stays bounded when the simulated process runs away:
// a buffered chunk is a size and a kind, not a payload.
#include <malloc.h>

#include <gtest/gtest.h>

#include "bplab_core/simulation.h"

namespace bplab {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

Scenario naiveRunaway(std::int64_t chunks)
{
    Scenario s;
    s.wiring = Wiring::Naive;
    Stage source;
    source.id = "source";
    source.kind = StageKind::Readable;
    source.chunks = chunks;
    source.chunkBytes = 1024;
    source.intervalMs = 0;
    Stage sink;
    sink.id = "sink";
    sink.kind = StageKind::Writable;
    sink.delayMs = 1000;
    s.stages = {source, sink};
    return s;
}

std::size_t heapInUse()
{
    return mallinfo2().uordblks;
}

TEST(Memory, NaiveWiringBufferingTenMillionChunksCostsTheCoreAtMost32BytesPerChunk)
{
    if (kSanitized) {
        GTEST_SKIP() << "the sanitizer's allocator does not report through mallinfo2";
    }
    constexpr std::int64_t kChunks = 10'000'000;
    const std::size_t before = heapInUse();
    Simulation sim(naiveRunaway(kChunks));
    // The set-up task: the source pushes synchronously and every chunk but
    // the one in _write lands in the sink's writable buffer.
    ASSERT_TRUE(sim.step());
    const auto snap = sim.snapshot();
    ASSERT_EQ(snap[1].writable.bufferedCount, kChunks - 1);
    ASSERT_EQ(snap[1].writable.length, kChunks * 1024);
    const std::size_t after = heapInUse();
    const double perChunk = static_cast<double>(after - before) / static_cast<double>(kChunks);
    RecordProperty("bytes_per_chunk", std::to_string(perChunk));
    EXPECT_LE(perChunk, 32.0);
}

}  // namespace
}  // namespace bplab
