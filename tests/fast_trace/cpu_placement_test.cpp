// The trace writer keeps its thread and the simulation's on two processors,
// and gives the simulation's thread its processors back.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>

#include <cstddef>
#include <future>
#include <sstream>
#include <thread>

#include "bplab_core/trace_jsonl.h"
#include "bplab_fast_trace/background_jsonl_trace_writer.h"
#include "cpu_placement.h"

namespace bplab {
namespace {

cpu_set_t affinityOf(pthread_t thread)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    EXPECT_EQ(pthread_getaffinity_np(thread, sizeof set, &set), 0);
    return set;
}

cpu_set_t affinityOfThisThread()
{
    return affinityOf(pthread_self());
}

// A thread that waits until it is told to end.
class IdleThread {
public:
    IdleThread() : m_thread([ended = m_end.get_future()] { ended.wait(); }) {}
    ~IdleThread()
    {
        m_end.set_value();
        m_thread.join();
    }
    IdleThread(const IdleThread&) = delete;
    IdleThread& operator=(const IdleThread&) = delete;
    pthread_t handle() { return m_thread.native_handle(); }

private:
    std::promise<void> m_end;
    std::thread m_thread;
};

TEST(SeparateCpus, BindsTheProducerToOneProcessorAndTheConsumerToTheOthers)
{
    const cpu_set_t before = affinityOfThisThread();
    if (CPU_COUNT(&before) < 2) {
        GTEST_SKIP() << "this process may use one processor only";
    }
    {
        IdleThread consumer;
        const SeparateCpus placement(consumer.handle());
        ASSERT_TRUE(placement.active());
        const cpu_set_t producer = affinityOfThisThread();
        EXPECT_EQ(CPU_COUNT(&producer), 1);
        const cpu_set_t others = affinityOf(consumer.handle());
        EXPECT_EQ(CPU_COUNT(&others), CPU_COUNT(&before) - 1);
        cpu_set_t shared;
        CPU_AND(&shared, &producer, &others);
        EXPECT_EQ(CPU_COUNT(&shared), 0);
    }
    const cpu_set_t after = affinityOfThisThread();
    EXPECT_TRUE(CPU_EQUAL(&before, &after));
}

TEST(SeparateCpus, ChangesNothingForAProcessOnOneProcessor)
{
    const cpu_set_t before = affinityOfThisThread();
    const int cpu = sched_getcpu();
    ASSERT_GE(cpu, 0);
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(static_cast<std::size_t>(cpu), &one);
    ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof one, &one), 0);
    {
        IdleThread consumer;
        const SeparateCpus placement(consumer.handle());
        EXPECT_FALSE(placement.active());
        const cpu_set_t during = affinityOfThisThread();
        EXPECT_TRUE(CPU_EQUAL(&during, &one));
    }
    ASSERT_EQ(pthread_setaffinity_np(pthread_self(), sizeof before, &before), 0);
}

TEST(SeparateCpus, TheTraceWriterLeavesTheCallersProcessorsAsTheyWere)
{
    const cpu_set_t before = affinityOfThisThread();
    std::ostringstream out;
    {
        BackgroundJsonlTraceWriter writer(out, {"a"});
        writer.record({.t = 1, .stage = 0, .kind = EventKind::End});
    }
    EXPECT_EQ(out.str(), "{\"t\":1,\"stage\":\"a\",\"ev\":\"end\"}\n");
    const cpu_set_t after = affinityOfThisThread();
    EXPECT_TRUE(CPU_EQUAL(&before, &after));
}

}  // namespace
}  // namespace bplab
