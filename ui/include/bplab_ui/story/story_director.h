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
class Player;
class Run;
class StoryStrip;

// Tells the run's story: on every frame it finds the latest moment among the
// lines newly passed by the run's cursor (among its recent lines) and shows it on the strip and as
// a callout on its stage in the diagram, for kShowMs of wall time, the last kFadeMs fading. Name
// and description come from the scenario as edited, when an editor is set. GUI thread; owned by its
// QObject parent.
class StoryDirector final : public QObject {
    Q_OBJECT
public:
    static constexpr int kShowMs = 4000;
    static constexpr int kFadeMs = 1000;

    // Follows `run` on every frame of `player` and every jump of the run.
    StoryDirector(Run* run, Player* player, StoryStrip* strip, PipelineDiagram* diagram,
                  QObject* parent);
    void setEditor(ScenarioEditor* editor);
    [[nodiscard]] const std::optional<StoryMoment>& moment() const { return m_moment; }

private:
    void onFrame();
    void onJump();
    void showStory();
    void paintMoment();

    Run* m_run;
    StoryStrip* m_strip;
    PipelineDiagram* m_diagram;
    ScenarioEditor* m_editor = nullptr;
    std::optional<StoryMoment> m_moment;
    std::int64_t m_scanned = 0;  // run lines [0, m_scanned) have been told
    std::uint64_t m_generation = ~0ULL;
    QElapsedTimer m_shownFor;
    QTimer m_fade;
};

}  // namespace bplab::ui
