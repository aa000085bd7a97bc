#include "bplab_ui/event_log/event_log_model.h"
#include "bplab_ui/event_log/event_log_widget.h"

#include <QCoreApplication>
#include <QItemSelectionModel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>

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

    // The user picks a row.
    log.view()->selectionModel()->setCurrentIndex(
        log.model()->index(6, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
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
    QScrollBar* scroll = log.view()->verticalScrollBar();
    ASSERT_GT(scroll->maximum(), 0);
    EXPECT_EQ(scroll->value(), scroll->maximum());

    scroll->triggerAction(QAbstractSlider::SliderPageStepSub);
    QCoreApplication::processEvents();
    EXPECT_FALSE(log.following());
    scroll->triggerAction(QAbstractSlider::SliderToMaximum);
    QCoreApplication::processEvents();
    EXPECT_TRUE(log.following());
}

}  // namespace
}  // namespace bplab::ui
