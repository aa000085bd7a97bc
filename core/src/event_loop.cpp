#include "bplab_core/event_loop.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace bplab {

EventLoop::Call EventLoop::park(Task task)
{
    Call call;
    if (m_freeSlots.empty()) {
        call.slot = static_cast<std::uint32_t>(m_closures.size());
        m_closures.push_back(std::move(task));
    } else {
        call.slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        m_closures[call.slot] = std::move(task);
    }
    return call;
}

// The call is already off its queue: a throwing task leaves the loop consistent.
void EventLoop::invoke(const Call& call)
{
    if (call.fn != nullptr) {
        call.fn(call.ctx);
        return;
    }
    Task task = std::move(m_closures[call.slot]);
    m_closures[call.slot] = nullptr;
    m_freeSlots.push_back(call.slot);
    task();
}

EventLoop::TimerId EventLoop::setTimeout(std::int64_t delayMs, Task task)
{
    assert(delayMs >= 0);
    const TimerId id = m_nextSeq++;
    m_timers.push_back(Timer{m_now + delayMs, id, park(std::move(task))});
    std::push_heap(m_timers.begin(), m_timers.end(), &later);
    return id;
}

EventLoop::TimerId EventLoop::setTimeout(std::int64_t delayMs, TaskFn fn, void* ctx)
{
    assert(delayMs >= 0);
    assert(fn != nullptr);
    const TimerId id = m_nextSeq++;
    m_timers.push_back(Timer{m_now + delayMs, id, Call{fn, ctx, 0}});
    std::push_heap(m_timers.begin(), m_timers.end(), &later);
    return id;
}

void EventLoop::clearTimeout(TimerId id)
{
    m_cancelled.insert(id);
    dropCancelledFront();
}

void EventLoop::nextTick(Task task)
{
    m_ticks.push_back(park(std::move(task)));
}

void EventLoop::nextTick(TaskFn fn, void* ctx)
{
    assert(fn != nullptr);
    m_ticks.push_back(Call{fn, ctx, 0});
}

void EventLoop::queueMicrotask(Task task)
{
    m_microtasks.push_back(park(std::move(task)));
}

void EventLoop::drain()
{
    // Node's processTicksAndRejections: all ticks (including those queued
    // meanwhile), then all microtasks, while ticks keep appearing.
    do {
        while (!m_ticks.empty()) {
            const Call call = m_ticks.front();
            m_ticks.pop_front();
            invoke(call);
        }
        while (!m_microtasks.empty()) {
            const Call call = m_microtasks.front();
            m_microtasks.pop_front();
            invoke(call);
        }
    } while (!m_ticks.empty());
}

// Removes the first timer; a parked closure it holds is dropped.
void EventLoop::popFront()
{
    std::pop_heap(m_timers.begin(), m_timers.end(), &later);
    const Call call = m_timers.back().call;
    m_timers.pop_back();
    if (call.fn == nullptr) {
        m_closures[call.slot] = nullptr;
        m_freeSlots.push_back(call.slot);
    }
}

void EventLoop::dropCancelledFront()
{
    // Nothing cancelled is the common case: one test, no hashing.
    while (!m_cancelled.empty() && !m_timers.empty()) {
        auto it = m_cancelled.find(m_timers.front().seq);
        if (it == m_cancelled.end()) {
            break;
        }
        m_cancelled.erase(it);
        popFront();
    }
}

bool EventLoop::step()
{
    if (!m_cancelled.empty()) {
        dropCancelledFront();
    }
    if (m_timers.empty()) {
        return false;
    }
    std::pop_heap(m_timers.begin(), m_timers.end(), &later);
    const Timer timer = m_timers.back();
    m_timers.pop_back();
    m_now = timer.due;
    invoke(timer.call);
    drain();
    if (!m_cancelled.empty()) {
        dropCancelledFront();
    }
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
    return m_timers.front().due;
}

bool EventLoop::hasTimers() const
{
    return !m_timers.empty();
}

void EventLoop::clear()
{
    m_timers.clear();
    m_cancelled.clear();
    m_ticks.clear();
    m_microtasks.clear();
    m_closures.clear();
    m_freeSlots.clear();
}

}  // namespace bplab
