#include "bplab_core/trace_event.h"

#include <array>

namespace bplab {

namespace {

constexpr std::array<std::string_view, kEventKindCount> kNames = {
    "read",     "push",  "write",  "process", "done",  "data",    "pause",  "resume",
    "end",      "drain", "finish", "close",   "pipe",  "unpipe",  "error",  "pipeline",
    "uncaught", "oom",   "idle",   "until",   "flush", "flushed", "decode",
};

constexpr EventFields computeFields(EventKind kind)
{
    switch (kind) {
        case EventKind::Read:
        case EventKind::Flush:
        case EventKind::Flushed:
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
        case EventKind::Decode:
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

}  // namespace

std::string_view toString(EventKind kind)
{
    return kNames[static_cast<std::size_t>(kind)];
}

EventFields fieldsOf(EventKind kind)
{
    return kFields[static_cast<std::size_t>(kind)];
}

std::string_view messageKeyOf(EventKind kind)
{
    if (kind == EventKind::Pipeline) {
        return "error";
    }
    return kind == EventKind::Decode ? "text" : "message";
}

}  // namespace bplab
