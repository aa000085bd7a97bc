#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <queue>
#include <unordered_set>
#include <vector>

namespace bplab {

// The virtual event loop of scenario-v1 section 5.
//
// Single-threaded: every call, and every task it runs, happens on the thread
// that owns the loop. Time is an integer number of virtual milliseconds and only
// moves when a timer is taken from the queue.
//
// Timers run in (due time, creation order). After every timer (and after the
// set-up task, which the owner runs itself and then calls drain()) the
// nextTick queue is drained to empty, then the microtask queue, repeated until
// both are empty: the order of Node's processTicksAndRejections.
//
// The loop is exception-neutral: a task that throws leaves the loop consistent
// (the task is already dequeued) and the exception reaches the caller of
// step()/run()/runUntil()/drain().
class EventLoop {
public:
    using Task = std::function<void()>;
    using TimerId = std::uint64_t;

    // Due at now() + delayMs; delayMs >= 0 (0 = due now, after what is queued
    // for the same time).
    TimerId setTimeout(std::int64_t delayMs, Task task);
    void clearTimeout(TimerId id);
    void nextTick(Task task);
    void queueMicrotask(Task task);

    // Runs ticks then microtasks until neither queue has anything left.
    void drain();

    // Takes the first timer, sets now() to its due time, runs it, drains.
    // Returns false (and does nothing) when no timer is queued.
    bool step();
    // step() until no timer is left.
    void run();
    // step() while the first timer is due at or before t.
    void runUntil(std::int64_t t);

    [[nodiscard]] std::int64_t now() const { return m_now; }
    // Due time of the first timer, if any.
    [[nodiscard]] std::optional<std::int64_t> nextDue() const;
    [[nodiscard]] bool hasTimers() const;

    // Forgets every queued timer, tick and microtask (the process exited).
    void clear();

private:
    struct Timer {
        std::int64_t due;
        std::uint64_t seq;
        mutable Task task;
        bool operator>(const Timer& other) const
        {
            return due != other.due ? due > other.due : seq > other.seq;
        }
    };
    void dropCancelledFront();

    std::int64_t m_now = 0;
    std::uint64_t m_nextSeq = 1;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
    std::unordered_set<TimerId> m_cancelled;
    std::deque<Task> m_ticks;
    std::deque<Task> m_microtasks;
};

}  // namespace bplab
