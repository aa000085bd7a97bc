#pragma once

#include <QObject>
#include <QTimer>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bplab_core/run_summary.h"
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace_store.h"
#include "bplab_ui/sample_history.h"
#include "bplab_ui/wall_clock.h"

namespace bplab::ui {

// One trace line revealed by stepping, with the state of every stage at the
// moment it was recorded.
struct SteppedLine {
    TraceEvent event;  // event.message points into `message`
    std::string message;
    std::vector<StageSnapshot> stages;  // empty when not captured
};

// Owns the running Simulation, its whole trace (TraceStore) and its sample
// history, and paces virtual time by wall time x speed. Every view reads
// from it; the only way back into the simulation is its commands.
//
// GUI thread only. It emits frameAdvanced() at most once per frame (about
// 60 Hz while playing, once per command otherwise), never once per simulated
// event: views pull what they need in their slot. See ui/ARCHITECTURE.md.
class SimulationController : public QObject {
    Q_OBJECT
public:
    explicit SimulationController(QObject* parent = nullptr);
    ~SimulationController() override;

    // --- configuration ---
    // Not owned; nullptr restores the steady clock.
    void setWallClock(WallClock* clock);
    // The frame timer drives frame() while playing; tests turn it off and
    // call frame() themselves.
    void setFrameTimerEnabled(bool enabled);
    void setFrameIntervalMs(int ms);
    // Wall time a frame may spend simulating; the rest is for drawing.
    void setFrameBudgetMs(double ms) { m_budgetNs = static_cast<std::int64_t>(ms * 1e6); }
    // Restart from t = 0 when the run ends instead of pausing.
    void setLooping(bool looping) { m_looping = looping; }
    [[nodiscard]] bool looping() const { return m_looping; }
    // Pause once this much virtual time (ms, summed over loops) has run.
    void setStopAfter(std::optional<double> totalVirtualMs) { m_stopAfter = totalVirtualMs; }
    // The bounds on a run's work (SimulationOptions' maxCoreMemoryBytes,
    // maxEvents, maxEventsWithoutTime; the rest is ignored), from the next
    // run on. Passing one stops the run: see stopReason().
    void setRunBounds(const SimulationOptions& bounds) { m_bounds = bounds; }

    // --- commands ---
    void loadScenario(const Scenario& scenario);  // restarts at t = 0, keeps play/pause
    void play();
    void pause();
    void togglePlay();
    void stepEvent();              // reveals exactly one trace line
    void runToNextPauseOrDrain();  // reveals lines up to the next pause or drain
    void reset();                  // back to t = 0, keeps play/pause
    void restart();                // back to t = 0 and play
    void setSpeed(double speed);   // virtual ms per wall ms, clamped to [0.01, 1000]
    // A live timing edit: applies to the running simulation from the stage's
    // next step, and to the scenario (so Save and restart keep it).
    void applyTimingEdit(std::size_t stageIndex, const StageTiming& timing);
    // Advances virtual time by `ms` now, unpaced (looping if enabled), e.g.
    // for --screenshot. Emits frameAdvanced() once.
    void advanceBy(double ms);
    // One frame: advance virtual time to wall time x speed within the
    // budget, then emit frameAdvanced(). Called by the frame timer.
    void frame();

    // --- state, pulled by views ---
    [[nodiscard]] bool hasScenario() const { return m_simulation != nullptr; }
    [[nodiscard]] const Scenario& scenario() const { return m_scenario; }
    [[nodiscard]] bool isPlaying() const { return m_playing; }
    [[nodiscard]] double speed() const { return m_speed; }
    // The virtual clock shown (ms since this run's t = 0). While stepping, the
    // time of the revealed line.
    [[nodiscard]] double virtualNowMs() const { return m_clockMs; }
    // Virtual time run since the scenario was loaded, summed over loops.
    [[nodiscard]] double totalVirtualMs() const { return m_loopOffsetMs + m_clockMs; }
    // Virtual ms per wall ms actually achieved over the last second of play
    // (lower than speed() when the machine cannot keep up).
    [[nodiscard]] double achievedSpeed() const { return m_achievedSpeed; }
    [[nodiscard]] bool fallingBehind() const
    {
        return m_playing && m_achievedSpeed < m_speed * 0.9;
    }
    [[nodiscard]] bool ended() const;
    [[nodiscard]] Outcome outcome() const;
    [[nodiscard]] SimulationStats stats() const;
    // The run so far (at its end: the whole run), as bplab-cli summarises it.
    // While stepping it counts the lines of the last step not yet revealed.
    [[nodiscard]] RunSummary summary() const;
    [[nodiscard]] int loopCount() const { return m_loops; }
    // Changes whenever the run restarts (load, reset, loop): views drop caches.
    [[nodiscard]] std::uint64_t runGeneration() const { return m_generation; }

    // Every stage as displayed: at the revealed line while stepping, else now.
    [[nodiscard]] const std::vector<StageSnapshot>& stages() const { return m_stages; }
    // The whole trace of this run. Lines at index >= visibleTraceCount() were
    // produced by the last step but are not revealed yet: views show only
    // [0, visibleTraceCount()).
    [[nodiscard]] const TraceStore& trace() const { return m_trace; }
    [[nodiscard]] std::size_t visibleTraceCount() const
    {
        return m_trace.size() - m_pending.size();
    }
    // The line last revealed by stepping (nullptr while playing).
    [[nodiscard]] const SteppedLine* steppedLine() const
    {
        return m_revealed ? &*m_revealed : nullptr;
    }
    [[nodiscard]] const SampleHistory& samples() const { return m_history; }
    [[nodiscard]] std::vector<std::string> stageIds() const;
    // Wall time the last frame() took, views' work in frameAdvanced() included.
    [[nodiscard]] std::int64_t lastFrameWorkNs() const { return m_lastFrameWorkNs; }
    // How many times frame() has run.
    [[nodiscard]] std::uint64_t frameCount() const { return m_frameCount; }
    [[nodiscard]] const WallClock& wallClock() const { return *m_clock; }
    // Why the current run stopped before its end (a clock past 2^53-1, the
    // simulator's memory budget, a clock standing still with until_ms), or
    // empty. The run then counts as ended.
    [[nodiscard]] const std::string& stopReason() const { return m_stopReason; }

Q_SIGNALS:
    void frameAdvanced();   // new state to pull; at most once per frame
    void scenarioLoaded();  // a new scenario (stages may differ)
    void runRestarted();    // t = 0 again (reset, restart, loop)
    void playingChanged(bool playing);
    void speedChanged(double speed);
    void runEnded();     // the run ended and did not loop
    void stopReached();  // setStopAfter() reached

private:
    class Taps;
    friend class Taps;
    enum class Advance { CaughtUp, OutOfTime, Ended };

    void startRun();
    void anchor();
    Advance advanceTo(double targetMs, std::int64_t budgetNs);
    bool stepSimulation();
    std::string m_stopReason;
    SimulationOptions m_bounds;
    void onTrace(const TraceEvent& event);
    void onSample(const Sample& sample);
    void reveal(SteppedLine line);
    void dropPending();
    void refreshStages();
    void updateAchievedSpeed(std::int64_t wallNs);
    bool handleEnd();  // returns true if the run looped
    void setPlaying(bool playing);

    Scenario m_scenario;
    std::unique_ptr<Simulation> m_simulation;
    std::unique_ptr<Taps> m_taps;
    TraceStore m_trace;
    SampleHistory m_history;
    std::vector<StagePoint> m_pointScratch;
    std::vector<StageSnapshot> m_stages;

    // Stepping: the lines of the last step not yet revealed.
    std::deque<SteppedLine> m_pending;
    std::optional<SteppedLine> m_revealed;
    bool m_capture = false;    // record lines into m_pending
    bool m_captureAll = true;  // with a snapshot each
    bool m_searching = false;  // runToNextPauseOrDrain
    bool m_matchSeen = false;

    SteadyWallClock m_steadyClock;
    WallClock* m_clock = &m_steadyClock;
    QTimer m_timer;
    bool m_timerEnabled = true;
    bool m_started = false;  // the set-up task has run
    bool m_playing = false;
    bool m_looping = false;
    double m_speed = 1.0;
    double m_clockMs = 0.0;
    double m_loopOffsetMs = 0.0;
    std::int64_t m_anchorWallNs = 0;
    double m_anchorTotalMs = 0.0;  // totalVirtualMs() at m_anchorWallNs
    std::int64_t m_budgetNs = 5'000'000;
    std::optional<double> m_stopAfter;
    std::deque<std::pair<std::int64_t, double>> m_speedWindow;  // (wall ns, total virtual ms)
    double m_achievedSpeed = 0.0;
    std::uint64_t m_generation = 0;
    int m_loops = 0;
    std::int64_t m_lastFrameWorkNs = 0;
    std::uint64_t m_frameCount = 0;
};

}  // namespace bplab::ui
