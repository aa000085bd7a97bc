#pragma once

#include <QElapsedTimer>

#include <cmath>
#include <cstdint>

namespace bplab::ui {

// Where the Player reads wall time to pace virtual time. Injectable
// so that tests can move time by hand instead of sleeping.
class WallClock {
public:
    virtual ~WallClock() = default;
    // Monotonic wall time, nanoseconds since an arbitrary origin.
    [[nodiscard]] virtual std::int64_t nowNs() const = 0;
};

class SteadyWallClock final : public WallClock {
public:
    SteadyWallClock() { m_timer.start(); }
    [[nodiscard]] std::int64_t nowNs() const override { return m_timer.nsecsElapsed(); }

private:
    QElapsedTimer m_timer;
};

// A clock that moves only when told to.
class ManualWallClock final : public WallClock {
public:
    [[nodiscard]] std::int64_t nowNs() const override { return m_ns; }
    void advanceMs(double ms) { m_ns += std::llround(ms * 1e6); }

private:
    std::int64_t m_ns = 0;
};

}  // namespace bplab::ui
