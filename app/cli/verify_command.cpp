#include "verify_command.h"

#include "node_runner.h"

#include "bplab_core/lesson.h"
#include "bplab_core/node_check.h"
#include "bplab_core/scenario.h"
#include "bplab_core/trace_jsonl.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

namespace bplab::cli {

namespace {

constexpr int kEqual = 0;
constexpr int kDifferent = 1;
constexpr int kBadInput = 2;

int badInput(const std::string& message)
{
    std::cerr << "bplab-cli: verify: " << message << "\n";
    return kBadInput;
}

void printContext(const std::vector<TraceLine>& lines, std::size_t index, const std::string& label)
{
    std::cout << "  " << label << ":\n";
    const std::size_t from = index >= 5 ? index - 5 : 0;
    const std::size_t to = std::min(lines.size(), index + 6);
    for (std::size_t i = from; i < to; ++i) {
        char number[32];
        std::snprintf(number, sizeof number, "%6zu", i + 1);
        std::cout << "  " << (i == index ? '>' : ' ') << ' ' << number << "  " << lines[i].toJson()
                  << "\n";
    }
    if (index >= lines.size()) {
        std::cout << "  >  (end)  the trace ends after " << lines.size() << " lines\n";
    }
}

}  // namespace

int runVerifyCommand(const std::vector<std::string_view>& args)
{
    auto line = parseNodeCommandLine(args);
    if (!line) {
        return badInput(line.error().message);
    }
    auto scenario = loadScenarioFile(line->file);
    if (!scenario) {
        return badInput(scenario.error().message);
    }
    auto node = traceOnNode(line->nodeBinary.value_or("node"), line->harness, *scenario);
    if (!node) {
        return badInput(node.error().message);
    }
    const std::string profile(toString(scenario->node));
    if (!sameMajorVersion(scenario->node, node->version)) {
        std::cerr << "bplab-cli: verify: warning: the scenario's profile is Node " << profile
                  << " but " << node->binary.string() << " is " << node->version << "\n";
    }
    const NodeComparison comparison =
        compareWithNode(simulateTrace(*scenario), std::move(node->lines));
    const std::vector<TraceLine>& ours = comparison.ours;
    const std::vector<TraceLine>& theirs = comparison.theirs;
    const std::string note =
        comparison.cutAtOom
            ? " (the simulation stopped at its oom line; Node's trace is compared up to there)"
            : "";
    const auto& difference = comparison.difference;
    if (!difference) {
        std::cout << line->file << ": equal on Node " << node->version << " (profile " << profile
                  << "), " << ours.size() << " lines" << note << "\n";
        return kEqual;
    }
    std::cout << line->file << ": different on Node " << node->version << " (profile " << profile
              << "): first difference at line " << (*difference + 1) << " (the simulation has "
              << ours.size() << " lines, Node " << theirs.size() << ")" << note << "\n";
    printContext(ours, *difference, "simulation");
    printContext(theirs, *difference, "node");
    const DifferenceExplained why = explainDifference(*scenario, comparison);
    if (!why.ours.empty()) {
        std::cout << "  why (simulation): " << why.ours << "\n";
    }
    if (!why.theirs.empty()) {
        std::cout << "  why (node): " << why.theirs << "\n";
    }
    return kDifferent;
}

}  // namespace bplab::cli
