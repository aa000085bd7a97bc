#include "run_settings_form.h"

#include "bplab_ui/inspector/wheel_guard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
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
    guardWheel(m_wiring);
    m_wiring->addItem(tr("pipe()"), static_cast<int>(Wiring::Pipe));
    m_wiring->addItem(tr("pipeline()"), static_cast<int>(Wiring::Pipeline));
    m_wiring->addItem(tr("naive (ignores write()'s return)"), static_cast<int>(Wiring::Naive));
    m_wiring->addItem(tr("for await (awaits 'drain')"), static_cast<int>(Wiring::ForAwait));
    m_wiring->setToolTip(tr("How consecutive stages are connected"));
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
    m_wiring->setCurrentIndex(m_wiring->findData(static_cast<int>(s.wiring)));
    m_seed->setValue(static_cast<double>(s.seed));
    m_untilOn->setChecked(s.untilMs.has_value());
    m_until->setEnabled(s.untilMs.has_value());
    m_until->setValue(static_cast<double>(s.untilMs.value_or(60'000)));
    m_memoryOn->setChecked(s.memoryLimitMb.has_value());
    m_memory->setEnabled(s.memoryLimitMb.has_value());
    m_memory->setValue(static_cast<double>(s.memoryLimitMb.value_or(64)));
    m_refreshing = false;
}

}  // namespace bplab::ui
