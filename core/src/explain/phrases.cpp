#include "explain/phrases.h"

#include <cstdio>

#include "bplab_core/explain.h"
#include "random.h"

namespace bplab::explain {

std::string quoted(const std::string& id)
{
    return "'" + id + "'";
}

std::string formatNumber(double value)
{
    // Short decimal form for ratios and per-KiB costs: 0.25, 1, 2.5.
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

bool readableObjectMode(const Stage& stage)
{
    if (stage.kind == StageKind::Transform && !stage.objectMode.split) {
        return stage.objectMode.readable || stage.objectMode.writable;
    }
    return stage.objectMode.readable;
}

bool writableObjectMode(const Stage& stage)
{
    if (stage.kind == StageKind::Writable) {
        return stage.objectMode.writable || stage.objectMode.readable;
    }
    if (!stage.objectMode.split) {
        return stage.objectMode.readable || stage.objectMode.writable;
    }
    return stage.objectMode.writable;
}

std::optional<std::int64_t> configuredHighWaterMark(const Stage& stage, bool readableSide)
{
    const auto& hwm = stage.highWaterMark;
    if (hwm.split) {
        return readableSide ? hwm.readable : hwm.writable;
    }
    return hwm.readable.has_value() ? hwm.readable : hwm.writable;
}

std::string amount(std::int64_t value, bool objectMode)
{
    if (objectMode) {
        return formatCount(value) + (value == 1 ? " object" : " objects");
    }
    return formatCount(value) + (value == 1 ? " byte" : " bytes");
}

// "a" or "an" before a number as it is read aloud: an 8,192-byte chunk,
// an 11-byte chunk, a 1,024-byte chunk.
std::string articleFor(const std::string& number)
{
    const std::string lead = number.substr(0, number.find(','));
    return lead[0] == '8' || lead == "11" || lead == "18" ? "an " : "a ";
}

std::string chunkSize(std::int64_t bytes, bool objectMode)
{
    const std::string n = formatCount(bytes);
    return objectMode ? "an object of " + n + " bytes" : articleFor(n) + n + "-byte chunk";
}

std::string capitalized(std::string text)
{
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z' && text.find("()") == std::string::npos) {
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    }
    return text;
}

std::string wiringName(Wiring wiring)
{
    switch (wiring) {
        case Wiring::Pipe:
            return "pipe()";
        case Wiring::Pipeline:
            return "pipeline()";
        case Wiring::Naive:
            return "the naive wiring";
        case Wiring::ForAwait:
            return "the for-await loop";
    }
    return "";
}

// A whole number computed in double: with thousands separators when it is an
// exact integer within 2^53-1, else in the short decimal form.
std::string formatWhole(double value)
{
    if (value >= -kMaxSafeDouble && value <= kMaxSafeDouble) {
        return formatCount(toSafeInteger(value));
    }
    return formatNumber(value);
}

}  // namespace bplab::explain
