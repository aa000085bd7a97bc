#pragma once

#include <QMainWindow>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

#include "bplab_ui/charts_panel.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/run/run_chart_source.h"
#include "bplab_ui/run/selection.h"

class QAction;
class QLabel;
class QMenu;
class QSlider;
class QSplitter;
class QToolBar;

namespace bplab::ui {

class FrameStats;
class LiveText;
class HelpMenu;
class PipelineDiagram;
class RunExports;
class PresenterMode;
class StoryDirector;
class StoryStrip;
class ScenarioEditor;
class Scrubber;
class TimeTravelKeys;

// What to do with unsaved scenario edits before they would be lost.
enum class UnsavedChoice { Save, Discard, Cancel };

// The main window: the diagram over the charts in a splitter (central area),
// a playback toolbar, the File / Examples / Export menus, and room for docks
// (stage inspector, event log, ...): add them with addDockWidget() and their
// toggle action to viewMenu(); saveState() covers them by objectName.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The run shown, the clock that plays it, and what is pointed at.
    [[nodiscard]] Run& run() { return m_run; }
    [[nodiscard]] Player& player() { return m_player; }
    [[nodiscard]] Selection& selection() { return m_selection; }
    [[nodiscard]] Scrubber* scrubber() const { return m_scrubber; }
    [[nodiscard]] TimeTravelKeys* timeTravelKeys() const { return m_timeTravel; }
    [[nodiscard]] PipelineDiagram* diagram() const { return m_diagram; }
    [[nodiscard]] ChartsPanel* charts() const { return m_charts; }
    [[nodiscard]] QMenu* viewMenu() const { return m_viewMenu; }
    // File > Lessons: empty here, filled by the lesson layer (ui/src/lessons).
    [[nodiscard]] QMenu* lessonsMenu() const { return m_lessonsMenu; }
    [[nodiscard]] HelpMenu* helpMenu() const { return m_helpMenu; }
    // F5: full screen, large type, projector theme (see PresenterMode).
    [[nodiscard]] PresenterMode* presenter() const { return m_presenter; }
    // The narrative strip over the diagram, and what tells it the story.
    [[nodiscard]] StoryStrip* story() const { return m_story; }
    [[nodiscard]] StoryDirector* storyDirector() const { return m_director; }
    [[nodiscard]] QString currentFile() const { return m_currentFile; }

    // Built-in examples (":/examples/<name>.json"), by file name without .json.
    [[nodiscard]] static QStringList exampleNames();
    // Opening reports errors (a dialog, or the reporter) and keeps the
    // scenario that was open. Returns whether the new one is loaded.
    bool openFile(const QString& path);
    bool openExample(const QString& name);
    // Shows a scenario that comes from no file of its own (a lesson's), as
    // openExample() does.
    void openScenario(const Scenario& scenario);
    // Asked first by openFile(): returns nullopt for a file it does not
    // handle, else whether it opened it (a lesson file opens as a lesson).
    void setFileOpener(std::function<std::optional<bool>(const QString& path)> opener);
    // What the app opens when launched without a file: a pipe() that pauses
    // and resumes, so something moves at once.
    [[nodiscard]] static QString defaultExampleName();
    bool saveTo(const QString& path);  // atomic; the "ui" object included
    // File > New: the starter scenario, no file (does not ask about edits).
    void newScenario();
    // An undoable edit of the scenario's name and description (needs the
    // scenario editor). Returns whether it was applied.
    bool setNameAndDescription(const QString& name, const QString& description);

    // Scenario edits (the stage inspector's): Save writes editor->scenario(),
    // the window is modified while its undo stack is not clean, and an Edit
    // menu gets `undo` and `redo`. Not owned; call once, after the docks exist.
    void setScenarioEditor(ScenarioEditor* editor, QAction* undo, QAction* redo);
    // The scenario as edited: what Save writes.
    [[nodiscard]] const Scenario& editedScenario() const;
    // Asked before edits would be lost (close, open, drop); a message box by
    // default. Batch modes and tests replace it, so that nothing waits for a person.
    void setUnsavedChangesPrompt(std::function<UnsavedChoice()> prompt);
    // Asks, when modified, what to do with the edits. Returns whether the
    // caller may go on (saved or discarded), false when cancelled.
    bool confirmDiscardEdits();
    // File > Export without its dialog (RunExports does the work).
    bool exportTrace(const QString& path);
    bool exportSamples(const QString& path);
    bool exportDiagramPng(const QString& path);
    // ChartsPanel::ChartCount: the four charts stacked in one picture.
    bool exportChartPng(ChartsPanel::Chart chart, const QString& path);

    // Replaces the error dialog (tests, command-line modes).
    void setErrorReporter(
        std::function<void(const QString& title, const QString& message)> reporter);
    [[nodiscard]] QString lastError() const { return m_lastError; }
    // A dialog, or the reporter when one is set.
    void reportError(const QString& title, const QString& message);
    // Collect frame times (work + paint) into `stats` (not owned; nullptr stops).
    void setFrameStats(FrameStats* stats) { m_frameStats = stats; }
    // Restores geometry, dock layout and splitter from QSettings; from then on
    // closing saves them. Call after every dock has been added.
    void restoreLayout();
    // Highlights a stage in the diagram (-1: none), e.g. the stage of a line
    // picked in the event log. While stepping, the stepped line's stage wins.
    // Cleared when a scenario is loaded.
    void highlightStage(int stageIndex);
    [[nodiscard]] int highlightedStage() const { return m_pickedStage; }
    // Pull the state now (also done on every frameAdvanced()).
    void refreshViews();

protected:
    bool event(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildActions();
    void buildToolBar();
    void buildMenus();
    void applyScenario(const Scenario& scenario, const QString& file);
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void updateTitle();
    void updatePlayAction();
    void setSpeedFromSlider(int position);
    void syncSpeedSlider(double speed);
    [[nodiscard]] std::string uiJsonForSave() const;

    void onOpen();
    bool save();  // to the current file, else asks for one
    void onSave();
    void onSaveAs();
    void editNameAndDescription();

    Run m_run;
    Player m_player;
    Selection m_selection;
    RunChartSource m_chartSource;
    Scrubber* m_scrubber = nullptr;
    TimeTravelKeys* m_timeTravel = nullptr;
    PipelineDiagram* m_diagram = nullptr;
    RunExports* m_exports = nullptr;  // File > Export (child QObject)
    ChartsPanel* m_charts = nullptr;
    PresenterMode* m_presenter = nullptr;
    StoryStrip* m_story = nullptr;
    StoryDirector* m_director = nullptr;
    QSplitter* m_splitter = nullptr;
    QToolBar* m_playbackBar = nullptr;
    QAction* m_playAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_runToAction = nullptr;
    QAction* m_resetAction = nullptr;
    QAction* m_fasterAction = nullptr;
    QAction* m_slowerAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_saveAsAction = nullptr;
    QAction* m_newAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_lessonsMenu = nullptr;
    std::function<std::optional<bool>(const QString&)> m_fileOpener;
    HelpMenu* m_helpMenu = nullptr;
    QSlider* m_speedSlider = nullptr;
    QLabel* m_speedLabel = nullptr;
    LiveText* m_clockLabel = nullptr;
    LiveText* m_achievedLabel = nullptr;
    QString m_currentFile;
    QString m_lastError;
    std::function<void(const QString&, const QString&)> m_reporter;
    std::function<UnsavedChoice()> m_unsavedPrompt;
    ScenarioEditor* m_editor = nullptr;
    QMenu* m_editMenu = nullptr;
    FrameStats* m_frameStats = nullptr;
    bool m_syncingSlider = false;
    std::uint64_t m_countedFrame = 0;
    bool m_layoutRestored = false;
    int m_pickedStage = -1;
};

}  // namespace bplab::ui
