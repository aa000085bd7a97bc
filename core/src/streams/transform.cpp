// transform.js: _write runs _transform; the held callback; _final.
#include <algorithm>
#include <cassert>
#include <utility>

#include "streams/stream.h"

namespace bplab::streams {

void Stream::_write(Chunk chunk)
{
    assert(m_kind == StreamKind::Transform);
    // Transform.prototype._write: note the readable length, then _transform.
    m_transformLength = m_r.length;
    _transform(chunk);
}

void Stream::_transform(Chunk /*chunk*/)
{
    transformCallback(nullptr);
}

// The callback Transform.prototype._write hands to _transform.
void Stream::transformCallback(const ErrorPtr& err)
{
    if (err) {
        onwrite(err);
        return;
    }
    if (m_r.ended) {
        m_rt.loop.nextTick([this] { onwrite(nullptr); });
    } else if (m_w.ended || m_transformLength == m_r.length || m_r.length < m_r.highWaterMark) {
        onwrite(nullptr);
    } else {
        m_heldCallback = true;
    }
}

// Transform's `final`: _flush() unless destroyed by now; without it, or
// when _flush calls back, push(null) and then the callback of _final.
void Stream::transformFinal()
{
    if (hasFlush() && !destroyed()) {
        _flush();
        return;
    }
    push(std::nullopt);
    onFinish(nullptr);
}

void Stream::flushCallback()
{
    push(std::nullopt);
    onFinish(nullptr);
}

void Stream::_flush()
{
    flushCallback();
}

}  // namespace bplab::streams
