#pragma once

#include "streams/async_iterator.h"
#include "streams/events_once.h"

namespace bplab::streams {

// The for-await wiring of one pair (scenario-v2 section 2), the loop
//
//   async function forward(up, down) {
//     try {
//       for await (const chunk of up) {
//         if (!down.write(chunk)) await once(down, 'drain');
//       }
//       down.end();
//     } catch (err) {
//       down.destroy(err);
//     }
//   }
//
// run as the async function it is: each `await` (of the iterator's next(),
// of once()) resumes in a microtask after its promise settles, and leaving
// the loop by a throw in its body closes the iterator (AsyncIteratorClose:
// return(), awaited) before the catch runs. Owned by the runtime; lives as
// long as the run.
class ForAwaitLoop {
public:
    ForAwaitLoop(Runtime& rt, Stream& up, Stream& down) : m_rt(rt), m_down(down), m_iter(rt, up) {}
    ForAwaitLoop(const ForAwaitLoop&) = delete;
    ForAwaitLoop& operator=(const ForAwaitLoop&) = delete;

    // forward(up, down), not awaited: runs up to its first await.
    void start() { callNext(); }

private:
    void callNext();
    void onNext(const Settlement& result);
    void loopBody(Chunk chunk);
    void leaveEarly(const ErrorPtr& err);
    void catchBlock(const ErrorPtr& err);

    Runtime& m_rt;
    Stream& m_down;
    ReadableAsyncIterator m_iter;
    OnceListeners m_drain;
};

}  // namespace bplab::streams
