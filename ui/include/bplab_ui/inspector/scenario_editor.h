#pragma once

#include <QObject>
#include <QString>
#include <QUndoCommand>
#include <QUndoStack>

#include <cstddef>
#include <vector>

#include "bplab_core/result.h"
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"

namespace bplab::ui {

// What an edit means for a run that goes on.
enum class EditEffect {
    None,        // nothing changed
    Cosmetic,    // name, description, "ui": no effect on the run
    Timing,      // only interval/delay/per-KiB/jitter/ratio/split: applied live, no restart
    Structural,  // anything else (highWaterMark, objectMode, chunks, stages, wiring, faults,
                 // profile, seed, limits): the run restarts from t = 0
};

// Compares two scenarios and says what kind of edit leads from one to the
// other; `timingStages` gets the indices of the stages whose timing changed
// (only for EditEffect::Timing).
EditEffect classifyEdit(const Scenario& before, const Scenario& after,
                        std::vector<std::size_t>* timingStages = nullptr);

// The scenario being edited, and the undo stack of its edits. Every edit is a
// whole before/after pair of scenarios (they are small), so undo restores the
// previous scenario exactly. An edit is validated (validateScenario) before it
// is applied: an invalid one is refused and returned as the error.
//
// Applying an edit, undoing or redoing it all go through the same path, which
// classifies the change and tells the run what to do: timingEdited() for a
// live timing change, restartRequested() for a structural one.
//
// GUI thread only.
class ScenarioEditor final : public QObject {
    Q_OBJECT
public:
    explicit ScenarioEditor(QObject* parent = nullptr);

    // Starts editing `scenario`; the undo history is cleared. No signal but
    // scenarioChanged().
    void setScenario(const Scenario& scenario);
    [[nodiscard]] const Scenario& scenario() const { return m_scenario; }
    [[nodiscard]] QUndoStack* undoStack() { return &m_stack; }

    // Proposes `proposed` as the next scenario. `text` names the edit in the
    // undo history ("delay_ms of 'socket'"). Consecutive edits with the same
    // non-empty `mergeKey` (a slider being dragged) merge into one undo step.
    Status apply(const QString& text, const Scenario& proposed, const QString& mergeKey = {});

Q_SIGNALS:
    // The scenario changed (edit, undo or redo).
    void scenarioChanged();
    // A live timing edit: call Simulation::setStageTiming(stageIndex, timing);
    // the run goes on.
    void timingEdited(std::size_t stageIndex, const bplab::StageTiming& timing);
    // A structural edit: restart the run from t = 0 with scenario().
    // `message` is for the status bar.
    void restartRequested(const QString& message);

private:
    friend class ScenarioEditCommand;
    void transition(const Scenario& to, const QString& text);

    Scenario m_scenario;
    QUndoStack m_stack;
};

// One edit on the undo stack.
class ScenarioEditCommand final : public QUndoCommand {
public:
    ScenarioEditCommand(ScenarioEditor& editor, const QString& text, Scenario before,
                        Scenario after, QString mergeKey);
    void undo() override;
    void redo() override;
    [[nodiscard]] int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    [[nodiscard]] const Scenario& before() const { return m_before; }
    [[nodiscard]] const Scenario& after() const { return m_after; }

private:
    ScenarioEditor& m_editor;
    Scenario m_before;
    Scenario m_after;
    QString m_mergeKey;
};

}  // namespace bplab::ui
