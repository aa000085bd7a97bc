#pragma once

#include <QObject>
#include <QTimer>

#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "bplab_ui/wall_clock.h"

namespace bplab::ui {

class Run;

// One wall clock and one speed driving one or more Runs: while playing, a
// frame timer (16 ms) computes the target virtual time as anchor + wall
// elapsed x speed and advances every run to it (Run::advanceTo), within a
// budget of wall time; then emits frameAdvanced() once. Past the budget the
// backlog is dropped (the run goes slower, the window stays responsive).
//
// A run moved by hand (a step, the scrubber, a jump) pauses the player;
// playing again goes on from that run's cursor, through the recorded run.
// When every run is at its end: pause, or, when looping, back to t = 0.
//
// GUI thread only. Runs are not owned and must outlive the player or be
// removed.
class Player final : public QObject {
    Q_OBJECT
public:
    explicit Player(QObject* parent = nullptr);

    void addRun(Run* run);
    void removeRun(Run* run);
    [[nodiscard]] const std::vector<Run*>& runs() const { return m_runs; }

    // Not owned; nullptr restores the steady clock.
    void setWallClock(WallClock* clock);
    [[nodiscard]] const WallClock& wallClock() const { return *m_clock; }
    // The frame timer drives frame() while playing; tests turn it off and
    // call frame() themselves.
    void setFrameTimerEnabled(bool enabled);
    void setFrameIntervalMs(int ms);
    // Wall time a frame may spend simulating; the rest is for drawing.
    void setFrameBudgetMs(double ms) { m_budgetNs = static_cast<std::int64_t>(ms * 1e6); }
    void setLooping(bool looping) { m_looping = looping; }
    [[nodiscard]] bool looping() const { return m_looping; }
    // Pause once this much virtual time (ms, summed over loops) has run.
    void setStopAfter(std::optional<double> totalVirtualMs) { m_stopAfter = totalVirtualMs; }

    void play();
    void pause();
    void togglePlay();
    void setSpeed(double speed);  // virtual ms per wall ms, clamped to [0.01, 1000]
    // Advances every run by `ms` of virtual time now, unpaced (looping if
    // enabled), e.g. for --run-for with --screenshot. Emits frameAdvanced().
    void advanceBy(double ms);
    // One frame (the timer's slot).
    void frame();

    [[nodiscard]] bool isPlaying() const { return m_playing; }
    [[nodiscard]] double speed() const { return m_speed; }
    // Virtual time of the first run's cursor (ms).
    [[nodiscard]] double virtualNowMs() const;
    // Virtual time run since playing began, summed over loops.
    [[nodiscard]] double totalVirtualMs() const { return m_loopOffsetMs + m_clockMs; }
    [[nodiscard]] double achievedSpeed() const { return m_achievedSpeed; }
    [[nodiscard]] bool fallingBehind() const
    {
        return m_playing && m_achievedSpeed < m_speed * 0.9;
    }
    [[nodiscard]] int loopCount() const { return m_loops; }
    [[nodiscard]] std::int64_t lastFrameWorkNs() const { return m_lastFrameWorkNs; }
    [[nodiscard]] std::uint64_t frameCount() const { return m_frameCount; }

Q_SIGNALS:
    void frameAdvanced();  // new state to pull; at most once per frame
    void playingChanged(bool playing);
    void speedChanged(double speed);
    void runEnded();     // every run at its end, not looping
    void stopReached();  // setStopAfter() reached
    void looped();       // back to t = 0

private:
    void anchor();
    void setPlaying(bool playing);
    bool allAtEnd() const;
    void loop();
    // Advances every run towards `target` (virtual ms) within budgetNs
    // (0: no limit); returns whether it got there.
    bool advanceRuns(double target, std::int64_t budgetNs);
    void onRunJumped();
    void updateAchievedSpeed(std::int64_t wallNs);

    std::vector<Run*> m_runs;
    SteadyWallClock m_steadyClock;
    WallClock* m_clock = &m_steadyClock;
    QTimer m_timer;
    bool m_timerEnabled = true;
    bool m_playing = false;
    bool m_looping = false;
    bool m_advancing = false;  // our own advanceTo(): not a jump
    double m_speed = 1.0;
    double m_clockMs = 0.0;  // the runs' clock, this loop
    double m_loopOffsetMs = 0.0;
    std::int64_t m_anchorWallNs = 0;
    double m_anchorMs = 0.0;
    std::int64_t m_budgetNs = 8'000'000;
    std::optional<double> m_stopAfter;
    std::deque<std::pair<std::int64_t, double>> m_speedWindow;  // (wall ns, total virtual ms)
    double m_achievedSpeed = 0.0;
    int m_loops = 0;
    std::int64_t m_lastFrameWorkNs = 0;
    std::uint64_t m_frameCount = 0;
};

}  // namespace bplab::ui
