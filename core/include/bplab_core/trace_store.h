#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bplab_core/trace.h"

namespace bplab {

// Keeps a whole run's trace in memory, compactly (24 bytes a line plus each
// distinct message once), for views that need random access: the event log,
// chart event marks, stepping back. The command-line runner never uses it.
//
// Not thread-safe; owned and filled on the simulation's thread.
class TraceStore final : public TraceSink {
public:
    void record(const TraceEvent& event) override;

    [[nodiscard]] std::size_t size() const { return m_rows.size(); }
    [[nodiscard]] bool empty() const { return m_rows.empty(); }
    // The i-th line; its message view stays valid as long as the store lives
    // (until clear()).
    [[nodiscard]] TraceEvent at(std::size_t index) const;
    [[nodiscard]] std::int64_t timeAt(std::size_t index) const { return m_rows[index].t; }
    [[nodiscard]] EventKind kindAt(std::size_t index) const { return m_rows[index].kind; }
    [[nodiscard]] std::int32_t stageAt(std::size_t index) const { return m_rows[index].stage; }
    // Index of the first line with t >= time (size() if none).
    [[nodiscard]] std::size_t lowerBound(std::int64_t time) const;

    void clear();
    void reserve(std::size_t lines) { m_rows.reserve(lines); }
    [[nodiscard]] std::size_t memoryBytes() const;

private:
    struct Row {
        std::int64_t t;
        std::int64_t bytes;   // also "length" for kinds that carry no bytes
        std::int32_t length;  // rlen/wlen when bytes is also present; see at()
        std::int16_t stage;
        EventKind kind;
        std::uint8_t flags;
    };
    static_assert(sizeof(Row) <= 24);

    std::uint32_t intern(std::string_view message);

    std::vector<Row> m_rows;
    // Lengths that do not fit in 32 bits, and messages, live out of line.
    std::unordered_map<std::size_t, std::int64_t> m_wideLengths;
    std::unordered_map<std::size_t, std::uint32_t> m_messageOf;
    std::vector<std::string> m_messages;
    std::unordered_map<std::string, std::uint32_t> m_messageIndex;
};

}  // namespace bplab
