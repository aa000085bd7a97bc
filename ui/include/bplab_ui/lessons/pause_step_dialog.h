#pragma once

#include <QDialog>

#include <vector>

#include "bplab_core/lesson.h"

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;

namespace bplab::ui {

// "Pause the lesson here": what the new step says and, if it asks, which of
// the events that really come next are the choices (the checker's answer is
// the first of them to happen; it is added when left out).
class PauseStepDialog final : public QDialog {
    Q_OBJECT
public:
    PauseStepDialog(qint64 traceIndex, const TraceLine& line, std::vector<TracePattern> candidates,
                    QWidget* parent = nullptr);

    [[nodiscard]] QString say() const;
    [[nodiscard]] QString prompt() const;
    [[nodiscard]] QString reveal() const;
    // The ticked candidates (none when the step asks nothing).
    [[nodiscard]] std::vector<TracePattern> choices() const;

private:
    std::vector<TracePattern> m_candidates;
    std::vector<QCheckBox*> m_ticks;
    QCheckBox* m_ask = nullptr;
    QPlainTextEdit* m_say = nullptr;
    QLineEdit* m_prompt = nullptr;
    QLineEdit* m_reveal = nullptr;
};

}  // namespace bplab::ui
