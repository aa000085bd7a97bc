#include "bplab_ui/lessons/lesson_player.h"

#include "bplab_ui/lessons/lesson_run_host.h"

#include <QStringList>

#include <algorithm>

namespace bplab::ui {

namespace {

// About this many ticks carry the run from one moment to the next, whatever
// the number of lines between them: a second or so at 25 ms a tick.
constexpr std::size_t kTicksPerMove = 40;

QString valueText(const TraceValue& value)
{
    if (const auto* text = std::get_if<std::string>(&value)) {
        return QString::fromStdString(*text);
    }
    return QString::fromStdString(toJson(value));
}

int stageIndexOf(const Scenario& scenario, std::string_view id)
{
    for (std::size_t i = 0; i < scenario.stages.size(); ++i) {
        if (scenario.stages[i].id == id) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

}  // namespace

QString choiceLabel(const TracePattern& pattern)
{
    QString ev;
    QString stage;
    QStringList rest;
    for (const auto& [key, value] : pattern.fields) {
        if (key == "ev") {
            ev = valueText(value);
        } else if (key == "stage") {
            stage = valueText(value);
        } else {
            rest << QStringLiteral("%1 %2").arg(QString::fromStdString(key), valueText(value));
        }
    }
    QString label = ev.isEmpty() ? QObject::tr("any event") : QStringLiteral("'%1'").arg(ev);
    if (!stage.isEmpty()) {
        label += QObject::tr(" on %1").arg(stage);
    }
    if (!rest.isEmpty()) {
        label += QStringLiteral(" (%1)").arg(rest.join(QStringLiteral(", ")));
    }
    return label;
}

LessonPlayer::LessonPlayer(LessonRunHost* host, QObject* parent) : QObject(parent), m_host(host)
{
    connect(&m_timer, &QTimer::timeout, this, &LessonPlayer::tick);
}

bool LessonPlayer::open(const Lesson& lesson, std::size_t step, QString& error)
{
    const LessonCheck check = checkLesson(lesson, simulateTrace(lesson.scenario));
    if (!check.holds()) {
        QStringList problems;
        for (const std::string& problem : check.problems) {
            problems << QString::fromStdString(problem);
        }
        error = tr("The lesson \"%1\" does not hold on the simulation:\n%2")
                    .arg(QString::fromStdString(lesson.id), problems.join(QLatin1Char('\n')));
        return false;
    }
    m_timer.stop();
    m_lesson = lesson;
    m_outcomes = check.steps;
    m_answers.assign(m_lesson.steps.size(), std::nullopt);
    m_host->open(m_lesson.scenario);
    m_phase = Phase::Showing;
    Q_EMIT opened();
    enterStep(std::min(step, m_lesson.steps.size() - 1), false);
    return true;
}

void LessonPlayer::close()
{
    if (m_phase == Phase::Closed) {
        return;
    }
    m_timer.stop();
    m_phase = Phase::Closed;
    m_host->highlightStage(-1);
    Q_EMIT closed();
    Q_EMIT changed();
}

const LessonQuestion* LessonPlayer::nextQuestion() const
{
    if (m_phase == Phase::Closed || m_step >= m_lesson.steps.size()) {
        return nullptr;
    }
    const auto& ask = m_lesson.steps[m_step].ask;
    return ask && ask->kind == QuestionKind::Next ? &*ask : nullptr;
}

std::optional<std::size_t> LessonPlayer::lockedAnswer() const
{
    if (m_phase == Phase::Closed || m_step >= m_answers.size()) {
        return std::nullopt;
    }
    return m_answers[m_step];
}

bool LessonPlayer::answeredRight() const
{
    const LessonQuestion* question = nextQuestion();
    const auto answer = lockedAnswer();
    return question != nullptr && answer && *answer == question->answer;
}

int LessonPlayer::score() const
{
    int right = 0;
    for (std::size_t i = 0; i < m_answers.size(); ++i) {
        const auto& ask = m_lesson.steps[i].ask;
        if (m_answers[i] && ask && *m_answers[i] == ask->answer) {
            ++right;
        }
    }
    return right;
}

int LessonPlayer::answered() const
{
    return static_cast<int>(std::count_if(m_answers.begin(), m_answers.end(),
                                          [](const auto& answer) { return answer.has_value(); }));
}

int LessonPlayer::questionCount() const
{
    return static_cast<int>(std::count_if(
        m_lesson.steps.begin(), m_lesson.steps.end(),
        [](const LessonStep& step) { return step.ask && step.ask->kind == QuestionKind::Next; }));
}

void LessonPlayer::enterStep(std::size_t step, bool animate)
{
    m_timer.stop();
    m_step = step;
    m_chosen = m_answers[step];
    m_freeRevealed = false;
    const Phase arrival = nextQuestion() == nullptr ? Phase::Showing
                          : m_answers[step]         ? Phase::Locked
                                                    : Phase::Asking;
    const std::size_t line = m_outcomes[step].pausedAfter;
    if (animate) {
        playTo(line, arrival);
    } else {
        m_host->goToLine(line);
        m_target = line;
        m_arrival = arrival;
        arrive();
    }
}

void LessonPlayer::playTo(std::size_t line, Phase arrival)
{
    m_timer.stop();
    m_target = line;
    m_arrival = arrival;
    const std::size_t from = m_host->currentLine();
    if (m_intervalMs <= 0 || line <= from) {
        m_host->goToLine(line);  // backward: rebuilt, exactly
        arrive();
        return;
    }
    m_perTick = std::max<std::size_t>(1, (line - from + kTicksPerMove - 1) / kTicksPerMove);
    m_phase = Phase::PlayingOn;
    m_timer.start(m_intervalMs);
    Q_EMIT changed();
}

void LessonPlayer::tick()
{
    const std::size_t from = m_host->currentLine();
    m_host->goToLine(std::min(m_target, from + m_perTick));
    if (m_host->currentLine() >= m_target || m_host->currentLine() == from) {
        arrive();
    }
}

void LessonPlayer::arrive()
{
    m_timer.stop();
    if (m_host->currentLine() != m_target) {
        m_host->goToLine(m_target);
    }
    m_phase = m_arrival;
    int stage = -1;
    const LessonStep& step = m_lesson.steps[m_step];
    if (m_phase == Phase::Revealed && nextQuestion() != nullptr) {
        // The real event's stage: the right choice names it.
        const TracePattern& right = nextQuestion()->choices[nextQuestion()->answer];
        for (const auto& [key, value] : right.fields) {
            if (key == "stage" && std::holds_alternative<std::string>(value)) {
                stage = stageIndexOf(m_lesson.scenario, std::get<std::string>(value));
            }
        }
    } else if (step.focus) {
        stage = stageIndexOf(m_lesson.scenario, *step.focus);
    }
    m_host->highlightStage(stage);
    m_host->selectLine(m_host->currentLine());
    Q_EMIT changed();
}

void LessonPlayer::next()
{
    switch (m_phase) {
        case Phase::Closed:
        case Phase::Asking:
        case Phase::Finished:
            return;
        case Phase::PlayingOn:
            arrive();
            return;
        case Phase::Locked:
            playTo(*m_outcomes[m_step].answerLine, Phase::Revealed);
            return;
        case Phase::Showing:
        case Phase::Revealed:
            if (m_step + 1 < m_lesson.steps.size()) {
                enterStep(m_step + 1, true);
            } else {
                m_phase = Phase::Finished;
                Q_EMIT changed();
            }
            return;
    }
}

void LessonPlayer::back()
{
    switch (m_phase) {
        case Phase::Closed:
            return;
        case Phase::Finished:
            enterStep(m_step, false);
            return;
        case Phase::Revealed:
            enterStep(m_step, false);  // the pause before the reveal
            return;
        case Phase::PlayingOn:
            if (m_arrival == Phase::Revealed) {
                enterStep(m_step, false);
                return;
            }
            [[fallthrough]];
        case Phase::Showing:
        case Phase::Asking:
        case Phase::Locked:
            enterStep(m_step > 0 ? m_step - 1 : 0, false);
            return;
    }
}

void LessonPlayer::goToStep(std::size_t step)
{
    if (m_phase != Phase::Closed && step < m_lesson.steps.size()) {
        enterStep(step, false);
    }
}

void LessonPlayer::choose(std::size_t index)
{
    const LessonQuestion* question = nextQuestion();
    if (m_phase != Phase::Asking || question == nullptr || index >= question->choices.size()) {
        return;  // a locked answer stays as it is
    }
    m_chosen = index;
    Q_EMIT changed();
}

void LessonPlayer::lockIn()
{
    if (m_phase != Phase::Asking || !m_chosen) {
        return;
    }
    m_answers[m_step] = m_chosen;
    playTo(*m_outcomes[m_step].answerLine, Phase::Revealed);
}

void LessonPlayer::confirm()
{
    switch (m_phase) {
        case Phase::Asking:
            lockIn();
            return;
        case Phase::Locked:
        case Phase::PlayingOn:
            next();
            return;
        case Phase::Showing:
            if (step().ask && step().ask->kind == QuestionKind::Free && !m_freeRevealed) {
                m_freeRevealed = true;
                Q_EMIT changed();
                return;
            }
            next();
            return;
        case Phase::Revealed:
            next();
            return;
        case Phase::Closed:
        case Phase::Finished:
            return;
    }
}

void LessonPlayer::watchAgain()
{
    if (m_phase != Phase::Revealed || nextQuestion() == nullptr) {
        return;
    }
    m_host->goToLine(m_outcomes[m_step].pausedAfter);
    playTo(*m_outcomes[m_step].answerLine, Phase::Revealed);
}

void LessonPlayer::resetScore()
{
    if (m_phase == Phase::Closed) {
        return;
    }
    m_answers.assign(m_lesson.steps.size(), std::nullopt);
    if (nextQuestion() != nullptr &&
        (m_phase == Phase::Locked || m_phase == Phase::Revealed || m_phase == Phase::PlayingOn)) {
        enterStep(m_step, false);  // the question is open again
        return;
    }
    m_chosen.reset();
    Q_EMIT changed();
}

}  // namespace bplab::ui
