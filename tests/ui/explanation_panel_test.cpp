#include "bplab_ui/explain/explanation_panel.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bplab::ui {
namespace {

// 'file' (40 x 64 KiB every ms) piped into a slow 'socket' (8 ms a chunk).
Scenario fileToSocket()
{
    Scenario s;
    Stage file;
    file.id = "file";
    file.kind = StageKind::Readable;
    file.chunks = 40;
    file.chunkBytes = 65536;
    file.intervalMs = 1;
    Stage socket;
    socket.id = "socket";
    socket.kind = StageKind::Writable;
    socket.delayMs = 8;
    s.stages = {file, socket};
    return s;
}

std::size_t firstIndexOf(const TraceStore& store, EventKind kind, std::size_t from = 0)
{
    for (std::size_t i = from; i < store.size(); ++i) {
        if (store.kindAt(i) == kind) {
            return i;
        }
    }
    return store.size();
}

TEST(ExplanationPanel, ReplaysToTheSelectedLineAndExplainsIt)
{
    const Scenario sc = fileToSocket();
    TraceStore store;
    Simulation sim(sc);
    sim.addTraceSink(&store);
    sim.run();
    const std::size_t writeIndex = firstIndexOf(store, EventKind::Write);
    ASSERT_LT(writeIndex, store.size());

    ExplanationPanel panel;
    panel.setRun(sc);
    panel.setTrace(&store);
    QSignalSpy explained(&panel, &ExplanationPanel::explained);
    QSignalSpy state(&panel, &ExplanationPanel::stateAtLine);
    panel.showTraceIndex(static_cast<qint64>(writeIndex));
    ASSERT_TRUE(explained.wait(5000));
    EXPECT_EQ(explained.at(0).at(0).toLongLong(), static_cast<qint64>(writeIndex));
    const std::string why = panel.whyText().toStdString();
    EXPECT_NE(why.find("pipe() now pauses 'file' and waits for 'drain' on 'socket'."),
              std::string::npos)
        << why;
    ASSERT_EQ(state.count(), 1);
    const auto stages = state.at(0).at(1).value<std::vector<StageSnapshot>>();
    ASSERT_EQ(stages.size(), 2u);
    EXPECT_TRUE(stages[1].writable.needDrain);

    // Asked again: answered from the cache, at once.
    panel.showTraceIndex(0);
    ASSERT_TRUE(explained.wait(5000));
    panel.showTraceIndex(static_cast<qint64>(writeIndex));
    EXPECT_FALSE(panel.busy());
    EXPECT_EQ(panel.whyText().toStdString(), why);
}

TEST(ExplanationPanel, ReplaysLiveTimingEditsAtTheSamePoint)
{
    const Scenario sc = fileToSocket();
    TraceStore store;
    Simulation sim(sc);
    sim.addTraceSink(&store);
    sim.runUntil(100);
    StageTiming slower;
    slower.delayMs = 20;
    const TimingEditAt edit{.afterLines = store.size(), .stage = 1, .timing = slower};
    sim.setStageTiming(1, slower);
    sim.run();
    const std::size_t late = firstIndexOf(store, EventKind::Drain, edit.afterLines + 10);
    ASSERT_LT(late, store.size());

    ExplanationPanel panel;
    panel.setRun(sc);
    panel.setTrace(&store);
    panel.addTimingEdit(edit);
    QSignalSpy explained(&panel, &ExplanationPanel::explained);
    panel.showTraceIndex(static_cast<qint64>(late));
    ASSERT_TRUE(explained.wait(5000));
    EXPECT_NE(panel.whyText().toStdString().find("'socket' emitted 'drain'"), std::string::npos)
        << panel.whyText().toStdString();
}

TEST(ExplanationPanel, ExplainsAKnownStateWithoutReplay)
{
    const Scenario sc = fileToSocket();
    TraceStore store;
    Simulation sim(sc);
    sim.addTraceSink(&store);
    sim.run();
    const std::size_t writeIndex = firstIndexOf(store, EventKind::Write);
    const std::size_t pauseIndex = firstIndexOf(store, EventKind::Pause, writeIndex);
    ASSERT_LT(pauseIndex, store.size());

    ExplanationPanel panel;
    panel.setRun(sc);
    panel.setTrace(&store);
    StageSnapshot socket;
    socket.writable.present = true;
    socket.writable.length = 65536;
    socket.writable.highWaterMark = 65536;
    panel.showKnownState(static_cast<qint64>(pauseIndex), store.at(pauseIndex),
                         {StageSnapshot{}, socket});
    EXPECT_FALSE(panel.busy());
    const std::string why = panel.whyText().toStdString();
    EXPECT_NE(why.find("'file' paused: 'socket'.write() returned false"), std::string::npos) << why;
}

TEST(ExplanationPanel, SteppingLineByLineExplainsAsAReplayWould)
{
    const Scenario sc = fileToSocket();
    TraceStore store;
    Simulation sim(sc);
    sim.addTraceSink(&store);
    sim.run();
    ExplanationPanel panel;
    panel.setRun(sc);
    panel.setTrace(&store);
    for (std::size_t k = 0; k < 40 && k < store.size(); ++k) {
        const auto r = replayToEvent(sc, {}, k);
        ASSERT_TRUE(r.has_value());
        TraceEvent event = r->event;
        event.message = r->message;
        panel.showKnownState(static_cast<qint64>(k), event, r->stages);
        EXPECT_EQ(panel.whyText().toStdString(), r->why) << k;
    }
}

}  // namespace
}  // namespace bplab::ui
