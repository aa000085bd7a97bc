#include "bplab_ui/inspector/param_control.h"

#include "bplab_ui/inspector/wheel_guard.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLocale>
#include <QSignalBlocker>
#include <QSlider>
#include <QValidator>

#include <algorithm>
#include <cmath>

namespace bplab::ui {

namespace {
constexpr int kSliderSteps = 1000;
int g_nextDrag = 0;  // drags are told apart across controls too (GUI thread only)

// A spin box that keeps a real value exactly: QDoubleSpinBox rounds to its
// decimals, so it is given the most Qt allows and shows the shortest text
// that reads back as the same double.
class ExactSpinBox final : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    void setExact(bool exact)
    {
        m_exact = exact;
        setDecimals(exact ? 323 : decimals());
    }
    [[nodiscard]] QString textFromValue(double value) const override
    {
        if (!m_exact) {
            return QDoubleSpinBox::textFromValue(value);
        }
        return QLocale::c().toString(value, 'g', QLocale::FloatingPointShortest);
    }
    [[nodiscard]] double valueFromText(const QString& text) const override
    {
        if (!m_exact) {
            return QDoubleSpinBox::valueFromText(text);
        }
        return QLocale::c().toDouble(stripped(text));
    }
    QValidator::State validate(QString& text, int& pos) const override
    {
        if (!m_exact) {
            return QDoubleSpinBox::validate(text, pos);
        }
        const QString number = stripped(text);
        if (number.isEmpty() || number == QStringLiteral("-") ||
            number.endsWith(QLatin1Char('e')) || number.endsWith(QLatin1Char('.')) ||
            number.endsWith(QStringLiteral("e-"))) {
            return QValidator::Intermediate;
        }
        bool ok = false;
        const double v = QLocale::c().toDouble(number, &ok);
        if (!ok) {
            return QValidator::Invalid;
        }
        return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
    }

    // Wide enough for the value shown, not for the widest legal one (2^53 - 1
    // and 2.2e-308 would push the inspector off a small screen).
    [[nodiscard]] QSize sizeHint() const override
    {
        const QSize base = QDoubleSpinBox::sizeHint();
        const int text = fontMetrics().horizontalAdvance(textFromValue(value()) + suffix()) + 36;
        return {std::max(minimumWidth(), text), base.height()};
    }
    [[nodiscard]] QSize minimumSizeHint() const override
    {
        return {minimumWidth(), QDoubleSpinBox::minimumSizeHint().height()};
    }

private:
    [[nodiscard]] QString stripped(QString text) const
    {
        if (!suffix().isEmpty() && text.endsWith(suffix())) {
            text.chop(suffix().size());
        }
        return text.trimmed();
    }
    bool m_exact = false;
};

}  // namespace

ParamControl::ParamControl(const Range& range, QWidget* parent) : QWidget(parent)
{
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, kSliderSteps);
    m_spin = new ExactSpinBox(this);
    m_spin->setKeyboardTracking(false);  // one edit per Enter or focus change, not per keystroke
    m_spin->setAccelerated(true);
    m_spin->setMinimumWidth(
        m_spin->fontMetrics().horizontalAdvance(QStringLiteral("000000000 bytes")) + 28);
    m_slider->setMinimumWidth(60);
    guardWheel(m_slider);
    guardWheel(m_spin);

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
        updateBeyondHint();
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
        updateBeyondHint();
        Q_EMIT edited(v, 0);
    });
}

void ParamControl::setRange(const Range& range)
{
    m_range = range;
    m_updating = true;
    const double value = m_spin->value();
    if (range.decimals < 0) {
        static_cast<ExactSpinBox*>(m_spin)->setExact(true);
        m_spin->setSingleStep(0.01);
    } else {
        static_cast<ExactSpinBox*>(m_spin)->setExact(false);
        m_spin->setDecimals(range.decimals);
        m_spin->setSingleStep(range.decimals == 0 ? 1.0
                                                  : std::pow(10.0, -std::min(range.decimals, 2)));
    }
    m_spin->setRange(range.min, range.max);
    m_spin->setValue(value);
    m_spin->setSuffix(range.unit.isEmpty() ? QString() : QStringLiteral(" ") + range.unit);
    m_slider->setValue(toSlider(m_spin->value()));
    m_updating = false;
    updateBeyondHint();
}

void ParamControl::setValue(double value)
{
    m_updating = true;
    m_spin->setValue(value);
    m_slider->setValue(toSlider(m_spin->value()));
    m_updating = false;
    updateBeyondHint();
}

double ParamControl::sliderLow() const
{
    return m_range.sliderMin >= 0.0 ? std::max(m_range.min, m_range.sliderMin) : m_range.min;
}

double ParamControl::sliderHigh() const
{
    return m_range.sliderMax > 0.0 ? std::min(m_range.max, m_range.sliderMax) : m_range.max;
}

void ParamControl::updateBeyondHint()
{
    const double v = m_spin->value();
    const bool beyond = v > sliderHigh() || v < sliderLow();
    m_spin->updateGeometry();
    m_slider->setToolTip(beyond ? tr("%1 lies beyond the slider's range (%2 to %3); the box "
                                     "holds the exact value")
                                      .arg(m_spin->textFromValue(v),
                                           m_spin->textFromValue(sliderLow()),
                                           m_spin->textFromValue(sliderHigh()))
                                : QString());
}

double ParamControl::value() const
{
    return m_spin->value();
}

int ParamControl::toSlider(double value) const
{
    const double lo = sliderLow();
    const double hi = sliderHigh();
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
    const double lo = sliderLow();
    const double hi = sliderHigh();
    double v = 0.0;
    if (m_range.logarithmic && lo >= 0.0) {
        v = std::expm1(std::log1p(lo) + f * (std::log1p(hi) - std::log1p(lo)));
    } else {
        v = lo + f * (hi - lo);
    }
    if (m_range.decimals < 0) {
        // Three significant digits: the slider is for rough values.
        const double magnitude = v > 0.0 ? std::pow(10.0, std::floor(std::log10(v)) - 2.0) : 1.0;
        return std::clamp(std::round(v / magnitude) * magnitude, lo, hi);
    }
    const double scale = std::pow(10.0, m_range.decimals);
    return std::clamp(std::round(v * scale) / scale, lo, hi);
}

}  // namespace bplab::ui
