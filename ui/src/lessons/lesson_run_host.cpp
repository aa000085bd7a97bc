#include "bplab_ui/lessons/lesson_run_host.h"

#include "bplab_core/explain.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/story/story_moments.h"

#include <QSignalBlocker>

namespace bplab::ui {

ControllerRunHost::ControllerRunHost(MainWindow* window) : QObject(window), m_window(window)
{
    // Connected after the window's own refresh: the lesson's stage wins over
    // the stepped line's.
    connect(&window->controller(), &SimulationController::frameAdvanced, this,
            &ControllerRunHost::applyHighlight);
}

void ControllerRunHost::open(const Scenario& scenario)
{
    SimulationController& c = m_window->controller();
    c.setLooping(false);
    c.setStopAfter(std::nullopt);
    m_window->openScenario(scenario);
    c.pause();
    c.reset();
}

std::size_t ControllerRunHost::currentLine() const
{
    return m_window->controller().visibleTraceCount();
}

double ControllerRunHost::currentTimeMs() const
{
    return m_window->controller().virtualNowMs();
}

void ControllerRunHost::goToLine(std::size_t line)
{
    SimulationController& c = m_window->controller();
    if (!c.hasScenario()) {
        return;
    }
    c.pause();
    // Only a state reached by stepping is the state at a line; anything else
    // (played on, or beyond the line) is rebuilt from t = 0.
    const bool atLine = c.steppedLine() != nullptr || c.visibleTraceCount() == 0;
    if (!atLine || c.visibleTraceCount() > line || (line == 0 && c.visibleTraceCount() == 0)) {
        c.reset();
    }
    if (line == 0) {
        return;
    }
    {
        // One frameAdvanced() for the whole move: the views pull the state
        // at the last line, not every line on the way.
        const QSignalBlocker quiet(&c);
        while (c.visibleTraceCount() + 1 < line) {
            const std::size_t before = c.visibleTraceCount();
            c.stepEvent();
            if (c.visibleTraceCount() == before) {
                break;  // the run ended before that line
            }
        }
    }
    if (c.visibleTraceCount() < line) {
        c.stepEvent();
    }
}

void ControllerRunHost::highlightStage(int stageIndex)
{
    m_stage = stageIndex;
    m_window->highlightStage(stageIndex);
    applyHighlight();
}

void ControllerRunHost::applyHighlight()
{
    if (m_stage >= 0) {
        m_window->diagram()->setHighlightedStage(m_stage);
    }
}

void ControllerRunHost::selectLine(std::size_t line)
{
    if (m_select && line > 0) {
        m_select(static_cast<qint64>(line - 1));
    }
}

QString ControllerRunHost::whyAtCurrentLine() const
{
    const SimulationController& c = m_window->controller();
    const std::size_t count = c.visibleTraceCount();
    if (count == 0) {
        return {};
    }
    Explainer explainer(c.scenario());
    for (std::size_t i = 0; i + 1 < count; ++i) {
        explainer.observe(c.trace().at(i));
    }
    const SteppedLine* stepped = c.steppedLine();
    const TraceEvent event = stepped != nullptr ? stepped->event : c.trace().at(count - 1);
    return QString::fromStdString(explainer.explain(event, c.stages()));
}

QString ControllerRunHost::plainCurrentLine() const
{
    const SimulationController& c = m_window->controller();
    const std::size_t count = c.visibleTraceCount();
    if (count == 0) {
        return {};
    }
    return plainLine(c.trace().at(count - 1), c.scenario());
}

}  // namespace bplab::ui
