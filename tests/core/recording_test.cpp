// A Recording rebuilds any past moment of a run exactly: what a fresh run
// stopped there shows, field for field.

#include "bplab_core/recording.h"
#include "../scenario_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bplab_core/explain.h"
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace_store.h"
#include "simulation_test_support.h"

namespace bplab {
namespace {

namespace fs = std::filesystem;

using bplab::test::everyScenarioFile;

// The state a fresh run shows at line k, as a sink sees it while k is recorded.
struct FreshMoment {
    std::vector<StageSnapshot> stages;
    std::optional<Sample> sample;
    SimulationStats stats;
    ProcessMemory memory;
    Outcome outcome = Outcome::Running;
    std::string explanation;
    TraceEvent event;
    std::string message;
};

class FreshRun final : public TraceSink, public SampleSink {
public:
    FreshRun(const Scenario& scenario, std::vector<std::int64_t> wanted)
        : m_simulation(scenario),
          m_explainer(scenario, m_simulation.profile()),
          m_wanted(std::move(wanted))
    {
        std::sort(m_wanted.begin(), m_wanted.end());
        m_simulation.addTraceSink(this);
        m_simulation.addSampleSink(this);
        m_simulation.run();
    }

    void record(const TraceEvent& event) override
    {
        const std::int64_t index = static_cast<std::int64_t>(trace.size());
        trace.record(event);
        if (std::binary_search(m_wanted.begin(), m_wanted.end(), index)) {
            FreshMoment m;
            m.stages = m_simulation.snapshot();
            m.sample = m_last;
            m.stats = m_simulation.stats();
            m.memory = m_simulation.memory();
            m.outcome = m_simulation.outcome();
            m.explanation = m_explainer.explain(event, m.stages);
            m.event = event;
            m.event.message = {};
            m.message = std::string(event.message);
            moments.emplace(index, std::move(m));
        } else {
            m_explainer.observe(event);
        }
    }
    void sample(const Sample& sample) override { m_last = sample; }

    TraceStore trace;
    std::map<std::int64_t, FreshMoment> moments;

private:
    Simulation m_simulation;
    Explainer m_explainer;
    std::vector<std::int64_t> m_wanted;
    std::optional<Sample> m_last;
};

void expectSameEvent(const TraceEvent& a, const TraceEvent& b, const std::string& where)
{
    EXPECT_EQ(a.t, b.t) << where;
    EXPECT_EQ(a.stage, b.stage) << where;
    EXPECT_EQ(a.kind, b.kind) << where;
    EXPECT_EQ(a.ret, b.ret) << where;
    EXPECT_EQ(a.bytesNull, b.bytesNull) << where;
    EXPECT_EQ(a.messageNull, b.messageNull) << where;
    EXPECT_EQ(a.bytes, b.bytes) << where;
    EXPECT_EQ(a.length, b.length) << where;
}

// Checkpoints every few lines, and a budget small enough that they thin out.
RecordingOptions denseCheckpoints()
{
    RecordingOptions o;
    o.firstCheckpointEveryLines = 8;
    o.memoryBudgetBytes = std::size_t{3} << 20;
    o.recentLines = 32;
    return o;
}

TEST(Recording, SeekingToAnyLineGivesWhatAFreshRunToThatLineShowsInEveryScenario)
{
    std::mt19937_64 random(20261201);
    std::size_t checked = 0;
    std::size_t scenarios = 0;
    for (const fs::path& file : everyScenarioFile()) {
        Result<Scenario> sc = loadScenarioFile(file);
        if (!sc.ok()) {
            continue;  // files that test the loader's refusals
        }
        ++scenarios;
        std::int64_t total = 0;
        {
            FreshRun count(*sc, {});
            total = static_cast<std::int64_t>(count.trace.size());
        }
        ASSERT_GT(total, 0) << file;
        std::vector<std::int64_t> targets;
        std::uniform_int_distribution<std::int64_t> pick(0, total - 1);
        for (int i = 0; i < 40; ++i) {
            targets.push_back(pick(random));
        }
        targets.push_back(0);
        targets.push_back(total - 1);
        std::shuffle(targets.begin(), targets.end(), random);
        FreshRun fresh(*sc, targets);

        Recording recording(*sc, {}, denseCheckpoints());
        for (const std::int64_t k : targets) {
            const std::string where = file.filename().string() + " line " + std::to_string(k);
            // Every other seek also hands over the 50 lines before the target
            // in its own pass, as a view's recent lines after a jump.
            if (checked % 2 == 1) {
                TraceStore before;
                const std::int64_t from = std::max<std::int64_t>(0, k - 50);
                ASSERT_TRUE(recording.seekLine(k, from, before)) << where;
                ASSERT_EQ(static_cast<std::int64_t>(before.size()), k + 1 - from) << where;
                for (std::size_t i = 0; i < before.size(); ++i) {
                    const auto index = static_cast<std::size_t>(from) + i;
                    const TraceEvent e = fresh.trace.at(index);
                    expectSameEvent(before.at(i), e,
                                    where + " before, line " + std::to_string(index));
                    EXPECT_EQ(std::string(before.at(i).message), std::string(e.message)) << where;
                }
            } else {
                ASSERT_TRUE(recording.seekLine(k)) << where;
            }
            const Moment& m = recording.moment();
            const FreshMoment& f = fresh.moments.at(k);
            ASSERT_TRUE(m.line.has_value()) << where;
            EXPECT_EQ(m.line->index, k) << where;
            expectSameEvent(m.line->event, f.event, where);
            EXPECT_EQ(m.line->message, f.message) << where;
            EXPECT_EQ(m.lines, k + 1) << where;
            EXPECT_EQ(m.t, f.event.t) << where;
            ASSERT_EQ(m.stages.size(), f.stages.size()) << where;
            for (std::size_t s = 0; s < f.stages.size(); ++s) {
                EXPECT_EQ(m.stages[s], f.stages[s]) << where << " stage " << s;
            }
            EXPECT_EQ(m.sample, f.sample) << where;
            EXPECT_EQ(m.stats, f.stats) << where;
            EXPECT_EQ(m.memory, f.memory) << where;
            EXPECT_EQ(m.outcome, f.outcome) << where;
            EXPECT_EQ(m.explanation, f.explanation) << where;

            const std::int64_t first = std::max<std::int64_t>(0, k - 3);
            const std::vector<RecordedLine> around = recording.lines(first, 7);
            const std::int64_t expected = std::min<std::int64_t>(total, first + 7) - first;
            ASSERT_EQ(static_cast<std::int64_t>(around.size()), expected) << where;
            for (const RecordedLine& line : around) {
                const TraceEvent e = fresh.trace.at(static_cast<std::size_t>(line.index));
                expectSameEvent(line.event, e,
                                where + " around, line " + std::to_string(line.index));
                EXPECT_EQ(line.message, std::string(e.message)) << where;
            }
            ++checked;
        }
        EXPECT_TRUE(recording.headEnded()) << file;
        EXPECT_EQ(recording.headLines(), total) << file;
    }
    EXPECT_EQ(checked, 42U * scenarios);
    EXPECT_GE(scenarios, 70U);
}

TEST(Recording, SeekingToAnyTimeGivesWhatAFreshRunUntilThatTimeShowsInEveryScenario)
{
    std::mt19937_64 random(7);
    std::size_t checked = 0;
    std::size_t scenarios = 0;
    for (const fs::path& file : everyScenarioFile()) {
        Result<Scenario> sc = loadScenarioFile(file);
        if (!sc.ok()) {
            continue;
        }
        ++scenarios;
        std::int64_t end = 0;
        {
            Simulation sim(*sc);
            sim.run();
            end = sim.now();
        }
        Recording recording(*sc, {}, denseCheckpoints());
        std::uniform_int_distribution<std::int64_t> pick(0, end + 5);
        for (int i = 0; i < 6; ++i) {
            const std::int64_t t = pick(random);
            const std::string where = file.filename().string() + " t " + std::to_string(t);
            struct LastSample final : SampleSink {
                void sample(const Sample& s) override { last = s; }
                std::optional<Sample> last;
            } samples;
            Simulation fresh(*sc);
            fresh.addSampleSink(&samples);
            fresh.runUntil(t);
            recording.seekTime(t);
            const Moment& m = recording.moment();
            EXPECT_FALSE(m.line.has_value()) << where;
            EXPECT_EQ(m.t, fresh.ended() ? fresh.now() : t) << where;
            EXPECT_EQ(m.lines, fresh.stats().events) << where;
            EXPECT_EQ(m.stages, fresh.snapshot()) << where;
            EXPECT_EQ(m.sample, samples.last) << where;
            EXPECT_EQ(m.stats, fresh.stats()) << where;
            EXPECT_EQ(m.memory, fresh.memory()) << where;
            EXPECT_EQ(m.outcome, fresh.outcome()) << where;
            ++checked;
        }
    }
    EXPECT_EQ(checked, 6U * scenarios);
}

// The trace of a fresh run, with `edit` made after the first `steps` steps.
std::vector<std::string> freshTraceWithEdit(const Scenario& sc, std::int64_t steps,
                                            std::size_t stage, const StageTiming& timing)
{
    Simulation sim(sc);
    TraceStore trace;
    sim.addTraceSink(&trace);
    for (std::int64_t i = 0; i < steps; ++i) {
        sim.step();
    }
    sim.setStageTiming(stage, timing);
    sim.run();
    std::vector<std::string> lines;
    std::vector<std::string> ids;
    for (const Stage& s : sc.stages) {
        ids.push_back(s.id);
    }
    for (std::size_t i = 0; i < trace.size(); ++i) {
        std::string line;
        appendTraceLine(line, trace.at(i), ids);
        lines.push_back(line);
    }
    return lines;
}

std::vector<std::string> recordedTrace(Recording& recording)
{
    while (!recording.headEnded()) {
        recording.seekTime(recording.headTime() + 1000);
    }
    std::vector<std::string> ids;
    for (const Stage& s : recording.scenario().stages) {
        ids.push_back(s.id);
    }
    std::vector<std::string> lines;
    for (const RecordedLine& r : recording.lines(0, recording.headLines())) {
        TraceEvent e = r.event;
        e.message = r.message;
        std::string line;
        appendTraceLine(line, e, ids);
        lines.push_back(line);
    }
    return lines;
}

// The step count after which a fresh run has run every timer due by t.
std::int64_t stepsThrough(const Scenario& sc, std::int64_t t)
{
    Simulation sim(sc);
    std::int64_t steps = 0;
    while (sim.nextDue() && *sim.nextDue() <= t) {
        sim.step();
        ++steps;
    }
    return steps;
}

Scenario fastProducerSlowConsumer()
{
    Result<Scenario> sc = loadScenarioFile(BPLAB_EXAMPLES_DIR "/fast-producer-slow-consumer.json");
    EXPECT_TRUE(sc.ok());
    return *sc;
}

StageTiming fasterSocket()
{
    StageTiming t;
    t.delayMs = 2;
    t.jitter = 0.5;
    return t;
}

TEST(Recording, AnEditThenASeekBeforeItAndPlayingOnGivesTheTraceOfAFreshRunWithThatEdit)
{
    const Scenario sc = fastProducerSlowConsumer();
    const std::int64_t t1 = 700;
    Recording recording(sc, {}, denseCheckpoints());
    recording.seekTime(t1);
    recording.applyTimingEdit(1, fasterSocket());
    ASSERT_EQ(recording.edits().size(), 1U);
    EXPECT_EQ(recording.edits()[0].step, stepsThrough(sc, t1));
    recording.seekTime(t1 + 900);
    recording.seekTime(t1 - 400);  // before the edit
    const std::vector<std::string> expected =
        freshTraceWithEdit(sc, stepsThrough(sc, t1), 1, fasterSocket());
    EXPECT_EQ(recordedTrace(recording), expected);
    // And the moment just before the edit is the unedited run's.
    recording.seekTime(t1 - 400);
    Simulation unedited(sc);
    unedited.runUntil(t1 - 400);
    EXPECT_EQ(recording.moment().stages, unedited.snapshot());
}

TEST(Recording, SeekStartGivesTheMomentBeforeTheFirstLineAgain)
{
    const Scenario sc = fastProducerSlowConsumer();
    Recording recording(sc, {}, denseCheckpoints());
    const Moment fresh = recording.moment();  // a new recording stands before line 0
    ASSERT_EQ(fresh.lines, 0);
    recording.seekTime(0);
    ASSERT_GT(recording.moment().lines, 0);  // t = 0 is after the set-up task's lines
    recording.seekTime(2000);
    recording.seekStart();
    const Moment& m = recording.moment();
    EXPECT_EQ(m.t, 0);
    EXPECT_EQ(m.lines, 0);
    EXPECT_FALSE(m.line.has_value());
    EXPECT_EQ(m.stages, fresh.stages);
    EXPECT_EQ(m.sample, std::nullopt);
    EXPECT_EQ(m.stats, fresh.stats);
    EXPECT_EQ(m.memory, fresh.memory);
    EXPECT_EQ(m.outcome, Outcome::Running);
    EXPECT_EQ(m.explanation, "");
    // Stepping on from there is line 0.
    ASSERT_TRUE(recording.seekLine(0));
    EXPECT_EQ(recording.moment().lines, 1);
    EXPECT_EQ(recording.moment().line->index, 0);
}

TEST(Recording, AnEditInThePastForksTheRunThere)
{
    const Scenario sc = fastProducerSlowConsumer();
    Recording recording(sc, {}, denseCheckpoints());
    recording.seekTime(2000);
    const std::int64_t headBefore = recording.headLines();
    recording.seekTime(500);
    recording.applyTimingEdit(1, fasterSocket());
    const std::int64_t steps = stepsThrough(sc, 500);
    ASSERT_EQ(recording.edits().size(), 1U);
    EXPECT_EQ(recording.edits()[0].step, steps);
    EXPECT_LT(recording.headLines(), headBefore);  // the old future is gone
    EXPECT_EQ(recordedTrace(recording), freshTraceWithEdit(sc, steps, 1, fasterSocket()));
}

TEST(Recording, AnEditAtALineAppliesAfterThatLinesStep)
{
    const Scenario sc = fastProducerSlowConsumer();
    Recording recording(sc, {}, denseCheckpoints());
    recording.seekTime(3000);
    ASSERT_TRUE(recording.seekLine(300));
    recording.applyTimingEdit(1, fasterSocket());
    ASSERT_EQ(recording.edits().size(), 1U);
    const TimingEdit edit = recording.edits()[0];
    // A fresh run: the step that writes line 300 ends at the edit's boundary.
    Simulation sim(sc);
    TraceStore trace;
    sim.addTraceSink(&trace);
    std::int64_t steps = 0;
    while (trace.size() <= 300) {
        sim.step();
        ++steps;
    }
    EXPECT_EQ(edit.step, steps);
    EXPECT_EQ(edit.line, static_cast<std::int64_t>(trace.size()));
    EXPECT_EQ(recordedTrace(recording), freshTraceWithEdit(sc, steps, 1, fasterSocket()));
}

TEST(Recording, ASpecRebuildsTheSameRunWithItsEdits)
{
    const Scenario sc = fastProducerSlowConsumer();
    Recording recording(sc, {}, denseCheckpoints());
    recording.seekTime(400);
    recording.applyTimingEdit(1, fasterSocket());
    const std::vector<std::string> first = recordedTrace(recording);
    Recording again(recording.spec(), 10, denseCheckpoints());
    EXPECT_EQ(recordedTrace(again), first);
}

// A long run: 30,000 chunks through a transform into a jittery sink.
Scenario longRun()
{
    using namespace testing;
    Stage source = readableStage("src", 30000, 1024, 1);
    Stage middle = transformStage("mid", 1);
    middle.jitter = 0.5;
    Stage sink = writableStage("dst", 1);
    sink.jitter = 0.8;
    return makeScenario(Wiring::Pipe, {source, middle, sink});
}

TEST(Recording, AfterAJumpTheLinesAndSamplesJustBeforeTheTargetAreThoseOfAFreshRun)
{
    // One checkpoint at t = 0 and hardly another: what the views read right
    // after a jump (the lines and the samples before the target) comes from
    // the boundaries the seek itself passed.
    const Scenario sc = longRun();
    RecordingOptions options;
    options.firstCheckpointEveryLines = std::int64_t{1} << 40;
    Recording recording(sc, {}, options);
    recording.seekTime(20000);
    const std::int64_t k = recording.headLines() * 3 / 4;
    struct All final : SampleSink {
        void sample(const Sample& s) override { samples.push_back(s); }
        std::vector<Sample> samples;
    } freshSamples;
    FreshRun fresh(sc, {k, k - 12000});
    {
        Simulation sim(sc);
        sim.addSampleSink(&freshSamples);
        sim.runUntil(20000);
    }
    for (const std::int64_t from : {k - 16383, k - 3}) {
        const std::string where = "from " + std::to_string(from);
        TraceStore before;
        ASSERT_TRUE(recording.seekLine(k, from, before)) << where;
        ASSERT_EQ(static_cast<std::int64_t>(before.size()), k + 1 - from) << where;
        for (std::size_t i = 0; i < before.size(); i += 97) {
            const auto index = static_cast<std::size_t>(from) + i;
            expectSameEvent(before.at(i), fresh.trace.at(index),
                            where + " line " + std::to_string(index));
        }
        const std::int64_t t = recording.moment().t;
        EXPECT_EQ(t, fresh.moments.at(k).event.t) << where;

        const std::vector<RecordedLine> lines = recording.lines(k - 9000, 20);
        ASSERT_EQ(lines.size(), 20U) << where;
        for (const RecordedLine& line : lines) {
            expectSameEvent(line.event, fresh.trace.at(static_cast<std::size_t>(line.index)),
                            where + " lines, line " + std::to_string(line.index));
        }
        All again;
        recording.samples(t - 50, t + 1, again);
        std::vector<Sample> expected;
        for (const Sample& s : freshSamples.samples) {
            if (s.t >= t - 50 && s.t < t + 1) {
                expected.push_back(s);
            }
        }
        ASSERT_EQ(again.samples.size(), expected.size()) << where;
        EXPECT_EQ(again.samples, expected) << where;

        ASSERT_TRUE(recording.seekLine(k - 12000)) << where;
        const FreshMoment& f = fresh.moments.at(k - 12000);
        expectSameEvent(recording.moment().line->event, f.event, where + " back");
        ASSERT_EQ(recording.moment().stages.size(), f.stages.size());
        for (std::size_t s = 0; s < f.stages.size(); ++s) {
            EXPECT_EQ(recording.moment().stages[s], f.stages[s]) << where << " back, stage " << s;
        }
        EXPECT_EQ(recording.moment().memory, f.memory) << where << " back";
    }
}

TEST(Recording, MemoryStaysWithinTheBudgetOverALongRunAndSeeksStillWork)
{
    const Scenario sc = longRun();
    RecordingOptions options;
    options.memoryBudgetBytes = std::size_t{1} << 20;  // 1 MiB
    options.firstCheckpointEveryLines = 1024;
    Recording recording(sc, {}, options);
    std::size_t peak = 0;
    while (!recording.headEnded()) {
        recording.seekTime(recording.headTime() + 5000);
        peak = std::max(peak, recording.cost().totalBytes);
    }
    const RecordingCost cost = recording.cost();
    EXPECT_LE(peak, options.memoryBudgetBytes);
    EXPECT_LE(cost.totalBytes, options.memoryBudgetBytes);
    EXPECT_EQ(cost.budgetBytes, options.memoryBudgetBytes);
    EXPECT_EQ(cost.summaryBytes, recording.summary().memoryBytes());
    // The spacing doubled from 1,024 lines, and no gap is wider than two spacings
    // plus one step.
    EXPECT_EQ(std::popcount(static_cast<std::uint64_t>(cost.checkpointEveryLines)), 1);
    EXPECT_GT(cost.checkpointEveryLines, 1024);
    EXPECT_GE(cost.checkpoints, 2U);

    // Seeks far apart, against fresh runs.
    const std::int64_t total = recording.headLines();
    for (const std::int64_t k : {total - 1, std::int64_t{5}, total / 2, total / 3 + 7}) {
        FreshRun fresh(sc, {k});
        ASSERT_TRUE(recording.seekLine(k));
        const FreshMoment& f = fresh.moments.at(k);
        EXPECT_EQ(recording.moment().stages, f.stages) << k;
        EXPECT_EQ(recording.moment().sample, f.sample) << k;
        EXPECT_EQ(recording.moment().stats, f.stats) << k;
    }
    EXPECT_LE(recording.cost().totalBytes, options.memoryBudgetBytes);
}

TEST(Recording, SummaryBucketsHoldTheMinMaxAndLastOfTheRawSamplesAndEveryLineCount)
{
    const Scenario sc = fastProducerSlowConsumer();
    RecordingOptions options;
    options.summaryBaseMs = 10;
    Recording recording(sc, {}, options);
    while (!recording.headEnded()) {
        recording.seekTime(recording.headTime() + 250);
    }
    struct Raw final : TraceSink, SampleSink {
        void record(const TraceEvent& e) override { lines.record(e); }
        void sample(const Sample& s) override { samples.push_back(s); }
        TraceStore lines;
        std::vector<Sample> samples;
    } raw;
    Simulation sim(sc);
    sim.addTraceSink(&raw);
    sim.addSampleSink(&raw);
    sim.run();

    const SeriesSummary& summary = recording.summary();
    ASSERT_GE(summary.levelCount(), 3U);
    const std::size_t socketWlen = SeriesSummary::seriesIndex(1, StageSeries::WritableLength);
    const std::size_t fileMoved = SeriesSummary::seriesIndex(0, StageSeries::Moved);
    for (std::size_t level = 0; level < summary.levelCount(); ++level) {
        const std::int64_t width = summary.bucketMs(level);
        for (const SummaryBucket& b : summary.buckets(level, 0, sim.now() + 1)) {
            const std::int64_t from = b.index * width;
            const std::int64_t to = from + width;
            std::int64_t n = 0;
            SeriesStat wlen{};
            SeriesStat moved{};
            SeriesStat total{};
            for (const Sample& s : raw.samples) {
                if (s.t < from || s.t >= to) {
                    continue;
                }
                const std::int64_t w = s.stages[1].writable.length;
                const std::int64_t m = s.stages[0].pushedBytes;
                const std::int64_t e = s.externalBytes;
                if (n == 0) {
                    wlen = {w, w, w};
                    moved = {m, m, m};
                    total = {e, e, e};
                }
                wlen = {std::min(wlen.min, w), std::max(wlen.max, w), w};
                moved = {std::min(moved.min, m), std::max(moved.max, m), m};
                total = {std::min(total.min, e), std::max(total.max, e), e};
                ++n;
            }
            const std::string where =
                "level " + std::to_string(level) + " bucket " + std::to_string(b.index);
            ASSERT_EQ(b.samples, n) << where;
            EXPECT_EQ(b.series[socketWlen].min, wlen.min) << where;
            EXPECT_EQ(b.series[socketWlen].max, wlen.max) << where;
            EXPECT_EQ(b.series[socketWlen].last, wlen.last) << where;
            EXPECT_EQ(b.series[fileMoved].last, moved.last) << where;
            EXPECT_EQ(b.series[summary.totalExternalSeries()].max, total.max) << where;
            std::array<std::int64_t, kSummaryCountKinds> counts{};
            std::vector<std::int64_t> stageCounts(sc.stages.size() * kStageCountKinds);
            std::int64_t firstLine = -1;
            for (std::size_t i = 0; i < raw.lines.size(); ++i) {
                const TraceEvent e = raw.lines.at(i);
                if (e.t < from || e.t >= to) {
                    continue;
                }
                ++counts[static_cast<std::size_t>(e.kind)];
                if (e.kind == EventKind::Write && !e.ret) {
                    ++counts[kWriteFalseCount];
                }
                if (const std::optional<StageCount> k = stageCountOf(e); k && e.stage >= 0) {
                    ++stageCounts[SeriesSummary::stageCountIndex(static_cast<std::size_t>(e.stage),
                                                                 *k)];
                }
                if (firstLine < 0) {
                    firstLine = static_cast<std::int64_t>(i);
                }
            }
            EXPECT_EQ(b.counts, counts) << where;
            EXPECT_EQ(b.stageCounts, stageCounts) << where;  // per stage: the event lanes
            EXPECT_EQ(b.firstLine, firstLine) << where;
        }
    }
}

TEST(Recording, PausesAndDrainsAreNeverLostAtTheCoarsestLevel)
{
    const Scenario sc = longRun();
    RecordingOptions options;
    options.memoryBudgetBytes = std::size_t{4} << 20;
    Recording recording(sc, {}, options);
    while (!recording.headEnded()) {
        recording.seekTime(recording.headTime() + 20000);
    }
    Simulation sim(sc);
    sim.run();
    const SeriesSummary& summary = recording.summary();
    const std::size_t top = summary.levelCount() - 1;
    std::int64_t pauses = 0;
    std::int64_t drains = 0;
    std::int64_t lines = 0;
    for (const SummaryBucket& b : summary.buckets(top, 0, sim.now() + 1)) {
        pauses += b.counts[static_cast<std::size_t>(EventKind::Pause)];
        drains += b.counts[static_cast<std::size_t>(EventKind::Drain)];
        for (std::size_t k = 0; k < kEventKindCount; ++k) {
            lines += b.counts[k];
        }
    }
    EXPECT_EQ(pauses, sim.stats().pauses);
    EXPECT_EQ(drains, sim.stats().drains);
    EXPECT_EQ(lines, sim.stats().events);
    EXPECT_LE(summary.buckets(top, 0, sim.now() + 1).size(), summary.levelCapacity());
}

TEST(Recording, LinesNearTheHeadComeFromTheRecentLinesAndMatchARegeneratedRange)
{
    const Scenario sc = fastProducerSlowConsumer();
    RecordingOptions options;
    options.recentLines = 100;
    Recording recording(sc, {}, options);
    recording.seekTime(1500);
    const std::int64_t head = recording.headLines();
    const std::vector<RecordedLine> recent = recording.lines(head - 50, 50);
    recording.seekLine(3);  // the simulation stands elsewhere now
    FreshRun fresh(sc, {});
    ASSERT_EQ(recent.size(), 50U);
    for (const RecordedLine& line : recent) {
        expectSameEvent(line.event, fresh.trace.at(static_cast<std::size_t>(line.index)),
                        std::to_string(line.index));
    }
}

}  // namespace
}  // namespace bplab

namespace bplab {
namespace {

TEST(Recording, ThePreviousAndNextPauseOrDrainAreTheLinesATraceScanFinds)
{
    const Scenario sc = longRun();
    RecordingOptions options;
    options.memoryBudgetBytes = std::size_t{2}
                                << 20;  // levels of a few buckets: coarse ones are used
    Recording recording(sc, {}, options);
    while (!recording.headEnded()) {
        recording.seekTime(recording.headTime() + 20000);
    }
    FreshRun fresh(sc, {});
    const std::uint32_t kinds =
        Timeline::kindBit(EventKind::Pause) | Timeline::kindBit(EventKind::Drain);
    const auto total = static_cast<std::int64_t>(fresh.trace.size());
    auto isMatch = [&](std::int64_t i) {
        const EventKind k = fresh.trace.kindAt(static_cast<std::size_t>(i));
        return k == EventKind::Pause || k == EventKind::Drain;
    };
    std::mt19937_64 random(5);
    std::uniform_int_distribution<std::int64_t> pick(0, total - 1);
    for (int i = 0; i < 30; ++i) {
        const std::int64_t at = i == 0 ? total - 1 : pick(random);
        std::optional<std::int64_t> previous;
        for (std::int64_t j = at - 1; j >= 0; --j) {
            if (isMatch(j)) {
                previous = j;
                break;
            }
        }
        std::optional<std::int64_t> next;
        for (std::int64_t j = at + 1; j < total; ++j) {
            if (isMatch(j)) {
                next = j;
                break;
            }
        }
        if (i == 0) {
            ASSERT_TRUE(previous.has_value());  // the run pauses and drains
        }
        EXPECT_EQ(recording.previousLine(at, kinds), previous) << at;
        EXPECT_EQ(recording.nextLine(at, kinds, total), next) << at;
    }
    EXPECT_EQ(recording.previousLine(0, kinds), std::nullopt);
}

}  // namespace
}  // namespace bplab

namespace bplab {
namespace {

TEST(Recording, SamplesOfAPastStretchAreReSimulatedExactly)
{
    const Scenario sc = fastProducerSlowConsumer();
    Recording recording(sc, {}, denseCheckpoints());
    recording.seekTime(3000);
    struct All final : SampleSink {
        void sample(const Sample& s) override { samples.push_back(s); }
        std::vector<Sample> samples;
    } fresh, again;
    Simulation sim(sc);
    sim.addSampleSink(&fresh);
    sim.run();
    recording.samples(1234, 1500, again);
    std::vector<Sample> expected;
    for (const Sample& s : fresh.samples) {
        if (s.t >= 1234 && s.t < 1500) {
            expected.push_back(s);
        }
    }
    ASSERT_EQ(expected.size(), 26U);  // 1240, 1250, ..., 1490
    EXPECT_EQ(again.samples, expected);
}

}  // namespace
}  // namespace bplab
