#include "bplab_fast_trace/background_jsonl_trace_writer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <exception>
#include <utility>

#include "cpu_placement.h"

namespace bplab {

namespace {

// Which fields each kind carries, as one table the formatters index.
const std::array<EventFields, kEventKindCount> kFields = [] {
    std::array<EventFields, kEventKindCount> table{};
    for (int i = 0; i < kEventKindCount; ++i) {
        table[static_cast<std::size_t>(i)] = fieldsOf(static_cast<EventKind>(i));
    }
    return table;
}();

// The output buffer of the writer's thread (bytes).
constexpr std::size_t kWriterBufferBytes = 1024 * 1024;

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

// 0 … 9999 without leading zeros, left-aligned in 4 bytes, with their digit
// count: one load gives both, where comparing v against 10, 100 and 1000
// took branches that numbers of mixed lengths mispredict (80 KB).
struct SmallNumber {
    std::array<char, 4> digits;
    std::uint32_t count;
};
constexpr std::array<SmallNumber, 10000> kSmallNumbers = [] {
    std::array<SmallNumber, 10000> table{};
    for (std::size_t i = 0; i < 10000; ++i) {
        const std::uint32_t count = i < 10 ? 1 : i < 100 ? 2 : i < 1000 ? 3 : 4;
        for (std::uint32_t k = 0; k < 4; ++k) {
            table[i].digits[k] = k < count ? kDigitQuads[i * 4 + (4 - count) + k] : '0';
        }
        table[i].count = count;
    }
    return table;
}();

// Writes v < 10000 without leading zeros. Surprise: always stores 4 bytes,
// so up to 3 bytes past the returned end are scratch (every caller's room
// allows it).
inline char* writeUpTo4Digits(char* dst, std::uint32_t v)
{
    const SmallNumber& n = kSmallNumbers[v];
    std::memcpy(dst, n.digits.data(), 4);
    return dst + n.count;
}

// Writes exactly 4 digits of v < 10000, leading zeros included.
inline char* writeQuad(char* dst, std::uint32_t v)
{
    std::memcpy(dst, &kDigitQuads[static_cast<std::size_t>(v) * 4], 4);
    return dst + 4;
}

// Inlined: called two or three times for each of a million lines.
[[gnu::always_inline]] inline char* writeInt(char* dst, std::int64_t value)
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
        if (event.kind == EventKind::Pipeline) {
            dst = writeLiteral(dst, ",\"error\":");
        } else if (event.kind == EventKind::Decode) {
            dst = writeLiteral(dst, ",\"text\":");
        } else {
            dst = writeLiteral(dst, ",\"message\":");
        }
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

}  // namespace

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

namespace {

// A packed event is 16 bytes: the kind, a flags byte, the stage + 1 (16
// bits), then t, bytes and the length, 32 bits each. An event whose numbers do
// not fit (kWide) is followed by the stage + 1, t, bytes and the length as
// 64-bit values; one with a message (kMessage) by the message's size (32 bits)
// and bytes. The flags are BackgroundJsonlTraceWriter's (its header).

struct PackedEvent {
    std::uint8_t kind;
    std::uint8_t flags;
    std::uint16_t slot;  // stage + 1
    std::uint32_t t;
    std::uint32_t bytes;
    std::uint32_t length;
};
static_assert(sizeof(PackedEvent) == 16);

struct WideNumbers {
    std::int64_t slot;
    std::int64_t t;
    std::int64_t bytes;
    std::int64_t length;
};

// The most one event takes, its message aside.
constexpr std::size_t kMaxPackedBytes = sizeof(PackedEvent) + sizeof(WideNumbers) + 4;

constexpr std::size_t kBlockBytes = 256 * 1024;
constexpr std::size_t kMaxBlocksWaiting = 8;

template <typename T>
T load(const unsigned char*& p)
{
    T value;
    std::memcpy(&value, p, sizeof(T));
    p += sizeof(T);
    return value;
}

// Room one line without a message may take: the start (kLineStartRoom), a
// head copied as a whole slot, two numbers and the literal between them
// (copied as a whole kMidRoom), the end; rounded up.
constexpr std::size_t kHeadSlot = 64;
constexpr std::size_t kMidRoom = 32;
constexpr std::size_t kMaxPlainLine = kLineStartRoom + kHeadSlot + 24 + kMidRoom + 24 + 8;

// The literal between a line's two numbers, by kind and ret: `,"ret":true,"rlen":`.
struct Mid {
    std::array<char, kMidRoom> text{};
    std::size_t size = 0;
};

Mid makeMid(std::string_view text)
{
    Mid mid;
    std::memcpy(mid.text.data(), text.data(), text.size());
    mid.size = text.size();
    return mid;
}

}  // namespace

// Formats packed blocks (see record()) straight into JSON Lines, the same
// bytes as TraceLineFormatter, with fewer steps per line: each (stage, kind)
// has a head that runs up to the name of the line's first number, and the
// text between its two numbers is one table entry.
class BackgroundJsonlTraceWriter::PackedFormatter {
public:
    explicit PackedFormatter(const std::vector<std::string>& stageIds) : m_lines(stageIds)
    {
        const std::size_t slots = stageIds.size() + 1;
        m_heads.resize(slots * kEventKindCount);
        std::size_t longest = 0;
        for (std::size_t slot = 0; slot < slots; ++slot) {
            const std::string stage = stageJson(static_cast<std::int32_t>(slot) - 1, stageIds);
            for (int kind = 0; kind < kEventKindCount; ++kind) {
                std::string head = makePrefix(stage, static_cast<EventKind>(kind));
                head += firstName(static_cast<EventKind>(kind));
                longest = std::max(longest, head.size());
                m_heads[slot * kEventKindCount + static_cast<std::size_t>(kind)] = std::move(head);
            }
        }
        m_slotted = longest <= kHeadSlot;
        if (m_slotted) {
            m_slots.assign(m_heads.size() * kHeadSlot, '\0');
            for (std::size_t i = 0; i < m_heads.size(); ++i) {
                std::memcpy(&m_slots[i * kHeadSlot], m_heads[i].data(), m_heads[i].size());
            }
        }
        for (int kind = 0; kind < kEventKindCount; ++kind) {
            for (int ret = 0; ret < 2; ++ret) {
                m_mids[static_cast<std::size_t>(kind * 2 + ret)] =
                    makeMid(midText(static_cast<EventKind>(kind), ret != 0));
            }
        }
    }

    // Formats the packed events in [p, end) through `buffer` into `out`.
    void write(const unsigned char* p, const unsigned char* end, std::vector<char>& buffer,
               ByteSink& out) const
    {
        char* base = buffer.data();
        char* dst = base;
        char* limit = base + buffer.size() - kMaxPlainLine;
        std::int64_t t = 0;
        std::int64_t cachedT = 0;
        std::size_t startSize = 0;  // 0: nothing cached yet
        std::array<char, kLineStartRoom> start{};
        while (p < end) {
            const auto packed = load<PackedEvent>(p);
            const auto kind = static_cast<EventKind>(packed.kind);
            const unsigned flags = packed.flags;
            std::size_t slot = packed.slot;
            std::int64_t bytes = packed.bytes;
            std::int64_t length = packed.length;
            if ((flags & kWide) == 0) [[likely]] {
                t = packed.t;
            } else {
                const auto wide = load<WideNumbers>(p);
                slot = static_cast<std::size_t>(wide.slot);
                t = wide.t;
                bytes = wide.bytes;
                length = wide.length;
            }
            const EventFields& f = kFields[static_cast<std::size_t>(kind)];
            if (f.message) [[unlikely]] {
                TraceEvent event;
                event.t = t;
                event.stage = static_cast<std::int32_t>(slot) - 1;
                event.kind = kind;
                event.messageNull = (flags & kMessageNull) != 0;
                if ((flags & kMessage) != 0) {
                    const auto size = static_cast<std::size_t>(load<std::uint32_t>(p));
                    event.message = {reinterpret_cast<const char*>(p), size};
                    p += size;
                }
                const std::size_t room = m_lines.maxLineBytes(event);
                if (static_cast<std::size_t>(base + buffer.size() - dst) < room) {
                    out.write({base, static_cast<std::size_t>(dst - base)});
                    if (buffer.size() < room) {
                        buffer.resize(room);
                    }
                    base = buffer.data();
                    dst = base;
                    limit = base + buffer.size() - kMaxPlainLine;
                }
                dst = m_lines.format(dst, event);
                continue;
            }
            if (dst > limit) [[unlikely]] {
                out.write({base, static_cast<std::size_t>(dst - base)});
                dst = base;
            }
            // {"t":<t>
            if (t != cachedT || startSize == 0) {
                char* startEnd = writeInt(writeLiteral(start.data(), "{\"t\":"), t);
                startSize = static_cast<std::size_t>(startEnd - start.data());
                cachedT = t;
            }
            std::memcpy(dst, start.data(), kLineStartRoom);
            dst += startSize;
            // ,"stage":…,"ev":…,"<first field>":
            const std::size_t headIndex = slot * kEventKindCount + static_cast<std::size_t>(kind);
            if (m_slotted) [[likely]] {
                std::memcpy(dst, &m_slots[headIndex * kHeadSlot], kHeadSlot);
                dst += m_heads[headIndex].size();
            } else {
                const std::string& head = m_heads[headIndex];
                std::memcpy(dst, head.data(), head.size());
                dst += head.size();
            }
            const bool hasLength = f.rlen || f.wlen;
            if (f.bytes) {
                dst = (flags & kBytesNull) != 0 ? writeLiteral(dst, "null") : writeInt(dst, bytes);
                if (hasLength) {
                    const Mid& mid =
                        m_mids[static_cast<std::size_t>(kind) * 2 + ((flags & kRet) != 0 ? 1 : 0)];
                    std::memcpy(dst, mid.text.data(), kMidRoom);
                    dst += mid.size;
                }
            }
            if (hasLength) {
                dst = writeInt(dst, length);
            }
            dst = writeLiteral(dst, "}\n");
        }
        if (dst != base) {
            out.write({base, static_cast<std::size_t>(dst - base)});
        }
    }

private:
    // The name of the first field a kind carries, with its colon.
    static std::string_view firstName(EventKind kind)
    {
        const EventFields f = kFields[static_cast<std::size_t>(kind)];
        if (f.message) {
            return "";  // lines with a message take the general path
        }
        if (f.bytes) {
            return ",\"bytes\":";
        }
        if (f.rlen) {
            return ",\"rlen\":";
        }
        if (f.wlen) {
            return ",\"wlen\":";
        }
        return "";
    }

    // What comes between `bytes` and the length, for kinds that carry both.
    static std::string midText(EventKind kind, bool ret)
    {
        const EventFields f = kFields[static_cast<std::size_t>(kind)];
        std::string mid;
        if (!f.bytes || (!f.rlen && !f.wlen)) {
            return mid;
        }
        if (f.ret) {
            mid += ret ? ",\"ret\":true" : ",\"ret\":false";
        }
        mid += f.rlen ? ",\"rlen\":" : ",\"wlen\":";
        return mid;
    }

    TraceLineFormatter m_lines;        // lines with a message
    std::vector<std::string> m_heads;  // [(stage + 1) * kEventKindCount + kind]
    std::vector<char> m_slots;         // the heads again, kHeadSlot bytes each
    bool m_slotted = false;            // every head fits a slot
    std::array<Mid, static_cast<std::size_t>(kEventKindCount) * 2> m_mids{};
};

BackgroundJsonlTraceWriter::BackgroundJsonlTraceWriter(ByteSink& out,
                                                       const std::vector<std::string>& stageIds)
    : m_out(&out), m_packed(std::make_unique<PackedFormatter>(stageIds))
{
    start();
}

BackgroundJsonlTraceWriter::BackgroundJsonlTraceWriter(std::ostream& out,
                                                       const std::vector<std::string>& stageIds)
    : m_ownSink(std::make_unique<OstreamByteSink>(out)),
      m_out(m_ownSink.get()),
      m_packed(std::make_unique<PackedFormatter>(stageIds))
{
    start();
}

void BackgroundJsonlTraceWriter::start()
{
    m_current.capacity = kBlockBytes;
    m_current.data = std::make_unique_for_overwrite<unsigned char[]>(kBlockBytes);
    m_thread = std::thread([this] { run(); });
    m_cpus = std::make_unique<SeparateCpus>(m_thread.native_handle());
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
    m_cpus.reset();
}

static_assert(sizeof(PackedEvent) == BackgroundJsonlTraceWriter::kPackedBytes);
static_assert(std::endian::native == std::endian::little,
              "record() writes a PackedEvent as two little-endian words");

// An event with a message, or with numbers too large for a PackedEvent.
void BackgroundJsonlTraceWriter::recordSlow(const TraceEvent& event)
{
    const bool hasMessage =
        kFields[static_cast<std::size_t>(event.kind)].message && !event.messageNull;
    const std::size_t need = kMaxPackedBytes + (hasMessage ? event.message.size() : 0);
    if (m_current.capacity - m_current.used < need) {
        makeRoom(need);
    }
    // Numbers that fit, with room made: the compact form after all.
    if (compact(event)) {
        record(event);
        return;
    }
    const PackedEvent packed{
        .kind = static_cast<std::uint8_t>(event.kind),
        .flags = static_cast<std::uint8_t>(flagsOf(event) | kWide | (hasMessage ? kMessage : 0U)),
        .slot = 0,
        .t = 0,
        .bytes = 0,
        .length = 0,
    };
    unsigned char* p = m_current.data.get() + m_current.used;
    std::memcpy(p, &packed, sizeof packed);
    p += sizeof packed;
    const WideNumbers numbers{.slot = std::int64_t{event.stage} + 1,
                              .t = event.t,
                              .bytes = event.bytes,
                              .length = event.length};
    std::memcpy(p, &numbers, sizeof numbers);
    p += sizeof numbers;
    if (hasMessage) {
        const auto size = static_cast<std::uint32_t>(event.message.size());
        std::memcpy(p, &size, sizeof size);
        std::memcpy(p + sizeof size, event.message.data(), size);
        p += sizeof size + size;
    }
    m_current.used = static_cast<std::size_t>(p - m_current.data.get());
}

void BackgroundJsonlTraceWriter::makeRoom(std::size_t bytes)
{
    if (m_current.used > 0) {
        handOver();
    }
    if (m_current.capacity < bytes) {
        m_current.data = std::make_unique_for_overwrite<unsigned char[]>(bytes);
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
        next.data = std::make_unique_for_overwrite<unsigned char[]>(kBlockBytes);
    }
    next.used = 0;
    m_current = std::move(next);
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
                m_packed->write(block.data.get(), block.data.get() + block.used, buffer, *m_out);
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

}  // namespace bplab
