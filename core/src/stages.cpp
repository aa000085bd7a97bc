#include "stages.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "bplab_core/simulation.h"  // RunStopped, kMaxExactInteger

namespace bplab {

using streams::Chunk;
using streams::StreamKind;

streams::StreamOptions streamOptionsOf(const Stage& stage, NodeProfile profile)
{
    streams::StreamOptions o;
    // A readable or writable stage states one value; PerSide keeps it on the
    // side the stage has, unless written per side.
    bool rObj = stage.objectMode.readable;
    bool wObj = stage.objectMode.writable;
    std::optional<std::int64_t> rHwm = stage.highWaterMark.readable;
    std::optional<std::int64_t> wHwm = stage.highWaterMark.writable;
    if (!stage.objectMode.split) {
        rObj = wObj = stage.objectMode.readable || stage.objectMode.writable;
    }
    if (!stage.highWaterMark.split) {
        const auto v = stage.highWaterMark.readable ? stage.highWaterMark.readable
                                                    : stage.highWaterMark.writable;
        rHwm = wHwm = v;
    }
    o.readableObjectMode = rObj;
    o.writableObjectMode = wObj;
    o.readableHighWaterMark = rHwm ? *rHwm : defaultHighWaterMark(profile, rObj);
    o.writableHighWaterMark = wHwm ? *wHwm : defaultHighWaterMark(profile, wObj);
    return o;
}

StageStream::StageStream(streams::Runtime& runtime, std::int32_t index, const Stage& stage,
                         std::uint32_t seed, StreamKind kind)
    : Stream(runtime, index, kind, streamOptionsOf(stage, runtime.profile)),
      m_name("stages[" + std::to_string(index) + "] (\"" + stage.id + "\")"),
      m_rng(Mulberry32::forStage(seed, static_cast<std::uint32_t>(index))),
      m_pooled(stage.allocOrDefault() == Alloc::Pool)
{
    setTiming(stage.timing());
}

void StageStream::setTiming(const StageTiming& timing)
{
    m_timing = timing;
    m_timing.intervalMs = std::max<std::int64_t>(0, m_timing.intervalMs);
    m_timing.delayMs = std::max<std::int64_t>(0, m_timing.delayMs);
    m_timing.perKibMs = std::max(0.0, m_timing.perKibMs);
    m_timing.jitter = std::clamp(m_timing.jitter, 0.0, 1.0);
    if (!(m_timing.ratio > 0.0)) {
        m_timing.ratio = 1.0;
    }
    m_timing.split = std::max<std::int64_t>(1, m_timing.split);
}

void StageStream::stop(const std::string& what) const
{
    throw RunStopped(m_name + ": " + what);
}

void StageStream::checkClock(std::int64_t t) const
{
    // Without until_ms nothing ends the run before that timer runs.
    if (t > kMaxExactInteger - m_rt.now() && !m_rt.untilMs) [[unlikely]] {
        stop("a step of " + std::to_string(t) + " ms at t = " + std::to_string(m_rt.now()) +
             " ms would take the virtual clock past 2^53-1 ms (9007199254740991)");
    }
}

std::int64_t StageStream::drawProcessingTime(std::int64_t bytes)
{
    std::int64_t t = 0;
    try {
        t = stepTime(processingBase(m_timing.delayMs, m_timing.perKibMs, bytes), m_timing.jitter,
                     m_rng);
    } catch (const std::range_error& e) {
        stop("the step time for a chunk of " + std::to_string(bytes) + " bytes: " + e.what());
    }
    checkClock(t);
    return t;
}

std::int64_t StageStream::drawSourceTime()
{
    std::int64_t t = 0;
    try {
        t = stepTime(static_cast<double>(m_timing.intervalMs), m_timing.jitter, m_rng);
    } catch (const std::range_error& e) {
        stop(std::string("the step time: ") + e.what());
    }
    checkClock(std::max<std::int64_t>(1, t));
    return t;
}

std::int64_t StageStream::drawFlushTime(std::int64_t flushMs)
{
    std::int64_t t = 0;
    try {
        t = stepTime(static_cast<double>(flushMs), m_timing.jitter, m_rng);
    } catch (const std::range_error& e) {
        stop(std::string("the flush time: ") + e.what());
    }
    checkClock(t);
    return t;
}

std::int64_t StageStream::outputSize(std::int64_t bytes) const
{
    try {
        return outputBytes(bytes, m_timing.ratio, m_timing.split);
    } catch (const std::range_error& e) {
        stop("the output size for a chunk of " + std::to_string(bytes) + " bytes: " + e.what());
    }
}

void StageStream::recordLine(EventKind kind, std::int64_t bytes, std::int64_t length)
{
    TraceEvent e;
    e.stage = stage();
    e.kind = kind;
    e.bytes = bytes;
    e.length = length;
    m_rt.record(e);
}

void StageStream::pushNew(Chunk chunk)
{
    if (!chunk.object) {
        chunk.alloc = m_rt.memory.allocate(chunk.bytes, m_pooled);
    }
    push(chunk);
    m_rt.memory.release(chunk.alloc);
}

// ------------------------------------------------------------ source

SourceStage::SourceStage(streams::Runtime& runtime, std::int32_t index, const Stage& stage,
                         std::uint32_t seed)
    : StageStream(runtime, index, stage, seed, StreamKind::Readable),
      m_chunks(stage.chunks),
      m_chunkBytes(stage.chunkBytes),
      m_mode(stage.mode)
{
}

Chunk SourceStage::makeChunk(std::int64_t number) const
{
    Chunk c;
    c.bytes = m_chunkBytes;
    c.object = readableState().objectMode;
    if (!m_rt.text.empty()) {
        const std::int64_t offset = (number - 1) * m_chunkBytes;
        c.bytes = std::min(m_chunkBytes, static_cast<std::int64_t>(m_rt.text.size()) - offset);
        c.textOffset = static_cast<std::uint16_t>(offset);
    }
    return c;
}

void SourceStage::start()
{
    if (m_mode == SourceMode::Push && m_chunks > 0) {
        const std::int64_t t = std::max<std::int64_t>(1, drawSourceTime());
        m_rt.loop.setTimeout<&SourceStage::pushModeStep>(t, this);
    }
}

void SourceStage::pushModeStep()
{
    ++m_taken;
    pushNew(makeChunk(m_taken));
    if (m_taken == m_chunks) {
        m_eofPushed = true;
        push(std::nullopt);
        return;
    }
    const std::int64_t t = std::max<std::int64_t>(1, drawSourceTime());
    m_rt.loop.setTimeout<&SourceStage::pushModeStep>(t, this);
}

void SourceStage::pushChunk(std::int64_t number)
{
    pushNew(makeChunk(number));
    if (number == m_chunks) {
        m_eofPushed = true;
        push(std::nullopt);
    }
}

void SourceStage::_read(std::int64_t /*n*/)
{
    recordLine(EventKind::Read, 0, readableState().length);
    if (m_chunks == 0) {
        if (!m_eofPushed) {
            m_eofPushed = true;
            push(std::nullopt);
        }
        return;
    }
    if (m_mode == SourceMode::Push || m_taken >= m_chunks) {
        return;
    }
    const std::int64_t number = ++m_taken;
    const std::int64_t t = drawSourceTime();
    if (t == 0) {
        pushChunk(number);
    } else {
        m_rt.loop.setTimeout(t, [this, number] { pushChunk(number); });
    }
}

// ------------------------------------------------------------ transform

TransformStage::TransformStage(streams::Runtime& runtime, std::int32_t index, const Stage& stage,
                               std::uint32_t seed)
    : StageStream(runtime, index, stage, seed, StreamKind::Transform),
      m_flushMs(stage.flushMs),
      m_flushChunks(stage.flushChunks),
      m_flushBytes(stage.flushBytes)
{
}

void TransformStage::_flush()
{
    recordLine(EventKind::Flush, 0, readableState().length);
    // With jitter one draw, even for flush_ms 0 (scenario-v2 section 3).
    const std::int64_t t = drawFlushTime(*m_flushMs);
    if (t == 0) {
        completeFlush();
    } else {
        m_rt.loop.setTimeout<&TransformStage::completeFlush>(t, this);
    }
}

// After a destroy the pushes return false and drop their chunks; the
// callback's push(null) follows all the same, as in Node.
void TransformStage::completeFlush()
{
    Chunk out;
    out.bytes = m_flushBytes;
    out.object = readableState().objectMode;
    for (std::int64_t k = 0; k < m_flushChunks; ++k) {
        pushNew(out);
    }
    recordLine(EventKind::Flushed, 0, readableState().length);
    flushCallback();
}

void TransformStage::_transform(Chunk chunk)
{
    recordLine(EventKind::Process, chunk.bytes, writableState().length);
    m_processing = true;
    m_processingBytes = chunk.bytes;
    m_input = chunk;
    const std::int64_t t = drawProcessingTime(chunk.bytes);
    m_outBytes = outputSize(chunk.bytes);
    m_outCount = m_timing.split;
    if (t == 0) {
        complete();
    } else {
        m_rt.loop.setTimeout<&TransformStage::complete>(t, this);
    }
}

void TransformStage::complete()
{
    Chunk out;
    out.bytes = m_outBytes;
    out.object = readableState().objectMode;
    if (!m_rt.text.empty()) {
        out = m_input;  // ratio 1, split 1: the same Buffer, passed on
        push(out);
    } else {
        for (std::int64_t k = 0; k < m_outCount; ++k) {
            pushNew(out);
        }
    }
    const std::int64_t bytes = m_processingBytes;
    ++processedChunks;
    processedBytes += bytes;
    m_processing = false;
    m_processingBytes = 0;
    recordLine(EventKind::Done, bytes, writableState().length);
    transformCallback(nullptr);
}

// ------------------------------------------------------------ sink

SinkStage::SinkStage(streams::Runtime& runtime, std::int32_t index, const Stage& stage,
                     std::uint32_t seed)
    : StageStream(runtime, index, stage, seed, StreamKind::Writable),
      m_decode(stage.decode),
      m_retainBytes(stage.retainBytesOrDefault())
{
}

void SinkStage::recordDecode(const std::string& text)
{
    TraceEvent e;
    e.stage = stage();
    e.kind = EventKind::Decode;
    e.message = text;
    m_rt.record(e);
}

void SinkStage::_final()
{
    recordDecode(m_decoder.end());
    finalCallback(nullptr);
}

void SinkStage::_write(Chunk chunk)
{
    recordLine(EventKind::Process, chunk.bytes, writableState().length);
    if (m_retainBytes > 0) {
        // cache.push(chunk.subarray(0, retain_bytes)): the slice shares
        // the chunk's memory.
        m_rt.memory.retain(chunk.alloc, stage());
    }
    if (m_decode != Decode::None) {
        const std::string_view bytes =
            m_rt.text.substr(chunk.textOffset, static_cast<std::size_t>(chunk.bytes));
        recordDecode(m_decode == Decode::PerChunk ? decodeUtf8Chunk(bytes)
                                                  : m_decoder.write(bytes));
    }
    m_processing = true;
    m_processingBytes = chunk.bytes;
    const std::int64_t t = drawProcessingTime(chunk.bytes);
    if (t == 0) {
        complete();
    } else {
        m_rt.loop.setTimeout<&SinkStage::complete>(t, this);
    }
}

void SinkStage::complete()
{
    const std::int64_t bytes = m_processingBytes;
    ++processedChunks;
    processedBytes += bytes;
    m_processing = false;
    m_processingBytes = 0;
    recordLine(EventKind::Done, bytes, writableState().length);
    onwrite(nullptr);
}

}  // namespace bplab
