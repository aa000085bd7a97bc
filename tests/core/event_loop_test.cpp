#include "bplab_core/event_loop.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bplab {
namespace {

TEST(EventLoop, TimersDueAtTheSameTimeRunInCreationOrder)
{
    EventLoop loop;
    std::vector<int> order;
    loop.setTimeout(5, [&] { order.push_back(1); });
    loop.setTimeout(3, [&] { order.push_back(0); });
    loop.setTimeout(5, [&] { order.push_back(2); });
    loop.setTimeout(5, [&] { order.push_back(3); });
    loop.run();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(loop.now(), 5);
}

TEST(EventLoop, NowIsTheDueTimeOfTheTimerBeingRun)
{
    EventLoop loop;
    std::vector<std::int64_t> seen;
    loop.setTimeout(7, [&] {
        seen.push_back(loop.now());
        loop.setTimeout(4, [&] { seen.push_back(loop.now()); });
    });
    loop.run();
    EXPECT_EQ(seen, (std::vector<std::int64_t>{7, 11}));
}

TEST(EventLoop, ATimerOfDelayZeroRunsAfterTheTimersAlreadyQueuedForNow)
{
    EventLoop loop;
    std::vector<std::string> order;
    loop.setTimeout(2, [&] {
        order.emplace_back("a");
        loop.setTimeout(0, [&] { order.emplace_back("c"); });
    });
    loop.setTimeout(2, [&] { order.emplace_back("b"); });
    loop.run();
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(EventLoop, NextTicksRunBeforeMicrotasks)
{
    EventLoop loop;
    std::vector<std::string> order;
    loop.setTimeout(1, [&] {
        loop.queueMicrotask([&] { order.emplace_back("micro"); });
        loop.nextTick([&] { order.emplace_back("tick"); });
    });
    loop.run();
    EXPECT_EQ(order, (std::vector<std::string>{"tick", "micro"}));
}

TEST(EventLoop, ATickQueuedByATickRunsBeforeAnyMicrotask)
{
    EventLoop loop;
    std::vector<std::string> order;
    loop.nextTick([&] {
        order.emplace_back("tick1");
        loop.nextTick([&] { order.emplace_back("tick2"); });
    });
    loop.queueMicrotask([&] { order.emplace_back("micro1"); });
    loop.drain();
    EXPECT_EQ(order, (std::vector<std::string>{"tick1", "tick2", "micro1"}));
}

TEST(EventLoop, ATickQueuedByAMicrotaskWaitsForTheWholeMicrotaskQueue)
{
    EventLoop loop;
    std::vector<std::string> order;
    loop.queueMicrotask([&] {
        order.emplace_back("micro1");
        loop.nextTick([&] { order.emplace_back("tick"); });
        loop.queueMicrotask([&] { order.emplace_back("micro3"); });
    });
    loop.queueMicrotask([&] { order.emplace_back("micro2"); });
    loop.drain();
    EXPECT_EQ(order, (std::vector<std::string>{"micro1", "micro2", "micro3", "tick"}));
}

TEST(EventLoop, TicksAndMicrotasksDrainAfterEachTimerBeforeTheNextOne)
{
    EventLoop loop;
    std::vector<std::string> order;
    loop.setTimeout(1, [&] {
        order.emplace_back("timer1");
        loop.nextTick([&] { order.emplace_back("tick1"); });
    });
    loop.setTimeout(1, [&] { order.emplace_back("timer2"); });
    loop.run();
    EXPECT_EQ(order, (std::vector<std::string>{"timer1", "tick1", "timer2"}));
}

TEST(EventLoop, StepRunsExactlyOneTimer)
{
    EventLoop loop;
    int runs = 0;
    loop.setTimeout(1, [&] { ++runs; });
    loop.setTimeout(2, [&] { ++runs; });
    EXPECT_TRUE(loop.step());
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(loop.now(), 1);
    EXPECT_TRUE(loop.step());
    EXPECT_FALSE(loop.step());
    EXPECT_EQ(runs, 2);
}

TEST(EventLoop, RunUntilStopsBeforeTheFirstTimerDueLater)
{
    EventLoop loop;
    std::vector<std::int64_t> seen;
    for (std::int64_t d : {1, 5, 10, 11}) {
        loop.setTimeout(d, [&] { seen.push_back(loop.now()); });
    }
    loop.runUntil(10);
    EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 5, 10}));
    EXPECT_EQ(loop.nextDue(), 11);
}

TEST(EventLoop, AClearedTimerNeverRuns)
{
    EventLoop loop;
    int runs = 0;
    const auto id = loop.setTimeout(1, [&] { ++runs; });
    loop.setTimeout(2, [&] { ++runs; });
    loop.clearTimeout(id);
    loop.run();
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(loop.now(), 2);
}

TEST(EventLoop, AThrowingTaskLeavesTheLoopUsable)
{
    EventLoop loop;
    int runs = 0;
    loop.setTimeout(1, [] { throw std::runtime_error("boom"); });
    loop.setTimeout(2, [&] { ++runs; });
    EXPECT_THROW(loop.step(), std::runtime_error);
    EXPECT_TRUE(loop.step());
    EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace bplab
