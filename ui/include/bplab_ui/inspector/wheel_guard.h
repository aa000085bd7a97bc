#pragma once

class QWidget;

namespace bplab::ui {

// A mouse wheel over `widget` (spin box, slider, combo box) changes its value
// only when it has keyboard focus; otherwise the wheel goes to its parent, so
// scrolling through the inspector scrolls it instead of editing what passes
// under the pointer. Also sets Qt::StrongFocus (no focus by wheel).
void guardWheel(QWidget* widget);

}  // namespace bplab::ui
