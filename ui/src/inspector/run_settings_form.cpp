#include "run_settings_form.h"

#include "pair_wirings.h"

#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/wheel_guard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

#include <optional>

namespace bplab::ui {

using inspector::integerSpin;
using inspector::kMaxMemoryLimitMb;
using inspector::kMaxSafeInteger;
using inspector::toInt;

RunSettingsForm::RunSettingsForm(InspectorContext context, QWidget* parent)
    : QGroupBox(tr("Run"), parent), m_context(std::move(context))
{
    auto* form = new QFormLayout(this);
    m_profile = new QComboBox(this);
    guardWheel(m_profile);
    m_profile->addItem(tr("Node 20 (default highWaterMark 16 KiB)"), 20);
    m_profile->addItem(tr("Node 24 (default highWaterMark 64 KiB)"), 24);
    m_profile->setToolTip(tr("Which Node version's stream semantics and defaults to reproduce"));
    connect(m_profile, &QComboBox::activated, this, [this](int index) {
        const NodeProfile p =
            m_profile->itemData(index).toInt() == 20 ? NodeProfile::V20 : NodeProfile::V24;
        m_context.edit(tr("Node profile"), [p](Scenario& s) { s.node = p; }, {});
    });
    form->addRow(tr("Node"), m_profile);
    m_wiring = new QComboBox(this);
    m_wiring->setObjectName(QStringLiteral("wiring"));
    guardWheel(m_wiring);
    m_wiring->addItem(tr("pipe()"), static_cast<int>(Wiring::Pipe));
    m_wiring->addItem(tr("pipeline()"), static_cast<int>(Wiring::Pipeline));
    m_wiring->addItem(tr("naive (ignores write()'s return)"), static_cast<int>(Wiring::Naive));
    m_wiring->addItem(tr("for await (awaits 'drain')"), static_cast<int>(Wiring::ForAwait));
    m_wiring->setToolTip(tr("How consecutive stages are connected"));
    m_wiring->setPlaceholderText(tr("per pair (below)"));
    connect(m_wiring, &QComboBox::activated, this, [this](int index) {
        const auto w = static_cast<Wiring>(m_wiring->itemData(index).toInt());
        // One wiring for the whole chain replaces any wiring per pair.
        m_context.edit(tr("wiring"),
                       [w](Scenario& s) {
                           s.wiring = w;
                           s.pairWirings.clear();
                       },
                       {});
    });
    form->addRow(tr("Wiring"), m_wiring);
    m_perPair = new QCheckBox(tr("a wiring per pair"), this);
    m_perPair->setObjectName(QStringLiteral("wiringPerPair"));
    m_perPair->setToolTip(
        tr("Wire each pair of neighbouring stages on its own (pipe, naive or for await); "
           "the same wiring for every pair is saved as one"));
    connect(m_perPair, &QCheckBox::toggled, this, [this](bool on) {
        if (m_refreshing) {
            return;
        }
        m_pairBox->setVisible(on);
        m_context.relayout();
        if (!on && !m_context.editor->scenario().pairWirings.empty()) {
            // Back to one wiring: the first pair's, for the whole chain.
            m_context.edit(tr("one wiring"), [](Scenario& s) { s.pairWirings.clear(); }, {});
        }
    });
    form->addRow(QString(), m_perPair);
    m_pairBox = new QWidget(this);
    m_pairBox->setObjectName(QStringLiteral("pairWirings"));
    m_pairForm = new QFormLayout(m_pairBox);
    m_pairForm->setContentsMargins(0, 0, 0, 0);
    m_pairBox->setVisible(false);
    form->addRow(m_pairBox);
    m_seed = integerSpin(0.0, 4294967295.0, QString(), this);
    m_seed->setToolTip(tr("Seed of every random draw (jitter)"));
    connect(m_seed, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (!m_refreshing) {
            m_context.edit(tr("seed"),
                           [v](Scenario& s) { s.seed = static_cast<std::uint32_t>(toInt(v)); }, {});
        }
    });
    form->addRow(tr("Seed"), m_seed);
    auto* untilRow = new QHBoxLayout;
    m_untilOn = new QCheckBox(tr("stop at"), this);
    m_until = integerSpin(0.0, kMaxSafeInteger, QStringLiteral(" ms"), this);
    untilRow->addWidget(m_untilOn);
    untilRow->addWidget(m_until, 1);
    const auto editUntil = [this] {
        if (m_refreshing) {
            return;
        }
        const bool on = m_untilOn->isChecked();
        const std::int64_t v = toInt(m_until->value());
        m_context.edit(tr("until_ms"),
                       [on, v](Scenario& s) {
                           s.untilMs = on ? std::optional<std::int64_t>(v) : std::nullopt;
                       },
                       {});
    };
    connect(m_untilOn, &QCheckBox::toggled, this, editUntil);
    connect(m_until, &QDoubleSpinBox::valueChanged, this, editUntil);
    form->addRow(tr("Until"), untilRow);
    auto* memoryRow = new QHBoxLayout;
    m_memoryOn = new QCheckBox(tr("limit"), this);
    m_memory = integerSpin(1.0, kMaxMemoryLimitMb, QStringLiteral(" MiB"), this);
    m_memoryOn->setToolTip(tr("The simulated process dies ('oom') when it holds more than this"));
    memoryRow->addWidget(m_memoryOn);
    memoryRow->addWidget(m_memory, 1);
    const auto editMemory = [this] {
        if (m_refreshing) {
            return;
        }
        const bool on = m_memoryOn->isChecked();
        const std::int64_t v = toInt(m_memory->value());
        m_context.edit(tr("memory_limit_mb"),
                       [on, v](Scenario& s) {
                           s.memoryLimitMb = on ? std::optional<std::int64_t>(v) : std::nullopt;
                       },
                       {});
    };
    connect(m_memoryOn, &QCheckBox::toggled, this, editMemory);
    connect(m_memory, &QDoubleSpinBox::valueChanged, this, editMemory);
    form->addRow(tr("Memory"), memoryRow);
}

void RunSettingsForm::refresh(const Scenario& s)
{
    m_refreshing = true;
    const QSignalBlocker b1(m_profile), b2(m_wiring), b3(m_seed), b4(m_untilOn), b5(m_until),
        b6(m_memoryOn), b7(m_memory);
    m_profile->setCurrentIndex(s.node == NodeProfile::V20 ? 0 : 1);
    const bool mixed = !s.pairWirings.empty();
    // While the pairs differ the box shows "per pair"; a choice in it wires
    // the whole chain again.
    m_wiring->setCurrentIndex(mixed ? -1 : m_wiring->findData(static_cast<int>(s.wiring)));
    m_perPair->setEnabled(s.stages.size() >= 3 || mixed);
    if (mixed) {
        m_perPair->setChecked(true);
    } else if (s.stages.size() < 3) {
        m_perPair->setChecked(false);
    }
    // Shown while the scenario's pairs differ, or the box was ticked.
    if (m_pairBox->isHidden() == m_perPair->isChecked()) {
        m_pairBox->setVisible(m_perPair->isChecked());
        m_context.relayout();
    }
    rebuildPairRows(s);
    m_seed->setValue(static_cast<double>(s.seed));
    m_untilOn->setChecked(s.untilMs.has_value());
    m_until->setEnabled(s.untilMs.has_value());
    m_until->setValue(static_cast<double>(s.untilMs.value_or(60'000)));
    m_memoryOn->setChecked(s.memoryLimitMb.has_value());
    m_memory->setEnabled(s.memoryLimitMb.has_value());
    m_memory->setValue(static_cast<double>(s.memoryLimitMb.value_or(64)));
    m_refreshing = false;
}

void RunSettingsForm::rebuildPairRows(const Scenario& s)
{
    const std::size_t pairs = s.stages.size() < 2 ? 0 : s.stages.size() - 1;
    if (m_pairs.size() != pairs) {
        while (m_pairForm->rowCount() > 0) {
            m_pairForm->removeRow(0);
        }
        m_pairs.clear();
        for (std::size_t i = 0; i < pairs; ++i) {
            auto* box = new QComboBox(m_pairBox);
            box->setObjectName(QStringLiteral("pairWiring%1").arg(i));
            guardWheel(box);
            box->addItem(tr("pipe()"), static_cast<int>(Wiring::Pipe));
            box->addItem(tr("naive"), static_cast<int>(Wiring::Naive));
            box->addItem(tr("for await"), static_cast<int>(Wiring::ForAwait));
            box->addItem(tr("pipeline() (the whole chain only)"),
                         static_cast<int>(Wiring::Pipeline));
            connect(box, &QComboBox::activated, this, [this, i](int index) { editPair(i, index); });
            m_pairForm->addRow(new QLabel(m_pairBox), box);
            m_pairs.push_back(box);
        }
        if (!m_pairBox->isHidden()) {
            m_context.relayout();
        }
    }
    for (std::size_t i = 0; i < pairs; ++i) {
        QComboBox* box = m_pairs[i];
        const QSignalBlocker block(box);
        box->setCurrentIndex(box->findData(static_cast<int>(wiringOfPair(s, i))));
        if (auto* label = qobject_cast<QLabel*>(m_pairForm->labelForField(box))) {
            label->setText(
                tr("%1 \u2192 %2")
                    .arg(inspector::q(s.stages[i].id), inspector::q(s.stages[i + 1].id)));
        }
    }
}

void RunSettingsForm::editPair(std::size_t pair, int index)
{
    const auto w = static_cast<Wiring>(m_pairs[pair]->itemData(index).toInt());
    const Scenario& s = m_context.editor->scenario();
    m_context.edit(tr("wiring of '%1' \u2192 '%2'")
                       .arg(inspector::q(s.stages[pair].id), inspector::q(s.stages[pair + 1].id)),
                   [pair, w](Scenario& sc) { inspector::setPairWiring(sc, pair, w); }, {});
}

}  // namespace bplab::ui
