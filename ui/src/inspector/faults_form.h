#pragma once

#include "inspector_form.h"

#include <QGroupBox>

#include <string>
#include <vector>

class QTableWidget;

namespace bplab::ui {

// The inspector's "Faults" form: one row per fault (time, stage, action,
// message), each cell an editor; Add fault puts one on the selected stage.
// GUI thread.
class FaultsForm final : public QGroupBox {
    Q_OBJECT
public:
    FaultsForm(InspectorContext context, QWidget* parent);

    // Shows the scenario's faults; `selected` is the stage a new one goes on.
    void refresh(const Scenario& scenario, int selected);

private:
    InspectorContext m_context;
    int m_selected = 0;
    QTableWidget* m_faults = nullptr;
    std::vector<Fault> m_faultsShown;     // what the rows show now
    std::vector<std::string> m_idsShown;  // the stage ids their selectors list
};

}  // namespace bplab::ui
