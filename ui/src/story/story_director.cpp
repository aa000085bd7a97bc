#include "bplab_ui/story/story_director.h"

#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/simulation_controller.h"
#include "bplab_ui/story/story_strip.h"

#include <algorithm>

namespace bplab::ui {

StoryDirector::StoryDirector(SimulationController* controller, StoryStrip* strip,
                             PipelineDiagram* diagram, QObject* parent)
    : QObject(parent), m_controller(controller), m_strip(strip), m_diagram(diagram)
{
    m_fade.setInterval(100);
    connect(&m_fade, &QTimer::timeout, this, &StoryDirector::paintMoment);
    connect(controller, &SimulationController::frameAdvanced, this, &StoryDirector::onFrame);
    connect(controller, &SimulationController::scenarioLoaded, this, &StoryDirector::showStory);
}

void StoryDirector::setEditor(ScenarioEditor* editor)
{
    m_editor = editor;
    connect(editor, &ScenarioEditor::scenarioChanged, this, &StoryDirector::showStory);
    showStory();
}

void StoryDirector::showStory()
{
    const Scenario& s = m_editor != nullptr ? m_editor->scenario() : m_controller->scenario();
    m_strip->setStory(QString::fromStdString(s.name), QString::fromStdString(s.description));
}

void StoryDirector::onFrame()
{
    if (m_controller->runGeneration() != m_generation) {
        m_generation = m_controller->runGeneration();
        m_scanned = 0;
        m_moment.reset();
        paintMoment();
    }
    const std::size_t visible = m_controller->visibleTraceCount();
    if (visible < m_scanned) {
        m_scanned = 0;
    }
    if (visible == m_scanned) {
        return;
    }
    auto latest =
        latestStoryMoment(m_controller->trace(), m_scanned, visible, m_controller->scenario());
    m_scanned = visible;
    if (latest) {
        m_moment = std::move(latest);
        m_shownFor.start();
        m_fade.start();
        paintMoment();
    }
}

void StoryDirector::paintMoment()
{
    double opacity = 0.0;
    if (m_moment && m_shownFor.isValid()) {
        const auto elapsed = static_cast<double>(m_shownFor.elapsed());
        opacity = std::clamp((kShowMs - elapsed) / kFadeMs, 0.0, 1.0);
    }
    if (opacity <= 0.0) {
        m_fade.stop();
    }
    const QString text = m_moment ? m_moment->text : QString();
    const double timeS = m_moment ? static_cast<double>(m_moment->timeMs) / 1000.0 : 0.0;
    m_strip->setMoment(text, timeS, opacity);
    m_diagram->setCallout(m_moment ? m_moment->stage : -1, opacity > 0.0 ? text : QString(),
                          opacity);
}

}  // namespace bplab::ui
