// The events chart: a mark where write() returned false, and dense marks
// folded one per 14-pixel column with the number of events they stand for.
#include "bplab_charts/time_chart.h"
#include "bplab_ui/charts_panel.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/run/run.h"

#include <QApplication>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

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

namespace {

// The soak's 6-stage pipeline, about 1,300 lines a virtual second: a minute
// holds far more lines than the run keeps for views (Run::kRecentKeep).
struct LongLanesRun {
    MainWindow window;
    LongLanesRun(double windowSeconds, double ms)
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.player().setFrameTimerEnabled(false);
        window.resize(1400, 900);
        window.charts()->setWindowSeconds(windowSeconds);
        EXPECT_TRUE(window.openFile(QStringLiteral(
            BPLAB_EXAMPLES_DIR "/../../tests/bench/six-stage-jittery-pipeline.json")));
        window.show();
        window.player().advanceBy(ms);
        window.refreshViews();
        QApplication::processEvents();
    }
    [[nodiscard]] charts::TimeChart* lanes()
    {
        return window.charts()->chart(ChartsPanel::EventLanes);
    }
};

}  // namespace

TEST(LaneMarks, AWindowLongerThanTheRecentLinesIsMarkedFromItsStartWithTheCoresCounts)
{
    for (const double windowSeconds : {60.0, 0.0}) {  // the last minute, the whole run
        LongLanesRun run(windowSeconds, 90000);
        bplab::ui::Run& r = run.window.run();
        const auto [t0, t1] = run.window.charts()->timeRange();
        const auto fromMs = static_cast<std::int64_t>(std::floor(t0 * 1000.0));
        // The window reaches further back than the lines kept for views.
        const std::int64_t firstKept =
            r.recentFirstLine() + static_cast<std::int64_t>(r.recentFrom());
        const std::int64_t firstKeptMs = r.recentTrace().timeAt(r.recentFrom());
        ASSERT_GT(firstKept, 0);
        ASSERT_GT(firstKeptMs, fromMs + 2000) << windowSeconds;
        // Every pause and drain of every stage in the window, counted by the
        // lines themselves (re-simulated by the core), against the marks.
        std::map<std::pair<EventKind, int>, int> expected;
        std::int64_t firstPauseMs = -1;
        for (const RecordedLine& line : r.lines(0, r.cursorLines())) {
            if (line.event.t < fromMs) {
                continue;
            }
            if (line.event.kind == EventKind::Pause || line.event.kind == EventKind::Drain) {
                ++expected[{line.event.kind, line.event.stage}];
                if (firstPauseMs < 0 && line.event.kind == EventKind::Pause) {
                    firstPauseMs = line.event.t;
                }
            }
        }
        ASSERT_GE(firstPauseMs, 0);
        ASSERT_LT(firstPauseMs, firstKeptMs) << windowSeconds;
        constexpr int kDrainStyle = 3;
        const auto slots = static_cast<int>(run.window.charts()->stageGroups().slotCount());
        ASSERT_EQ(slots, 6);
        for (const auto& [style, kind, offset] :
             {std::tuple{kPauseStyle, EventKind::Pause, 0.3},
              std::tuple{kDrainStyle, EventKind::Drain, -0.3}}) {
            const std::vector<QPointF>& marks = run.lanes()->markerPoints(style);
            const std::vector<int>& counts = run.lanes()->markerCounts(style);
            ASSERT_EQ(marks.size(), counts.size());
            std::map<int, int> perStage;
            double earliest = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < marks.size(); ++i) {
                const int slot = slots - 1 - static_cast<int>(std::lround(marks[i].y() - offset));
                ASSERT_GE(slot, 0);
                ASSERT_LT(slot, slots);
                const auto stage = static_cast<int>(
                    run.window.charts()->stageGroups().shown()[static_cast<std::size_t>(slot)]);
                perStage[stage] += counts[i];
                earliest = std::min(earliest, marks[i].x());
            }
            for (int stage = 0; stage < slots; ++stage) {
                const auto it = expected.find({kind, stage});
                EXPECT_EQ(perStage[stage], it == expected.end() ? 0 : it->second)
                    << windowSeconds << " s, stage " << stage << " kind " << style;
            }
            if (kind == EventKind::Pause) {
                // Marks where the window starts, not only where the kept lines do.
                EXPECT_LT(earliest * 1000.0, static_cast<double>(firstKeptMs)) << windowSeconds;
            }
        }
    }
}
