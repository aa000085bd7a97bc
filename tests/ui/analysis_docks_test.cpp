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
#include "bplab_ui/simulation_controller.h"
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
    SimulationController controller;
    AnalysisDocks* docks = nullptr;
    Fixture()
    {
        controller.setFrameTimerEnabled(false);
        controller.loadScenario(fileGzipSocket());
        docks = new AnalysisDocks(&window, &controller);
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
    EXPECT_EQ(f.docks->eventLog()->model()->scannedCount(), f.controller.visibleTraceCount());
    EXPECT_EQ(f.docks->editor()->scenario(), fileGzipSocket());
}

TEST(AnalysisDocks, ATimingEditGoesLiveAndAHighWaterMarkEditRestarts)
{
    Fixture f;
    f.controller.advanceBy(100.0);
    const std::uint64_t generation = f.controller.runGeneration();
    StageInspector* inspector = f.docks->stageInspector();
    inspector->setSelectedStage(2);

    inspector->param(QStringLiteral("delay_ms"))->spinBox()->setValue(12.0);
    EXPECT_EQ(f.controller.scenario().stages[2].delayMs, 12);
    EXPECT_EQ(f.controller.runGeneration(), generation);  // no restart
    EXPECT_EQ(f.controller.visibleTraceCount(), 299u);    // the run went on, not from t = 0

    inspector->param(QStringLiteral("highWaterMark"))->spinBox()->setValue(4096.0);
    EXPECT_EQ(f.controller.runGeneration(), generation + 1);
    EXPECT_EQ(f.controller.scenario().stages[2].highWaterMark.writable, 4096);
    EXPECT_TRUE(
        f.window.statusBar()->currentMessage().contains(QStringLiteral("restarted from t = 0")))
        << f.window.statusBar()->currentMessage().toStdString();
    EXPECT_EQ(f.docks->undoStack()->count(), 2);  // the reload kept the history

    ASSERT_NE(f.docks->undoAction(), nullptr);
    EXPECT_EQ(f.docks->undoAction()->shortcut(), QKeySequence(QKeySequence::Undo));
    EXPECT_TRUE(f.window.actions().contains(f.docks->undoAction()));
    f.docks->undoAction()->trigger();
    EXPECT_EQ(f.controller.scenario().stages[2].highWaterMark.writable, 16384);
    f.docks->undoStack()->undo();
    EXPECT_EQ(f.controller.scenario(), fileGzipSocket());
}

TEST(AnalysisDocks, SteppingExplainsEachRevealedLine)
{
    Fixture f;
    for (int i = 0; i < 5; ++i) {
        f.controller.stepEvent();
    }
    ASSERT_EQ(f.controller.visibleTraceCount(), 5u);  // one line a step
    const auto last = static_cast<qint64>(f.controller.visibleTraceCount() - 1);
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
    EXPECT_EQ(selected.at(0).at(1).toLongLong(), f.controller.trace().timeAt(10));
    ASSERT_TRUE(explained.count() > 0 || explained.wait(5000));
    EXPECT_FALSE(f.docks->explanation()->whyText().isEmpty());
}

}  // namespace
}  // namespace bplab::ui
