#include "bplab_ui/event_log/event_log_model.h"
#include "bplab_ui/event_log/event_log_widget.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace bplab::ui {
namespace {

// A hand-made trace as the log's line source.
class StoreLines final : public LineSource {
public:
    explicit StoreLines(const TraceStore& store) : m_store(store) {}
    void lines(std::int64_t first, std::int64_t count, TraceSink& out) override
    {
        for (std::int64_t i = first;
             i < first + count && i < static_cast<std::int64_t>(m_store.size()); ++i) {
            out.record(m_store.at(static_cast<std::size_t>(i)));
        }
    }

private:
    const TraceStore& m_store;
};

// A little pipe() run written by hand: 'file' -> 'socket', the pattern
// repeated `rounds` times, then an error and the last line.
void fillStore(TraceStore& store, int rounds)
{
    std::int64_t t = 0;
    for (int r = 0; r < rounds; ++r, t += 8) {
        store.record({.t = t, .stage = 0, .kind = EventKind::Read, .length = 0});
        store.record(
            {.t = t, .stage = 0, .kind = EventKind::Push, .ret = true, .bytes = 4096, .length = 0});
        store.record({.t = t, .stage = 0, .kind = EventKind::Data, .bytes = 4096, .length = 0});
        store.record({.t = t,
                      .stage = 1,
                      .kind = EventKind::Write,
                      .ret = false,
                      .bytes = 4096,
                      .length = 17408});
        store.record({.t = t, .stage = 0, .kind = EventKind::Pause, .length = 0});
        store.record(
            {.t = t + 5, .stage = 1, .kind = EventKind::Done, .bytes = 4096, .length = 4096});
        store.record({.t = t + 5, .stage = 1, .kind = EventKind::Drain, .length = 0});
        store.record({.t = t + 5, .stage = 0, .kind = EventKind::Resume, .length = 0});
    }
    store.record({.t = t, .stage = 1, .kind = EventKind::Error, .message = "disk full"});
    store.record({.t = t, .stage = kAllStages, .kind = EventKind::Idle});
}

std::vector<EventKind> kindsShown(const EventLogModel& model, const TraceStore& store)
{
    std::vector<EventKind> kinds;
    for (int row = 0; row < model.rowCount(); ++row) {
        kinds.push_back(store.kindAt(model.traceIndexAt(row)));
    }
    return kinds;
}

TEST(EventLogModel, ShowsEveryLineWithoutAFilter)
{
    TraceStore store;
    fillStore(store, 3);
    EventLogModel model;
    StoreLines source(store);
    model.setRun(&source, {"file", "socket"});
    model.sync(store.size());
    ASSERT_EQ(model.rowCount(), 26);
    EXPECT_EQ(model.data(model.index(3, EventLogModel::StageColumn)).toString(),
              QStringLiteral("socket"));
    EXPECT_EQ(model.data(model.index(3, EventLogModel::EventColumn)).toString(),
              QStringLiteral("write"));
    EXPECT_EQ(model.data(model.index(3, EventLogModel::FieldsColumn)).toString(),
              QStringLiteral("bytes=4096 ret=false wlen=17408"));
    EXPECT_EQ(model.data(model.index(24, EventLogModel::FieldsColumn)).toString(),
              QStringLiteral("message=disk full"));
    EXPECT_EQ(model.data(model.index(25, EventLogModel::StageColumn)).toString(),
              QStringLiteral("*"));
}

TEST(EventLogModel, KindFilterShowsOnlyTheChosenKinds)
{
    TraceStore store;
    fillStore(store, 10);
    EventLogModel model;
    StoreLines source(store);
    model.setRun(&source, {"file", "socket"});
    model.sync(40);  // the first five rounds

    EventLogFilter filter;
    filter.kinds.reset();
    filter.kinds.set(static_cast<std::size_t>(EventKind::Pause));
    filter.kinds.set(static_cast<std::size_t>(EventKind::Drain));
    model.setFilter(filter);
    EXPECT_EQ(model.rowCount(), 10);
    for (EventKind k : kindsShown(model, store)) {
        EXPECT_TRUE(k == EventKind::Pause || k == EventKind::Drain) << toString(k);
    }

    // Lines that arrive later go through the same filter.
    model.sync(store.size());
    EXPECT_EQ(model.rowCount(), 20);
    for (EventKind k : kindsShown(model, store)) {
        EXPECT_TRUE(k == EventKind::Pause || k == EventKind::Drain) << toString(k);
    }
    EXPECT_EQ(model.rowOfTraceIndex(4), 0);   // the first pause
    EXPECT_EQ(model.rowOfTraceIndex(5), -1);  // a done line: filtered out
    EXPECT_EQ(model.rowAtOrBefore(5), 0);
}

TEST(EventLogModel, StageFilterAndTextSearchCombine)
{
    TraceStore store;
    fillStore(store, 4);
    EventLogModel model;
    StoreLines source(store);
    model.setRun(&source, {"file", "socket"});
    model.sync(store.size());

    EventLogFilter onlySocket;
    onlySocket.stages = {false, true};
    onlySocket.processLines = false;
    model.setFilter(onlySocket);
    EXPECT_EQ(model.rowCount(), 4 * 3 + 1);  // write, done, drain per round; the error

    EventLogFilter falseWrites = onlySocket;
    falseWrites.text = QStringLiteral("RET=false");
    model.setFilter(falseWrites);
    EXPECT_EQ(model.rowCount(), 4);
    EXPECT_EQ(kindsShown(model, store), std::vector<EventKind>(4, EventKind::Write));

    EventLogFilter message;
    message.text = QStringLiteral("disk");
    model.setFilter(message);
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(store.kindAt(model.traceIndexAt(0)), EventKind::Error);

    EventLogFilter byStageName;
    byStageName.text = QStringLiteral("sock");
    model.setFilter(byStageName);
    EXPECT_EQ(model.rowCount(), 4 * 3 + 1);

    EventLogFilter byNumber;
    byNumber.text = QStringLiteral("17408");
    model.setFilter(byNumber);
    EXPECT_EQ(model.rowCount(), 4);
}

TEST(EventLogModel, ACountLowerThanBeforeShortensTheTable)
{
    TraceStore store;
    fillStore(store, 2);
    EventLogModel model;
    StoreLines source(store);
    model.setRun(&source, {"file", "socket"});
    model.sync(store.size());
    EXPECT_EQ(model.rowCount(), 18);
    store.clear();
    fillStore(store, 1);
    model.sync(3);
    EXPECT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.scannedCount(), 3u);
}

TEST(EventLogWidget, ReportsTheUsersSelectionAndSelectsLinesOnRequest)
{
    TraceStore store;
    fillStore(store, 5);
    EventLogWidget log;
    StoreLines source(store);
    log.setRun(&source, {"file", "socket"});
    log.sync(store.size());
    QSignalSpy selected(&log, &EventLogWidget::eventSelected);

    // A click elsewhere (a chart mark) selects the line, without echo.
    log.selectTraceIndex(11);
    EXPECT_EQ(log.selectedTraceIndex(), 11);
    EXPECT_EQ(selected.count(), 0);

    // The user picks a row (the table shows a page of the log's rows).
    log.setFollowing(false);
    log.scrollToRow(6);
    log.view()->selectionModel()->setCurrentIndex(
        log.page()->index(6 - log.page()->first(), 0),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    ASSERT_EQ(selected.count(), 1);
    EXPECT_EQ(selected.at(0).at(0).toLongLong(), 6);

    // With only pauses shown, a filtered-out line selects the pause before it.
    EventLogFilter pauses;
    pauses.kinds.reset();
    pauses.kinds.set(static_cast<std::size_t>(EventKind::Pause));
    log.setFilter(pauses);
    EXPECT_EQ(log.model()->rowCount(), 5);
    log.selectTraceIndex(14);
    EXPECT_EQ(log.selectedTraceIndex(), 12);
}

TEST(EventLogWidget, ScrollingUpByHandStopsFollowingTheRun)
{
    TraceStore store;
    fillStore(store, 200);
    EventLogWidget log;
    log.resize(600, 300);
    StoreLines source(store);
    log.setRun(&source, {"file", "socket"});
    log.show();
    log.sync(store.size());
    QCoreApplication::processEvents();
    ASSERT_TRUE(log.following());
    QScrollBar* scroll = log.scrollBar();
    ASSERT_GT(scroll->maximum(), 0);
    EXPECT_EQ(scroll->value(), scroll->maximum());

    scroll->triggerAction(QAbstractSlider::SliderPageStepSub);
    QCoreApplication::processEvents();
    EXPECT_FALSE(log.following());
    scroll->triggerAction(QAbstractSlider::SliderToMaximum);
    QCoreApplication::processEvents();
    EXPECT_TRUE(log.following());
}

TEST(EventLogWidget, TheTableHoldsOnlyTheRowsOnScreenOfAMillionLines)
{
    TraceStore store;
    fillStore(store, 125'000);  // 1,000,002 lines
    EventLogWidget log;
    log.resize(600, 300);
    StoreLines source(store);
    log.setRun(&source, {"file", "socket"});
    log.show();
    log.sync(store.size());
    QCoreApplication::processEvents();

    const int rowHeight = log.view()->verticalHeader()->defaultSectionSize();
    const int fit = log.view()->viewport()->height() / rowHeight;
    ASSERT_GE(fit, 3);
    EXPECT_EQ(log.model()->rowCount(), 1'000'002);
    // At the bottom the page ends with the last line, wholly on screen.
    EXPECT_EQ(log.view()->model()->rowCount(), fit);
    EXPECT_EQ(log.scrollBar()->maximum(), 1'000'002 - fit);
    // Following: the newest line is the last one wholly on screen.
    EXPECT_EQ(log.page()->first(), 1'000'002 - fit);
    const QAbstractItemModel* page = log.view()->model();
    EXPECT_EQ(page->data(page->index(fit - 1, EventLogModel::IndexColumn)).toString(),
              QStringLiteral("1000001"));
    EXPECT_EQ(page->data(page->index(fit - 1, EventLogModel::EventColumn)).toString(),
              QStringLiteral("idle"));

    // The scroll bar moves the page over the whole log.
    log.scrollBar()->setValue(500'000);
    EXPECT_EQ(log.page()->first(), 500'000);
    EXPECT_EQ(page->rowCount(), fit + 1);  // and the row the viewport's bottom cuts
    EXPECT_EQ(page->data(page->index(0, EventLogModel::IndexColumn)).toString(),
              QStringLiteral("500000"));
    EXPECT_EQ(page->data(page->index(0, EventLogModel::EventColumn)).toString(),
              QString::fromLatin1(toString(store.kindAt(500'000))));
    EXPECT_EQ(page->data(page->index(0, 0), EventLogModel::kTraceIndexRole).toULongLong(),
              500'000U);
}

TEST(EventLogWidget, KeysAndTheWheelMoveThroughTheWholeLog)
{
    TraceStore store;
    fillStore(store, 1000);  // 8,002 lines
    EventLogWidget log;
    log.resize(600, 300);
    StoreLines source(store);
    log.setRun(&source, {"file", "socket"});
    log.show();
    log.sync(store.size());
    QCoreApplication::processEvents();
    QSignalSpy selected(&log, &EventLogWidget::eventSelected);
    const int fit =
        log.view()->viewport()->height() / log.view()->verticalHeader()->defaultSectionSize();

    // A line picked at the bottom of the page; Down goes past the page's end.
    log.selectTraceIndex(4000);
    log.scrollToRow(4000);
    const int bottom = log.page()->first() + fit - 1;
    log.selectTraceIndex(bottom);
    QKeyEvent down(QEvent::KeyPress, Qt::Key_Down, Qt::NoModifier);
    QCoreApplication::sendEvent(log.view(), &down);
    EXPECT_EQ(log.selectedTraceIndex(), bottom + 1);
    ASSERT_EQ(selected.count(), 1);
    EXPECT_EQ(selected.at(0).at(0).toLongLong(), bottom + 1);
    EXPECT_EQ(log.page()->first(), bottom + 2 - fit);
    EXPECT_FALSE(log.following());
    const QModelIndex current = log.view()->selectionModel()->currentIndex();
    EXPECT_EQ(current.row(), fit - 1);

    QKeyEvent home(QEvent::KeyPress, Qt::Key_Home, Qt::NoModifier);
    QCoreApplication::sendEvent(log.view(), &home);
    EXPECT_EQ(log.selectedTraceIndex(), 0);
    EXPECT_EQ(log.page()->first(), 0);
    QKeyEvent end(QEvent::KeyPress, Qt::Key_End, Qt::NoModifier);
    QCoreApplication::sendEvent(log.view(), &end);
    EXPECT_EQ(log.selectedTraceIndex(), 8001);
    EXPECT_EQ(log.page()->first(), 8002 - fit);

    // The wheel over the table scrolls the log (three lines a notch).
    QWheelEvent wheel(QPointF(10, 10), log.view()->viewport()->mapToGlobal(QPointF(10, 10)),
                      QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                      false);
    QCoreApplication::sendEvent(log.view()->viewport(), &wheel);
    EXPECT_EQ(log.page()->first(), 8002 - fit - 3);
}

TEST(EventLogModel, AFilterKeepsTheMatchesOfTheLastTwoMillionLinesAsTheRunGoesOn)
{
    TraceStore store;
    fillStore(store, 325'000);  // 2,600,002 lines, a pause every 8
    StoreLines source(store);
    EventLogModel model;
    model.setRun(&source, {"file", "socket"});
    EventLogFilter pauses;
    pauses.kinds.reset();
    pauses.kinds.set(static_cast<std::size_t>(EventKind::Pause));
    model.setFilter(pauses);
    model.sync(1'000'000);
    EXPECT_EQ(model.filterFrom(), 0U);
    EXPECT_EQ(model.rowCount(), 125'000);
    model.sync(2'400'000);  // 2.4 M lines looked at: still all of them
    EXPECT_EQ(model.filterFrom(), 0U);
    EXPECT_EQ(model.rowCount(), 300'000);
    model.sync(2'600'000);  // past 2.5 M: back to the last 2 M
    EXPECT_EQ(model.filterFrom(), 600'000U);
    EXPECT_EQ(model.rowCount(), 250'000);
    EXPECT_EQ(model.traceIndexAt(0), 600'004U);
    EXPECT_EQ(store.kindAt(model.traceIndexAt(0)), EventKind::Pause);
    EXPECT_EQ(model.rowOfTraceIndex(2'599'996), 249'999);
    EXPECT_EQ(model.data(model.index(0, EventLogModel::EventColumn)).toString(),
              QStringLiteral("pause"));
}

}  // namespace
}  // namespace bplab::ui
