#include "bplab_core/scenario.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>

#include "scenario_test_support.h"
#include "temp_folder.h"

namespace bplab {
namespace {

using testing::errorOf;
using testing::parsed;

constexpr std::string_view kSource = R"("id": "src", "kind": "readable", "chunks": 3)";
constexpr std::string_view kMiddle = R"("id": "mid", "kind": "transform")";
constexpr std::string_view kSink = R"("id": "dst", "kind": "writable")";

// A three-stage scenario; `top` is spliced in after "format".
std::string scenarioText(std::string_view source = kSource, std::string_view middle = kMiddle,
                         std::string_view sink = kSink, std::string_view top = "")
{
    std::string text = R"({"format": "bplab-scenario/1", )";
    if (!top.empty()) {
        text += std::string(top) + ", ";
    }
    text += R"("stages": [{)" + std::string(source) + "}, {" + std::string(middle) + "}, {" +
            std::string(sink) + "}]}";
    return text;
}

std::string withTop(std::string_view top)
{
    return scenarioText(kSource, kMiddle, kSink, top);
}

Scenario threeStageScenario()
{
    Scenario scenario;
    Stage source;
    source.id = "src";
    source.kind = StageKind::Readable;
    source.chunks = 3;
    Stage middle;
    middle.id = "mid";
    middle.kind = StageKind::Transform;
    Stage sink;
    sink.id = "dst";
    sink.kind = StageKind::Writable;
    scenario.stages = {source, middle, sink};
    return scenario;
}

// ---------------------------------------------------------------------------
// Defaults

TEST(ScenarioDefaults, AMinimalFileGetsTheDefaultsOfTheSpec)
{
    const Scenario s = parsed(R"({"format": "bplab-scenario/1", "stages": [
        {"id": "a", "kind": "readable", "chunks": 5}, {"id": "b", "kind": "writable"}]})");
    EXPECT_EQ(s.name, "");
    EXPECT_EQ(s.description, "");
    EXPECT_EQ(s.node, NodeProfile::V24);
    EXPECT_EQ(s.seed, 1u);
    EXPECT_EQ(s.untilMs, std::nullopt);
    EXPECT_EQ(s.wiring, Wiring::Pipe);
    EXPECT_EQ(s.memoryLimitMb, std::nullopt);
    EXPECT_TRUE(s.faults.empty());
    EXPECT_EQ(s.uiJson, "");
    ASSERT_EQ(s.stages.size(), 2u);
    const Stage& a = s.stages[0];
    EXPECT_EQ(a.chunks, 5);
    EXPECT_EQ(a.chunkBytes, 1024);
    EXPECT_EQ(a.intervalMs, 0);
    EXPECT_EQ(a.mode, SourceMode::Pull);
    EXPECT_EQ(a.jitter, 0.0);
    EXPECT_EQ(a.objectMode, PerSide<bool>{});
    EXPECT_EQ(a.highWaterMark, (PerSide<std::optional<std::int64_t>>{}));
    const Stage& b = s.stages[1];
    EXPECT_EQ(b.delayMs, 0);
    EXPECT_EQ(b.perKibMs, 0.0);
}

TEST(ScenarioDefaults, ATransformDefaultsToRatioOneAndSplitOne)
{
    const Scenario s = parsed(scenarioText());
    ASSERT_EQ(s.stages.size(), 3u);
    const Stage& t = s.stages[1];
    EXPECT_EQ(t.ratio, 1.0);
    EXPECT_EQ(t.split, 1);
    EXPECT_EQ(t.delayMs, 0);
}

TEST(ScenarioDefaults, TheDefaultHighWaterMarkDependsOnProfileAndMode)
{
    EXPECT_EQ(defaultHighWaterMark(NodeProfile::V20, false), 16384);
    EXPECT_EQ(defaultHighWaterMark(NodeProfile::V24, false), 65536);
    EXPECT_EQ(defaultHighWaterMark(NodeProfile::V20, true), 16);
    EXPECT_EQ(defaultHighWaterMark(NodeProfile::V24, true), 16);
}

TEST(ScenarioDefaults, EnumsPrintAsInTheFile)
{
    EXPECT_EQ(toString(NodeProfile::V20), "20");
    EXPECT_EQ(toString(Wiring::Pipeline), "pipeline");
    EXPECT_EQ(toString(StageKind::Transform), "transform");
    EXPECT_EQ(toString(SourceMode::Push), "push");
    EXPECT_EQ(toString(FaultAction::Destroy), "destroy");
}

TEST(ScenarioParsing, ReadsEveryTopLevelField)
{
    const Scenario s =
        parsed(withTop(R"("name": "N", "description": "D", "node": "20", "seed": 4294967295,
        "until_ms": 60000, "wiring": "naive", "memory_limit_mb": 512)"));
    EXPECT_EQ(s.name, "N");
    EXPECT_EQ(s.description, "D");
    EXPECT_EQ(s.node, NodeProfile::V20);
    EXPECT_EQ(s.seed, 4294967295u);
    EXPECT_EQ(s.untilMs, 60000);
    EXPECT_EQ(s.wiring, Wiring::Naive);
    EXPECT_EQ(s.memoryLimitMb, 512);
}

TEST(ScenarioParsing, ASingleObjectModeOnATransformAppliesToBothSides)
{
    const Scenario s =
        parsed(scenarioText(kSource, R"("id": "mid", "kind": "transform", "objectMode": true,
        "highWaterMark": 7)"));
    ASSERT_EQ(s.stages.size(), 3u);
    const Stage& t = s.stages[1];
    EXPECT_EQ(t.objectMode, (PerSide<bool>{true, true, false}));
    EXPECT_EQ(t.highWaterMark, (PerSide<std::optional<std::int64_t>>{7, 7, false}));
}

TEST(ScenarioParsing, AValueOnAReadableOrWritableSetsOnlyItsOwnSide)
{
    const Scenario s = parsed(scenarioText(
        R"("id": "src", "kind": "readable", "chunks": 1, "objectMode": true, "highWaterMark": 3)",
        kMiddle, R"("id": "dst", "kind": "writable", "objectMode": true, "highWaterMark": 4)"));
    ASSERT_EQ(s.stages.size(), 3u);
    EXPECT_EQ(s.stages[0].objectMode, (PerSide<bool>{true, false, false}));
    EXPECT_EQ(s.stages[0].highWaterMark,
              (PerSide<std::optional<std::int64_t>>{3, std::nullopt, false}));
    EXPECT_EQ(s.stages[2].objectMode, (PerSide<bool>{false, true, false}));
    EXPECT_EQ(s.stages[2].highWaterMark,
              (PerSide<std::optional<std::int64_t>>{std::nullopt, 4, false}));
}

TEST(ScenarioParsing, AMissingSideOfAPerSideObjectKeepsItsDefault)
{
    const Scenario s = parsed(scenarioText(kSource, R"("id": "mid", "kind": "transform",
        "objectMode": {"writable": true}, "highWaterMark": {"readable": 100})"));
    ASSERT_EQ(s.stages.size(), 3u);
    const Stage& t = s.stages[1];
    EXPECT_EQ(t.objectMode, (PerSide<bool>{false, true, true}));
    EXPECT_EQ(t.highWaterMark, (PerSide<std::optional<std::int64_t>>{100, std::nullopt, true}));
}

TEST(ScenarioParsing, AnIntegerWrittenWithAFractionOfZeroIsAnInteger)
{
    const Scenario s = parsed(withTop(R"("seed": 5.0, "until_ms": 1e3)"));
    EXPECT_EQ(s.seed, 5u);
    EXPECT_EQ(s.untilMs, 1000);
}

TEST(ScenarioParsing, KeepsTheUiObjectByteForByte)
{
    const Scenario s =
        parsed(withTop(R"("ui": { "layout" : [1, 2.50, {"x": "é"}], "zoom": 1e2 })"));
    EXPECT_EQ(s.uiJson, R"({ "layout" : [1, 2.50, {"x": "é"}], "zoom": 1e2 })");
}

TEST(ScenarioParsing, AcceptsAnyKeyUnderUi)
{
    const Scenario s = parsed(withTop(R"("ui": {"anything": {"goes": true}, "colour": "red"})"));
    EXPECT_EQ(s.uiJson, R"({"anything": {"goes": true}, "colour": "red"})");
}

TEST(ScenarioParsing, ReadsAFaultWithAndWithoutMessage)
{
    const Scenario s = parsed(
        withTop(R"("faults": [{"at_ms": 400, "stage": "mid", "action": "error", "message": "boom"},
                                                    {"at_ms": 0, "stage": "dst", "action": "destroy"}])"));
    ASSERT_EQ(s.faults.size(), 2u);
    EXPECT_EQ(s.faults[0], (Fault{400, "mid", FaultAction::Error, "boom"}));
    EXPECT_EQ(s.faults[1], (Fault{0, "dst", FaultAction::Destroy, ""}));
}

TEST(ScenarioParsing, LoadsTheFourSharedExamples)
{
    for (const char* name : {"error-with-pipe.json", "fast-producer-slow-consumer.json",
                             "ignoring-write-return.json", "slow-transform-in-the-middle.json"}) {
        const auto result = loadScenarioFile(std::filesystem::path(BPLAB_EXAMPLES_DIR) / name);
        EXPECT_TRUE(result.ok()) << name << ": " << (result.ok() ? "" : result.error().message);
    }
}

TEST(ScenarioParsing, ReadsTheSlowTransformExampleFieldByField)
{
    const auto result = loadScenarioFile(std::filesystem::path(BPLAB_EXAMPLES_DIR) /
                                         "slow-transform-in-the-middle.json");
    ASSERT_TRUE(result.ok()) << result.error().message;
    const Scenario& s = *result;
    EXPECT_EQ(s.seed, 7u);
    EXPECT_EQ(s.wiring, Wiring::Pipeline);
    ASSERT_EQ(s.stages.size(), 4u);
    EXPECT_EQ(s.stages[0].objectMode, (PerSide<bool>{true, false, false}));
    EXPECT_EQ(s.stages[0].chunkBytes, 400);
    EXPECT_EQ(s.stages[1].objectMode, (PerSide<bool>{false, true, true}));
    EXPECT_EQ(s.stages[1].ratio, 0.8);
    EXPECT_EQ(s.stages[2].perKibMs, 16.0);
    EXPECT_EQ(s.stages[2].jitter, 0.3);
    EXPECT_EQ(s.stages[3].highWaterMark,
              (PerSide<std::optional<std::int64_t>>{std::nullopt, 16384, false}));
}

// ---------------------------------------------------------------------------
// Validation of files: one rule each, with its exact message.

TEST(ScenarioValidation, RejectsAFileWithoutFormat)
{
    EXPECT_EQ(errorOf(R"({"stages": []})"),
              R"(format: required, expected "bplab-scenario/1" or "bplab-scenario/2")");
}

TEST(ScenarioValidation, RejectsAnyOtherFormat)
{
    EXPECT_EQ(
        errorOf(R"({"format": "bplab-scenario/0"})"),
        R"(format: expected "bplab-scenario/1" or "bplab-scenario/2", got "bplab-scenario/0")");
}

TEST(ScenarioValidation, RejectsATopLevelThatIsNotAnObject)
{
    EXPECT_EQ(errorOf("[1, 2]"), "expected a JSON object at the top level, got [1,2]");
}

TEST(ScenarioValidation, RejectsAnUnknownTopLevelKey)
{
    EXPECT_EQ(
        errorOf(withTop(R"("colour": "red")")),
        "colour: unknown key; expected one of format, name, description, node, seed, until_ms, "
        "wiring, memory_limit_mb, stages, faults, ui");
}

TEST(ScenarioValidation, QuotesAnUnknownKeyThatIsNotAnIdentifier)
{
    EXPECT_EQ(
        errorOf(scenarioText(R"("id": "src", "kind": "readable", "chunks": 1, "chunk size": 2)")),
        R"(stages[0]["chunk size"]: unknown key; expected one of the keys of a "readable" stage: )"
        "id, kind, objectMode, highWaterMark, chunks, chunk_bytes, interval_ms, mode, jitter");
}

TEST(ScenarioValidation, RejectsANameThatIsNotAString)
{
    EXPECT_EQ(errorOf(withTop(R"("name": 5)")), "name: expected a string, got 5");
    EXPECT_EQ(errorOf(withTop(R"("description": null)")),
              "description: expected a string, got null");
}

TEST(ScenarioValidation, RejectsANodeProfileOtherThan20Or24)
{
    EXPECT_EQ(errorOf(withTop(R"("node": 22)")), R"(node: expected "20" or "24", got 22)");
    EXPECT_EQ(errorOf(withTop(R"("node": 24)")), R"(node: expected "20" or "24", got 24)");
}

TEST(ScenarioValidation, RejectsASeedOutsideThirtyTwoBits)
{
    EXPECT_EQ(errorOf(withTop(R"("seed": -1)")),
              "seed: expected an integer from 0 to 4294967295, got -1");
    EXPECT_EQ(errorOf(withTop(R"("seed": 4294967296)")),
              "seed: expected an integer from 0 to 4294967295, got 4294967296");
}

TEST(ScenarioValidation, RejectsAFractionWhereAnIntegerIsExpected)
{
    EXPECT_EQ(errorOf(withTop(R"("seed": 1.5)")),
              "seed: expected an integer from 0 to 4294967295, got 1.5");
    EXPECT_EQ(errorOf(withTop(R"("until_ms": "10")")),
              R"(until_ms: expected an integer >= 0, got "10")");
}

TEST(ScenarioValidation, RejectsANegativeUntil)
{
    EXPECT_EQ(errorOf(withTop(R"("until_ms": -1)")), "until_ms: expected an integer >= 0, got -1");
}

TEST(ScenarioValidation, RejectsIntegersAJavaScriptNumberCannotHoldExactly)
{
    EXPECT_EQ(
        errorOf(withTop(R"("until_ms": 9007199254740992)")),
        "until_ms: expected an integer >= 0 within ±9007199254740991 (2^53-1, the largest integer "
        "a JavaScript number holds exactly), got 9007199254740992");
    EXPECT_EQ(
        errorOf(withTop(R"("until_ms": 1e300)")),
        "until_ms: expected an integer >= 0 within ±9007199254740991 (2^53-1, the largest integer "
        "a JavaScript number holds exactly), got 1e+300");
    EXPECT_EQ(
        errorOf(withTop(R"("until_ms": -9007199254740992)")),
        "until_ms: expected an integer >= 0 within ±9007199254740991 (2^53-1, the largest integer "
        "a JavaScript number holds exactly), got -9007199254740992");
    EXPECT_EQ(parsed(withTop(R"("until_ms": 9007199254740991)")).untilMs, 9007199254740991);
}

TEST(ScenarioValidation, RejectsAnUnknownWiring)
{
    EXPECT_EQ(errorOf(withTop(R"("wiring": "pipes")")),
              R"(wiring: expected "pipe", "pipeline" or "naive", got "pipes")");
}

TEST(ScenarioValidation, RejectsAMemoryLimitBelowOneMegabyte)
{
    EXPECT_EQ(errorOf(withTop(R"("memory_limit_mb": 0)")),
              "memory_limit_mb: expected an integer from 1 to 8589934591 (the limit in bytes must "
              "stay within 2^53-1), got 0");
}

TEST(ScenarioValidation, RejectsAMemoryLimitWhoseBytesAJavaScriptNumberCannotHold)
{
    EXPECT_EQ(errorOf(withTop(R"("memory_limit_mb": 8589934592)")),
              "memory_limit_mb: expected an integer from 1 to 8589934591 (the limit in bytes must "
              "stay within 2^53-1), got 8589934592");
    EXPECT_EQ(parsed(withTop(R"("memory_limit_mb": 8589934591)")).memoryLimitMb, 8589934591);
}

TEST(ScenarioValidation, RequiresStages)
{
    EXPECT_EQ(errorOf(R"({"format": "bplab-scenario/1"})"),
              "stages: required, an array of at least 2 stages");
}

TEST(ScenarioValidation, RejectsFewerThanTwoStages)
{
    EXPECT_EQ(
        errorOf(
            R"({"format": "bplab-scenario/1", "stages": [{"id": "a", "kind": "readable", "chunks": 1}]})"),
        "stages: expected an array of at least 2 stages, got 1");
    EXPECT_EQ(errorOf(R"({"format": "bplab-scenario/1", "stages": {}})"),
              "stages: expected an array of at least 2 stages, got {}");
}

TEST(ScenarioValidation, RejectsAStageThatIsNotAnObject)
{
    EXPECT_EQ(
        errorOf(
            R"({"format": "bplab-scenario/1", "stages": [{"id": "a", "kind": "readable", "chunks": 1}, 5]})"),
        "stages[1]: expected an object, got 5");
}

TEST(ScenarioValidation, RequiresAnIdOnEveryStage)
{
    EXPECT_EQ(errorOf(scenarioText(kSource, R"("kind": "transform")")),
              "stages[1].id: required on every stage");
}

TEST(ScenarioValidation, RejectsAnIdOutsideItsPattern)
{
    const std::string expected =
        R"(stages[1].id: expected 1 to 32 characters from A-Z, a-z, 0-9, "_" and "-", got )";
    EXPECT_EQ(errorOf(scenarioText(kSource, R"("id": "a b", "kind": "transform")")),
              expected + R"("a b")");
    EXPECT_EQ(errorOf(scenarioText(kSource, R"("id": "", "kind": "transform")")),
              expected + R"("")");
    EXPECT_EQ(errorOf(scenarioText(
                  kSource, R"("id": "abcdefghijklmnopqrstuvwxyz0123456", "kind": "transform")")),
              expected + R"("abcdefghijklmnopqrstuvwxyz0123456")");
    EXPECT_EQ(errorOf(scenarioText(kSource, R"("id": 7, "kind": "transform")")), expected + "7");
    EXPECT_TRUE(
        parseScenario(
            scenarioText(kSource,
                         R"("id": "Ab_-9abcdefghijklmnopqrstuvwxyz0", "kind": "transform")"))
            .ok());
}

TEST(ScenarioValidation, RejectsADuplicateIdNamingBothPlaces)
{
    EXPECT_EQ(errorOf(scenarioText(kSource, R"("id": "src", "kind": "transform")")),
              R"(stages[1].id: duplicate id "src" (also stages[0].id))");
}

TEST(ScenarioValidation, RequiresAKindOnEveryStage)
{
    EXPECT_EQ(errorOf(scenarioText(kSource, kMiddle, R"("id": "dst")")),
              "stages[2].kind: required on every stage");
}

TEST(ScenarioValidation, RejectsAnUnknownKind)
{
    EXPECT_EQ(errorOf(scenarioText(kSource, kMiddle, R"("id": "dst", "kind": "sink")")),
              R"(stages[2].kind: expected "readable", "transform" or "writable", got "sink")");
}

TEST(ScenarioValidation, RequiresTheFirstStageToBeReadable)
{
    EXPECT_EQ(errorOf(scenarioText(R"("id": "src", "kind": "transform")")),
              R"(stages[0].kind: the first stage must be "readable", got "transform")");
}

TEST(ScenarioValidation, RequiresTheLastStageToBeWritable)
{
    EXPECT_EQ(errorOf(scenarioText(kSource, kMiddle, R"("id": "dst", "kind": "transform")")),
              R"(stages[2].kind: the last stage must be "writable", got "transform")");
}

TEST(ScenarioValidation, RequiresTheStagesInBetweenToBeTransforms)
{
    EXPECT_EQ(
        errorOf(scenarioText(kSource, R"("id": "mid", "kind": "writable")")),
        R"(stages[1].kind: a stage between the first and the last must be "transform", got "writable")");
}

TEST(ScenarioValidation, RejectsAnUnknownStageKey)
{
    EXPECT_EQ(
        errorOf(scenarioText(kSource, kMiddle, R"("id": "dst", "kind": "writable", "delay": 5)")),
        R"(stages[2].delay: unknown key; expected one of the keys of a "writable" stage: )"
        "id, kind, objectMode, highWaterMark, delay_ms, per_kib_ms, jitter");
}

TEST(ScenarioValidation, RejectsAKeyThatBelongsToAnotherKindNamingTheKind)
{
    EXPECT_EQ(
        errorOf(scenarioText(kSource, kMiddle, R"("id": "dst", "kind": "writable", "chunks": 5)")),
        R"(stages[2].chunks: not allowed on a "writable" stage)");
    EXPECT_EQ(
        errorOf(scenarioText(kSource, kMiddle, R"("id": "dst", "kind": "writable", "ratio": 0.5)")),
        R"(stages[2].ratio: not allowed on a "writable" stage)");
    EXPECT_EQ(
        errorOf(scenarioText(R"("id": "src", "kind": "readable", "chunks": 1, "delay_ms": 5)")),
        R"(stages[0].delay_ms: not allowed on a "readable" stage)");
    EXPECT_EQ(errorOf(scenarioText(kSource, R"("id": "mid", "kind": "transform", "mode": "push")")),
              R"(stages[1].mode: not allowed on a "transform" stage)");
}

TEST(ScenarioValidation, RequiresChunksOnAReadable)
{
    EXPECT_EQ(errorOf(scenarioText(R"("id": "src", "kind": "readable")")),
              R"(stages[0].chunks: required on a "readable" stage)");
}

TEST(ScenarioValidation, RejectsNegativeChunks)
{
    EXPECT_EQ(errorOf(scenarioText(R"("id": "src", "kind": "readable", "chunks": -1)")),
              "stages[0].chunks: expected an integer >= 0, got -1");
}

TEST(ScenarioValidation, RejectsAChunkOfZeroBytes)
{
    EXPECT_EQ(
        errorOf(scenarioText(R"("id": "src", "kind": "readable", "chunks": 1, "chunk_bytes": 0)")),
        "stages[0].chunk_bytes: expected an integer >= 1, got 0");
}

TEST(ScenarioValidation, RejectsANegativeInterval)
{
    EXPECT_EQ(
        errorOf(scenarioText(R"("id": "src", "kind": "readable", "chunks": 1, "interval_ms": -2)")),
        "stages[0].interval_ms: expected an integer >= 0, got -2");
}

TEST(ScenarioValidation, RequiresAnIntervalOfAtLeastOneInPushMode)
{
    EXPECT_EQ(
        errorOf(scenarioText(
            R"("id": "src", "kind": "readable", "chunks": 1, "mode": "push", "interval_ms": 0)")),
        "stages[0].interval_ms: expected an integer >= 1 in push mode, got 0");
    EXPECT_EQ(
        errorOf(scenarioText(R"("id": "src", "kind": "readable", "chunks": 1, "mode": "push")")),
        "stages[0].interval_ms: expected an integer >= 1 in push mode, got 0");
    EXPECT_TRUE(
        parseScenario(
            scenarioText(
                R"("id": "src", "kind": "readable", "chunks": 1, "mode": "push", "interval_ms": 1)"))
            .ok());
}

TEST(ScenarioValidation, RejectsAnUnknownMode)
{
    EXPECT_EQ(
        errorOf(scenarioText(R"("id": "src", "kind": "readable", "chunks": 1, "mode": "pushy")")),
        R"(stages[0].mode: expected "pull" or "push", got "pushy")");
}

TEST(ScenarioValidation, RejectsAFractionalDelay)
{
    EXPECT_EQ(
        errorOf(scenarioText(kSource, R"("id": "mid", "kind": "transform", "delay_ms": 2.5)")),
        "stages[1].delay_ms: expected an integer >= 0, got 2.5");
}

TEST(ScenarioValidation, RejectsANegativeTimePerKibibyte)
{
    EXPECT_EQ(errorOf(scenarioText(kSource, kMiddle,
                                   R"("id": "dst", "kind": "writable", "per_kib_ms": -0.5)")),
              "stages[2].per_kib_ms: expected a number >= 0, got -0.5");
}

TEST(ScenarioValidation, RejectsARatioOfZero)
{
    EXPECT_EQ(errorOf(scenarioText(kSource, R"("id": "mid", "kind": "transform", "ratio": 0)")),
              "stages[1].ratio: expected a number > 0, got 0");
}

TEST(ScenarioValidation, RejectsASplitOfZero)
{
    EXPECT_EQ(errorOf(scenarioText(kSource, R"("id": "mid", "kind": "transform", "split": 0)")),
              "stages[1].split: expected an integer from 1 to 100000, got 0");
}

TEST(ScenarioValidation, RejectsAJitterOutsideZeroToOne)
{
    EXPECT_EQ(errorOf(scenarioText(kSource, kMiddle,
                                   R"("id": "dst", "kind": "writable", "jitter": 1.5)")),
              "stages[2].jitter: expected a number from 0 to 1, got 1.5");
    EXPECT_EQ(errorOf(scenarioText(kSource, kMiddle,
                                   R"("id": "dst", "kind": "writable", "jitter": "0.5")")),
              R"(stages[2].jitter: expected a number from 0 to 1, got "0.5")");
    EXPECT_TRUE(parseScenario(scenarioText(kSource, kMiddle,
                                           R"("id": "dst", "kind": "writable", "jitter": 1)"))
                    .ok());
}

TEST(ScenarioValidation, RejectsANegativeHighWaterMarkNamingItsPath)
{
    EXPECT_EQ(errorOf(scenarioText(kSource, kMiddle,
                                   R"("id": "dst", "kind": "writable", "highWaterMark": -5)")),
              "stages[2].highWaterMark: expected an integer >= 0, got -5");
}

TEST(ScenarioValidation, RejectsAPerSideObjectOutsideATransform)
{
    EXPECT_EQ(
        errorOf(scenarioText(
            R"("id": "src", "kind": "readable", "chunks": 1, "highWaterMark": {"readable": 1})")),
        R"(stages[0].highWaterMark: a per-side object is allowed only on a "transform" stage, got {"readable":1})");
    EXPECT_EQ(
        errorOf(
            scenarioText(kSource, kMiddle,
                         R"("id": "dst", "kind": "writable", "objectMode": {"writable": true})")),
        R"(stages[2].objectMode: a per-side object is allowed only on a "transform" stage, got {"writable":true})");
}

TEST(ScenarioValidation, RejectsAnUnknownSideInAPerSideObject)
{
    EXPECT_EQ(
        errorOf(scenarioText(
            kSource, R"("id": "mid", "kind": "transform", "objectMode": {"readible": true})")),
        R"(stages[1].objectMode.readible: unknown key; expected "readable" or "writable")");
}

TEST(ScenarioValidation, RejectsABadValueInsideAPerSideObjectNamingTheSide)
{
    EXPECT_EQ(
        errorOf(scenarioText(
            kSource, R"("id": "mid", "kind": "transform", "highWaterMark": {"writable": -1})")),
        "stages[1].highWaterMark.writable: expected an integer >= 0, got -1");
}

TEST(ScenarioValidation, RejectsAnObjectModeThatIsNotABoolean)
{
    EXPECT_EQ(
        errorOf(scenarioText(R"("id": "src", "kind": "readable", "chunks": 1, "objectMode": 1)")),
        "stages[0].objectMode: expected true or false, got 1");
    EXPECT_EQ(
        errorOf(scenarioText(kSource, R"("id": "mid", "kind": "transform", "objectMode": "yes")")),
        R"(stages[1].objectMode: expected true or false (or per side: {"readable": …, "writable": …}), got "yes")");
}

TEST(ScenarioValidation, RejectsASideOfObjectModeThatIsNotABoolean)
{
    EXPECT_EQ(errorOf(scenarioText(
                  kSource, R"("id": "mid", "kind": "transform", "objectMode": {"readable": 0})")),
              "stages[1].objectMode.readable: expected true or false, got 0");
}

TEST(ScenarioValidation, RejectsFaultsThatAreNotAnArray)
{
    EXPECT_EQ(errorOf(withTop(R"("faults": {})")), "faults: expected an array, got {}");
    EXPECT_EQ(errorOf(withTop(R"("faults": [1])")), "faults[0]: expected an object, got 1");
}

TEST(ScenarioValidation, RejectsAnUnknownFaultKey)
{
    EXPECT_EQ(errorOf(withTop(
                  R"("faults": [{"at_ms": 1, "stage": "mid", "action": "error", "when": 3}])")),
              "faults[0].when: unknown key; expected one of at_ms, stage, action, message");
}

TEST(ScenarioValidation, RequiresTimeStageAndActionOnEveryFault)
{
    EXPECT_EQ(errorOf(withTop(R"("faults": [{"stage": "mid", "action": "error"}])")),
              "faults[0].at_ms: required on every fault");
    EXPECT_EQ(errorOf(withTop(R"("faults": [{"at_ms": 1, "action": "error"}])")),
              "faults[0].stage: required on every fault");
    EXPECT_EQ(errorOf(withTop(R"("faults": [{"at_ms": 1, "stage": "mid"}])")),
              "faults[0].action: required on every fault");
}

TEST(ScenarioValidation, RejectsANegativeFaultTime)
{
    EXPECT_EQ(errorOf(withTop(R"("faults": [{"at_ms": -1, "stage": "mid", "action": "error"}])")),
              "faults[0].at_ms: expected an integer >= 0, got -1");
}

TEST(ScenarioValidation, RejectsAFaultOnAStageThatDoesNotExist)
{
    EXPECT_EQ(errorOf(withTop(R"("faults": [{"at_ms": 1, "stage": "nope", "action": "error"}])")),
              R"(faults[0].stage: expected the id of a stage, got "nope")");
    EXPECT_EQ(errorOf(withTop(R"("faults": [{"at_ms": 1, "stage": 2, "action": "error"}])")),
              "faults[0].stage: expected the id of a stage, got 2");
}

TEST(ScenarioValidation, RejectsAnUnknownFaultAction)
{
    EXPECT_EQ(errorOf(withTop(R"("faults": [{"at_ms": 1, "stage": "mid", "action": "explode"}])")),
              R"(faults[0].action: expected "error" or "destroy", got "explode")");
}

TEST(ScenarioValidation, RejectsAFaultMessageThatIsNotAString)
{
    EXPECT_EQ(
        errorOf(withTop(
            R"("faults": [{"at_ms": 1, "stage": "mid", "action": "error", "message": null}])")),
        "faults[0].message: expected a string, got null");
}

TEST(ScenarioValidation, RejectsAUiThatIsNotAnObject)
{
    EXPECT_EQ(errorOf(withTop(R"("ui": [1])")), "ui: expected an object, got [1]");
}

TEST(ScenarioValidation, RejectsADuplicateKeyNamingItsPathAndPosition)
{
    const std::string text =
        "{\"format\": \"bplab-scenario/1\",\n"
        " \"stages\": [{\"id\": \"src\", \"kind\": \"readable\", \"chunks\": 1},\n"
        "            {\"id\": \"dst\", \"kind\": \"writable\", \"delay_ms\": 1, \"delay_ms\": 2}]}";
    EXPECT_EQ(errorOf(text), "stages[1].delay_ms: duplicate key (line 3, column 62)");
}

TEST(ScenarioValidation, RejectsADuplicateKeyUnderUiToo)
{
    EXPECT_EQ(errorOf(withTop(R"("ui": {"a": {"b": 1, "b": 2}})")),
              "ui.a.b: duplicate key (line 1, column 53)");
}

TEST(ScenarioValidation, ShortensALongValueInAMessage)
{
    const std::string longName(100, 'x');
    EXPECT_EQ(errorOf(withTop(R"("node": ")" + longName + "\"")),
              R"(node: expected "20" or "24", got ")" + std::string(59, 'x') + "…\"");
}

// ---------------------------------------------------------------------------
// JSON text

TEST(ScenarioSyntax, ASyntaxErrorGivesLineAndColumn)
{
    EXPECT_EQ(errorOf("{\n  \"format\": \"bplab-scenario/1\",\n  \"name\": nope\n}"),
              "line 3, column 12: syntax error: invalid literal; last read: '\"name\": no'");
}

TEST(ScenarioSyntax, ColumnsCountCharactersNotBytes)
{
    EXPECT_EQ(errorOf("{\"name\": \"é\" \"x\"}"),
              "line 1, column 16: syntax error: unexpected string literal; expected '}'");
}

TEST(ScenarioSyntax, AnEmptyInputIsASyntaxError)
{
    EXPECT_EQ(
        errorOf(""),
        "line 1, column 1: syntax error: unexpected end of input; expected '[', '{', or a literal");
}

TEST(ScenarioSyntax, TextAfterTheDocumentIsASyntaxError)
{
    EXPECT_EQ(errorOf(scenarioText() + "\n]"),
              "line 2, column 1: syntax error: unexpected ']'; expected end of input");
}

TEST(ScenarioSyntax, RefusesInputLargerThanSixteenMebibytes)
{
    const std::string huge(kMaxScenarioBytes + 1, ' ');
    EXPECT_EQ(
        errorOf(huge),
        "the scenario is too large: expected at most 16777216 bytes (16 MiB), got 16777217 bytes");
}

TEST(ScenarioSyntax, AcceptsInputOfExactlySixteenMebibytes)
{
    std::string text = scenarioText();
    text.resize(kMaxScenarioBytes, ' ');
    EXPECT_TRUE(parseScenario(text).ok());
}

TEST(ScenarioSyntax, RefusesAHundredThousandNestedArraysWithoutCrashing)
{
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_EQ(errorOf(deep),
              "line 1, column 65: too deeply nested: more than 64 levels of arrays and objects");
}

TEST(ScenarioSyntax, RefusesDeeplyNestedObjectsUnderUi)
{
    std::string deep;
    for (int i = 0; i < 100000; ++i) {
        deep += "{\"a\":";
    }
    EXPECT_EQ(errorOf(withTop("\"ui\": " + deep)),
              "line 1, column 353: too deeply nested: more than 64 levels of arrays and objects");
}

TEST(ScenarioSyntax, AcceptsSixtyFourLevelsOfNesting)
{
    // The top-level object and "ui" are two levels.
    const std::string ui = "{\"a\": " + std::string(62, '[') + std::string(62, ']') + "}";
    EXPECT_EQ(parsed(withTop("\"ui\": " + ui)).uiJson, ui);
    const std::string tooDeep = "{\"a\": " + std::string(63, '[') + std::string(63, ']') + "}";
    EXPECT_FALSE(parseScenario(withTop("\"ui\": " + tooDeep)).ok());
}

// ---------------------------------------------------------------------------
// Validation of scenarios built in memory

TEST(ScenarioInMemory, AcceptsAValidScenario)
{
    EXPECT_EQ(errorOf(threeStageScenario()), "(accepted)");
}

TEST(ScenarioInMemory, GivesTheSameMessageAsTheParserForTheSameMistake)
{
    Scenario s = threeStageScenario();
    s.stages[2].highWaterMark.writable = -5;
    EXPECT_EQ(errorOf(s), "stages[2].highWaterMark: expected an integer >= 0, got -5");
    EXPECT_EQ(errorOf(s),
              errorOf(scenarioText(kSource, kMiddle,
                                   R"("id": "dst", "kind": "writable", "highWaterMark": -5)")));
}

TEST(ScenarioInMemory, RejectsTooFewStages)
{
    Scenario s;
    EXPECT_EQ(errorOf(s), "stages: expected an array of at least 2 stages, got 0");
}

TEST(ScenarioInMemory, RejectsANotANumberRatio)
{
    Scenario s = threeStageScenario();
    s.stages[1].ratio = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(errorOf(s), "stages[1].ratio: expected a number > 0, got NaN");
    s.stages[1].ratio = std::numeric_limits<double>::infinity();
    EXPECT_EQ(errorOf(s), "stages[1].ratio: expected a number > 0, got Infinity");
}

TEST(ScenarioInMemory, RejectsAnIntegerBeyondTwoToTheFiftyThird)
{
    Scenario s = threeStageScenario();
    s.stages[0].chunks = std::int64_t{1} << 53;
    EXPECT_EQ(
        errorOf(s),
        "stages[0].chunks: expected an integer >= 0 within ±9007199254740991 (2^53-1, the largest "
        "integer a JavaScript number holds exactly), got 9007199254740992");
}

TEST(ScenarioInMemory, RejectsAFieldThatDoesNotBelongToTheKind)
{
    Scenario s = threeStageScenario();
    s.stages[2].ratio = 0.5;
    EXPECT_EQ(errorOf(s), R"(stages[2].ratio: not allowed on a "writable" stage)");
    s = threeStageScenario();
    s.stages[1].chunks = 4;
    EXPECT_EQ(errorOf(s), R"(stages[1].chunks: not allowed on a "transform" stage)");
}

TEST(ScenarioInMemory, RejectsPerSideValuesOutsideATransform)
{
    Scenario s = threeStageScenario();
    s.stages[0].highWaterMark = {1, std::nullopt, true};
    EXPECT_EQ(
        errorOf(s),
        R"(stages[0].highWaterMark: a per-side object is allowed only on a "transform" stage, got {"readable":1})");
}

TEST(ScenarioInMemory, RejectsTheMissingSideOfAReadableOrWritable)
{
    Scenario s = threeStageScenario();
    s.stages[0].objectMode.writable = true;
    EXPECT_EQ(errorOf(s),
              R"(stages[0].objectMode.writable: not allowed on a "readable" stage, got true)");
    s = threeStageScenario();
    s.stages[2].highWaterMark.readable = 10;
    EXPECT_EQ(errorOf(s),
              R"(stages[2].highWaterMark.readable: not allowed on a "writable" stage, got 10)");
}

TEST(ScenarioInMemory, RejectsDifferentSidesOnATransformNotMarkedPerSide)
{
    Scenario s = threeStageScenario();
    s.stages[1].highWaterMark.readable = 5;
    EXPECT_EQ(
        errorOf(s),
        R"(stages[1].highWaterMark: expected the same value on both sides unless given per side, got {"readable":5})");
}

TEST(ScenarioInMemory, RejectsADuplicateIdAndAFaultOnNoStage)
{
    Scenario s = threeStageScenario();
    s.stages[2].id = "mid";
    EXPECT_EQ(errorOf(s), R"(stages[2].id: duplicate id "mid" (also stages[1].id))");
    s = threeStageScenario();
    s.faults.push_back({10, "nope", FaultAction::Destroy, ""});
    EXPECT_EQ(errorOf(s), R"(faults[0].stage: expected the id of a stage, got "nope")");
}

TEST(ScenarioInMemory, RejectsTextThatIsNotUtf8)
{
    Scenario s = threeStageScenario();
    s.name = "ab\xff";
    EXPECT_EQ(errorOf(s), "name: expected UTF-8 text, got the byte 0xff at offset 2");
    s = threeStageScenario();
    s.faults.push_back({10, "mid", FaultAction::Error, "\xed\xa0\x80"});  // a lone surrogate
    EXPECT_EQ(errorOf(s), "faults[0].message: expected UTF-8 text, got the byte 0xed at offset 0");
}

TEST(ScenarioInMemory, RequiresTheUiTextToBeOneJsonObject)
{
    Scenario s = threeStageScenario();
    s.uiJson = "[1]";
    EXPECT_EQ(errorOf(s), R"(ui: expected a JSON object, got "[1]")");
    s.uiJson = " {} ";
    EXPECT_EQ(
        errorOf(s),
        R"(ui: expected the text of a JSON object with nothing before or after it, got " {} ")");
    s.uiJson = "{\"a\": }";
    EXPECT_EQ(
        errorOf(s),
        "ui: line 1, column 7: syntax error: unexpected '}'; expected '[', '{', or a literal");
    s.uiJson = R"({"a": 1, "a": 2})";
    EXPECT_EQ(errorOf(s), "ui.a: duplicate key (line 1, column 10)");
    s.uiJson = R"({"layout": {"x": 1}})";
    EXPECT_EQ(errorOf(s), "(accepted)");
}

// ---------------------------------------------------------------------------
// Saving

TEST(ScenarioSaving, WritesPrettyJsonInAStableKeyOrder)
{
    Scenario s = threeStageScenario();
    s.untilMs = 500;
    s.stages[1].delayMs = 3;
    s.stages[1].ratio = 0.25;
    s.faults.push_back({40, "mid", FaultAction::Error, "boom"});
    EXPECT_EQ(serializeScenario(s), R"({
  "format": "bplab-scenario/1",
  "name": "",
  "node": "24",
  "seed": 1,
  "until_ms": 500,
  "wiring": "pipe",
  "stages": [
    {
      "id": "src",
      "kind": "readable",
      "chunks": 3
    },
    {
      "id": "mid",
      "kind": "transform",
      "delay_ms": 3,
      "ratio": 0.25
    },
    {
      "id": "dst",
      "kind": "writable"
    }
  ],
  "faults": [
    {
      "at_ms": 40,
      "stage": "mid",
      "action": "error",
      "message": "boom"
    }
  ]
}
)");
}

Scenario everyFieldScenario()
{
    Scenario s;
    s.name = "Quotes \" and \\ and \n and é and \x01";
    s.description = "described";
    s.node = NodeProfile::V20;
    s.seed = 4294967295u;
    s.untilMs = 123456;
    s.wiring = Wiring::Pipeline;
    s.memoryLimitMb = 64;
    Stage source;
    source.id = "source";
    source.kind = StageKind::Readable;
    source.objectMode = {true, false, false};
    source.highWaterMark = {3, std::nullopt, false};
    source.chunks = 10;
    source.chunkBytes = 7;
    source.intervalMs = 2;
    source.mode = SourceMode::Push;
    source.jitter = 0.1;
    Stage perSide;
    perSide.id = "per-side";
    perSide.kind = StageKind::Transform;
    perSide.objectMode = {true, false, true};
    perSide.highWaterMark = {5, std::nullopt, true};
    perSide.delayMs = 3;
    perSide.perKibMs = 1e-300;
    perSide.ratio = 0.1;
    perSide.split = 4;
    perSide.jitter = 1.0;
    Stage single;
    single.id = "single_1";
    single.kind = StageKind::Transform;
    single.objectMode = {true, true, false};
    single.highWaterMark = {9, 9, false};
    Stage sink;
    sink.id = "sink";
    sink.kind = StageKind::Writable;
    sink.objectMode = {false, true, false};
    sink.highWaterMark = {std::nullopt, 0, false};
    sink.delayMs = 5;
    sink.perKibMs = 0.3;
    sink.jitter = 0.5;
    s.stages = {source, perSide, single, sink};
    s.faults = {{400, "per-side", FaultAction::Error, "boom"},
                {0, "sink", FaultAction::Destroy, ""},
                {7, "source", FaultAction::Destroy, "ignored"}};
    s.uiJson = R"({"layout": [1, 2.5e3, {"x": null}], "zoom": 1.0})";
    return s;
}

TEST(ScenarioSaving, EveryFieldSurvivesARoundTrip)
{
    const Scenario s = everyFieldScenario();
    ASSERT_EQ(errorOf(s), "(accepted)");
    const auto back = parseScenario(serializeScenario(s));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, s);
}

TEST(ScenarioSaving, EmptyPerSideObjectsSurviveARoundTrip)
{
    Scenario s = threeStageScenario();
    s.stages[1].objectMode = {false, false, true};
    s.stages[1].highWaterMark = {std::nullopt, std::nullopt, true};
    const auto back = parseScenario(serializeScenario(s));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, s);
}

TEST(ScenarioSaving, DoublesSurviveARoundTripBitForBit)
{
    // (Values that make chunks or step times pass 2^53-1, such as 1e21, are
    // refused: see ScenarioComputedValues.)
    for (const double value :
         {0.1, 1e-300, 5e-324, 0.30000000000000004, 1.0 / 3.0, 2.0, 123456789.125, 4.5e11}) {
        Scenario s = threeStageScenario();
        s.stages[1].ratio = value;
        s.stages[1].perKibMs = value;
        const auto back = parseScenario(serializeScenario(s));
        ASSERT_TRUE(back.ok()) << back.error().message;
        EXPECT_EQ(std::bit_cast<std::uint64_t>(back->stages[1].ratio),
                  std::bit_cast<std::uint64_t>(value))
            << value;
        EXPECT_EQ(std::bit_cast<std::uint64_t>(back->stages[1].perKibMs),
                  std::bit_cast<std::uint64_t>(value))
            << value;
    }
}

TEST(ScenarioSaving, TheSharedExamplesSurviveARoundTrip)
{
    for (const char* name : {"error-with-pipe.json", "fast-producer-slow-consumer.json",
                             "ignoring-write-return.json", "slow-transform-in-the-middle.json"}) {
        const auto loaded = loadScenarioFile(std::filesystem::path(BPLAB_EXAMPLES_DIR) / name);
        ASSERT_TRUE(loaded.ok()) << loaded.error().message;
        const std::string text = serializeScenario(*loaded);
        const auto back = parseScenario(text);
        ASSERT_TRUE(back.ok()) << back.error().message;
        EXPECT_EQ(*back, *loaded) << name;
        EXPECT_EQ(serializeScenario(*back), text) << name;
    }
}

TEST(ScenarioSaving, AParsedFileSurvivesARoundTripWithItsUiText)
{
    const Scenario s =
        parsed(withTop("\"ui\": {\n    \"panes\": [ 1,2 ],\n    \"theme\": \"dark\"\n  }"));
    const auto back = parseScenario(serializeScenario(s));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->uiJson, "{\n    \"panes\": [ 1,2 ],\n    \"theme\": \"dark\"\n  }");
    EXPECT_EQ(*back, s);
}

TEST(ScenarioSaving, EveryAcceptedMutationOfAValidFileSurvivesARoundTrip)
{
    // Deterministic byte mutations of a file that uses every kind of field:
    // whatever parseScenario accepts, validateScenario accepts too, and saving
    // then loading gives the same scenario back.
    const std::string original = serializeScenario(everyFieldScenario());
    const std::string alphabet = "{}[]:,\"0123456789.-+eE truefalsnul\\u";
    std::uint32_t state = 12345;
    const auto next = [&state] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string text = original;
        const std::uint32_t edits = 1 + next() % 3;
        for (std::uint32_t e = 0; e < edits; ++e) {
            const std::size_t at = next() % text.size();
            const char c = alphabet[next() % alphabet.size()];
            switch (next() % 3) {
                case 0:
                    text[at] = c;
                    break;
                case 1:
                    text.insert(at, 1, c);
                    break;
                default:
                    text.erase(at, 1);
                    break;
            }
        }
        const auto result = parseScenario(text);
        if (!result) {
            continue;
        }
        ++accepted;
        EXPECT_TRUE(validateScenario(*result).ok()) << text;
        const auto back = parseScenario(serializeScenario(*result));
        ASSERT_TRUE(back.ok()) << text << "\n" << back.error().message;
        EXPECT_EQ(*back, *result) << text;
    }
    EXPECT_EQ(accepted, 236);  // of the mutations this fixed seed makes
}

// ---------------------------------------------------------------------------
// Files

class ScenarioFile : public TempFolderTest {
protected:
    std::filesystem::path write(const std::string& name, const std::string& text)
    {
        const auto path = m_dir / name;
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
};

TEST_F(ScenarioFile, LoadsAValidFile)
{
    const auto result = loadScenarioFile(write("ok.json", scenarioText()));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->stages.size(), 3u);
}

TEST_F(ScenarioFile, PrefixesEveryErrorWithThePath)
{
    const auto path = write("bad.json", withTop(R"("seed": -1)"));
    EXPECT_EQ(loadScenarioFile(path).error().message,
              path.string() + ": seed: expected an integer from 0 to 4294967295, got -1");
}

TEST_F(ScenarioFile, SaysWhenTheFileDoesNotExist)
{
    const auto path = m_dir / "missing.json";
    EXPECT_EQ(loadScenarioFile(path).error().message, path.string() + ": no such file");
}

TEST_F(ScenarioFile, SaysWhenThePathIsADirectory)
{
    EXPECT_EQ(loadScenarioFile(m_dir).error().message,
              m_dir.string() + ": is a directory, expected a scenario file");
}

TEST_F(ScenarioFile, RefusesATooLargeFileBeforeReadingIt)
{
    const auto path = write("huge.json", "");
    std::filesystem::resize_file(path, kMaxScenarioBytes + 1);
    EXPECT_EQ(loadScenarioFile(path).error().message,
              path.string() +
                  ": the file is too large: expected at most 16777216 bytes (16 MiB), got 16777217 "
                  "bytes");
}

TEST_F(ScenarioFile, SaysWhenTheFileCannotBeOpened)
{
    if (::geteuid() == 0) {
        GTEST_SKIP() << "permissions do not stop root";
    }
    const auto path = write("locked.json", scenarioText());
    std::filesystem::permissions(path, std::filesystem::perms::none);
    EXPECT_EQ(loadScenarioFile(path).error().message,
              path.string() + ": cannot open: Permission denied");
}

}  // namespace
}  // namespace bplab
