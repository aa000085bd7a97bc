#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bplab_core/scenario.h"
#include "random.h"
#include "streams/stream.h"
#include "text_decoding.h"

namespace bplab {

// The stages of scenario-v1 section 2, each a simulated Node stream whose
// _read/_write/_transform follow the stage's timing. Owned by the simulation;
// single-threaded.

// Node's options for the stage's stream: both sides' objectMode and
// highWaterMark resolved from the profile defaults, as the real harness
// passes them.
streams::StreamOptions streamOptionsOf(const Stage& stage, NodeProfile profile);

class StageStream : public streams::Stream {
public:
    StageStream(streams::Runtime& rt, std::int32_t index, const Stage& stage, std::uint32_t seed,
                streams::StreamKind kind);

    // Live edit; values outside the scenario's ranges are clamped into them.
    void setTiming(const StageTiming& timing);
    [[nodiscard]] const StageTiming& timing() const { return m_timing; }
    [[nodiscard]] bool processing() const { return m_processing; }
    [[nodiscard]] std::int64_t processingBytes() const { return m_processingBytes; }
    // The bytes a decoding writable's StringDecoder holds (empty elsewhere).
    [[nodiscard]] virtual std::string_view decoderPending() const { return {}; }

protected:
    // Step times (virtual ms) and output sizes; each throws RunStopped naming
    // the stage when it would pass 2^53-1 or take the clock past it.
    std::int64_t drawProcessingTime(std::int64_t bytes);
    std::int64_t drawSourceTime();
    std::int64_t drawFlushTime(std::int64_t flushMs);
    std::int64_t outputSize(std::int64_t bytes) const;
    [[noreturn]] void stop(const std::string& what) const;
    // The clock after a step of t ms from now stays within 2^53-1, unless
    // until_ms ends the run before that timer could run.
    void checkClock(std::int64_t t) const;
    void recordLine(EventKind kind, std::int64_t bytes, std::int64_t length);
    // push() a new chunk of the readable side: a Buffer allocated as the
    // stage's alloc says (scenario-v2 section 5), let go of once pushed.
    void pushNew(streams::Chunk chunk);

    std::string m_name;  // stages[i] ("id"), for messages
    StageTiming m_timing;
    Mulberry32 m_rng;
    bool m_pooled = false;  // alloc "pool": Buffer.allocUnsafe
    bool m_processing = false;
    std::int64_t m_processingBytes = 0;
};

// kind readable: pull (respects backpressure) or push (ignores it).
class SourceStage final : public StageStream {
public:
    SourceStage(streams::Runtime& rt, std::int32_t index, const Stage& stage, std::uint32_t seed);
    // Push mode: starts the timer chain (called at construction time of the set-up task).
    void start();

protected:
    void _read(std::int64_t n) override;

private:
    void pushChunk(std::int64_t number);  // number: 1-based
    void pushModeStep();
    // Chunk `number` (1-based): of a text source, that cut of the text.
    [[nodiscard]] streams::Chunk makeChunk(std::int64_t number) const;

    std::int64_t m_chunks;
    std::int64_t m_chunkBytes;
    SourceMode m_mode;
    std::int64_t m_taken = 0;  // chunks whose step has been drawn
    bool m_eofPushed = false;
};

class TransformStage final : public StageStream {
public:
    TransformStage(streams::Runtime& rt, std::int32_t index, const Stage& stage,
                   std::uint32_t seed);

protected:
    void _transform(streams::Chunk chunk) override;
    [[nodiscard]] bool hasFlush() const override { return m_flushMs.has_value(); }
    // scenario-v2 section 3: take the flush time, push the flush's chunks,
    // call back.
    void _flush() override;

private:
    void complete();
    void completeFlush();

    std::int64_t m_outBytes = 0;
    std::int64_t m_outCount = 0;
    streams::Chunk m_input;  // the chunk in _transform: a text pipeline passes it on unchanged
    std::optional<std::int64_t> m_flushMs;  // virtual ms; absent: no _flush
    std::int64_t m_flushChunks = 0;
    std::int64_t m_flushBytes = 0;  // bytes, or an object's nominal size
};

class SinkStage final : public StageStream {
public:
    SinkStage(streams::Runtime& rt, std::int32_t index, const Stage& stage, std::uint32_t seed);
    // Bytes of an incomplete character its StringDecoder holds (decode
    // "string_decoder"), else 0.
    [[nodiscard]] std::size_t decoderPendingBytes() const { return m_decoder.pendingBytes(); }
    [[nodiscard]] std::string_view decoderPending() const override { return m_decoder.pending(); }

protected:
    void _write(streams::Chunk chunk) override;
    // decode "string_decoder": _final(cb) calls decoder.end(), then cb().
    [[nodiscard]] bool hasFinal() const override { return m_decode == Decode::StringDecoder; }
    void _final() override;

private:
    void complete();
    void recordDecode(const std::string& text);

    Decode m_decode;
    Utf8StringDecoder m_decoder;
    std::int64_t m_retainBytes = 0;  // retain_bytes: a slice of each chunk kept
};

}  // namespace bplab
