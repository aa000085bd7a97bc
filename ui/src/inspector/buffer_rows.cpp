#include "buffer_rows.h"

#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/wheel_guard.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>

#include <optional>
#include <utility>

namespace bplab::ui {

namespace {

bool objectsOn(const Stage& st, bool readableSide)
{
    if (!st.objectMode.split) {
        return st.objectMode.readable || st.objectMode.writable;
    }
    return readableSide ? st.objectMode.readable : st.objectMode.writable;
}

}  // namespace

BufferRows::BufferRows(InspectorContext context, QFormLayout* form, int stage, const Stage& st,
                       QWidget* parent)
    : QObject(parent), m_context(std::move(context)), m_stage(stage)
{
    const auto id = [this] {
        return inspector::q(
            m_context.editor->scenario().stages[static_cast<std::size_t>(m_stage)].id);
    };
    if (st.kind != StageKind::Writable) {
        m_alloc = new QComboBox(parent);
        m_alloc->setObjectName(QStringLiteral("alloc"));
        guardWheel(m_alloc);
        m_alloc->addItem(tr("alloc (each chunk its own Buffer)"));
        m_alloc->addItem(tr("pool (Buffer.allocUnsafe's shared slabs)"));
        m_alloc->setToolTip(
            tr("Where the readable side's Buffers come from: a chunk below half the pool size "
               "shares a slab of the pool (8 KiB on Node 20, 64 KiB on 24)"));
        connect(m_alloc, &QComboBox::activated, this, [this, id](int index) {
            if (m_refreshing) {
                return;
            }
            const int stageIndex = m_stage;
            m_context.edit(tr("alloc of '%1'").arg(id()),
                           [stageIndex, index](Scenario& sc) {
                               Stage& sg = sc.stages[static_cast<std::size_t>(stageIndex)];
                               sg.alloc =
                                   index == 1 ? std::optional<Alloc>(Alloc::Pool) : std::nullopt;
                           },
                           {});
        });
        form->addRow(tr("alloc"), m_alloc);
    } else {
        m_retain = inspector::integerSpin(0.0, inspector::kMaxSafeInteger, tr(" bytes"), parent);
        m_retain->setObjectName(QStringLiteral("retain_bytes"));
        m_retain->setToolTip(
            tr("_write keeps chunk.subarray(0, retain_bytes) of every chunk for the rest of the "
               "run: the slice holds its whole Buffer, or its whole pool slab"));
        connect(m_retain, &QDoubleSpinBox::valueChanged, this, [this, id](double v) {
            if (m_refreshing) {
                return;
            }
            const int stageIndex = m_stage;
            const std::int64_t bytes = inspector::toInt(v);
            m_context.edit(tr("retain_bytes of '%1'").arg(id()),
                           [stageIndex, bytes](Scenario& sc) {
                               Stage& sg = sc.stages[static_cast<std::size_t>(stageIndex)];
                               sg.retainBytes =
                                   bytes > 0 ? std::optional<std::int64_t>(bytes) : std::nullopt;
                           },
                           {});
        });
        form->addRow(tr("retain_bytes"), m_retain);
    }
}

void BufferRows::refresh(const Stage& st)
{
    const bool was = m_refreshing;
    m_refreshing = true;
    if (m_alloc != nullptr) {
        m_alloc->setCurrentIndex(st.allocOrDefault() == Alloc::Pool ? 1 : 0);
        m_alloc->setEnabled(!objectsOn(st, true));
    }
    if (m_retain != nullptr) {
        m_retain->setValue(static_cast<double>(st.retainBytesOrDefault()));
        m_retain->setEnabled(!objectsOn(st, false));
    }
    m_refreshing = was;
}

}  // namespace bplab::ui
