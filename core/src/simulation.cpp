// Placeholder until the simulated streams land.
#include "bplab_core/simulation.h"

namespace bplab {

class SimulationImpl {
public:
    Scenario scenario;
    SimulationStats stats;
};

std::string_view toString(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Running: return "running";
    case Outcome::Idle: return "idle";
    case Outcome::Until: return "until";
    case Outcome::Uncaught: return "uncaught";
    case Outcome::Oom: return "oom";
    }
    return "";
}

Simulation::Simulation(Scenario scenario, SimulationOptions)
    : m_impl(std::make_unique<SimulationImpl>())
{
    m_impl->scenario = std::move(scenario);
}
Simulation::~Simulation() = default;
void Simulation::addTraceSink(TraceSink*) {}
void Simulation::addSampleSink(SampleSink*) {}
bool Simulation::step() { return false; }
void Simulation::run() {}
void Simulation::runUntil(std::int64_t) {}
std::int64_t Simulation::now() const { return 0; }
std::optional<std::int64_t> Simulation::nextDue() const { return std::nullopt; }
bool Simulation::ended() const { return true; }
Outcome Simulation::outcome() const { return Outcome::Idle; }
const Scenario& Simulation::scenario() const { return m_impl->scenario; }
NodeProfile Simulation::profile() const { return m_impl->scenario.node; }
const SimulationStats& Simulation::stats() const { return m_impl->stats; }
std::vector<StageSnapshot> Simulation::snapshot() const { return {}; }
void Simulation::snapshot(std::vector<StageSnapshot>&) const {}
void Simulation::setStageTiming(std::size_t, const StageTiming&) {}

}  // namespace bplab
