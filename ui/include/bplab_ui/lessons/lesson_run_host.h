#pragma once

#include <QObject>
#include <QString>

#include <cstddef>
#include <functional>

#include "bplab_core/scenario.h"

namespace bplab::ui {

class MainWindow;

// Everything the lesson player needs from the run in the window, and nothing
// more. Lines are counted from 1 as the lesson checker counts them: "at line
// L" means the first L trace lines are shown and the state is the state right
// after line L (0: before the first line, t = 0).
//
// The run is deterministic, so any line can be reached exactly: forward by
// running on, backward by rebuilding the run to that line.
class LessonRunHost {
public:
    virtual ~LessonRunHost() = default;

    // Opens the lesson's scenario in the window, at line 0, paused.
    virtual void open(const Scenario& scenario) = 0;
    // How many lines are shown (the run is right after the last of them).
    [[nodiscard]] virtual std::size_t currentLine() const = 0;
    // Virtual ms of the state shown.
    [[nodiscard]] virtual double currentTimeMs() const = 0;
    // Moves the run to line `line` exactly, paused: on from where it is
    // when that is before `line`, else rebuilt.
    virtual void goToLine(std::size_t line) = 0;
    // The stage the lesson points at (-1: none). It stays highlighted on the
    // diagram whatever else the run shows, until changed.
    virtual void highlightStage(int stageIndex) = 0;
    // Selects trace line `line` (1-based) in the event log.
    virtual void selectLine(std::size_t line) = 0;
    // "Why did this happen?" for the line the run is at (plain text; empty at
    // line 0).
    [[nodiscard]] virtual QString whyAtCurrentLine() const = 0;
    // The line the run is at in plain words ("socket: 'drain' ...").
    [[nodiscard]] virtual QString plainCurrentLine() const = 0;
};

// The host over the window's Run: line L is the Run's seekLine(L - 1) (the
// Run counts lines from 0), line 0 is Run::toBeforeFirstLine(); any line is
// reached exactly, forward or back, because the recording re-simulates from
// its checkpoints. Each move is one seek: the views get one refresh, not one
// per line. A seek by hand pauses the Player; open() pauses it too.
//
// GUI thread only. The window is not owned and must outlive the host.
class RunLessonHost final : public QObject, public LessonRunHost {
    Q_OBJECT
public:
    explicit RunLessonHost(MainWindow* window);

    void open(const Scenario& scenario) override;
    [[nodiscard]] std::size_t currentLine() const override;
    [[nodiscard]] double currentTimeMs() const override;
    void goToLine(std::size_t line) override;
    void highlightStage(int stageIndex) override;
    void selectLine(std::size_t line) override;
    [[nodiscard]] QString whyAtCurrentLine() const override;
    [[nodiscard]] QString plainCurrentLine() const override;

    // Where the event log lives (selectLine); optional.
    void setLineSelector(std::function<void(qint64 traceIndex)> select)
    {
        m_select = std::move(select);
    }

private:
    void applyHighlight();

    MainWindow* m_window;
    int m_stage = -1;
    std::function<void(qint64)> m_select;
};

}  // namespace bplab::ui
