#include "bplab_core/explain.h"

#include "explain/line.h"
#include "random.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <utility>

namespace bplab {

std::string formatCount(std::int64_t value)
{
    const bool negative = value < 0;
    const std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(value)
                                             : static_cast<std::uint64_t>(value);
    const std::string digits = std::to_string(magnitude);
    std::string out = negative ? "-" : "";
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[i]);
        const std::size_t left = n - i - 1;
        if (left > 0 && left % 3 == 0) {
            out.push_back(',');
        }
    }
    return out;
}

Explainer::Explainer(Scenario scenario, std::optional<NodeProfile> profile)
    : m_scenario(std::move(scenario)), m_profile(profile.value_or(m_scenario.node))
{
    reset();
}

void Explainer::reset()
{
    m_context.assign(m_scenario.stages.size(), StageContext{});
    m_firstError.clear();
    m_firstErrorStage = kAllStages;
}

std::string Explainer::explain(const TraceEvent& event, std::span<const StageSnapshot> stages)
{
    std::string why = text(event, stages);
    observe(event);
    return why;
}

void Explainer::observe(const TraceEvent& event)
{
    if (event.stage < 0 || static_cast<std::size_t>(event.stage) >= m_context.size()) {
        return;
    }
    const auto i = static_cast<std::size_t>(event.stage);
    StageContext& c = m_context[i];
    const bool hasUpstream = i > 0;
    const bool watchesDrain = m_scenario.wiring != Wiring::Naive;
    switch (event.kind) {
        case EventKind::Write:
            c.lastWriteFalse = !event.ret;
            c.lastWriteLength = event.length;
            if (!event.ret && hasUpstream && watchesDrain) {
                c.awaitingDrain = true;
            }
            break;
        case EventKind::Drain:
            c.lastWriteFalse = false;
            if (c.awaitingDrain) {
                c.awaitingDrain = false;
                c.drainReleased = true;
            }
            break;
        case EventKind::Pause:
            c.pausedByBackpressure = i + 1 < m_context.size() && m_context[i + 1].awaitingDrain;
            break;
        case EventKind::Resume:
            c.resumedOnce = true;
            c.pausedByBackpressure = false;
            if (i + 1 < m_context.size()) {
                m_context[i + 1].drainReleased = false;
            }
            break;
        case EventKind::Push:
            if (event.bytesNull) {
                c.eofAt = event.t;
            }
            break;
        case EventKind::Error:
            if (!c.errorEmitted) {
                c.errorMessage = std::string(event.message);
            }
            c.errorEmitted = true;
            if (m_firstErrorStage == kAllStages) {
                m_firstErrorStage = event.stage;
                m_firstError = std::string(event.message);
            }
            break;
        case EventKind::End:
            c.endEmitted = true;
            break;
        case EventKind::Finish:
            c.finishEmitted = true;
            break;
        case EventKind::Close:
            c.closeEmitted = true;
            break;
        case EventKind::Unpipe:
            c.unpiped = true;
            break;
        default:
            break;
    }
}

std::string Explainer::text(const TraceEvent& event, std::span<const StageSnapshot> stages) const
{
    const explain::ProcessLine line(event, stages, m_scenario, m_profile, m_context, m_firstError,
                                    m_firstErrorStage);
    if (event.stage < 0 || static_cast<std::size_t>(event.stage) >= line.n) {
        return line.explain();
    }
    return explain::StageLine(line).explain();
}

namespace {
constexpr std::size_t kFlushBytes = std::size_t{64} * 1024;  // written out in blocks of this size
}  // namespace

ExplainingTraceWriter::ExplainingTraceWriter(std::ostream& out, const Simulation& simulation)
    : m_out(out), m_simulation(simulation), m_explainer(simulation.scenario(), simulation.profile())
{
    for (const Stage& stage : simulation.scenario().stages) {
        m_stageIds.push_back(stage.id);
    }
    m_buffer.reserve(kFlushBytes + 1024);
}

ExplainingTraceWriter::~ExplainingTraceWriter()
{
    // A stream that already failed is not written again, and a destructor
    // must not throw: call flush() to learn about an error.
    try {
        if (m_out) {
            flush();
        }
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): see above
    }
}

void ExplainingTraceWriter::record(const TraceEvent& event)
{
    m_simulation.snapshot(m_snapshot);
    const std::string why = m_explainer.explain(event, m_snapshot);
    m_line.clear();
    appendTraceLine(m_line, event, m_stageIds);
    // appendTraceLine ends with "}\n": put the extra key before the brace.
    m_line.resize(m_line.size() - 2);
    m_line.append(",\"why\":");
    appendJsonString(m_line, why);
    m_line.append("}\n");
    m_buffer.append(m_line);
    if (m_buffer.size() >= kFlushBytes) {
        flush();
    }
}

void ExplainingTraceWriter::flush()
{
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_buffer.clear();
    m_out.flush();
}

namespace {

class ReplaySink final : public TraceSink {
public:
    ReplaySink(const Simulation& simulation, Explainer& explainer, std::size_t target)
        : m_simulation(simulation), m_explainer(explainer), m_target(target)
    {
    }

    void record(const TraceEvent& event) override
    {
        if (m_count < m_target) {
            m_explainer.observe(event);
        } else if (m_count == m_target) {
            ReplayedEvent r;
            r.event = event;
            r.message = std::string(event.message);
            r.stages = m_simulation.snapshot();
            r.why = m_explainer.explain(event, r.stages);
            r.event.message = {};  // the text lives in r.message
            m_result = std::move(r);
        }
        ++m_count;
    }

    [[nodiscard]] std::size_t count() const { return m_count; }
    std::optional<ReplayedEvent>& result() { return m_result; }

private:
    const Simulation& m_simulation;
    Explainer& m_explainer;
    std::size_t m_target;
    std::size_t m_count = 0;
    std::optional<ReplayedEvent> m_result;
};

}  // namespace

std::optional<ReplayedEvent> replayToEvent(const Scenario& scenario,
                                           const SimulationOptions& options, std::size_t traceIndex,
                                           std::span<const TimingEditAt> edits)
{
    SimulationOptions replayOptions = options;
    replayOptions.sampleEveryMs = 0;  // samples do not change the trace
    Simulation simulation(scenario, replayOptions);
    Explainer explainer(scenario, simulation.profile());
    ReplaySink sink(simulation, explainer, traceIndex);
    simulation.addTraceSink(&sink);
    std::size_t nextEdit = 0;
    while (!sink.result()) {
        while (nextEdit < edits.size() && edits[nextEdit].afterLines <= sink.count()) {
            simulation.setStageTiming(edits[nextEdit].stage, edits[nextEdit].timing);
            ++nextEdit;
        }
        if (!simulation.step()) {
            break;
        }
    }
    return std::move(sink.result());
}

}  // namespace bplab
