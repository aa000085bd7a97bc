#include "inspector_form.h"

#include "bplab_ui/inspector/wheel_guard.h"

#include <QDoubleSpinBox>

#include <cmath>

namespace bplab::ui::inspector {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

std::int64_t toInt(double v)
{
    return static_cast<std::int64_t>(std::llround(v));
}

QDoubleSpinBox* integerSpin(double min, double max, const QString& suffix, QWidget* parent)
{
    auto* spin = new QDoubleSpinBox(parent);
    spin->setDecimals(0);
    spin->setRange(min, max);
    spin->setKeyboardTracking(false);
    spin->setSuffix(suffix);
    guardWheel(spin);
    return spin;
}

}  // namespace bplab::ui::inspector
