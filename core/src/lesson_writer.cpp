#include "bplab_core/lesson_writer.h"

#include "bplab_core/trace_jsonl.h"

#include <algorithm>
#include <variant>

namespace bplab {

namespace {

std::string quoted(const std::string& text)
{
    return toJson(TraceValue(text));
}

void appendStep(std::string& out, const LessonStep& step)
{
    out += "    { \"say\": " + quoted(step.say);
    if (step.at) {
        if (step.at->line) {
            TracePattern pattern = *step.at->line;
            std::string line = pattern.toJson();
            if (pattern.nth != 1) {
                line.pop_back();  // the closing brace
                line += (pattern.fields.empty() ? "" : ",") + std::string("\"nth\":") +
                        std::to_string(pattern.nth) + "}";
            }
            out += ",\n      \"at\": { \"line\": " + line + " }";
        } else if (step.at->tMs) {
            out += ",\n      \"at\": { \"t_ms\": " + std::to_string(*step.at->tMs) + " }";
        }
    }
    if (step.focus) {
        out += ",\n      \"focus\": " + quoted(*step.focus);
    }
    if (step.ask) {
        const LessonQuestion& ask = *step.ask;
        out += ",\n      \"ask\": { \"kind\": ";
        out += ask.kind == QuestionKind::Free ? "\"free\"" : "\"next\"";
        out += ", \"prompt\": " + quoted(ask.prompt);
        if (ask.kind == QuestionKind::Next) {
            if (!ask.among.empty()) {
                out += ",\n               \"among\": [";
                for (std::size_t i = 0; i < ask.among.size(); ++i) {
                    out += (i == 0 ? "" : ", ") + quoted(ask.among[i]);
                }
                out += "]";
            }
            out += ",\n               \"choices\": [";
            for (std::size_t i = 0; i < ask.choices.size(); ++i) {
                out += (i == 0 ? " " : ",\n                            ") + ask.choices[i].toJson();
            }
            out += " ],\n               \"answer\": " + std::to_string(ask.answer);
        }
        out += " }";
    }
    if (!step.reveal.empty()) {
        out += ",\n      \"reveal\": " + quoted(step.reveal);
    }
    out += " }";
}

TracePattern stageAndEvent(const TraceLine& line)
{
    TracePattern pattern;
    if (const TraceValue* stage = line.find("stage")) {
        pattern.fields.emplace_back("stage", *stage);
    }
    if (const TraceValue* ev = line.find("ev")) {
        pattern.fields.emplace_back("ev", *ev);
    }
    return pattern;
}

}  // namespace

TracePattern pauseAtLine(const std::vector<TraceLine>& trace, std::size_t line)
{
    const TraceLine& target = trace.at(line - 1);
    TracePattern pattern = stageAndEvent(target);
    if (target.ev() == "write") {
        if (const TraceValue* ret = target.find("ret")) {
            pattern.fields.emplace_back("ret", *ret);
        }
    }
    pattern.nth = 0;
    for (std::size_t k = 0; k < line; ++k) {
        if (pattern.matches(trace[k])) {
            ++pattern.nth;
        }
    }
    return pattern;
}

std::vector<TracePattern> nextEventChoices(const std::vector<TraceLine>& trace,
                                           std::size_t pausedAfter, std::size_t max)
{
    std::vector<TracePattern> choices;
    for (std::size_t k = pausedAfter; k < trace.size() && choices.size() < max; ++k) {
        TracePattern pattern = stageAndEvent(trace[k]);
        if (std::find(choices.begin(), choices.end(), pattern) == choices.end()) {
            choices.push_back(std::move(pattern));
        }
    }
    return choices;
}

std::optional<LessonQuestion> nextQuestionFor(const std::vector<TraceLine>& trace,
                                              std::size_t pausedAfter,
                                              std::vector<TracePattern> choices, std::string prompt)
{
    LessonQuestion question;
    question.kind = QuestionKind::Next;
    question.prompt = std::move(prompt);
    for (const TracePattern& choice : choices) {
        for (const auto& [key, value] : choice.fields) {
            if (key == "ev" && std::holds_alternative<std::string>(value)) {
                const std::string& ev = std::get<std::string>(value);
                if (std::find(question.among.begin(), question.among.end(), ev) ==
                    question.among.end()) {
                    question.among.push_back(ev);
                }
            }
        }
    }
    for (std::size_t k = pausedAfter; k < trace.size(); ++k) {
        const std::string ev(trace[k].ev());
        if (std::find(question.among.begin(), question.among.end(), ev) == question.among.end()) {
            continue;
        }
        const TracePattern real = stageAndEvent(trace[k]);
        const auto found = std::find(choices.begin(), choices.end(), real);
        if (found != choices.end()) {
            question.answer = static_cast<std::size_t>(found - choices.begin());
        } else {
            if (choices.size() >= 9) {
                choices.pop_back();  // a question has at most 9 choices
            }
            question.answer = choices.size();
            choices.push_back(real);
        }
        question.choices = std::move(choices);
        return question;
    }
    return std::nullopt;
}

std::string serializeLesson(const Lesson& lesson)
{
    std::string out = "{\n  \"format\": \"bplab-lesson/1\",\n";
    out += "  \"id\": " + quoted(lesson.id) + ",\n";
    out += "  \"title\": " + quoted(lesson.title) + ",\n";
    if (!lesson.summary.empty()) {
        out += "  \"summary\": " + quoted(lesson.summary) + ",\n";
    }
    if (!lesson.topics.empty()) {
        out += "  \"topics\": [";
        for (std::size_t i = 0; i < lesson.topics.size(); ++i) {
            out += (i == 0 ? "" : ", ") + quoted(lesson.topics[i]);
        }
        out += "],\n";
    }
    std::string scenario = serializeScenario(lesson.scenario);
    while (!scenario.empty() && (scenario.back() == '\n' || scenario.back() == ' ')) {
        scenario.pop_back();
    }
    out += "  \"scenario\": " + scenario + ",\n";
    out += "  \"steps\": [\n";
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        appendStep(out, lesson.steps[i]);
        out += i + 1 < lesson.steps.size() ? ",\n" : "\n";
    }
    out += "  ]\n}\n";
    return out;
}

}  // namespace bplab
