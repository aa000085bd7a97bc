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
    std::optional<std::string> file;
    std::optional<std::string> nodeBinary;
    std::optional<std::string> harnessPath;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--node-binary" || arg == "--harness") {
            if (i + 1 >= args.size()) {
                return badInput(std::string(arg) + ": missing value");
            }
            (arg == "--node-binary" ? nodeBinary : harnessPath) = std::string(args[++i]);
        } else if (arg.rfind("--", 0) == 0) {
            return badInput("unknown option " + std::string(arg));
        } else if (file) {
            return badInput("check: expected exactly one FILE");
        } else {
            file = std::string(arg);
        }
    }
    if (!file) {
        return badInput("check: expected a lesson FILE");
    }
    auto lesson = loadLessonFile(*file);
    if (!lesson) {
        return badInput(lesson.error().message);
    }
    const std::string profile(toString(lesson->scenario.node));

    const std::vector<TraceLine> simulated = simulateTrace(lesson->scenario);
    bool holds = report(*lesson, checkLesson(*lesson, simulated),
                        "the simulation (profile " + profile + ")", simulated.size());

    if (nodeBinary) {
        auto node = findNodeBinary(*nodeBinary);
        if (!node) {
            return badInput(node.error().message);
        }
        auto version = nodeVersion(*node);
        if (!version) {
            return badInput(version.error().message);
        }
        auto harness = findHarness(harnessPath);
        if (!harness) {
            return badInput(harness.error().message);
        }
        auto text = runOnNode(*node, *harness, lesson->scenario);
        if (!text) {
            return badInput(text.error().message);
        }
        auto trace = parseTraceJsonl(*text);
        if (!trace) {
            return badInput("the harness printed a trace that does not parse: " +
                            trace.error().message);
        }
        holds = report(*lesson, checkLesson(*lesson, *trace),
                       "Node " + *version + " (profile " + profile + ")", trace->size()) &&
                holds;
    }
    return holds ? kHolds : kDoesNotHold;
}

}  // namespace bplab::cli
