#include "bplab_core/trace.h"

#include <array>
#include <cstring>
#include <exception>
#include <utility>

namespace bplab {

namespace {

constexpr std::array<std::string_view, kEventKindCount> kNames = {
    "read",   "push",     "write",    "process", "done",  "data",  "pause",
    "resume", "end",      "drain",    "finish",  "close", "pipe",  "unpipe",
    "error",  "pipeline", "uncaught", "oom",     "idle",  "until",
};

constexpr EventFields computeFields(EventKind kind)
{
    switch (kind) {
        case EventKind::Read:
        case EventKind::Pause:
        case EventKind::Resume:
            return {.rlen = true};
        case EventKind::Push:
            return {.bytes = true, .ret = true, .rlen = true};
        case EventKind::Write:
            return {.bytes = true, .ret = true, .wlen = true};
        case EventKind::Process:
        case EventKind::Done:
            return {.bytes = true, .wlen = true};
        case EventKind::Data:
            return {.bytes = true, .rlen = true};
        case EventKind::Drain:
            return {.wlen = true};
        case EventKind::Error:
        case EventKind::Pipeline:
        case EventKind::Uncaught:
            return {.message = true};
        case EventKind::Oom:
            return {.bytes = true};
        case EventKind::End:
        case EventKind::Finish:
        case EventKind::Close:
        case EventKind::Pipe:
        case EventKind::Unpipe:
        case EventKind::Idle:
        case EventKind::Until:
            return {};
    }
    return {};
}

constexpr std::array<EventFields, kEventKindCount> kFields = [] {
    std::array<EventFields, kEventKindCount> table{};
    for (int i = 0; i < kEventKindCount; ++i) {
        table[static_cast<std::size_t>(i)] = computeFields(static_cast<EventKind>(i));
    }
    return table;
}();

// "00" "01" … "99": two digits at a time.
constexpr std::array<char, 200> kDigitPairs = [] {
    std::array<char, 200> table{};
    for (int i = 0; i < 100; ++i) {
        table[static_cast<std::size_t>(2 * i)] = static_cast<char>('0' + i / 10);
        table[static_cast<std::size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
    }
    return table;
}();

template <typename U>
int digitCount(U v)
{
    int count = 1;
    for (;;) {
        if (v < 10) {
            return count;
        }
        if (v < 100) {
            return count + 1;
        }
        if (v < 1000) {
            return count + 2;
        }
        if (v < 10000) {
            return count + 3;
        }
        v /= 10000;
        count += 4;
    }
}

// Writes the decimal digits of v, most significant first, in place.
template <typename U>
char* writeDigits(char* dst, U v)
{
    char* const end = dst + digitCount(v);
    char* p = end;
    while (v >= 100) {
        const auto pair = static_cast<std::size_t>(v % 100) * 2;
        v /= 100;
        *--p = kDigitPairs[pair + 1];
        *--p = kDigitPairs[pair];
    }
    if (v >= 10) {
        const auto pair = static_cast<std::size_t>(v) * 2;
        *--p = kDigitPairs[pair + 1];
        *--p = kDigitPairs[pair];
    } else {
        *--p = static_cast<char>('0' + v);
    }
    return end;
}

// "0000" "0001" … "9999": four digits at a time (40 KB).
constexpr std::array<char, 40000> kDigitQuads = [] {
    std::array<char, 40000> table{};
    for (int i = 0; i < 10000; ++i) {
        const auto at = static_cast<std::size_t>(4 * i);
        table[at] = static_cast<char>('0' + i / 1000);
        table[at + 1] = static_cast<char>('0' + i / 100 % 10);
        table[at + 2] = static_cast<char>('0' + i / 10 % 10);
        table[at + 3] = static_cast<char>('0' + i % 10);
    }
    return table;
}();

// Writes v < 10000 without leading zeros. Surprise: always stores 4 bytes,
// so up to 3 bytes past the returned end are scratch (every caller's room
// allows it).
char* writeUpTo4Digits(char* dst, std::uint32_t v)
{
    const std::size_t count = v < 100 ? (v < 10 ? 1 : 2) : (v < 1000 ? 3 : 4);
    std::memcpy(dst, &kDigitQuads[static_cast<std::size_t>(v) * 4 + (4 - count)], 4);
    return dst + count;
}

// Writes exactly 4 digits of v < 10000, leading zeros included.
char* writeQuad(char* dst, std::uint32_t v)
{
    std::memcpy(dst, &kDigitQuads[static_cast<std::size_t>(v) * 4], 4);
    return dst + 4;
}

char* writeInt(char* dst, std::int64_t value)
{
    auto magnitude = static_cast<std::uint64_t>(value);
    if (value < 0) {
        *dst++ = '-';
        magnitude = ~magnitude + 1;
    }
    // Most values (times, lengths, sizes) have at most 8 digits: one or two
    // table lookups.
    if (magnitude < 10000) {
        return writeUpTo4Digits(dst, static_cast<std::uint32_t>(magnitude));
    }
    if (magnitude < 100000000) {
        const auto v = static_cast<std::uint32_t>(magnitude);
        return writeQuad(writeUpTo4Digits(dst, v / 10000), v % 10000);
    }
    if (magnitude <= 0xFFFFFFFFu) {
        return writeDigits(dst, static_cast<std::uint32_t>(magnitude));
    }
    return writeDigits(dst, magnitude);
}

template <std::size_t N>
char* writeLiteral(char* dst, const char (&text)[N])
{
    std::memcpy(dst, text, N - 1);
    return dst + (N - 1);
}

// Longest escape of one byte: \u00XX.
constexpr std::size_t kMaxEscapedByte = 6;

char* writeJsonString(char* dst, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    *dst++ = '"';
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                dst = writeLiteral(dst, "\\\"");
                break;
            case '\\':
                dst = writeLiteral(dst, "\\\\");
                break;
            case '\n':
                dst = writeLiteral(dst, "\\n");
                break;
            case '\r':
                dst = writeLiteral(dst, "\\r");
                break;
            case '\t':
                dst = writeLiteral(dst, "\\t");
                break;
            case '\b':
                dst = writeLiteral(dst, "\\b");
                break;
            case '\f':
                dst = writeLiteral(dst, "\\f");
                break;
            default:
                if (u < 0x20) {
                    dst = writeLiteral(dst, "\\u00");
                    *dst++ = kHex[u >> 4];
                    *dst++ = kHex[u & 0xF];
                } else {
                    *dst++ = c;
                }
        }
    }
    *dst++ = '"';
    return dst;
}

std::string makePrefix(std::string_view stageJson, EventKind kind)
{
    std::string prefix = ",\"stage\":";
    prefix += stageJson;
    prefix += ",\"ev\":\"";
    prefix += toString(kind);
    prefix += '"';
    return prefix;
}

std::string stageJson(std::int32_t stage, const std::vector<std::string>& stageIds)
{
    if (stage == kAllStages) {
        return "\"*\"";
    }
    std::string quoted(stageIds[static_cast<std::size_t>(stage)].size() * kMaxEscapedByte + 2,
                       '\0');
    char* end = writeJsonString(quoted.data(), stageIds[static_cast<std::size_t>(stage)]);
    quoted.resize(static_cast<std::size_t>(end - quoted.data()));
    return quoted;
}

// `{"t":<t>`, the start of every line. Consecutive lines mostly share their
// time (a trace has several lines per virtual ms), so each thread keeps the
// last start it wrote and copies it while the time stays the same.
// `{"t":` and at most 20 characters of a 64-bit integer, rounded up: copied whole.
constexpr std::size_t kLineStartRoom = 32;

struct LineStartCache {
    std::int64_t t = 0;
    std::size_t size = 0;  // 0 = nothing cached yet
    std::array<char, kLineStartRoom> text{};
};

char* writeLineStart(char* dst, std::int64_t t)
{
    thread_local LineStartCache cache;
    if (cache.size == 0 || cache.t != t) {
        char* end = writeInt(writeLiteral(cache.text.data(), "{\"t\":"), t);
        cache.size = static_cast<std::size_t>(end - cache.text.data());
        cache.t = t;
    }
    // The whole array: a fixed-size copy, within the line's room (kFixedRoom).
    std::memcpy(dst, cache.text.data(), kLineStartRoom);
    return dst + cache.size;
}

// Fields after the prefix, and the closing "}\n". Room: kFixedRoom plus the
// escaped message.
constexpr std::size_t kFixedRoom = 160;
static_assert(kLineStartRoom <= kFixedRoom);

char* writeFields(char* dst, const TraceEvent& event)
{
    const EventFields& f = kFields[static_cast<std::size_t>(event.kind)];
    if (f.bytes) {
        dst = writeLiteral(dst, ",\"bytes\":");
        dst = event.bytesNull ? writeLiteral(dst, "null") : writeInt(dst, event.bytes);
    }
    if (f.ret) {
        dst = event.ret ? writeLiteral(dst, ",\"ret\":true") : writeLiteral(dst, ",\"ret\":false");
    }
    if (f.rlen) {
        dst = writeLiteral(dst, ",\"rlen\":");
        dst = writeInt(dst, event.length);
    }
    if (f.wlen) {
        dst = writeLiteral(dst, ",\"wlen\":");
        dst = writeInt(dst, event.length);
    }
    if (f.message) {
        dst = event.kind == EventKind::Pipeline ? writeLiteral(dst, ",\"error\":")
                                                : writeLiteral(dst, ",\"message\":");
        dst = event.messageNull ? writeLiteral(dst, "null") : writeJsonString(dst, event.message);
    }
    return writeLiteral(dst, "}\n");
}

std::size_t roomFor(const TraceEvent& event, std::size_t prefixBytes)
{
    const bool hasMessage =
        kFields[static_cast<std::size_t>(event.kind)].message && !event.messageNull;
    return kFixedRoom + prefixBytes + (hasMessage ? event.message.size() * kMaxEscapedByte : 0);
}

constexpr std::size_t kWriterBufferBytes = 1024 * 1024;

}  // namespace

std::string_view toString(EventKind kind)
{
    return kNames[static_cast<std::size_t>(kind)];
}

EventFields fieldsOf(EventKind kind)
{
    return kFields[static_cast<std::size_t>(kind)];
}

void appendJsonString(std::string& out, std::string_view text)
{
    const std::size_t start = out.size();
    out.resize(start + text.size() * kMaxEscapedByte + 2);
    char* end = writeJsonString(out.data() + start, text);
    out.resize(static_cast<std::size_t>(end - out.data()));
}

void appendTraceLine(std::string& out, const TraceEvent& event,
                     const std::vector<std::string>& stageIds)
{
    const std::string prefix = makePrefix(stageJson(event.stage, stageIds), event.kind);
    const std::size_t start = out.size();
    out.resize(start + roomFor(event, prefix.size()));
    char* dst = out.data() + start;
    dst = writeLiteral(dst, "{\"t\":");
    dst = writeInt(dst, event.t);
    std::memcpy(dst, prefix.data(), prefix.size());
    dst = writeFields(dst + prefix.size(), event);
    out.resize(static_cast<std::size_t>(dst - out.data()));
}

TraceLineFormatter::TraceLineFormatter(const std::vector<std::string>& stageIds)
{
    const std::size_t slots = stageIds.size() + 1;
    m_prefixes.reserve(slots * static_cast<std::size_t>(kEventKindCount));
    for (std::size_t slot = 0; slot < slots; ++slot) {
        const std::string stage = stageJson(static_cast<std::int32_t>(slot) - 1, stageIds);
        for (int kind = 0; kind < kEventKindCount; ++kind) {
            m_prefixes.push_back(makePrefix(stage, static_cast<EventKind>(kind)));
        }
    }
}

const std::string& TraceLineFormatter::prefix(const TraceEvent& event) const
{
    const auto slot = static_cast<std::size_t>(event.stage + 1);
    return m_prefixes[slot * static_cast<std::size_t>(kEventKindCount) +
                      static_cast<std::size_t>(event.kind)];
}

std::size_t TraceLineFormatter::maxLineBytes(const TraceEvent& event) const
{
    return roomFor(event, prefix(event).size());
}

char* TraceLineFormatter::format(char* dst, const TraceEvent& event) const
{
    dst = writeLineStart(dst, event.t);
    const std::string& p = prefix(event);
    std::memcpy(dst, p.data(), p.size());
    return writeFields(dst + p.size(), event);
}

JsonlTraceWriter::JsonlTraceWriter(std::ostream& out, const std::vector<std::string>& stageIds)
    : m_out(out), m_formatter(stageIds), m_buffer(kWriterBufferBytes)
{
}

JsonlTraceWriter::~JsonlTraceWriter()
{
    flush();
}

void JsonlTraceWriter::record(const TraceEvent& event)
{
    const std::size_t room = m_formatter.maxLineBytes(event);
    if (m_buffer.size() - m_used < room) {
        flush();
        if (m_buffer.size() < room) {
            m_buffer.resize(room);
        }
    }
    char* end = m_formatter.format(m_buffer.data() + m_used, event);
    m_used = static_cast<std::size_t>(end - m_buffer.data());
}

void JsonlTraceWriter::flush()
{
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_used));
    m_used = 0;
    m_out.flush();
}

namespace {

// A packed event: the kind, a flags byte, then zigzag varints: the stage, the
// change of t since the block's previous event (when kNewTime), and the
// fields the kind carries (bytes unless null, rlen or wlen, the message's
// size and bytes unless null).
constexpr unsigned kRet = 1;
constexpr unsigned kBytesNull = 2;
constexpr unsigned kMessageNull = 4;
constexpr unsigned kNewTime = 8;
// Kind, flags and four varints of at most 10 bytes each, rounded up.
constexpr std::size_t kMaxPackedBytes = 48;

constexpr std::size_t kBlockBytes = 256 * 1024;
constexpr std::size_t kMaxBlocksWaiting = 8;

std::uint64_t zigzag(std::int64_t v)
{
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

std::int64_t unzigzag(std::uint64_t v)
{
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

unsigned char* putVarint(unsigned char* p, std::uint64_t v)
{
    while (v >= 0x80) {
        *p++ = static_cast<unsigned char>(v | 0x80);
        v >>= 7;
    }
    *p++ = static_cast<unsigned char>(v);
    return p;
}

std::uint64_t getVarint(const unsigned char*& p)
{
    std::uint64_t v = *p++;
    if (v < 0x80) [[likely]] {
        return v;
    }
    v &= 0x7F;
    for (int shift = 7;; shift += 7) {
        const std::uint64_t byte = *p++;
        v |= (byte & 0x7F) << shift;
        if (byte < 0x80) {
            return v;
        }
    }
}

}  // namespace

BackgroundJsonlTraceWriter::BackgroundJsonlTraceWriter(ByteSink& out,
                                                       const std::vector<std::string>& stageIds)
    : m_out(&out), m_formatter(stageIds)
{
    start();
}

BackgroundJsonlTraceWriter::BackgroundJsonlTraceWriter(std::ostream& out,
                                                       const std::vector<std::string>& stageIds)
    : m_ownSink(std::make_unique<OstreamByteSink>(out)),
      m_out(m_ownSink.get()),
      m_formatter(stageIds)
{
    start();
}

void BackgroundJsonlTraceWriter::start()
{
    m_current.capacity = kBlockBytes;
    m_current.data = std::make_unique<unsigned char[]>(kBlockBytes);
    m_thread = std::thread([this] { run(); });
}

BackgroundJsonlTraceWriter::~BackgroundJsonlTraceWriter()
{
    try {
        flush();
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): documented in the header
    }
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void BackgroundJsonlTraceWriter::record(const TraceEvent& event)
{
    const EventFields& f = kFields[static_cast<std::size_t>(event.kind)];
    const bool hasMessage = f.message && !event.messageNull;
    const std::size_t need = kMaxPackedBytes + (hasMessage ? event.message.size() : 0);
    if (m_current.capacity - m_current.used < need) [[unlikely]] {
        makeRoom(need);
    }
    unsigned char* p = m_current.data.get() + m_current.used;
    unsigned flags = (event.ret ? kRet : 0U) | (event.bytesNull ? kBytesNull : 0U) |
                     (event.messageNull ? kMessageNull : 0U);
    const bool newTime = event.t != m_lastT || m_current.used == 0;
    flags |= newTime ? kNewTime : 0U;
    p[0] = static_cast<unsigned char>(event.kind);
    p[1] = static_cast<unsigned char>(flags);
    p = putVarint(p + 2, zigzag(event.stage));
    if (newTime) {
        p = putVarint(p, zigzag(event.t - m_lastT));
        m_lastT = event.t;
    }
    if (f.bytes && !event.bytesNull) {
        p = putVarint(p, zigzag(event.bytes));
    }
    if (f.rlen || f.wlen) {
        p = putVarint(p, zigzag(event.length));
    }
    if (hasMessage) {
        p = putVarint(p, event.message.size());
        std::memcpy(p, event.message.data(), event.message.size());
        p += event.message.size();
    }
    m_current.used = static_cast<std::size_t>(p - m_current.data.get());
}

void BackgroundJsonlTraceWriter::makeRoom(std::size_t bytes)
{
    if (m_current.used > 0) {
        handOver();
    }
    if (m_current.capacity < bytes) {
        m_current.data = std::make_unique<unsigned char[]>(bytes);
        m_current.capacity = bytes;
    }
}

void BackgroundJsonlTraceWriter::handOver()
{
    Block next;
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_full.size() < kMaxBlocksWaiting; });
        m_full.push_back(std::move(m_current));
        if (!m_free.empty()) {
            next = std::move(m_free.back());
            m_free.pop_back();
        }
    }
    m_changed.notify_all();
    if (!next.data) {
        next.capacity = kBlockBytes;
        next.data = std::make_unique<unsigned char[]>(kBlockBytes);
    }
    next.used = 0;
    m_current = std::move(next);
    m_lastT = 0;
}

void BackgroundJsonlTraceWriter::rethrowError()
{
    std::exception_ptr error;
    {
        const std::lock_guard lock(m_mutex);
        error = std::exchange(m_error, nullptr);
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

void BackgroundJsonlTraceWriter::flush()
{
    if (m_current.used > 0) {
        handOver();
    }
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_full.empty() && !m_busy; });
    }
    rethrowError();
}

void BackgroundJsonlTraceWriter::run()
{
    std::vector<char> buffer(kWriterBufferBytes);
    for (;;) {
        Block block;
        bool failed = false;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return !m_full.empty() || m_stopping; });
            if (m_full.empty()) {
                return;
            }
            block = std::move(m_full.front());
            m_full.pop_front();
            m_busy = true;
            failed = m_failed;
        }
        m_changed.notify_all();  // room for another block
        std::exception_ptr error;
        if (!failed) {
            try {
                writeBlock(block, buffer);
                m_out->flush();
            } catch (const std::exception&) {
                error = std::current_exception();
            }
        }
        {
            const std::lock_guard lock(m_mutex);
            if (error) {
                m_failed = true;
                m_error = error;
            }
            // A block grown for one long message is not kept.
            if (block.capacity == kBlockBytes) {
                m_free.push_back(std::move(block));
            }
            m_busy = false;
        }
        m_changed.notify_all();
    }
}

void BackgroundJsonlTraceWriter::writeBlock(const Block& block, std::vector<char>& buffer)
{
    const unsigned char* p = block.data.get();
    const unsigned char* const end = p + block.used;
    std::size_t used = 0;
    std::int64_t t = 0;
    while (p < end) {
        TraceEvent event;
        event.kind = static_cast<EventKind>(p[0]);
        const unsigned flags = p[1];
        p += 2;
        event.stage = static_cast<std::int32_t>(unzigzag(getVarint(p)));
        if ((flags & kNewTime) != 0) {
            t += unzigzag(getVarint(p));
        }
        event.t = t;
        event.ret = (flags & kRet) != 0;
        event.bytesNull = (flags & kBytesNull) != 0;
        event.messageNull = (flags & kMessageNull) != 0;
        const EventFields& f = kFields[static_cast<std::size_t>(event.kind)];
        if (f.bytes && !event.bytesNull) {
            event.bytes = unzigzag(getVarint(p));
        }
        if (f.rlen || f.wlen) {
            event.length = unzigzag(getVarint(p));
        }
        if (f.message && !event.messageNull) {
            const auto size = static_cast<std::size_t>(getVarint(p));
            event.message = {reinterpret_cast<const char*>(p), size};
            p += size;
        }
        const std::size_t room = m_formatter.maxLineBytes(event);
        if (buffer.size() - used < room) {
            m_out->write({buffer.data(), used});
            used = 0;
            if (buffer.size() < room) {
                buffer.resize(room);
            }
        }
        used = static_cast<std::size_t>(m_formatter.format(buffer.data() + used, event) -
                                        buffer.data());
    }
    if (used > 0) {
        m_out->write({buffer.data(), used});
    }
}

}  // namespace bplab
