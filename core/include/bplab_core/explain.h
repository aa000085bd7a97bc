#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace.h"

namespace bplab {

// "Why did this happen?": a plain-language explanation of one trace line,
// computed from the state of every stage at the moment the line is recorded
// (the StageSnapshots a TraceSink sees through Simulation::snapshot()) and a
// little context gathered from the lines before it (which destination's
// write() last returned false, whether a source waits for 'drain', which
// stage failed first).
//
// The text names the streams by id and quotes the numbers that decided the
// event, e.g. "write() returned false: writableLength 17,408 >= highWaterMark
// 16,384. pipe() now pauses 'file' and waits for 'drain' on 'socket'."
//
// Feed every line of a run, in order, to explain() or observe(); observe() is
// the cheap form for lines whose text nobody reads (it needs no snapshot).
// Single-threaded, like the simulation.
class Explainer {
public:
    explicit Explainer(Scenario scenario, std::optional<NodeProfile> profile = std::nullopt);

    // The explanation of `event`; `stages[i]` is stage i's state at that
    // moment (an empty span is allowed: the text then quotes only the line's
    // own fields). Also records the line as observe() does.
    std::string explain(const TraceEvent& event, std::span<const StageSnapshot> stages);
    // Records the line in the context without producing text.
    void observe(const TraceEvent& event);
    // Forgets every line seen (a new run of the same scenario).
    void reset();

    [[nodiscard]] const Scenario& scenario() const { return m_scenario; }

    // What the lines before the current one left, per stage (read by the
    // explanation of each kind, src/explain/).
    struct StageContext {
        bool lastWriteFalse = false;       // this stage's write() last returned false
        std::int64_t lastWriteLength = 0;  // its writableLength then
        bool awaitingDrain = false;        // its upstream waits for 'drain' on it (pipe/pipeline)
        bool drainReleased = false;  // 'drain' came; the upstream's next 'resume' is due to it
        bool resumedOnce = false;    // 'resume' seen on this stage
        bool pausedByBackpressure = false;
        bool errorEmitted = false;
        std::string errorMessage;
        bool endEmitted = false;
        bool finishEmitted = false;
        bool closeEmitted = false;
        bool unpiped = false;
        std::int64_t eofAt = -1;  // virtual ms of push(null)
    };

private:
    [[nodiscard]] std::string text(const TraceEvent& event,
                                   std::span<const StageSnapshot> stages) const;

    Scenario m_scenario;
    NodeProfile m_profile;
    std::vector<StageContext> m_context;
    std::string m_firstError;  // the first 'error' message of the run
    std::int32_t m_firstErrorStage = kAllStages;
};

// Formats a count the way the explanations do: 17408 -> "17,408".
std::string formatCount(std::int64_t value);

// A TraceSink that writes JSON Lines exactly like JsonlTraceWriter, plus a
// "why" key (the Explainer's text) as the last key of every line. It calls
// simulation.snapshot() while record() runs, so it must be added to that
// same simulation:
//
//     Simulation sim(scenario);
//     ExplainingTraceWriter writer(std::cout, sim);
//     sim.addTraceSink(&writer);
//     sim.run();
class ExplainingTraceWriter final : public TraceSink {
public:
    ExplainingTraceWriter(std::ostream& out, const Simulation& simulation);
    // Flushes what is buffered unless the stream already failed; an error
    // then is lost (call flush() first to see it).
    ~ExplainingTraceWriter() override;
    ExplainingTraceWriter(const ExplainingTraceWriter&) = delete;
    ExplainingTraceWriter& operator=(const ExplainingTraceWriter&) = delete;

    void record(const TraceEvent& event) override;
    void flush();

private:
    std::ostream& m_out;
    const Simulation& m_simulation;
    Explainer m_explainer;
    std::vector<std::string> m_stageIds;
    std::vector<StageSnapshot> m_snapshot;
    std::string m_line;
    std::string m_buffer;
};

// The state of a run at one past trace line, reproduced by replaying: the
// simulation is deterministic, so running the same scenario again with the
// same options and stopping after line `traceIndex` gives the same state.
// Only that line takes a snapshot; the lines before it go to
// Explainer::observe(), so a million lines replay in well under a second.
struct ReplayedEvent {
    TraceEvent event;  // event.message is left empty: the text is in `message`
    std::string message;
    std::vector<StageSnapshot> stages;  // every stage at the moment of the line
    std::string why;                    // the Explainer's text
};
// A live timing edit made during the original run, to be made again at the
// same point of the replay: `afterLines` is how many trace lines the run had
// written when Simulation::setStageTiming() was called (edits are made
// between steps, so that count marks the step boundary).
struct TimingEditAt {
    std::size_t afterLines = 0;
    std::size_t stage = 0;
    StageTiming timing;
};
// nullopt if the run has fewer than traceIndex + 1 lines.
std::optional<ReplayedEvent> replayToEvent(const Scenario& scenario,
                                           const SimulationOptions& options, std::size_t traceIndex,
                                           std::span<const TimingEditAt> edits = {});

}  // namespace bplab
