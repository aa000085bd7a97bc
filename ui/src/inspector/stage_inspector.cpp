#include "bplab_ui/inspector/stage_inspector.h"

#include "faults_form.h"
#include "inspector_form.h"
#include "run_settings_form.h"
#include "stage_form.h"
#include "stage_list_form.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QScrollArea>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace bplab::ui {

StageInspector::StageInspector(ScenarioEditor* editor, QWidget* parent)
    : QWidget(parent), m_editor(editor)
{
    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);

    // Undo / redo and refusals.
    auto* undoRow = new QHBoxLayout;
    auto* undo = new QToolButton(content);
    undo->setDefaultAction(m_editor->undoStack()->createUndoAction(this, tr("Undo")));
    auto* redo = new QToolButton(content);
    redo->setDefaultAction(m_editor->undoStack()->createRedoAction(this, tr("Redo")));
    undoRow->addWidget(undo);
    undoRow->addWidget(redo);
    undoRow->addStretch(1);
    column->addLayout(undoRow);
    m_error = new QLabel(content);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828"));
    m_error->hide();
    column->addWidget(m_error);

    // The four forms, each editing through edit() below.
    InspectorContext context;
    context.editor = m_editor;
    context.edit = [this](const QString& text, const InspectorContext::Change& change,
                          const QString& mergeKey) { return edit(text, change, mergeKey); };
    context.relayout = [this] { relayout(); };
    m_run = new RunSettingsForm(context, content);
    column->addWidget(m_run);
    m_list = new StageListForm(context, content);
    connect(m_list, &StageListForm::selectRequested, this, [this](int row) {
        setSelectedStage(row);
        Q_EMIT stageSelected(m_stage);
    });
    column->addWidget(m_list);
    m_stageForm = new StageForm(context, content);
    column->addWidget(m_stageForm);
    m_faults = new FaultsForm(context, content);
    column->addWidget(m_faults);
    column->addStretch(1);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setWidget(content);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_scroll);

    connect(m_editor, &ScenarioEditor::scenarioChanged, this, &StageInspector::refresh);
    refresh();
}

StageInspector::~StageInspector() = default;

QString StageInspector::lastError() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

ParamControl* StageInspector::param(const QString& key) const
{
    return m_stageForm->param(key);
}

bool StageInspector::edit(const QString& text, const InspectorContext::Change& change,
                          const QString& mergeKey)
{
    Scenario proposed = m_editor->scenario();
    change(proposed);
    const Status status = m_editor->apply(text, proposed, mergeKey);
    if (!status.ok()) {
        m_error->setText(tr("Not applied: %1").arg(inspector::q(status.error().message)));
        m_error->show();
        refresh();  // back to the scenario's values
        return false;
    }
    m_error->hide();
    m_error->clear();
    return true;
}

void StageInspector::setSelectedStage(int stageIndex)
{
    const auto count = static_cast<int>(m_editor->scenario().stages.size());
    if (count == 0) {
        return;
    }
    m_stage = std::clamp(stageIndex, 0, count - 1);
    m_list->refresh(m_editor->scenario(), m_stage);
    m_stageForm->showStage(m_stage, true);
    m_faults->refresh(m_editor->scenario(), m_stage);
}

void StageInspector::refresh()
{
    const Scenario& s = m_editor->scenario();
    const auto count = static_cast<int>(s.stages.size());
    m_stage = count == 0 ? 0 : std::clamp(m_stage, 0, count - 1);
    m_run->refresh(s);
    m_list->refresh(s, m_stage);
    m_stageForm->showStage(m_stage, false);
    m_faults->refresh(s, m_stage);
}

void StageInspector::relayout()
{
    // The scroll area sizes its content only when it gets a layout request
    // itself; a form rebuilt while shown would otherwise be squeezed into
    // the old height. The content's layout is brought up to date first.
    if (QLayout* content = m_scroll->widget()->layout()) {
        content->invalidate();
        content->activate();
    }
    QCoreApplication::postEvent(m_scroll, new QEvent(QEvent::LayoutRequest));
}

}  // namespace bplab::ui
