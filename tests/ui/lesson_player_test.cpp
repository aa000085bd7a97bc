// The lesson player in the window: pauses at each `at`, Back to the exact
// earlier state, locked answers, the real event revealed, the keyboard alone
// in presenter mode, the lesson list, and lessons written in the window.
#include "bplab_ui/lessons/lesson_player.h"
#include "bplab_core/lesson_writer.h"
#include "bplab_core/trace.h"
#include "bplab_ui/event_log/event_log_model.h"
#include "bplab_ui/event_log/event_log_widget.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/lessons/lesson_layer.h"
#include "bplab_ui/lessons/lesson_library.h"
#include "bplab_ui/lessons/lesson_panel.h"
#include "bplab_ui/lessons/lesson_run_host.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/presenter/presenter_mode.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/state_inspector/state_inspector.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

using namespace bplab;
using namespace bplab::ui;

namespace {

struct LessonWindow {
    MainWindow window;
    ManualWallClock clock;
    AnalysisDocks* docks = nullptr;
    LessonLayer* lessons = nullptr;

    LessonWindow()
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.setUnsavedChangesPrompt([] { return UnsavedChoice::Discard; });
        window.player().setFrameTimerEnabled(false);
        window.player().setWallClock(&clock);
        docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
        window.setScenarioEditor(docks->editor(), docks->undoAction(), docks->redoAction());
        lessons = new LessonLayer(&window, docks);
        lessons->player()->setPlayOnIntervalMs(0);
        window.resize(1280, 800);
        window.show();
        QApplication::processEvents();
    }
    LessonPlayer& player() { return *lessons->player(); }
    Run& run() { return window.run(); }
    // The lines shown: those up to and including the cursor.
    std::size_t visible() { return static_cast<std::size_t>(window.run().cursorLines()); }
    double nowMs() { return window.player().virtualNowMs(); }
};

Lesson builtIn(const char* id)
{
    Result<Lesson> lesson = builtInLesson(QString::fromLatin1(id));
    EXPECT_TRUE(lesson.ok()) << (lesson.ok() ? "" : lesson.error().message);
    return lesson.value();
}

// The run's line `index` (0-based) as the checker reads lines.
TraceLine windowLine(Run& run, std::size_t index)
{
    const std::vector<RecordedLine> lines = run.lines(static_cast<std::int64_t>(index), 1);
    EXPECT_EQ(lines.size(), 1u) << "line " << index;
    if (lines.empty()) {
        return {};
    }
    TraceEvent event = lines[0].event;
    event.message = lines[0].message;
    std::string text;
    appendTraceLine(text, event, run.stageIds());
    text.pop_back();
    return parseTraceLine(text).value();
}

// Everything the window shows of the moment: every stage's snapshot, the
// clock, the lines shown, the stepped line, the state inspector's cells and
// the event log's selected row.
struct Shown {
    std::vector<StageSnapshot> stages;
    double nowMs = 0;
    std::size_t visible = 0;
    std::string steppedLine;
    QStringList inspectorCells;
    qint64 selectedIndex = -1;
    QStringList selectedRow;
    friend bool operator==(const Shown&, const Shown&) = default;
};

Shown momentOf(LessonWindow& f)
{
    QApplication::processEvents();
    Shown m;
    const bplab::Moment& at = f.run().moment();
    m.stages = at.stages;
    m.nowMs = f.nowMs();
    m.visible = f.visible();
    if (at.line) {
        TraceEvent event = at.line->event;
        event.message = at.line->message;
        appendTraceLine(m.steppedLine, event, f.run().stageIds());
    }
    for (auto* view : f.docks->stateInspector()->findChildren<QAbstractItemView*>()) {
        const QAbstractItemModel* model = view->model();
        for (int r = 0; r < model->rowCount(); ++r) {
            for (int col = 0; col < model->columnCount(); ++col) {
                m.inspectorCells << model->data(model->index(r, col)).toString();
            }
        }
    }
    EventLogWidget* log = f.docks->eventLog();
    m.selectedIndex = log->selectedTraceIndex();
    const int row = log->model()->rowOfTraceIndex(static_cast<std::size_t>(m.selectedIndex));
    for (int col = 0; col < log->model()->columnCount(); ++col) {
        m.selectedRow << log->model()->data(log->model()->index(row, col)).toString();
    }
    return m;
}

// The 1-based number of the nth line matching `pattern`, found by reading
// the whole trace here, apart from the checker.
std::size_t nthMatch(const std::vector<TraceLine>& trace, const TracePattern& pattern)
{
    std::int64_t seen = 0;
    for (std::size_t k = 0; k < trace.size(); ++k) {
        if (pattern.matches(trace[k]) && ++seen == pattern.nth) {
            return k + 1;
        }
    }
    return 0;
}

}  // namespace

TEST(LessonPlayer, EachStepPausesRightAfterTheNthLineItsAtNames)
{
    LessonWindow f;
    const Lesson lesson = builtIn("ignoring-write");
    const std::vector<TraceLine> trace = simulateTrace(lesson.scenario);
    ASSERT_TRUE(f.lessons->openLesson(lesson));
    EXPECT_EQ(f.visible(), 0u);  // the first step: t = 0
    EXPECT_EQ(f.nowMs(), 0.0);
    for (std::size_t i = 1; i < lesson.steps.size(); ++i) {
        f.player().goToStep(i);
        const TracePattern& at = *lesson.steps[i].at->line;
        const std::size_t line = nthMatch(trace, at);
        ASSERT_GT(line, 0u) << "step " << i;
        EXPECT_EQ(f.visible(), line) << "step " << i;
        EXPECT_TRUE(at.matches(windowLine(f.run(), line - 1))) << "step " << i;
        EXPECT_EQ(f.nowMs(), static_cast<double>(trace[line - 1].t()));
        ASSERT_TRUE(f.run().cursorAtLine());
    }
}

TEST(LessonPlayer, ATimePauseStopsAfterTheLastLineAtOrBeforeThatTime)
{
    LessonWindow f;
    Lesson lesson = builtIn("ignoring-write");
    lesson.steps.resize(3);
    for (LessonStep& step : lesson.steps) {
        step.ask.reset();
        step.reveal.clear();
    }
    lesson.steps[1].at = LessonPause{std::nullopt, 5};
    lesson.steps[2].at = LessonPause{std::nullopt, 100};
    const std::vector<TraceLine> trace = simulateTrace(lesson.scenario);
    ASSERT_TRUE(f.lessons->openLesson(lesson));
    for (const std::size_t i : {1u, 2u}) {
        const std::int64_t t = *lesson.steps[i].at->tMs;
        const auto last =
            static_cast<std::size_t>(std::find_if(trace.begin(), trace.end(),
                                                  [t](const TraceLine& l) { return l.t() > t; }) -
                                     trace.begin());
        f.player().next();
        EXPECT_EQ(f.player().stepIndex(), i);
        EXPECT_EQ(f.visible(), last);
        EXPECT_LE(windowLine(f.run(), last - 1).t(), t);
        EXPECT_GT(trace.at(last).t(), t);
    }
}

TEST(LessonPlayer, BackRestoresEveryFieldOfTheEarlierMoment)
{
    LessonWindow f;
    ASSERT_TRUE(f.lessons->openBuiltIn(QStringLiteral("ignoring-write")));
    const Shown atStart = momentOf(f);
    f.player().next();  // step 2: the first write() false, a question
    ASSERT_EQ(f.player().phase(), LessonPlayer::Phase::Asking);
    const Shown atPause = momentOf(f);
    EXPECT_NE(atPause, atStart);
    f.player().choose(1);
    f.player().lockIn();
    ASSERT_EQ(f.player().phase(), LessonPlayer::Phase::Revealed);
    EXPECT_NE(momentOf(f), atPause);
    f.player().next();  // step 3, further on
    f.player().choose(0);
    f.player().lockIn();
    f.player().back();  // step 3's own pause
    f.player().back();  // step 2
    EXPECT_EQ(f.player().stepIndex(), 1u);
    EXPECT_EQ(f.player().phase(), LessonPlayer::Phase::Locked);
    EXPECT_EQ(momentOf(f), atPause);
    f.player().back();
    EXPECT_EQ(momentOf(f).stages, atStart.stages);
    EXPECT_EQ(f.visible(), 0u);
}

TEST(LessonPlayer, ALockedAnswerCannotChangeByKeyClickOrCommand)
{
    LessonWindow f;
    ASSERT_TRUE(f.lessons->openBuiltIn(QStringLiteral("ignoring-write")));
    f.player().next();
    QTest::keyClick(&f.window, Qt::Key_1);
    EXPECT_EQ(f.player().chosen(), std::optional<std::size_t>(0));
    QTest::keyClick(&f.window, Qt::Key_3);  // changing one's mind before locking in
    EXPECT_EQ(f.player().chosen(), std::optional<std::size_t>(2));
    QTest::keyClick(&f.window, Qt::Key_Return);
    EXPECT_EQ(f.player().lockedAnswer(), std::optional<std::size_t>(2));
    QTest::keyClick(&f.window, Qt::Key_2);
    f.player().choose(1);
    f.lessons->panel()->choiceButton(1)->click();
    f.player().watchAgain();
    EXPECT_EQ(f.player().lockedAnswer(), std::optional<std::size_t>(2));
    EXPECT_FALSE(f.player().answeredRight());
    EXPECT_EQ(f.player().score(), 0);
    EXPECT_EQ(f.player().answered(), 1);
    f.player().back();
    f.player().next();
    EXPECT_EQ(f.player().lockedAnswer(), std::optional<std::size_t>(2));
    EXPECT_TRUE(f.lessons->panel()->choiceButton(2)->isChecked());
    EXPECT_FALSE(f.lessons->panel()->choiceButton(1)->isChecked());
    f.player().resetScore();  // a new class: the question is open again
    EXPECT_EQ(f.player().answered(), 0);
    EXPECT_EQ(f.player().phase(), LessonPlayer::Phase::Asking);
}

TEST(LessonPlayer, TheRevealIsTheFirstLineAfterThePauseAmongTheQuestionsEvents)
{
    LessonWindow f;
    const Lesson lesson = builtIn("ignoring-write");
    const std::vector<TraceLine> trace = simulateTrace(lesson.scenario);
    ASSERT_TRUE(f.lessons->openLesson(lesson));
    for (std::size_t i = 1; i <= 3; ++i) {
        f.player().goToStep(i);
        const LessonQuestion& ask = *lesson.steps[i].ask;
        const std::size_t pause = nthMatch(trace, *lesson.steps[i].at->line);
        std::size_t real = pause;
        while (std::find(ask.among.begin(), ask.among.end(), std::string(trace[real].ev())) ==
               ask.among.end()) {
            ++real;
        }
        f.player().choose(ask.answer);
        f.player().lockIn();
        ASSERT_EQ(f.player().phase(), LessonPlayer::Phase::Revealed);
        EXPECT_EQ(f.visible(), real + 1) << "step " << i;
        const TraceLine shown = windowLine(f.run(), real);
        EXPECT_EQ(shown, trace[real]);
        EXPECT_TRUE(ask.choices[ask.answer].matches(shown));
        EXPECT_TRUE(f.player().answeredRight());
        QApplication::processEvents();
        EXPECT_EQ(f.docks->eventLog()->selectedTraceIndex(), static_cast<qint64>(real));
        const std::string stage(shown.stage());
        const auto ids = f.run().stageIds();
        EXPECT_EQ(f.window.diagram()->highlightedStage(),
                  static_cast<int>(std::find(ids.begin(), ids.end(), stage) - ids.begin()));
        const QString event = f.lessons->panel()->eventLabel()->text();
        EXPECT_TRUE(event.contains(choiceLabel(ask.choices[ask.answer]).toHtmlEscaped()))
            << event.toStdString();
        EXPECT_TRUE(event.contains(QStringLiteral("line #%L1,").arg(real))) << event.toStdString();
        EXPECT_FALSE(f.lessons->panel()->whyLabel()->text().isEmpty());
        EXPECT_TRUE(f.lessons->panel()->revealLabel()->isVisibleTo(f.lessons->panel()));
    }
    EXPECT_EQ(f.player().score(), 3);
}

TEST(LessonPlayer, AWholeLessonRunsOnTheKeyboardAloneInPresenterMode)
{
    LessonWindow f;
    PresenterMode* presenter = f.window.presenter();
    presenter->enter(false);
    const Lesson lesson = builtIn("backpressure-with-pipe");
    ASSERT_TRUE(f.lessons->openLesson(lesson));
    QApplication::processEvents();
    EXPECT_TRUE(f.lessons->dock()->isVisible());
    std::size_t questions = 0;
    for (int guard = 0; guard < 100 && f.player().phase() != LessonPlayer::Phase::Finished;
         ++guard) {
        if (f.player().phase() == LessonPlayer::Phase::Asking) {
            const std::size_t right = f.player().nextQuestion()->answer;
            QTest::keyClick(&f.window, static_cast<Qt::Key>(Qt::Key_1 + right));
            QTest::keyClick(&f.window, Qt::Key_Return);
            EXPECT_EQ(f.player().phase(), LessonPlayer::Phase::Revealed);
            ++questions;
        }
        QTest::keyClick(&f.window, guard % 2 == 0 ? Qt::Key_Space : Qt::Key_Right);
    }
    EXPECT_EQ(f.player().phase(), LessonPlayer::Phase::Finished);
    EXPECT_EQ(questions, static_cast<std::size_t>(f.player().questionCount()));
    EXPECT_EQ(f.player().score(), f.player().questionCount());
    EXPECT_EQ(presenter->selectedStage(), 0);  // 1-9 answered; they picked no stage
    EXPECT_TRUE(presenter->isActive());
    QTest::keyClick(&f.window, Qt::Key_Left);  // back from the end: the last step
    EXPECT_EQ(f.player().stepIndex(), lesson.steps.size() - 1);
    EXPECT_NE(f.player().phase(), LessonPlayer::Phase::Finished);
    QTest::keyClick(&f.window, Qt::Key_Escape);
    EXPECT_FALSE(presenter->isActive());
}

TEST(LessonPlayer, ThePanelSaysStepNOfMAndTheScore)
{
    LessonWindow f;
    ASSERT_TRUE(f.lessons->openBuiltIn(QStringLiteral("ignoring-write"), 1));
    EXPECT_EQ(f.lessons->panel()->progressLabel()->text(), QStringLiteral("Step 2 of 5"));
    EXPECT_EQ(f.lessons->panel()->scoreLabel()->text(), QStringLiteral("Score 0 / 0"));
    f.player().choose(1);
    f.player().lockIn();
    EXPECT_EQ(f.lessons->panel()->scoreLabel()->text(), QStringLiteral("Score 1 / 1"));
    EXPECT_FALSE(f.lessons->panel()->watchAgainButton()->isVisibleTo(f.lessons->panel()));
}

TEST(LessonLibrary, ListsEveryBuiltInLessonByIdAndTitle)
{
    EXPECT_EQ(lessonListText(),
              QStringLiteral("backpressure-with-pipe        Backpressure with pipe()\n"
                             "buffers-outside-the-heap      Buffers live outside the V8 heap\n"
                             "errors-with-pipe              An error with pipe()\n"
                             "errors-with-pipeline          The same error with pipeline()\n"
                             "hwm-not-a-limit               highWaterMark is not a hard limit\n"
                             "ignoring-write                Ignoring write()'s return value\n"
                             "objectmode-counts-objects     objectMode counts objects\n"
                             "slow-transform-in-the-middle  A slow transform in the middle\n"));
}

TEST(LessonLibrary, AnUnknownIdNamesTheLessonsThereAre)
{
    const Result<Lesson> lesson = builtInLesson(QStringLiteral("no-such"));
    ASSERT_FALSE(lesson.ok());
    EXPECT_EQ(lesson.error().message.substr(0, 60),
              "there is no built-in lesson \"no-such\"; the lessons are: back");
}

TEST(LessonWriter, EveryBuiltInLessonSurvivesAWriteAndARead)
{
    for (const LessonEntry& entry : builtInLessons()) {
        const Lesson lesson = builtIn(entry.id.toLatin1().constData());
        const Result<Lesson> again = parseLesson(serializeLesson(lesson));
        ASSERT_TRUE(again.ok()) << entry.id.toStdString() << ": " << again.error().message;
        EXPECT_EQ(again.value(), lesson) << entry.id.toStdString();
    }
}

TEST(LessonAuthoring, SaveAsLessonAndPauseHereWriteALessonThatOpensLikeABuiltInOne)
{
    LessonWindow f;
    ASSERT_TRUE(f.window.openExample(QStringLiteral("fast-producer-slow-consumer")));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("My first lesson.json"));
    ASSERT_TRUE(f.lessons->saveAsLesson(path));
    EXPECT_EQ(f.lessons->draft()->id, "my-first-lesson");
    EXPECT_EQ(f.lessons->draft()->steps.size(), 1u);
    const std::vector<TraceLine> trace = f.lessons->wholeTrace();
    // The first write() that returns false, and the first drain.
    const auto firstOf = [&](const char* ev, bool falseWrite) {
        for (std::size_t k = 0; k < trace.size(); ++k) {
            const TraceValue* ret = trace[k].find("ret");
            if (trace[k].ev() == ev &&
                (!falseWrite || (ret != nullptr && *ret == TraceValue(false)))) {
                return k;
            }
        }
        return trace.size();
    };
    const std::size_t full = firstOf("write", true);
    const std::size_t drain = firstOf("drain", false);
    ASSERT_LT(drain, trace.size());
    // Added out of order: the later pause first.
    const std::vector<TracePattern> afterDrain = nextEventChoices(trace, drain + 1, 4);
    ASSERT_TRUE(f.lessons->addPauseStep(static_cast<qint64>(drain), QStringLiteral("Drained."),
                                        afterDrain, QStringLiteral("And now?"), QString()));
    const std::vector<TracePattern> afterFull = nextEventChoices(trace, full + 1, 3);
    ASSERT_EQ(afterFull.size(), 3u);
    ASSERT_TRUE(f.lessons->addPauseStep(static_cast<qint64>(full), QStringLiteral("Full."),
                                        afterFull, QStringLiteral("What next?"),
                                        QStringLiteral("This.")));
    const Result<Lesson> saved = loadLessonFile(path.toStdString());
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    ASSERT_EQ(saved.value().steps.size(), 3u);
    EXPECT_EQ(saved.value().steps[1].say, "Full.");
    EXPECT_EQ(saved.value().steps[2].say, "Drained.");
    EXPECT_EQ(saved.value().steps[1].ask->choices[saved.value().steps[1].ask->answer],
              afterFull[0]);  // the real next line comes first
    const LessonCheck check = checkLesson(saved.value(), trace);
    EXPECT_TRUE(check.holds()) << (check.problems.empty() ? "" : check.problems[0]);
    EXPECT_EQ(check.steps[1].pausedAfter, full + 1);
    EXPECT_EQ(check.steps[2].pausedAfter, drain + 1);

    ASSERT_TRUE(f.window.openFile(path));
    EXPECT_TRUE(f.player().isOpen());
    EXPECT_EQ(f.player().lesson().id, "my-first-lesson");
    EXPECT_EQ(f.player().stepCount(), 3u);
}

TEST(LessonAuthoring, ABrokenLessonFileKeepsTheOpenScenarioAndNamesThePath)
{
    LessonWindow f;
    ASSERT_TRUE(f.window.openExample(QStringLiteral("fast-producer-slow-consumer")));
    const std::string name = f.run().scenario().name;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "bplab-lesson/1", "id": "x", "title": "X", "steps": []})");
    file.close();
    EXPECT_FALSE(f.window.openFile(path));
    EXPECT_FALSE(f.player().isOpen());
    EXPECT_EQ(f.run().scenario().name, name);
    EXPECT_TRUE(f.window.lastError().contains(QStringLiteral("scenario: required")))
        << f.window.lastError().toStdString();
}

TEST(LessonPlayer, OpeningAnotherScenarioClosesTheLessonAndItsPanel)
{
    LessonWindow f;
    ASSERT_TRUE(f.lessons->openBuiltIn(QStringLiteral("ignoring-write")));
    QApplication::processEvents();
    EXPECT_TRUE(f.lessons->dock()->isVisible());
    ASSERT_TRUE(f.window.openExample(QStringLiteral("fast-producer-slow-consumer")));
    QApplication::processEvents();
    EXPECT_FALSE(f.player().isOpen());
    EXPECT_FALSE(f.lessons->dock()->isVisible());
    const std::size_t before = f.visible();
    QTest::keyClick(&f.window, Qt::Key_Right);  // the window's step key again
    EXPECT_EQ(f.visible(), before + 1);
}

TEST(LessonPlayer, ResetAndATimingEditInThePastKeepTheLessonOpen)
{
    LessonWindow f;
    ASSERT_TRUE(f.lessons->openBuiltIn(QStringLiteral("ignoring-write")));
    f.player().next();
    StageTiming slower = f.run().scenario().stages[1].timing();
    slower.delayMs += 5;
    EXPECT_TRUE(f.run().applyTimingEdit(1, slower));  // a fork: a new run of the same scenario
    EXPECT_TRUE(f.player().isOpen());
    f.run().undoFork();
    EXPECT_TRUE(f.player().isOpen());
    QTest::keyClick(&f.window, Qt::Key_R);  // the window's Reset
    EXPECT_EQ(f.nowMs(), 0.0);
    EXPECT_TRUE(f.player().isOpen());
    EXPECT_EQ(f.player().stepIndex(), 1u);
}
