#include "bplab_ui/inspector/stage_inspector.h"
#include "bplab_ui/inspector/scenario_editor.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>

#include <gtest/gtest.h>

namespace bplab::ui {
namespace {

// 'file' -> 'gzip' -> 'socket', with an explicit highWaterMark on the sink.
Scenario threeStages()
{
    Scenario s;
    s.name = "edit me";
    Stage file;
    file.id = "file";
    file.kind = StageKind::Readable;
    file.chunks = 100;
    file.chunkBytes = 4096;
    file.intervalMs = 1;
    Stage gzip;
    gzip.id = "gzip";
    gzip.kind = StageKind::Transform;
    gzip.delayMs = 3;
    gzip.ratio = 0.25;
    Stage socket;
    socket.id = "socket";
    socket.kind = StageKind::Writable;
    socket.delayMs = 5;
    socket.highWaterMark.writable = 16384;
    s.stages = {file, gzip, socket};
    return s;
}

TEST(ScenarioEditor, UndoRestoresThePreviousScenarioExactly)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    std::vector<std::string> history{serializeScenario(editor.scenario())};

    Scenario a = editor.scenario();
    a.stages[2].delayMs = 40;
    ASSERT_TRUE(editor.apply(QStringLiteral("delay"), a).ok());
    history.push_back(serializeScenario(editor.scenario()));

    Scenario b = editor.scenario();
    b.stages[1].highWaterMark = {.readable = 4, .writable = 8, .split = true};
    b.stages[1].objectMode = {.readable = true, .writable = true, .split = false};
    b.wiring = Wiring::Naive;
    b.faults.push_back(
        Fault{.atMs = 50, .stage = "gzip", .action = FaultAction::Destroy, .message = ""});
    ASSERT_TRUE(editor.apply(QStringLiteral("many"), b).ok());
    history.push_back(serializeScenario(editor.scenario()));

    Scenario c = editor.scenario();
    Stage extra;
    extra.id = "csv";
    extra.kind = StageKind::Transform;
    c.stages.insert(c.stages.begin() + 1, extra);
    c.seed = 4000000000u;
    ASSERT_TRUE(editor.apply(QStringLiteral("add"), c).ok());
    history.push_back(serializeScenario(editor.scenario()));

    for (std::size_t i = history.size() - 1; i > 0; --i) {
        editor.undoStack()->undo();
        EXPECT_EQ(serializeScenario(editor.scenario()), history[i - 1]) << "undo to step " << i - 1;
    }
    EXPECT_EQ(editor.scenario(), threeStages());
    for (std::size_t i = 1; i < history.size(); ++i) {
        editor.undoStack()->redo();
        EXPECT_EQ(serializeScenario(editor.scenario()), history[i]) << "redo to step " << i;
    }
}

TEST(ScenarioEditor, RefusesAnInvalidScenarioAndKeepsTheCurrentOne)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    Scenario bad = editor.scenario();
    bad.stages[1].id = "file";  // duplicate id
    const Status status = editor.apply(QStringLiteral("rename"), bad);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().message.find("stages[1].id"), std::string::npos)
        << status.error().message;
    EXPECT_EQ(editor.scenario(), threeStages());
    EXPECT_EQ(editor.undoStack()->count(), 0);
}

TEST(ScenarioEditor, ClassifiesTimingAndStructuralEdits)
{
    const Scenario base = threeStages();
    Scenario timing = base;
    timing.stages[1].ratio = 0.5;
    timing.stages[1].split = 3;
    timing.stages[2].jitter = 0.2;
    std::vector<std::size_t> stages;
    EXPECT_EQ(classifyEdit(base, timing, &stages), EditEffect::Timing);
    EXPECT_EQ(stages, (std::vector<std::size_t>{1, 2}));

    Scenario chunks = base;
    chunks.stages[0].chunks = 5;
    EXPECT_EQ(classifyEdit(base, chunks), EditEffect::Structural);
    Scenario seed = base;
    seed.seed = 9;
    EXPECT_EQ(classifyEdit(base, seed), EditEffect::Structural);
    Scenario name = base;
    name.name = "renamed";
    EXPECT_EQ(classifyEdit(base, name), EditEffect::Cosmetic);
    EXPECT_EQ(classifyEdit(base, base), EditEffect::None);
}

TEST(StageInspector, ChangingASinksDelayIsALiveTimingEdit)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    QSignalSpy timing(&editor, &ScenarioEditor::timingEdited);
    QSignalSpy restart(&editor, &ScenarioEditor::restartRequested);

    inspector.setSelectedStage(2);
    ParamControl* delay = inspector.param(QStringLiteral("delay_ms"));
    ASSERT_NE(delay, nullptr);
    EXPECT_EQ(delay->value(), 5.0);
    delay->spinBox()->setValue(20.0);

    ASSERT_EQ(timing.count(), 1);
    EXPECT_EQ(timing.at(0).at(0).value<std::size_t>(), 2u);
    EXPECT_EQ(timing.at(0).at(1).value<StageTiming>().delayMs, 20);
    EXPECT_EQ(restart.count(), 0);
    EXPECT_EQ(editor.scenario().stages[2].delayMs, 20);

    // Undo is a timing edit too: back to 5 ms, still no restart.
    editor.undoStack()->undo();
    ASSERT_EQ(timing.count(), 2);
    EXPECT_EQ(timing.at(1).at(1).value<StageTiming>().delayMs, 5);
    EXPECT_EQ(restart.count(), 0);
    EXPECT_EQ(delay->value(), 5.0);
}

TEST(StageInspector, ChangingAHighWaterMarkRequestsARestart)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    QSignalSpy timing(&editor, &ScenarioEditor::timingEdited);
    QSignalSpy restart(&editor, &ScenarioEditor::restartRequested);

    inspector.setSelectedStage(2);
    ParamControl* hwm = inspector.param(QStringLiteral("highWaterMark"));
    ASSERT_NE(hwm, nullptr);
    EXPECT_EQ(hwm->value(), 16384.0);
    EXPECT_EQ(hwm->range().unit, QStringLiteral("bytes"));
    hwm->spinBox()->setValue(32768.0);

    EXPECT_EQ(timing.count(), 0);
    ASSERT_EQ(restart.count(), 1);
    EXPECT_TRUE(restart.at(0).at(0).toString().contains(QStringLiteral("restarted from t = 0")));
    EXPECT_EQ(editor.scenario().stages[2].highWaterMark.writable, 32768);
}

TEST(StageInspector, TheWidgetsLimitsAreTheSpecsLimits)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    inspector.setSelectedStage(1);
    EXPECT_EQ(inspector.param(QStringLiteral("jitter"))->spinBox()->maximum(), 1.0);
    EXPECT_EQ(inspector.param(QStringLiteral("jitter"))->spinBox()->minimum(), 0.0);
    EXPECT_GT(inspector.param(QStringLiteral("ratio"))->spinBox()->minimum(), 0.0);
    EXPECT_EQ(inspector.param(QStringLiteral("split"))->spinBox()->minimum(), 1.0);
    EXPECT_EQ(inspector.param(QStringLiteral("delay_ms"))->spinBox()->minimum(), 0.0);
    EXPECT_EQ(inspector.param(QStringLiteral("delay_ms"))->range().unit, QStringLiteral("ms"));
    ASSERT_NE(inspector.param(QStringLiteral("highWaterMark.readable")), nullptr);
    ASSERT_NE(inspector.param(QStringLiteral("highWaterMark.writable")), nullptr);

    // A push-mode source needs interval_ms >= 1.
    Scenario push = threeStages();
    push.stages[0].mode = SourceMode::Push;
    editor.setScenario(push);
    inspector.setSelectedStage(0);
    EXPECT_EQ(inspector.param(QStringLiteral("interval_ms"))->spinBox()->minimum(), 1.0);
    EXPECT_EQ(inspector.param(QStringLiteral("chunk_bytes"))->spinBox()->minimum(), 1.0);
}

TEST(StageInspector, ASliderDragIsOneUndoStep)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    inspector.setSelectedStage(1);
    QSlider* slider = inspector.param(QStringLiteral("delay_ms"))->slider();
    slider->setSliderDown(true);
    for (int position : {300, 400, 500, 600}) {
        slider->setValue(position);
    }
    slider->setSliderDown(false);
    EXPECT_EQ(editor.undoStack()->count(), 1);
    EXPECT_GT(editor.scenario().stages[1].delayMs, 3);
    editor.undoStack()->undo();
    EXPECT_EQ(editor.scenario(), threeStages());
}

TEST(StageInspector, AddsRemovesAndMovesTransforms)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    QSignalSpy restart(&editor, &ScenarioEditor::restartRequested);
    inspector.setSelectedStage(1);
    // Add after 'gzip', then move the new one before it, then remove it.
    auto buttons = inspector.findChildren<QPushButton*>();
    const auto button = [&](const QString& text) -> QPushButton* {
        for (QPushButton* b : buttons) {
            if (b->text() == text) {
                return b;
            }
        }
        return nullptr;
    };
    ASSERT_NE(button(QStringLiteral("Add transform")), nullptr);
    button(QStringLiteral("Add transform"))->click();
    ASSERT_EQ(editor.scenario().stages.size(), 4u);
    EXPECT_EQ(editor.scenario().stages[2].id, "transform");
    EXPECT_EQ(inspector.selectedStage(), 2);
    button(QStringLiteral("Up"))->click();
    EXPECT_EQ(editor.scenario().stages[1].id, "transform");
    EXPECT_EQ(editor.scenario().stages[2].id, "gzip");
    button(QStringLiteral("Remove"))->click();
    EXPECT_EQ(editor.scenario().stages.size(), 3u);
    EXPECT_EQ(restart.count(), 3);
    // The readable source cannot be removed or moved.
    inspector.setSelectedStage(0);
    EXPECT_FALSE(button(QStringLiteral("Remove"))->isEnabled());
    EXPECT_FALSE(button(QStringLiteral("Down"))->isEnabled());
}

TEST(StageInspector, UsingTheDefaultHighWaterMarkIsAStructuralEdit)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    QSignalSpy restart(&editor, &ScenarioEditor::restartRequested);
    inspector.setSelectedStage(2);
    QCheckBox* useDefault = nullptr;
    for (QCheckBox* box : inspector.findChildren<QCheckBox*>()) {
        if (box->text().startsWith(QStringLiteral("default"))) {
            useDefault = box;
        }
    }
    ASSERT_NE(useDefault, nullptr);
    useDefault->setChecked(true);
    EXPECT_FALSE(editor.scenario().stages[2].highWaterMark.writable.has_value());
    EXPECT_EQ(restart.count(), 1);
    EXPECT_EQ(inspector.param(QStringLiteral("highWaterMark"))->value(),
              65536.0);  // Node 24's default
    EXPECT_FALSE(inspector.param(QStringLiteral("highWaterMark"))->isEnabled());
}

TEST(StageInspector, AddsAndEditsFaults)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    QSignalSpy restart(&editor, &ScenarioEditor::restartRequested);
    inspector.setSelectedStage(1);
    QPushButton* add = nullptr;
    for (QPushButton* b : inspector.findChildren<QPushButton*>()) {
        if (b->text() == QStringLiteral("Add fault")) {
            add = b;
        }
    }
    ASSERT_NE(add, nullptr);
    add->click();
    ASSERT_EQ(editor.scenario().faults.size(), 1u);
    EXPECT_EQ(editor.scenario().faults[0].stage, "gzip");
    EXPECT_EQ(restart.count(), 1);

    auto* table = inspector.findChild<QTableWidget*>();
    ASSERT_NE(table, nullptr);
    auto* message = qobject_cast<QLineEdit*>(table->cellWidget(0, 3));
    ASSERT_NE(message, nullptr);
    message->setText(QStringLiteral("disk full"));
    Q_EMIT message->editingFinished();
    EXPECT_EQ(editor.scenario().faults[0].message, "disk full");
    auto* at = qobject_cast<QDoubleSpinBox*>(table->cellWidget(0, 0));
    ASSERT_NE(at, nullptr);
    EXPECT_EQ(at->minimum(), 0.0);
    at->setValue(250.0);
    EXPECT_EQ(editor.scenario().faults[0].atMs, 250);
    EXPECT_EQ(restart.count(), 3);

    // Removing the stage removes its faults, so the scenario stays valid.
    for (QPushButton* b : inspector.findChildren<QPushButton*>()) {
        if (b->text() == QStringLiteral("Remove")) {
            b->click();
        }
    }
    EXPECT_EQ(editor.scenario().stages.size(), 2u);
    EXPECT_TRUE(editor.scenario().faults.empty());

    // Undo all the way back.
    editor.undoStack()->undo();
    EXPECT_EQ(editor.scenario().faults[0].atMs, 250);
    editor.undoStack()->undo();
    editor.undoStack()->undo();
    EXPECT_EQ(editor.scenario().faults[0].message, "boom");
    editor.undoStack()->undo();
    EXPECT_EQ(editor.scenario(), threeStages());
}

TEST(StageInspector, AFormRebuiltWhileShownIsNotSqueezed)
{
    ScenarioEditor editor;
    StageInspector inspector(&editor);
    inspector.resize(460, 400);
    inspector.show();
    QCoreApplication::processEvents();
    editor.setScenario(threeStages());  // the stage form is built now, while shown
    QCoreApplication::processEvents();
    auto* area = inspector.findChild<QScrollArea*>();
    ASSERT_NE(area, nullptr);
    EXPECT_GE(area->widget()->height(), area->widget()->minimumSizeHint().height());
}

}  // namespace
}  // namespace bplab::ui
