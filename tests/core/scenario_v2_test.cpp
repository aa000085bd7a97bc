// bplab-scenario/2 (../shared/spec/scenario-v2.md): the versions, and a
// Transform's flush keys. Each rule with its exact message.
#include "bplab_core/scenario.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "scenario_test_support.h"

namespace bplab {
namespace {

using testing::errorOf;
using testing::parsed;

// A three-stage scenario of `format` whose transform has `middle`'s keys.
std::string scenarioText(std::string_view format, std::string_view middle = "",
                         std::string_view top = "", std::string_view source = "",
                         std::string_view sink = "")
{
    return testing::threeStageText(format, source, middle, sink, top);
}

// ---------------------------------------------------------------------------
// Versions

TEST(ScenarioVersions, FormatTwoLoadsAsFormatOneDoes)
{
    EXPECT_EQ(parsed(scenarioText("2")), parsed(scenarioText("1")));
}

TEST(ScenarioVersions, AnyOtherFormatIsRefusedNamingBoth)
{
    EXPECT_EQ(
        errorOf(R"({"format": "bplab-scenario/3"})"),
        R"(format: expected "bplab-scenario/1" or "bplab-scenario/2", got "bplab-scenario/3")");
}

TEST(ScenarioVersions, AFormatOneFileWithAFlushKeyIsRefusedNamingItsPath)
{
    EXPECT_EQ(errorOf(scenarioText("1", R"("flush_ms": 3)")),
              R"(stages[1].flush_ms: needs "format": "bplab-scenario/2")");
    EXPECT_EQ(errorOf(scenarioText("1", R"("flush_chunks": 2)")),
              R"(stages[1].flush_chunks: needs "format": "bplab-scenario/2")");
    EXPECT_EQ(errorOf(scenarioText("1", R"("flush_bytes": 2)")),
              R"(stages[1].flush_bytes: needs "format": "bplab-scenario/2")");
}

TEST(ScenarioVersions, AFormatOneFileWithATextOrMemoryKeyIsRefusedNamingItsPath)
{
    EXPECT_EQ(errorOf(scenarioText("1", "", "", R"("text": "héllo")")),
              R"(stages[0].text: needs "format": "bplab-scenario/2")");
    EXPECT_EQ(errorOf(scenarioText("1", R"("alloc": "pool")")),
              R"(stages[1].alloc: needs "format": "bplab-scenario/2")");
    EXPECT_EQ(errorOf(scenarioText("1", "", "", "", R"("decode": "per-chunk")")),
              R"(stages[2].decode: needs "format": "bplab-scenario/2")");
    EXPECT_EQ(errorOf(scenarioText("1", "", "", "", R"("retain_bytes": 16)")),
              R"(stages[2].retain_bytes: needs "format": "bplab-scenario/2")");
}

TEST(ScenarioVersions, AFormatOneFileWithAFormatTwoWiringIsRefused)
{
    EXPECT_EQ(errorOf(scenarioText("1", "", R"("wiring": "for-await")")),
              R"(wiring: needs "format": "bplab-scenario/2")");
    EXPECT_EQ(errorOf(scenarioText("1", "", R"("wiring": ["pipe", "for-await"])")),
              R"(wiring: needs "format": "bplab-scenario/2")");
}

TEST(ScenarioVersions, AFormatTwoKeyOnTheWrongKindIsNotAllowedThere)
{
    EXPECT_EQ(errorOf(scenarioText("2", "", "", "", R"("flush_ms": 1)")),
              R"(stages[2].flush_ms: not allowed on a "writable" stage)");
    EXPECT_EQ(errorOf(scenarioText("2", R"("text": "abc")")),
              R"(stages[1].text: not allowed on a "transform" stage)");
}

TEST(ScenarioVersions, AnUnknownKeyListsTheKeysOfTheFilesFormat)
{
    EXPECT_EQ(errorOf(scenarioText("1", R"("flush": 1)")),
              R"(stages[1].flush: unknown key; expected one of the keys of a "transform" stage: )"
              "id, kind, objectMode, highWaterMark, delay_ms, per_kib_ms, ratio, split, jitter");
    EXPECT_EQ(errorOf(scenarioText("2", R"("flush": 1)")),
              R"(stages[1].flush: unknown key; expected one of the keys of a "transform" stage: )"
              "id, kind, objectMode, highWaterMark, delay_ms, per_kib_ms, ratio, split, jitter, "
              "flush_ms, flush_chunks, flush_bytes, alloc");
}

// ---------------------------------------------------------------------------
// Wiring: for-await, and one wiring per pair

TEST(ScenarioWiring, ReadsForAwaitAsTheWholeChainsWiring)
{
    const Scenario s = parsed(scenarioText("2", "", R"("wiring": "for-await")"));
    EXPECT_EQ(s.wiring, Wiring::ForAwait);
    EXPECT_TRUE(s.pairWirings.empty());
    EXPECT_EQ(wiringOfPair(s, 0), Wiring::ForAwait);
    EXPECT_EQ(wiringOfPair(s, 1), Wiring::ForAwait);
}

TEST(ScenarioWiring, ReadsAnArrayAsOneWiringPerPair)
{
    const Scenario s = parsed(scenarioText("2", "", R"("wiring": ["naive", "for-await"])"));
    EXPECT_EQ(s.pairWirings, (std::vector<Wiring>{Wiring::Naive, Wiring::ForAwait}));
    EXPECT_EQ(s.wiring, Wiring::Naive);
    EXPECT_EQ(wiringOfPair(s, 0), Wiring::Naive);
    EXPECT_EQ(wiringOfPair(s, 1), Wiring::ForAwait);
    EXPECT_TRUE(usesWiring(s, Wiring::ForAwait));
    EXPECT_FALSE(usesWiring(s, Wiring::Pipe));
}

TEST(ScenarioWiring, RefusesAnArrayWithoutOneEntryPerPair)
{
    EXPECT_EQ(errorOf(scenarioText("2", "", R"("wiring": ["pipe"])")),
              "wiring: expected an array of 2 entries, one per pair of consecutive stages "
              "(3 stages), got 1");
    EXPECT_EQ(errorOf(scenarioText("2", "", R"("wiring": [])")),
              "wiring: expected an array of 2 entries, one per pair of consecutive stages "
              "(3 stages), got 0");
    EXPECT_EQ(errorOf(scenarioText("2", "", R"("wiring": ["pipe", "pipe", "pipe"])")),
              "wiring: expected an array of 2 entries, one per pair of consecutive stages "
              "(3 stages), got 3");
}

TEST(ScenarioWiring, RefusesPipelineAsAnEntryNamingItsIndex)
{
    EXPECT_EQ(errorOf(scenarioText("2", "", R"("wiring": ["pipe", "pipeline"])")),
              R"(wiring[1]: "pipeline" wires the whole chain, so it is the single string )"
              R"("pipeline", never an entry of a wiring array; expected "pipe", "naive" or )"
              R"("for-await")");
}

TEST(ScenarioWiring, RefusesAnUnknownOrNonStringEntryNamingItsIndex)
{
    EXPECT_EQ(errorOf(scenarioText("2", "", R"("wiring": ["pipe", "forawait"])")),
              R"(wiring[1]: expected "pipe", "naive" or "for-await", got "forawait")");
    EXPECT_EQ(errorOf(scenarioText("2", "", R"("wiring": [3, "pipe"])")),
              R"(wiring[0]: expected "pipe", "naive" or "for-await", got 3)");
}

TEST(ScenarioWiring, RefusesAnUnknownWiringListingFormatTwosFour)
{
    EXPECT_EQ(errorOf(scenarioText("2", "", R"("wiring": "await")")),
              R"(wiring: expected "pipe", "pipeline", "naive" or "for-await", got "await")");
}

TEST(ScenarioWiring, InMemoryGivesTheParsersMessages)
{
    Scenario s = parsed(scenarioText("2"));
    s.pairWirings = {Wiring::Pipe};
    EXPECT_EQ(errorOf(s),
              "wiring: expected an array of 2 entries, one per pair of consecutive stages "
              "(3 stages), got 1");
    s.pairWirings = {Wiring::Pipeline, Wiring::Pipe};
    EXPECT_EQ(errorOf(s),
              R"(wiring[0]: "pipeline" wires the whole chain, so it is the single string )"
              R"("pipeline", never an entry of a wiring array; expected "pipe", "naive" or )"
              R"("for-await")");
}

TEST(ScenarioWiring, AnArrayIsSavedAsAnArrayInFormatTwoAndComesBack)
{
    const Scenario s = parsed(scenarioText("2", "", R"("wiring": ["for-await", "pipe"])"));
    const std::string saved = serializeScenario(s);
    EXPECT_NE(saved.find(R"("format": "bplab-scenario/2")"), std::string::npos);
    EXPECT_NE(saved.find(R"("wiring": ["for-await", "pipe"])"), std::string::npos);
    EXPECT_EQ(parsed(saved), s);
    EXPECT_EQ(formatTwoPathOf(s), "wiring");
}

TEST(ScenarioWiring, ForAwaitIsSavedAsFormatTwo)
{
    const Scenario s = parsed(scenarioText("2", "", R"("wiring": "for-await")"));
    const std::string saved = serializeScenario(s);
    EXPECT_NE(saved.find(R"("format": "bplab-scenario/2")"), std::string::npos);
    EXPECT_NE(saved.find(R"("wiring": "for-await")"), std::string::npos);
    EXPECT_EQ(parsed(saved), s);
}

TEST(ScenarioWiring, AnArrayOfV1WiringsStillNeedsFormatTwo)
{
    const Scenario s = parsed(scenarioText("2", "", R"("wiring": ["pipe", "pipe"])"));
    EXPECT_EQ(formatVersionOf(s), 2);
}

// ---------------------------------------------------------------------------
// Transform flush: validation

TEST(ScenarioFlush, ReadsTheThreeKeys)
{
    const Scenario s =
        parsed(scenarioText("2", R"("flush_ms": 7, "flush_chunks": 0, "flush_bytes": 16)"));
    EXPECT_EQ(s.stages[1].flushMs, 7);
    EXPECT_EQ(s.stages[1].flushChunks, 0);
    EXPECT_EQ(s.stages[1].flushBytes, 16);
}

TEST(ScenarioFlush, DefaultsToOneChunkOf1024Bytes)
{
    const Scenario s = parsed(scenarioText("2", R"("flush_ms": 0)"));
    EXPECT_EQ(s.stages[1].flushMs, 0);
    EXPECT_EQ(s.stages[1].flushChunks, 1);
    EXPECT_EQ(s.stages[1].flushBytes, 1024);
}

TEST(ScenarioFlush, WithoutFlushMsATransformHasNoFlush)
{
    EXPECT_EQ(parsed(scenarioText("2")).stages[1].flushMs, std::nullopt);
}

TEST(ScenarioFlush, RejectsANegativeOrFractionalFlushTime)
{
    EXPECT_EQ(errorOf(scenarioText("2", R"("flush_ms": -1)")),
              "stages[1].flush_ms: expected an integer >= 0, got -1");
    EXPECT_EQ(errorOf(scenarioText("2", R"("flush_ms": 1.5)")),
              "stages[1].flush_ms: expected an integer >= 0, got 1.5");
}

TEST(ScenarioFlush, RejectsANegativeChunkCountAndAZeroChunkSize)
{
    EXPECT_EQ(errorOf(scenarioText("2", R"("flush_ms": 1, "flush_chunks": -2)")),
              "stages[1].flush_chunks: expected an integer >= 0, got -2");
    EXPECT_EQ(errorOf(scenarioText("2", R"("flush_ms": 1, "flush_bytes": 0)")),
              "stages[1].flush_bytes: expected an integer >= 1, got 0");
}

TEST(ScenarioFlush, RejectsChunkCountOrSizeWithoutFlushMs)
{
    EXPECT_EQ(errorOf(scenarioText("2", R"("flush_chunks": 2)")),
              "stages[1].flush_chunks: allowed only with flush_ms (a transform without flush_ms "
              "has no _flush)");
    EXPECT_EQ(errorOf(scenarioText("2", R"("flush_bytes": 1024)")),
              "stages[1].flush_bytes: allowed only with flush_ms (a transform without flush_ms "
              "has no _flush)");
}

TEST(ScenarioFlush, AcceptsChunkCountBeforeFlushMsInTheFile)
{
    EXPECT_EQ(
        parsed(scenarioText("2", R"("flush_chunks": 2, "flush_ms": 1)")).stages[1].flushChunks, 2);
}

TEST(ScenarioFlush, RejectsAFlushTimeThatJitterTakesPastTwoToTheFiftyThird)
{
    EXPECT_EQ(
        errorOf(scenarioText("2", R"("flush_ms": 9007199254740991, "jitter": 0.5)")),
        "stages[1].jitter: 0.5 makes the flush take up to 1.3510798882111486e+16 ms, more than "
        "2^53-1 (9007199254740991, the largest integer a JavaScript number holds exactly)");
}

TEST(ScenarioFlush, RejectsATrailerWhoseChunkCountPassesTwoToTheFiftyThird)
{
    EXPECT_EQ(
        errorOf(scenarioText("2", R"("flush_ms": 0, "flush_chunks": 9007199254740991)")),
        "stages[1].flush_chunks: 3 outputs and 9007199254740991 from the flush make a number of "
        "chunks more than 2^53-1 (9007199254740991, the largest integer a JavaScript number "
        "holds exactly)");
}

TEST(ScenarioFlush, RejectsATrailerWhosePayloadPassesTwoToTheFiftyThird)
{
    EXPECT_EQ(
        errorOf(scenarioText("2", R"("flush_ms": 0, "flush_chunks": 9007199254740)")),
        "stages[1].flush_chunks: 9007199254743 outputs of up to 1024 bytes make a total payload "
        "more than 2^53-1 (9007199254740991, the largest integer a JavaScript number holds "
        "exactly)");
}

TEST(ScenarioFlush, InMemoryGivesTheParsersMessages)
{
    Scenario s = parsed(scenarioText("2"));
    s.stages[1].flushChunks = 3;
    EXPECT_EQ(errorOf(s),
              "stages[1].flush_chunks: allowed only with flush_ms (a transform "
              "without flush_ms has no _flush)");
    s.stages[1].flushMs = -4;
    EXPECT_EQ(errorOf(s), "stages[1].flush_ms: expected an integer >= 0, got -4");
    s = parsed(scenarioText("2"));
    s.stages[2].flushMs = 1;
    EXPECT_EQ(errorOf(s), R"(stages[2].flush_ms: not allowed on a "writable" stage)");
}

// ---------------------------------------------------------------------------
// Text sources and decoding writables

// A text source (its keys in `source`, after "text") feeding `middle` into
// `sink`, format 2.
std::string textScenario(std::string_view text, std::string_view source = "",
                         std::string_view middle = "", std::string_view sink = "",
                         std::string_view top = "")
{
    std::string json = R"({"format": "bplab-scenario/2", )";
    if (!top.empty()) {
        json += std::string(top) + ", ";
    }
    json += R"("stages": [{"id": "src", "kind": "readable", "text": )" + std::string(text);
    json += source.empty() ? "" : ", " + std::string(source);
    json += R"(}, {"id": "mid", "kind": "transform")";
    json += middle.empty() ? "" : ", " + std::string(middle);
    json += R"(}, {"id": "dst", "kind": "writable")";
    json += sink.empty() ? "" : ", " + std::string(sink);
    return json + "}]}";
}

TEST(ScenarioText, DerivesTheChunksFromTheTextsBytes)
{
    // "中" is 3 bytes: 7 bytes in chunks of 5 make 2 chunks.
    const Scenario s = parsed(textScenario(R"("a中b中")", R"("chunk_bytes": 5)"));
    EXPECT_EQ(s.stages[0].text, std::string("a\xE4\xB8\xAD"
                                            "b\xE4\xB8\xAD"));
    EXPECT_EQ(s.stages[0].chunks, 2);
    EXPECT_EQ(textChunkCount(8, 5), 2);
    EXPECT_EQ(textChunkCount(10, 5), 2);
    EXPECT_EQ(textChunkCount(11, 5), 3);
}

TEST(ScenarioText, ReadsTheDecodeOfTheWritable)
{
    EXPECT_EQ(parsed(textScenario(R"("x")", "", "", R"("decode": "per-chunk")")).stages[2].decode,
              Decode::PerChunk);
    EXPECT_EQ(
        parsed(textScenario(R"("x")", "", "", R"("decode": "string_decoder")")).stages[2].decode,
        Decode::StringDecoder);
    EXPECT_EQ(parsed(textScenario(R"("x")", "", "", R"("decode": "none")")).stages[2].decode,
              Decode::None);
    EXPECT_EQ(errorOf(textScenario(R"("x")", "", "", R"("decode": "utf8")")),
              R"(stages[2].decode: expected "none", "per-chunk" or "string_decoder", got "utf8")");
}

TEST(ScenarioText, RefusesChunksBesideText)
{
    EXPECT_EQ(errorOf(textScenario(R"("abc")", R"("chunks": 3)")),
              "stages[0].chunks: a text source's chunks are derived (ceil(bytes / chunk_bytes)); "
              "leave it out");
}

std::string quoted(const std::string& text)
{
    return "\"" + text + "\"";
}

TEST(ScenarioText, RefusesAnEmptyTextAndOneOverSixtyFourKibibytes)
{
    EXPECT_EQ(errorOf(textScenario(R"("")")),
              "stages[0].text: expected 1 to 65536 bytes of UTF-8, got 0 bytes");
    EXPECT_EQ(errorOf(textScenario(quoted(std::string(65537, 'a')))),
              "stages[0].text: expected 1 to 65536 bytes of UTF-8, got 65537 bytes");
    EXPECT_EQ(parsed(textScenario(quoted(std::string(65536, 'a')))).stages[0].chunks, 64);
}

TEST(ScenarioText, RefusesAnUnpairedSurrogateInMemoryNamingTheCharacter)
{
    Scenario s = parsed(textScenario(R"("abc")"));
    s.stages[0].text =
        "a\xC3\xA9"
        "\xED\xA0\x80"
        "z";  // a, é, then U+D800 as three bytes
    s.stages[0].chunks = 1;
    EXPECT_EQ(errorOf(s), "stages[0].text: unpaired surrogate at character 2");
}

TEST(ScenarioText, RefusesATextThatIsNotAString)
{
    EXPECT_EQ(errorOf(textScenario("12")), "stages[0].text: expected a string, got 12");
}

TEST(ScenarioText, EveryTransformPassesBytesThroughUnchanged)
{
    EXPECT_EQ(errorOf(textScenario(R"("abc")", "", R"("ratio": 0.5)")),
              "stages[1].ratio: a text pipeline passes bytes through unchanged; expected 1, got "
              "0.5");
    EXPECT_EQ(errorOf(textScenario(R"("abc")", "", R"("split": 2)")),
              "stages[1].split: a text pipeline passes bytes through unchanged; expected 1, got 2");
    EXPECT_EQ(errorOf(textScenario(R"("abc")", "", R"("flush_ms": 2)")),
              "stages[1].flush_ms: a text pipeline passes bytes through unchanged; expected no "
              "flush_ms, got 2");
}

TEST(ScenarioText, EverySideIsByteMode)
{
    EXPECT_EQ(errorOf(textScenario(R"("abc")", R"("objectMode": true)")),
              "stages[0].objectMode: a text pipeline passes bytes through unchanged; expected "
              "false on every side, got true");
    EXPECT_EQ(errorOf(textScenario(R"("abc")", "",
                                   R"("objectMode": {"readable": true, "writable": false})")),
              "stages[1].objectMode: a text pipeline passes bytes through unchanged; expected "
              R"(false on every side, got {"readable":true,"writable":false})");
    EXPECT_EQ(errorOf(textScenario(R"("abc")", "", "", R"("objectMode": true)")),
              "stages[2].objectMode: a text pipeline passes bytes through unchanged; expected "
              "false on every side, got true");
}

TEST(ScenarioText, DecodeNeedsATextSource)
{
    EXPECT_EQ(errorOf(scenarioText("2", "", "", "", R"("decode": "per-chunk")")),
              "stages[2].decode: needs a text source (stages[0].text)");
}

TEST(ScenarioText, TextAndDecodeAreSavedAsFormatTwoAndComeBack)
{
    const Scenario s = parsed(
        textScenario(R"("é\"\n😀")", R"("chunk_bytes": 3)", "", R"("decode": "string_decoder")"));
    EXPECT_EQ(formatTwoPathOf(s), "stages[0].text");
    const std::string text = serializeScenario(s);
    EXPECT_NE(text.find(R"("format": "bplab-scenario/2")"), std::string::npos);
    EXPECT_NE(text.find(R"("text": "é\"\n😀")"), std::string::npos);
    EXPECT_EQ(text.find(R"("chunks")"), std::string::npos);
    EXPECT_NE(text.find(R"("decode": "string_decoder")"), std::string::npos);
    EXPECT_EQ(parsed(text), s);
}

// ---------------------------------------------------------------------------
// Saving: /1 unless a format 2 key is used

TEST(ScenarioVersionSaving, AFormatTwoFileWithoutFormatTwoKeysIsSavedAsFormatOne)
{
    const Scenario s = parsed(scenarioText("2"));
    EXPECT_EQ(formatVersionOf(s), 1);
    EXPECT_TRUE(serializeScenario(s).starts_with("{\n  \"format\": \"bplab-scenario/1\",\n"));
}

TEST(ScenarioVersionSaving, AFlushIsSavedAsFormatTwoWithItsKeys)
{
    const Scenario s =
        parsed(scenarioText("2", R"("delay_ms": 2, "flush_ms": 5, "flush_bytes": 64)"));
    EXPECT_EQ(formatVersionOf(s), 2);
    EXPECT_EQ(serializeScenario(s), R"({
  "format": "bplab-scenario/2",
  "name": "",
  "node": "24",
  "seed": 1,
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
      "delay_ms": 2,
      "flush_ms": 5,
      "flush_bytes": 64
    },
    {
      "id": "dst",
      "kind": "writable"
    }
  ]
}
)");
}

TEST(ScenarioVersionSaving, AFlushSurvivesARoundTrip)
{
    const Scenario s = parsed(
        scenarioText("2", R"("flush_ms": 0, "flush_chunks": 0, "flush_bytes": 1, "jitter": 0.25)"));
    const auto back = parseScenario(serializeScenario(s));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, s);
    EXPECT_EQ(serializeScenario(*back), serializeScenario(s));
}

TEST(ScenarioVersionSaving, AFlushAddedInMemoryMakesTheSavedFileFormatTwo)
{
    Scenario s = parsed(scenarioText("1"));
    s.stages[1].flushMs = 3;
    s.stages[1].flushChunks = 4;
    ASSERT_EQ(errorOf(s), "(accepted)");
    const std::string text = serializeScenario(s);
    EXPECT_TRUE(text.starts_with("{\n  \"format\": \"bplab-scenario/2\",\n"));
    EXPECT_EQ(parsed(text), s);
}

TEST(ScenarioVersionSaving, AFormatOneFileSavesAsFormatOneByteForByte)
{
    const Scenario s = parsed(scenarioText("1", R"("delay_ms": 2)"));
    const std::string text = serializeScenario(s);
    EXPECT_EQ(serializeScenario(parsed(text)), text);
    EXPECT_TRUE(text.starts_with("{\n  \"format\": \"bplab-scenario/1\",\n"));
}

TEST(ScenarioVersions, BufferKeysLoadUnderEveryWiring)
{
    EXPECT_EQ(errorOf(scenarioText("2", "", R"("wiring": "for-await")", R"("alloc": "pool")")),
              "(accepted)");
    EXPECT_EQ(errorOf(scenarioText("2", "", R"("wiring": ["pipe", "for-await"])", "",
                                   R"("retain_bytes": 16)")),
              "(accepted)");
    EXPECT_EQ(errorOf(scenarioText("2", "", R"("wiring": ["pipe", "pipe"])", R"("alloc": "pool")")),
              "(accepted)");
}

}  // namespace
}  // namespace bplab
