#include "bplab_ui/explain/analysis_docks.h"

#include <QAction>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QMainWindow>
#include <QSignalSpy>
#include <QStatusBar>
#include <QUndoStack>

#include <gtest/gtest.h>

#include "bplab_ui/event_log/event_log_widget.h"
#include "bplab_ui/explain/explanation_panel.h"
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/stage_inspector.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/run/selection.h"
#include "bplab_ui/state_inspector/state_inspector.h"

namespace bplab::ui {
namespace {

Scenario fileGzipSocket()
{
    Scenario s;
    Stage file;
    file.id = "file";
    file.kind = StageKind::Readable;
    file.chunks = 200;
    file.chunkBytes = 16384;
    file.intervalMs = 1;
    Stage gzip;
    gzip.id = "gzip";
    gzip.kind = StageKind::Transform;
    gzip.delayMs = 2;
    gzip.ratio = 0.5;
    Stage socket;
    socket.id = "socket";
    socket.kind = StageKind::Writable;
    socket.delayMs = 6;
    socket.highWaterMark.writable = 16384;
    s.stages = {file, gzip, socket};
    return s;
}

struct Fixture {
    QMainWindow window;
    ui::Run run;
    Player controller;
    Selection selection;
    AnalysisDocks* docks = nullptr;
    Fixture()
    {
        controller.setFrameTimerEnabled(false);
        controller.addRun(&run);
        run.load(fileGzipSocket());
        docks = new AnalysisDocks(&window, &run, &controller, &selection);
    }
};

TEST(AnalysisDocks, DocksFiveViewsThatFollowTheRun)
{
    Fixture f;
    EXPECT_EQ(f.docks->docks().size(), 5);  // log, why, stage, state, summary
    for (QDockWidget* dock : f.docks->docks()) {
        EXPECT_FALSE(dock->objectName().isEmpty());
    }
    f.controller.advanceBy(100.0);
    // Real Node 24 writes 299 lines of this scenario with t <= 100.
    EXPECT_EQ(f.docks->eventLog()->model()->rowCount(), 299);
    EXPECT_EQ(f.docks->eventLog()->model()->scannedCount(),
              static_cast<std::size_t>(f.run.cursorLines()));
    EXPECT_EQ(f.docks->editor()->scenario(), fileGzipSocket());
}

TEST(AnalysisDocks, ATimingEditGoesLiveAndAHighWaterMarkEditRestarts)
{
    Fixture f;
    f.controller.advanceBy(100.0);
    const std::uint64_t generation = f.run.generation();
    StageInspector* inspector = f.docks->stageInspector();
    inspector->setSelectedStage(2);

    inspector->param(QStringLiteral("delay_ms"))->spinBox()->setValue(12.0);
    EXPECT_EQ(f.run.scenario().stages[2].delayMs, 12);
    EXPECT_EQ(f.run.generation(), generation);  // no restart
    EXPECT_EQ(f.run.cursorLines(), 299);        // the run went on, not from t = 0

    inspector->param(QStringLiteral("highWaterMark"))->spinBox()->setValue(4096.0);
    EXPECT_EQ(f.run.generation(), generation + 1);
    EXPECT_EQ(f.run.scenario().stages[2].highWaterMark.writable, 4096);
    EXPECT_TRUE(
        f.window.statusBar()->currentMessage().contains(QStringLiteral("restarted from t = 0")))
        << f.window.statusBar()->currentMessage().toStdString();
    EXPECT_EQ(f.docks->undoStack()->count(), 2);  // the reload kept the history

    ASSERT_NE(f.docks->undoAction(), nullptr);
    EXPECT_EQ(f.docks->undoAction()->shortcut(), QKeySequence(QKeySequence::Undo));
    EXPECT_TRUE(f.window.actions().contains(f.docks->undoAction()));
    f.docks->undoAction()->trigger();
    EXPECT_EQ(f.run.scenario().stages[2].highWaterMark.writable, 16384);
    f.docks->undoStack()->undo();
    EXPECT_EQ(f.run.scenario(), fileGzipSocket());
}

TEST(AnalysisDocks, SteppingExplainsEachLineReached)
{
    Fixture f;
    // A new run's cursor stands at t = 0, after the 5 lines written then.
    ASSERT_EQ(f.run.cursorLines(), 5);
    for (int i = 0; i < 5; ++i) {
        f.run.stepForward();
    }
    ASSERT_EQ(f.run.cursorLines(), 10);  // one line a step
    const auto last = static_cast<qint64>(f.run.cursorLines() - 1);
    EXPECT_EQ(f.docks->eventLog()->selectedTraceIndex(), last);
    EXPECT_EQ(f.docks->explanation()->traceIndex(), last);
    EXPECT_FALSE(f.docks->explanation()->whyText().isEmpty());
}

TEST(AnalysisDocks, APickedLineIsExplainedAndAnnounced)
{
    Fixture f;
    f.controller.advanceBy(50.0);
    QSignalSpy selected(f.docks, &AnalysisDocks::eventSelected);
    QSignalSpy explained(f.docks->explanation(), &ExplanationPanel::explained);
    f.docks->selectTraceIndex(10);
    ASSERT_EQ(selected.count(), 1);
    EXPECT_EQ(selected.at(0).at(0).toLongLong(), 10);
    EXPECT_EQ(selected.at(0).at(1).toLongLong(), f.run.lines(10, 1).at(0).event.t);
    EXPECT_EQ(explained.count(), 1);  // at once: the moment carries the explanation
    EXPECT_EQ(f.run.cursorLine(), 10);
    EXPECT_FALSE(f.docks->explanation()->whyText().isEmpty());
}

}  // namespace
}  // namespace bplab::ui
