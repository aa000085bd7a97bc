#include "faults_form.h"

#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/wheel_guard.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace bplab::ui {

using inspector::integerSpin;
using inspector::kMaxSafeInteger;
using inspector::q;
using inspector::toInt;

FaultsForm::FaultsForm(InspectorContext context, QWidget* parent)
    : QGroupBox(tr("Faults"), parent), m_context(std::move(context))
{
    auto* layout = new QVBoxLayout(this);
    m_faults = new QTableWidget(0, 4, this);
    m_faults->setHorizontalHeaderLabels({tr("at"), tr("stage"), tr("action"), tr("message")});
    m_faults->verticalHeader()->setVisible(false);
    m_faults->horizontalHeader()->setStretchLastSection(true);
    m_faults->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_faults->setMaximumHeight(m_faults->fontMetrics().height() * 9);
    layout->addWidget(m_faults);
    auto* buttons = new QHBoxLayout;
    auto* addFault = new QPushButton(tr("Add fault"), this);
    auto* removeFault = new QPushButton(tr("Remove fault"), this);
    buttons->addWidget(addFault);
    buttons->addWidget(removeFault);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(addFault, &QPushButton::clicked, this, [this] {
        const Scenario& s = m_context.editor->scenario();
        if (s.stages.empty()) {
            return;
        }
        Fault f;
        f.atMs = 100;
        f.stage = s.stages[static_cast<std::size_t>(
                               std::clamp(m_selected, 0, static_cast<int>(s.stages.size()) - 1))]
                      .id;
        f.action = FaultAction::Error;
        f.message = "boom";
        m_context.edit(tr("add a fault"), [f](Scenario& sc) { sc.faults.push_back(f); }, {});
    });
    connect(removeFault, &QPushButton::clicked, this, [this] {
        const int row = m_faults->currentRow();
        if (row < 0 ||
            static_cast<std::size_t>(row) >= m_context.editor->scenario().faults.size()) {
            return;
        }
        m_context.edit(tr("remove a fault"),
                       [row](Scenario& s) { s.faults.erase(s.faults.begin() + row); }, {});
    });
}

void FaultsForm::refresh(const Scenario& s, int selected)
{
    m_selected = selected;
    std::vector<std::string> ids;
    for (const Stage& st : s.stages) {
        ids.push_back(st.id);
    }
    // Rebuilt only when they differ: a slider drag elsewhere must not recreate them.
    if (s.faults == m_faultsShown && ids == m_idsShown) {
        return;
    }
    m_faultsShown = s.faults;
    m_idsShown = ids;
    const int current = m_faults->currentRow();
    m_faults->setRowCount(static_cast<int>(s.faults.size()));
    for (int row = 0; row < static_cast<int>(s.faults.size()); ++row) {
        const Fault& f = s.faults[static_cast<std::size_t>(row)];
        auto* at = integerSpin(0.0, kMaxSafeInteger, QStringLiteral(" ms"), m_faults);
        at->setValue(static_cast<double>(f.atMs));
        connect(at, &QDoubleSpinBox::valueChanged, this, [this, row](double v) {
            m_context.edit(tr("fault time"),
                           [row, v](Scenario& sc) {
                               sc.faults[static_cast<std::size_t>(row)].atMs = toInt(v);
                           },
                           {});
        });
        m_faults->setCellWidget(row, 0, at);
        auto* stage = new QComboBox(m_faults);
        guardWheel(stage);
        for (const Stage& st : s.stages) {
            stage->addItem(q(st.id));
        }
        stage->setCurrentText(q(f.stage));
        connect(stage, &QComboBox::activated, this, [this, row, stage](int) {
            const std::string id = stage->currentText().toStdString();
            m_context.edit(
                tr("fault stage"),
                [row, id](Scenario& sc) { sc.faults[static_cast<std::size_t>(row)].stage = id; },
                {});
        });
        m_faults->setCellWidget(row, 1, stage);
        auto* action = new QComboBox(m_faults);
        guardWheel(action);
        action->addItem(tr("error"), static_cast<int>(FaultAction::Error));
        action->addItem(tr("destroy"), static_cast<int>(FaultAction::Destroy));
        action->setCurrentIndex(f.action == FaultAction::Error ? 0 : 1);
        connect(action, &QComboBox::activated, this, [this, row](int index) {
            const FaultAction a = index == 0 ? FaultAction::Error : FaultAction::Destroy;
            m_context.edit(
                tr("fault action"),
                [row, a](Scenario& sc) { sc.faults[static_cast<std::size_t>(row)].action = a; },
                {});
        });
        m_faults->setCellWidget(row, 2, action);
        auto* message = new QLineEdit(q(f.message), m_faults);
        connect(message, &QLineEdit::editingFinished, this, [this, row, message] {
            const std::string text = message->text().toStdString();
            const Scenario& now = m_context.editor->scenario();
            if (static_cast<std::size_t>(row) < now.faults.size() &&
                now.faults[static_cast<std::size_t>(row)].message != text) {
                m_context.edit(tr("fault message"),
                               [row, text](Scenario& sc) {
                                   sc.faults[static_cast<std::size_t>(row)].message = text;
                               },
                               {});
            }
        });
        m_faults->setCellWidget(row, 3, message);
    }
    if (current >= 0 && current < m_faults->rowCount()) {
        m_faults->selectRow(current);
    }
    m_context.relayout();
}

}  // namespace bplab::ui
