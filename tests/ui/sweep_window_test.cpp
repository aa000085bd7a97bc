// Experiment > Sweep...: the window's rows are the core sweep's rows, a
// heat map shows each run's exact figure, Cancel keeps the rows done, a
// clicked point opens exactly that variant (undoably), and a right-click on
// an inspector field offers "Sweep this..." with its path.
#include "bplab_ui/experiment/sweep_window.h"
#include "bplab_ui/experiment/experiments.h"
#include "bplab_ui/experiment/sweep_plot.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/inspector/param_control.h"
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/stage_inspector.h"
#include "bplab_ui/main_window.h"

#include "bplab_core/sweep.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDoubleSpinBox>
#include <QFile>
#include <QMenu>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace bplab;
using namespace bplab::ui;

namespace {

Scenario example(const char* name)
{
    QFile file(QStringLiteral(BPLAB_EXAMPLES_DIR "/%1.json").arg(QLatin1String(name)));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return *parseScenario(file.readAll().toStdString());
}

// Runs the sweep to its end (the worker thread hands rows over every 50 ms).
void runToEnd(SweepWindow& sweep)
{
    QSignalSpy finished(&sweep, &SweepWindow::sweepFinished);
    ASSERT_TRUE(sweep.start()) << sweep.lastError().toStdString();
    ASSERT_TRUE(finished.wait(60000));
    EXPECT_FALSE(sweep.isRunning());
}

void expectSameRow(const SweepRow& a, const SweepRow& b)
{
    EXPECT_EQ(a.values, b.values);
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(a.summary.durationMs, b.summary.durationMs);
    EXPECT_EQ(a.summary.events, b.summary.events);
    EXPECT_EQ(a.summary.pauses, b.summary.pauses);
    EXPECT_EQ(a.summary.drains, b.summary.drains);
    EXPECT_EQ(a.summary.peakMemoryBytes, b.summary.peakMemoryBytes);
    EXPECT_EQ(a.summary.peakMemoryAtMs, b.summary.peakMemoryAtMs);
    EXPECT_EQ(a.summary.delivered, b.summary.delivered);
    EXPECT_EQ(a.peakReadable, b.peakReadable);
    EXPECT_EQ(a.peakWritable, b.peakWritable);
}

TEST(SweepWindow, ItsRowsAreTheCoreSweepsRowsForTheSameAxes)
{
    const Scenario base = example("fast-producer-slow-consumer");
    SweepWindow sweep(base);
    sweep.setJobs(2);
    sweep.setParameter(0, QStringLiteral("stages[1].highWaterMark"),
                       QStringLiteral("1024..65536*4"));
    runToEnd(sweep);
    const std::vector<SweepAxis> axes{*parseSweepAxis("stages[1].highWaterMark=1024..65536*4")};
    ASSERT_EQ(sweep.rows().size(), 4u);
    EXPECT_EQ(sweep.rowsDone(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        ASSERT_TRUE(sweep.rows()[i].has_value());
        expectSameRow(*sweep.rows()[i], runSweepVariant(serializeScenario(base), axes, i));
    }
    // One parameter on a geometric list: a line on a log axis, one point a value.
    const SweepPlotData& plot = sweep.plot()->data();
    EXPECT_EQ(plot.kind, SweepPlotData::Kind::Line);
    EXPECT_TRUE(plot.logX);
    ASSERT_EQ(plot.points.size(), 4u);
    EXPECT_EQ(plot.points[2].x, 16384.0);
    EXPECT_EQ(plot.points[2].y, sweep.rows()[2]->summary.throughputPerSecond());
    EXPECT_EQ(sweep.progressBar()->value(), 4);
    EXPECT_EQ(sweep.progressBar()->maximum(), 4);
}

TEST(SweepWindow, ATwoParameterSweepFillsTheHeatMapWithEachRunsFigure)
{
    const Scenario base = example("fast-producer-slow-consumer");
    SweepWindow sweep(base);
    sweep.setParameter(0, QStringLiteral("stages[1].delay_ms"), QStringLiteral("2,8"));
    sweep.setParameter(1, QStringLiteral("wiring"), QStringLiteral("pipe,pipeline,naive"));
    sweep.setShownMetric(SweepWindow::Metric::PeakMemory);
    runToEnd(sweep);
    const std::string json = serializeScenario(base);
    const std::vector<SweepAxis> axes{*parseSweepAxis("stages[1].delay_ms=2,8"),
                                      *parseSweepAxis("wiring=pipe,pipeline,naive")};
    const SweepPlot* plot = sweep.plot();
    ASSERT_EQ(plot->data().kind, SweepPlotData::Kind::HeatMap);
    EXPECT_EQ(plot->data().rowLabels, (QStringList{QStringLiteral("2"), QStringLiteral("8")}));
    EXPECT_EQ(
        plot->data().columnLabels,
        (QStringList{QStringLiteral("pipe"), QStringLiteral("pipeline"), QStringLiteral("naive")}));
    for (int r = 0; r < 2; ++r) {
        for (int c = 0; c < 3; ++c) {
            const SweepRow core = runSweepVariant(json, axes, static_cast<std::size_t>(r * 3 + c));
            EXPECT_EQ(plot->cellValue(r, c),
                      std::optional<double>(static_cast<double>(core.summary.peakMemoryBytes)))
                << r << "," << c;
        }
    }
    // Switching the metric redraws the same cells with the other figure.
    sweep.setShownMetric(SweepWindow::Metric::Pauses);
    const SweepRow naiveSlow = runSweepVariant(json, axes, 5);
    EXPECT_EQ(plot->cellValue(1, 2),
              std::optional<double>(static_cast<double>(naiveSlow.summary.pauses)));
    // The scatter: one point per run, throughput against peak memory.
    sweep.setView(SweepWindow::View::Scatter);
    ASSERT_EQ(plot->data().kind, SweepPlotData::Kind::Scatter);
    EXPECT_EQ(plot->data().points.size(), 6u);
}

TEST(SweepWindow, CancelKeepsTheRowsDone)
{
    SweepWindow sweep(example("fast-producer-slow-consumer"));
    sweep.setJobs(1);
    sweep.setParameter(0, QStringLiteral("seed"), QStringLiteral("1..40"));
    // Cancelled from the worker thread right after the third run, as a click would.
    sweep.setRowHook([&sweep](std::size_t index) {
        if (index == 2) {
            QMetaObject::invokeMethod(
                &sweep, [&sweep] { sweep.cancel(); }, Qt::BlockingQueuedConnection);
        }
    });
    QSignalSpy finished(&sweep, &SweepWindow::sweepFinished);
    ASSERT_TRUE(sweep.start());
    ASSERT_TRUE(finished.wait(60000));
    EXPECT_TRUE(sweep.wasCancelled());
    EXPECT_EQ(sweep.rowsDone(), 3u);
    EXPECT_EQ(sweep.rows().size(), 40u);
    EXPECT_TRUE(sweep.rows()[2].has_value());
    EXPECT_FALSE(sweep.rows()[3].has_value());
    EXPECT_EQ(sweep.statusText(), QStringLiteral("3 of 40 runs, cancelled: the rows done are kept. "
                                                 "Click a point or a cell to open that variant."))
        << sweep.statusText().toStdString();
    // The CSV has the header and exactly the three rows done.
    EXPECT_EQ(QString::fromStdString(sweep.csv()).count(QLatin1Char('\n')), 4);
}

TEST(SweepWindow, ExportsTheCliColumnsAndAPicture)
{
    const Scenario base = example("fast-producer-slow-consumer");
    SweepWindow sweep(base);
    sweep.setParameter(0, QStringLiteral("wiring"), QStringLiteral("pipe,naive"));
    runToEnd(sweep);
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("sweep.csv"));
    ASSERT_TRUE(sweep.exportCsv(csv));
    QFile file(csv);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const std::vector<SweepAxis> axes{*parseSweepAxis("wiring=pipe,naive")};
    const std::string json = serializeScenario(base);
    EXPECT_EQ(file.readAll().toStdString(), sweepCsvHeader(base, axes) +
                                                sweepCsvRow(runSweepVariant(json, axes, 0), 2) +
                                                sweepCsvRow(runSweepVariant(json, axes, 1), 2));
    const QString png = dir.filePath(QStringLiteral("sweep.png"));
    ASSERT_TRUE(sweep.exportPng(png));
    EXPECT_EQ(QImage(png).size(), sweep.plot()->size());
    EXPECT_FALSE(sweep.exportCsv(dir.filePath(QStringLiteral("no/such/folder/sweep.csv"))));
    EXPECT_TRUE(
        sweep.lastError().startsWith(dir.filePath(QStringLiteral("no/such/folder/sweep.csv"))))
        << sweep.lastError().toStdString();
}

TEST(SweepWindow, ABadListIsRefusedNamingIt)
{
    SweepWindow sweep(example("fast-producer-slow-consumer"));
    sweep.setParameter(0, QStringLiteral("seed"), QStringLiteral("5..1"));
    EXPECT_FALSE(sweep.start());
    EXPECT_EQ(sweep.lastError(), QStringLiteral("seed=5..1: expected a..b with integers a <= b"));
    EXPECT_FALSE(sweep.isRunning());
}

struct ExperimentWindow {
    MainWindow window;
    AnalysisDocks* docks = nullptr;
    Experiments* experiments = nullptr;

    ExperimentWindow()
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.setUnsavedChangesPrompt([] { return UnsavedChoice::Discard; });
        window.player().setFrameTimerEnabled(false);
        docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
        window.setScenarioEditor(docks->editor(), docks->undoAction(), docks->redoAction());
        experiments = installExperiments(&window, docks);
        EXPECT_TRUE(window.openExample(QStringLiteral("fast-producer-slow-consumer")));
        window.resize(1280, 800);
        window.show();
    }
};

TEST(SweepWindow, ClickingAPointOpensExactlyThatVariantAndUndoGoesBack)
{
    ExperimentWindow f;
    const Scenario original = f.window.editedScenario();
    SweepWindow* sweep = f.experiments->openSweep();
    sweep->setParameter(0, QStringLiteral("stages[1].highWaterMark"),
                        QStringLiteral("1024..65536*4"));
    runToEnd(*sweep);
    const std::optional<QPoint> at = sweep->plot()->positionOf(1);
    ASSERT_TRUE(at.has_value());
    QTest::mouseClick(sweep->plot(), Qt::LeftButton, Qt::NoModifier, *at);
    Scenario expected = original;
    expected.stages[1].highWaterMark.writable = 4096;
    EXPECT_EQ(f.window.editedScenario(), expected);
    EXPECT_EQ(f.window.run().scenario(), expected);
    EXPECT_TRUE(f.window.isWindowModified());
    f.docks->undoStack()->undo();
    EXPECT_EQ(f.window.editedScenario(), original);
    EXPECT_EQ(f.window.run().scenario(), original);
}

TEST(SweepWindow, ClickingAHeatMapCellOpensThatPairOfValues)
{
    ExperimentWindow f;
    const Scenario original = f.window.editedScenario();
    SweepWindow* sweep = f.experiments->openSweep();
    sweep->setParameter(0, QStringLiteral("stages[1].delay_ms"), QStringLiteral("2,8"));
    sweep->setParameter(1, QStringLiteral("wiring"), QStringLiteral("pipe,naive"));
    runToEnd(*sweep);
    QTest::mouseClick(sweep->plot(), Qt::LeftButton, Qt::NoModifier, *sweep->plot()->positionOf(3));
    Scenario expected = original;
    expected.stages[1].delayMs = 8;
    expected.wiring = Wiring::Naive;
    EXPECT_EQ(f.window.editedScenario(), expected);
    EXPECT_EQ(f.window.run().scenario(), expected);
    EXPECT_EQ(f.window.run().cursorTime(), 0);
    f.docks->undoStack()->undo();
    EXPECT_EQ(f.window.editedScenario(), original);
}

TEST(SweepWindow, SweepThisOnAnInspectorFieldFillsInItsPath)
{
    ExperimentWindow f;
    StageInspector* inspector = f.docks->stageInspector();
    inspector->setSelectedStage(1);
    ParamControl* delay = inspector->param(QStringLiteral("delay_ms"));
    ASSERT_NE(delay, nullptr);
    EXPECT_EQ(f.experiments->sweepPathOf(delay->spinBox()), QStringLiteral("stages[1].delay_ms"));
    EXPECT_EQ(f.experiments->sweepPathOf(delay->slider()), QStringLiteral("stages[1].delay_ms"));
    ParamControl* hwm = inspector->param(QStringLiteral("highWaterMark"));
    ASSERT_NE(hwm, nullptr);
    EXPECT_EQ(f.experiments->sweepPathOf(hwm->spinBox()),
              QStringLiteral("stages[1].highWaterMark"));
    EXPECT_EQ(f.experiments->sweepPathOf(f.window.charts()), QString());

    // The right-click menu, its "Sweep this..." chosen as a person would.
    bool offered = false;
    QTimer::singleShot(0, [&offered] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        ASSERT_NE(menu, nullptr);
        auto* sweep = menu->findChild<QAction*>(QStringLiteral("sweepThis"));
        ASSERT_NE(sweep, nullptr);
        offered = true;
        menu->close();
        sweep->trigger();
    });
    QWidget* field = delay->slider();
    QContextMenuEvent event(QContextMenuEvent::Mouse, QPoint(2, 2),
                            field->mapToGlobal(QPoint(2, 2)));
    QApplication::sendEvent(field, &event);
    EXPECT_TRUE(offered);
    SweepWindow* sweep = f.experiments->sweepWindow();
    ASSERT_NE(sweep, nullptr);
    EXPECT_EQ(sweep->parameterPath(0), QStringLiteral("stages[1].delay_ms"));
    // The socket's delay_ms is 100: eight times either side, doubling.
    EXPECT_EQ(sweep->parameterList(0), QStringLiteral("12..800*2"));
}

}  // namespace

// Closing the window while a parameter path is being typed: the combo box
// losing focus as its siblings go must not reach the window's members
// (ASan/UBSan see the member access in the sanitizer build).
TEST(SweepWindow, ClosingItWhileAPathIsBeingTypedIsSafe)
{
    auto* sweep = new SweepWindow(example("fast-producer-slow-consumer"));
    sweep->show();
    QApplication::setActiveWindow(sweep);
    auto* path = sweep->findChild<QComboBox*>();
    ASSERT_NE(path, nullptr);
    path->setFocus();
    QTest::keyClicks(path, QStringLiteral("stages[1].delay_ms"));
    QSignalSpy activated(path, &QComboBox::textActivated);
    delete sweep;
    EXPECT_EQ(activated.count(), 1);
}
