// What bplab-cli verify and the window's Run on real Node share: finding
// Node, comparing the traces (oom lines aside) and explaining both sides of
// the first difference.
#include "bplab_core/node_check.h"

#include "bplab_core/explain.h"
#include "bplab_core/lesson.h"
#include "bplab_core/scenario.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace {

using bplab::compareWithNode;
using bplab::TraceLine;

bplab::Scenario example(const std::string& name)
{
    auto loaded = bplab::loadScenarioFile(std::string(BPLAB_EXAMPLES_DIR) + "/" + name + ".json");
    EXPECT_TRUE(loaded.ok());
    return *loaded;
}

TraceLine line(const std::string& json)
{
    return *bplab::parseTraceLine(json);
}

TEST(NodeCheck, EqualTracesHaveNoDifference)
{
    const auto trace = bplab::simulateTrace(example("fast-producer-slow-consumer"));
    const auto comparison = compareWithNode(trace, trace);
    EXPECT_FALSE(comparison.difference.has_value());
    EXPECT_EQ(comparison.ours.size(), trace.size());
    EXPECT_FALSE(comparison.cutAtOom);
}

TEST(NodeCheck, TheFirstAlteredLineIsTheDifference)
{
    const auto trace = bplab::simulateTrace(example("fast-producer-slow-consumer"));
    auto theirs = trace;
    theirs[5] =
        line(R"({"t":0,"stage":"socket","ev":"write","bytes":65536,"ret":true,"wlen":65536})");
    theirs[9] = line(R"({"t":0,"stage":"file","ev":"end"})");
    EXPECT_EQ(compareWithNode(trace, theirs).difference, std::optional<std::size_t>(5));
}

TEST(NodeCheck, AShorterTraceDiffersWhereItEnds)
{
    const auto trace = bplab::simulateTrace(example("fast-producer-slow-consumer"));
    auto theirs = trace;
    theirs.resize(7);
    EXPECT_EQ(compareWithNode(trace, theirs).difference, std::optional<std::size_t>(7));
}

TEST(NodeCheck, OomLinesAreLeftOutAndNodeIsComparedUpToOurs)
{
    const std::vector<TraceLine> ours{line(R"({"t":0,"stage":"a","ev":"read","rlen":0})"),
                                      line(R"({"t":1,"stage":"*","ev":"oom","bytes":99})")};
    const std::vector<TraceLine> theirs{line(R"({"t":0,"stage":"a","ev":"read","rlen":0})"),
                                        line(R"({"t":1,"stage":"a","ev":"end"})"),
                                        line(R"({"t":2,"stage":"*","ev":"idle"})")};
    const auto comparison = compareWithNode(ours, theirs);
    EXPECT_FALSE(comparison.difference.has_value());
    EXPECT_TRUE(comparison.cutAtOom);
    EXPECT_EQ(comparison.ours.size(), 1u);
    EXPECT_EQ(comparison.theirs.size(), 1u);
}

TEST(NodeCheck, BothSidesOfTheDifferenceAreExplained)
{
    const bplab::Scenario scenario = example("fast-producer-slow-consumer");
    const auto trace = bplab::simulateTrace(scenario);
    // Line 30, the first write() false (as real Node 24 writes it).
    ASSERT_EQ(trace[29].toJson(),
              R"({"t":300,"stage":"socket","ev":"write","bytes":16384,"ret":false,"wlen":65536})");
    auto theirs = trace;
    theirs[29] =
        line(R"({"t":300,"stage":"socket","ev":"write","bytes":16384,"ret":true,"wlen":65536})");
    const auto comparison = compareWithNode(trace, theirs);
    const bplab::DifferenceExplained why = bplab::explainDifference(scenario, comparison);
    bplab::SimulationOptions options;
    options.sampleEveryMs = 0;
    EXPECT_EQ(why.ours, bplab::replayToEvent(scenario, options, 29)->why);
    EXPECT_EQ(why.ours,
              "pipe() wrote a 16,384-byte chunk from 'file' to 'socket'. write() returned false: "
              "writableLength 65,536 >= highWaterMark 65,536 (Node 24's default). pipe() now "
              "pauses 'file' and waits for 'drain' on 'socket'.");
    // Node's line in its own words: what it says, not the simulation's state.
    EXPECT_EQ(why.theirs,
              "pipe() wrote a 16,384-byte chunk from 'file' to 'socket'. write() returned true: "
              "writableLength 65,536 < highWaterMark 65,536 (Node 24's default).");
}

TEST(NodeCheck, FindsNodeByPathOrOnPath)
{
    EXPECT_EQ(bplab::findNodeBinary("/no/such/node").error().message,
              "/no/such/node: not an executable file");
    EXPECT_EQ(bplab::findNodeBinary("no-such-node-binary-here").error().message,
              "no-such-node-binary-here: not found on PATH");
    EXPECT_EQ(*bplab::findNodeBinary("/bin/sh"), std::filesystem::path("/bin/sh"));
    EXPECT_TRUE(std::filesystem::is_regular_file(*bplab::findHarness(std::nullopt)));
    EXPECT_EQ(bplab::findHarness(std::string("/no/harness.js")).error().message,
              "/no/harness.js: no such file");
}

TEST(NodeCheck, TheMajorVersionIsTheProfiles)
{
    EXPECT_TRUE(bplab::sameMajorVersion(bplab::NodeProfile::V24, "v24.21.0"));
    EXPECT_FALSE(bplab::sameMajorVersion(bplab::NodeProfile::V24, "v20.20.2"));
    EXPECT_FALSE(bplab::sameMajorVersion(bplab::NodeProfile::V20, "v2.0.0"));
}

}  // namespace
