// The stage inspector's alloc and retain_bytes rows (scenario-v2 section 5).
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/stage_inspector.h"

#include <QComboBox>
#include <QDoubleSpinBox>

#include <gtest/gtest.h>

namespace bplab::ui {
namespace {

Scenario headerCache()
{
    Scenario s;
    Stage socket;
    socket.id = "socket";
    socket.kind = StageKind::Readable;
    socket.chunks = 10;
    Stage parser;
    parser.id = "parser";
    parser.kind = StageKind::Transform;
    parser.split = 16;
    Stage cache;
    cache.id = "cache";
    cache.kind = StageKind::Writable;
    s.stages = {socket, parser, cache};
    return s;
}

TEST(StageInspectorBuffers, ChoosingThePoolSetsAllocAndTheDefaultClearsIt)
{
    ScenarioEditor editor;
    editor.setScenario(headerCache());
    StageInspector inspector(&editor);
    inspector.setSelectedStage(1);
    auto* alloc = inspector.findChild<QComboBox*>(QStringLiteral("alloc"));
    ASSERT_NE(alloc, nullptr);
    EXPECT_EQ(alloc->currentIndex(), 0);
    EXPECT_TRUE(alloc->isEnabled());
    alloc->setCurrentIndex(1);
    Q_EMIT alloc->activated(1);
    EXPECT_EQ(editor.scenario().stages[1].alloc, Alloc::Pool);
    EXPECT_EQ(formatVersionOf(editor.scenario()), 2);
    Q_EMIT alloc->activated(0);
    EXPECT_EQ(editor.scenario().stages[1].alloc, std::nullopt);
    EXPECT_EQ(formatVersionOf(editor.scenario()), 1);
    EXPECT_EQ(inspector.findChild<QDoubleSpinBox*>(QStringLiteral("retain_bytes")), nullptr);
}

TEST(StageInspectorBuffers, RetainBytesIsTheWritablesAndZeroLeavesTheKeyOut)
{
    ScenarioEditor editor;
    editor.setScenario(headerCache());
    StageInspector inspector(&editor);
    inspector.setSelectedStage(2);
    auto* retain = inspector.findChild<QDoubleSpinBox*>(QStringLiteral("retain_bytes"));
    ASSERT_NE(retain, nullptr);
    EXPECT_EQ(inspector.findChild<QComboBox*>(QStringLiteral("alloc")), nullptr);
    EXPECT_EQ(retain->value(), 0.0);
    retain->setValue(16.0);
    EXPECT_EQ(editor.scenario().stages[2].retainBytes, 16);
    retain->setValue(0.0);
    EXPECT_EQ(editor.scenario().stages[2].retainBytes, std::nullopt);
    // Undo brings the 16 bytes back into the spin box.
    editor.undoStack()->undo();
    EXPECT_EQ(editor.scenario().stages[2].retainBytes, 16);
    retain = inspector.findChild<QDoubleSpinBox*>(QStringLiteral("retain_bytes"));
    ASSERT_NE(retain, nullptr);
    EXPECT_EQ(retain->value(), 16.0);
}

TEST(StageInspectorBuffers, AnObjectModeSideCannotTakeEither)
{
    Scenario s = headerCache();
    s.stages[0].objectMode.readable = true;
    s.stages[1].objectMode = {.readable = true, .writable = true, .split = false};
    s.stages[2].objectMode.writable = true;
    ScenarioEditor editor;
    editor.setScenario(s);
    StageInspector inspector(&editor);
    inspector.setSelectedStage(0);
    auto* alloc = inspector.findChild<QComboBox*>(QStringLiteral("alloc"));
    ASSERT_NE(alloc, nullptr);
    EXPECT_FALSE(alloc->isEnabled());
    inspector.setSelectedStage(2);
    auto* retain = inspector.findChild<QDoubleSpinBox*>(QStringLiteral("retain_bytes"));
    ASSERT_NE(retain, nullptr);
    EXPECT_FALSE(retain->isEnabled());
}

TEST(StageInspectorBuffers, ThePoolIsTakenUnderTheForAwaitWiringToo)
{
    Scenario s = headerCache();
    s.wiring = Wiring::ForAwait;
    ScenarioEditor editor;
    editor.setScenario(s);
    StageInspector inspector(&editor);
    inspector.setSelectedStage(1);
    auto* alloc = inspector.findChild<QComboBox*>(QStringLiteral("alloc"));
    ASSERT_NE(alloc, nullptr);
    alloc->setCurrentIndex(1);
    Q_EMIT alloc->activated(1);
    EXPECT_EQ(editor.scenario().stages[1].alloc, Alloc::Pool);
    EXPECT_EQ(inspector.lastError(), QString());
}

TEST(StageInspectorBuffers, ThePoolOnATextPipelinesTransformIsRefusedNamingItsPath)
{
    Scenario s = headerCache();
    s.stages[0].text = "abc";
    s.stages[0].chunkBytes = 1;
    s.stages[0].chunks = 3;
    s.stages[1].split = 1;
    ScenarioEditor editor;
    editor.setScenario(s);
    StageInspector inspector(&editor);
    inspector.show();  // a refusal is shown on the inspector
    inspector.setSelectedStage(1);
    auto* alloc = inspector.findChild<QComboBox*>(QStringLiteral("alloc"));
    ASSERT_NE(alloc, nullptr);
    Q_EMIT alloc->activated(1);
    EXPECT_EQ(inspector.lastError(),
              QStringLiteral("Not applied: stages[1].alloc: a text pipeline passes bytes through "
                             "unchanged; expected no alloc, got \"pool\""));
    EXPECT_EQ(editor.scenario().stages[1].alloc, std::nullopt);
    alloc = inspector.findChild<QComboBox*>(QStringLiteral("alloc"));
    ASSERT_NE(alloc, nullptr);
    EXPECT_EQ(alloc->currentIndex(), 0);  // back to the scenario's value
}

}  // namespace
}  // namespace bplab::ui
