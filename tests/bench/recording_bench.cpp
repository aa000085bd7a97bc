// Seeks to random moments of a long recorded run, against a fresh run from
// t = 0 to the same line (what rebuilding a moment cost without checkpoints).
//
// The run: a 6-stage jittery pipeline that does not end for a long time (a
// source of 4 KiB chunks every 2 ms, jitter 0.5; four transforms of 1 to 3 ms
// with a per-KiB cost, split 2 and ratios 0.3 to 0.6; a sink of 4 ms, jitter
// 0.8). BPLAB_SEEK_BENCH_LINES sets how many lines are recorded before the
// seeks (default 100,000,000).
#include "bplab_core/recording.h"
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace bplab {
namespace {

Scenario jitteryPipeline()
{
    Scenario sc;
    sc.name = "6-stage jittery pipeline";
    sc.seed = 11;
    sc.wiring = Wiring::Pipeline;
    Stage source;
    source.id = "source";
    source.kind = StageKind::Readable;
    source.chunks = 1'000'000'000;
    source.chunkBytes = 4096;
    source.intervalMs = 2;
    source.jitter = 0.5;
    sc.stages.push_back(source);
    const std::int64_t delays[] = {1, 2, 3, 2};
    const double ratios[] = {0.6, 0.5, 0.3, 0.4};
    for (int i = 0; i < 4; ++i) {
        Stage t;
        t.id = "t" + std::to_string(i + 1);
        t.kind = StageKind::Transform;
        t.delayMs = delays[i];
        t.perKibMs = 0.05;
        t.split = 2;
        t.ratio = ratios[i];
        t.jitter = 0.5;
        sc.stages.push_back(t);
    }
    Stage sink;
    sink.id = "sink";
    sink.kind = StageKind::Writable;
    sink.delayMs = 4;
    sink.jitter = 0.8;
    sc.stages.push_back(sink);
    return sc;
}

std::int64_t wantedLines()
{
    if (const char* env = std::getenv("BPLAB_SEEK_BENCH_LINES")) {
        return std::max<std::int64_t>(1000, std::atoll(env));
    }
    return 100'000'000;
}

struct Recorded {
    std::unique_ptr<Recording> recording;
    double recordSeconds = 0;
};

Recorded& recorded()
{
    static Recorded r = [] {
        Recorded out;
        const auto start = std::chrono::steady_clock::now();
        out.recording = std::make_unique<Recording>(jitteryPipeline());
        const std::int64_t lines = wantedLines();
        while (out.recording->headLines() < lines && !out.recording->headEnded()) {
            out.recording->seekTime(out.recording->headTime() + 10'000);
        }
        out.recordSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return out;
    }();
    return r;
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[at];
}

void reportTimes(benchmark::State& state, const std::vector<double>& ms)
{
    state.counters["median_ms"] = percentile(ms, 0.5);
    state.counters["p95_ms"] = percentile(ms, 0.95);
    state.counters["max_ms"] = percentile(ms, 1.0);
}

void seekToRandomLines(benchmark::State& state)
{
    Recorded& r = recorded();
    Recording& rec = *r.recording;
    std::mt19937_64 random(42);
    std::uniform_int_distribution<std::int64_t> pick(0, rec.headLines() - 1);
    std::vector<double> ms;
    for (auto _ : state) {
        const std::int64_t k = pick(random);
        const auto start = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(rec.seekLine(k));
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    reportTimes(state, ms);
    const RecordingCost cost = rec.cost();
    state.counters["lines"] = static_cast<double>(rec.headLines());
    state.counters["record_s"] = r.recordSeconds;
    state.counters["memory_MiB"] = static_cast<double>(cost.totalBytes) / (1 << 20);
    state.counters["checkpoints"] = static_cast<double>(cost.checkpoints);
    state.counters["state_KiB"] = static_cast<double>(cost.simulationBytes) / 1024;
    state.counters["summary_MiB"] = static_cast<double>(cost.summaryBytes) / (1 << 20);
    state.counters["every_lines"] = static_cast<double>(cost.checkpointEveryLines);
}
BENCHMARK(seekToRandomLines)->Iterations(200)->Unit(benchmark::kMillisecond);

void seekToRandomTimes(benchmark::State& state)
{
    Recording& rec = *recorded().recording;
    std::mt19937_64 random(43);
    std::uniform_int_distribution<std::int64_t> pick(0, rec.headTime());
    std::vector<double> ms;
    for (auto _ : state) {
        const std::int64_t t = pick(random);
        const auto start = std::chrono::steady_clock::now();
        rec.seekTime(t);
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    reportTimes(state, ms);
}
BENCHMARK(seekToRandomTimes)->Iterations(200)->Unit(benchmark::kMillisecond);

// The baseline: a fresh simulation run from t = 0 to a random line of the
// same run (no sinks but a line counter, no samples: the cheapest replay).
void freshRunToRandomLines(benchmark::State& state)
{
    Recording& rec = *recorded().recording;
    std::mt19937_64 random(44);
    std::uniform_int_distribution<std::int64_t> pick(0, rec.headLines() - 1);
    class Count final : public TraceSink {
    public:
        void record(const TraceEvent&) override { ++lines; }
        std::int64_t lines = 0;
    };
    std::vector<double> ms;
    for (auto _ : state) {
        const std::int64_t k = pick(random);
        const auto start = std::chrono::steady_clock::now();
        SimulationOptions options;
        options.sampleEveryMs = 0;
        Simulation sim(jitteryPipeline(), options);
        Count count;
        sim.addTraceSink(&count);
        while (count.lines <= k && sim.step()) {
        }
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    reportTimes(state, ms);
}
BENCHMARK(freshRunToRandomLines)->Iterations(5)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bplab
