// libFuzzer target: every scenario the loader accepts, run on the simulated
// streams with every trace line and sample formatted. The run ends, or stops
// with RunStopped within the bounds given here; nothing else may happen.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bplab_core/samples_csv.h"
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace.h"

namespace {

class FormattingSink final : public bplab::TraceSink {
public:
    explicit FormattingSink(std::vector<std::string> ids) : m_ids(std::move(ids)) {}
    void record(const bplab::TraceEvent& event) override
    {
        m_line.clear();
        bplab::appendTraceLine(m_line, event, m_ids);
    }

private:
    std::vector<std::string> m_ids;
    std::string m_line;
};

class NullBuffer final : public std::streambuf {
protected:
    int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    bplab::Result<bplab::Scenario> loaded = bplab::parseScenario(text);
    if (!loaded) {
        return 0;
    }
    bplab::Scenario& scenario = loaded.value();
    std::vector<std::string> ids;
    for (const bplab::Stage& stage : scenario.stages) {
        ids.push_back(stage.id);
    }
    // Bounds that keep one input to a fraction of a second.
    bplab::SimulationOptions options;
    options.sampleEveryMs = 1000;
    options.maxEvents = 200'000;
    options.maxCoreMemoryBytes = 64 * 1024 * 1024;
    options.maxEventsWithoutTime = 100'000;
    FormattingSink trace(ids);
    NullBuffer nothing;
    std::ostream discard(&nothing);
    bplab::CsvSampleWriter samples(discard, scenario);
    bplab::Simulation simulation(scenario, options);
    simulation.addTraceSink(&trace);
    simulation.addSampleSink(&samples);
    try {
        // Samples come every second of virtual time: a run of years would
        // write millions of them, so runs stop at a virtual day.
        simulation.runUntil(86'400'000);
    } catch (const bplab::RunStopped&) {
    }
    return 0;
}
