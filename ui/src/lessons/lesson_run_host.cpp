#include "bplab_ui/lessons/lesson_run_host.h"

#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/story/story_moments.h"

namespace bplab::ui {

RunLessonHost::RunLessonHost(MainWindow* window) : QObject(window), m_window(window)
{
    // Connected after the window's own refresh (on Run::jumped, before
    // cursorMoved; on Player::frameAdvanced): the lesson's stage wins over
    // the line's.
    connect(&window->run(), &Run::cursorMoved, this, &RunLessonHost::applyHighlight);
    connect(&window->player(), &Player::frameAdvanced, this, &RunLessonHost::applyHighlight);
}

void RunLessonHost::open(const Scenario& scenario)
{
    Player& player = m_window->player();
    player.setLooping(false);
    player.setStopAfter(std::nullopt);
    m_window->openScenario(scenario);
    player.pause();
    m_window->run().toBeforeFirstLine();
}

std::size_t RunLessonHost::currentLine() const
{
    return static_cast<std::size_t>(m_window->run().cursorLines());
}

double RunLessonHost::currentTimeMs() const
{
    return static_cast<double>(m_window->run().cursorTime());
}

void RunLessonHost::goToLine(std::size_t line)
{
    Run& run = m_window->run();
    if (!run.hasRun()) {
        return;
    }
    m_window->player().pause();
    if (line == 0) {
        run.toBeforeFirstLine();
    } else {
        // Past the end of an ended run: its last line.
        run.seekLine(static_cast<std::int64_t>(line) - 1);
    }
}

void RunLessonHost::highlightStage(int stageIndex)
{
    m_stage = stageIndex;
    m_window->highlightStage(stageIndex);
    applyHighlight();
}

void RunLessonHost::applyHighlight()
{
    if (m_stage >= 0) {
        m_window->diagram()->setHighlightedStage(m_stage);
    }
}

void RunLessonHost::selectLine(std::size_t line)
{
    if (m_select && line > 0) {
        m_select(static_cast<qint64>(line - 1));
    }
}

QString RunLessonHost::whyAtCurrentLine() const
{
    const Moment& m = m_window->run().moment();
    if (!m.line) {
        return {};
    }
    return QString::fromStdString(m.explanation);
}

QString RunLessonHost::plainCurrentLine() const
{
    const Run& run = m_window->run();
    const Moment& m = run.moment();
    if (m.line) {
        TraceEvent event = m.line->event;
        event.message = m.line->message;
        return plainLine(event, run.scenario());
    }
    // A time cursor: the last line written before it.
    const std::size_t visible = run.recentVisibleCount();
    if (visible == 0) {
        return {};
    }
    return plainLine(run.recentTrace().at(visible - 1), run.scenario());
}

}  // namespace bplab::ui
