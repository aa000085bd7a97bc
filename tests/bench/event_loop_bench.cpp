// Timings of the virtual event loop alone: timers and the nextTick queue.
#include "bplab_core/event_loop.h"

#include <benchmark/benchmark.h>

#include <cstdint>

namespace bplab {
namespace {

// Steady state of a loop holding state.range(0) pending timers: each
// iteration queues one timer and runs the first one.
void eventLoopSetTimeoutThenStep(benchmark::State& state)
{
    EventLoop loop;
    std::int64_t ran = 0;
    const auto pending = state.range(0);
    for (std::int64_t i = 0; i < pending; ++i) {
        loop.setTimeout(i % 7, [&ran] { ++ran; });
    }
    std::int64_t next = 0;
    for (auto _ : state) {
        loop.setTimeout(next++ % 7, [&ran] { ++ran; });
        benchmark::DoNotOptimize(loop.step());
    }
    benchmark::DoNotOptimize(ran);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(eventLoopSetTimeoutThenStep)->Arg(1)->Arg(64)->Arg(4096);

// Queues state.range(0) ticks, each queueing one microtask, then drains both
// queues to empty.
void eventLoopNextTickDrain(benchmark::State& state)
{
    EventLoop loop;
    std::int64_t ran = 0;
    const auto ticks = state.range(0);
    for (auto _ : state) {
        for (std::int64_t i = 0; i < ticks; ++i) {
            loop.nextTick([&loop, &ran] {
                ++ran;
                loop.queueMicrotask([&ran] { ++ran; });
            });
        }
        loop.drain();
    }
    benchmark::DoNotOptimize(ran);
    state.SetItemsProcessed(state.iterations() * ticks * 2);
}
BENCHMARK(eventLoopNextTickDrain)->Arg(1)->Arg(64)->Arg(1024);

}  // namespace
}  // namespace bplab
