#include "lesson_command.h"

#include "node_runner.h"

#include "bplab_core/lesson.h"

#include <iostream>
#include <optional>
#include <string>

namespace bplab::cli {

namespace {

constexpr int kHolds = 0;
constexpr int kDoesNotHold = 1;
constexpr int kBadInput = 2;

int badInput(const std::string& message)
{
    std::cerr << "bplab-cli: lesson: " << message << "\n";
    return kBadInput;
}

// Prints what the check found; true when the lesson holds.
bool report(const Lesson& lesson, const LessonCheck& check, const std::string& where,
            std::size_t lines)
{
    if (check.holds()) {
        std::size_t pauses = 0;
        std::size_t questions = 0;
        for (const LessonStep& step : lesson.steps) {
            pauses += step.at ? 1U : 0U;
            questions += step.ask && step.ask->kind == QuestionKind::Next ? 1U : 0U;
        }
        std::cout << "lesson " << lesson.id << ": " << lesson.steps.size() << " steps, " << pauses
                  << " pauses and " << questions << " questions hold on " << where << " (" << lines
                  << " trace lines)\n";
        return true;
    }
    std::cerr << "lesson " << lesson.id << ": does not hold on " << where << ":\n";
    for (const std::string& problem : check.problems) {
        std::cerr << "  " << problem << "\n";
    }
    return false;
}

}  // namespace

int runLessonCommand(const std::vector<std::string_view>& args)
{
    if (args.empty() || args.front() != "check") {
        return badInput("expected \"lesson check FILE [--node-binary PATH] [--harness PATH]\"");
    }
    auto line = parseNodeCommandLine({args.begin() + 1, args.end()});
    if (!line) {
        return badInput("check: " + line.error().message);
    }
    auto lesson = loadLessonFile(line->file);
    if (!lesson) {
        return badInput(lesson.error().message);
    }
    const std::string profile(toString(lesson->scenario.node));

    const std::vector<TraceLine> simulated = simulateTrace(lesson->scenario);
    bool holds = report(*lesson, checkLesson(*lesson, simulated),
                        "the simulation (profile " + profile + ")", simulated.size());
    if (line->nodeBinary) {
        auto node = traceOnNode(*line->nodeBinary, line->harness, lesson->scenario);
        if (!node) {
            return badInput(node.error().message);
        }
        holds =
            report(*lesson, checkLesson(*lesson, node->lines),
                   "Node " + node->version + " (profile " + profile + ")", node->lines.size()) &&
            holds;
    }
    return holds ? kHolds : kDoesNotHold;
}

}  // namespace bplab::cli
