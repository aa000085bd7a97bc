#pragma once

#include <QString>
#include <QWidget>

#include <functional>

#include "bplab_core/scenario.h"
#include "bplab_ui/inspector/param_control.h"
#include "bplab_ui/inspector/scenario_editor.h"

class QLabel;
class QScrollArea;

namespace bplab::ui {

class FaultsForm;
class RunSettingsForm;
class StageForm;
class StageListForm;

// Edits the scenario in four forms, one class each (ui/src/inspector): the
// run's settings (Node profile, wiring, seed, limits), the list of stages
// (add, remove, reorder transforms), every parameter of the selected stage
// (slider + spin box, units shown, the spec's limits as the widgets'
// limits) and the faults. Every change goes through the
// ScenarioEditor as an undoable edit; a refused one (validateScenario) is
// shown in red and the widgets go back to the scenario's values.
//
// The editor is not owned. Connect its timingEdited() / restartRequested()
// to the run (Run::applyTimingEdit / Run::load).
// GUI thread only.
class StageInspector final : public QWidget {
    Q_OBJECT
public:
    explicit StageInspector(ScenarioEditor* editor, QWidget* parent = nullptr);
    ~StageInspector() override;

    void setSelectedStage(int stageIndex);
    [[nodiscard]] int selectedStage() const { return m_stage; }

    // The control of a parameter of the selected stage, by its scenario key
    // ("delay_ms", "interval_ms", "highWaterMark", "highWaterMark.readable",
    // ...), or nullptr. For tests and for keyboard focus.
    [[nodiscard]] ParamControl* param(const QString& key) const;
    // The last refusal ("" if the last edit was applied).
    [[nodiscard]] QString lastError() const;

Q_SIGNALS:
    // The user selected a stage in the inspector's list, or added or moved
    // one (it is selected then).
    void stageSelected(int stageIndex);

private:
    bool edit(const QString& text, const std::function<void(Scenario&)>& change,
              const QString& mergeKey);
    void refresh();
    void relayout();

    ScenarioEditor* m_editor;
    int m_stage = 0;
    QScrollArea* m_scroll = nullptr;
    QLabel* m_error = nullptr;
    // The four forms, top to bottom (ui/src/inspector).
    RunSettingsForm* m_run = nullptr;
    StageListForm* m_list = nullptr;
    StageForm* m_stageForm = nullptr;
    FaultsForm* m_faults = nullptr;
};

}  // namespace bplab::ui
