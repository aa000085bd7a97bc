// The stage inspector's rows for the keys of bplab-scenario/2 (scenario-v2
// sections 3 and 4): flush_ms / flush_chunks / flush_bytes, text, decode.

#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/stage_inspector.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace bplab::ui {
namespace {

// 'file' -> 'gzip' -> 'socket'.
Scenario threeStages()
{
    Scenario s;
    s.name = "edit me";
    Stage file;
    file.id = "file";
    file.kind = StageKind::Readable;
    file.chunks = 10;
    file.chunkBytes = 5;
    file.intervalMs = 1;
    Stage gzip;
    gzip.id = "gzip";
    gzip.kind = StageKind::Transform;
    gzip.delayMs = 3;
    Stage socket;
    socket.id = "socket";
    socket.kind = StageKind::Writable;
    socket.delayMs = 5;
    s.stages = {file, gzip, socket};
    return s;
}

template <typename T>
T* child(const StageInspector& inspector, const char* name)
{
    return inspector.findChild<T*>(QString::fromLatin1(name));
}

TEST(StageInspectorFormatTwo, GivesATransformAFlushAndEditsItsKeys)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    QSignalSpy restart(&editor, &ScenarioEditor::restartRequested);
    inspector.setSelectedStage(1);

    auto* hasFlush = child<QCheckBox>(inspector, "hasFlush");
    ASSERT_NE(hasFlush, nullptr);
    EXPECT_FALSE(hasFlush->isChecked());
    ParamControl* flushMs = inspector.param(QStringLiteral("flush_ms"));
    ParamControl* flushChunks = inspector.param(QStringLiteral("flush_chunks"));
    ParamControl* flushBytes = inspector.param(QStringLiteral("flush_bytes"));
    ASSERT_NE(flushMs, nullptr);
    ASSERT_NE(flushChunks, nullptr);
    ASSERT_NE(flushBytes, nullptr);
    EXPECT_FALSE(flushChunks->isEnabled());  // only with flush_ms
    EXPECT_EQ(flushChunks->value(), 1.0);    // the spec's defaults
    EXPECT_EQ(flushBytes->value(), 1024.0);
    EXPECT_EQ(flushBytes->range().min, 1.0);
    EXPECT_EQ(flushChunks->range().min, 0.0);

    hasFlush->setChecked(true);
    EXPECT_EQ(editor.scenario().stages[1].flushMs, std::optional<std::int64_t>(0));
    flushMs = inspector.param(QStringLiteral("flush_ms"));
    flushMs->spinBox()->setValue(40.0);
    inspector.param(QStringLiteral("flush_chunks"))->spinBox()->setValue(2.0);
    inspector.param(QStringLiteral("flush_bytes"))->spinBox()->setValue(8.0);
    const Stage& gzip = editor.scenario().stages[1];
    EXPECT_EQ(gzip.flushMs, std::optional<std::int64_t>(40));
    EXPECT_EQ(gzip.flushChunks, 2);
    EXPECT_EQ(gzip.flushBytes, 8);
    // Not timing: each restarts the run, as a highWaterMark does.
    EXPECT_EQ(restart.count(), 4);
    EXPECT_EQ(formatVersionOf(editor.scenario()), 2);

    // No _flush: the flush keys go back to their defaults with it.
    child<QCheckBox>(inspector, "hasFlush")->setChecked(false);
    EXPECT_FALSE(editor.scenario().stages[1].flushMs.has_value());
    EXPECT_EQ(editor.scenario().stages[1].flushChunks, 1);
    EXPECT_EQ(editor.scenario().stages[1].flushBytes, 1024);
    EXPECT_EQ(formatVersionOf(editor.scenario()), 1);
}

TEST(StageInspectorFormatTwo, ATextBoxGivesTheSourceTextAndDerivesItsChunks)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    inspector.setSelectedStage(0);
    auto* text = child<QPlainTextEdit>(inspector, "text");
    ASSERT_NE(text, nullptr);
    text->setPlainText(QString::fromUtf8("背压\n🐢 ok"));  // 14 bytes of UTF-8
    child<QPushButton>(inspector, "applyText")->click();
    EXPECT_EQ(inspector.lastError(), QString());
    const Stage& file = editor.scenario().stages[0];
    ASSERT_TRUE(file.text.has_value());
    EXPECT_EQ(*file.text, "背压\n🐢 ok");
    EXPECT_EQ(file.chunks, 3);  // ceil(14 / 5)
    EXPECT_FALSE(inspector.param(QStringLiteral("chunks"))->isEnabled());
    EXPECT_EQ(inspector.param(QStringLiteral("chunks"))->value(), 3.0);

    // chunk_bytes moves the derived chunks with it.
    inspector.param(QStringLiteral("chunk_bytes"))->spinBox()->setValue(2.0);
    EXPECT_EQ(editor.scenario().stages[0].chunks, 7);

    // The writable decodes it.
    inspector.setSelectedStage(2);
    auto* decode = child<QComboBox>(inspector, "decode");
    ASSERT_NE(decode, nullptr);
    decode->setCurrentIndex(2);
    Q_EMIT decode->activated(2);
    EXPECT_EQ(editor.scenario().stages[2].decode, Decode::StringDecoder);

    // No text: the writable stops decoding in the same step.
    inspector.setSelectedStage(0);
    child<QPushButton>(inspector, "removeText")->click();
    EXPECT_FALSE(editor.scenario().stages[0].text.has_value());
    EXPECT_EQ(editor.scenario().stages[2].decode, Decode::None);
    editor.undoStack()->undo();
    EXPECT_EQ(editor.scenario().stages[2].decode, Decode::StringDecoder);
    EXPECT_EQ(*editor.scenario().stages[0].text, "背压\n🐢 ok");
}

TEST(StageInspectorFormatTwo, RefusalsNameTheKeyAsTheLoaderDoes)
{
    ScenarioEditor editor;
    Scenario s = threeStages();
    s.stages[1].ratio = 0.5;
    editor.setScenario(s);
    StageInspector inspector(&editor);
    inspector.show();  // a refusal is shown on the inspector

    inspector.setSelectedStage(2);
    auto* decode = child<QComboBox>(inspector, "decode");
    Q_EMIT decode->activated(1);
    EXPECT_EQ(
        inspector.lastError(),
        QStringLiteral("Not applied: stages[2].decode: needs a text source (stages[0].text)"));
    EXPECT_EQ(decode->currentIndex(), 0);  // back to the scenario's value

    inspector.setSelectedStage(0);
    auto* text = child<QPlainTextEdit>(inspector, "text");
    text->setPlainText(QStringLiteral("abc"));
    child<QPushButton>(inspector, "applyText")->click();
    EXPECT_EQ(inspector.lastError(),
              QStringLiteral("Not applied: stages[1].ratio: a text pipeline passes bytes through "
                             "unchanged; expected 1, got 0.5"));
    EXPECT_FALSE(editor.scenario().stages[0].text.has_value());

    text = child<QPlainTextEdit>(inspector, "text");
    text->setPlainText(QString());
    child<QPushButton>(inspector, "applyText")->click();
    EXPECT_EQ(inspector.lastError(),
              QStringLiteral(
                  "Not applied: stages[0].text: expected 1 to 65536 bytes of UTF-8, got 0 bytes"));
}

TEST(StageInspectorFormatTwo, AFileThatUsesTheKeysKeepsThemOnSave)
{
    MainWindow window;
    window.setErrorReporter([](const QString&, const QString&) {});
    window.player().setFrameTimerEnabled(false);
    auto* docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
    window.setScenarioEditor(docks->editor(), docks->undoAction(), docks->redoAction());
    ASSERT_TRUE(window.openFile(QStringLiteral(BPLAB_EXAMPLES_DIR "/gzip-flushes-a-trailer.json")));
    const Scenario opened = window.run().scenario();
    StageInspector* inspector = docks->stageInspector();
    inspector->setSelectedStage(1);
    inspector->param(QStringLiteral("flush_bytes"))->spinBox()->setValue(8.0);
    EXPECT_EQ(window.run().scenario().stages[1].flushBytes, 8);  // the run restarted with it

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.json"));
    ASSERT_TRUE(window.saveTo(path));
    const auto saved = loadScenarioFile(path.toStdString());
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    Scenario expected = opened;
    expected.stages[1].flushBytes = 8;
    expected.uiJson = saved.value().uiJson;  // the window's layout travels in "ui"
    EXPECT_EQ(saved.value(), expected);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    EXPECT_EQ(root.value(QStringLiteral("format")).toString(), QStringLiteral("bplab-scenario/2"));
    const QJsonObject gzip = root.value(QStringLiteral("stages")).toArray().at(1).toObject();
    EXPECT_EQ(gzip.value(QStringLiteral("flush_ms")).toInt(), 1500);
    EXPECT_EQ(gzip.value(QStringLiteral("flush_bytes")).toInt(), 8);

    // The text example keeps its text and decode.
    ASSERT_TRUE(
        window.openFile(QStringLiteral(BPLAB_EXAMPLES_DIR "/text-cut-decoded-per-chunk.json")));
    const QString textPath = dir.filePath(QStringLiteral("text.json"));
    ASSERT_TRUE(window.saveTo(textPath));
    const auto text = loadScenarioFile(textPath.toStdString());
    ASSERT_TRUE(text.ok()) << text.error().message;
    EXPECT_EQ(text.value().stages[0].text, window.run().scenario().stages[0].text);
    EXPECT_EQ(text.value().stages[1].decode, Decode::PerChunk);
}

}  // namespace
}  // namespace bplab::ui
