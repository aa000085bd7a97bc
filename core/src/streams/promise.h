#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "streams/stream.h"

namespace bplab::streams {

// What a promise of the simulated process settles with: undefined, a chunk,
// an iterator result `{ value, done }`, or (rejected) an error. Only the
// values that the for-await wiring passes around exist.
struct Settlement {
    bool rejected = false;
    ErrorPtr reason;  // rejected
    bool hasChunk = false;
    Chunk chunk;        // `value` when hasChunk, else undefined
    bool done = false;  // an iterator result's `done`
};

class Promise;
using PromisePtr = std::shared_ptr<Promise>;

// A native Promise on the virtual loop's microtask queue (ECMAScript's
// PerformPromiseThen, FulfillPromise / RejectPromise and the promise resolve
// functions): each reaction is one microtask, queued when the promise
// settles or, on a settled promise, when it is added; resolving with another
// promise takes one more microtask (NewPromiseResolveThenableJob) before that
// promise's reactions are even added. Single-threaded; shared by whoever
// holds a reaction to it.
class Promise : public std::enable_shared_from_this<Promise> {
public:
    using Reaction = std::function<void(const Settlement&)>;

    explicit Promise(Runtime& rt) : m_rt(rt) {}
    // Every promise is made here: resolveWith keeps it alive through shared_from_this.
    static PromisePtr make(Runtime& rt) { return std::make_shared<Promise>(rt); }

    // The resolve / reject functions: only the first call counts.
    void resolve(const Settlement& value);
    void reject(const ErrorPtr& reason);
    // resolve(otherPromise): a thenable, adopted one microtask later.
    void resolveWith(const PromisePtr& inner);

    // promise.then(onFulfilled, onRejected) as one reaction.
    void then(Reaction reaction);

    [[nodiscard]] bool pending() const { return m_state == State::Pending; }

private:
    enum class State : std::uint8_t { Pending, Fulfilled, Rejected };
    void settle(State state, const Settlement& result);

    Runtime& m_rt;
    State m_state = State::Pending;
    bool m_alreadyResolved = false;
    Settlement m_result;
    std::vector<Reaction> m_reactions;
};

// `await value` on a value that is not a promise: the continuation runs one
// microtask later (Await wraps the value in a fulfilled promise).
void awaitValue(Runtime& rt, const Settlement& value, Promise::Reaction continuation);

}  // namespace bplab::streams
