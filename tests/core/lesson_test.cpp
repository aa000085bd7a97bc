// Lessons (bplab-lesson/1): reading, validation with JSON paths, and the
// checker that confirms pauses and answers on a run's trace.
#include "bplab_core/lesson.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using bplab::checkLesson;
using bplab::Lesson;
using bplab::parseLesson;
using bplab::QuestionKind;
using bplab::simulateTrace;
using bplab::TraceValue;

// A file piped into a slow socket: write() says false on line 10, the file
// pauses on line 11, and the socket drains on line 20 (t = 21).
constexpr const char* kScenario = R"({
    "format": "bplab-scenario/1", "node": "24", "wiring": "pipe",
    "stages": [
      { "id": "file", "kind": "readable", "chunks": 8, "chunk_bytes": 16384, "interval_ms": 1, "highWaterMark": 32768 },
      { "id": "socket", "kind": "writable", "delay_ms": 10, "highWaterMark": 32768 } ] })";

std::string lessonWithSteps(const std::string& steps)
{
    return std::string(R"({"format": "bplab-lesson/1", "id": "a-lesson", "title": "A lesson",
                        "topics": ["backpressure-pipe"], "scenario": )") +
           kScenario + R"(, "steps": )" + steps + "}";
}

const std::string kThreeSteps = R"([
    { "say": "Start." },
    { "at": { "line": { "stage": "socket", "ev": "write", "ret": false } }, "say": "False.",
      "focus": "socket",
      "ask": { "kind": "next", "prompt": "Next?", "among": ["pause", "write", "drain"],
               "choices": [ { "stage": "file", "ev": "pause" }, { "stage": "socket", "ev": "write" } ],
               "answer": 0 },
      "reveal": "It pauses." },
    { "at": { "t_ms": 4 }, "say": "Later.", "ask": { "kind": "free", "prompt": "Why?" } } ])";

Lesson parsed(const std::string& text)
{
    auto lesson = parseLesson(text);
    EXPECT_TRUE(lesson.ok()) << (lesson.ok() ? "" : lesson.error().message);
    return lesson.ok() ? lesson.value() : Lesson{};
}

std::string errorOf(const std::string& text)
{
    auto lesson = parseLesson(text);
    return lesson.ok() ? std::string("(accepted)") : lesson.error().message;
}

TEST(Lesson, ReadsEveryKeyOfAStep)
{
    const Lesson lesson = parsed(lessonWithSteps(kThreeSteps));
    EXPECT_EQ(lesson.id, "a-lesson");
    EXPECT_EQ(lesson.title, "A lesson");
    EXPECT_EQ(lesson.summary, "");
    ASSERT_EQ(lesson.topics.size(), 1U);
    EXPECT_EQ(lesson.topics[0], "backpressure-pipe");
    ASSERT_EQ(lesson.scenario.stages.size(), 2U);
    EXPECT_EQ(lesson.scenario.stages[1].id, "socket");
    ASSERT_EQ(lesson.steps.size(), 3U);
    EXPECT_EQ(lesson.steps[0].say, "Start.");
    EXPECT_FALSE(lesson.steps[0].at.has_value());

    const auto& second = lesson.steps[1];
    ASSERT_TRUE(second.at && second.at->line);
    const std::vector<std::pair<std::string, TraceValue>> fields = {
        {"stage", std::string("socket")}, {"ev", std::string("write")}, {"ret", false}};
    EXPECT_EQ(second.at->line->fields, fields);
    EXPECT_EQ(second.at->line->nth, 1);
    EXPECT_EQ(second.focus, std::optional<std::string>("socket"));
    ASSERT_TRUE(second.ask);
    EXPECT_EQ(second.ask->kind, QuestionKind::Next);
    EXPECT_EQ(second.ask->among, (std::vector<std::string>{"pause", "write", "drain"}));
    ASSERT_EQ(second.ask->choices.size(), 2U);
    EXPECT_EQ(second.ask->choices[1].toJson(), R"({"stage":"socket","ev":"write"})");
    EXPECT_EQ(second.ask->answer, 0U);
    EXPECT_EQ(second.reveal, "It pauses.");

    const auto& third = lesson.steps[2];
    ASSERT_TRUE(third.at && third.at->tMs);
    EXPECT_EQ(*third.at->tMs, 4);
    ASSERT_TRUE(third.ask);
    EXPECT_EQ(third.ask->kind, QuestionKind::Free);
    EXPECT_EQ(third.ask->prompt, "Why?");
}

TEST(LessonValidation, EachMistakeIsNamedByItsJsonPath)
{
    const std::string good = lessonWithSteps(kThreeSteps);
    const auto with = [&](const std::string& from, const std::string& to) {
        std::string text = good;
        const auto at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return errorOf(text.replace(at, from.size(), to));
    };
    EXPECT_EQ(with(R"("bplab-lesson/1")", R"("bplab-lesson/2")"),
              R"(format: expected "bplab-lesson/1", got "bplab-lesson/2")");
    EXPECT_EQ(with(R"("a-lesson")", R"("A Lesson")"),
              R"(id: expected [a-z0-9-]{1,48} (small letters, digits, -), got "A Lesson")");
    EXPECT_EQ(with(R"("title": "A lesson",)", ""),
              "title: required; expected a string shown in the lesson list");
    EXPECT_EQ(with(R"(["backpressure-pipe"])", R"(["streams"])"),
              "topics[0]: expected one of backpressure-pipe, ignoring-write, hwm-not-a-limit, "
              "slow-middle, pipe-vs-pipeline-errors, objectmode-counting, buffers-outside-heap, "
              "utf8-split, for-await, transform-flush, buffer-pool, got \"streams\"");
    EXPECT_EQ(with(R"("delay_ms": 10)", R"("delay_ms": -1)"),
              "scenario.stages[1].delay_ms: expected an integer >= 0, got -1");
    EXPECT_EQ(with(R"("say": "Start." })", R"("say": "Start.", "wait": 1 })"),
              "steps[0].wait: unknown key; expected one of say, at, focus, ask, reveal");
    EXPECT_EQ(
        with(R"("at": { "t_ms": 4 })", R"("at": { "t_ms": 4, "line": { "ev": "end" } })"),
        R"(steps[2].at: expected exactly one of "line" and "t_ms", got {"t_ms":4,"line":{"ev":"end"}})");
    EXPECT_EQ(with(R"("t_ms": 4)", R"("t_ms": -4)"),
              "steps[2].at.t_ms: expected an integer >= 0, got -4");
    EXPECT_EQ(with(R"("ret": false } })", R"("ret": false, "nth": 0 } })"),
              "steps[1].at.line.nth: expected an integer >= 1, got 0");
    EXPECT_EQ(
        with(R"("ret": false } })", R"("retval": false } })"),
        "steps[1].at.line.retval: unknown key; expected one of t, stage, ev, bytes, ret, rlen, "
        "wlen, message, error, why, nth");
    EXPECT_EQ(with(R"("ret": false } })", R"("ret": "no" } })"),
              R"(steps[1].at.line.ret: expected true or false, got "no")");
    EXPECT_EQ(with(R"("focus": "socket")", R"("focus": "sink")"),
              R"(steps[1].focus: expected a stage of the scenario (file, socket), got "sink")");
    EXPECT_EQ(
        with(R"({ "stage": "file", "ev": "pause" })", R"({ "stage": "file", "ev": "paused" })"),
        "steps[1].ask.choices[0].ev: expected an event (read, push, write, process, done, data, "
        "pause, resume, end, drain, finish, close, pipe, unpipe, error, pipeline, uncaught, oom, "
        "idle, until, flush, flushed, decode), got \"paused\"");
    EXPECT_EQ(
        with(R"(, { "stage": "socket", "ev": "write" } ])", R"( ])"),
        R"(steps[1].ask.choices: expected an array of 2 to 9 trace patterns, got [{"stage":"file","ev":"pause"}])");
    EXPECT_EQ(with(R"({ "stage": "socket", "ev": "write" } ])",
                   R"({ "stage": "file", "ev": "pause" } ])"),
              "steps[1].ask.choices[1]: the same pattern as steps[1].ask.choices[0]");
    EXPECT_EQ(with(R"("answer": 0)", R"("answer": 2)"),
              "steps[1].ask.answer: expected an index from 0 to 1, got 2");
    EXPECT_EQ(with(R"("kind": "next")", R"("kind": "guess")"),
              R"(steps[1].ask.kind: expected "next" or "free", got "guess")");
    EXPECT_EQ(with(R"({ "kind": "free", "prompt": "Why?" })",
                   R"({ "kind": "free", "prompt": "Why?", "answer": 0 })"),
              "steps[2].ask.answer: unknown key; expected one of kind, prompt");
    EXPECT_EQ(with(R"("say": "Later.",)", R"("say": "Later.", "reveal": "So.",)"), "(accepted)");
    EXPECT_EQ(with(R"("say": "Start." })", R"("say": "Start.", "reveal": "So." })"),
              R"(steps[0].reveal: a reveal follows an answer; the step has no "ask")");
    EXPECT_EQ(errorOf(lessonWithSteps(R"([ { "say": "a" }, { "say": "b" } ])")),
              R"(steps: expected an array of at least 3 steps, got [{"say":"a"},{"say":"b"}])");
    EXPECT_EQ(errorOf(R"({"format": "bplab-lesson/1", "format": "bplab-lesson/1"})"),
              "format: duplicate key (line 1, column 30)");
}

TEST(LessonCheck, PausesAtTheNthMatchingLineAndAtTheLastLineOfATime)
{
    const Lesson lesson = parsed(lessonWithSteps(kThreeSteps));
    const auto check = checkLesson(lesson, simulateTrace(lesson.scenario));
    EXPECT_TRUE(check.holds()) << (check.problems.empty() ? "" : check.problems[0]);
    ASSERT_EQ(check.steps.size(), 3U);
    EXPECT_EQ(check.steps[0].pausedAfter, 0U);
    EXPECT_EQ(check.steps[1].pausedAfter,
              10U);  // {"t":2,"stage":"socket","ev":"write",...,"ret":false}
    EXPECT_EQ(check.steps[1].answerLine, std::optional<std::size_t>(11));  // file pauses
    EXPECT_EQ(check.steps[2].pausedAfter, 16U);  // the last line with t <= 4
    EXPECT_FALSE(check.steps[2].answerLine.has_value());
}

TEST(LessonCheck, NamesAPauseThatNeverHappens)
{
    std::string steps = kThreeSteps;
    steps.replace(steps.find(R"("ret": false } })"), 16, R"("ret": false, "nth": 9 } })");
    const Lesson lesson = parsed(lessonWithSteps(steps));
    const auto check = checkLesson(lesson, simulateTrace(lesson.scenario));
    ASSERT_EQ(check.problems.size(), 1U);
    EXPECT_EQ(
        check.problems[0],
        R"(steps[1].at.line: the run never pauses: 4 lines match {"stage":"socket","ev":"write","ret":false}, not 9)");
}

TEST(LessonCheck, NamesAWrongAnswerAndTheLineThatCameInstead)
{
    std::string steps = kThreeSteps;
    steps.replace(steps.find(R"("answer": 0)"), 11, R"("answer": 1)");
    const Lesson lesson = parsed(lessonWithSteps(steps));
    const auto check = checkLesson(lesson, simulateTrace(lesson.scenario));
    ASSERT_EQ(check.problems.size(), 2U);
    EXPECT_EQ(
        check.problems[0],
        R"(steps[1].ask.answer: choice 1 {"stage":"socket","ev":"write"} does not match the next line 11 {"t":2,"stage":"file","ev":"pause","rlen":0})");
    EXPECT_EQ(
        check.problems[1],
        R"(steps[1].ask.choices[0]: {"stage":"file","ev":"pause"} also matches the next line 11 {"t":2,"stage":"file","ev":"pause","rlen":0})");
}

TEST(LessonCheck, NamesAnotherChoiceThatMatchesTheAnswerToo)
{
    std::string steps = kThreeSteps;
    const std::string choice = R"({ "stage": "socket", "ev": "write" } ])";
    steps.replace(steps.find(choice), choice.size(), R"({ "ev": "pause" } ])");
    const Lesson lesson = parsed(lessonWithSteps(steps));
    const auto check = checkLesson(lesson, simulateTrace(lesson.scenario));
    ASSERT_EQ(check.problems.size(), 1U);
    EXPECT_EQ(
        check.problems[0],
        R"(steps[1].ask.choices[1]: {"ev":"pause"} also matches the next line 11 {"t":2,"stage":"file","ev":"pause","rlen":0})");
}

TEST(LessonCheck, NamesAStepThatGoesBackInTime)
{
    std::string steps = kThreeSteps;
    steps.replace(steps.find(R"("t_ms": 4)"), 9, R"("t_ms": 1)");
    const Lesson lesson = parsed(lessonWithSteps(steps));
    const auto check = checkLesson(lesson, simulateTrace(lesson.scenario));
    ASSERT_EQ(check.problems.size(), 1U);
    EXPECT_EQ(check.problems[0],
              "steps[2].at: pauses after line 8, before the previous step's pause after line 10: "
              "steps must go forward");
}

TEST(LessonCheck, NamesAQuestionWithNoLineAmongItsEventsAfterThePause)
{
    std::string steps = kThreeSteps;
    steps.replace(steps.find(R"("among": ["pause", "write", "drain"])"), 36, R"("among": ["oom"])");
    const Lesson lesson = parsed(lessonWithSteps(steps));
    const auto check = checkLesson(lesson, simulateTrace(lesson.scenario));
    ASSERT_EQ(check.problems.size(), 1U);
    EXPECT_EQ(check.problems[0],
              "steps[1].ask: no line after the pause (after line 10) is among oom");
}

}  // namespace
