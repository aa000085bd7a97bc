#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <optional>

#include "bplab_ui/story/story_moments.h"

namespace bplab::ui {

class PipelineDiagram;
class ScenarioEditor;
class SimulationController;
class StoryStrip;

// Tells the run's story: on every frame it finds the latest moment among the
// newly revealed lines and shows it on the strip and as a callout on its
// stage in the diagram, for kShowMs of wall time, the last kFadeMs fading.
// Name and description come from the scenario as edited, when an editor is
// set. GUI thread; owned by its QObject parent.
class StoryDirector final : public QObject {
    Q_OBJECT
public:
    static constexpr int kShowMs = 4000;
    static constexpr int kFadeMs = 1000;

    StoryDirector(SimulationController* controller, StoryStrip* strip, PipelineDiagram* diagram,
                  QObject* parent);
    void setEditor(ScenarioEditor* editor);
    [[nodiscard]] const std::optional<StoryMoment>& moment() const { return m_moment; }

private:
    void onFrame();
    void showStory();
    void paintMoment();

    SimulationController* m_controller;
    StoryStrip* m_strip;
    PipelineDiagram* m_diagram;
    ScenarioEditor* m_editor = nullptr;
    std::optional<StoryMoment> m_moment;
    std::size_t m_scanned = 0;
    std::uint64_t m_generation = ~0ULL;
    QElapsedTimer m_shownFor;
    QTimer m_fade;
};

}  // namespace bplab::ui
