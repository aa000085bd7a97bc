// Travelling in time in the window: the scrubber, the keys, Go to, and the
// event log after a jump.
#include "bplab_ui/event_log/event_log_model.h"
#include "bplab_ui/event_log/event_log_widget.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/run/scrubber.h"
#include "bplab_ui/run/time_travel_keys.h"

#include <QApplication>
#include <QTableView>
#include <QTest>

#include <gtest/gtest.h>

#include <set>

namespace bplab::ui {
namespace {

struct Window {
    MainWindow window;
    AnalysisDocks* docks = nullptr;
    explicit Window(const char* example = "fast-producer-slow-consumer")
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.player().setFrameTimerEnabled(false);
        docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
        window.resize(1280, 800);
        EXPECT_TRUE(window.openExample(QString::fromUtf8(example)));
        window.show();
        window.activateWindow();
        QApplication::setActiveWindow(&window);
        EXPECT_TRUE(QTest::qWaitForWindowActive(&window));
    }
    ui::Run& run() { return window.run(); }
};

TEST(GoTo, ReadsTimesAndLineNumbers)
{
    EXPECT_EQ(parseGoTo(QStringLiteral("12.5")), (GoToTarget{false, 12500}));
    EXPECT_EQ(parseGoTo(QStringLiteral(" 12.5 s ")), (GoToTarget{false, 12500}));
    EXPECT_EQ(parseGoTo(QStringLiteral("800 ms")), (GoToTarget{false, 800}));
    EXPECT_EQ(parseGoTo(QStringLiteral("t = 3")), (GoToTarget{false, 3000}));
    EXPECT_EQ(parseGoTo(QStringLiteral("#1234")), (GoToTarget{true, 1234}));
    EXPECT_EQ(parseGoTo(QStringLiteral("line 7")), (GoToTarget{true, 7}));
    EXPECT_EQ(parseGoTo(QStringLiteral("soon")), std::nullopt);
    EXPECT_EQ(parseGoTo(QStringLiteral("-3")), std::nullopt);
    EXPECT_EQ(parseGoTo(QString()), std::nullopt);
}

TEST(TimeTravelKeys, HomeEndShiftLeftAndCtrlGMoveTheRunsCursor)
{
    Window f;
    f.window.player().advanceBy(1500.0);
    EXPECT_EQ(f.run().cursorTime(), 1500);
    // The head: the last step at or before 1500 ms.
    const std::int64_t head = f.run().headTime();
    ASSERT_LE(head, 1500);

    QTest::keyClick(&f.window, Qt::Key_Home);
    ASSERT_TRUE(f.run().moment().line.has_value());
    EXPECT_EQ(f.run().moment().line->index, 0);

    QTest::keyClick(&f.window, Qt::Key_End);
    EXPECT_EQ(f.run().cursorTime(), head);
    EXPECT_FALSE(f.run().cursorAtLine());

    QTest::keyClick(&f.window, Qt::Key_Left, Qt::ShiftModifier);
    ASSERT_TRUE(f.run().moment().line.has_value());
    const EventKind kind = f.run().moment().line->event.kind;
    EXPECT_TRUE(kind == EventKind::Pause || kind == EventKind::Drain) << toString(kind);
    const std::int64_t found = f.run().moment().line->index;
    // Nothing of those kinds between it and the head.
    for (const RecordedLine& l : f.run().lines(found + 1, f.run().headLines() - found - 1)) {
        EXPECT_NE(l.event.kind, EventKind::Pause) << l.index;
        EXPECT_NE(l.event.kind, EventKind::Drain) << l.index;
    }

    f.window.timeTravelKeys()->setGoToPrompt([] { return QStringLiteral("#25"); });
    QTest::keyClick(&f.window, Qt::Key_G, Qt::ControlModifier);
    EXPECT_EQ(f.run().moment().line->index, 25);
    f.window.timeTravelKeys()->setGoToPrompt([] { return QStringLiteral("0.75 s"); });
    QTest::keyClick(&f.window, Qt::Key_G, Qt::ControlModifier);
    EXPECT_EQ(f.run().cursorTime(), 750);
    f.window.timeTravelKeys()->setGoToPrompt([] { return QStringLiteral("later"); });
    QTest::keyClick(&f.window, Qt::Key_G, Qt::ControlModifier);
    EXPECT_EQ(f.run().cursorTime(), 750);  // neither: stays
}

TEST(Scrubber, DraggingSeeksTheRunAndTheWindowShowsThatMoment)
{
    Window f;
    f.window.player().advanceBy(2000.0);
    Scrubber* scrubber = f.window.scrubber();
    ASSERT_NE(scrubber, nullptr);
    QApplication::processEvents();
    EXPECT_EQ(scrubber->spanMs(), 2000);
    const int x = scrubber->xOf(500);
    const int y = scrubber->height() / 2;
    QTest::mousePress(scrubber, Qt::LeftButton, {}, QPoint(scrubber->xOf(1500), y));
    QTest::mouseMove(scrubber, QPoint(x, y));
    QTest::mouseRelease(scrubber, Qt::LeftButton, {}, QPoint(x, y));
    EXPECT_EQ(f.run().cursorTime(), scrubber->timeAt(x));
    EXPECT_FALSE(f.window.player().isPlaying());
    // The run is still all there: up to its last line by 2000 ms (real Node
    // 24's is at 1967 ms, the next at 2017 ms).
    EXPECT_EQ(f.run().headTime(), 1967);
    // The views show that moment: the event log ends at the cursor.
    EXPECT_EQ(static_cast<std::int64_t>(f.docks->eventLog()->model()->scannedCount()),
              f.run().cursorLines());
}

TEST(Scrubber, TicksStandForThePausesAndDrainsOfTheRunOnePerColumn)
{
    Window f;
    f.window.player().advanceBy(2000.0);
    Scrubber* scrubber = f.window.scrubber();
    std::set<int> pauseColumns;
    std::int64_t pauses = 0;
    for (const RecordedLine& l : f.run().lines(0, f.run().headLines())) {
        if (l.event.kind == EventKind::Pause) {
            ++pauses;
        }
    }
    std::int64_t counted = 0;
    for (const Scrubber::TickMark& t : scrubber->ticks()) {
        if (t.kind == Scrubber::PauseTick) {
            EXPECT_TRUE(pauseColumns.insert(t.x).second) << "two pause ticks at x = " << t.x;
            counted += t.count;
        }
    }
    EXPECT_EQ(pauses, 5);        // real Node 24 on this example: five pauses by 2 s
    EXPECT_EQ(counted, pauses);  // aggregated, none lost
}

TEST(EventLog, AJumpToALineShowsExactlyThatLineAndItsNeighbours)
{
    // A run of a few hundred thousand lines: the log reads them on demand.
    Scenario s;
    Stage source;
    source.id = "source";
    source.kind = StageKind::Readable;
    source.chunks = 200'000;
    source.chunkBytes = 1024;
    Stage sink;
    sink.id = "sink";
    sink.kind = StageKind::Writable;
    s.stages = {source, sink};
    ui::Run run;
    run.load(s);
    run.seekTime(1'000'000'000);  // to the end
    const std::int64_t total = run.headLines();
    ASSERT_EQ(total, 1'200'010);  // real Node 24's trace of this scenario

    EventLogWidget log;
    log.resize(800, 400);
    log.setRun(&run, run.stageIds());
    log.show();
    const std::int64_t k = total / 2 + 17;
    run.seekLine(k);
    log.sync(static_cast<std::size_t>(run.cursorLines()));
    log.selectTraceIndex(k);
    EXPECT_EQ(log.model()->rowCount(), k + 1);
    EXPECT_EQ(log.selectedTraceIndex(), k);
    const std::vector<RecordedLine> expected = run.lines(k - 1, 2);
    for (int d = 0; d < 2; ++d) {
        const int row = static_cast<int>(k - 1 + d);
        const RecordedLine& line = expected[static_cast<std::size_t>(d)];
        const EventLogModel* model = log.model();
        EXPECT_EQ(model->data(model->index(row, EventLogModel::IndexColumn)).toString(),
                  QString::number(line.index));
        EXPECT_EQ(model->data(model->index(row, EventLogModel::TimeColumn)).toString(),
                  QString::number(line.event.t));
        EXPECT_EQ(model->data(model->index(row, EventLogModel::StageColumn)).toString(),
                  QString::fromStdString(s.stages[static_cast<std::size_t>(line.event.stage)].id));
        EXPECT_EQ(model->data(model->index(row, EventLogModel::EventColumn)).toString(),
                  QString::fromLatin1(toString(line.event.kind)));
        std::string fields;
        EventLogModel::appendFields(fields, line.event);
        EXPECT_EQ(model->data(model->index(row, EventLogModel::FieldsColumn)).toString(),
                  QString::fromStdString(fields));
    }
    // And back to the first line: row 0 is line 0.
    run.seekLine(0);
    log.sync(static_cast<std::size_t>(run.cursorLines()));
    EXPECT_EQ(log.model()->rowCount(), 1);
    EXPECT_EQ(log.model()->data(log.model()->index(0, EventLogModel::EventColumn)).toString(),
              QString::fromLatin1(toString(run.lines(0, 1).at(0).event.kind)));
}

}  // namespace
}  // namespace bplab::ui
