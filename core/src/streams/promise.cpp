// A native Promise's settlement and reactions on the microtask queue.
#include "streams/promise.h"

#include <utility>

namespace bplab::streams {

void Promise::settle(State state, const Settlement& result)
{
    m_state = state;
    m_result = result;
    m_result.rejected = state == State::Rejected;
    // TriggerPromiseReactions: one job per reaction, in the order added.
    std::vector<Reaction> reactions = std::move(m_reactions);
    m_reactions.clear();
    for (Reaction& reaction : reactions) {
        m_rt.loop.queueMicrotask(
            [reaction = std::move(reaction), value = m_result] { reaction(value); });
    }
}

void Promise::resolve(const Settlement& value)
{
    if (m_alreadyResolved) {
        return;
    }
    m_alreadyResolved = true;
    settle(State::Fulfilled, value);
}

void Promise::reject(const ErrorPtr& reason)
{
    if (m_alreadyResolved) {
        return;
    }
    m_alreadyResolved = true;
    Settlement value;
    value.reason = reason;
    settle(State::Rejected, value);
}

void Promise::resolveWith(const PromisePtr& inner)
{
    if (m_alreadyResolved) {
        return;
    }
    m_alreadyResolved = true;
    // NewPromiseResolveThenableJob: inner.then(resolve, reject), in a job.
    // The outer promise stays pending until inner's reaction runs.
    PromisePtr self = shared_from_this();
    m_rt.loop.queueMicrotask([inner, this, keep = std::move(self)] {
        inner->then([this, keep](const Settlement& value) {
            settle(value.rejected ? State::Rejected : State::Fulfilled, value);
        });
    });
}

void Promise::then(Reaction reaction)
{
    if (m_state == State::Pending) {
        m_reactions.push_back(std::move(reaction));
        return;
    }
    m_rt.loop.queueMicrotask(
        [reaction = std::move(reaction), value = m_result] { reaction(value); });
}

void awaitValue(Runtime& rt, const Settlement& value, Promise::Reaction continuation)
{
    rt.loop.queueMicrotask(
        [continuation = std::move(continuation), value] { continuation(value); });
}

}  // namespace bplab::streams
