// The events chart: a mark where write() returned false, and dense marks
// folded one per 14-pixel column with the number of events they stand for.
#include "bplab_charts/time_chart.h"
#include "bplab_ui/charts_panel.h"
#include "bplab_ui/main_window.h"

#include <QApplication>

#include <gtest/gtest.h>

#include <map>
#include <numeric>

using namespace bplab;
using namespace bplab::ui;

namespace {

constexpr int kPauseStyle = 0;       // the lanes' first mark style
constexpr int kWriteFalseStyle = 1;  // the second

struct LanesRun {
    MainWindow window;
    explicit LanesRun(double ms, int width = 1280)
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.player().setFrameTimerEnabled(false);
        window.resize(width, 800);
        window.charts()->setWindowSeconds(0.0);  // the whole run
        EXPECT_TRUE(window.openExample(QStringLiteral("fast-producer-slow-consumer")));
        window.show();
        window.player().advanceBy(ms);
        window.refreshViews();
        QApplication::processEvents();
    }
    [[nodiscard]] charts::TimeChart* lanes()
    {
        return window.charts()->chart(ChartsPanel::EventLanes);
    }
    // Visible lines of `kind` on `stage` (write lines: only ret false).
    [[nodiscard]] int count(EventKind kind, int stage)
    {
        int n = 0;
        for (const RecordedLine& line : window.run().lines(0, window.run().cursorLines())) {
            if (line.event.kind == kind && line.event.stage == stage &&
                (kind != EventKind::Write || !line.event.ret)) {
                ++n;
            }
        }
        return n;
    }
};

int sum(const std::vector<int>& counts)
{
    return std::accumulate(counts.begin(), counts.end(), 0);
}

}  // namespace

TEST(LaneMarks, WriteReturningFalseIsMarkedOnTheWritingStagesLane)
{
    LanesRun run(6000);
    // Real Node 24 (its harness on this example): 15 write() false on the
    // socket in the first 6 s.
    const int falses = run.count(EventKind::Write, 1);
    ASSERT_EQ(falses, 15);
    const std::vector<QPointF>& marks = run.lanes()->markerPoints(kWriteFalseStyle);
    ASSERT_FALSE(marks.empty());
    for (const QPointF& mark : marks) {
        EXPECT_DOUBLE_EQ(mark.y(), 0.1);  // the socket's lane (the lower one), above centre
    }
    EXPECT_EQ(sum(run.lanes()->markerCounts(kWriteFalseStyle)), falses);
    EXPECT_TRUE(run.lanes()->seriesNames().contains(QStringLiteral("write() false")));
}

TEST(LaneMarks, DenseMarksStandOnePerColumnWithTheirCount)
{
    LanesRun run(24000, 640);  // the whole run on a narrow axis
    const std::vector<QPointF>& marks = run.lanes()->markerPoints(kPauseStyle);
    const std::vector<int>& counts = run.lanes()->markerCounts(kPauseStyle);
    ASSERT_EQ(marks.size(), counts.size());
    // Every pause is counted once, and some marks stand for more than one.
    EXPECT_EQ(sum(counts), run.count(EventKind::Pause, 0));
    EXPECT_EQ(sum(counts), 59);  // real Node 24: 59 pauses of the file by 24 s
    EXPECT_LT(marks.size(), static_cast<std::size_t>(sum(counts)));
    // Marks of one lane never overlap: a mark's width (14 px) apart at least.
    for (std::size_t i = 1; i < marks.size(); ++i) {
        const double apart =
            run.lanes()->positionOf(marks[i]).x() - run.lanes()->positionOf(marks[i - 1]).x();
        EXPECT_GE(apart, 14.0 - 1e-6) << i;
    }
}
