#include "bplab_core/event_loop.h"

#include <cassert>
#include <utility>

namespace bplab {

EventLoop::TimerId EventLoop::setTimeout(std::int64_t delayMs, Task task)
{
    assert(delayMs >= 0);
    const TimerId id = m_nextSeq++;
    m_timers.push(Timer{m_now + delayMs, id, std::move(task)});
    return id;
}

void EventLoop::clearTimeout(TimerId id)
{
    m_cancelled.insert(id);
    dropCancelledFront();
}

void EventLoop::nextTick(Task task) { m_ticks.push_back(std::move(task)); }

void EventLoop::queueMicrotask(Task task) { m_microtasks.push_back(std::move(task)); }

void EventLoop::drain()
{
    // Node's processTicksAndRejections: all ticks (including those queued
    // meanwhile), then all microtasks, while ticks keep appearing.
    do {
        while (!m_ticks.empty()) {
            Task task = std::move(m_ticks.front());
            m_ticks.pop_front();
            task();
        }
        while (!m_microtasks.empty()) {
            Task task = std::move(m_microtasks.front());
            m_microtasks.pop_front();
            task();
        }
    } while (!m_ticks.empty());
}

void EventLoop::dropCancelledFront()
{
    while (!m_timers.empty() && !m_cancelled.empty()) {
        auto it = m_cancelled.find(m_timers.top().seq);
        if (it == m_cancelled.end()) {
            break;
        }
        m_cancelled.erase(it);
        m_timers.pop();
    }
}

bool EventLoop::step()
{
    dropCancelledFront();
    if (m_timers.empty()) {
        return false;
    }
    Task task = std::move(m_timers.top().task);
    m_now = m_timers.top().due;
    m_timers.pop();
    task();
    drain();
    dropCancelledFront();
    return true;
}

void EventLoop::run()
{
    while (step()) {
    }
}

void EventLoop::runUntil(std::int64_t t)
{
    for (;;) {
        const auto due = nextDue();
        if (!due || *due > t) {
            return;
        }
        step();
    }
}

std::optional<std::int64_t> EventLoop::nextDue() const
{
    if (m_timers.empty()) {
        return std::nullopt;
    }
    return m_timers.top().due;
}

bool EventLoop::hasTimers() const { return !m_timers.empty(); }

void EventLoop::clear()
{
    m_timers = {};
    m_cancelled.clear();
    m_ticks.clear();
    m_microtasks.clear();
}

}  // namespace bplab
