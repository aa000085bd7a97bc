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
    struct Range {
        double min = 0.0;
        double max = 100.0;
        int decimals = 0;  // 0: integers
        QString unit;      // "ms", "bytes", "objects", "ms/KiB", ...
        bool logarithmic = false;
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

    Range m_range;
    QSlider* m_slider = nullptr;
    QDoubleSpinBox* m_spin = nullptr;
    int m_dragSerial = 0;
    bool m_updating = false;
};

}  // namespace bplab::ui
