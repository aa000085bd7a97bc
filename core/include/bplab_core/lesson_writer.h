#pragma once

// Writing lessons (bplab-lesson/1): what "Save as lesson..." puts in a file.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bplab_core/lesson.h"

namespace bplab {

// The lesson as bplab-lesson/1 JSON, keys in the order of
// docs/lesson-format.md, the scenario inline as serializeScenario() writes
// it. parseLesson(serializeLesson(l)) == l for every valid lesson l. A lesson
// being written may have fewer than the 3 steps parseLesson() asks for: it is
// written all the same.
std::string serializeLesson(const Lesson& lesson);

// Authoring on a run's trace (lines numbered from 1, as the checker counts).

// A pause right after line `line` (1 <= line <= trace.size()): its stage, its
// ev and, for a write, its ret, with the nth that picks exactly that line.
TracePattern pauseAtLine(const std::vector<TraceLine>& trace, std::size_t line);

// The events that really come after a pause after line `pausedAfter`, as
// choices: one {stage, ev} pattern per distinct stage and event ({ev} for a
// line of the whole process), in the order they first happen, at most `max`.
std::vector<TracePattern> nextEventChoices(const std::vector<TraceLine>& trace,
                                           std::size_t pausedAfter, std::size_t max = 9);

// A next question over `choices` (at least 2): `among` is their events, and
// the answer is the choice matching the first line after the pause among
// them. The real next line's {stage, ev} is added when no choice matches it.
// nullopt when no line after the pause is among the choices' events.
std::optional<LessonQuestion> nextQuestionFor(const std::vector<TraceLine>& trace,
                                              std::size_t pausedAfter,
                                              std::vector<TracePattern> choices,
                                              std::string prompt);

}  // namespace bplab
