// Why a run ended, in the status bar and the run summary, with the core's
// own message: a bound that stopped the run, an uncaught error, out of memory.
#include "bplab_ui/summary/run_end.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/format.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/summary/run_summary_panel.h"

#include "bplab_core/simulation.h"

#include <QApplication>
#include <QStatusBar>

#include <gtest/gtest.h>

#include <string>

using namespace bplab;
using namespace bplab::ui;

namespace {

struct Window {
    MainWindow window;
    AnalysisDocks* docks = nullptr;

    Window()
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.setUnsavedChangesPrompt([] { return UnsavedChoice::Discard; });
        window.player().setFrameTimerEnabled(false);
        docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
        window.setScenarioEditor(docks->editor(), docks->undoAction(), docks->redoAction());
        window.resize(1280, 800);
        window.show();
    }
    [[nodiscard]] QString status() const { return window.statusBar()->currentMessage(); }
    [[nodiscard]] QString summaryEnding() const
    {
        return window.findChild<RunSummaryPanel*>()->ending();
    }
};

Scenario example(const char* name)
{
    const auto loaded = loadScenarioFile(std::string(BPLAB_EXAMPLES_DIR) + "/" + name + ".json");
    EXPECT_TRUE(loaded.ok());
    return loaded.value();
}

// What the core says when it stops `scenario` under `bounds`.
std::string coreStop(const Scenario& scenario, const SimulationOptions& bounds)
{
    Simulation simulation(scenario, bounds);
    try {
        simulation.run();
    } catch (const RunStopped& stopped) {
        return stopped.what();
    }
    return "(not stopped)";
}

// A source far faster than its sink, wired by hand: the sink's buffer holds
// ever more chunks.
Scenario hoarding()
{
    const auto parsed = parseScenario(R"({"format": "bplab-scenario/1", "name": "hoarding",
        "wiring": "naive", "stages": [
        {"id": "src", "kind": "readable", "chunks": 1000000, "chunk_bytes": 1, "interval_ms": 0},
        {"id": "sink", "kind": "writable", "delay_ms": 1000}]})");
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    return parsed.value();
}

Scenario synchronousUntil10()
{
    const auto parsed = parseScenario(R"({"format": "bplab-scenario/1", "name": "standing still",
        "until_ms": 10, "wiring": "pipe", "stages": [
        {"id": "src", "kind": "readable", "chunks": 9007199254740991, "chunk_bytes": 1},
        {"id": "sink", "kind": "writable"}]})");
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    return parsed.value();
}

}  // namespace

TEST(RunEnd, ABoundOnTraceLinesStopsTheRunAndTheStatusBarAndSummaryQuoteTheCore)
{
    Window w;
    SimulationOptions bounds;
    bounds.maxEvents = 100;
    w.window.run().setBounds(bounds);
    const Scenario scenario = example("fast-producer-slow-consumer");
    w.window.run().load(scenario);
    w.window.player().advanceBy(60000);
    const std::string core = coreStop(scenario, bounds);
    EXPECT_EQ(core, "the run passed its bound of 100 trace lines at t = 1436 ms");
    const QString expected = QStringLiteral("Run stopped: ") + QString::fromStdString(core);
    EXPECT_EQ(w.status(), expected);
    EXPECT_EQ(w.summaryEnding(), expected);
    EXPECT_TRUE(w.window.findChild<RunSummaryPanel*>()->text().contains(QStringLiteral("Ended\t") +
                                                                        expected));
}

TEST(RunEnd, AClockStandingStillBeforeUntilMsStopsTheRunAndSaysSo)
{
    Window w;
    SimulationOptions bounds;
    bounds.maxEventsWithoutTime = 1000;  // checked every 65,536 lines
    w.window.run().setBounds(bounds);
    w.window.run().load(synchronousUntil10());
    w.window.player().advanceBy(10);
    const QString expected = QStringLiteral(
        "Run stopped: 65536 trace lines in a row at t = 0 ms without the clock moving: "
        "everything runs synchronously, so until_ms 10 can never come");
    EXPECT_EQ(QStringLiteral("Run stopped: ") +
                  QString::fromStdString(coreStop(synchronousUntil10(), bounds)),
              expected);
    EXPECT_EQ(w.status(), expected);
    EXPECT_EQ(w.summaryEnding(), expected);
}

TEST(RunEnd, TheSimulatorsMemoryBudgetStopsTheRunAndSaysSo)
{
    Window w;
    SimulationOptions bounds;
    bounds.maxCoreMemoryBytes = 1000 * kCoreBytesPerChunk;  // 1000 chunks held
    w.window.run().setBounds(bounds);
    const Scenario scenario = hoarding();
    w.window.run().load(scenario);
    w.window.player().advanceBy(60000);
    const QString expected =
        QStringLiteral("Run stopped: ") + QString::fromStdString(coreStop(scenario, bounds));
    EXPECT_TRUE(expected.contains(QStringLiteral("more than this machine can simulate")))
        << expected.toStdString();
    EXPECT_EQ(w.status(), expected);
    EXPECT_EQ(w.summaryEnding(), expected);
}

TEST(RunEnd, AnUncaughtErrorNamesItsStageAndMessage)
{
    Window w;
    ASSERT_TRUE(w.window.openExample(QStringLiteral("error-with-pipe")));
    w.window.player().advanceBy(60000);
    const RecordedLine crash = w.window.run().lines(w.window.run().cursorLines() - 1, 1).at(0);
    ASSERT_EQ(crash.event.kind, EventKind::Uncaught);
    const QString expected =
        QStringLiteral(
            "Crashed at %1 s: uncaught error in parser: Unexpected token in row 312 (uncaught)")
            .arg(static_cast<double>(crash.event.t) / 1000.0, 0, 'f', 3);
    EXPECT_EQ(w.status(), expected);
    EXPECT_EQ(w.summaryEnding(), expected);
}

TEST(RunEnd, OutOfMemorySaysWhatTheProcessHeldAgainstTheLimit)
{
    Window w;
    Scenario scenario = example("ignoring-write-return");
    scenario.memoryLimitMb = 1;
    w.window.run().load(scenario);
    w.window.player().advanceBy(600000);
    ASSERT_EQ(w.window.run().outcome(), Outcome::Oom);
    const TraceEvent oom = w.window.run().lines(w.window.run().cursorLines() - 1, 1).at(0).event;
    ASSERT_EQ(oom.kind, EventKind::Oom);
    const QString expected =
        QStringLiteral("Out of memory at %1 s: the process held %2, past memory_limit_mb 1 (oom)")
            .arg(static_cast<double>(oom.t) / 1000.0, 0, 'f', 3)
            .arg(formatBytes(static_cast<double>(oom.bytes)));
    EXPECT_EQ(w.status(), expected);
    EXPECT_EQ(w.summaryEnding(), expected);
}

TEST(RunEnd, ResettingTakesTheMessageDown)
{
    Window w;
    ASSERT_TRUE(w.window.openExample(QStringLiteral("error-with-pipe")));
    w.window.player().advanceBy(60000);
    ASSERT_TRUE(w.status().startsWith(QStringLiteral("Crashed at ")));
    w.window.run().load(w.window.run().scenario());  // what Reset (R) does
    EXPECT_EQ(w.status(), QString());
    EXPECT_EQ(w.summaryEnding(), QString());
}
