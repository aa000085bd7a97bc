// The window's modified marker follows the undo stack of scenario edits, and
// Save writes the scenario as edited.
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/main_window.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace bplab;
using namespace bplab::ui;

namespace {

struct EditedWindow {
    MainWindow window;
    AnalysisDocks* docks = nullptr;
    int prompts = 0;
    UnsavedChoice answer = UnsavedChoice::Cancel;

    EditedWindow()
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.setUnsavedChangesPrompt([this] {
            ++prompts;
            return answer;
        });
        window.player().setFrameTimerEnabled(false);
        docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
        window.setScenarioEditor(docks->editor(), docks->undoAction(), docks->redoAction());
        EXPECT_TRUE(window.openExample(QStringLiteral("fast-producer-slow-consumer")));
    }

    // A live timing edit, as the stage inspector makes it.
    void slowDownLastStage()
    {
        Scenario edited = docks->editor()->scenario();
        edited.stages.back().delayMs += 5;
        ASSERT_TRUE(docks->editor()->apply(QStringLiteral("delay_ms"), edited).ok());
    }
};

TEST(UnsavedChanges, AnOpenedScenarioIsNotModifiedAndTheTitleNamesIt)
{
    EditedWindow f;
    EXPECT_FALSE(f.window.isWindowModified());
    EXPECT_TRUE(f.window.windowTitle().contains(QStringLiteral("[*]")));
    EXPECT_TRUE(
        f.window.windowTitle().contains(QString::fromStdString(f.window.run().scenario().name)));
}

TEST(UnsavedChanges, AnEditMarksTheWindowModifiedAndUndoingItClearsTheMark)
{
    EditedWindow f;
    f.slowDownLastStage();
    EXPECT_TRUE(f.window.isWindowModified());
    f.docks->undoAction()->trigger();
    EXPECT_FALSE(f.window.isWindowModified());
    f.docks->redoAction()->trigger();
    EXPECT_TRUE(f.window.isWindowModified());
}

TEST(UnsavedChanges, SaveClearsTheMarkAndWritesTheEditedScenario)
{
    EditedWindow f;
    f.slowDownLastStage();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("edited.json"));
    ASSERT_TRUE(f.window.saveTo(path));
    EXPECT_FALSE(f.window.isWindowModified());
    EXPECT_EQ(f.window.currentFile(), path);

    const Result<Scenario> saved = loadScenarioFile(std::filesystem::path(path.toStdString()));
    ASSERT_TRUE(saved);
    Scenario expected = f.docks->editor()->scenario();
    expected.uiJson = saved.value().uiJson;  // speed and chart window are added on save
    EXPECT_TRUE(saved.value() == expected);
    EXPECT_EQ(saved.value().stages.back().delayMs, f.window.run().scenario().stages.back().delayMs);
}

TEST(UnsavedChanges, AnEditOfTheNameAloneIsSavedToo)
{
    EditedWindow f;
    Scenario renamed = f.docks->editor()->scenario();
    renamed.name = "renamed in the inspector";
    ASSERT_TRUE(f.docks->editor()->apply(QStringLiteral("name"), renamed).ok());
    EXPECT_TRUE(f.window.isWindowModified());
    EXPECT_TRUE(f.window.windowTitle().contains(QStringLiteral("renamed in the inspector")));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("renamed.json"));
    ASSERT_TRUE(f.window.saveTo(path));
    const Result<Scenario> saved = loadScenarioFile(std::filesystem::path(path.toStdString()));
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved.value().name, "renamed in the inspector");
}

TEST(UnsavedChanges, LosingEditsAsksFirstAndCancelKeepsThem)
{
    EditedWindow f;
    EXPECT_TRUE(f.window.confirmDiscardEdits());
    EXPECT_EQ(f.prompts, 0);  // nothing to lose, nothing asked

    f.slowDownLastStage();
    f.answer = UnsavedChoice::Cancel;
    EXPECT_FALSE(f.window.confirmDiscardEdits());
    EXPECT_FALSE(f.window.close());
    EXPECT_EQ(f.prompts, 2);
    EXPECT_TRUE(f.window.isWindowModified());

    f.answer = UnsavedChoice::Discard;
    EXPECT_TRUE(f.window.confirmDiscardEdits());
    EXPECT_TRUE(f.window.openExample(QStringLiteral("error-with-pipe")));
    EXPECT_FALSE(f.window.isWindowModified());
}

TEST(UnsavedChanges, TheEditMenuHoldsUndoAndRedo)
{
    EditedWindow f;
    QMenu* edit = nullptr;
    for (QAction* action : f.window.menuBar()->actions()) {
        if (action->text() == QStringLiteral("&Edit")) {
            edit = action->menu();
        }
    }
    ASSERT_NE(edit, nullptr);
    EXPECT_TRUE(edit->actions().contains(f.docks->undoAction()));
    EXPECT_TRUE(edit->actions().contains(f.docks->redoAction()));
}

}  // namespace
