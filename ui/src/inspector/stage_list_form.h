#pragma once

#include "inspector_form.h"

#include <QGroupBox>

class QListWidget;
class QPushButton;

namespace bplab::ui {

// The inspector's "Stages" form: the list of stages, and adding, removing
// and moving transforms (the source stays first, the sink last). GUI thread.
class StageListForm final : public QGroupBox {
    Q_OBJECT
public:
    StageListForm(InspectorContext context, QWidget* parent);

    // Shows the scenario's stages with `selected` current.
    void refresh(const Scenario& scenario, int selected);

Q_SIGNALS:
    // A person picked a stage in the list, or an add or a move left the
    // stage they worked on at this index.
    void selectRequested(int stageIndex);

private:
    void addStage();
    void removeStage();
    void moveStage(int delta);

    InspectorContext m_context;
    int m_selected = 0;
    bool m_refreshing = false;
    QListWidget* m_stages = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_up = nullptr;
    QPushButton* m_down = nullptr;
};

}  // namespace bplab::ui
