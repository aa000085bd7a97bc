#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/series_summary.h"
#include "bplab_core/simulation.h"
#include "bplab_core/timeline.h"
#include "bplab_core/trace.h"

namespace bplab {

class SimulationArena;

struct RecordingOptions {
    // Checkpoints, summaries, recent lines and the live simulation together
    // (bytes). Checkpoints thin out to stay within it.
    std::size_t memoryBudgetBytes = std::size_t{256} << 20;
    // Lines between checkpoints at first; doubles each time they thin out.
    std::int64_t firstCheckpointEveryLines = 4096;
    // Width of a level-0 summary bucket (virtual ms).
    std::int64_t summaryBaseMs = 10;
    // Lines kept before the head, so views following the head need no replay.
    std::size_t recentLines = 4096;
    // Keep an Explainer in the recorded state: moments then carry the text.
    bool explanations = true;
};

// A live timing edit: made at the step boundary after `step` steps, when
// `line` lines had been written and the virtual time was `t`.
struct TimingEdit {
    std::int64_t step = 0;
    std::int64_t line = 0;
    std::int64_t t = 0;
    std::size_t stage = 0;
    StageTiming timing;
};

// What describes a run completely: a Recording is this plus caches.
struct RecordingSpec {
    Scenario scenario;  // as it was at t = 0
    SimulationOptions options;
    std::vector<TimingEdit> edits;
};

// What the recording itself holds (bytes), and what a seek costs at most.
struct RecordingCost {
    std::size_t checkpoints = 0;
    std::size_t checkpointBytes = 0;  // their images and summary marks
    std::size_t summaryBytes = 0;
    std::size_t recentLineBytes = 0;
    std::size_t simulationBytes = 0;  // the live simulation's arena
    std::size_t totalBytes = 0;
    std::size_t budgetBytes = 0;
    std::int64_t checkpointEveryLines = 0;
    // Lines a seek simulates at most: the widest gap between two checkpoints,
    // plus the lines of the step that crosses the target.
    std::int64_t widestGapLines = 0;
};

// A recorded run: the scenario at t = 0, the options, the timing edits, and
// checkpoints of the whole simulation state taken as the run goes, so that
// any past line or time is rebuilt by restoring the nearest earlier
// checkpoint and simulating forward. Memory stays within
// RecordingOptions::memoryBudgetBytes over any run length. See
// docs/design/recorded-runs.md.
//
// The head is the furthest point simulated; seeking past it extends the run
// (this is how a run plays). Edits apply at the moment's step boundary; an
// edit there in the past forks: everything after it is forgotten.
//
// Single-threaded: one thread at a time calls a recording.
class Recording final : public Timeline {
public:
    explicit Recording(Scenario scenario, SimulationOptions options = {},
                       RecordingOptions recordingOptions = {});
    // The run `spec` describes, simulated up to `headLines` lines.
    Recording(const RecordingSpec& spec, std::int64_t headLines,
              RecordingOptions recordingOptions = {});
    ~Recording() override;
    Recording(const Recording&) = delete;
    Recording& operator=(const Recording&) = delete;

    // --- Timeline: each seek extends the head when it must ---
    bool seekLine(std::int64_t index) override;
    // seekLine(index) that also hands lines [from, index] to `out` in the
    // same pass: it starts at the checkpoint before `from`, so a view's
    // recent lines after a jump cost no second re-simulation. When the run
    // ends before `index` it seeks its last line and `out` gets nothing.
    bool seekLine(std::int64_t index, std::int64_t from, TraceSink& out);
    void seekTime(std::int64_t t) override;
    // The moment before the first line: t = 0, no line written, no timer run
    // (seekTime(0) is after the lines written at t = 0).
    void seekStart();
    [[nodiscard]] const Moment& moment() const override { return m_moment; }
    [[nodiscard]] std::int64_t headLines() const override;
    [[nodiscard]] std::int64_t headTime() const override;
    // The head has written its final line (idle, until, uncaught, oom).
    [[nodiscard]] bool headEnded() const override;
    [[nodiscard]] Outcome headOutcome() const;
    // Re-simulated from a checkpoint unless they are among the recent lines.
    void lines(std::int64_t first, std::int64_t count, TraceSink& out) override;
    using Timeline::lines;
    // The samples with fromMs <= t < toMs to `out`, re-simulated: for charts
    // zoomed finer than the summaries keep.
    void samples(std::int64_t fromMs, std::int64_t toMs, SampleSink& out);
    [[nodiscard]] const SeriesSummary& summary() const override { return *m_summary; }

    // --- edits ---
    // A live timing edit at the moment's step boundary (after the step of the
    // moment's line); forks the run when that boundary is in the past.
    void applyTimingEdit(std::size_t stage, const StageTiming& timing);
    [[nodiscard]] const std::vector<TimingEdit>& edits() const { return m_edits; }
    [[nodiscard]] RecordingSpec spec() const;

    [[nodiscard]] const Scenario& scenario() const { return m_scenario; }
    [[nodiscard]] const SimulationOptions& options() const { return m_options; }
    [[nodiscard]] RecordingCost cost() const;

private:
    struct Boundary {
        std::int64_t step = 0;
        std::int64_t line = 0;
        std::int64_t t = 0;
        friend bool operator==(const Boundary&, const Boundary&) = default;
    };
    struct Checkpoint;
    class Tap;
    class DeliveryScope;
    friend class Tap;

    void createSimulation();
    void takeCheckpoint();
    void thin();
    void restore(const Checkpoint& checkpoint);
    void keepNear(std::int64_t target);
    [[nodiscard]] const Checkpoint* nearestNear(std::int64_t Boundary::*field,
                                                std::int64_t value) const;
    bool seekLineFromHere(std::int64_t index);
    bool stepOnce();
    void applyEditsAt(std::int64_t step);
    void moveToLineStart(std::int64_t line);
    void moveToBoundary(std::int64_t step);
    void moveToTimeStart(std::int64_t t, bool samplesFromT);
    void runThrough(std::int64_t t);
    void fillMomentFromSimulation(std::optional<std::int64_t> time = std::nullopt);
    [[nodiscard]] std::size_t totalBytes() const;
    [[nodiscard]] std::size_t nearBytes() const;
    void onCapture(std::int64_t index, const TraceEvent& event,
                   const std::vector<StageSnapshot>& stages, const std::string& why,
                   const Sample* sample);
    void onLine(std::int64_t index, const TraceEvent& event);
    void onSample(const Sample& sample);
    [[nodiscard]] std::size_t checkpointIndexForLine(std::int64_t line) const;

    Scenario m_scenario;
    SimulationOptions m_options;
    RecordingOptions m_recordingOptions;
    std::vector<TimingEdit> m_edits;
    std::unique_ptr<SimulationArena> m_arena;
    Simulation* m_simulation = nullptr;  // in the arena
    Tap* m_tap = nullptr;                // in the arena
    std::vector<Checkpoint> m_checkpoints;
    std::unique_ptr<Checkpoint> m_scratch;  // the boundary before the moment's step
    // Boundaries a line seek passed shortly before its target, in the order
    // they were taken:
    // what the views read next (the charts' last samples, the lines before
    // the cursor) restores one of these instead of a distant checkpoint.
    std::vector<Checkpoint> m_near;
    std::size_t m_checkpointBytes = 0;  // of m_checkpoints
    std::size_t m_recentBytes = 0;
    std::int64_t m_checkpointEvery = 0;
    std::int64_t m_maxStepLines = 0;
    Boundary m_position;  // where the simulation stands
    Boundary m_head;
    Outcome m_headOutcome = Outcome::Running;
    Boundary m_momentBoundary;           // where an edit made now applies
    std::int64_t m_samplesThrough = -1;  // samples emitted through this time beyond m_position
    std::int64_t m_fedLines = 0;         // lines fed to the summaries and the recent ring
    std::int64_t m_fedSamplesThrough = -1;
    std::unique_ptr<SeriesSummary> m_summary;
    std::deque<RecordedLine> m_recent;  // the last lines before the head, in order
    Moment m_moment;
    // What the tap does with the lines of the steps run now.
    std::int64_t m_captureLine = -1;
    bool m_captured = false;
    std::int64_t m_deliverFrom = 0;
    std::int64_t m_deliverTo = 0;
    TraceSink* m_deliverSink = nullptr;
    std::int64_t m_sampleFrom = 0;
    std::int64_t m_sampleTo = 0;
    SampleSink* m_sampleSink = nullptr;
};

}  // namespace bplab
