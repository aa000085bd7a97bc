#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
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
    // A task without a closure: fn(ctx). Queued by value, no allocation; the
    // owner of ctx keeps it alive until the task has run or the loop is cleared.
    using TaskFn = void (*)(void* ctx);

    // Due at now() + delayMs; delayMs >= 0 (0 = due now, after what is queued
    // for the same time).
    TimerId setTimeout(std::int64_t delayMs, Task task);
    void clearTimeout(TimerId id);
    void nextTick(Task task);
    void queueMicrotask(Task task);

    // The same, for a plain function and its context: the simulation's hot
    // paths, which would otherwise wrap `this` in a std::function each time.
    TimerId setTimeout(std::int64_t delayMs, TaskFn fn, void* ctx);
    void nextTick(TaskFn fn, void* ctx);
    // object->Method() as a task, e.g. loop.nextTick<&Stream::resume_>(this).
    template <auto Method, typename T>
    TimerId setTimeout(std::int64_t delayMs, T* object)
    {
        return setTimeout(delayMs, &callMember<Method, T>, object);
    }
    template <auto Method, typename T>
    void nextTick(T* object)
    {
        nextTick(&callMember<Method, T>, object);
    }

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
    template <auto Method, typename T>
    static void callMember(void* object)
    {
        (static_cast<T*>(object)->*Method)();
    }

    // A queued task: fn(ctx), or, when fn is null, the std::function parked
    // in m_closures[slot]. Trivially copyable, so the heap and the queues
    // move 32 bytes, never a std::function.
    struct Call {
        TaskFn fn = nullptr;
        void* ctx = nullptr;
        std::uint32_t slot = 0;
    };
    struct Timer {
        std::int64_t due;
        std::uint64_t seq;
        Call call;
    };
    // Heap order: the greatest first, so "greater" is "later".
    static bool later(const Timer& a, const Timer& b)
    {
        return a.due != b.due ? a.due > b.due : a.seq > b.seq;
    }
    void heapPush(const Timer& timer);
    Timer heapPop();  // the first timer; the heap is not empty
    Call park(Task task);
    void invoke(const Call& call);
    void popFront();
    void dropCancelledFront();

    std::int64_t m_now = 0;
    std::uint64_t m_nextSeq = 1;
    std::vector<Timer> m_timers;  // a binary heap by (due, seq)
    std::unordered_set<TimerId> m_cancelled;
    std::deque<Call> m_ticks;
    std::deque<Call> m_microtasks;
    std::vector<Task> m_closures;            // parked std::function tasks
    std::vector<std::uint32_t> m_freeSlots;  // indices of empty m_closures entries
};

}  // namespace bplab
