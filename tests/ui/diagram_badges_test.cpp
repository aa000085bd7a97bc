// The diagram's badges for a transform's _flush and a decoding writable
// (scenario-v2 sections 3 and 4), at moments of real runs.

#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/run/run.h"

#include <gtest/gtest.h>

namespace bplab::ui {
namespace {

// Virtual ms past the end of every example here (each ends before 21 s).
constexpr std::int64_t kPastTheEnd = 60000;

Scenario example(const char* name)
{
    const auto loaded = loadScenarioFile(std::string(BPLAB_EXAMPLES_DIR) + "/" + name + ".json");
    EXPECT_TRUE(loaded.ok());
    return loaded.value();
}

QString badgeAt(Run& run, std::size_t stage)
{
    return PipelineDiagram::formatTwoBadge(run.scenario().stages[stage],
                                           run.moment().stages[stage]);
}

TEST(DiagramBadges, ATransformsFlushIsPendingThenRunningThenDone)
{
    ui::Run run;
    run.load(example("gzip-flushes-a-trailer"));
    run.seekTime(1000);
    EXPECT_EQ(badgeAt(run, 1), QStringLiteral("_flush pending"));
    // Real Node 24 writes gzip's `flush` as line 1885 (0-based, t = 19173)
    // and `flushed` as line 1891 (t = 20753).
    run.seekLine(1885);
    ASSERT_EQ(run.moment().line->event.kind, EventKind::Flush);
    EXPECT_EQ(run.moment().t, 19173);
    EXPECT_EQ(badgeAt(run, 1), QStringLiteral("flushing"));
    run.seekLine(1891);
    ASSERT_EQ(run.moment().line->event.kind, EventKind::Flushed);
    EXPECT_EQ(badgeAt(run, 1), QStringLiteral("flushing"));
    run.seekTime(kPastTheEnd);
    EXPECT_EQ(badgeAt(run, 1), QStringLiteral("flushed"));
    EXPECT_EQ(badgeAt(run, 0), QString());  // the source has no _flush
    EXPECT_EQ(badgeAt(run, 2), QString());  // nor decodes
}

TEST(DiagramBadges, ADecodingWritableSaysHowAndWhatItsDecoderHolds)
{
    ui::Run perChunk;
    perChunk.load(example("text-cut-decoded-per-chunk"));
    perChunk.seekLine(8);
    EXPECT_EQ(badgeAt(perChunk, 1), QStringLiteral("decodes per chunk"));

    ui::Run decoder;
    decoder.load(example("text-cut-decoded-with-string-decoder"));
    // Node's first decode line returns "背" and leaves E5 8E of "压" pending.
    decoder.seekLine(8);
    EXPECT_EQ(badgeAt(decoder, 1), QStringLiteral("StringDecoder holds 2 B"));
    decoder.seekTime(kPastTheEnd);
    EXPECT_EQ(badgeAt(decoder, 1), QStringLiteral("StringDecoder"));
}

}  // namespace
}  // namespace bplab::ui
