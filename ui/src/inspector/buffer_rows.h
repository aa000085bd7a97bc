#pragma once

#include "inspector_form.h"

#include <QObject>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;

namespace bplab::ui {

// The stage form's rows of scenario-v2 section 5: `alloc` of a readable or
// a transform (a combo box, objectName "alloc"), `retain_bytes` of a
// writable (a spin box, objectName "retain_bytes"). Each is enabled only on a
// byte-mode side. Built with the form's rows, which own the widgets; GUI
// thread.
class BufferRows final : public QObject {
    Q_OBJECT
public:
    BufferRows(InspectorContext context, QFormLayout* form, int stage, const Stage& st,
               QWidget* parent);

    void refresh(const Stage& st);

private:
    InspectorContext m_context;
    int m_stage = 0;
    QComboBox* m_alloc = nullptr;
    QDoubleSpinBox* m_retain = nullptr;
    bool m_refreshing = false;
};

}  // namespace bplab::ui
