// Views fed with fake data: no simulation involved.
#include "bplab_charts/time_chart.h"
#include "bplab_ui/charts_panel.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/sample_history.h"

#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QMouseEvent>

#include <gtest/gtest.h>

using namespace bplab;
using namespace bplab::ui;

namespace {

Scenario twoStages()
{
    Scenario s;
    s.name = "fake";
    s.wiring = Wiring::Pipe;
    Stage source;
    source.id = "source";
    source.kind = StageKind::Readable;
    source.chunks = 10;
    Stage sink;
    sink.id = "sink";
    sink.kind = StageKind::Writable;
    s.stages = {source, sink};
    return s;
}

}  // namespace

TEST(PipelineDiagram, TankScaleGrowsInStepsSoATenfoldOverflowStillFits)
{
    EXPECT_DOUBLE_EQ(PipelineDiagram::tankScale(0, 100), 125.0);
    EXPECT_DOUBLE_EQ(PipelineDiagram::tankScale(125, 100), 125.0);
    EXPECT_DOUBLE_EQ(PipelineDiagram::tankScale(126, 100), 250.0);
    EXPECT_DOUBLE_EQ(PipelineDiagram::tankScale(1000, 100), 1000.0);
    EXPECT_DOUBLE_EQ(PipelineDiagram::tankScale(1001, 100), 2000.0);
    EXPECT_DOUBLE_EQ(PipelineDiagram::tankScale(40000, 100), 50000.0);
    EXPECT_DOUBLE_EQ(PipelineDiagram::tankScale(3, 0), 4.0);
}

TEST(PipelineDiagram, FillsATankToItsLengthWithTheOverflowInTheWarningColour)
{
    PipelineDiagram diagram;
    diagram.resize(1000, 320);
    diagram.setScenario(twoStages());
    std::vector<StageSnapshot> stages(2);
    stages[1].writable.present = true;
    stages[1].writable.highWaterMark = 1000;
    stages[1].writable.length = 2000;  // scale 2500: fill to 80 %, mark at 40 %
    diagram.setStages(stages);
    const QImage image = diagram.grab().toImage();
    const QRectF tank = diagram.tankRect(1, PipelineDiagram::Side::Writable);
    ASSERT_FALSE(tank.isEmpty());
    const auto at = [&](double fraction) {
        return image.pixelColor(static_cast<int>(tank.left() + tank.width() * 0.15),
                                static_cast<int>(tank.bottom() - tank.height() * fraction));
    };
    EXPECT_EQ(at(0.2), PipelineDiagram::fillColour());
    EXPECT_EQ(at(0.6), PipelineDiagram::overflowColour());
    EXPECT_NE(at(0.9), PipelineDiagram::overflowColour());
    EXPECT_NE(at(0.9), PipelineDiagram::fillColour());
    EXPECT_TRUE(diagram.tankRect(0, PipelineDiagram::Side::Writable).isEmpty());
    EXPECT_FALSE(diagram.tankRect(0, PipelineDiagram::Side::Readable).isEmpty());
}

TEST(SampleHistory, StaysBoundedAndKeepsTheRecentPastAtFullResolution)
{
    SampleHistory history;
    history.reset(1);
    history.setCapacity(1000, 200);
    std::vector<StagePoint> point(1);
    for (std::int64_t t = 0; t < 100000; t += 10) {
        point[0].writableLength = t == 5000 ? 999999 : 1;
        point[0].moved = t;
        history.append(t, point);
    }
    EXPECT_LE(history.size(), 1000u);
    // The last 200 rows are every 10 ms.
    for (std::size_t i = history.size() - 200; i + 1 < history.size(); ++i) {
        EXPECT_EQ(history.timeAt(i + 1) - history.timeAt(i), 10);
    }
    // An old spike survives the merging.
    std::int64_t peak = 0;
    for (std::size_t i = 0; i < history.size(); ++i) {
        peak = std::max(peak, history.at(i, 0).writableLength);
    }
    EXPECT_EQ(peak, 999999);
}

TEST(ChartsPanel, ShowsTheLastTenSecondsByDefaultAndTheWholeRunOnRequest)
{
    ChartsPanel panel;
    panel.resize(1000, 600);
    panel.show();
    panel.setScenario(twoStages());
    SampleHistory history;
    history.reset(2);
    std::vector<StagePoint> points(2);
    for (std::int64_t t = 0; t <= 25000; t += 10) {
        points[1].writableLength = t % 1000;
        history.append(t, points);
    }
    TraceStore trace;
    ChartsInput input{&history, &trace, 0, 25000.0, 1};
    panel.refresh(input);
    EXPECT_NEAR(panel.timeRange().second - panel.timeRange().first, 10.0, 1e-9);
    EXPECT_GE(panel.timeRange().second, 25.0);
    EXPECT_LE(panel.timeRange().first, 15.0);

    panel.setWindowSeconds(0.0);
    panel.refresh(input);
    EXPECT_DOUBLE_EQ(panel.timeRange().first, 0.0);
    EXPECT_GE(panel.timeRange().second, 25.0);
    EXPECT_FALSE(panel.grabChart(ChartsPanel::BufferFill).isNull());
}

TEST(ChartsPanel, TheWindowSelectorSaysWhatTheChartsShowEvenForALengthItDidNotOffer)
{
    ChartsPanel panel;
    QComboBox* selector = panel.windowSelector();
    const int offered = selector->count();
    panel.setWindowSeconds(2.0);
    EXPECT_EQ(selector->count(), offered + 1);
    EXPECT_EQ(selector->currentText(), QStringLiteral("last 2 s"));
    // In order: after "last 1 s", before "last 5 s".
    EXPECT_EQ(selector->itemText(selector->currentIndex() - 1), QStringLiteral("last 1 s"));
    EXPECT_EQ(selector->itemText(selector->currentIndex() + 1), QStringLiteral("last 5 s"));
    panel.setWindowSeconds(2.0);
    EXPECT_EQ(selector->count(), offered + 1);  // offered once
    panel.setWindowSeconds(5000.0);             // longer than any: still before "whole run"
    EXPECT_EQ(selector->currentText(), QStringLiteral("last 5000 s"));
    EXPECT_EQ(selector->itemText(selector->count() - 1), QStringLiteral("whole run"));
    EXPECT_DOUBLE_EQ(panel.windowSeconds(), 5000.0);
}

TEST(TimeChart, HoveringReportsTheTimeUnderThePointerAndShowsTheValues)
{
    charts::TimeChart chart;
    chart.resize(800, 300);
    chart.setPlotMargins(100, 10);
    chart.show();
    const int id = chart.addSeries(charts::SeriesStyle{QStringLiteral("sink writable"), Qt::blue});
    chart.setTimeRange(0.0, 10.0);
    chart.setSeriesPoints(id, {QPointF(0.0, 1.0), QPointF(5.0, 42.0), QPointF(10.0, 3.0)});
    chart.commit();
    QApplication::processEvents();

    double reported = -1.0;
    QObject::connect(&chart, &charts::TimeChart::cursorMoved, [&](double t) { reported = t; });
    auto* view = chart.findChild<QWidget*>(QStringLiteral("plot"));
    ASSERT_NE(view, nullptr);
    // The plot spans x = 100 .. 790 of the view: its middle is t = 5 s.
    const QPointF pos(100.0 + (view->width() - 110.0) / 2.0, 150.0);
    QMouseEvent move(QEvent::MouseMove, pos, view->mapToGlobal(pos), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(view, &move);
    EXPECT_NEAR(reported, 5.0, 0.05);
    bool readoutShown = false;
    for (QLabel* label : view->findChildren<QLabel*>()) {
        if (label->isVisible() && label->text().contains(QStringLiteral("sink writable"))) {
            readoutShown = true;
            EXPECT_TRUE(label->text().contains(QStringLiteral("42")))
                << label->text().toStdString();
        }
    }
    EXPECT_TRUE(readoutShown);
}

TEST(PipelineDiagram, AClickInAStageBoxNamesTheStage)
{
    PipelineDiagram diagram;
    diagram.resize(1000, 320);
    diagram.setScenario(twoStages());
    int clicked = -1;
    QObject::connect(&diagram, &PipelineDiagram::stageClicked, [&](int stage) { clicked = stage; });
    const QPointF inSink = diagram.tankRect(1, PipelineDiagram::Side::Writable).center();
    QMouseEvent press(QEvent::MouseButtonPress, inSink, diagram.mapToGlobal(inSink), Qt::LeftButton,
                      Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&diagram, &press);
    EXPECT_EQ(clicked, 1);
}

TEST(TimeChart, TheReadoutOfAStackedBandShowsItsOwnShare)
{
    charts::TimeChart chart;
    chart.resize(800, 300);
    chart.setPlotMargins(100, 10);
    chart.show();
    charts::SeriesStyle top{QStringLiteral("top"), Qt::red};
    top.filled = true;
    top.stackedOn = 1;
    charts::SeriesStyle bottom{QStringLiteral("bottom"), Qt::blue};
    bottom.filled = true;
    const int topId = chart.addSeries(top);
    const int bottomId = chart.addSeries(bottom);
    chart.setTimeRange(0.0, 10.0);
    chart.setSeriesPoints(topId, {QPointF(0.0, 30.0), QPointF(10.0, 30.0)});
    chart.setSeriesPoints(bottomId, {QPointF(0.0, 10.0), QPointF(10.0, 10.0)});
    chart.commit();
    chart.setCursorTime(5.0);
    bool found = false;
    for (QLabel* label : chart.findChildren<QLabel*>()) {
        if (label->isVisible() && label->text().contains(QStringLiteral("top:"))) {
            found = true;
            EXPECT_TRUE(label->text().contains(QStringLiteral("top: 20")))
                << label->text().toStdString();
            EXPECT_TRUE(label->text().contains(QStringLiteral("bottom: 10")))
                << label->text().toStdString();
        }
    }
    EXPECT_TRUE(found);
}
