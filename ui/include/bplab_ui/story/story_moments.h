#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>
#include <optional>

#include "bplab_core/scenario.h"
#include "bplab_core/trace.h"
#include "bplab_core/trace_store.h"

namespace bplab::ui {

// A moment that matters in a run, in plain words: write() returned false,
// pause, resume, drain, error, end, finish, out of memory, an uncaught error.
struct StoryMoment {
    std::size_t traceIndex = 0;
    std::int64_t timeMs = 0;
    int stage = -1;  // -1: the whole process
    EventKind kind = EventKind::Idle;
    QString text;  // "socket's buffer is full: write() returned false, pipe() pauses file"
};

// The moment a trace line stands for, if it is one.
std::optional<StoryMoment> storyMomentOf(const TraceEvent& event, std::size_t traceIndex,
                                         const Scenario& scenario);

// Any trace line in plain words, Node's name beside them:
// "file pushes 64 KiB into its buffer (push, returned false; rlen 64 KiB)".
QString plainLine(const TraceEvent& event, const Scenario& scenario);

// The latest moment among lines [from, to) of `trace`.
std::optional<StoryMoment> latestStoryMoment(const TraceStore& trace, std::size_t from,
                                             std::size_t to, const Scenario& scenario);

}  // namespace bplab::ui
