#include "bplab_ui/run/selection.h"

namespace bplab::ui {

void Selection::setStage(int stage)
{
    if (stage != m_stage) {
        m_stage = stage;
        Q_EMIT stageChanged(stage);
    }
}

void Selection::setLine(qint64 line)
{
    if (line != m_line) {
        m_line = line;
        Q_EMIT lineChanged(line);
    }
}

void Selection::setCursorSeconds(double seconds)
{
    if (seconds != m_cursorSeconds) {
        m_cursorSeconds = seconds;
        Q_EMIT cursorChanged(seconds);
    }
}

void Selection::clear()
{
    setStage(-1);
    setLine(-1);
}

}  // namespace bplab::ui
