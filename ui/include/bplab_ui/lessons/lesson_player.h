#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstddef>
#include <optional>
#include <vector>

#include "bplab_core/lesson.h"

namespace bplab::ui {

class LessonRunHost;

// Plays a lesson over the run in the window: each step moves the run to its
// pause (the line the lesson checker placed it at), shows its text, and asks
// its question; a locked-in answer plays the run on to the real event.
//
// Phases of a step:
//   Showing   the step's text (no question, or a free one)
//   Asking    a next question waits for the class's answer (choose, lockIn)
//   Locked    the answer is locked in, the run is still at the pause
//   PlayingOn the run moves on, line by line, to the pause or the answer
//   Revealed  the run is right after the real event; the reveal is shown
//   Finished  after the last step
//
// next(): Showing/Revealed -> the next step; Locked -> play on to the
// answer; Asking -> nothing (the question waits); PlayingOn -> arrive now.
// back(): the previous step's pause, exactly (the run is rebuilt there).
// A locked answer never changes; resetScore() forgets every answer.
//
// GUI thread only. The host is not owned and must outlive the player.
class LessonPlayer final : public QObject {
    Q_OBJECT
public:
    enum class Phase { Closed, Showing, Asking, Locked, PlayingOn, Revealed, Finished };

    explicit LessonPlayer(LessonRunHost* host, QObject* parent = nullptr);

    // Checks the lesson on the simulation, opens its scenario and shows step
    // `step` (0-based). A lesson that does not hold is not opened: `error`
    // names the problems.
    bool open(const Lesson& lesson, std::size_t step, QString& error);
    void close();

    [[nodiscard]] bool isOpen() const { return m_phase != Phase::Closed; }
    [[nodiscard]] const Lesson& lesson() const { return m_lesson; }
    [[nodiscard]] Phase phase() const { return m_phase; }
    [[nodiscard]] std::size_t stepIndex() const { return m_step; }
    [[nodiscard]] std::size_t stepCount() const { return m_lesson.steps.size(); }
    [[nodiscard]] const LessonStep& step() const { return m_lesson.steps.at(m_step); }
    // Where the checker placed each step: its pause and its answer's line.
    [[nodiscard]] const StepOutcome& outcome(std::size_t step) const { return m_outcomes.at(step); }
    // The step's next question, or nullptr.
    [[nodiscard]] const LessonQuestion* nextQuestion() const;
    // The choice picked (not yet locked, or locked), if any.
    [[nodiscard]] std::optional<std::size_t> chosen() const { return m_chosen; }
    [[nodiscard]] bool locked() const { return lockedAnswer().has_value(); }
    [[nodiscard]] std::optional<std::size_t> lockedAnswer() const;
    [[nodiscard]] bool answeredRight() const;
    // The class's score: right answers among the questions answered.
    [[nodiscard]] int score() const;
    [[nodiscard]] int answered() const;
    [[nodiscard]] int questionCount() const;
    // The free question's reveal is shown (confirm()).
    [[nodiscard]] bool freeRevealed() const { return m_freeRevealed; }

    // Lines moved per tick and the tick while playing on; 0 ms arrives at
    // once (tests, pictures).
    void setPlayOnIntervalMs(int ms) { m_intervalMs = ms; }
    [[nodiscard]] int playOnIntervalMs() const { return m_intervalMs; }

public Q_SLOTS:
    void next();
    void back();
    void goToStep(std::size_t step);
    // Picks choice `index` (0-based) while the question is open.
    void choose(std::size_t index);
    // Locks the picked choice in and plays on to the real event.
    void lockIn();
    // Enter: lock in (Asking), play on (Locked), show the free reveal.
    void confirm();
    // After a wrong answer: back to the pause and play on to the event again.
    void watchAgain();
    void resetScore();

Q_SIGNALS:
    void changed();  // anything shown changed
    void opened();
    void closed();

private:
    void enterStep(std::size_t step, bool animate);
    void playTo(std::size_t line, Phase arrival);
    void tick();
    void arrive();

    LessonRunHost* m_host;
    Lesson m_lesson;
    std::vector<StepOutcome> m_outcomes;
    std::vector<std::optional<std::size_t>> m_answers;  // per step, once locked
    std::optional<std::size_t> m_chosen;
    std::size_t m_step = 0;
    Phase m_phase = Phase::Closed;
    Phase m_arrival = Phase::Showing;  // the phase once playing on arrives
    bool m_freeRevealed = false;
    std::size_t m_target = 0;
    std::size_t m_perTick = 1;
    int m_intervalMs = 25;
    QTimer m_timer;
};

// How a choice reads on its button: "'write' on socket (ret false)".
QString choiceLabel(const TracePattern& pattern);

}  // namespace bplab::ui
