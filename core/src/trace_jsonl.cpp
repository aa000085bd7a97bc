#include "bplab_core/trace_jsonl.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace bplab {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kWriterBufferBytes = 1024 * 1024;

void appendInt(std::string& out, std::int64_t value)
{
    char digits[24];
    const auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
    out.append(digits, end);
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (const auto u = static_cast<unsigned char>(c); u < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[u >> 4]);
                    out.push_back(kHex[u & 0xF]);
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
}

// The key order is the harness's: t, stage, ev, then the kind's fields.
void appendTraceLine(std::string& out, const TraceEvent& event,
                     const std::vector<std::string>& stageIds)
{
    out += "{\"t\":";
    appendInt(out, event.t);
    out += ",\"stage\":";
    if (event.stage == kAllStages) {
        out += "\"*\"";
    } else {
        appendJsonString(out, stageIds[static_cast<std::size_t>(event.stage)]);
    }
    out += ",\"ev\":\"";
    out += toString(event.kind);
    out.push_back('"');
    const EventFields f = fieldsOf(event.kind);
    if (f.bytes) {
        out += ",\"bytes\":";
        if (event.bytesNull) {
            out += "null";
        } else {
            appendInt(out, event.bytes);
        }
    }
    if (f.ret) {
        out += event.ret ? ",\"ret\":true" : ",\"ret\":false";
    }
    if (f.rlen) {
        out += ",\"rlen\":";
        appendInt(out, event.length);
    }
    if (f.wlen) {
        out += ",\"wlen\":";
        appendInt(out, event.length);
    }
    if (f.message) {
        out += ",\"";
        out += messageKeyOf(event.kind);
        out += "\":";
        if (event.messageNull) {
            out += "null";
        } else {
            appendJsonString(out, event.message);
        }
    }
    out += "}\n";
}

JsonlTraceWriter::JsonlTraceWriter(std::ostream& out, std::vector<std::string> stageIds)
    : m_out(out), m_stageIds(std::move(stageIds))
{
    m_buffer.reserve(kWriterBufferBytes);
}

JsonlTraceWriter::~JsonlTraceWriter()
{
    flush();
}

void JsonlTraceWriter::record(const TraceEvent& event)
{
    appendTraceLine(m_buffer, event, m_stageIds);
    if (m_buffer.size() >= kWriterBufferBytes) {
        flush();
    }
}

void JsonlTraceWriter::flush()
{
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_buffer.clear();
    m_out.flush();
}

const TraceValue* TraceLine::find(std::string_view key) const
{
    for (const auto& [name, value] : fields) {
        if (name == key) {
            return &value;
        }
    }
    return nullptr;
}

std::int64_t TraceLine::t() const
{
    const TraceValue* value = find("t");
    return value != nullptr && std::holds_alternative<std::int64_t>(*value)
               ? std::get<std::int64_t>(*value)
               : 0;
}

std::string_view TraceLine::stage() const
{
    const TraceValue* value = find("stage");
    return value != nullptr && std::holds_alternative<std::string>(*value)
               ? std::string_view(std::get<std::string>(*value))
               : std::string_view();
}

std::string_view TraceLine::ev() const
{
    const TraceValue* value = find("ev");
    return value != nullptr && std::holds_alternative<std::string>(*value)
               ? std::string_view(std::get<std::string>(*value))
               : std::string_view();
}

std::string toJson(const TraceValue& value)
{
    if (std::holds_alternative<std::nullptr_t>(value)) {
        return "null";
    }
    if (const bool* flag = std::get_if<bool>(&value)) {
        return *flag ? "true" : "false";
    }
    if (const std::int64_t* number = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*number);
    }
    std::string out;
    appendJsonString(out, std::get<std::string>(value));
    return out;
}

std::string TraceLine::toJson() const
{
    std::string out = "{";
    for (const auto& [name, value] : fields) {
        if (out.size() > 1) {
            out += ',';
        }
        appendJsonString(out, name);
        out += ':';
        out += bplab::toJson(value);
    }
    out += '}';
    return out;
}

bool sameFields(const TraceLine& a, const TraceLine& b)
{
    if (a.fields.size() != b.fields.size()) {
        return false;
    }
    return std::all_of(a.fields.begin(), a.fields.end(), [&](const auto& field) {
        const TraceValue* other = b.find(field.first);
        return other != nullptr && *other == field.second;
    });
}

std::optional<std::size_t> firstDifference(const std::vector<TraceLine>& a,
                                           const std::vector<TraceLine>& b)
{
    const std::size_t common = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < common; ++i) {
        if (!sameFields(a[i], b[i])) {
            return i;
        }
    }
    if (a.size() != b.size()) {
        return common;
    }
    return std::nullopt;
}

Result<TraceLine> parseTraceLine(std::string_view line)
{
    Json json;
    try {
        json = Json::parse(line);
    } catch (const Json::parse_error& error) {
        return Error{std::string("not JSON: ") + error.what()};
    }
    if (!json.is_object()) {
        return Error{"expected a JSON object"};
    }
    TraceLine parsed;
    for (const auto& [key, value] : json.items()) {
        if (value.is_null()) {
            parsed.fields.emplace_back(key, nullptr);
        } else if (value.is_boolean()) {
            parsed.fields.emplace_back(key, value.get<bool>());
        } else if (value.is_number_integer()) {
            if (value.is_number_unsigned() &&
                value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
                return Error{"\"" + key + "\": the number is too large"};
            }
            parsed.fields.emplace_back(key, value.get<std::int64_t>());
        } else if (value.is_string()) {
            parsed.fields.emplace_back(key, value.get<std::string>());
        } else {
            return Error{"\"" + key + "\": expected a number, a string, true, false or null, got " +
                         value.dump()};
        }
    }
    return parsed;
}

Result<std::vector<TraceLine>> parseTraceJsonl(std::string_view text)
{
    std::vector<TraceLine> lines;
    std::size_t lineNumber = 0;
    while (!text.empty()) {
        ++lineNumber;
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
            continue;
        }
        auto parsed = parseTraceLine(line);
        if (!parsed) {
            return Error{"line " + std::to_string(lineNumber) + ": " + parsed.error().message};
        }
        lines.push_back(std::move(parsed).value());
    }
    return lines;
}

}  // namespace bplab
