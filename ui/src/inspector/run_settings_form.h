#pragma once

#include "inspector_form.h"

#include <QGroupBox>

#include <cstddef>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QWidget;

namespace bplab::ui {

// The inspector's "Run" form: Node profile, wiring, seed, the stop time and
// the memory limit. The wiring is one box for the whole chain; "a wiring per
// pair" (objectName "wiringPerPair") shows one box per pair of neighbouring
// stages ("pairWiring0", "pairWiring1", ...), shown by itself whenever the
// scenario's pairs differ. GUI thread.
class RunSettingsForm final : public QGroupBox {
    Q_OBJECT
public:
    RunSettingsForm(InspectorContext context, QWidget* parent);

    // Shows the scenario's values (no edit results).
    void refresh(const Scenario& scenario);

private:
    void rebuildPairRows(const Scenario& scenario);
    void editPair(std::size_t pair, int index);

    InspectorContext m_context;
    bool m_refreshing = false;
    QComboBox* m_profile = nullptr;
    QComboBox* m_wiring = nullptr;
    QCheckBox* m_perPair = nullptr;
    QWidget* m_pairBox = nullptr;  // the rows of m_pairs, shown with m_perPair
    QFormLayout* m_pairForm = nullptr;
    std::vector<QComboBox*> m_pairs;  // one per pair, owned by m_pairBox
    QDoubleSpinBox* m_seed = nullptr;
    QCheckBox* m_untilOn = nullptr;
    QDoubleSpinBox* m_until = nullptr;
    QCheckBox* m_memoryOn = nullptr;
    QDoubleSpinBox* m_memory = nullptr;
};

}  // namespace bplab::ui
