#include "bplab_ui/simulation_controller.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

namespace bplab::ui {

// The controller's trace and sample sinks, kept out of its public interface.
class SimulationController::Taps final : public TraceSink, public SampleSink {
public:
    explicit Taps(SimulationController& owner) : m_owner(owner) {}
    void record(const TraceEvent& event) override { m_owner.onTrace(event); }
    void sample(const Sample& sample) override { m_owner.onSample(sample); }

private:
    SimulationController& m_owner;
};

namespace {

constexpr double kMinSpeed = 0.01;
constexpr double kMaxSpeed = 1000.0;

bool isPauseOrDrain(EventKind kind)
{
    return kind == EventKind::Pause || kind == EventKind::Drain;
}

}  // namespace

SimulationController::SimulationController(QObject* parent)
    : QObject(parent), m_taps(std::make_unique<Taps>(*this))
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(16);
    connect(&m_timer, &QTimer::timeout, this, &SimulationController::frame);
}

SimulationController::~SimulationController()
{
    m_simulation.reset();  // before the taps it calls into
}

void SimulationController::setWallClock(WallClock* clock)
{
    m_clock = clock != nullptr ? clock : &m_steadyClock;
    anchor();
}

void SimulationController::setFrameTimerEnabled(bool enabled)
{
    m_timerEnabled = enabled;
    if (!enabled) {
        m_timer.stop();
    } else if (m_playing) {
        m_timer.start();
    }
}

void SimulationController::setFrameIntervalMs(int ms)
{
    m_timer.setInterval(std::max(1, ms));
}

void SimulationController::loadScenario(const Scenario& scenario)
{
    m_scenario = scenario;
    m_loopOffsetMs = 0.0;
    m_loops = 0;
    startRun();
    anchor();
    Q_EMIT scenarioLoaded();
    Q_EMIT frameAdvanced();
}

void SimulationController::startRun()
{
    m_simulation.reset();
    m_stopReason.clear();
    m_trace.clear();
    m_pending.clear();
    m_revealed.reset();
    m_capture = false;
    m_started = false;
    m_clockMs = 0.0;
    m_speedWindow.clear();
    m_history.reset(m_scenario.stages.size());
    SimulationOptions options;
    options.sampleEveryMs = 10;
    options.maxCoreMemoryBytes = m_bounds.maxCoreMemoryBytes;
    options.maxEvents = m_bounds.maxEvents;
    options.maxEventsWithoutTime = m_bounds.maxEventsWithoutTime;
    m_simulation = std::make_unique<Simulation>(m_scenario, options);
    m_simulation->addTraceSink(m_taps.get());
    m_simulation->addSampleSink(m_taps.get());
    ++m_generation;
    refreshStages();
    Q_EMIT runRestarted();
}

void SimulationController::anchor()
{
    m_anchorWallNs = m_clock->nowNs();
    m_anchorTotalMs = totalVirtualMs();
}

void SimulationController::setPlaying(bool playing)
{
    if (playing == m_playing) {
        return;
    }
    m_playing = playing;
    m_speedWindow.clear();
    if (playing) {
        m_achievedSpeed = m_speed;  // until a second of play has been measured
        anchor();
        if (m_timerEnabled) {
            m_timer.start();
        }
    } else {
        m_timer.stop();
    }
    Q_EMIT playingChanged(playing);
}

void SimulationController::play()
{
    if (!m_simulation) {
        return;
    }
    if (m_simulation->ended() && m_started && !m_looping) {
        startRun();  // playing an ended run plays it again
    }
    if (!m_pending.empty() || m_revealed) {
        // Leave stepping: what the last step produced is shown at once.
        dropPending();
        m_clockMs = std::max(m_clockMs, static_cast<double>(m_simulation->now()));
        refreshStages();
    }
    setPlaying(true);
}

void SimulationController::pause()
{
    setPlaying(false);
    Q_EMIT frameAdvanced();
}

void SimulationController::togglePlay()
{
    if (m_playing) {
        pause();
    } else {
        play();
    }
}

void SimulationController::reset()
{
    if (!m_simulation) {
        return;
    }
    m_loopOffsetMs = 0.0;
    m_loops = 0;
    startRun();
    anchor();
    Q_EMIT frameAdvanced();
}

void SimulationController::restart()
{
    reset();
    play();
}

void SimulationController::setSpeed(double speed)
{
    speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    if (speed == m_speed) {
        return;
    }
    anchor();  // the new speed applies from now on, the past stays
    m_speed = speed;
    m_speedWindow.clear();
    Q_EMIT speedChanged(speed);
}

void SimulationController::applyTimingEdit(std::size_t stageIndex, const StageTiming& timing)
{
    if (!m_simulation || stageIndex >= m_scenario.stages.size()) {
        return;
    }
    m_simulation->setStageTiming(stageIndex, timing);
    Stage& stage = m_scenario.stages[stageIndex];
    stage.intervalMs = timing.intervalMs;
    stage.delayMs = timing.delayMs;
    stage.perKibMs = timing.perKibMs;
    stage.jitter = timing.jitter;
    stage.ratio = timing.ratio;
    stage.split = timing.split;
}

bool SimulationController::ended() const
{
    return m_simulation == nullptr || (m_started && m_simulation->ended());
}

Outcome SimulationController::outcome() const
{
    return m_simulation != nullptr && m_started ? m_simulation->outcome() : Outcome::Running;
}

SimulationStats SimulationController::stats() const
{
    return m_simulation != nullptr ? m_simulation->stats() : SimulationStats{};
}

RunSummary SimulationController::summary() const
{
    if (m_simulation == nullptr) {
        return {};
    }
    std::vector<StageSnapshot> now;
    m_simulation->snapshot(now);
    if (now.empty()) {
        return {};
    }
    return summarizeRun(m_simulation->stats(), now.back(), m_simulation->now(), outcome());
}

std::vector<std::string> SimulationController::stageIds() const
{
    std::vector<std::string> ids;
    ids.reserve(m_scenario.stages.size());
    for (const Stage& stage : m_scenario.stages) {
        ids.push_back(stage.id);
    }
    return ids;
}

bool SimulationController::stepSimulation()
{
    bool more = false;
    try {
        more = m_simulation->step();
    } catch (const RunStopped& stopped) {
        m_stopReason = stopped.what();  // the simulation has ended
    }
    m_started = true;
    return more;
}

SimulationController::Advance SimulationController::advanceTo(double targetMs,
                                                              std::int64_t budgetNs)
{
    QElapsedTimer budget;
    budget.start();
    int sinceCheck = 0;
    while (true) {
        if (m_started && m_simulation->ended()) {
            return Advance::Ended;
        }
        if (m_started) {
            const std::optional<std::int64_t> due = m_simulation->nextDue();
            if (due && static_cast<double>(*due) > targetMs) {
                return Advance::CaughtUp;
            }
        }
        stepSimulation();  // no timer due: writes the final line and ends
        if (budgetNs > 0 && ++sinceCheck >= 16) {
            sinceCheck = 0;
            if (budget.nsecsElapsed() > budgetNs) {
                return Advance::OutOfTime;
            }
        }
    }
}

bool SimulationController::handleEnd()
{
    // A run that ended at t = 0 still counts 1 ms, so looping always moves on.
    const double endMs = std::max(m_clockMs, static_cast<double>(m_simulation->now()));
    m_clockMs = endMs;
    if (!m_looping) {
        return false;
    }
    m_loopOffsetMs += std::max(endMs, 1.0);
    ++m_loops;
    startRun();
    return true;
}

void SimulationController::frame()
{
    if (!m_simulation || !m_playing) {
        return;
    }
    QElapsedTimer work;
    work.start();
    ++m_frameCount;
    const std::int64_t wallNs = m_clock->nowNs();
    // Virtual time summed over loops, so that a loop inside a frame loses
    // nothing: the next run goes on from where the last one ended.
    double targetTotal =
        m_anchorTotalMs + static_cast<double>(wallNs - m_anchorWallNs) / 1e6 * m_speed;
    if (m_stopAfter) {
        targetTotal = std::min(targetTotal, *m_stopAfter);
    }
    bool endedRun = false;
    for (int runs = 0;; ++runs) {
        const double target = targetTotal - m_loopOffsetMs;
        const std::int64_t budgetLeft = std::max<std::int64_t>(1, m_budgetNs - work.nsecsElapsed());
        const Advance result = advanceTo(target, budgetLeft);
        if (result == Advance::CaughtUp) {
            m_clockMs = std::max(m_clockMs, target);
            break;
        }
        if (result == Advance::OutOfTime) {
            // Behind: show where the simulation is and drop the backlog, so
            // a slow machine runs slower instead of piling up work.
            m_clockMs = std::max(m_clockMs, static_cast<double>(m_simulation->now()));
            anchor();
            break;
        }
        const double endMs = std::max(m_clockMs, static_cast<double>(m_simulation->now()));
        if ((m_stopAfter && m_loopOffsetMs + endMs >= *m_stopAfter - 1e-9) || !m_looping) {
            m_clockMs = endMs;  // show the end
            endedRun = !m_looping;
            break;
        }
        handleEnd();
        if (runs > 10000 || work.nsecsElapsed() > m_budgetNs) {
            anchor();
            break;
        }
    }
    refreshStages();
    updateAchievedSpeed(wallNs);
    const bool stopped = !endedRun && m_stopAfter && totalVirtualMs() >= *m_stopAfter - 1e-9;
    if (endedRun || stopped) {
        setPlaying(false);
    }
    Q_EMIT frameAdvanced();
    m_lastFrameWorkNs = work.nsecsElapsed();
    if (endedRun) {
        Q_EMIT runEnded();
    } else if (stopped) {
        Q_EMIT stopReached();
    }
}

void SimulationController::advanceBy(double ms)
{
    if (!m_simulation) {
        return;
    }
    dropPending();
    double remaining = ms;
    int guard = 0;
    while (remaining > 0.0 && guard++ < 100000) {
        const double target = m_clockMs + remaining;
        const Advance result = advanceTo(target, 0);
        if (result == Advance::Ended) {
            const double before = m_clockMs;
            const double runMs = std::max(static_cast<double>(m_simulation->now()), before);
            remaining -= std::max(runMs - before, 0.0);
            if (remaining <= 1e-9) {
                m_clockMs = runMs;  // ended right at the time asked for: show the end
                break;
            }
            if (!handleEnd()) {
                break;
            }
            remaining -= std::max(0.0, 1.0 - runMs);  // the 1 ms minimum of a loop
        } else {
            m_clockMs = target;
            remaining = 0.0;
        }
    }
    refreshStages();
    Q_EMIT frameAdvanced();
}

void SimulationController::stepEvent()
{
    if (!m_simulation) {
        return;
    }
    setPlaying(false);
    if (m_pending.empty()) {
        m_capture = true;
        m_captureAll = true;
        while (m_pending.empty() && !(m_started && m_simulation->ended())) {
            stepSimulation();
        }
        m_capture = false;
    }
    if (!m_pending.empty()) {
        SteppedLine line = std::move(m_pending.front());
        m_pending.pop_front();
        reveal(std::move(line));
    }
    Q_EMIT frameAdvanced();
}

void SimulationController::runToNextPauseOrDrain()
{
    if (!m_simulation) {
        return;
    }
    setPlaying(false);
    // First among the lines already produced.
    while (!m_pending.empty()) {
        SteppedLine line = std::move(m_pending.front());
        m_pending.pop_front();
        const bool match = isPauseOrDrain(line.event.kind);
        reveal(std::move(line));
        if (match) {
            Q_EMIT frameAdvanced();
            return;
        }
    }
    // Then step on, snapshotting only from the matching line on.
    QElapsedTimer budget;
    budget.start();
    m_capture = true;
    m_captureAll = false;
    m_searching = true;
    m_matchSeen = false;
    while (!(m_started && m_simulation->ended()) && budget.elapsed() < 2000) {
        stepSimulation();
        if (m_matchSeen) {
            break;
        }
        m_pending.clear();  // nothing to stop at in this step: shown as passed
    }
    m_capture = false;
    m_searching = false;
    m_captureAll = true;
    if (m_matchSeen) {
        while (!m_pending.empty() && !isPauseOrDrain(m_pending.front().event.kind)) {
            m_pending.pop_front();
        }
    }
    if (!m_pending.empty()) {
        SteppedLine line = std::move(m_pending.front());
        m_pending.pop_front();
        reveal(std::move(line));
    } else {
        m_revealed.reset();
        m_clockMs = std::max(m_clockMs, static_cast<double>(m_simulation->now()));
        refreshStages();
    }
    Q_EMIT frameAdvanced();
}

void SimulationController::reveal(SteppedLine line)
{
    m_revealed = std::move(line);
    m_revealed->event.message = m_revealed->message;
    m_clockMs = static_cast<double>(m_revealed->event.t);
    if (!m_revealed->stages.empty()) {
        m_stages = m_revealed->stages;
    } else {
        refreshStages();
    }
}

void SimulationController::dropPending()
{
    m_pending.clear();
    m_revealed.reset();
}

void SimulationController::refreshStages()
{
    if (m_simulation) {
        m_simulation->snapshot(m_stages);
    } else {
        m_stages.clear();
    }
    if (m_stages.size() != m_scenario.stages.size()) {
        // Before the set-up task (or with a simulation that has nothing yet),
        // show empty stages so that every view can rely on the count.
        m_stages.assign(m_scenario.stages.size(), StageSnapshot{});
    }
}

void SimulationController::onTrace(const TraceEvent& event)
{
    m_trace.record(event);
    if (!m_capture) {
        return;
    }
    SteppedLine line;
    line.event = event;
    line.message = std::string(event.message);
    const bool match = m_searching && isPauseOrDrain(event.kind);
    if (match) {
        m_matchSeen = true;
    }
    if (m_captureAll || m_matchSeen) {
        m_simulation->snapshot(line.stages);
    }
    m_pending.push_back(std::move(line));
}

void SimulationController::onSample(const Sample& sample)
{
    toStagePoints(m_scenario, sample.stages, m_pointScratch);
    m_history.append(sample.t, m_pointScratch);
}

void SimulationController::updateAchievedSpeed(std::int64_t wallNs)
{
    const double total = totalVirtualMs();
    m_speedWindow.emplace_back(wallNs, total);
    while (m_speedWindow.size() > 2 && wallNs - m_speedWindow.front().first > 1'000'000'000) {
        m_speedWindow.pop_front();
    }
    const auto& [firstWall, firstTotal] = m_speedWindow.front();
    const double wallMs = static_cast<double>(wallNs - firstWall) / 1e6;
    m_achievedSpeed = wallMs > 0.0 ? (total - firstTotal) / wallMs : m_speed;
}

}  // namespace bplab::ui
