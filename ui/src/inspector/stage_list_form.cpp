#include "stage_list_form.h"

#include "pair_wirings.h"

#include "bplab_ui/inspector/scenario_editor.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>

namespace bplab::ui {

using inspector::q;

namespace {

std::string uniqueId(const Scenario& s, const std::string& base)
{
    for (int n = 1;; ++n) {
        std::string id = n == 1 ? base : base + std::to_string(n);
        if (std::none_of(s.stages.begin(), s.stages.end(),
                         [&](const Stage& st) { return st.id == id; })) {
            return id;
        }
    }
}

}  // namespace

StageListForm::StageListForm(InspectorContext context, QWidget* parent)
    : QGroupBox(tr("Stages"), parent), m_context(std::move(context))
{
    auto* layout = new QVBoxLayout(this);
    m_stages = new QListWidget(this);
    m_stages->setMaximumHeight(m_stages->fontMetrics().height() * 7);
    connect(m_stages, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_refreshing || row < 0) {
            return;
        }
        Q_EMIT selectRequested(row);
    });
    layout->addWidget(m_stages);
    auto* buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add transform"), this);
    m_remove = new QPushButton(tr("Remove"), this);
    m_up = new QPushButton(tr("Up"), this);
    m_down = new QPushButton(tr("Down"), this);
    for (QPushButton* b : {m_add, m_remove, m_up, m_down}) {
        buttons->addWidget(b);
    }
    connect(m_add, &QPushButton::clicked, this, &StageListForm::addStage);
    connect(m_remove, &QPushButton::clicked, this, &StageListForm::removeStage);
    connect(m_up, &QPushButton::clicked, this, [this] { moveStage(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveStage(+1); });
    layout->addLayout(buttons);
}

void StageListForm::refresh(const Scenario& s, int selected)
{
    m_refreshing = true;
    m_selected = selected;
    {
        const QSignalBlocker block(m_stages);
        if (m_stages->count() != static_cast<int>(s.stages.size())) {
            m_stages->clear();
            for (std::size_t i = 0; i < s.stages.size(); ++i) {
                m_stages->addItem(QString());
            }
        }
        for (std::size_t i = 0; i < s.stages.size(); ++i) {
            m_stages->item(static_cast<int>(i))
                ->setText(
                    QStringLiteral("%1  (%2)")
                        .arg(q(s.stages[i].id), QString::fromLatin1(toString(s.stages[i].kind))));
        }
        m_stages->setCurrentRow(selected);
    }
    const int n = static_cast<int>(s.stages.size());
    const bool transform =
        n > 0 && s.stages[static_cast<std::size_t>(selected)].kind == StageKind::Transform;
    m_remove->setEnabled(transform);
    m_up->setEnabled(transform && selected > 1);
    m_down->setEnabled(transform && selected < n - 2);
    m_add->setEnabled(n >= 2);
    m_refreshing = false;
}

void StageListForm::addStage()
{
    const Scenario& s = m_context.editor->scenario();
    const auto n = static_cast<int>(s.stages.size());
    if (n < 2) {
        return;
    }
    const int at = std::clamp(m_selected + 1, 1, n - 1);
    Stage t;
    t.id = uniqueId(s, "transform");
    t.kind = StageKind::Transform;
    t.delayMs = 1;
    if (m_context.edit(tr("add '%1'").arg(q(t.id)),
                       [t, at](Scenario& sc) {
                           sc.stages.insert(sc.stages.begin() + at, t);
                           inspector::stageInserted(sc, static_cast<std::size_t>(at));
                       },
                       {})) {
        Q_EMIT selectRequested(at);
    }
}

void StageListForm::removeStage()
{
    const Scenario& s = m_context.editor->scenario();
    if (s.stages.empty() ||
        s.stages[static_cast<std::size_t>(m_selected)].kind != StageKind::Transform) {
        return;
    }
    const int at = m_selected;
    const std::string id = s.stages[static_cast<std::size_t>(at)].id;
    if (m_context.edit(tr("remove '%1'").arg(q(id)),
                       [at, id](Scenario& sc) {
                           sc.stages.erase(sc.stages.begin() + at);
                           inspector::stageRemoved(sc, static_cast<std::size_t>(at));
                           std::erase_if(sc.faults, [&](const Fault& f) { return f.stage == id; });
                       },
                       {})) {
        Q_EMIT selectRequested(at - 1);
    }
}

void StageListForm::moveStage(int delta)
{
    const Scenario& s = m_context.editor->scenario();
    const int n = static_cast<int>(s.stages.size());
    const int from = m_selected;
    const int to = from + delta;
    if (s.stages.empty() || s.stages[static_cast<std::size_t>(from)].kind != StageKind::Transform ||
        to < 1 || to > n - 2) {
        return;
    }
    if (m_context.edit(tr("move '%1'").arg(q(s.stages[static_cast<std::size_t>(from)].id)),
                       [from, to](Scenario& sc) {
                           std::swap(sc.stages[static_cast<std::size_t>(from)],
                                     sc.stages[static_cast<std::size_t>(to)]);
                       },
                       {})) {
        Q_EMIT selectRequested(to);
    }
}

}  // namespace bplab::ui
