#pragma once

// Writing a long trace fast, for bplab-cli: lines packed into 16 bytes on the
// simulation's thread, formatted and written on a thread of its own, the two
// threads kept on different processors. The bytes are exactly those of
// appendTraceLine (bplab_core/trace_jsonl.h). Only the command-line runner,
// its tests and its benchmarks link this target.

#include <bit>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "bplab_core/output.h"
#include "bplab_core/trace_event.h"

namespace bplab {

class SeparateCpus;

// Formats trace lines fast: the `,"stage":…,"ev":…` part of every
// (stage, kind) pair is built once, numbers are written straight into the
// caller's buffer. Produces exactly what appendTraceLine produces.
class TraceLineFormatter {
public:
    explicit TraceLineFormatter(const std::vector<std::string>& stageIds);
    // Upper bound of the bytes format() writes for this event.
    [[nodiscard]] std::size_t maxLineBytes(const TraceEvent& event) const;
    // Writes the line (with its '\n') at dst, which has maxLineBytes(event)
    // bytes of room; returns the end of what was written.
    char* format(char* dst, const TraceEvent& event) const;

private:
    [[nodiscard]] const std::string& prefix(const TraceEvent& event) const;
    std::vector<std::string> m_prefixes;  // [(stage + 1) * kEventKindCount + kind]
};

// Like JsonlTraceWriter, but the formatting and the writing happen on a
// thread of its own, so a long run's trace costs the simulation's thread only
// packing each event into 16 bytes. Lines come out in order, byte for byte
// as JsonlTraceWriter writes them.
//
// Packed events travel in blocks of 256 KiB; at most 8 blocks wait for the
// writer's thread, so a producer faster than the output waits for it instead
// of holding the trace in memory.
//
// While it lives, the writer's thread and the thread that created it are kept
// on different processors (when the process has two or more): see
// src/cpu_placement.h. The creating thread gets its processors back when the
// writer is destroyed.
//
// record() and flush() are called from one thread (the simulation's); the
// sink is touched only by the writer's own thread until flush() returns. An
// OutputError of the sink's is thrown again by the next flush() (or record()
// that waits for room); what is recorded after it is dropped.
class BackgroundJsonlTraceWriter final : public TraceSink {
public:
    BackgroundJsonlTraceWriter(ByteSink& out, const std::vector<std::string>& stageIds);
    BackgroundJsonlTraceWriter(std::ostream& out, const std::vector<std::string>& stageIds);
    // Waits for the lines recorded so far; an error then is lost (call
    // flush() first to see it).
    ~BackgroundJsonlTraceWriter() override;
    BackgroundJsonlTraceWriter(const BackgroundJsonlTraceWriter&) = delete;
    BackgroundJsonlTraceWriter& operator=(const BackgroundJsonlTraceWriter&) = delete;

    // Bytes a packed event takes in the common case.
    static constexpr std::size_t kPackedBytes = 16;

    // Inline: the simulation calls it for every line.
    void record(const TraceEvent& event) override
    {
        if (!compact(event) || m_current.capacity - m_current.used < kPackedBytes) [[unlikely]] {
            recordSlow(event);
            return;
        }
        // kind, flags, stage + 1, t; bytes, length: a PackedEvent (its .cpp).
        const std::uint64_t words[2] = {
            static_cast<std::uint64_t>(event.kind) | flagsOf(event) << 8 |
                static_cast<std::uint64_t>(std::int64_t{event.stage} + 1) << 16 |
                static_cast<std::uint64_t>(event.t) << 32,
            static_cast<std::uint64_t>(event.bytes) | static_cast<std::uint64_t>(event.length)
                                                          << 32};
        std::memcpy(m_current.data.get() + m_current.used, words, sizeof words);
        m_current.used += sizeof words;
    }
    // Waits until every line recorded so far is written and the sink flushed.
    void flush();

private:
    struct Block {
        std::unique_ptr<unsigned char[]> data;
        std::size_t capacity = 0;
        std::size_t used = 0;
    };
    // A packed event's flags.
    static constexpr unsigned kRet = 1;
    static constexpr unsigned kBytesNull = 2;
    static constexpr unsigned kMessageNull = 4;
    static constexpr unsigned kWide = 8;      // the numbers follow at 64 bits
    static constexpr unsigned kMessage = 16;  // the message follows
    static std::uint64_t flagsOf(const TraceEvent& event)
    {
        return (event.ret ? kRet : 0U) | (event.bytesNull ? kBytesNull : 0U) |
               (event.messageNull ? kMessageNull : 0U);
    }
    // Whether the event fits the 16-byte form: a kind without a message (the
    // kinds with one are error, pipeline, uncaught and decode),
    // t, bytes and length in 32 bits, the stage + 1 in 16.
    static bool compact(const TraceEvent& event)
    {
        static_assert(
            static_cast<int>(EventKind::Pipeline) == static_cast<int>(EventKind::Error) + 1 &&
            static_cast<int>(EventKind::Uncaught) == static_cast<int>(EventKind::Error) + 2);
        const auto numbers = static_cast<std::uint64_t>(event.t) |
                             static_cast<std::uint64_t>(event.bytes) |
                             static_cast<std::uint64_t>(event.length);
        const auto slot = static_cast<std::uint64_t>(std::int64_t{event.stage} + 1);
        const auto kind = static_cast<std::uint64_t>(event.kind);
        // One test, no branch between the parts: this runs for every line.
        return (((numbers >> 32) | (slot >> 16)) == 0) &
               (kind - static_cast<std::uint64_t>(EventKind::Error) >= 3) &
               (kind != static_cast<std::uint64_t>(EventKind::Decode));
    }
    void start();
    // Never inlined: inlined into record() (link-time optimization did), its
    // registers made every line's fast path save and restore six of them.
    [[gnu::noinline]] void recordSlow(const TraceEvent& event);
    void makeRoom(std::size_t bytes);
    void handOver();
    void run();
    void rethrowError();

    std::unique_ptr<OstreamByteSink> m_ownSink;  // when constructed from an ostream
    class PackedFormatter;
    std::unique_ptr<SeparateCpus> m_cpus;
    ByteSink* m_out;
    std::unique_ptr<PackedFormatter> m_packed;  // used by the writer's thread only
    // The block being filled, owned by the simulation's thread.
    Block m_current;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Block> m_full;   // waiting to be written
    std::vector<Block> m_free;  // written, for reuse
    bool m_busy = false;        // the thread is writing a block
    bool m_stopping = false;
    bool m_failed = false;       // the sink failed: later blocks are dropped
    std::exception_ptr m_error;  // the sink's, to be thrown on the caller's thread
    std::thread m_thread;
};

}  // namespace bplab
