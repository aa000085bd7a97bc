// Sweeps: the values of each axis, the variants they make, and rows that
// equal a fresh run of each variant.
#include "bplab_core/sweep.h"

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace {

using bplab::parseSweepAxis;
using bplab::SweepAxis;

std::vector<std::string> valuesOf(const std::string& spec)
{
    auto axis = parseSweepAxis(spec);
    EXPECT_TRUE(axis.ok()) << (axis.ok() ? "" : axis.error().message);
    return axis.ok() ? axis->values : std::vector<std::string>{};
}

std::string errorOf(const std::string& spec)
{
    auto axis = parseSweepAxis(spec);
    return axis.ok() ? std::string("(accepted)") : axis.error().message;
}

TEST(SweepAxis, ReadsListsRangesStepsAndGeometricRanges)
{
    EXPECT_EQ(valuesOf("wiring=pipe,naive"), (std::vector<std::string>{"\"pipe\"", "\"naive\""}));
    EXPECT_EQ(valuesOf("stages[0].jitter=0,0.25,1"), (std::vector<std::string>{"0", "0.25", "1"}));
    EXPECT_EQ(valuesOf("seed=1..4"), (std::vector<std::string>{"1", "2", "3", "4"}));
    EXPECT_EQ(valuesOf("stages[1].delay_ms=0..10:5"), (std::vector<std::string>{"0", "5", "10"}));
    EXPECT_EQ(valuesOf("stages[1].highWaterMark=1024..16384*2"),
              (std::vector<std::string>{"1024", "2048", "4096", "8192", "16384"}));
    EXPECT_EQ(valuesOf("stages[1].highWaterMark=1000..20000*3"),
              (std::vector<std::string>{"1000", "3000", "9000"}));
    EXPECT_TRUE(parseSweepAxis("seed=1..8*2")->geometric);
    EXPECT_FALSE(parseSweepAxis("seed=1..8")->geometric);
    EXPECT_EQ(parseSweepAxis("stages[1].highWaterMark = 1,2")->path, "stages[1].highWaterMark");
}

TEST(SweepAxis, RefusesWhatItCannotRead)
{
    EXPECT_EQ(errorOf("seed"), "--vary seed: expected PATH=LIST");
    EXPECT_EQ(errorOf("seed=5..1"), "--vary seed=5..1: expected a..b with integers a <= b");
    EXPECT_EQ(errorOf("seed=1..5:0"),
              "--vary seed=1..5:0: expected a step that is an integer >= 1");
    EXPECT_EQ(errorOf("seed=0..8*2"),
              "--vary seed=0..8*2: expected a..b*k with 1 <= a and a factor k > 1");
    EXPECT_EQ(errorOf("seed=1,,2"), "--vary seed=1,,2: an empty value in the list");
    EXPECT_EQ(errorOf("stages[x].delay_ms=1"),
              "--vary stages[x].delay_ms: expected an index [N] at character 7");
    EXPECT_EQ(errorOf("seed=0..200000"), "--vary seed=0..200000: more than 100000 values");
}

TEST(Sweep, CountsCombinationsAndWalksThemLastAxisFastest)
{
    const std::vector<SweepAxis> axes = {*parseSweepAxis("seed=1..3"),
                                         *parseSweepAxis("wiring=pipe,naive")};
    EXPECT_EQ(*bplab::sweepRunCount(axes), 6U);
    EXPECT_EQ(bplab::sweepValues(axes, 0), (std::vector<std::string>{"1", "\"pipe\""}));
    EXPECT_EQ(bplab::sweepValues(axes, 1), (std::vector<std::string>{"1", "\"naive\""}));
    EXPECT_EQ(bplab::sweepValues(axes, 5), (std::vector<std::string>{"3", "\"naive\""}));
}

TEST(Sweep, SetsAValueAtAPathAndNamesAPathThatIsNotThere)
{
    const std::string json =
        R"({"format":"bplab-scenario/1","stages":[{"id":"a","kind":"readable","chunks":1},{"id":"b","kind":"writable"}]})";
    const std::vector<SweepAxis> axes = {*parseSweepAxis("stages[1].highWaterMark=5")};
    EXPECT_EQ(
        *bplab::withValues(json, axes, {"5"}),
        R"({"format":"bplab-scenario/1","stages":[{"id":"a","kind":"readable","chunks":1},{"id":"b","kind":"writable","highWaterMark":5}]})");
    const std::vector<SweepAxis> beyond = {*parseSweepAxis("stages[4].delay_ms=1")};
    EXPECT_EQ(bplab::withValues(json, beyond, {"1"}).error().message,
              "stages[4]: no such item (there are 2)");
}

TEST(Sweep, EachRowEqualsAFreshRunOfItsVariant)
{
    std::ifstream in(std::string(BPLAB_EXAMPLES_DIR) + "/fast-producer-slow-consumer.json");
    std::stringstream text;
    text << in.rdbuf();
    const std::string json = text.str();
    const std::vector<SweepAxis> axes = {*parseSweepAxis("stages[1].highWaterMark=16384..262144*4"),
                                         *parseSweepAxis("wiring=pipe,naive")};
    for (std::size_t index = 0; index < 6; ++index) {
        const bplab::SweepRow row = bplab::runSweepVariant(json, axes, index);
        ASSERT_FALSE(row.error.has_value()) << *row.error;

        bplab::Scenario scenario = *bplab::parseScenario(json);
        scenario.stages[1].highWaterMark.writable = std::stoll(row.values[0]);
        scenario.wiring = row.values[1] == "\"pipe\"" ? bplab::Wiring::Pipe : bplab::Wiring::Naive;
        bplab::SimulationOptions options;
        options.sampleEveryMs = 0;
        bplab::Simulation simulation(scenario, options);
        simulation.run();
        const auto& stats = simulation.stats();
        EXPECT_EQ(row.summary.events, stats.events) << index;
        EXPECT_EQ(row.summary.pauses, stats.pauses) << index;
        EXPECT_EQ(row.summary.drains, stats.drains) << index;
        EXPECT_EQ(row.summary.peakMemoryBytes, stats.peakMemoryBytes) << index;
        EXPECT_EQ(row.summary.peakMemoryAtMs, stats.peakMemoryAtMs) << index;
        EXPECT_EQ(row.summary.durationMs, simulation.now()) << index;
        // Every chunk of the source reaches the socket.
        EXPECT_EQ(row.summary.delivered, scenario.stages[0].chunks * scenario.stages[0].chunkBytes)
            << index;
        EXPECT_EQ(row.peakReadable[1], -1);  // a writable has no readable side
        EXPECT_EQ(row.peakWritable[0], -1);
    }
    // pipe keeps the socket's buffer at its mark of 16 KiB (one chunk); naive
    // lets it take 124 chunks of 16 KiB.
    EXPECT_EQ(bplab::runSweepVariant(json, axes, 0).peakWritable[1], 16384);
    EXPECT_EQ(bplab::runSweepVariant(json, axes, 1).peakWritable[1], 124 * 16384);
}

TEST(Sweep, AVariantThatDoesNotValidateIsARowWithItsError)
{
    const std::string json =
        R"({"format":"bplab-scenario/1","stages":[{"id":"a","kind":"readable","chunks":1},{"id":"b","kind":"writable"}]})";
    const std::vector<SweepAxis> axes = {*parseSweepAxis("stages[1].delay_ms=1,-1")};
    EXPECT_FALSE(bplab::runSweepVariant(json, axes, 0).error.has_value());
    EXPECT_EQ(bplab::runSweepVariant(json, axes, 1).error,
              std::optional<std::string>("stages[1].delay_ms: expected an integer >= 0, got -1"));
}

}  // namespace

namespace {

std::string readExample(const std::string& name)
{
    std::ifstream in(std::string(BPLAB_EXAMPLES_DIR) + "/" + name + ".json");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void expectSameRow(const bplab::SweepRow& a, const bplab::SweepRow& b)
{
    EXPECT_EQ(a.values, b.values);
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(a.summary.events, b.summary.events);
    EXPECT_EQ(a.summary.pauses, b.summary.pauses);
    EXPECT_EQ(a.summary.drains, b.summary.drains);
    EXPECT_EQ(a.summary.peakMemoryBytes, b.summary.peakMemoryBytes);
    EXPECT_EQ(a.peakReadable, b.peakReadable);
    EXPECT_EQ(a.peakWritable, b.peakWritable);
}

TEST(RunSweep, GivesEveryVariantsRowWhateverTheNumberOfThreads)
{
    const std::string json = readExample("fast-producer-slow-consumer");
    const std::vector<SweepAxis> axes{*parseSweepAxis("stages[1].highWaterMark=1024..16384*4"),
                                      *parseSweepAxis("wiring=pipe,naive")};
    for (const unsigned jobs : {1U, 2U, 5U}) {
        std::vector<std::optional<bplab::SweepRow>> rows(6);
        const std::atomic<bool> stop{false};
        bplab::runSweep(json, axes, jobs, stop, [&](std::size_t index, bplab::SweepRow row) {
            rows[index] = std::move(row);
        });
        for (std::size_t i = 0; i < rows.size(); ++i) {
            ASSERT_TRUE(rows[i].has_value()) << "jobs " << jobs << ", row " << i;
            expectSameRow(*rows[i], bplab::runSweepVariant(json, axes, i));
        }
    }
}

TEST(RunSweep, StartsNoRunOnceStopped)
{
    const std::string json = readExample("fast-producer-slow-consumer");
    const std::vector<SweepAxis> axes{*parseSweepAxis("seed=1..10")};
    std::atomic<bool> stop{false};
    std::vector<std::size_t> done;
    bplab::runSweep(json, axes, 1, stop, [&](std::size_t index, bplab::SweepRow) {
        done.push_back(index);
        stop.store(index == 2);
    });
    EXPECT_EQ(done, (std::vector<std::size_t>{0, 1, 2}));
}

TEST(SweepCsv, NamesTheVariedPathsTheFiguresAndEachStagesPeaks)
{
    const auto base = bplab::parseScenario(readExample("fast-producer-slow-consumer"));
    const std::vector<SweepAxis> axes{*parseSweepAxis("wiring=pipe,naive")};
    EXPECT_EQ(bplab::sweepCsvHeader(*base, axes),
              "wiring,duration_ms,outcome,events,pauses,drains,throughput_bytes_per_s,"
              "peak_memory_bytes,peak_memory_at_ms,file.peak_readable_length,"
              "file.peak_writable_length,socket.peak_readable_length,"
              "socket.peak_writable_length,error\n");
    bplab::SweepRow failed;
    failed.values = {"\"sideways\""};
    failed.error = "wiring: expected \"pipe\", \"pipeline\" or \"naive\", got \"sideways\"";
    EXPECT_EQ(bplab::sweepCsvRow(failed, 2),
              "sideways,,error,,,,,,,,,,\"wiring: expected \"\"pipe\"\", \"\"pipeline\"\" or "
              "\"\"naive\"\", got \"\"sideways\"\"\"\n");
}

}  // namespace
