// The window on a projector's screen: everything inside 1024x768, the charts
// keep their titles and units, and a reset leaves nothing of the old run.
#include "bplab_charts/time_chart.h"
#include "bplab_ui/charts_panel.h"
#include "bplab_ui/event_log/event_log_widget.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/layout/dock_arrangement.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/presenter/presenter_mode.h"
#include "bplab_ui/story/story_director.h"
#include "bplab_ui/story/story_strip.h"
#include "bplab_ui/summary/run_summary_panel.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFontInfo>
#include <QLabel>
#include <QProcess>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QTest>

#include <gtest/gtest.h>

using namespace bplab;
using namespace bplab::ui;

namespace {

struct DockedWindow {
    MainWindow window;
    AnalysisDocks* docks = nullptr;

    explicit DockedWindow(QSize size,
                          const QString& example = QStringLiteral("fast-producer-slow-consumer"))
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.setUnsavedChangesPrompt([] { return UnsavedChoice::Discard; });
        window.player().setFrameTimerEnabled(false);
        docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
        window.setScenarioEditor(docks->editor(), docks->undoAction(), docks->redoAction());
        EXPECT_TRUE(window.openExample(example));
        window.resize(size);
        window.show();
        QApplication::processEvents();
        QCoreApplication::sendPostedEvents();
    }
};

Scenario stages(int count)
{
    Scenario s;
    s.name = "many stages";
    s.wiring = Wiring::Pipeline;
    for (int i = 0; i < count; ++i) {
        Stage stage;
        stage.id = i == 0 ? "source" : (i == count - 1 ? "sink" : "transform" + std::to_string(i));
        stage.kind = i == 0           ? StageKind::Readable
                     : i == count - 1 ? StageKind::Writable
                                      : StageKind::Transform;
        stage.chunks = i == 0 ? 10 : 0;
        s.stages.push_back(stage);
    }
    return s;
}

}  // namespace

TEST(WindowFit, EveryDockAndTheStatusBarLieInsideA1024x768Window)
{
    DockedWindow f(QSize(1024, 768));
    const QSize minimum = f.window.minimumSizeHint();
    EXPECT_LE(minimum.width(), 1024);
    EXPECT_LE(minimum.height(), 768);
    EXPECT_EQ(f.window.size(), QSize(1024, 768));
    const QRect inside = f.window.rect();
    int shown = 0;
    for (QDockWidget* dock : f.docks->docks()) {
        EXPECT_FALSE(dock->isFloating()) << dock->objectName().toStdString();
        // Qt parks the tabs behind the current one outside the window; any
        // dock that shows must show whole.
        if (dock->isVisible() && inside.intersects(dock->geometry())) {
            ++shown;
            EXPECT_TRUE(inside.contains(dock->geometry())) << dock->objectName().toStdString();
        }
    }
    EXPECT_EQ(shown, 1);
    EXPECT_TRUE(f.window.statusBar()->isVisible());
    EXPECT_TRUE(inside.contains(f.window.statusBar()->geometry()));
    EXPECT_TRUE(f.docks->arrangement()->compact());
    // A diagram shorter than its words need scrolls; it never clips them.
    auto* diagramScroll = f.window.findChild<QScrollArea*>(QStringLiteral("diagramScroll"));
    ASSERT_NE(diagramScroll, nullptr);
    EXPECT_GE(f.window.diagram()->height(), f.window.diagram()->minimumSizeHint().height());
    // And the charts give it the room: the two stages show whole, unscrolled.
    EXPECT_EQ(diagramScroll->verticalScrollBar()->maximum(), 0);
    EXPECT_GE(diagramScroll->viewport()->height(), f.window.diagram()->minimumSizeHint().height());
    // The four docks share one tab group, so the charts keep the height.
    EXPECT_EQ(f.window.tabifiedDockWidgets(f.docks->docks().first()).size(), 4);
}

TEST(WindowFit, AWideWindowPutsTheEventLogUnderTheChartsAndAShrunkenOneTabsIt)
{
    DockedWindow f(QSize(1920, 1080));
    EXPECT_FALSE(f.docks->arrangement()->compact());
    QDockWidget* log = f.docks->docks().first();
    EXPECT_EQ(f.window.dockWidgetArea(log), Qt::BottomDockWidgetArea);
    f.window.resize(1280, 800);
    QApplication::processEvents();
    EXPECT_TRUE(f.docks->arrangement()->compact());
    EXPECT_EQ(f.window.dockWidgetArea(log), Qt::RightDockWidgetArea);
    EXPECT_TRUE(f.window.rect().contains(f.window.statusBar()->geometry()));
}

TEST(WindowFit, ChartHeadersNameTheChartAndItsUnit)
{
    DockedWindow f(QSize(1024, 768));
    ChartsPanel* charts = f.window.charts();
    EXPECT_EQ(charts->chart(ChartsPanel::BufferFill)->headerText(),
              QStringLiteral("Buffers (KiB)"));
    EXPECT_EQ(charts->chart(ChartsPanel::EventLanes)->headerText(), QStringLiteral("Events"));
    EXPECT_EQ(charts->chart(ChartsPanel::Memory)->headerText(), QStringLiteral("Memory (MiB)"));
    EXPECT_EQ(charts->chart(ChartsPanel::Throughput)->headerText(),
              QStringLiteral("Throughput (KiB/s)"));
    for (int c = 0; c < ChartsPanel::ChartCount; ++c) {
        charts::TimeChart* chart = charts->chart(static_cast<ChartsPanel::Chart>(c));
        EXPECT_TRUE(chart->rect().contains(chart->legendGeometry()));
        EXPECT_GE(chart->height(), chart->minimumHeight());
    }
}

TEST(WindowFit, EightStagesKeepEveryWordAtALegibleSizeAndScrollSideways)
{
    PipelineDiagram diagram;
    diagram.setScenario(stages(8));
    QScrollArea scroll;
    scroll.setWidget(&diagram);
    scroll.setWidgetResizable(true);
    scroll.resize(680, 300);
    scroll.show();
    QApplication::processEvents();
    EXPECT_GE(diagram.textUnit(), PipelineDiagram::kMinimumUnit);
    EXPECT_GE(diagram.width(), diagram.minimumSizeHint().width());
    EXPECT_GT(diagram.width(), 680);  // scrolls rather than squeezes
    scroll.takeWidget();
}

TEST(WindowFit, FourStagesFitA680PixelDiagramWithoutScrolling)
{
    PipelineDiagram diagram;
    diagram.setScenario(stages(4));
    EXPECT_LE(diagram.minimumSizeHint().width(), 680);
}

TEST(ChartsAfterReset, NoPointOfTheOldRunIsLeftOnAnyChart)
{
    DockedWindow f(QSize(1280, 800));
    Player& c = f.window.player();
    c.advanceBy(15'000.0);                           // longer than the 10 s window
    f.window.run().load(f.window.run().scenario());  // what R does
    c.advanceBy(200.0);
    f.window.refreshViews();
    const double nowS = c.virtualNowMs() / 1000.0;
    ASSERT_LT(nowS, 0.3);
    const auto [t0, t1] = f.window.charts()->timeRange();
    EXPECT_EQ(t0, 0.0);
    EXPECT_EQ(t1, 10.0);
    for (int chartIndex = 0; chartIndex < ChartsPanel::ChartCount; ++chartIndex) {
        charts::TimeChart* chart =
            f.window.charts()->chart(static_cast<ChartsPanel::Chart>(chartIndex));
        for (int id = 0;; ++id) {
            const std::vector<QPointF>* points = nullptr;
            try {
                points = &chart->seriesPoints(id);
            } catch (const std::out_of_range&) {
                break;
            }
            const bool referenceLine =
                points->size() == 2 && points->front().x() == t0 && points->back().x() == t1;
            if (referenceLine) {
                continue;  // a highWaterMark or memory limit across the view
            }
            for (const QPointF& p : *points) {
                EXPECT_LE(p.x(), nowS + 1e-9) << "chart " << chartIndex << " series " << id;
            }
        }
    }
}

TEST(PresenterMode, BodyTextIsAtLeast22PixelsAt1280x800AndCtrlMinusScalesItDown)
{
    DockedWindow f(QSize(1280, 800));
    PresenterMode* presenter = f.window.presenter();
    presenter->enter(false);
    QApplication::processEvents();
    EXPECT_TRUE(presenter->isActive());
    EXPECT_TRUE(presenter->badge()->isVisible());
    EXPECT_EQ(f.window.size(), QSize(1280, 800));
    for (QDockWidget* dock : f.docks->docks()) {
        EXPECT_FALSE(dock->isVisible()) << dock->objectName().toStdString();
    }
    // The diagram shows whole between the story and the charts with the
    // scrubber under them: nothing scrolled away at the bottom.
    auto* diagramScroll = f.window.findChild<QScrollArea*>(QStringLiteral("diagramScroll"));
    ASSERT_NE(diagramScroll, nullptr);
    // The diagram takes its presenter size from a layout request that the
    // second fitting posts: the window as it stands once its events are done.
    QApplication::processEvents();
    EXPECT_EQ(diagramScroll->verticalScrollBar()->maximum(), 0);
    // Every visible text-bearing widget: labels, tool buttons, the charts.
    int checked = 0;
    for (QWidget* widget : f.window.findChildren<QWidget*>()) {
        if (!widget->isVisibleTo(&f.window) || qobject_cast<QLabel*>(widget) == nullptr) {
            continue;
        }
        EXPECT_GE(QFontInfo(widget->font()).pixelSize(), 22)
            << widget->objectName().toStdString() << " "
            << qobject_cast<QLabel*>(widget)->text().left(40).toStdString();
        ++checked;
    }
    EXPECT_GE(checked, 5);
    EXPECT_EQ(QFontInfo(f.window.font()).pixelSize(), PresenterMode::kBodyPixels);
    presenter->setScale(presenter->scale() / 1.15);
    EXPECT_EQ(QFontInfo(f.window.font()).pixelSize(), 21);
    presenter->leave();
    EXPECT_FALSE(presenter->isActive());
    EXPECT_FALSE(presenter->badge()->isVisible());
    EXPECT_LT(QFontInfo(f.window.font()).pixelSize(), 22);
}

TEST(PresenterMode, ZoomShowsTheSelectedStageAloneAndBBlanksTheScreen)
{
    DockedWindow f(QSize(1280, 800), QStringLiteral("slow-transform-in-the-middle"));
    PresenterMode* presenter = f.window.presenter();
    presenter->enter(false);
    QTest::keyClick(&f.window, Qt::Key_2);
    EXPECT_EQ(presenter->selectedStage(), 1);
    QTest::keyClick(&f.window, Qt::Key_Z);
    EXPECT_EQ(f.window.diagram()->zoomedStage(), 1);
    EXPECT_TRUE(f.window.diagram()->tankRect(0, PipelineDiagram::Side::Readable).isEmpty());
    EXPECT_FALSE(f.window.diagram()->tankRect(1, PipelineDiagram::Side::Readable).isEmpty());
    QTest::keyClick(&f.window, Qt::Key_B);
    EXPECT_TRUE(presenter->blanked());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    EXPECT_FALSE(presenter->blanked());
    QTest::keyClick(&f.window, Qt::Key_Escape);
    EXPECT_FALSE(presenter->isActive());
    EXPECT_EQ(f.window.diagram()->zoomedStage(), -1);
}

// The window's summary and bplab-cli's, run by the test on the same file.
TEST(RunSummary, TheWindowsFiguresEqualBplabCliOnEveryExample)
{
    const QStringList examples = MainWindow::exampleNames();
    ASSERT_EQ(examples.size(), 10);
    for (const QString& name : examples) {
        DockedWindow f(QSize(1280, 800), name);
        ui::Run& c = f.window.run();
        f.window.player().advanceBy(10'000'000.0);  // to the end (no looping in tests)
        ASSERT_TRUE(c.atEnd()) << name.toStdString();
        f.window.refreshViews();

        QProcess cli;
        const QString file = QStringLiteral(BPLAB_EXAMPLES_DIR "/%1.json").arg(name);
        cli.start(QStringLiteral(BPLAB_CLI_PATH), {QStringLiteral("run"), file});
        ASSERT_TRUE(cli.waitForFinished(60'000));
        ASSERT_EQ(cli.exitCode(), 0);
        const QString line = QString::fromUtf8(cli.readAllStandardError()).trimmed();
        const QString expected = file + QStringLiteral(": ") +
                                 QString::fromStdString(describeRunSummary(c.summary())) +
                                 QStringLiteral(" (Node 24)");
        EXPECT_EQ(line.toStdString(), expected.toStdString());
        // The panel shows those figures and copies them.
        EXPECT_EQ(f.docks->summaryPanel()->summary().events, c.summary().events);
        EXPECT_TRUE(f.docks->summaryPanel()->text().contains(
            QString::fromStdString(describeRunSummary(c.summary()))));
    }
}

TEST(ChartExport, AChartPictureIsAtLeastItsOnScreenSizeWithItsLegendAndTimeAxis)
{
    DockedWindow f(QSize(1280, 800));
    f.window.player().advanceBy(2000.0);
    f.window.refreshViews();
    charts::TimeChart* chart = f.window.charts()->chart(ChartsPanel::BufferFill);
    const QImage image = f.window.charts()->grabChart(ChartsPanel::BufferFill);
    EXPECT_GE(image.width(), std::max(900, chart->width()));
    EXPECT_GE(image.height(), std::max(300, chart->height()));
    // The legend column is drawn: dark text pixels at the right.
    const QRect legend(image.width() - chart->legendGeometry().width(), 0,
                       chart->legendGeometry().width(), image.height() / 3);
    int ink = 0;
    for (int y = legend.top(); y < legend.bottom(); ++y) {
        for (int x = legend.left(); x < legend.right(); ++x) {
            ink += qGray(image.pixel(x, y)) < 100 ? 1 : 0;
        }
    }
    EXPECT_GT(ink, 50);
    const QImage all = f.window.charts()->grabAllCharts();
    EXPECT_GE(all.height(), 4 * 260);
    EXPECT_GE(all.width(), 900);
}

TEST(FileActions, CtrlShiftSIsSaveAsAndNewOpensTheStarterScenario)
{
    DockedWindow f(QSize(1280, 800));
    bool found = false;
    for (QAction* action : f.window.findChildren<QAction*>()) {
        if (action->shortcut() == QKeySequence(QStringLiteral("Ctrl+Shift+S"))) {
            EXPECT_EQ(action->text(), QStringLiteral("Save &As..."));
            found = true;
        }
    }
    EXPECT_TRUE(found);
    f.window.newScenario();
    EXPECT_EQ(f.window.run().scenario().name, "New scenario");
    EXPECT_TRUE(f.window.currentFile().isEmpty());
    EXPECT_EQ(f.window.story()->nameLabel()->text(), QStringLiteral("New scenario"));
}

TEST(FileActions, NameAndDescriptionAreAnUndoableEditShownOnTheStoryStrip)
{
    DockedWindow f(QSize(1280, 800));
    ASSERT_TRUE(f.window.setNameAndDescription(QStringLiteral("Lesson 1"),
                                               QStringLiteral("Watch the socket fill.")));
    EXPECT_EQ(f.window.editedScenario().name, "Lesson 1");
    EXPECT_EQ(f.window.editedScenario().description, "Watch the socket fill.");
    EXPECT_EQ(f.window.story()->nameLabel()->text(), QStringLiteral("Lesson 1"));
    EXPECT_EQ(f.window.story()->descriptionLabel()->text(),
              QStringLiteral("Watch the socket fill."));
    EXPECT_TRUE(f.window.isWindowModified());
    f.docks->undoAction()->trigger();
    EXPECT_EQ(f.window.editedScenario().name, "Fast producer, slow consumer");
    EXPECT_EQ(f.window.story()->nameLabel()->text(),
              QStringLiteral("Fast producer, slow consumer"));
}

TEST(Story, TheFirstWriteThatReturnsFalseIsToldInPlainWordsOnTheStripAndTheDiagram)
{
    DockedWindow f(QSize(1280, 800));
    ui::Run& c = f.window.run();
    // Step until the socket's write() returns false.
    std::optional<StoryMoment> moment;
    for (int i = 0; i < 2000 && !moment; ++i) {
        c.stepForward();
        const TraceEvent& last = c.moment().line->event;
        if (last.kind == EventKind::Write && !last.ret) {
            moment = f.window.storyDirector()->moment();
        }
    }
    ASSERT_TRUE(moment.has_value());
    EXPECT_EQ(moment->kind, EventKind::Write);
    EXPECT_EQ(
        moment->text,
        QStringLiteral("socket's buffer is full: write() returned false, so pipe() pauses file"));
    EXPECT_EQ(f.window.story()->momentText(), moment->text);
    EXPECT_EQ(f.window.diagram()->calloutText(), moment->text);
}

TEST(ChartTheme, ADarkPaletteGivesADarkChartWithLightText)
{
    charts::TimeChart chart;
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    dark.setColor(QPalette::Window, QColor(40, 40, 40));
    chart.setPalette(dark);
    chart.setTitle(QStringLiteral("Buffers"));
    chart.setValueAxisTitle(QStringLiteral("KiB"));
    chart.resize(900, 300);
    chart.show();
    QApplication::processEvents();
    const QImage image = chart.exportImage(QSize(900, 300));
    EXPECT_EQ(image.pixelColor(5, 5), QColor(30, 30, 30));
    int light = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            light += qGray(image.pixel(x, y)) > 180 ? 1 : 0;
        }
    }
    EXPECT_GT(light, 100);  // the header, the axis labels
    chart.setHighContrast(true);
    EXPECT_EQ(chart.exportImage(QSize(900, 300)).pixelColor(5, 5), QColor(Qt::white));
}

TEST(Story, TheSteppedLineHasTheNumberTheEventLogShowsAndPlainWords)
{
    DockedWindow f(QSize(1280, 800));
    ui::Run& c = f.window.run();
    for (int i = 0; i < 5; ++i) {
        c.stepForward();
    }
    const auto index = static_cast<qint64>(c.cursorLines() - 1);
    EXPECT_EQ(f.docks->eventLog()->selectedTraceIndex(), index);
    EXPECT_TRUE(f.window.diagram()->footer().startsWith(QStringLiteral("line #%1 at ").arg(index)))
        << f.window.diagram()->footer().toStdString();
    EXPECT_FALSE(f.window.diagram()->footer().contains(QStringLiteral("{\"t\"")));
}

TEST(PlainLanguage, IsOnByDefaultAndNamesNodesFieldBesideTheWords)
{
    PipelineDiagram diagram;
    EXPECT_TRUE(diagram.plainLanguage());
}
