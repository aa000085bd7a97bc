#pragma once

#include <cstdint>

#include "streams/end_of_stream.h"
#include "streams/promise.h"

namespace bplab::streams {

// readable.js createAsyncIterator: the async generator that
// `Readable.prototype[Symbol.asyncIterator]()` returns, run as the ECMAScript
// async generator it is. Reads in paused mode through a 'readable' listener
// and read(), waits on `new Promise(next)` for 'readable' or end-of-stream,
// and destroys the stream (destroy.js destroyer) when it is left. Every
// `yield` and `await` is a microtask of the virtual loop.
//
// One request at a time: next() or return() again only after the promise of
// the last one settled, as a `for await` loop calls them. Owned by its loop;
// the stream's listeners point at it, so it lives as long as the run.
class ReadableAsyncIterator {
public:
    ReadableAsyncIterator(Runtime& rt, Stream& stream) : m_rt(rt), m_stream(stream) {}
    ReadableAsyncIterator(const ReadableAsyncIterator&) = delete;
    ReadableAsyncIterator& operator=(const ReadableAsyncIterator&) = delete;

    // AsyncGenerator.prototype.next: resumes the generator synchronously; the
    // promise settles with { value: chunk, done: false }, { done: true }, or
    // the error the generator threw.
    PromisePtr next();
    // AsyncGenerator.prototype.return at a `yield` (the loop's body threw):
    // the generator resumes with a return completion, which its `finally`
    // sees after one await.
    PromisePtr returnEarly();

private:
    enum class State : std::uint8_t { SuspendedStart, SuspendedYield, Executing, Completed };

    void body();  // from the top: the listener, eos, then the loop
    void loop();  // while (true) { ... }
    void yieldChunk(Chunk chunk);
    void throwInTry(const ErrorPtr& err);  // `throw` inside the try: catch, finally
    void returnFromTry();                  // `return` inside the try: finally
    void finallyBlock();
    void complete(const Settlement& result);
    void callCallback();  // callback(); callback = nop;
    static void onReadable(void* ctx, Stream& stream, const EventArg& arg);
    static void onEos(void* ctx, const ErrorPtr& err);

    Runtime& m_rt;
    Stream& m_stream;
    State m_state = State::SuspendedStart;
    PromisePtr m_request;   // the promise of the next() / return() being served
    PromisePtr m_callback;  // `callback`: resolves `new Promise(next)`; null = nop
    // `error`: undefined (not set), null (set, no error), or an error.
    bool m_errorSet = false;
    ErrorPtr m_error;
    EosListeners m_eos;
};

// destroy.js destroyer(stream, null): destroys a stream that is not destroyed
// yet, with an AbortError unless it had finished (utils.js isFinished).
void destroyer(Stream& stream);

}  // namespace bplab::streams
