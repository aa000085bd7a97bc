#pragma once

#include <QString>
#include <QWidget>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_ui/inspector/param_control.h"
#include "bplab_ui/inspector/scenario_editor.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QScrollArea;
class QTableWidget;
class QToolButton;

namespace bplab::ui {

// Edits the scenario: the run's settings (Node profile, wiring, seed, limits),
// the list of stages (add, remove, reorder transforms), every parameter of
// the selected stage (slider + spin box, units shown, the spec's limits as the
// widgets' limits) and the faults. Every change goes through the
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

    void setSelectedStage(int stageIndex);
    [[nodiscard]] int selectedStage() const { return m_stage; }

    // The control of a parameter of the selected stage, by its scenario key
    // ("delay_ms", "interval_ms", "highWaterMark", "highWaterMark.readable",
    // ...), or nullptr. For tests and for keyboard focus.
    [[nodiscard]] ParamControl* param(const QString& key) const;
    // The last refusal ("" if the last edit was applied).
    [[nodiscard]] QString lastError() const;

Q_SIGNALS:
    // The user selected a stage in the inspector's list.
    void stageSelected(int stageIndex);

private:
    using Change = std::function<void(Scenario&)>;
    bool edit(const QString& text, const Change& change, const QString& mergeKey = {});
    void refresh();
    void refreshRun();
    void refreshStageList();
    void rebuildStageForm();
    void refreshStageForm();
    void refreshFaults();
    void relayout();
    ParamControl* addParam(const QString& key, const QString& label,
                           const ParamControl::Range& range,
                           const std::function<void(Stage&, double)>& set);
    void addHighWaterMark(const QString& key, const QString& label, bool readableSide);
    void addStage();
    void removeStage();
    void moveStage(int delta);

    ScenarioEditor* m_editor;
    int m_stage = 0;
    int m_formStage = -1;  // stage the form was built for
    StageKind m_formKind = StageKind::Readable;
    std::size_t m_formStageCount = 0;
    bool m_refreshing = false;

    QScrollArea* m_scroll = nullptr;
    QLabel* m_error = nullptr;
    // run
    QComboBox* m_profile = nullptr;
    QComboBox* m_wiring = nullptr;
    QDoubleSpinBox* m_seed = nullptr;
    QCheckBox* m_untilOn = nullptr;
    QDoubleSpinBox* m_until = nullptr;
    QCheckBox* m_memoryOn = nullptr;
    QDoubleSpinBox* m_memory = nullptr;
    // stages
    QListWidget* m_stages = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_up = nullptr;
    QPushButton* m_down = nullptr;
    // selected stage
    QGroupBox* m_stageBox = nullptr;
    QFormLayout* m_form = nullptr;
    QLineEdit* m_id = nullptr;
    QComboBox* m_mode = nullptr;
    QCheckBox* m_objectMode = nullptr;          // readable, writable, or transform (both sides)
    QCheckBox* m_objectModeReadable = nullptr;  // transform, per side
    QCheckBox* m_objectModeWritable = nullptr;
    std::map<QString, ParamControl*> m_params;
    std::map<QString, QCheckBox*> m_defaultHwm;  // "highWaterMark[.side]" -> "default" box
    std::map<QString, std::function<double(const Stage&)>> m_getters;
    // faults
    QTableWidget* m_faults = nullptr;
    std::vector<Fault> m_faultsShown;     // what the fault rows show now
    std::vector<std::string> m_idsShown;  // the stage ids their selectors list
};

}  // namespace bplab::ui
