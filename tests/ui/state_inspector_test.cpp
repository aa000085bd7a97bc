#include "bplab_ui/state_inspector/state_inspector.h"

#include "bplab_ui/run/run.h"

#include <gtest/gtest.h>

namespace bplab::ui {
namespace {

Scenario fileGzipSocket()
{
    Scenario s;
    Stage file;
    file.id = "file";
    file.kind = StageKind::Readable;
    file.chunks = 10;
    Stage gzip;
    gzip.id = "gzip";
    gzip.kind = StageKind::Transform;
    Stage socket;
    socket.id = "socket";
    socket.kind = StageKind::Writable;
    s.stages = {file, gzip, socket};
    return s;
}

std::vector<StageSnapshot> snapshots(bool needDrain)
{
    std::vector<StageSnapshot> stages(3);
    stages[0].readable.present = true;
    stages[0].readable.flowing = 1;
    stages[1].readable.present = true;
    stages[1].writable.present = true;
    stages[2].writable.present = true;
    stages[2].writable.length = 17408;
    stages[2].writable.highWaterMark = 16384;
    stages[2].writable.needDrain = needDrain;
    return stages;
}

TEST(StateInspector, ShowsNodesFieldsOfTheChosenStageWithTooltips)
{
    StateInspector inspector;
    inspector.setScenario(fileGzipSocket());
    inspector.setState(snapshots(false));
    EXPECT_EQ(inspector.valueOf(QStringLiteral("readable.flowing")), QStringLiteral("true"));
    EXPECT_EQ(inspector.valueOf(QStringLiteral("writable.needDrain")),
              QString());  // a readable has no writable side

    inspector.setStage(2);
    inspector.setState(snapshots(false));
    EXPECT_EQ(inspector.valueOf(QStringLiteral("writable.length")), QStringLiteral("17,408 bytes"));
    EXPECT_EQ(inspector.valueOf(QStringLiteral("writable.highWaterMark")),
              QStringLiteral("16,384 bytes"));
    EXPECT_EQ(inspector.valueOf(QStringLiteral("readable.flowing")), QString());
    EXPECT_FALSE(inspector.toolTipOf(QStringLiteral("writable.needDrain")).isEmpty());
    EXPECT_FALSE(inspector.isHighlighted(QStringLiteral("writable.needDrain")));
}

TEST(StateInspector, HighlightsTheFieldsThatChanged)
{
    StateInspector inspector;
    inspector.setScenario(fileGzipSocket());
    inspector.setStage(2);
    inspector.setState(snapshots(false));
    inspector.setState(snapshots(true), QStringLiteral("live"));
    EXPECT_EQ(inspector.valueOf(QStringLiteral("writable.needDrain")), QStringLiteral("true"));
    EXPECT_TRUE(inspector.isHighlighted(QStringLiteral("writable.needDrain")));
    EXPECT_FALSE(inspector.isHighlighted(QStringLiteral("writable.length")));
}

TEST(StateInspector, ShowsTheBytesAStringDecoderHoldsInHex)
{
    const auto loaded = loadScenarioFile(std::string(BPLAB_EXAMPLES_DIR) +
                                         "/text-cut-decoded-with-string-decoder.json");
    ASSERT_TRUE(loaded.ok());
    ui::Run run;
    run.load(loaded.value());
    StateInspector inspector;
    inspector.setScenario(run.scenario());
    inspector.setStage(1);
    // Real Node's first decode line (line 8) returns "背" of the chunk
    // E8 83 8C E5 8E: the decoder keeps E5 8E, the start of "压".
    run.seekLine(8);
    inspector.setState(run.moment().stages);
    EXPECT_EQ(inspector.valueOf(QStringLiteral("decoder.pending")), QStringLiteral("E5 8E"));
    EXPECT_EQ(inspector.valueOf(QStringLiteral("decoder.pending (bytes)")),
              QStringLiteral("2 bytes"));
    EXPECT_FALSE(inspector.toolTipOf(QStringLiteral("decoder.pending")).isEmpty());
    // Its second (line 193) returns "压：" of 8B EF BC 9A E6: it keeps E6, the
    // start of "消"; the end() of _final (line 327) leaves nothing.
    run.seekLine(193);
    inspector.setState(run.moment().stages);
    EXPECT_EQ(inspector.valueOf(QStringLiteral("decoder.pending")), QStringLiteral("E6"));
    run.seekLine(327);
    inspector.setState(run.moment().stages);
    EXPECT_EQ(inspector.valueOf(QStringLiteral("decoder.pending")), QStringLiteral("none"));
    EXPECT_EQ(inspector.valueOf(QStringLiteral("decoder.pending (bytes)")),
              QStringLiteral("0 bytes"));

    // The source has no decoder rows; neither has a writable that decodes per chunk.
    inspector.setStage(0);
    EXPECT_EQ(inspector.valueOf(QStringLiteral("decoder.pending")), QString());
}

}  // namespace
}  // namespace bplab::ui
