// What a run computes stays an exact integer below 2^53: a scenario whose
// chunk sizes, step times, totals or memory could pass it is refused naming
// the key, a clock that would pass it stops the run naming the stage, and
// the bounds on the simulator's own work stop a run that could not end.
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"
#include "random.h"
#include "scenario_test_support.h"

namespace bplab {
namespace {

using testing::errorOf;
using testing::parsed;

constexpr std::string_view kBeyond =
    "more than 2^53-1 (9007199254740991, the largest integer a JavaScript number holds exactly)";

std::string scenarioWith(std::string_view stages, std::string_view top = "")
{
    return R"({"format": "bplab-scenario/1", )" + std::string(top) + R"("stages": [)" +
           std::string(stages) + "]}";
}

// The message a run stopped with, or "(not stopped)".
std::string stopOf(const std::string& json, SimulationOptions options = {})
{
    Simulation simulation(parsed(json), options);
    try {
        simulation.run();
    } catch (const RunStopped& stopped) {
        EXPECT_TRUE(simulation.ended());
        EXPECT_FALSE(simulation.step());
        return stopped.what();
    }
    return "(not stopped)";
}

constexpr std::string_view kKibSource =
    R"({"id": "src", "kind": "readable", "chunks": 100, "chunk_bytes": 1024})";

TEST(ScenarioComputedValues, APerKibTimeOf1e300IsRefusedNamingTheKey)
{
    EXPECT_EQ(errorOf(scenarioWith(std::string(kKibSource) +
                                   R"(, {"id": "sink", "kind": "writable", "per_kib_ms": 1e300})")),
              "stages[1].per_kib_ms: a chunk of 1024 bytes would take 1e+300 ms, " +
                  std::string(kBeyond));
}

TEST(ScenarioComputedValues, APerKibTimeOf1e15WithMebibyteChunksIsRefusedNamingTheKey)
{
    EXPECT_EQ(errorOf(scenarioWith(
                  R"({"id": "src", "kind": "readable", "chunks": 10, "chunk_bytes": 1048576},
               {"id": "sink", "kind": "writable", "per_kib_ms": 1e15})")),
              "stages[1].per_kib_ms: a chunk of 1048576 bytes would take 1.024e+18 ms, " +
                  std::string(kBeyond));
}

TEST(ScenarioComputedValues, ARatioOf1e16Or1e300IsRefusedInsteadOfGivingOneByteChunks)
{
    for (const std::string ratio : {"1e16", "1e300"}) {
        const std::string shown = ratio == "1e16" ? "1.024e+19" : "1.024e+303";
        EXPECT_EQ(errorOf(scenarioWith(std::string(kKibSource) +
                                       R"(, {"id": "t", "kind": "transform", "ratio": )" + ratio +
                                       R"(}, {"id": "sink", "kind": "writable"})")),
                  "stages[1].ratio: a chunk of 1024 bytes becomes outputs of " + shown +
                      " bytes, " + std::string(kBeyond));
    }
}

TEST(ScenarioComputedValues, AnObjectModeSizeAbove2To53IsRefusedNamingTheRatio)
{
    EXPECT_EQ(errorOf(scenarioWith(
                  R"({"id": "src", "kind": "readable", "chunks": 1, "objectMode": true},
                     {"id": "t", "kind": "transform", "objectMode": true, "ratio": 9007199254740},
                     {"id": "sink", "kind": "writable", "objectMode": true})")),
              "stages[1].ratio: a chunk of 1024 bytes becomes outputs of 9.22337203685376e+15 "
              "bytes, " +
                  std::string(kBeyond));
}

TEST(ScenarioComputedValues, ATotalPayloadPast2To53IsRefusedNamingTheChunks)
{
    EXPECT_EQ(errorOf(scenarioWith(
                  R"({"id": "src", "kind": "readable", "chunks": 2000,
                      "chunk_bytes": 9007199254740991}, {"id": "sink", "kind": "writable"})")),
              "stages[0].chunks: 2000 chunks of 9007199254740991 bytes make a total payload " +
                  std::string(kBeyond));
}

TEST(ScenarioComputedValues, MemoryTotalsThatCouldPass2To53AreRefused)
{
    // 2^20 chunks of 2^32 bytes (2^52 in all) go through a transform that
    // keeps their size: both hops together could hold 2^53 bytes.
    EXPECT_EQ(errorOf(scenarioWith(
                  R"({"id": "src", "kind": "readable", "chunks": 1048576,
                      "chunk_bytes": 4294967296}, {"id": "t", "kind": "transform"},
                     {"id": "sink", "kind": "writable"})",
                  R"("wiring": "naive", )")),
              "stages[0].chunks: holding every chunk at once, the memory totals would reach " +
                  std::string(kBeyond));
    // One hop of the same chunks is fine.
    EXPECT_EQ(errorOf(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 1048576,
                                       "chunk_bytes": 4294967296},
                                      {"id": "sink", "kind": "writable"})")),
              "(accepted)");
}

TEST(ScenarioComputedValues, ADelayWhoseRoundingPasses2To53IsRefused)
{
    // round(2^53 - 1) = floor(2^53 - 0.5) in doubles is 2^53.
    EXPECT_EQ(
        errorOf(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 100},
                     {"id": "sink", "kind": "writable", "delay_ms": 9007199254740991})")),
        "stages[1].delay_ms: a step would take 9.007199254740992e+15 ms, " + std::string(kBeyond));
}

TEST(ScenarioComputedValues, JitterThatCanStretchAStepPast2To53IsRefusedNamingTheJitter)
{
    EXPECT_EQ(errorOf(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 1},
                     {"id": "sink", "kind": "writable", "delay_ms": 6000000000000000,
                      "jitter": 0.6})")),
              "stages[1].jitter: 0.6 makes a step of up to 9.6e+15 ms, " + std::string(kBeyond));
    EXPECT_EQ(errorOf(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 1,
                      "interval_ms": 6000000000000000, "jitter": 0.6},
                     {"id": "sink", "kind": "writable"})")),
              "stages[0].jitter: 0.6 makes a step of up to 9.6e+15 ms, " + std::string(kBeyond));
}

TEST(ScenarioComputedValues, SplitIsAtMost100000)
{
    EXPECT_EQ(errorOf(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 1},
                     {"id": "t", "kind": "transform", "split": 1000000000},
                     {"id": "sink", "kind": "writable"})")),
              "stages[1].split: expected an integer from 1 to 100000, got 1000000000");
    EXPECT_EQ(errorOf(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 1},
                     {"id": "t", "kind": "transform", "split": 100000},
                     {"id": "sink", "kind": "writable"})")),
              "(accepted)");
}

TEST(ScenarioComputedValues, ASplitThatMakesMoreThan2To53ChunksIsRefused)
{
    EXPECT_EQ(errorOf(scenarioWith(
                  R"({"id": "src", "kind": "readable", "chunks": 9007199254740991,
                      "chunk_bytes": 1}, {"id": "t", "kind": "transform", "split": 2,
                      "ratio": 0.001}, {"id": "sink", "kind": "writable"})")),
              "stages[1].split: 9007199254740991 chunks split in 2 make a number of chunks " +
                  std::string(kBeyond));
}

TEST(ScenarioComputedValues, AnEditedScenarioIsCheckedTheSameWay)
{
    Scenario scenario =
        parsed(scenarioWith(std::string(kKibSource) + R"(, {"id": "sink", "kind": "writable"})"));
    scenario.stages[1].perKibMs = 1e300;
    const Status status = validateScenario(scenario);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message,
              "stages[1].per_kib_ms: a chunk of 1024 bytes would take 1e+300 ms, " +
                  std::string(kBeyond));
}

TEST(ScenarioMessages, AMemoryLimitBeyond2To53NamesOneRange)
{
    EXPECT_EQ(errorOf(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 1},
                                      {"id": "sink", "kind": "writable"})",
                                   R"("memory_limit_mb": 9007199254740993, )")),
              "memory_limit_mb: expected an integer from 1 to 8589934591 (the limit in bytes must "
              "stay within 2^53-1), got 9007199254740993");
}

TEST(ScenarioMessages, AFileStartingWithNulBytesIsNamedAsBinaryData)
{
    EXPECT_EQ(errorOf(std::string("\0\0\0{}", 5)),
              "line 1, column 1: syntax error: a NUL byte (0x00); expected JSON text, not binary "
              "data");
    EXPECT_EQ(errorOf(std::string("{\n  \"a\": \0}", 10)),
              "line 2, column 8: syntax error: a NUL byte (0x00); expected JSON text, not binary "
              "data");
}

TEST(ComputedIntegers, ADoubleBecomesAnIntegerOnlyWithin2To53)
{
    EXPECT_EQ(toSafeInteger(9007199254740991.0), 9007199254740991);
    EXPECT_EQ(toSafeInteger(-9007199254740991.0), -9007199254740991);
    EXPECT_THROW(toSafeInteger(9007199254740992.0), std::range_error);
    EXPECT_THROW(toSafeInteger(1e300), std::range_error);
    EXPECT_THROW(toSafeInteger(std::numeric_limits<double>::quiet_NaN()), std::range_error);
    EXPECT_THROW(toSafeInteger(-std::numeric_limits<double>::infinity()), std::range_error);
}

TEST(RunLimits, AClockThatWouldPass2To53StopsTheRunNamingTheStage)
{
    EXPECT_EQ(stopOf(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 100},
                     {"id": "sink", "kind": "writable", "delay_ms": 4503599627370496})")),
              "stages[1] (\"sink\"): a step of 4503599627370496 ms at t = 4503599627370496 ms "
              "would take the virtual clock past 2^53-1 ms (9007199254740991)");
}

TEST(RunLimits, WithUntilMsTheSameStepsEndAtUntilMs)
{
    Simulation simulation(parsed(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 100},
                               {"id": "sink", "kind": "writable", "delay_ms": 4503599627370496})",
                                              R"("until_ms": 10000000, )")));
    simulation.run();
    EXPECT_EQ(simulation.outcome(), Outcome::Until);
    EXPECT_EQ(simulation.now(), 10000000);
}

TEST(RunLimits, ASynchronousRunThatUntilMsCanNeverEndStopsAfterTenMillionLines)
{
    const std::string message = stopOf(scenarioWith(
        R"({"id": "src", "kind": "readable", "chunks": 9007199254740991, "chunk_bytes": 1},
           {"id": "sink", "kind": "writable"})",
        R"("until_ms": 10, )"));
    // Checked every kLimitCheckEvents lines: the first check at or past 10 M.
    EXPECT_EQ(message,
              "10027008 trace lines in a row at t = 0 ms without the clock moving: everything "
              "runs synchronously, so until_ms 10 can never come");
}

TEST(RunLimits, MoreChunksHeldThanTheBudgetAllowsStopTheRun)
{
    SimulationOptions options;
    options.maxCoreMemoryBytes = 1024 * 1024;
    EXPECT_EQ(stopOf(scenarioWith(
                         R"({"id": "src", "kind": "readable", "chunks": 9007199254740991,
                             "chunk_bytes": 1}, {"id": "sink", "kind": "writable",
                             "delay_ms": 1})",
                         R"("wiring": "naive", )"),
                     options),
              "at t = 0 ms the simulated process holds 81919 chunks, more than this machine can "
              "simulate within its budget of 1 MiB (16 bytes a chunk)");
}

TEST(RunLimits, MaxEventsStopsTheRunRightAfterThatManyLines)
{
    SimulationOptions options;
    options.maxEvents = 100;
    EXPECT_EQ(stopOf(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 1000},
                                     {"id": "sink", "kind": "writable", "delay_ms": 1})"),
                     options),
              "the run passed its bound of 100 trace lines at t = 0 ms");
}

TEST(RunLimits, ARunWithinTheBoundsEndsAsBefore)
{
    SimulationOptions options;
    options.maxEvents = 1'000'000;
    EXPECT_EQ(stopOf(scenarioWith(R"({"id": "src", "kind": "readable", "chunks": 1000},
                                     {"id": "sink", "kind": "writable", "delay_ms": 1})"),
                     options),
              "(not stopped)");
}

}  // namespace
}  // namespace bplab
