// readable.js createAsyncIterator, and destroy.js destroyer with the utils.js
// tests it reads.
#include "streams/async_iterator.h"

#include <utility>

namespace bplab::streams {

namespace {

// errors.js aggregateTwoErrors: two different errors become one
// AggregateError with the outer one's message and code.
ErrorPtr aggregateTwoErrors(const ErrorPtr& inner, const ErrorPtr& outer)
{
    if (inner && outer && inner != outer) {
        return makeError(outer->code, outer->message);
    }
    return inner ? inner : outer;
}

// ------------------------------------------------------------ utils.js

bool isDestroyed(const Stream& s)
{
    const bool stateDestroyed =
        s.hasWritable() ? s.writableState().destroyed : s.readableState().destroyed;
    return s.destroyed() || stateDestroyed;
}

bool isReadableNodeStream(const Stream& s)
{
    return s.hasReadable() && s.readableState().readable;
}

// isReadableFinished(stream) with `strict` undefined: only an emitted 'end'
// counts (ended with an empty buffer is not enough).
bool isReadableFinished(const Stream& s)
{
    const ReadableSide& r = s.readableState();
    if (r.errored) {
        return false;
    }
    return r.endEmitted;
}

// isReadable: null (false) for a stream without a `readable` getter.
bool isReadable(const Stream& s)
{
    if (!s.hasReadable() || isDestroyed(s)) {
        return false;
    }
    return isReadableNodeStream(s) && s.readable() && !isReadableFinished(s);
}

// isWritableEnded
bool isWritableEnded(const Stream& s)
{
    const WritableSide& w = s.writableState();
    if (w.ending) {
        return true;  // writableEnded
    }
    if (w.errored) {
        return false;
    }
    return w.ended;
}

// isWritable: null (false) for a stream without a `writable` getter.
bool isWritable(const Stream& s)
{
    if (!s.hasWritable() || isDestroyed(s)) {
        return false;
    }
    return s.writableState().writable && s.writable() && !isWritableEnded(s);
}

// isFinished(stream)
bool isFinished(const Stream& s)
{
    if (isDestroyed(s)) {
        return true;
    }
    return !isReadable(s) && !isWritable(s);
}

}  // namespace

void destroyer(Stream& stream)
{
    if (isDestroyed(stream)) {
        return;
    }
    ErrorPtr err;
    if (!isFinished(stream)) {
        err = abortError();
    }
    stream.destroy(err);
}

// ------------------------------------------------------------ the generator

PromisePtr ReadableAsyncIterator::next()
{
    PromisePtr request = Promise::make(m_rt);
    switch (m_state) {
        case State::SuspendedStart:
            m_request = request;
            m_state = State::Executing;
            body();
            break;
        case State::SuspendedYield:
            m_request = request;
            m_state = State::Executing;
            loop();
            break;
        case State::Completed: {
            Settlement done;
            done.done = true;
            request->resolve(done);
            break;
        }
        case State::Executing:
            // A `for await` loop never asks twice; the generator's queue is
            // not modelled.
            break;
    }
    return request;
}

PromisePtr ReadableAsyncIterator::returnEarly()
{
    PromisePtr request = Promise::make(m_rt);
    if (m_state != State::SuspendedYield) {
        // Not started or already completed: { value: undefined, done: true }.
        Settlement done;
        done.done = true;
        m_state = State::Completed;
        request->resolve(done);
        return request;
    }
    m_request = request;
    m_state = State::Executing;
    // AsyncGeneratorYield: a return completion is awaited first
    // (`await undefined`), then runs through the try's finally.
    awaitValue(m_rt, Settlement{}, [this](const Settlement&) {
        finallyBlock();
        Settlement done;
        done.done = true;
        complete(done);
    });
    return request;
}

// function next(resolve): as the 'readable' listener (`this === stream`).
void ReadableAsyncIterator::onReadable(void* ctx, Stream&, const EventArg&)
{
    static_cast<ReadableAsyncIterator*>(ctx)->callCallback();
}

// eos(stream, { writable: false }, (err) => { ... })
void ReadableAsyncIterator::onEos(void* ctx, const ErrorPtr& err)
{
    auto* self = static_cast<ReadableAsyncIterator*>(ctx);
    self->m_error =
        err ? aggregateTwoErrors(self->m_errorSet ? self->m_error : nullptr, err) : nullptr;
    self->m_errorSet = true;
    self->callCallback();
}

void ReadableAsyncIterator::callCallback()
{
    if (PromisePtr resolve = std::exchange(m_callback, nullptr)) {
        resolve->resolve(Settlement{});
    }
}

void ReadableAsyncIterator::body()
{
    m_stream.on(Ev::Readable, &ReadableAsyncIterator::onReadable, this);
    m_eos = eos(m_rt, m_stream, true, false, &ReadableAsyncIterator::onEos, this);
    loop();
}

void ReadableAsyncIterator::loop()
{
    std::optional<Chunk> chunk;
    try {
        // const chunk = stream.destroyed ? null : stream.read();
        if (!m_stream.destroyed()) {
            chunk = m_stream.readAndKeep();
        }
    } catch (JsThrow& thrown) {
        throwInTry(thrown.error);
        return;
    }
    if (chunk) {
        // The generator keeps the chunk across its awaits; the loop lets go
        // of it once it has written it.
        yieldChunk(*chunk);
    } else if (m_errorSet && m_error) {
        throwInTry(m_error);
    } else if (m_errorSet) {
        returnFromTry();
    } else {
        // await new Promise(next): the executor sets `callback` to resolve.
        PromisePtr waiting = Promise::make(m_rt);
        m_callback = waiting;
        waiting->then([this](const Settlement&) { loop(); });
    }
}

// `yield chunk`: an async generator awaits the value, then settles the
// request with it and suspends.
void ReadableAsyncIterator::yieldChunk(Chunk chunk)
{
    Settlement value;
    value.hasChunk = true;
    value.chunk = chunk;
    awaitValue(m_rt, value, [this](const Settlement& awaited) {
        m_state = State::SuspendedYield;
        std::exchange(m_request, nullptr)->resolve(awaited);
    });
}

void ReadableAsyncIterator::throwInTry(const ErrorPtr& err)
{
    // catch (err) { error = aggregateTwoErrors(error, err); throw error; }
    m_error = aggregateTwoErrors(m_errorSet ? m_error : nullptr, err);
    m_errorSet = true;
    finallyBlock();
    Settlement failure;
    failure.rejected = true;
    failure.reason = m_error;
    complete(failure);
}

void ReadableAsyncIterator::returnFromTry()
{
    finallyBlock();
    Settlement done;
    done.done = true;
    complete(done);
}

void ReadableAsyncIterator::finallyBlock()
{
    const bool errorIsNull = m_errorSet && !m_error;
    // Node 24 keeps a half-open Duplex whose writable side is still open.
    const bool preserveHalfOpenDuplex =
        m_rt.v24() && errorIsNull && m_stream.allowHalfOpen() && m_stream.writable() &&
        !(m_stream.hasWritable() && m_stream.writableState().ending);
    // (error || destroyOnReturn !== false): no options, always true.
    if ((!m_errorSet || m_stream.readableState().autoDestroy) && !preserveHalfOpenDuplex) {
        destroyer(m_stream);
    } else {
        m_stream.removeListener(Ev::Readable, &ReadableAsyncIterator::onReadable, this);
        eosCleanup(m_stream, m_eos);
    }
}

// The generator's end: the request settles, and it never runs again.
void ReadableAsyncIterator::complete(const Settlement& result)
{
    m_state = State::Completed;
    PromisePtr request = std::exchange(m_request, nullptr);
    if (result.rejected) {
        request->reject(result.reason);
    } else {
        request->resolve(result);
    }
}

}  // namespace bplab::streams
