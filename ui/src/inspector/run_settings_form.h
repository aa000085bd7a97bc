#pragma once

#include "inspector_form.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;

namespace bplab::ui {

// The inspector's "Run" form: Node profile, wiring, seed, the stop time and
// the memory limit. GUI thread.
class RunSettingsForm final : public QGroupBox {
    Q_OBJECT
public:
    RunSettingsForm(InspectorContext context, QWidget* parent);

    // Shows the scenario's values (no edit results).
    void refresh(const Scenario& scenario);

private:
    InspectorContext m_context;
    bool m_refreshing = false;
    QComboBox* m_profile = nullptr;
    QComboBox* m_wiring = nullptr;
    QDoubleSpinBox* m_seed = nullptr;
    QCheckBox* m_untilOn = nullptr;
    QDoubleSpinBox* m_until = nullptr;
    QCheckBox* m_memoryOn = nullptr;
    QDoubleSpinBox* m_memory = nullptr;
};

}  // namespace bplab::ui
