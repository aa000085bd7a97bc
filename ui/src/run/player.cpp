#include "bplab_ui/run/player.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

#include "bplab_ui/run/run.h"

namespace bplab::ui {

namespace {

constexpr double kMinSpeed = 0.01;
constexpr double kMaxSpeed = 1000.0;
// A frame's advance is cut into this many seeks, so the budget is checked
// between them.
constexpr int kSlices = 4;

}  // namespace

Player::Player(QObject* parent) : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(16);
    connect(&m_timer, &QTimer::timeout, this, &Player::frame);
}

void Player::addRun(Run* run)
{
    if (run == nullptr || std::find(m_runs.begin(), m_runs.end(), run) != m_runs.end()) {
        return;
    }
    m_runs.push_back(run);
    connect(run, &Run::jumped, this, &Player::onRunJumped);
    connect(run, &Run::loaded, this, [this] {
        if (!m_advancing) {
            m_clockMs = virtualNowMs();
            m_loopOffsetMs = 0.0;
            m_loops = 0;
            anchor();
        }
    });
}

void Player::removeRun(Run* run)
{
    disconnect(run, nullptr, this, nullptr);
    m_runs.erase(std::remove(m_runs.begin(), m_runs.end(), run), m_runs.end());
}

void Player::setWallClock(WallClock* clock)
{
    m_clock = clock != nullptr ? clock : &m_steadyClock;
    anchor();
}

void Player::setFrameTimerEnabled(bool enabled)
{
    m_timerEnabled = enabled;
    if (!enabled) {
        m_timer.stop();
    } else if (m_playing) {
        m_timer.start();
    }
}

void Player::setFrameIntervalMs(int ms)
{
    m_timer.setInterval(std::max(1, ms));
}

double Player::virtualNowMs() const
{
    return m_runs.empty() ? 0.0 : static_cast<double>(m_runs.front()->cursorTime());
}

void Player::anchor()
{
    m_anchorWallNs = m_clock->nowNs();
    m_anchorMs = m_clockMs;
}

void Player::setPlaying(bool playing)
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

bool Player::allAtEnd() const
{
    return std::all_of(m_runs.begin(), m_runs.end(), [](const Run* r) { return r->atEnd(); });
}

void Player::loop()
{
    const double end = std::max(m_clockMs, 1.0);  // a run ended at t = 0 still counts 1 ms
    m_loopOffsetMs += end;
    ++m_loops;
    m_clockMs = 0.0;
    m_advancing = true;
    for (Run* run : m_runs) {
        run->advanceTo(0);
    }
    m_advancing = false;
    m_anchorMs -= end;  // the wall clock goes on: what the frame still owes stays owed
    Q_EMIT looped();
}

void Player::play()
{
    if (m_runs.empty()) {
        return;
    }
    if (allAtEnd() && !m_looping) {
        // Playing an ended run plays it again, from the recording.
        m_advancing = true;
        for (Run* run : m_runs) {
            run->advanceTo(0);
        }
        m_advancing = false;
        m_loopOffsetMs = 0.0;
        m_loops = 0;
    }
    m_clockMs = virtualNowMs();
    setPlaying(true);
}

void Player::pause()
{
    setPlaying(false);
    Q_EMIT frameAdvanced();
}

void Player::togglePlay()
{
    if (m_playing) {
        pause();
    } else {
        play();
    }
}

void Player::setSpeed(double speed)
{
    speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    if (speed == m_speed) {
        return;
    }
    anchor();  // the new speed applies from now on
    m_speed = speed;
    m_speedWindow.clear();
    Q_EMIT speedChanged(speed);
}

void Player::onRunJumped()
{
    if (m_advancing) {
        return;
    }
    setPlaying(false);
    m_clockMs = virtualNowMs();
    anchor();
    Q_EMIT frameAdvanced();
}

bool Player::advanceRuns(double target, std::int64_t budgetNs)
{
    QElapsedTimer work;
    work.start();
    const double from = m_clockMs;
    const double slice = std::max(1.0, std::ceil((target - from) / kSlices));
    double at = from;
    m_advancing = true;
    bool reached = true;
    while (at < target) {
        at = std::min(target, at + slice);
        const auto t = static_cast<std::int64_t>(std::floor(at));
        for (Run* run : m_runs) {
            if (!run->atEnd()) {
                run->advanceTo(t);
            }
        }
        m_clockMs = at;
        if (allAtEnd()) {
            break;
        }
        if (budgetNs > 0 && at < target && work.nsecsElapsed() > budgetNs) {
            reached = false;
            break;
        }
    }
    m_advancing = false;
    if (allAtEnd()) {
        // Show the end: the clock stops where the last run stopped.
        double end = 0.0;
        for (const Run* run : m_runs) {
            end = std::max(end, static_cast<double>(run->cursorTime()));
        }
        m_clockMs = std::min(m_clockMs, std::max(end, from));
    }
    return reached;
}

void Player::frame()
{
    if (m_runs.empty() || !m_playing) {
        return;
    }
    QElapsedTimer work;
    work.start();
    ++m_frameCount;
    const std::int64_t wallNs = m_clock->nowNs();
    double target = m_anchorMs + static_cast<double>(wallNs - m_anchorWallNs) / 1e6 * m_speed;
    if (m_stopAfter) {
        target = std::min(target, *m_stopAfter - m_loopOffsetMs);
    }
    bool endedRun = false;
    for (int loops = 0; loops < 10000; ++loops) {
        const std::int64_t budgetLeft = std::max<std::int64_t>(1, m_budgetNs - work.nsecsElapsed());
        if (!advanceRuns(target, budgetLeft)) {
            anchor();  // behind: drop the backlog
            break;
        }
        if (!allAtEnd()) {
            break;
        }
        const bool stopHere = m_stopAfter && totalVirtualMs() >= *m_stopAfter - 1e-9;
        if (!m_looping || stopHere) {
            endedRun = !m_looping;
            break;
        }
        const double consumed = std::max(m_clockMs, 1.0);
        loop();
        target -= consumed;
        if (work.nsecsElapsed() > m_budgetNs) {
            anchor();
            break;
        }
    }
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

void Player::advanceBy(double ms)
{
    if (m_runs.empty()) {
        return;
    }
    m_clockMs = virtualNowMs();
    double remaining = ms;
    for (int guard = 0; remaining > 1e-9 && guard < 100000; ++guard) {
        const double before = m_clockMs;
        advanceRuns(before + remaining, 0);
        remaining -= m_clockMs - before;
        if (remaining <= 1e-9 || !allAtEnd() || !m_looping) {
            break;
        }
        remaining -= std::max(0.0, 1.0 - m_clockMs);  // the 1 ms minimum of a loop
        loop();
    }
    anchor();
    Q_EMIT frameAdvanced();
}

void Player::updateAchievedSpeed(std::int64_t wallNs)
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
