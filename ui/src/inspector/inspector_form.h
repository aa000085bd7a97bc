#pragma once

// What the stage inspector's four forms (run settings, stage list, the
// selected stage, faults) share: the way an edit reaches the scenario, and
// the widget ranges the spec's limits give. Private to ui/src/inspector.

#include "bplab_core/scenario.h"
#include "bplab_ui/inspector/param_control.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <string>

class QDoubleSpinBox;
class QWidget;

namespace bplab::ui {

class ScenarioEditor;

// How a form changes the scenario: `edit` applies `change` to a copy as one
// undoable step named `text` (merged with the previous one of the same
// non-empty `mergeKey`, a slider drag) and says whether validation let it
// through; a refusal is shown by the inspector, which then refreshes every
// form back to the scenario's values. `relayout` after a form changes its
// rows, so the inspector's scroll area follows.
struct InspectorContext {
    using Change = std::function<void(Scenario&)>;
    ScenarioEditor* editor = nullptr;
    std::function<bool(const QString& text, const Change& change, const QString& mergeKey)> edit;
    std::function<void()> relayout;
};

namespace inspector {

// The spec's limits (scenario-v1 section 1) as widget ranges: the spin box
// holds every legal value (integers up to 2^53 - 1); the slider's upper end is
// ours, where values stop being useful by hand, and the spin box says when a
// value lies beyond it.
inline constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1
inline constexpr double kMaxMemoryLimitMb = 8589934591.0;      // (2^53 - 1) / 2^20
inline constexpr double kMaxReal = 1e15;

QString q(const std::string& text);
std::int64_t toInt(double v);
// A spin box of whole numbers that a wheel changes only once focused.
QDoubleSpinBox* integerSpin(double min, double max, const QString& suffix, QWidget* parent);

}  // namespace inspector
}  // namespace bplab::ui
