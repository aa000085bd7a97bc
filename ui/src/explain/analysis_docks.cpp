#include "bplab_ui/explain/analysis_docks.h"

#include <QAction>
#include <QDockWidget>
#include <QKeySequence>
#include <QMainWindow>
#include <QMessageBox>
#include <QStatusBar>
#include <QUndoStack>

#include "bplab_ui/event_log/event_log_widget.h"
#include "bplab_ui/explain/explanation_panel.h"
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/stage_inspector.h"
#include "bplab_ui/layout/dock_arrangement.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/run/selection.h"
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

AnalysisDocks::AnalysisDocks(QMainWindow* window, Run* run, Player* player, Selection* selection)
    : QObject(window), m_window(window), m_run(run), m_player(player), m_selection(selection)
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

    m_undoFork = new QAction(tr("Undo &fork"), this);
    m_undoFork->setToolTip(tr("Bring back the run as it was before an edit in the past"));
    m_undoFork->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Z));
    m_undoFork->setEnabled(false);
    window->addAction(m_undoFork);
    connect(m_undoFork, &QAction::triggered, this, [this] {
        m_run->undoFork();
        m_undoFork->setEnabled(m_run->canUndoFork());
        m_window->statusBar()->showMessage(tr("The run before the edit is back."), 6000);
    });

    connect(m_player, &Player::frameAdvanced, this, &AnalysisDocks::onFrame);
    connect(m_run, &Run::jumped, this, &AnalysisDocks::onFrame);
    connect(m_run, &Run::loaded, this, &AnalysisDocks::onRunLoaded);

    connect(m_log, &EventLogWidget::eventSelected, this, &AnalysisDocks::explain);

    connect(m_editor, &ScenarioEditor::timingEdited, this, &AnalysisDocks::onTimingEdited);
    connect(m_editor, &ScenarioEditor::restartRequested, this, [this](const QString& message) {
        m_run->load(m_editor->scenario());
        m_window->statusBar()->showMessage(message, 6000);
    });

    connect(m_inspector, &StageInspector::stageSelected, m_selection, &Selection::setStage);
    connect(m_state, &StateInspector::stageChanged, m_selection, &Selection::setStage);
    connect(m_selection, &Selection::stageChanged, this, &AnalysisDocks::showStage);
    connect(m_selection, &Selection::lineChanged, this, [this](qint64 line) {
        const Moment& moment = m_run->moment();
        const bool there = m_run->cursorAtLine() && moment.line && moment.line->index == line;
        if (!there) {
            explain(line);
        }
    });

    if (m_run->hasRun()) {
        onRunLoaded();
        onFrame();
    }
}

QUndoStack* AnalysisDocks::undoStack() const
{
    return m_editor->undoStack();
}

void AnalysisDocks::selectTraceIndex(qint64 traceIndex)
{
    explain(traceIndex);
}

void AnalysisDocks::showStage(int stageIndex)
{
    m_inspector->setSelectedStage(stageIndex);
    m_state->setStage(stageIndex);
}

void AnalysisDocks::setForkPrompt(std::function<bool(qint64 line, double seconds)> prompt)
{
    m_forkPrompt = std::move(prompt);
}

void AnalysisDocks::onRunLoaded()
{
    // A reload the editor asked for (or an edit that forked) carries the
    // editor's own scenario: keep the undo history. Anything else (a file,
    // an example) starts a new one.
    if (!(m_run->scenario() == m_editor->scenario())) {
        m_editor->setScenario(m_run->scenario());
    }
    m_log->setRun(m_run, m_run->stageIds());
    m_panel->setScenario(m_run->scenario());
    m_state->setScenario(m_run->scenario());
    m_state->setState(m_run->moment().stages, tr("live"));
    m_shownLine = -1;
    m_undoFork->setEnabled(m_run->canUndoFork());
    onFrame();  // the summary of the new run, even while paused
}

void AnalysisDocks::onFrame()
{
    if (!m_run->hasRun()) {
        return;
    }
    m_summary->setSummary(m_run->summary(), QString::fromStdString(m_editor->scenario().name),
                          describeRunEnd(*m_run));
    m_log->sync(static_cast<std::size_t>(m_run->cursorLines()));
    const Moment& moment = m_run->moment();
    if (m_run->cursorAtLine() && moment.line) {
        const qint64 index = moment.line->index;
        if (index != m_shownLine) {
            // At a line: it is explained at once, its state comes with it.
            m_shownLine = index;
            m_selection->setLine(index);
            m_log->selectTraceIndex(index);
            m_panel->showMoment(moment);
            m_state->setState(moment.stages, tr("at line %L1").arg(index));
        }
        return;
    }
    m_shownLine = -1;
    m_selection->setLine(-1);
    m_state->setState(
        moment.stages,
        m_player->isPlaying()
            ? tr("live")
            : tr("at t = %1 s").arg(static_cast<double>(moment.t) / 1000.0, 0, 'f', 3));
}

void AnalysisDocks::explain(qint64 traceIndex)
{
    if (traceIndex < 0 || !m_run->hasRun()) {
        return;
    }
    m_run->seekLine(traceIndex);  // the whole window shows that moment
    const Moment& moment = m_run->moment();
    if (moment.line) {
        const TraceEvent& event = moment.line->event;
        m_selection->setLine(moment.line->index);
        m_selection->setCursorSeconds(static_cast<double>(event.t) / 1000.0);
        if (event.stage >= 0) {
            m_selection->setStage(event.stage);
        }
        Q_EMIT eventSelected(moment.line->index, event.t, event.stage);
    }
}

void AnalysisDocks::onTimingEdited(std::size_t stage, const StageTiming& timing)
{
    if (m_reverting) {
        return;
    }
    if (!m_run->cursorAtHead()) {
        const qint64 line = m_run->cursorLine();
        const double seconds = static_cast<double>(m_run->cursorTime()) / 1000.0;
        const bool fork =
            m_forkPrompt ? m_forkPrompt(line, seconds)
                         : QMessageBox::question(
                               m_window, tr("Change the past?"),
                               tr("The run is shown at t = %1 s. The edit applies from there: what "
                                  "came after it is simulated again with the edit. Undo fork "
                                  "(Ctrl+Alt+Z) brings the present run back.")
                                   .arg(seconds, 0, 'f', 3),
                               QMessageBox::Ok | QMessageBox::Cancel) == QMessageBox::Ok;
        if (!fork) {
            // The editor goes back to what the run has.
            m_reverting = true;
            m_editor->undoStack()->undo();
            m_reverting = false;
            return;
        }
    }
    if (m_run->applyTimingEdit(stage, timing)) {
        m_undoFork->setEnabled(true);
        m_window->statusBar()->showMessage(
            tr("The run forked at line %L1; Undo fork (Ctrl+Alt+Z) brings the old one back.")
                .arg(m_run->cursorLine()),
            8000);
    }
}

}  // namespace bplab::ui
