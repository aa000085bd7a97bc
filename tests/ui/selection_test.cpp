// The Selection: what the person (or a lesson) points at, shared by every
// view of the window. A view that picks sets it; every other view follows.
#include "bplab_ui/run/selection.h"

#include <QApplication>
#include <QComboBox>
#include <QListWidget>
#include <QMouseEvent>

#include <gtest/gtest.h>

#include "bplab_core/trace_store.h"
#include "bplab_ui/event_log/event_log_widget.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/explain/explanation_panel.h"
#include "bplab_ui/inspector/stage_inspector.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/state_inspector/state_inspector.h"

namespace bplab::ui {
namespace {

// The window with its docks on error-with-pipe (upload -> parser -> db),
// paused at t = 0.
struct Fixture {
    MainWindow window;
    AnalysisDocks* docks = nullptr;
    Fixture()
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.player().setFrameTimerEnabled(false);
        docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
        window.setScenarioEditor(docks->editor(), docks->undoAction(), docks->redoAction());
        window.resize(1600, 1000);
        EXPECT_TRUE(window.openExample(QStringLiteral("error-with-pipe")));
    }
    Selection& selection() { return window.selection(); }
    // The stage each view shows as picked: diagram, stage inspector, state inspector.
    [[nodiscard]] std::vector<int> shownStages() const
    {
        return {window.diagram()->highlightedStage(), docks->stageInspector()->selectedStage(),
                docks->stateInspector()->stage()};
    }
};

TEST(Selection, AStageClickedInTheDiagramIsSelectedAndShownByEveryView)
{
    Fixture f;
    PipelineDiagram* diagram = f.window.diagram();
    const QPointF inParser = diagram->tankRect(1, PipelineDiagram::Side::Writable).center();
    QMouseEvent press(QEvent::MouseButtonPress, inParser, diagram->mapToGlobal(inParser),
                      Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(diagram, &press);

    EXPECT_EQ(f.selection().stage(), 1);
    EXPECT_EQ(f.shownStages(), (std::vector<int>{1, 1, 1}));
}

TEST(Selection, AStagePickedInEitherInspectorIsTheSelectedStage)
{
    Fixture f;
    auto* list = f.docks->stageInspector()->findChild<QListWidget*>();
    ASSERT_NE(list, nullptr);
    list->setCurrentRow(2);
    EXPECT_EQ(f.selection().stage(), 2);
    EXPECT_EQ(f.shownStages(), (std::vector<int>{2, 2, 2}));

    auto* selector = f.docks->stateInspector()->findChild<QComboBox*>();
    ASSERT_NE(selector, nullptr);
    selector->setCurrentIndex(0);
    Q_EMIT selector->activated(0);
    EXPECT_EQ(f.selection().stage(), 0);
    EXPECT_EQ(f.shownStages(), (std::vector<int>{0, 0, 0}));
}

TEST(Selection, AStageSelectedFromOutsideIsShownByEveryView)
{
    Fixture f;
    f.selection().setStage(2);  // as a lesson or the presenter's keys do
    EXPECT_EQ(f.shownStages(), (std::vector<int>{2, 2, 2}));
}

TEST(Selection, ALinePickedInTheLogSelectsItsLineTimeAndStage)
{
    Fixture f;
    f.window.player().advanceBy(40.0);
    TraceStore trace;
    f.window.run().lines(0, f.window.run().cursorLines(), trace);
    // The first line of the parser (stage 1) the run wrote.
    std::size_t line = 0;
    while (line < trace.size() && trace.stageAt(line) != 1) {
        ++line;
    }
    ASSERT_LT(line, trace.size());

    f.docks->selectTraceIndex(static_cast<qint64>(line));

    EXPECT_EQ(f.selection().line(), static_cast<qint64>(line));
    EXPECT_EQ(f.selection().cursorSeconds(), static_cast<double>(trace.timeAt(line)) / 1000.0);
    EXPECT_EQ(f.selection().stage(), 1);
    EXPECT_EQ(f.window.run().cursorLine(), static_cast<qint64>(line));
    EXPECT_EQ(f.docks->eventLog()->selectedTraceIndex(), static_cast<qint64>(line));
    EXPECT_EQ(f.docks->explanation()->traceIndex(), static_cast<qint64>(line));
}

TEST(Selection, ALineSelectedFromOutsideMovesTheRunThereAndIsExplained)
{
    Fixture f;
    f.window.player().advanceBy(40.0);
    f.selection().setLine(12);  // as a chart mark or a lesson does
    EXPECT_EQ(f.window.run().cursorLine(), 12);
    EXPECT_EQ(f.docks->eventLog()->selectedTraceIndex(), 12);
    EXPECT_EQ(f.docks->explanation()->traceIndex(), 12);
    TraceStore trace;
    f.window.run().lines(12, 1, trace);
    EXPECT_EQ(f.selection().cursorSeconds(), static_cast<double>(trace.timeAt(0)) / 1000.0);
}

TEST(Selection, SteppingSelectsEachLineReachedAndPlayingOnSelectsNone)
{
    Fixture f;
    f.window.run().stepForward();
    const qint64 reached = f.window.run().cursorLine();
    EXPECT_EQ(f.selection().line(), reached);
    f.window.run().stepForward();
    EXPECT_EQ(f.selection().line(), reached + 1);

    f.window.player().advanceBy(10.0);
    EXPECT_EQ(f.selection().line(), -1);
}

TEST(Selection, OpeningAnotherScenarioSelectsNothingOfTheOldOne)
{
    Fixture f;
    f.window.player().advanceBy(40.0);
    f.selection().setStage(2);
    f.selection().setLine(12);
    ASSERT_TRUE(f.window.openExample(QStringLiteral("fast-producer-slow-consumer")));
    EXPECT_EQ(f.selection().stage(), -1);
    EXPECT_EQ(f.selection().line(), -1);
    EXPECT_EQ(f.window.diagram()->highlightedStage(), -1);
}

}  // namespace
}  // namespace bplab::ui
