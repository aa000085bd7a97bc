// Many stages: the charts draw the stages that matter and fold the rest into
// one "and N more" group, so a pipeline of a thousand stages opens at once.
#include "bplab_charts/time_chart.h"
#include "bplab_ui/chart_groups/stage_groups.h"
#include "bplab_ui/charts_panel.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollArea>
#include <QScrollBar>

#include <gtest/gtest.h>

#include <string>

using namespace bplab;
using namespace bplab::ui;

namespace {

// A source, `count` - 2 transforms of 1 ms each, and a sink of 2 ms.
Scenario pipelineOf(int count)
{
    Scenario s;
    s.name = "many stages";
    s.wiring = Wiring::Pipe;
    for (int i = 0; i < count; ++i) {
        Stage stage;
        stage.id = i == 0 ? "source" : (i == count - 1 ? "sink" : "t" + std::to_string(i));
        stage.kind = i == 0           ? StageKind::Readable
                     : i == count - 1 ? StageKind::Writable
                                      : StageKind::Transform;
        stage.chunks = i == 0 ? 200 : 0;
        stage.intervalMs = i == 0 ? 1 : 0;
        stage.delayMs = i == 0 ? 0 : (i == count - 1 ? 2 : 1);
        s.stages.push_back(stage);
    }
    return s;
}

}  // namespace

TEST(StageGroups, EightStagesOrFewerAreAllShownWithoutAGroup)
{
    const StageGroups groups(pipelineOf(8));
    EXPECT_EQ(groups.shownCount(), 8U);
    EXPECT_FALSE(groups.hasGroup());
    EXPECT_EQ(groups.slotCount(), 8U);
}

TEST(StageGroups, TheEndsTheFaultedAndTheSlowestStagesAreShownInPipelineOrder)
{
    Scenario s = pipelineOf(20);
    s.stages[7].delayMs = 50;
    s.stages[3].delayMs = 40;
    s.stages[12].perKibMs = 30.0;  // 1 KiB chunks: 30 ms
    s.faults.push_back(Fault{100, "t15", FaultAction::Error, "boom"});
    const StageGroups groups(s, 6);
    // source, sink, t15 (fault), t7 (50), t3 (40), t12 (30); then ties by order.
    EXPECT_EQ(groups.shown(), (std::vector<std::size_t>{0, 3, 7, 12, 15, 19}));
    EXPECT_EQ(groups.groupedCount(), 14U);
    EXPECT_EQ(groups.groupLabel(), QStringLiteral("and 14 more"));
    EXPECT_EQ(groups.slotOf(7), 2U);
    EXPECT_EQ(groups.slotOf(8), groups.groupSlot());
}

TEST(StageGroups, TheGroupsRowHoldsItsFullestBufferAndTheMemoryOfAllItsStages)
{
    const Scenario s = pipelineOf(4);
    const StageGroups groups(s, 2);  // source and sink shown; t1, t2 grouped
    SampleHistory history;
    history.reset(4);
    std::vector<StagePoint> row(4);
    row[1].writableLength = 8 * 1024;   // t1 writable: 0.5 x 16 KiB
    row[1].readableLength = 32 * 1024;  // t1 readable: 2 x 16 KiB
    row[2].readableLength = 1024;
    row[1].externalBytes = 100;
    row[2].externalBytes = 20;
    row[2].heapBytes = 3;
    history.append(10, row);
    GroupedSamples grouped;
    grouped.sync(history, groups, s);
    ASSERT_EQ(grouped.size(), 1U);
    const double hwm = static_cast<double>(defaultHighWaterMark(s.node, false));
    EXPECT_EQ(grouped.at(0).fullest, 32.0 * 1024.0 / hwm);
    EXPECT_EQ(grouped.at(0).externalBytes, 120);
    EXPECT_EQ(grouped.at(0).heapBytes, 3);
}

TEST(ManyStages, AThousandStagesOpenWithTheChartsGroupedAndTheDiagramScrolling)
{
    MainWindow window;
    window.setErrorReporter([](const QString&, const QString&) {});
    window.player().setFrameTimerEnabled(false);
    window.resize(1280, 800);
    window.show();
    window.run().load(pipelineOf(1000));
    window.player().advanceBy(100);
    QApplication::processEvents();

    const StageGroups& groups = window.charts()->stageGroups();
    EXPECT_EQ(groups.shownCount(), StageGroups::kMaxShown);
    EXPECT_EQ(groups.groupedCount(), 992U);
    charts::TimeChart* buffers = window.charts()->chart(ChartsPanel::BufferFill);
    EXPECT_TRUE(buffers->headerText().contains(QStringLiteral("x highWaterMark")));
    // The buffers and memory charts draw the group as one series, the events
    // chart as one lane at the bottom; the throughput chart the shown stages.
    const QString group = QStringLiteral("and 992 more");
    EXPECT_TRUE(buffers->seriesNames().contains(group + QStringLiteral(" (fullest)")));
    EXPECT_TRUE(window.charts()->chart(ChartsPanel::Memory)->seriesNames().contains(group));
    const QStringList lanes = window.charts()->chart(ChartsPanel::EventLanes)->laneLabels();
    ASSERT_EQ(lanes.size(), 9);
    EXPECT_EQ(lanes.front(), QStringLiteral("source"));
    EXPECT_EQ(lanes.back(), group);
    EXPECT_EQ(window.charts()->chart(ChartsPanel::Throughput)->seriesNames().size(), 8);
    // The diagram keeps its smallest legible text and scrolls sideways.
    auto* scroll = window.findChild<QScrollArea*>(QStringLiteral("diagramScroll"));
    ASSERT_NE(scroll, nullptr);
    EXPECT_EQ(window.diagram()->textUnit(), PipelineDiagram::kMinimumUnit);
    // 1.2 + 2 x 9.5 + 998 x 12 + 999 x 4.5 units of 10 px.
    EXPECT_EQ(window.diagram()->width(), 164917);
    EXPECT_EQ(scroll->horizontalScrollBar()->maximum(), 164917 - scroll->viewport()->width());
}
