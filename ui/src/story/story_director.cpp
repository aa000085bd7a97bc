#include "bplab_ui/story/story_director.h"

#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"
#include "bplab_ui/story/story_strip.h"

#include <algorithm>

namespace bplab::ui {

StoryDirector::StoryDirector(Run* run, Player* player, StoryStrip* strip, PipelineDiagram* diagram,
                             QObject* parent)
    : QObject(parent), m_run(run), m_strip(strip), m_diagram(diagram)
{
    m_fade.setInterval(100);
    connect(&m_fade, &QTimer::timeout, this, &StoryDirector::paintMoment);
    connect(player, &Player::frameAdvanced, this, &StoryDirector::onFrame);
    connect(run, &Run::jumped, this, &StoryDirector::onJump);
    connect(run, &Run::loaded, this, &StoryDirector::showStory);
}

void StoryDirector::setEditor(ScenarioEditor* editor)
{
    m_editor = editor;
    connect(editor, &ScenarioEditor::scenarioChanged, this, &StoryDirector::showStory);
    showStory();
}

void StoryDirector::showStory()
{
    const Scenario& s = m_editor != nullptr ? m_editor->scenario() : m_run->scenario();
    m_strip->setStory(QString::fromStdString(s.name), QString::fromStdString(s.description));
}

void StoryDirector::onJump()
{
    // The latest moment before the new cursor, among the lines views draw.
    m_moment.reset();
    m_scanned = m_run->recentFirstLine() + static_cast<std::int64_t>(m_run->recentFrom());
    m_generation = m_run->generation();
    onFrame();
    paintMoment();
}

void StoryDirector::onFrame()
{
    if (m_run->generation() != m_generation) {
        m_generation = m_run->generation();
        m_scanned = 0;
        m_moment.reset();
        paintMoment();
    }
    const std::int64_t end = m_run->cursorLines();
    if (end <= m_scanned) {
        m_scanned = end;  // moved back: nothing new to tell
        return;
    }
    // Only what the recent lines still hold: a jump far ahead tells its last part.
    const std::int64_t first = m_run->recentFirstLine();
    const auto from = static_cast<std::size_t>(std::max<std::int64_t>(0, m_scanned - first));
    const std::size_t to = m_run->recentVisibleCount();
    m_scanned = end;
    if (from >= to) {
        return;
    }
    auto latest = latestStoryMoment(m_run->recentTrace(), from, to, m_run->scenario());
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
