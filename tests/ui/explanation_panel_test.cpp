#include "bplab_ui/explain/explanation_panel.h"
#include "bplab_ui/run/run.h"

#include "bplab_core/explain.h"
#include "bplab_core/trace_store.h"

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

TEST(ExplanationPanel, ExplainsTheRunsMomentAtALineWithItsState)
{
    const Scenario sc = fileToSocket();
    TraceStore store;
    Simulation sim(sc);
    sim.addTraceSink(&store);
    sim.run();
    const std::size_t writeIndex = firstIndexOf(store, EventKind::Write);
    ASSERT_LT(writeIndex, store.size());

    ui::Run run;
    run.load(sc);
    run.seekLine(static_cast<std::int64_t>(writeIndex));
    ExplanationPanel panel;
    panel.setScenario(sc);
    QSignalSpy explained(&panel, &ExplanationPanel::explained);
    panel.showMoment(run.moment());
    ASSERT_EQ(explained.count(), 1);
    EXPECT_EQ(explained.at(0).at(0).toLongLong(), static_cast<qint64>(writeIndex));
    EXPECT_EQ(panel.traceIndex(), static_cast<qint64>(writeIndex));
    const std::string why = panel.whyText().toStdString();
    EXPECT_NE(why.find("pipe() now pauses 'file' and waits for 'drain' on 'socket'."),
              std::string::npos)
        << why;
    EXPECT_TRUE(run.moment().stages.at(1).writable.needDrain);

    // A moment at a time has no line: nothing to explain.
    run.seekTime(5);
    panel.showMoment(run.moment());
    EXPECT_EQ(panel.traceIndex(), -1);
    EXPECT_TRUE(panel.whyText().isEmpty());
}

TEST(ExplanationPanel, ALineAfterALiveTimingEditIsExplainedWithTheEdit)
{
    const Scenario sc = fileToSocket();
    TraceStore store;
    Simulation sim(sc);
    sim.addTraceSink(&store);
    sim.runUntil(100);
    StageTiming slower;
    slower.delayMs = 20;
    const std::size_t afterLines = store.size();
    sim.setStageTiming(1, slower);
    sim.run();
    const std::size_t late = firstIndexOf(store, EventKind::Drain, afterLines + 10);
    ASSERT_LT(late, store.size());

    ui::Run run;
    run.load(sc);
    run.seekTime(100);
    run.applyTimingEdit(1, slower);
    run.seekLine(static_cast<std::int64_t>(late));
    ASSERT_TRUE(run.moment().line.has_value());
    EXPECT_EQ(run.moment().line->event.kind, EventKind::Drain);
    EXPECT_EQ(run.moment().line->event.t, store.timeAt(late));
    ExplanationPanel panel;
    panel.setScenario(sc);
    panel.showMoment(run.moment());
    EXPECT_NE(panel.whyText().toStdString().find("'socket' emitted 'drain'"), std::string::npos)
        << panel.whyText().toStdString();
}

TEST(ExplanationPanel, SteppingLineByLineExplainsAsAReplayWould)
{
    const Scenario sc = fileToSocket();
    ui::Run run;
    run.load(sc);
    ExplanationPanel panel;
    panel.setScenario(sc);
    for (std::size_t k = 0; k < 40; ++k) {
        const auto r = replayToEvent(sc, ui::Run::defaultOptions(), k);
        ASSERT_TRUE(r.has_value());
        run.seekLine(static_cast<std::int64_t>(k));
        panel.showMoment(run.moment());
        EXPECT_EQ(panel.whyText().toStdString(), r->why) << k;
        EXPECT_EQ(run.moment().stages, r->stages) << k;
    }
}

}  // namespace
}  // namespace bplab::ui
