#include "bplab_ui/explain/analysis_docks.h"

#include <QAction>
#include <QDockWidget>
#include <QKeySequence>
#include <QMainWindow>
#include <QStatusBar>

#include "bplab_ui/event_log/event_log_widget.h"
#include "bplab_ui/explain/explanation_panel.h"
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/stage_inspector.h"
#include "bplab_ui/layout/dock_arrangement.h"
#include "bplab_ui/simulation_controller.h"
#include "bplab_ui/state_inspector/state_inspector.h"
#include "bplab_ui/summary/run_end.h"
#include "bplab_ui/summary/run_summary_panel.h"

namespace bplab::ui {

namespace {

QDockWidget* makeDock(QMainWindow* window, const QString& title, const QString& name,
                      QWidget* content)
{
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(name);  // saveState()/restoreState() key
    dock->setWidget(content);
    return dock;
}

}  // namespace

AnalysisDocks::AnalysisDocks(QMainWindow* window, SimulationController* controller)
    : QObject(window), m_window(window), m_controller(controller)
{
    m_editor = new ScenarioEditor(this);
    m_log = new EventLogWidget;
    m_panel = new ExplanationPanel;
    m_state = new StateInspector;
    m_inspector = new StageInspector(m_editor);
    m_summary = new RunSummaryPanel;

    QDockWidget* logDock = makeDock(window, tr("Event log"), QStringLiteral("eventLogDock"), m_log);
    QDockWidget* whyDock =
        makeDock(window, tr("Why did this happen?"), QStringLiteral("explanationDock"), m_panel);
    QDockWidget* stateDock =
        makeDock(window, tr("Stream state"), QStringLiteral("stateInspectorDock"), m_state);
    QDockWidget* stageDock =
        makeDock(window, tr("Stage inspector"), QStringLiteral("stageInspectorDock"), m_inspector);
    QDockWidget* summaryDock =
        makeDock(window, tr("Run summary"), QStringLiteral("runSummaryDock"), m_summary);
    m_docks = {logDock, whyDock, stageDock, stateDock, summaryDock};
    // Under and beside the charts on a wide window, one tabbed column on a
    // projector's 1280x800 or 1024x768.
    m_arrangement =
        new DockArrangement(window, {logDock, whyDock}, {stageDock, stateDock, summaryDock});

    // Undo and redo of scenario edits from anywhere in the window (a line
    // edit or spin box with focus keeps its own Ctrl+Z).
    m_undo = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setShortcut(QKeySequence::Redo);
    window->addAction(m_undo);
    window->addAction(m_redo);

    connect(m_controller, &SimulationController::frameAdvanced, this, &AnalysisDocks::onFrame);
    connect(m_controller, &SimulationController::runRestarted, this,
            &AnalysisDocks::onRunRestarted);
    connect(m_controller, &SimulationController::scenarioLoaded, this,
            &AnalysisDocks::onScenarioLoaded);

    connect(m_log, &EventLogWidget::eventSelected, this, &AnalysisDocks::explain);
    connect(m_panel, &ExplanationPanel::stateAtLine, this,
            [this](qint64 traceIndex, const std::vector<StageSnapshot>& stages) {
                m_state->setState(stages, tr("at line %L1").arg(traceIndex));
            });

    connect(m_editor, &ScenarioEditor::timingEdited, this,
            [this](std::size_t stage, const StageTiming& timing) {
                // Recorded before it is applied: lines from here on were made with it.
                m_panel->addTimingEdit(TimingEditAt{m_controller->trace().size(), stage, timing});
                m_controller->applyTimingEdit(stage, timing);
            });
    connect(m_editor, &ScenarioEditor::restartRequested, this, [this](const QString& message) {
        m_controller->loadScenario(m_editor->scenario());
        m_window->statusBar()->showMessage(message, 6000);
    });

    connect(m_inspector, &StageInspector::stageSelected, this, [this](int stage) {
        m_state->setStage(stage);
        Q_EMIT stageSelected(stage);
    });
    connect(m_state, &StateInspector::stageChanged, this, [this](int stage) {
        m_inspector->setSelectedStage(stage);
        Q_EMIT stageSelected(stage);
    });

    if (m_controller->hasScenario()) {
        onRunRestarted();
        onScenarioLoaded();
        onFrame();
    }
}

QUndoStack* AnalysisDocks::undoStack() const
{
    return m_editor->undoStack();
}

void AnalysisDocks::selectTraceIndex(qint64 traceIndex)
{
    m_log->selectTraceIndex(traceIndex);
    explain(traceIndex);
}

void AnalysisDocks::setSelectedStage(int stageIndex)
{
    m_inspector->setSelectedStage(stageIndex);
    m_state->setStage(stageIndex);
}

void AnalysisDocks::onRunRestarted()
{
    m_panel->setRun(m_controller->scenario());
    m_panel->setTrace(&m_controller->trace());
    m_log->setTrace(&m_controller->trace(), m_controller->stageIds());
    m_steppedShown = -1;
}

void AnalysisDocks::onScenarioLoaded()
{
    // A reload the editor asked for carries its own scenario: keep the undo
    // history. Anything else (a file, an example) starts a new one.
    if (!(m_controller->scenario() == m_editor->scenario())) {
        m_editor->setScenario(m_controller->scenario());
    }
    m_state->setScenario(m_controller->scenario());
    m_state->setState(m_controller->stages(), tr("live"));
}

void AnalysisDocks::onFrame()
{
    m_summary->setSummary(m_controller->summary(),
                          QString::fromStdString(m_editor->scenario().name),
                          describeRunEnd(*m_controller));
    const std::size_t visible = m_controller->visibleTraceCount();
    m_log->sync(visible);
    const SteppedLine* line = m_controller->steppedLine();
    if (line != nullptr && visible > 0 && !line->stages.empty()) {
        const auto index = static_cast<qint64>(visible - 1);
        if (index != m_steppedShown) {
            // Stepping: the revealed line is explained at once, its state is known.
            m_steppedShown = index;
            m_log->selectTraceIndex(index);
            TraceEvent event = line->event;
            event.message = line->message;
            m_panel->showKnownState(index, event, line->stages);
        }
        return;
    }
    if (m_controller->isPlaying() || m_panel->traceIndex() < 0) {
        m_state->setState(m_controller->stages(), tr("live"));
    }
}

void AnalysisDocks::explain(qint64 traceIndex)
{
    const TraceStore& trace = m_controller->trace();
    if (traceIndex < 0 || static_cast<std::size_t>(traceIndex) >= trace.size()) {
        return;
    }
    m_panel->showTraceIndex(traceIndex);
    const auto i = static_cast<std::size_t>(traceIndex);
    Q_EMIT eventSelected(traceIndex, trace.timeAt(i), trace.stageAt(i));
}

}  // namespace bplab::ui
