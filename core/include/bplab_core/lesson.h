#pragma once

// Lessons (bplab-lesson/1): a scenario with a story. Steps pause the run at a
// trace line or a time, say something, and may ask which event comes next.
// docs/lesson-format.md describes the file; here it is read, validated and
// checked against a trace.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bplab_core/result.h"
#include "bplab_core/scenario.h"
#include "bplab_core/trace_jsonl.h"

namespace bplab {

// A trace line to look for: every field named must have the value given.
struct TracePattern {
    std::vector<std::pair<std::string, TraceValue>> fields;
    std::int64_t nth = 1;  // for a pause: the nth line that matches (from 1)

    [[nodiscard]] bool matches(const TraceLine& line) const;
    // The fields as JSON, e.g. {"stage":"socket","ev":"drain"}.
    [[nodiscard]] std::string toJson() const;

    friend bool operator==(const TracePattern&, const TracePattern&) = default;
};

// Where the run pauses before a step is shown.
struct LessonPause {
    std::optional<TracePattern> line;  // right after the nth line matching it
    std::optional<std::int64_t> tMs;   // or after the last line with t <= tMs

    friend bool operator==(const LessonPause&, const LessonPause&) = default;
};

enum class QuestionKind { Next, Free };

struct LessonQuestion {
    QuestionKind kind = QuestionKind::Next;
    std::string prompt;
    // Next: the first line after the pause whose ev is one of these (every
    // line when empty) is the answer; exactly choices[answer] matches it.
    std::vector<std::string> among;
    std::vector<TracePattern> choices;
    std::size_t answer = 0;

    friend bool operator==(const LessonQuestion&, const LessonQuestion&) = default;
};

struct LessonStep {
    std::string say;
    std::optional<LessonPause> at;     // absent: where the previous step left the run
    std::optional<std::string> focus;  // a stage id to highlight
    std::optional<LessonQuestion> ask;
    std::string reveal;

    friend bool operator==(const LessonStep&, const LessonStep&) = default;
};

struct Lesson {
    std::string id;
    std::string title;
    std::string summary;
    std::vector<std::string> topics;
    Scenario scenario;
    std::vector<LessonStep> steps;

    friend bool operator==(const Lesson&, const Lesson&) = default;
};

// The teaching topics a lesson may name.
const std::vector<std::string_view>& lessonTopics();

inline constexpr std::size_t kMaxLessonBytes = 16u * 1024u * 1024u;

// Parses and validates; errors name the JSON path, as a scenario's do (the
// inline scenario's paths start with "scenario.").
Result<Lesson> parseLesson(std::string_view json);
// Reads a file; errors also name the file.
Result<Lesson> loadLessonFile(const std::filesystem::path& path);

// What a lesson does on one trace.
struct StepOutcome {
    // Lines shown when the step begins: the run pauses right after line
    // pausedAfter (1-based; 0 = before the first line).
    std::size_t pausedAfter = 0;
    // For a next question: the 1-based number of the line that answers it.
    std::optional<std::size_t> answerLine;
};

struct LessonCheck {
    std::vector<StepOutcome> steps;     // one per step, as far as they could be placed
    std::vector<std::string> problems;  // each names the step: "steps[3].ask: ..."

    [[nodiscard]] bool holds() const { return problems.empty(); }
};

// Confirms on `trace` (the lines of one run of lesson.scenario) that every
// pause happens, in order, and that each next question's answer is the first
// line after its pause among its events, matched by the right choice and by
// no other.
LessonCheck checkLesson(const Lesson& lesson, const std::vector<TraceLine>& trace);

// Runs the lesson's scenario on the simulation and returns its trace.
std::vector<TraceLine> simulateTrace(const Scenario& scenario);

}  // namespace bplab
