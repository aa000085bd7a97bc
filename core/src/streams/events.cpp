// events.js, the subset the streams use: listeners by (function, context),
// emit, and the trace line an emitted event records.
#include <algorithm>
#include <cassert>
#include <utility>

#include "streams/stream.h"

namespace bplab::streams {

// events.js _addListener
void Stream::addListener(Ev ev, Listener l, bool prepend)
{
    auto& list = m_listeners[idx(ev)];
    if (prepend) {
        list.insert(list.begin(), l);
    } else {
        list.push_back(l);
    }
}

void Stream::onListenerAdded(Ev ev)
{
    if (!hasReadable()) {
        return;
    }
    // Readable.prototype.on: a 'data' listener starts the flow unless the
    // stream was explicitly paused (or is read through 'readable').
    if (ev == Ev::Data) {
        m_r.dataListening = true;
        if (listenerCount(Ev::Readable) > 0) {
            m_r.readableListening = true;
        }
        if (m_r.flowing != 0) {
            resume();
        }
    } else if (ev == Ev::Readable) {
        // The first 'readable' listener puts the stream in paused mode.
        if (!m_r.endEmitted && !m_r.readableListening) {
            m_r.readableListening = true;
            m_r.needReadable = true;
            m_r.flowing = 0;
            m_r.emittedReadable = false;
            if (m_r.length != 0) {
                emitReadable();
            } else if (!m_r.reading) {
                m_rt.loop.nextTick<&Stream::nReadingNextTick>(this);
            }
        }
    }
}

// nReadingNextTick
void Stream::nReadingNextTick()
{
    read(0);
}

// updateReadableListening: a tick after a 'readable' listener was removed.
void Stream::updateReadableListening()
{
    m_r.readableListening = listenerCount(Ev::Readable) > 0;
    if (m_r.hasPaused && m_r.resumeScheduled && !m_r.paused) {
        m_r.flowing = 1;  // the resume already scheduled must flow
    } else if (m_r.dataListening) {
        resume();
    } else if (!m_r.readableListening) {
        m_r.flowing = -1;
    }
}

// Readable.prototype.on (EventEmitter.prototype.on for a Writable)
void Stream::on(Ev ev, ListenerFn fn, void* ctx)
{
    addListener(ev, Listener{fn, ctx, false}, false);
    onListenerAdded(ev);
}

// EventEmitter.prototype.once: this.on() with a self-removing wrapper
void Stream::once(Ev ev, ListenerFn fn, void* ctx)
{
    addListener(ev, Listener{fn, ctx, true}, false);
    onListenerAdded(ev);
}

void Stream::prependListener(Ev ev, ListenerFn fn, void* ctx)
{
    // EventEmitter.prototype.prependListener: Readable does not override it.
    addListener(ev, Listener{fn, ctx, false}, true);
}

void Stream::removeListener(Ev ev, ListenerFn fn, void* ctx)
{
    auto& list = m_listeners[idx(ev)];
    // EventEmitter.prototype.removeListener removes the last match.
    for (std::size_t i = list.size(); i-- > 0;) {
        if (list[i].fn == fn && list[i].ctx == ctx) {
            list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
            break;
        }
    }
    if (ev == Ev::Data && hasReadable() && list.empty()) {
        m_r.dataListening = false;
    } else if (ev == Ev::Readable && hasReadable()) {
        m_rt.loop.nextTick<&Stream::updateReadableListening>(this);
    }
}

// The trace line of an emitted event, written before any listener runs.
void Stream::recordEmit(Ev ev, const EventArg& arg)
{
    TraceEvent e;
    e.stage = m_stage;
    switch (ev) {
        case Ev::Data:
            e.kind = EventKind::Data;
            e.bytes = arg.chunk.bytes;
            e.length = m_r.length;
            break;
        case Ev::Pause:
            e.kind = EventKind::Pause;
            e.length = m_r.length;
            break;
        case Ev::Resume:
            e.kind = EventKind::Resume;
            e.length = m_r.length;
            break;
        case Ev::End:
            e.kind = EventKind::End;
            break;
        case Ev::Drain:
            e.kind = EventKind::Drain;
            e.length = m_w.length;
            break;
        case Ev::Finish:
            e.kind = EventKind::Finish;
            break;
        case Ev::Close:
            e.kind = EventKind::Close;
            break;
        case Ev::Pipe:
            e.kind = EventKind::Pipe;
            break;
        case Ev::Unpipe:
            e.kind = EventKind::Unpipe;
            break;
        case Ev::Error:
            e.kind = EventKind::Error;
            e.message = (*arg.error)->message;
            break;
        default:
            return;  // 'readable', 'prefinish' are not traced
    }
    m_rt.record(e);
}

// EventEmitter.prototype.emit: listeners run in order over the list as it was
// when the emit began; an 'error' nobody listens to is thrown.
bool Stream::emit(Ev ev, const EventArg& arg)
{
    recordEmit(ev, arg);
    const auto& list = m_listeners[idx(ev)];
    if (list.size() == 1 && !list.front().once) {
        // Node keeps a lone listener as a plain function and calls it directly.
        const Listener l = list.front();
        l.fn(l.ctx, *this, arg);
        return true;
    }
    return emitToListeners(ev, arg);
}

// The rest of emit, out of line so the common case above needs no room for
// a snapshot: no listener, several, or a once listener.
bool Stream::emitToListeners(Ev ev, const EventArg& arg)
{
    auto& list = m_listeners[idx(ev)];
    if (list.empty()) {
        if (ev == Ev::Error) {
            throw JsThrow{*arg.error, m_stage, true};
        }
        return false;
    }
    constexpr std::size_t kInline = 8;
    std::array<Listener, kInline> inlineSnapshot;
    std::vector<Listener> heapSnapshot;
    const Listener* snapshot = nullptr;
    const std::size_t n = list.size();
    if (n <= kInline) {
        std::copy(list.begin(), list.end(), inlineSnapshot.begin());
        snapshot = inlineSnapshot.data();
    } else {
        heapSnapshot = list;
        snapshot = heapSnapshot.data();
    }
    for (std::size_t i = 0; i < n; ++i) {
        const Listener l = snapshot[i];
        if (l.once) {
            // onceWrapper removes itself before running.
            auto& live = m_listeners[idx(ev)];
            for (std::size_t j = 0; j < live.size(); ++j) {
                if (live[j].fn == l.fn && live[j].ctx == l.ctx && live[j].once) {
                    live.erase(live.begin() + static_cast<std::ptrdiff_t>(j));
                    break;
                }
            }
            if (ev == Ev::Data && hasReadable() && live.empty()) {
                m_r.dataListening = false;
            }
        }
        l.fn(l.ctx, *this, arg);
    }
    return true;
}

}  // namespace bplab::streams
