// Timings of whole simulation runs of four-stage-pipe.json, the workload that
// compare_with_node.sh also times against real Node.
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <ostream>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

namespace bplab {
namespace {

const Scenario& fourStagePipe()
{
    static const Scenario scenario = [] {
        auto loaded = loadScenarioFile(BPLAB_BENCH_DIR "/four-stage-pipe.json");
        if (!loaded) {
            std::cerr << loaded.error().message << '\n';
            std::abort();
        }
        return std::move(loaded).value();
    }();
    return scenario;
}

std::vector<std::string> stageIds(const Scenario& scenario)
{
    std::vector<std::string> ids;
    for (const Stage& stage : scenario.stages) {
        ids.push_back(stage.id);
    }
    return ids;
}

// Counts the lines and drops them.
class CountingTraceSink final : public TraceSink {
public:
    void record(const TraceEvent&) override { ++m_lines; }
    [[nodiscard]] std::int64_t lines() const { return m_lines; }

private:
    std::int64_t m_lines = 0;
};

// A stream buffer that accepts every byte and keeps none.
class NullBuffer final : public std::streambuf {
protected:
    int_type overflow(int_type c) override { return traits_type::not_eof(c); }
    std::streamsize xsputn(const char*, std::streamsize count) override { return count; }
};

SimulationOptions withoutSamples()
{
    SimulationOptions options;
    options.sampleEveryMs = 0;
    return options;
}

void simulationRunToNullSink(benchmark::State& state)
{
    const Scenario& scenario = fourStagePipe();
    std::int64_t lines = 0;
    for (auto _ : state) {
        CountingTraceSink sink;
        Simulation simulation(scenario, withoutSamples());
        simulation.addTraceSink(&sink);
        simulation.run();
        lines = sink.lines();
    }
    state.counters["lines"] = static_cast<double>(lines);
    state.SetItemsProcessed(state.iterations() * lines);
}
BENCHMARK(simulationRunToNullSink)->Unit(benchmark::kMillisecond);

void simulationRunToJsonlWriter(benchmark::State& state)
{
    const Scenario& scenario = fourStagePipe();
    const std::vector<std::string> ids = stageIds(scenario);
    NullBuffer buffer;
    std::ostream out(&buffer);
    std::int64_t lines = 0;
    for (auto _ : state) {
        CountingTraceSink counter;
        JsonlTraceWriter writer(out, ids);
        Simulation simulation(scenario, withoutSamples());
        simulation.addTraceSink(&counter);
        simulation.addTraceSink(&writer);
        simulation.run();
        writer.flush();
        lines = counter.lines();
    }
    state.counters["lines"] = static_cast<double>(lines);
    state.SetItemsProcessed(state.iterations() * lines);
}
BENCHMARK(simulationRunToJsonlWriter)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bplab
