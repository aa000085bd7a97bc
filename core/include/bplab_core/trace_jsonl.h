#pragma once

// The trace as JSON Lines (docs/scenario-format.md, "The trace"): one JSON
// object a line, written from TraceEvents, and read back (from our runs or
// Node's) as fields and values. What reads them compares traces field by field
// without caring which side wrote them. bplab-cli's fast writer
// (bplab_fast_trace) writes exactly the bytes appendTraceLine writes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "bplab_core/result.h"
#include "bplab_core/trace_event.h"

namespace bplab {

// --- writing ---

// Appends one JSON line (with the trailing '\n') for `event` to `out`.
// `stageIds[i]` is the id of stage i.
void appendTraceLine(std::string& out, const TraceEvent& event,
                     const std::vector<std::string>& stageIds);

// Appends `text` as a JSON string literal, quotes included.
void appendJsonString(std::string& out, std::string_view text);

// Writes JSON Lines to a stream as they are produced, through a buffer of
// 1 MiB; nothing is held beyond that buffer.
class JsonlTraceWriter final : public TraceSink {
public:
    JsonlTraceWriter(std::ostream& out, std::vector<std::string> stageIds);
    ~JsonlTraceWriter() override;
    JsonlTraceWriter(const JsonlTraceWriter&) = delete;
    JsonlTraceWriter& operator=(const JsonlTraceWriter&) = delete;

    void record(const TraceEvent& event) override;
    void flush();

private:
    std::ostream& m_out;
    std::vector<std::string> m_stageIds;
    std::string m_buffer;
};

// --- reading ---

// A field's value. Trace numbers are integers (times, sizes, lengths).
using TraceValue = std::variant<std::nullptr_t, bool, std::int64_t, std::string>;

// One trace line, its fields in the order of the line.
struct TraceLine {
    std::vector<std::pair<std::string, TraceValue>> fields;

    // The field's value, or null when the line has no such field.
    [[nodiscard]] const TraceValue* find(std::string_view key) const;
    [[nodiscard]] std::int64_t t() const;          // 0 when absent
    [[nodiscard]] std::string_view stage() const;  // "" when absent
    [[nodiscard]] std::string_view ev() const;     // "" when absent
    // Compact JSON, keys in order: what the line said.
    [[nodiscard]] std::string toJson() const;

    friend bool operator==(const TraceLine&, const TraceLine&) = default;
};

// One line, without its newline. Errors say what is wrong with it.
Result<TraceLine> parseTraceLine(std::string_view line);
// A whole trace; empty lines are skipped; errors name the line ("line 12: ...").
Result<std::vector<TraceLine>> parseTraceJsonl(std::string_view text);

// Two lines are the same when they hold the same fields with the same values,
// in whatever order (a line of Node's and one of ours are equal objects).
bool sameFields(const TraceLine& a, const TraceLine& b);
// The index of the first line where two traces differ (a line of one missing
// in the other counts), or nothing when they are equal.
std::optional<std::size_t> firstDifference(const std::vector<TraceLine>& a,
                                           const std::vector<TraceLine>& b);

// A value as JSON: 12, true, null, "text".
std::string toJson(const TraceValue& value);

}  // namespace bplab
