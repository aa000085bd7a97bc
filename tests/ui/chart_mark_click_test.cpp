// A click on a mark of the event-lanes chart selects its line in the event log.
#include "bplab_charts/time_chart.h"
#include "bplab_core/trace_store.h"
#include "bplab_ui/charts_panel.h"
#include "bplab_ui/event_log/event_log_widget.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"

#include <QApplication>
#include <QTest>

#include <gtest/gtest.h>

using namespace bplab;
using namespace bplab::ui;

namespace {

TEST(ChartMarkClick, NearestTraceLineFindsTheLineOfThatStageAndKindNearestInTime)
{
    TraceStore trace;
    const auto add = [&trace](std::int64_t t, EventKind kind, std::int32_t stage) {
        TraceEvent e;
        e.t = t;
        e.kind = kind;
        e.stage = stage;
        trace.record(e);
    };
    add(10, EventKind::Pause, 0);   // 0
    add(10, EventKind::Pause, 1);   // 1
    add(20, EventKind::Resume, 1);  // 2
    add(30, EventKind::Pause, 1);   // 3
    add(50, EventKind::Pause, 1);   // 4
    EXPECT_EQ(nearestTraceLine(trace, trace.size(), 10, 1, EventKind::Pause), 1);
    EXPECT_EQ(nearestTraceLine(trace, trace.size(), 30, 1, EventKind::Pause), 3);
    EXPECT_EQ(nearestTraceLine(trace, trace.size(), 44, 1, EventKind::Pause), 4);
    EXPECT_EQ(nearestTraceLine(trace, trace.size(), 36, 1, EventKind::Pause), 3);
    EXPECT_EQ(nearestTraceLine(trace, trace.size(), 99, 0, EventKind::Pause), 0);
    EXPECT_EQ(nearestTraceLine(trace, 4, 49, 1, EventKind::Pause), 3);  // line 4 not revealed
    EXPECT_EQ(nearestTraceLine(trace, trace.size(), 10, 0, EventKind::Drain), -1);
}

TEST(ChartMarkClick, ClickingAPauseMarkSelectsItsLineInTheEventLog)
{
    MainWindow window;
    window.setErrorReporter([](const QString&, const QString&) {});
    window.player().setFrameTimerEnabled(false);
    auto* docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
    window.resize(1600, 1000);
    window.charts()->setWindowSeconds(0.0);
    ASSERT_TRUE(window.openExample(QStringLiteral("fast-producer-slow-consumer")));
    window.show();
    window.player().advanceBy(1500);
    window.refreshViews();
    QApplication::processEvents();

    TraceStore trace;
    window.run().lines(0, window.run().cursorLines(), trace);
    std::vector<std::size_t> pauses;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        if (trace.kindAt(i) == EventKind::Pause) {
            pauses.push_back(i);
        }
    }
    // Real Node 24 pauses 'file' 4 times by t = 1500, first at lines 30 and 59.
    ASSERT_EQ(pauses.size(), 4U);
    EXPECT_EQ(pauses[0], 30U);
    EXPECT_EQ(pauses[1], 59U);
    // The second pause mark: marks stand for the lines of their 14-pixel
    // column, a click picks the first of them.
    charts::TimeChart* lanes = window.charts()->chart(ChartsPanel::EventLanes);
    const int pauseStyle = 0;  // the first mark style: pause
    const std::vector<QPointF>& marks = lanes->markerPoints(pauseStyle);
    ASSERT_GE(marks.size(), 2U);
    const QPointF mark = marks[1];
    const qint64 expected = window.charts()->traceIndexOfMark(pauseStyle, mark);
    ASSERT_GE(expected, 0);
    const auto line = static_cast<std::size_t>(expected);
    EXPECT_EQ(trace.kindAt(line), EventKind::Pause);
    EXPECT_GT(line, pauses[0]);

    const QPoint at = lanes->positionOf(mark).toPoint();
    QWidget* target = lanes->childAt(at);
    ASSERT_NE(target, nullptr);
    QTest::mouseClick(target, Qt::LeftButton, {}, target->mapFrom(lanes, at));

    EXPECT_EQ(docks->eventLog()->selectedTraceIndex(), static_cast<qint64>(line));
}

TEST(ChartMarkClick, APickedLineHighlightsItsStageInTheDiagramUntilAnotherScenarioLoads)
{
    MainWindow window;
    window.setErrorReporter([](const QString&, const QString&) {});
    window.player().setFrameTimerEnabled(false);
    auto* docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
    ASSERT_TRUE(window.openExample(QStringLiteral("fast-producer-slow-consumer")));
    window.player().advanceBy(500);
    window.refreshViews();

    TraceStore trace;
    window.run().lines(0, window.run().cursorLines(), trace);
    std::size_t line = 0;
    while (line < trace.size() && trace.stageAt(line) < 1) {
        ++line;
    }
    ASSERT_LT(line, trace.size());
    docks->selectTraceIndex(static_cast<qint64>(line));
    EXPECT_EQ(window.diagram()->highlightedStage(), trace.stageAt(line));
    window.refreshViews();  // a frame keeps it
    EXPECT_EQ(window.diagram()->highlightedStage(), trace.stageAt(line));

    ASSERT_TRUE(window.openExample(QStringLiteral("error-with-pipe")));
    EXPECT_EQ(window.highlightedStage(), -1);
    EXPECT_EQ(window.diagram()->highlightedStage(), -1);
}

}  // namespace
