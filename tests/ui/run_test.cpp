// A Run rebuilds any moment of a run, through the window's own API (seeks,
// steps, pause/drain jumps), exactly as a fresh run shows it; an edit in the
// past forks the run into what a fresh run with that edit gives.
#include "bplab_ui/run/run.h"
#include "../scenario_files.h"
#include "bplab_ui/run/player.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bplab_core/explain.h"
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace_store.h"

namespace bplab::ui {
namespace {

namespace fs = std::filesystem;

using bplab::test::everyScenarioFile;

// What a fresh run, with the window's options, shows while line k is recorded.
struct Fresh {
    std::vector<StageSnapshot> stages;
    std::optional<Sample> sample;
    SimulationStats stats;
    ProcessMemory memory;
    std::string explanation;
};

class FreshRun final : public TraceSink, public SampleSink {
public:
    explicit FreshRun(const Scenario& scenario)
        : m_simulation(scenario, ui::Run::defaultOptions()),
          m_explainer(scenario, m_simulation.profile())
    {
        m_simulation.addTraceSink(this);
        m_simulation.addSampleSink(this);
        m_simulation.run();
    }
    void record(const TraceEvent& event) override
    {
        Fresh f;
        f.stages = m_simulation.snapshot();
        f.sample = m_last;
        f.stats = m_simulation.stats();
        f.memory = m_simulation.memory();
        f.explanation = m_explainer.explain(event, f.stages);
        moments.push_back(std::move(f));
        trace.record(event);
    }
    void sample(const Sample& sample) override { m_last = sample; }

    TraceStore trace;
    std::vector<Fresh> moments;

private:
    Simulation m_simulation;
    Explainer m_explainer;
    std::optional<Sample> m_last;
};

void expectSameMoment(const Moment& m, const FreshRun& fresh, std::int64_t k,
                      const std::string& where)
{
    ASSERT_TRUE(m.line.has_value()) << where;
    ASSERT_EQ(m.line->index, k) << where;
    const auto i = static_cast<std::size_t>(k);
    const Fresh& f = fresh.moments.at(i);
    const TraceEvent e = fresh.trace.at(i);
    EXPECT_EQ(m.line->event.t, e.t) << where;
    EXPECT_EQ(m.line->event.kind, e.kind) << where;
    EXPECT_EQ(m.line->event.stage, e.stage) << where;
    EXPECT_EQ(m.line->event.bytes, e.bytes) << where;
    EXPECT_EQ(m.line->event.length, e.length) << where;
    EXPECT_EQ(m.line->event.ret, e.ret) << where;
    EXPECT_EQ(m.line->message, std::string(e.message)) << where;
    ASSERT_EQ(m.stages.size(), f.stages.size()) << where;
    for (std::size_t s = 0; s < f.stages.size(); ++s) {
        EXPECT_EQ(m.stages[s], f.stages[s]) << where << " stage " << s;  // every field
    }
    EXPECT_EQ(m.sample, f.sample) << where;
    EXPECT_EQ(m.stats, f.stats) << where;
    EXPECT_EQ(m.memory, f.memory) << where;
    EXPECT_EQ(m.explanation, f.explanation) << where;
}

TEST(Run, SeekingAndSteppingForwardAndBackGiveTheStateOfAFreshRunInEveryScenario)
{
    std::mt19937_64 random(11);
    std::size_t scenarios = 0;
    std::size_t checked = 0;
    for (const fs::path& file : everyScenarioFile()) {
        Result<Scenario> sc = loadScenarioFile(file);
        if (!sc.ok()) {
            continue;  // files that test the loader's refusals
        }
        ++scenarios;
        const FreshRun fresh(*sc);
        const auto total = static_cast<std::int64_t>(fresh.trace.size());
        ASSERT_GT(total, 0) << file;
        ui::Run run;
        run.load(*sc);
        std::uniform_int_distribution<std::int64_t> pick(0, total - 1);
        for (int i = 0; i < 12; ++i) {
            const std::int64_t k = pick(random);
            const std::string where = file.filename().string() + " line " + std::to_string(k);
            run.seekLine(k);
            expectSameMoment(run.moment(), fresh, k, where);
            // One line back and one on, as Left and Right do.
            if (k > 0) {
                run.stepBack();
                expectSameMoment(run.moment(), fresh, k - 1, where + " back");
                run.stepForward();
                expectSameMoment(run.moment(), fresh, k, where + " back and on");
            }
            if (k + 1 < total) {
                run.stepForward();
                expectSameMoment(run.moment(), fresh, k + 1, where + " on");
            }
            ++checked;
        }
        // The pause or drain before the last line, as Shift+Left finds it.
        run.seekLine(total - 1);
        std::int64_t expected = -1;
        for (std::int64_t j = total - 2; j >= 0 && expected < 0; --j) {
            const EventKind kind = fresh.trace.kindAt(static_cast<std::size_t>(j));
            if (kind == EventKind::Pause || kind == EventKind::Drain) {
                expected = j;
            }
        }
        EXPECT_EQ(run.toPreviousPauseOrDrain(), expected >= 0) << file;
        if (expected >= 0) {
            expectSameMoment(run.moment(), fresh, expected,
                             file.filename().string() + " shift+left");
        }
        EXPECT_TRUE(run.headEnded()) << file;
        EXPECT_EQ(run.headLines(), total) << file;
    }
    EXPECT_GE(scenarios, 70U);
    EXPECT_EQ(checked, 12U * scenarios);
}

// A pipe into a slow sink, long enough for an edit in the middle to matter.
Scenario fileToSlowSocket()
{
    Scenario s;
    Stage file;
    file.id = "file";
    file.kind = StageKind::Readable;
    file.chunks = 400;
    file.chunkBytes = 16384;
    file.intervalMs = 1;
    Stage socket;
    socket.id = "socket";
    socket.kind = StageKind::Writable;
    socket.delayMs = 3;
    s.stages = {file, socket};
    return s;
}

// A file read quickly into a jittery socket: far more lines than a view's
// recent window, with checkpoints several windows apart.
Scenario manyChunksToJitterySocket()
{
    Scenario s = fileToSlowSocket();
    s.stages[0].chunks = 12000;
    s.stages[0].chunkBytes = 1024;
    s.stages[1].delayMs = 1;
    s.stages[1].jitter = 0.8;
    return s;
}

TEST(Run, AfterAJumpTheRecentLinesAreAFreshRunsLast16384LinesExactly)
{
    const Scenario sc = manyChunksToJitterySocket();
    TraceStore fresh;
    {
        Simulation sim(sc, ui::Run::defaultOptions());
        sim.addTraceSink(&fresh);
        sim.run();
    }
    const auto total = static_cast<std::int64_t>(fresh.size());
    ASSERT_GT(total, 4 * Run::kRecentKeep);
    ui::Run run;
    run.load(sc);
    // Forward past the head, back, forward again, near the start, at the end.
    const std::int64_t targets[] = {total * 3 / 4, total / 3, total / 2 + 7,
                                    100,           total - 1, Run::kRecentKeep + 5};
    for (const std::int64_t k : targets) {
        const std::string where = "line " + std::to_string(k);
        run.seekLine(k);
        ASSERT_TRUE(run.cursorAtLine()) << where;
        ASSERT_EQ(run.cursorLine(), k) << where;
        const std::int64_t first = std::max<std::int64_t>(0, k + 1 - Run::kRecentKeep);
        const std::size_t from = run.recentFrom();
        ASSERT_EQ(run.recentFirstLine() + static_cast<std::int64_t>(from), first) << where;
        ASSERT_EQ(static_cast<std::int64_t>(run.recentVisibleCount() - from), k + 1 - first)
            << where;
        for (std::int64_t line = first; line <= k; ++line) {
            const TraceEvent a =
                run.recentTrace().at(static_cast<std::size_t>(line - run.recentFirstLine()));
            const TraceEvent e = fresh.at(static_cast<std::size_t>(line));
            ASSERT_EQ(a.t, e.t) << where << " recent line " << line;
            ASSERT_EQ(a.kind, e.kind) << where << " recent line " << line;
            ASSERT_EQ(a.stage, e.stage) << where << " recent line " << line;
            ASSERT_EQ(a.bytes, e.bytes) << where << " recent line " << line;
            ASSERT_EQ(a.length, e.length) << where << " recent line " << line;
            ASSERT_EQ(a.ret, e.ret) << where << " recent line " << line;
            ASSERT_EQ(std::string(a.message), std::string(e.message))
                << where << " recent line " << line;
        }
    }
}

TEST(Run, AnEditThenASeekBeforeItAndPlayingOnGiveTheTraceOfAFreshRunWithThatEdit)
{
    const Scenario sc = fileToSlowSocket();
    StageTiming slower;
    slower.delayMs = 9;

    ui::Run run;
    Player player;
    player.setFrameTimerEnabled(false);
    player.addRun(&run);
    run.load(sc);
    player.advanceBy(600.0);
    ASSERT_TRUE(run.cursorAtHead());
    EXPECT_FALSE(run.applyTimingEdit(1, slower));  // at the head: no fork
    player.advanceBy(400.0);
    run.seekTime(250);  // before the edit
    EXPECT_EQ(run.cursorTime(), 250);
    player.play();
    player.advanceBy(100'000.0);  // on to the end
    ASSERT_TRUE(run.atEnd());

    TraceStore fresh;
    Simulation sim(sc, ui::Run::defaultOptions());
    sim.addTraceSink(&fresh);
    sim.runUntil(600);
    sim.setStageTiming(1, slower);
    sim.run();
    const std::vector<RecordedLine> played = run.lines(0, run.headLines());
    ASSERT_EQ(played.size(), fresh.size());
    for (std::size_t i = 0; i < played.size(); ++i) {
        const TraceEvent e = fresh.at(i);
        ASSERT_EQ(played[i].event.t, e.t) << i;
        ASSERT_EQ(played[i].event.kind, e.kind) << i;
        ASSERT_EQ(played[i].event.stage, e.stage) << i;
        ASSERT_EQ(played[i].event.bytes, e.bytes) << i;
        ASSERT_EQ(played[i].event.length, e.length) << i;
    }
}

TEST(Run, AnEditInThePastForksTheRunAndUndoBringsTheOldRunBack)
{
    const Scenario sc = fileToSlowSocket();
    ui::Run run;
    Player player;
    player.setFrameTimerEnabled(false);
    player.addRun(&run);
    run.load(sc);
    player.advanceBy(1000.0);
    const std::int64_t oldHead = run.headLines();
    const std::vector<RecordedLine> oldRun = run.lines(0, oldHead);

    run.seekTime(300);
    StageTiming slower;
    slower.delayMs = 9;
    EXPECT_TRUE(run.applyTimingEdit(1, slower));
    EXPECT_TRUE(run.canUndoFork());
    EXPECT_EQ(run.scenario().stages[1].delayMs, 9);
    EXPECT_EQ(run.cursorTime(), 300);
    EXPECT_LE(run.headTime(), 300);  // the old future is gone
    EXPECT_LT(run.headLines(), oldHead);

    run.undoFork();
    EXPECT_FALSE(run.canUndoFork());
    EXPECT_EQ(run.scenario().stages[1].delayMs, 3);
    EXPECT_EQ(run.headLines(), oldHead);
    const std::vector<RecordedLine> back = run.lines(0, oldHead);
    ASSERT_EQ(back.size(), oldRun.size());
    for (std::size_t i = 0; i < back.size(); ++i) {
        ASSERT_EQ(back[i].event.t, oldRun[i].event.t) << i;
        ASSERT_EQ(back[i].event.kind, oldRun[i].event.kind) << i;
        ASSERT_EQ(back[i].event.length, oldRun[i].event.length) << i;
    }
}

}  // namespace
}  // namespace bplab::ui
