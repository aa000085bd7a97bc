// The for-await wiring: scenario-v2 section 2's forward(up, down).
#include "streams/for_await.h"

namespace bplab::streams {

// The loop's head: `await iterator.next()`.
void ForAwaitLoop::callNext()
{
    m_iter.next()->then([this](const Settlement& result) { onNext(result); });
}

void ForAwaitLoop::onNext(const Settlement& result)
{
    if (result.rejected) {
        catchBlock(result.reason);  // the iterator threw: no return() call
        return;
    }
    if (result.done) {
        try {
            m_down.end();
        } catch (JsThrow& thrown) {
            catchBlock(thrown.error);
        }
        return;
    }
    loopBody(result.chunk);
}

// if (!down.write(chunk)) await once(down, 'drain');
void ForAwaitLoop::loopBody(Chunk chunk)
{
    bool written = false;
    try {
        written = m_down.write(chunk);
    } catch (JsThrow& thrown) {
        m_rt.memory.release(chunk.alloc);
        leaveEarly(thrown.error);
        return;
    }
    m_rt.memory.release(chunk.alloc);
    if (written) {
        callNext();
        return;
    }
    once(m_rt, m_down, Ev::Drain, m_drain)->then([this](const Settlement& drained) {
        if (drained.rejected) {
            leaveEarly(drained.reason);
        } else {
            callNext();
        }
    });
}

// A throw in the loop's body: AsyncIteratorClose awaits iterator.return(),
// then the throw goes on to the catch.
void ForAwaitLoop::leaveEarly(const ErrorPtr& err)
{
    m_iter.returnEarly()->then([this, err](const Settlement&) { catchBlock(err); });
}

// catch (err) { down.destroy(err); }
void ForAwaitLoop::catchBlock(const ErrorPtr& err)
{
    m_down.destroy(err);
}

}  // namespace bplab::streams
