#include "bplab_core/trace.h"

#include <array>
#include <charconv>

namespace bplab {

namespace {

constexpr std::array<std::string_view, kEventKindCount> kNames = {
    "read",  "push",   "write", "process", "done",     "data",     "pause",
    "resume", "end",   "drain", "finish",  "close",    "pipe",     "unpipe",
    "error", "pipeline", "uncaught", "oom", "idle",    "until",
};

void appendInt(std::string& out, std::int64_t value)
{
    std::array<char, 24> digits{};
    auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    (void)ec;
    out.append(digits.data(), end);
}

constexpr std::size_t kFlushThreshold = 64 * 1024;

}  // namespace

std::string_view toString(EventKind kind) { return kNames[static_cast<std::size_t>(kind)]; }

EventFields fieldsOf(EventKind kind)
{
    switch (kind) {
    case EventKind::Read:
    case EventKind::Pause:
    case EventKind::Resume: return {.rlen = true};
    case EventKind::Push: return {.bytes = true, .ret = true, .rlen = true};
    case EventKind::Write: return {.bytes = true, .ret = true, .wlen = true};
    case EventKind::Process:
    case EventKind::Done: return {.bytes = true, .wlen = true};
    case EventKind::Data: return {.bytes = true, .rlen = true};
    case EventKind::Drain: return {.wlen = true};
    case EventKind::Error:
    case EventKind::Pipeline:
    case EventKind::Uncaught: return {.message = true};
    case EventKind::Oom: return {.bytes = true};
    case EventKind::End:
    case EventKind::Finish:
    case EventKind::Close:
    case EventKind::Pipe:
    case EventKind::Unpipe:
    case EventKind::Idle:
    case EventKind::Until: return {};
    }
    return {};
}

void appendJsonString(std::string& out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
            if (u < 0x20) {
                out.append("\\u00");
                out.push_back(kHex[u >> 4]);
                out.push_back(kHex[u & 0xF]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

void appendTraceLine(std::string& out, const TraceEvent& event,
                     const std::vector<std::string>& stageIds)
{
    out.append("{\"t\":");
    appendInt(out, event.t);
    out.append(",\"stage\":");
    if (event.stage == kAllStages) {
        out.append("\"*\"");
    } else {
        appendJsonString(out, stageIds[static_cast<std::size_t>(event.stage)]);
    }
    out.append(",\"ev\":\"");
    out.append(toString(event.kind));
    out.push_back('"');
    const EventFields f = fieldsOf(event.kind);
    if (f.bytes) {
        out.append(",\"bytes\":");
        if (event.bytesNull) {
            out.append("null");
        } else {
            appendInt(out, event.bytes);
        }
    }
    if (f.ret) {
        out.append(event.ret ? ",\"ret\":true" : ",\"ret\":false");
    }
    if (f.rlen) {
        out.append(",\"rlen\":");
        appendInt(out, event.length);
    }
    if (f.wlen) {
        out.append(",\"wlen\":");
        appendInt(out, event.length);
    }
    if (f.message) {
        out.append(event.kind == EventKind::Pipeline ? ",\"error\":" : ",\"message\":");
        if (event.messageNull) {
            out.append("null");
        } else {
            appendJsonString(out, event.message);
        }
    }
    out.append("}\n");
}

JsonlTraceWriter::JsonlTraceWriter(std::ostream& out, std::vector<std::string> stageIds)
    : m_out(out), m_stageIds(std::move(stageIds))
{
    m_buffer.reserve(kFlushThreshold + 512);
}

JsonlTraceWriter::~JsonlTraceWriter() { flush(); }

void JsonlTraceWriter::record(const TraceEvent& event)
{
    appendTraceLine(m_buffer, event, m_stageIds);
    if (m_buffer.size() >= kFlushThreshold) {
        flush();
    }
}

void JsonlTraceWriter::flush()
{
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_buffer.clear();
    m_out.flush();
}

}  // namespace bplab
