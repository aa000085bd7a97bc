#include "bplab_core/lesson.h"

#include "bplab_core/simulation.h"
#include "bplab_core/trace.h"
#include "scenario_json.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace bplab {

namespace {

using scenario_json::describe;
using scenario_json::joinIndex;
using scenario_json::joinKey;
using Json = scenario_json::Json;

// Thrown inside the reader, caught at its edge and turned into an Error.
struct Rejection {
    std::string message;
};
[[noreturn]] void reject(std::string message)
{
    throw Rejection{std::move(message)};
}

std::string listOf(const std::vector<std::string_view>& names)
{
    std::string out;
    for (const std::string_view name : names) {
        out += out.empty() ? "" : ", ";
        out += name;
    }
    return out;
}

void checkKeys(const Json& object, const std::string& path,
               const std::vector<std::string_view>& known)
{
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            reject(joinKey(path, key) + ": unknown key; expected one of " + listOf(known));
        }
    }
}

const Json& objectAt(const Json& value, const std::string& path)
{
    if (!value.is_object()) {
        reject(path + ": expected an object, got " + describe(value));
    }
    return value;
}

std::string stringAt(const Json& value, const std::string& path)
{
    if (!value.is_string()) {
        reject(path + ": expected a string, got " + describe(value));
    }
    return value.get<std::string>();
}

std::string optionalString(const Json& object, const std::string& path, std::string_view key)
{
    const auto found = object.find(key);
    return found == object.end() ? std::string() : stringAt(*found, joinKey(path, key));
}

std::int64_t integerAt(const Json& value, const std::string& path, std::int64_t minimum)
{
    const bool integral = value.is_number_integer() ||
                          (value.is_number_float() && std::isfinite(value.get<double>()) &&
                           value.get<double>() == std::floor(value.get<double>()));
    if (!integral || value.get<double>() < static_cast<double>(minimum) ||
        value.get<double>() > static_cast<double>(scenario_json::kMaxSafeInteger)) {
        reject(path + ": expected an integer >= " + std::to_string(minimum) + ", got " +
               describe(value));
    }
    return value.is_number_integer() ? value.get<std::int64_t>()
                                     : static_cast<std::int64_t>(value.get<double>());
}

std::vector<std::string_view> eventNames()
{
    std::vector<std::string_view> names;
    for (int kind = 0; kind < kEventKindCount; ++kind) {
        names.push_back(toString(static_cast<EventKind>(kind)));
    }
    return names;
}

// The fields a trace line can have, and what each holds.
enum class FieldType { Integer, Boolean, Text, Stage, Event, IntegerOrNull, TextOrNull };
struct FieldSpec {
    std::string_view name;
    FieldType type;
};
constexpr std::array<FieldSpec, 10> kTraceFields = {{
    {"t", FieldType::Integer},
    {"stage", FieldType::Stage},
    {"ev", FieldType::Event},
    {"bytes", FieldType::IntegerOrNull},
    {"ret", FieldType::Boolean},
    {"rlen", FieldType::Integer},
    {"wlen", FieldType::Integer},
    {"message", FieldType::Text},
    {"error", FieldType::TextOrNull},
    {"why", FieldType::Text},
}};

class LessonReader {
public:
    Lesson read(const Json& root)
    {
        objectAt(root, "the lesson");
        checkKeys(root, "", {"format", "id", "title", "summary", "topics", "scenario", "steps"});
        const auto format = root.find("format");
        if (format == root.end()) {
            reject("format: required; expected \"bplab-lesson/1\"");
        }
        if (!format->is_string() || format->get<std::string>() != "bplab-lesson/1") {
            reject("format: expected \"bplab-lesson/1\", got " + describe(*format));
        }
        Lesson lesson;
        lesson.id = readId(root);
        const auto title = root.find("title");
        if (title == root.end()) {
            reject("title: required; expected a string shown in the lesson list");
        }
        lesson.title = stringAt(*title, "title");
        if (lesson.title.empty()) {
            reject("title: expected a title, got \"\"");
        }
        lesson.summary = optionalString(root, "", "summary");
        lesson.topics = readTopics(root);
        lesson.scenario = readScenario(root);
        for (const Stage& stage : lesson.scenario.stages) {
            m_stageIds.insert(stage.id);
        }
        lesson.steps = readSteps(root);
        return lesson;
    }

private:
    static std::string readId(const Json& root)
    {
        const auto id = root.find("id");
        if (id == root.end()) {
            reject("id: required; expected [a-z0-9-]{1,48}");
        }
        const std::string text = stringAt(*id, "id");
        static const std::regex kIdPattern("[a-z0-9-]{1,48}");
        if (!std::regex_match(text, kIdPattern)) {
            reject("id: expected [a-z0-9-]{1,48} (small letters, digits, -), got " + describe(*id));
        }
        return text;
    }

    static std::vector<std::string> readTopics(const Json& root)
    {
        std::vector<std::string> topics;
        const auto found = root.find("topics");
        if (found == root.end()) {
            return topics;
        }
        if (!found->is_array()) {
            reject("topics: expected an array of topic names, got " + describe(*found));
        }
        const auto& known = lessonTopics();
        for (std::size_t i = 0; i < found->size(); ++i) {
            const std::string path = joinIndex("topics", i);
            std::string topic = stringAt((*found)[i], path);
            if (std::find(known.begin(), known.end(), topic) == known.end()) {
                reject(path + ": expected one of " + listOf(known) + ", got " +
                       describe((*found)[i]));
            }
            topics.push_back(std::move(topic));
        }
        return topics;
    }

    static Scenario readScenario(const Json& root)
    {
        const auto found = root.find("scenario");
        if (found == root.end()) {
            reject("scenario: required; expected a whole scenario (bplab-scenario/1), inline");
        }
        objectAt(*found, "scenario");
        auto scenario = parseScenario(found->dump());
        if (!scenario) {
            reject("scenario." + scenario.error().message);
        }
        return std::move(scenario).value();
    }

    std::vector<LessonStep> readSteps(const Json& root)
    {
        const auto found = root.find("steps");
        if (found == root.end()) {
            reject("steps: required; expected an array of at least 3 steps");
        }
        if (!found->is_array() || found->size() < 3) {
            reject("steps: expected an array of at least 3 steps, got " + describe(*found));
        }
        std::vector<LessonStep> steps;
        for (std::size_t i = 0; i < found->size(); ++i) {
            steps.push_back(readStep((*found)[i], joinIndex("steps", i)));
        }
        return steps;
    }

    LessonStep readStep(const Json& value, const std::string& path)
    {
        objectAt(value, path);
        checkKeys(value, path, {"say", "at", "focus", "ask", "reveal"});
        LessonStep step;
        const auto say = value.find("say");
        if (say == value.end()) {
            reject(joinKey(path, "say") + ": required; expected the text the step shows");
        }
        step.say = stringAt(*say, joinKey(path, "say"));
        if (const auto at = value.find("at"); at != value.end()) {
            step.at = readPause(*at, joinKey(path, "at"));
        }
        if (const auto focus = value.find("focus"); focus != value.end()) {
            step.focus = readStageId(*focus, joinKey(path, "focus"), false);
        }
        if (const auto ask = value.find("ask"); ask != value.end()) {
            step.ask = readQuestion(*ask, joinKey(path, "ask"));
        }
        step.reveal = optionalString(value, path, "reveal");
        if (!step.reveal.empty() && !step.ask) {
            reject(joinKey(path, "reveal") +
                   ": a reveal follows an answer; the step has no \"ask\"");
        }
        return step;
    }

    LessonPause readPause(const Json& value, const std::string& path)
    {
        objectAt(value, path);
        checkKeys(value, path, {"line", "t_ms"});
        LessonPause pause;
        const auto line = value.find("line");
        const auto time = value.find("t_ms");
        if ((line == value.end()) == (time == value.end())) {
            reject(path + ": expected exactly one of \"line\" and \"t_ms\", got " +
                   describe(value));
        }
        if (line != value.end()) {
            pause.line = readPattern(*line, joinKey(path, "line"), true);
        } else {
            pause.tMs = integerAt(*time, joinKey(path, "t_ms"), 0);
        }
        return pause;
    }

    LessonQuestion readQuestion(const Json& value, const std::string& path)
    {
        objectAt(value, path);
        LessonQuestion question;
        const auto kind = value.find("kind");
        if (kind == value.end()) {
            reject(joinKey(path, "kind") + ": required; expected \"next\" or \"free\"");
        }
        const std::string kindText = kind->is_string() ? kind->get<std::string>() : std::string();
        if (kindText == "free") {
            question.kind = QuestionKind::Free;
            checkKeys(value, path, {"kind", "prompt"});
        } else if (kindText == "next") {
            question.kind = QuestionKind::Next;
            checkKeys(value, path, {"kind", "prompt", "among", "choices", "answer"});
        } else {
            reject(joinKey(path, "kind") + ": expected \"next\" or \"free\", got " +
                   describe(*kind));
        }
        const auto prompt = value.find("prompt");
        if (prompt == value.end()) {
            reject(joinKey(path, "prompt") + ": required; expected the question's text");
        }
        question.prompt = stringAt(*prompt, joinKey(path, "prompt"));
        if (question.kind == QuestionKind::Free) {
            return question;
        }
        if (const auto among = value.find("among"); among != value.end()) {
            const std::string amongPath = joinKey(path, "among");
            if (!among->is_array() || among->empty()) {
                reject(amongPath + ": expected a non-empty array of event names, got " +
                       describe(*among));
            }
            for (std::size_t i = 0; i < among->size(); ++i) {
                question.among.push_back(readEvent((*among)[i], joinIndex(amongPath, i)));
            }
        }
        const std::string choicesPath = joinKey(path, "choices");
        const auto choices = value.find("choices");
        if (choices == value.end()) {
            reject(choicesPath + ": required; expected an array of 2 to 9 trace patterns");
        }
        if (!choices->is_array() || choices->size() < 2 || choices->size() > 9) {
            reject(choicesPath + ": expected an array of 2 to 9 trace patterns, got " +
                   describe(*choices));
        }
        for (std::size_t i = 0; i < choices->size(); ++i) {
            const std::string choicePath = joinIndex(choicesPath, i);
            TracePattern pattern = readPattern((*choices)[i], choicePath, false);
            for (std::size_t j = 0; j < question.choices.size(); ++j) {
                if (question.choices[j] == pattern) {
                    reject(choicePath + ": the same pattern as " + joinIndex(choicesPath, j));
                }
            }
            question.choices.push_back(std::move(pattern));
        }
        const auto answer = value.find("answer");
        if (answer == value.end()) {
            reject(joinKey(path, "answer") + ": required; expected the index of the right choice");
        }
        const std::int64_t index = integerAt(*answer, joinKey(path, "answer"), 0);
        if (index >= static_cast<std::int64_t>(question.choices.size())) {
            reject(joinKey(path, "answer") + ": expected an index from 0 to " +
                   std::to_string(question.choices.size() - 1) + ", got " + describe(*answer));
        }
        question.answer = static_cast<std::size_t>(index);
        return question;
    }

    TracePattern readPattern(const Json& value, const std::string& path, bool allowNth)
    {
        objectAt(value, path);
        TracePattern pattern;
        for (const auto& [key, field] : value.items()) {
            const std::string fieldPath = joinKey(path, key);
            if (key == "nth" && allowNth) {
                pattern.nth = integerAt(field, fieldPath, 1);
                continue;
            }
            // A copy: clang 14 cannot capture a structured binding in a lambda.
            const std::string_view name = key;
            const auto spec = std::find_if(kTraceFields.begin(), kTraceFields.end(),
                                           [&](const FieldSpec& s) { return s.name == name; });
            if (spec == kTraceFields.end()) {
                std::vector<std::string_view> known;
                for (const FieldSpec& s : kTraceFields) {
                    known.push_back(s.name);
                }
                if (allowNth) {
                    known.push_back("nth");
                }
                reject(fieldPath + ": unknown key; expected one of " + listOf(known));
            }
            pattern.fields.emplace_back(key, readFieldValue(field, fieldPath, spec->type));
        }
        if (pattern.fields.empty()) {
            reject(path + ": expected at least one trace field to match (\"stage\", \"ev\", ...)");
        }
        return pattern;
    }

    TraceValue readFieldValue(const Json& value, const std::string& path, FieldType type)
    {
        switch (type) {
            case FieldType::Integer:
                return integerAt(value, path, 0);
            case FieldType::IntegerOrNull:
                return value.is_null() ? TraceValue(nullptr)
                                       : TraceValue(integerAt(value, path, 0));
            case FieldType::Boolean:
                if (!value.is_boolean()) {
                    reject(path + ": expected true or false, got " + describe(value));
                }
                return value.get<bool>();
            case FieldType::Text:
                return stringAt(value, path);
            case FieldType::TextOrNull:
                return value.is_null() ? TraceValue(nullptr) : TraceValue(stringAt(value, path));
            case FieldType::Stage:
                return readStageId(value, path, true);
            case FieldType::Event:
                return readEvent(value, path);
        }
        return nullptr;
    }

    std::string readStageId(const Json& value, const std::string& path, bool allowAll) const
    {
        const std::string id = stringAt(value, path);
        if (m_stageIds.count(id) == 0 && !(allowAll && id == "*")) {
            std::vector<std::string_view> known(m_stageIds.begin(), m_stageIds.end());
            if (allowAll) {
                known.emplace_back("*");
            }
            reject(path + ": expected a stage of the scenario (" + listOf(known) + "), got " +
                   describe(value));
        }
        return id;
    }

    static std::string readEvent(const Json& value, const std::string& path)
    {
        const std::string name = stringAt(value, path);
        const std::vector<std::string_view> names = eventNames();
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            reject(path + ": expected an event (" + listOf(names) + "), got " + describe(value));
        }
        return name;
    }

    std::set<std::string> m_stageIds;
};

std::string lineText(std::size_t number, const TraceLine& line)
{
    return "line " + std::to_string(number) + " " + line.toJson();
}

}  // namespace

const std::vector<std::string_view>& lessonTopics()
{
    static const std::vector<std::string_view> topics = {
        "backpressure-pipe",
        "ignoring-write",
        "hwm-not-a-limit",
        "slow-middle",
        "pipe-vs-pipeline-errors",
        "objectmode-counting",
        "buffers-outside-heap",
        "utf8-split",
        "for-await",
        "transform-flush",
        "buffer-pool",
    };
    return topics;
}

bool TracePattern::matches(const TraceLine& line) const
{
    return std::all_of(fields.begin(), fields.end(), [&](const auto& field) {
        const TraceValue* value = line.find(field.first);
        return value != nullptr && *value == field.second;
    });
}

std::string TracePattern::toJson() const
{
    TraceLine asLine;
    asLine.fields = fields;
    return asLine.toJson();
}

Result<Lesson> parseLesson(std::string_view json)
{
    if (json.size() > kMaxLessonBytes) {
        return Error{"the lesson is too large: expected at most " +
                     std::to_string(kMaxLessonBytes) + " bytes (16 MiB), got " +
                     std::to_string(json.size()) + " bytes"};
    }
    scenario_json::ReadOptions options;
    options.maxDepth = kMaxJsonDepth + 2;  // the scenario sits two levels down
    auto read = scenario_json::readJson(json, options);
    if (!read) {
        return read.error();
    }
    try {
        return LessonReader().read(read->value);
    } catch (const Rejection& rejection) {
        return Error{rejection.message};
    }
}

Result<Lesson> loadLessonFile(const std::filesystem::path& path)
{
    const std::string name = path.string();
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::not_found) {
        return Error{name + ": no such file"};
    }
    if (status.type() != std::filesystem::file_type::regular) {
        return Error{name + ": expected a regular file"};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{name + ": cannot read"};
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto lesson = parseLesson(text.str());
    if (!lesson) {
        return Error{name + ": " + lesson.error().message};
    }
    return lesson;
}

LessonCheck checkLesson(const Lesson& lesson, const std::vector<TraceLine>& trace)
{
    LessonCheck check;
    std::size_t position = 0;  // lines shown so far
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep& step = lesson.steps[i];
        const std::string path = "steps[" + std::to_string(i) + "]";
        StepOutcome outcome;
        outcome.pausedAfter = position;
        if (step.at && step.at->line) {
            const TracePattern& pattern = *step.at->line;
            std::int64_t seen = 0;
            std::optional<std::size_t> found;
            for (std::size_t k = 0; k < trace.size() && !found; ++k) {
                if (pattern.matches(trace[k]) && ++seen == pattern.nth) {
                    found = k + 1;
                }
            }
            if (!found) {
                check.problems.push_back(path +
                                         ".at.line: the run never pauses: " + std::to_string(seen) +
                                         (seen == 1 ? " line matches " : " lines match ") +
                                         pattern.toJson() + ", not " + std::to_string(pattern.nth));
                check.steps.push_back(outcome);
                continue;
            }
            outcome.pausedAfter = *found;
        } else if (step.at && step.at->tMs) {
            std::size_t count = 0;
            while (count < trace.size() && trace[count].t() <= *step.at->tMs) {
                ++count;
            }
            outcome.pausedAfter = count;
        }
        if (outcome.pausedAfter < position) {
            check.problems.push_back(path + ".at: pauses after line " +
                                     std::to_string(outcome.pausedAfter) +
                                     ", before the previous step's pause after line " +
                                     std::to_string(position) + ": steps must go forward");
        }
        position = std::max(position, outcome.pausedAfter);
        if (step.ask && step.ask->kind == QuestionKind::Next) {
            const LessonQuestion& question = *step.ask;
            std::optional<std::size_t> next;
            for (std::size_t k = outcome.pausedAfter; k < trace.size() && !next; ++k) {
                const std::string_view ev = trace[k].ev();
                if (question.among.empty() ||
                    std::find(question.among.begin(), question.among.end(), ev) !=
                        question.among.end()) {
                    next = k;
                }
            }
            if (!next) {
                check.problems.push_back(path + ".ask: no line after the pause (after line " +
                                         std::to_string(outcome.pausedAfter) + ") is among " +
                                         (question.among.empty() ? std::string("all events")
                                                                 : listOf({question.among.begin(),
                                                                           question.among.end()})));
            } else {
                const TraceLine& line = trace[*next];
                outcome.answerLine = *next + 1;
                if (!question.choices[question.answer].matches(line)) {
                    check.problems.push_back(
                        path + ".ask.answer: choice " + std::to_string(question.answer) + " " +
                        question.choices[question.answer].toJson() + " does not match the next " +
                        lineText(*next + 1, line));
                }
                for (std::size_t c = 0; c < question.choices.size(); ++c) {
                    if (c != question.answer && question.choices[c].matches(line)) {
                        check.problems.push_back(path + ".ask.choices[" + std::to_string(c) +
                                                 "]: " + question.choices[c].toJson() +
                                                 " also matches the next " +
                                                 lineText(*next + 1, line));
                    }
                }
            }
        }
        check.steps.push_back(outcome);
    }
    return check;
}

namespace {

// Collects the run's trace lines.
class LineCollector final : public TraceSink {
public:
    explicit LineCollector(const Scenario& scenario)
    {
        for (const Stage& stage : scenario.stages) {
            m_ids.push_back(stage.id);
        }
    }
    void record(const TraceEvent& event) override
    {
        m_text.clear();
        appendTraceLine(m_text, event, m_ids);
        m_text.pop_back();  // the newline
        auto line = parseTraceLine(m_text);
        lines.push_back(std::move(line).value());
    }
    std::vector<TraceLine> lines;

private:
    std::vector<std::string> m_ids;
    std::string m_text;
};

}  // namespace

std::vector<TraceLine> simulateTrace(const Scenario& scenario)
{
    SimulationOptions options;
    options.sampleEveryMs = 0;
    Simulation simulation(scenario, options);
    LineCollector collector(scenario);
    simulation.addTraceSink(&collector);
    simulation.run();
    return std::move(collector.lines);
}

}  // namespace bplab
