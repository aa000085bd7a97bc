// The simulated streams driven directly, outside any scenario. Every expected
// sequence was printed by the equivalent script on real Node 24.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "streams/stream.h"

namespace bplab::streams {
namespace {

class TestRuntime final : public Runtime {
public:
    TestRuntime() { memory.reset(kStages, this); }
    static constexpr std::size_t kStages = 4;  // the tests' streams use stages 0..3
    // Keeps "<stage>:<event>" for the traced events named in `keep`.
    void record(TraceEvent& e) override
    {
        for (EventKind k : keep) {
            if (k == e.kind) {
                lines.push_back(std::to_string(e.stage) + ":" + std::string(toString(e.kind)));
            }
        }
    }
    std::vector<EventKind> keep;
    std::vector<std::string> lines;
    void newPeak(std::int64_t) override {}
};

using Log = std::vector<std::string>;

// A Writable whose _write calls back synchronously, a Readable whose _read
// only notes that it ran.
class SyncWritable final : public Stream {
public:
    SyncWritable(Runtime& rt, bool objectMode, std::int64_t hwm)
        : Stream(rt, 0, StreamKind::Writable, options(objectMode, hwm))
    {
    }
    static StreamOptions options(bool objectMode, std::int64_t hwm)
    {
        StreamOptions o;
        o.writableObjectMode = objectMode;
        o.writableHighWaterMark = hwm;
        return o;
    }

protected:
    void _write(Chunk) override { onwrite(nullptr); }
};

class IdleReadable final : public Stream {
public:
    IdleReadable(Runtime& rt, Log& log, std::int64_t hwm)
        : Stream(rt, 0, StreamKind::Readable, options(hwm)), m_log(log)
    {
    }
    static StreamOptions options(std::int64_t hwm)
    {
        StreamOptions o;
        o.readableHighWaterMark = hwm;
        return o;
    }

protected:
    void _read(std::int64_t) override { m_log.push_back("_read"); }

private:
    Log& m_log;
};

// Logs "<name>:<event>" for the listened events.
struct Tracer {
    Log* log;
    std::string name;
    std::string what;
};

void logEvent(void* ctx, Stream&, const EventArg& arg)
{
    auto* t = static_cast<Tracer*>(ctx);
    std::string line = t->name + ":" + t->what;
    if (arg.error != nullptr) {
        line += "(" + (*arg.error)->message + ")";
    }
    t->log->push_back(line);
}

struct Traced {
    std::vector<std::unique_ptr<Tracer>> tracers;
    void watch(Stream& s, Log& log, const std::string& name, Ev ev, const std::string& what)
    {
        tracers.push_back(std::make_unique<Tracer>(Tracer{&log, name, what}));
        s.on(ev, &logEvent, tracers.back().get());
    }
};

void nop(void*, Stream&, const EventArg&) {}

Chunk bytes(std::int64_t n)
{
    return Chunk{n, false, false};
}
Chunk object(std::int64_t n)
{
    return Chunk{n, true, false};
}

// --------------------------------------------------------------- emitter

struct Named {
    Log* log;
    const char* name;
};
void logName(void* ctx, Stream&, const EventArg&)
{
    auto* n = static_cast<Named*>(ctx);
    n->log->push_back(n->name);
}

struct Mutator {
    Log* log;
    Stream* s;
    Named* removeMe;
    Named* addMe;
};
void mutate(void* ctx, Stream& s, const EventArg&)
{
    auto* m = static_cast<Mutator*>(ctx);
    m->log->push_back("a");
    s.removeListener(Ev::Drain, &logName, m->removeMe);
    s.on(Ev::Drain, &logName, m->addMe);
}

TEST(Emitter, ListenersRunInOrderOverTheListAsItWasWhenEmitBegan)
{
    // Node: e.on(a: removes b, adds c); e.on(b); e.prependListener(p);
    // emit twice -> "p a b | p a c".
    TestRuntime rt;
    SyncWritable w(rt, false, 16);
    Log log;
    Named b{&log, "b"};
    Named c{&log, "c"};
    Named p{&log, "p"};
    Mutator a{&log, &w, &b, &c};
    w.on(Ev::Drain, &mutate, &a);
    w.on(Ev::Drain, &logName, &b);
    w.prependListener(Ev::Drain, &logName, &p);
    w.emit(Ev::Drain);
    log.push_back("|");
    w.emit(Ev::Drain);
    EXPECT_EQ(log, (Log{"p", "a", "b", "|", "p", "a", "c"}));
}

TEST(Emitter, OnceListenerRemovesItselfBeforeRunning)
{
    // Node: once(o); on(n); emit; emit -> "o n n", one listener left.
    TestRuntime rt;
    SyncWritable w(rt, false, 16);
    Log log;
    Named o{&log, "o"};
    Named n{&log, "n"};
    w.once(Ev::Drain, &logName, &o);
    w.on(Ev::Drain, &logName, &n);
    w.emit(Ev::Drain);
    w.emit(Ev::Drain);
    EXPECT_EQ(log, (Log{"o", "n", "n"}));
    EXPECT_EQ(w.listenerCount(Ev::Drain), 1u);
}

TEST(Emitter, AnErrorNobodyListensToIsThrownWithItsEmitter)
{
    TestRuntime rt;
    SyncWritable w(rt, false, 16);
    const ErrorPtr err = makeError(ErrorCode::Plain, "boom");
    EventArg arg;
    arg.error = &err;
    try {
        w.emit(Ev::Error, arg);
        FAIL() << "emit('error') without a listener must throw";
    } catch (const JsThrow& thrown) {
        EXPECT_EQ(thrown.error, err);
        EXPECT_EQ(thrown.stage, 0);
        EXPECT_TRUE(thrown.unhandledErrorEvent);
    }
    w.on(Ev::Error, &nop, nullptr);
    EXPECT_TRUE(w.emit(Ev::Error, arg));
}

// --------------------------------------------------------------- writable

TEST(Writable, SynchronousObjectModeWritesFinishOneTickLaterThanByteWrites)
{
    // Node, hwm 2, _write calls back at once: write, write, end on a byte
    // stream then an object stream, then a chain of three ticks.
    TestRuntime rt;
    Log log;
    Traced traced;
    SyncWritable b(rt, false, 2);
    SyncWritable o(rt, true, 2);
    traced.watch(b, log, "byte", Ev::Prefinish, "prefinish");
    traced.watch(b, log, "byte", Ev::Finish, "finish");
    traced.watch(b, log, "byte", Ev::Close, "close");
    traced.watch(o, log, "obj", Ev::Prefinish, "prefinish");
    traced.watch(o, log, "obj", Ev::Finish, "finish");
    traced.watch(o, log, "obj", Ev::Close, "close");
    const bool b1 = b.write(bytes(1));
    const bool b2 = b.write(bytes(1));
    log.push_back(std::string("b.write=") + (b1 ? "true" : "false") + "," +
                  (b2 ? "true" : "false"));
    b.end();
    const bool o1 = o.write(object(1));
    const bool o2 = o.write(object(1));
    log.push_back(std::string("o.write=") + (o1 ? "true" : "false") + "," +
                  (o2 ? "true" : "false"));
    o.end();
    rt.loop.nextTick([&] {
        log.push_back("tick1");
        rt.loop.nextTick([&] {
            log.push_back("tick2");
            rt.loop.nextTick([&] { log.push_back("tick3"); });
        });
    });
    rt.loop.drain();
    EXPECT_EQ(log, (Log{"b.write=true,true", "byte:prefinish", "o.write=true,true", "obj:prefinish",
                        "byte:finish", "tick1", "byte:close", "obj:finish", "tick2", "obj:close",
                        "tick3"}));
}

TEST(Writable, WriteAfterEndReturnsFalseThenErrorsAndClosesWithoutFinish)
{
    TestRuntime rt;
    Log log;
    Traced traced;
    SyncWritable w(rt, false, 16);
    traced.watch(w, log, "w", Ev::Prefinish, "prefinish");
    traced.watch(w, log, "w", Ev::Finish, "finish");
    traced.watch(w, log, "w", Ev::Error, "error");
    traced.watch(w, log, "w", Ev::Close, "close");
    w.end();
    log.push_back(std::string("write=") + (w.write(bytes(3)) ? "true" : "false"));
    rt.loop.drain();
    EXPECT_EQ(log, (Log{"w:prefinish", "write=false", "w:error(write after end)", "w:close"}));
}

TEST(Writable, WriteAfterDestroyReturnsFalseAndEmitsNoError)
{
    TestRuntime rt;
    Log log;
    Traced traced;
    SyncWritable d(rt, false, 16);
    traced.watch(d, log, "d", Ev::Error, "error");
    traced.watch(d, log, "d", Ev::Close, "close");
    d.destroy();
    log.push_back(std::string("write=") + (d.write(bytes(3)) ? "true" : "false"));
    rt.loop.drain();
    EXPECT_EQ(log, (Log{"write=false", "d:close"}));
}

// A Writable whose _write completes only when the test says so.
class ManualWritable final : public Stream {
public:
    ManualWritable(Runtime& rt, Log& log, std::int64_t hwm)
        : Stream(rt, 0, StreamKind::Writable, SyncWritable::options(false, hwm)), m_log(log)
    {
    }

protected:
    void _write(Chunk) override { m_log.push_back("_write"); }

private:
    Log& m_log;
};

TEST(Writable, DrainPrecedesTheCallbackOfTheWriteThatEmptiedTheBuffer)
{
    // Node: hwm 1, write(a, cbA) -> false; the _write callback comes later.
    TestRuntime rt;
    Log log;
    Traced traced;
    ManualWritable w(rt, log, 1);
    traced.watch(w, log, "w", Ev::Drain, "drain");
    const bool ret = w.write(bytes(1), [&log](const ErrorPtr&) { log.push_back("cbA"); });
    log.push_back(std::string("ret=") + (ret ? "true" : "false"));
    w.onwrite(nullptr);
    log.push_back("after-done");
    rt.loop.drain();
    EXPECT_EQ(log, (Log{"_write", "ret=false", "w:drain", "cbA", "after-done"}));
}

// --------------------------------------------------------------- readable

TEST(Readable, PushReturnsFalseOnceLengthReachesHighWaterMarkAndKeepsTheChunk)
{
    TestRuntime rt;
    Log log;
    IdleReadable r(rt, log, 100);
    EXPECT_TRUE(r.push(bytes(60)));
    EXPECT_FALSE(r.push(bytes(60)));
    EXPECT_EQ(r.readableState().length, 120);
}

TEST(Readable, ResumeIsEmittedOnATickAfterItsReadZeroAndPauseAtOnce)
{
    TestRuntime rt;
    Log log;
    Traced traced;
    IdleReadable q(rt, log, 16);
    traced.watch(q, log, "q", Ev::Resume, "resume");
    traced.watch(q, log, "q", Ev::Pause, "pause");
    q.resume();
    log.push_back("after-resume");
    rt.loop.nextTick([&] {
        q.pause();
        log.push_back("after-pause");
    });
    rt.loop.drain();
    EXPECT_EQ(log, (Log{"after-resume", "_read", "q:resume", "q:pause", "after-pause"}));
}

void nopData(void*, Stream&, const EventArg&) {}

TEST(Readable, EndAndCloseFollowTheirOwnTicksForAReadableAndATransform)
{
    // Node: r (Readable) gets a 'data' listener and push(null); t (a
    // Transform) gets a 'data' listener and end(). Traced events, in order:
    // r:resume t:resume t:end t:finish r:end t:close r:close.
    TestRuntime rt;
    rt.keep = {EventKind::Resume, EventKind::End, EventKind::Finish, EventKind::Close};
    Log readLog;
    IdleReadable r(rt, readLog, 16);
    StreamOptions o;
    o.readableHighWaterMark = 16;
    o.writableHighWaterMark = 16;
    class Tr final : public Stream {
    public:
        Tr(Runtime& runtime, const StreamOptions& opts)
            : Stream(runtime, 1, StreamKind::Transform, opts)
        {
        }
    } t(rt, o);
    r.on(Ev::Data, &nopData, nullptr);
    r.push(std::nullopt);
    t.on(Ev::Data, &nopData, nullptr);
    t.end();
    rt.loop.drain();
    EXPECT_EQ(rt.lines, (std::vector<std::string>{"0:resume", "1:resume", "1:end", "1:finish",
                                                  "0:end", "1:close", "0:close"}));
}

}  // namespace
}  // namespace bplab::streams
