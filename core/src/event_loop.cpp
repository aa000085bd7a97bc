#include "bplab_core/event_loop.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace bplab {

// The timer heap's two operations, written out: a hole moves up or down and
// the new or last element is written once, where std::push_heap/pop_heap
// (sift to a leaf, then back up) move more 40-byte timers on the few-timer
// heaps a simulation keeps.
void EventLoop::heapPush(const Timer& timer)
{
    m_timers.push_back(timer);
    std::size_t hole = m_timers.size() - 1;
    while (hole > 0) {
        const std::size_t parent = (hole - 1) / 2;
        if (!later(m_timers[parent], timer)) {
            break;
        }
        m_timers[hole] = m_timers[parent];
        hole = parent;
    }
    m_timers[hole] = timer;
}

EventLoop::Timer EventLoop::heapPop()
{
    const Timer first = m_timers.front();
    const Timer last = m_timers.back();
    m_timers.pop_back();
    const std::size_t n = m_timers.size();
    if (n > 0) {
        std::size_t hole = 0;
        for (;;) {
            std::size_t child = 2 * hole + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && later(m_timers[child], m_timers[child + 1])) {
                ++child;
            }
            if (!later(last, m_timers[child])) {
                break;
            }
            m_timers[hole] = m_timers[child];
            hole = child;
        }
        m_timers[hole] = last;
    }
    return first;
}

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
    if (delayMs > std::numeric_limits<std::int64_t>::max() - m_now) [[unlikely]] {
        throw std::range_error("a timer " + std::to_string(delayMs) + " ms after t = " +
                               std::to_string(m_now) + " ms is beyond the clock's range");
    }
    const TimerId id = m_nextSeq++;
    heapPush(Timer{m_now + delayMs, id, park(std::move(task))});
    return id;
}

EventLoop::TimerId EventLoop::setTimeout(std::int64_t delayMs, TaskFn fn, void* ctx)
{
    assert(delayMs >= 0);
    if (delayMs > std::numeric_limits<std::int64_t>::max() - m_now) [[unlikely]] {
        throw std::range_error("a timer " + std::to_string(delayMs) + " ms after t = " +
                               std::to_string(m_now) + " ms is beyond the clock's range");
    }
    assert(fn != nullptr);
    const TimerId id = m_nextSeq++;
    heapPush(Timer{m_now + delayMs, id, Call{fn, ctx, 0}});
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
    const Call call = heapPop().call;
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
    const Timer timer = heapPop();
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
