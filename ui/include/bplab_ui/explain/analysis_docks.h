#pragma once

#include <QObject>
#include <QString>

#include <cstdint>

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
class SimulationController;
class StageInspector;
class StateInspector;

// Docks the event log, the explanation panel, the state inspector and the
// stage inspector into a main window, and wires them to the controller and
// to each other:
//
// - every frame: the log shows the newly revealed lines; the state inspector
//   shows the live state while playing; a line revealed by stepping is
//   selected in the log and explained at once (its state is known);
// - a line picked in the log is explained (replay) and its state shown;
//   eventSelected() tells the window, to move the charts' cursor;
// - edits in the stage inspector go through the ScenarioEditor: timing edits
//   go live (SimulationController::applyTimingEdit, recorded for replays),
//   structural ones reload the scenario from t = 0 with a status-bar message;
// - a scenario loaded from elsewhere (file, example) resets the editor.
//
// Owned by the window (QObject parent). GUI thread only.
class AnalysisDocks final : public QObject {
    Q_OBJECT
public:
    AnalysisDocks(QMainWindow* window, SimulationController* controller);

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

public Q_SLOTS:
    // A click on a chart mark: select and explain that line.
    void selectTraceIndex(qint64 traceIndex);
    // The stage picked elsewhere (the diagram).
    void setSelectedStage(int stageIndex);

Q_SIGNALS:
    // The user picked a line: its index, virtual time (ms) and stage index
    // (-1 for lines of the whole process).
    void eventSelected(qint64 traceIndex, qint64 timeMs, int stageIndex);
    // The user picked a stage in one of the inspectors.
    void stageSelected(int stageIndex);

private:
    void onRunRestarted();
    void onScenarioLoaded();
    void onFrame();
    void explain(qint64 traceIndex);

    QMainWindow* m_window;
    SimulationController* m_controller;
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
    std::uint64_t m_generation = 0;
    qint64 m_steppedShown = -1;
};

}  // namespace bplab::ui
