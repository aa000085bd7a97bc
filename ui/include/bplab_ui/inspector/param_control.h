#pragma once

#include <QString>
#include <QWidget>

class QDoubleSpinBox;
class QSlider;

namespace bplab::ui {

// One numeric parameter as a slider beside a spin box, with its unit shown.
// The range is the parameter's legal range, so an impossible value cannot be
// entered. Wide ranges (bytes, ms) use a logarithmic slider so that both 1 and
// 1,000,000 can be reached by hand.
class ParamControl final : public QWidget {
    Q_OBJECT
public:
    // [min, max] is every value the scenario format allows; the slider
    // covers [sliderMin, sliderMax], the part that is useful by hand. A value
    // beyond the slider is shown exactly in the spin box, the slider at its
    // end and a tooltip saying so.
    struct Range {
        double min = 0.0;
        double max = 100.0;
        int decimals = 0;  // 0: integers; -1: any real, shown exactly (shortest form)
        QString unit;      // "ms", "bytes", "objects", "ms/KiB", ...
        bool logarithmic = false;
        double sliderMax = 0.0;   // 0: max
        double sliderMin = -1.0;  // < 0: min
    };

    explicit ParamControl(const Range& range, QWidget* parent = nullptr);

    // Shows `value` without emitting edited().
    void setValue(double value);
    [[nodiscard]] double value() const;
    void setRange(const Range& range);
    [[nodiscard]] const Range& range() const { return m_range; }

    [[nodiscard]] QDoubleSpinBox* spinBox() const { return m_spin; }
    [[nodiscard]] QSlider* slider() const { return m_slider; }

Q_SIGNALS:
    // The user changed the value. `dragSerial` is > 0 while the slider is
    // being dragged, the same for every step of one drag (edits of one drag
    // merge into one undo step), and 0 for a single change.
    void edited(double value, int dragSerial);

private:
    [[nodiscard]] int toSlider(double value) const;
    [[nodiscard]] double fromSlider(int position) const;
    [[nodiscard]] double sliderLow() const;
    [[nodiscard]] double sliderHigh() const;
    void updateBeyondHint();

    Range m_range;
    QSlider* m_slider = nullptr;
    QDoubleSpinBox* m_spin = nullptr;
    int m_dragSerial = 0;
    bool m_updating = false;
};

}  // namespace bplab::ui
