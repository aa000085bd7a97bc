#pragma once

#include <QObject>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bplab_core/recording.h"
#include "bplab_core/run_summary.h"
#include "bplab_core/scenario.h"
#include "bplab_core/timeline.h"
#include "bplab_core/trace_store.h"
#include "bplab_ui/run/line_source.h"

namespace bplab::ui {

// One recorded run and its cursor: the moment every view shows. Owns a
// bplab::Recording (scenario at t = 0, options, timing edits, checkpoints);
// views read it through the Timeline side (moment(), lines(), summary()).
//
// The cursor is at a time (what playing and the scrubber give) or at a line
// (what stepping and the event log give). Stepping is seekLine(cursor ± 1);
// a seek before the head re-simulates from the nearest checkpoint, one past
// it extends the run. A timing edit at a past cursor forks the run there; the
// run before the fork is kept as a RecordingSpec for undoFork().
//
// Memory: the recording's budget (recordingOptions()), plus recentTrace(), the
// last few thousand lines up to the cursor for views that draw the recent
// past (chart lanes, chunks in flight, the story strip). Nothing here keeps
// one record per line of the whole run.
//
// GUI thread only. Reports by signals; knows nothing of the Player or views.
class Run final : public QObject, public LineSource {
    Q_OBJECT
public:
    explicit Run(QObject* parent = nullptr);
    ~Run() override;

    // What the GUI records with: samples every 10 ms, a budget that leaves
    // room for the window within 250 MB.
    [[nodiscard]] static SimulationOptions defaultOptions();
    [[nodiscard]] static RecordingOptions recordingOptions();
    // The bounds on a run's work (SimulationOptions' maxCoreMemoryBytes,
    // maxEvents, maxEventsWithoutTime; the rest is ignored), from the next
    // load() on. Reaching one stops the run: see stopReason().
    void setBounds(const SimulationOptions& bounds) { m_bounds = bounds; }
    // What load() records with: defaultOptions() within the bounds.
    [[nodiscard]] SimulationOptions options() const;

    // A new run of `scenario` from t = 0, the cursor at t = 0.
    void load(const Scenario& scenario);
    // The run `spec` describes, simulated to `headLines`, the cursor at `cursor`.
    void loadSpec(const RecordingSpec& spec, std::int64_t headLines);

    [[nodiscard]] bool hasRun() const { return m_recording != nullptr; }
    // The scenario at t = 0 with every timing edit up to the head applied
    // (what Save writes and a restart runs).
    [[nodiscard]] const Scenario& scenario() const { return m_scenario; }
    [[nodiscard]] std::vector<std::string> stageIds() const;

    // --- the cursor ---
    // Time seeks (ms, clamped at 0). advanceTo() is the Player's: it does not
    // count as a jump.
    void seekTime(std::int64_t t);
    void advanceTo(std::int64_t t);
    // Line seeks (0-based; past the end of an ended run: its last line).
    void seekLine(std::int64_t line);
    void stepForward();  // one trace line on
    void stepBack();     // one trace line back
    // The previous / next pause or drain before / after the cursor's line;
    // returns false (and stays) when there is none.
    bool toPreviousPauseOrDrain();
    bool toNextPauseOrDrain();
    void toStart();  // line 0
    // Before line 0: t = 0 with no line written yet (a load's cursor, at
    // t = 0, is after the lines written at t = 0). stepForward() goes to line 0.
    void toBeforeFirstLine();
    void toEnd();  // the head (the end of an ended run)

    [[nodiscard]] const Moment& moment() const;
    [[nodiscard]] bool cursorAtLine() const { return m_atLine; }
    // The cursor's time (virtual ms).
    [[nodiscard]] std::int64_t cursorTime() const { return moment().t; }
    // Lines written up to and including the cursor.
    [[nodiscard]] std::int64_t cursorLines() const { return moment().lines; }
    // The cursor's line, or the last line before a time cursor (-1: none).
    [[nodiscard]] std::int64_t cursorLine() const;
    // The cursor stands at the furthest point simulated.
    [[nodiscard]] bool cursorAtHead() const;
    // The cursor is at the end of an ended run: playing on has nothing to do.
    [[nodiscard]] bool atEnd() const;
    // Changes on load, fork and undo: views drop what they keep of the run.
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }
    // Changes on every cursor move.
    [[nodiscard]] std::uint64_t revision() const { return m_revision; }

    // --- the read side ---
    [[nodiscard]] std::int64_t headLines() const;
    [[nodiscard]] std::int64_t headTime() const;
    [[nodiscard]] bool headEnded() const;
    [[nodiscard]] Outcome outcome() const;     // at the cursor
    [[nodiscard]] RunSummary summary() const;  // at the cursor
    void lines(std::int64_t first, std::int64_t count, TraceSink& out) override;
    [[nodiscard]] std::vector<RecordedLine> lines(std::int64_t first, std::int64_t count);
    // Samples with fromMs <= t < toMs, re-simulated (charts finer than the
    // summaries keep).
    void samples(std::int64_t fromMs, std::int64_t toMs, SampleSink& out);
    [[nodiscard]] const SeriesSummary* seriesSummary() const;
    [[nodiscard]] RecordingCost cost() const;
    // The last lines up to the cursor: recentTrace() index i is line
    // recentFirstLine() + i; only [0, recentVisibleCount()) are at or before
    // the cursor.
    [[nodiscard]] const TraceStore& recentTrace() const { return m_recent; }
    [[nodiscard]] std::int64_t recentFirstLine() const { return m_recentFirst; }
    [[nodiscard]] std::size_t recentVisibleCount() const { return m_recentVisible; }
    // The recent lines a view draws, the same however the cursor got here:
    // from store index recentFrom() (line cursorLines() - kRecentKeep) on.
    static constexpr std::int64_t kRecentKeep = 16384;
    [[nodiscard]] std::size_t recentFrom() const;
    // Why the run stopped before its end (a bound of the simulator), or empty.
    [[nodiscard]] const std::string& stopReason() const { return m_stopReason; }

    // --- edits ---
    // A live timing edit at the cursor. At the head the run goes on with it;
    // in the past the run forks there (returns true; undoFork() brings the
    // old run back).
    bool applyTimingEdit(std::size_t stage, const StageTiming& timing);
    [[nodiscard]] bool canUndoFork() const { return m_beforeFork.has_value(); }
    void undoFork();
    [[nodiscard]] RecordingSpec spec() const;

Q_SIGNALS:
    void loaded();  // a new run (load, fork, undo): stages may differ
    void cursorMoved();
    // A seek that was not playback (stepping, scrubbing, a jump): a Player
    // pauses and goes on from here.
    void jumped();
    void ended();  // the cursor reached the end of an ended run
    void forked(qint64 atLine);

private:
    struct BeforeFork {
        RecordingSpec spec;
        std::int64_t headLines = 0;
        std::int64_t cursorLine = 0;
    };
    void afterMove(bool jump);
    void syncRecent();
    template <typename F>
    void guarded(F&& f);

    std::unique_ptr<Recording> m_recording;
    Scenario m_scenario;
    bool m_atLine = false;
    bool m_endReported = false;
    std::uint64_t m_generation = 0;
    std::uint64_t m_revision = 0;
    std::string m_stopReason;
    SimulationOptions m_bounds;
    std::optional<BeforeFork> m_beforeFork;
    TraceStore m_recent;
    std::int64_t m_recentFirst = 0;
    std::size_t m_recentVisible = 0;
    Moment m_empty;
};

}  // namespace bplab::ui
