#include "bplab_core/trace_store.h"

#include <gtest/gtest.h>

#include <string>

namespace bplab {
namespace {

TEST(TraceStore, GivesBackEveryFieldOfEachLine)
{
    TraceStore store;
    TraceEvent push{.t = 3,
                    .stage = 1,
                    .kind = EventKind::Push,
                    .ret = false,
                    .bytesNull = true,
                    .bytes = 0,
                    .length = 17408};
    std::string message = "boom";
    TraceEvent error{.t = 4, .stage = 2, .kind = EventKind::Error, .message = message};
    TraceEvent pipeline{
        .t = 9, .stage = kAllStages, .kind = EventKind::Pipeline, .messageNull = true};
    store.record(push);
    store.record(error);
    message = "changed";  // the store keeps its own copy
    store.record(pipeline);

    ASSERT_EQ(store.size(), 3u);
    const TraceEvent a = store.at(0);
    EXPECT_EQ(a.t, 3);
    EXPECT_EQ(a.stage, 1);
    EXPECT_EQ(a.kind, EventKind::Push);
    EXPECT_TRUE(a.bytesNull);
    EXPECT_FALSE(a.ret);
    EXPECT_EQ(a.length, 17408);
    EXPECT_EQ(store.at(1).message, "boom");
    EXPECT_TRUE(store.at(2).messageNull);
    EXPECT_EQ(store.at(2).stage, kAllStages);
}

TEST(TraceStore, KeepsLengthsBeyondThirtyTwoBits)
{
    TraceStore store;
    store.record(TraceEvent{.t = 1,
                            .stage = 0,
                            .kind = EventKind::Write,
                            .ret = true,
                            .bytes = 5'000'000'000,
                            .length = 9'000'000'000});
    EXPECT_EQ(store.at(0).length, 9'000'000'000);
    EXPECT_EQ(store.at(0).bytes, 5'000'000'000);
}

TEST(TraceStore, LowerBoundFindsTheFirstLineAtOrAfterATime)
{
    TraceStore store;
    for (std::int64_t t : {0, 0, 5, 5, 9}) {
        store.record(TraceEvent{.t = t, .stage = 0, .kind = EventKind::Data});
    }
    EXPECT_EQ(store.lowerBound(0), 0u);
    EXPECT_EQ(store.lowerBound(1), 2u);
    EXPECT_EQ(store.lowerBound(5), 2u);
    EXPECT_EQ(store.lowerBound(6), 4u);
    EXPECT_EQ(store.lowerBound(10), 5u);
}

TEST(TraceStore, StoresALineInAtMostTwentyFourBytes)
{
    TraceStore store;
    store.reserve(1000);
    for (int i = 0; i < 1000; ++i) {
        store.record(
            TraceEvent{.t = i, .stage = 0, .kind = EventKind::Data, .bytes = 1024, .length = 0});
    }
    EXPECT_LE(store.memoryBytes(), 1000u * 24u);
}

}  // namespace
}  // namespace bplab
