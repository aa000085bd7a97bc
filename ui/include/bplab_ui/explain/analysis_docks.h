#pragma once

#include <QObject>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <functional>

#include "bplab_core/simulation.h"

class QAction;
class QDockWidget;
class QMainWindow;
class QUndoStack;

namespace bplab::ui {

class DockArrangement;
class EventLogWidget;
class ExplanationPanel;
class RunSummaryPanel;
class ScenarioEditor;
class Player;
class Run;
class Selection;
class StageInspector;
class StateInspector;

// Docks the event log, the explanation panel, the state inspector and the
// stage inspector into a main window, and wires them to the Run (what they
// show) and to each other:
//
// - every frame and every jump: the log shows the run up to its cursor; the
//   state inspector the cursor's state; a cursor at a line (stepping, a
//   line picked) is selected in the log and explained from its Moment;
// - the Selection is what they point at: a stage picked in either inspector
//   becomes the selected stage, and a stage selected elsewhere (the diagram,
//   presenter keys, a lesson) is shown by both; a line picked in the log or
//   set as the selected line (a chart mark, a lesson) moves the run's cursor
//   there (Run::seekLine), is explained, and selects its time and stage;
//   stepping onto a line selects it, and playing on selects no line;
// - edits in the stage inspector go through the ScenarioEditor: timing edits
//   go live (Run::applyTimingEdit); made in the past they fork the run after
//   a confirmation, and Undo fork brings the old run back; structural edits
//   reload the scenario from t = 0 with a status-bar message;
// - a scenario loaded from elsewhere (file, example) resets the editor.
//
// Owned by the window (QObject parent). GUI thread only.
class AnalysisDocks final : public QObject {
    Q_OBJECT
public:
    // `selection` is shared with the window's other views and outlives the docks.
    AnalysisDocks(QMainWindow* window, Run* run, Player* player, Selection* selection);

    [[nodiscard]] ScenarioEditor* editor() const { return m_editor; }
    [[nodiscard]] QUndoStack* undoStack() const;
    [[nodiscard]] EventLogWidget* eventLog() const { return m_log; }
    [[nodiscard]] ExplanationPanel* explanation() const { return m_panel; }
    [[nodiscard]] StateInspector* stateInspector() const { return m_state; }
    [[nodiscard]] StageInspector* stageInspector() const { return m_inspector; }
    [[nodiscard]] RunSummaryPanel* summaryPanel() const { return m_summary; }
    // The docks, for the View menu (toggleViewAction()).
    [[nodiscard]] QList<QDockWidget*> docks() const { return m_docks; }
    // Places the docks by the window's size (tabbed in one column when small).
    [[nodiscard]] DockArrangement* arrangement() const { return m_arrangement; }
    // Undo / redo of scenario edits (Ctrl+Z / Ctrl+Shift+Z, active in the
    // whole window), for an Edit menu.
    [[nodiscard]] QAction* undoAction() const { return m_undo; }
    [[nodiscard]] QAction* redoAction() const { return m_redo; }
    // Brings back the run as it was before an edit forked it.
    [[nodiscard]] QAction* undoForkAction() const { return m_undoFork; }
    // Asked before an edit in the past forks the run (a message box by
    // default): the cursor's line and time. False keeps the run and undoes
    // the edit.
    void setForkPrompt(std::function<bool(qint64 line, double seconds)> prompt);

public Q_SLOTS:
    // Selects and explains that line (again, even when it is the selected
    // line and the run has played on since).
    void selectTraceIndex(qint64 traceIndex);

Q_SIGNALS:
    // A line was picked and the run moved to it: its index, virtual time (ms)
    // and stage index (-1 for lines of the whole process).
    void eventSelected(qint64 traceIndex, qint64 timeMs, int stageIndex);

private:
    void onRunLoaded();
    void onFrame();
    void explain(qint64 traceIndex);
    void showStage(int stageIndex);
    void onTimingEdited(std::size_t stage, const StageTiming& timing);

    QMainWindow* m_window;
    Run* m_run;
    Player* m_player;
    Selection* m_selection;
    QAction* m_undoFork = nullptr;
    std::function<bool(qint64, double)> m_forkPrompt;
    bool m_reverting = false;
    qint64 m_shownLine = -1;
    ScenarioEditor* m_editor = nullptr;
    EventLogWidget* m_log = nullptr;
    ExplanationPanel* m_panel = nullptr;
    StateInspector* m_state = nullptr;
    StageInspector* m_inspector = nullptr;
    RunSummaryPanel* m_summary = nullptr;
    QList<QDockWidget*> m_docks;
    DockArrangement* m_arrangement = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
};

}  // namespace bplab::ui
