#include "bplab_ui/inspector/param_control.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace bplab::ui {

namespace {
constexpr int kSliderSteps = 1000;
int g_nextDrag = 0;  // drags are told apart across controls too (GUI thread only)
}  // namespace

ParamControl::ParamControl(const Range& range, QWidget* parent) : QWidget(parent)
{
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, kSliderSteps);
    m_spin = new QDoubleSpinBox(this);
    m_spin->setKeyboardTracking(false);  // one edit per Enter or focus change, not per keystroke
    m_spin->setAccelerated(true);
    m_spin->setMinimumWidth(
        m_spin->fontMetrics().horizontalAdvance(QStringLiteral("000000000 bytes")) + 28);
    m_slider->setMinimumWidth(60);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spin);
    setRange(range);

    connect(m_slider, &QSlider::sliderPressed, this, [this] { m_dragSerial = ++g_nextDrag; });
    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        if (m_updating) {
            return;
        }
        const double v = fromSlider(position);
        {
            const QSignalBlocker block(m_spin);
            m_spin->setValue(v);
        }
        Q_EMIT edited(m_spin->value(), m_slider->isSliderDown() ? m_dragSerial : 0);
    });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (m_updating) {
            return;
        }
        {
            const QSignalBlocker block(m_slider);
            m_slider->setValue(toSlider(v));
        }
        Q_EMIT edited(v, 0);
    });
}

void ParamControl::setRange(const Range& range)
{
    m_range = range;
    m_updating = true;
    m_spin->setDecimals(range.decimals);
    m_spin->setRange(range.min, range.max);
    m_spin->setSingleStep(range.decimals == 0 ? 1.0 : std::pow(10.0, -std::min(range.decimals, 2)));
    m_spin->setSuffix(range.unit.isEmpty() ? QString() : QStringLiteral(" ") + range.unit);
    m_slider->setValue(toSlider(m_spin->value()));
    m_updating = false;
}

void ParamControl::setValue(double value)
{
    m_updating = true;
    m_spin->setValue(value);
    m_slider->setValue(toSlider(m_spin->value()));
    m_updating = false;
}

double ParamControl::value() const
{
    return m_spin->value();
}

int ParamControl::toSlider(double value) const
{
    const double lo = m_range.min;
    const double hi = m_range.max;
    if (hi <= lo) {
        return 0;
    }
    double f = 0.0;
    if (m_range.logarithmic && lo >= 0.0) {
        f = (std::log1p(value) - std::log1p(lo)) / (std::log1p(hi) - std::log1p(lo));
    } else {
        f = (value - lo) / (hi - lo);
    }
    return static_cast<int>(std::lround(std::clamp(f, 0.0, 1.0) * kSliderSteps));
}

double ParamControl::fromSlider(int position) const
{
    const double f = static_cast<double>(position) / kSliderSteps;
    const double lo = m_range.min;
    const double hi = m_range.max;
    double v = 0.0;
    if (m_range.logarithmic && lo >= 0.0) {
        v = std::expm1(std::log1p(lo) + f * (std::log1p(hi) - std::log1p(lo)));
    } else {
        v = lo + f * (hi - lo);
    }
    const double scale = std::pow(10.0, m_range.decimals);
    return std::clamp(std::round(v * scale) / scale, lo, hi);
}

}  // namespace bplab::ui
