#include "bplab_ui/lessons/lesson_panel.h"

#include "bplab_ui/lessons/lesson_player.h"
#include "bplab_ui/lessons/lesson_run_host.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QStyle>
#include <QVBoxLayout>

namespace bplab::ui {

namespace {

constexpr int kMaxChoices = 9;

QLabel* textLabel(QWidget* parent, double scale, bool bold, const QString& name)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    font.setBold(bold);
    label->setFont(font);
    return label;
}

QPushButton* bigButton(QWidget* parent, const QString& text, const QString& name)
{
    auto* button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setFocusPolicy(Qt::NoFocus);  // the keys belong to the lesson
    QFont font = button->font();
    font.setPointSizeF(font.pointSizeF() * 1.15);
    button->setFont(font);
    button->setMinimumHeight(button->sizeHint().height() * 5 / 4);
    return button;
}

}  // namespace

QString LessonPanel::richText(const QString& plain)
{
    QString html = plain.toHtmlEscaped();
    static const QRegularExpression code(QStringLiteral("`([^`]+)`"));
    static const QRegularExpression emphasis(QStringLiteral("\\*([^*]+)\\*"));
    html.replace(code, QStringLiteral("<code>\\1</code>"));
    html.replace(emphasis, QStringLiteral("<b><i>\\1</i></b>"));
    return html;
}

LessonPanel::LessonPanel(LessonPlayer* player, LessonRunHost* host, QWidget* parent)
    : QWidget(parent), m_player(player), m_host(host)
{
    setObjectName(QStringLiteral("lessonPanel"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outer->addWidget(scroll, 1);
    auto* body = new QWidget(scroll);
    scroll->setWidget(body);
    auto* layout = new QVBoxLayout(body);

    auto* status = new QHBoxLayout;
    m_progress = textLabel(body, 1.0, true, QStringLiteral("lessonProgress"));
    m_progress->setTextFormat(Qt::PlainText);
    status->addWidget(m_progress, 1);
    m_score = textLabel(body, 1.0, false, QStringLiteral("lessonScore"));
    m_score->setTextFormat(Qt::PlainText);
    m_score->setWordWrap(false);
    status->addWidget(m_score);
    m_resetScore = new QPushButton(tr("Reset"), body);
    m_resetScore->setObjectName(QStringLiteral("lessonResetScore"));
    m_resetScore->setFocusPolicy(Qt::NoFocus);
    m_resetScore->setToolTip(tr("Forget every answer: a new class, a new score"));
    status->addWidget(m_resetScore);
    layout->addLayout(status);

    m_say = textLabel(body, 1.15, false, QStringLiteral("lessonSay"));
    layout->addWidget(m_say);
    m_prompt = textLabel(body, 1.15, true, QStringLiteral("lessonPrompt"));
    layout->addWidget(m_prompt);
    for (int i = 0; i < kMaxChoices; ++i) {
        QPushButton* choice =
            bigButton(body, QString(), QStringLiteral("lessonChoice%1").arg(i + 1));
        choice->setCheckable(true);
        // Never wider than the panel: a long choice is cut, not the panel.
        choice->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        choice->setStyleSheet(QStringLiteral(
            "QPushButton { text-align: left; padding: 6px 12px; }"
            "QPushButton:disabled { color: #505050; }"
            "QPushButton:checked { background: #003ca0; color: white; font-weight: bold; }"
            "QPushButton[verdict=\"right\"] { background: #1b7a2e; color: white; "
            "font-weight: bold; }"
            "QPushButton[verdict=\"wrong\"] { background: #b00020; color: white; }"));
        connect(choice, &QPushButton::clicked, this, [this, i] {
            m_player->choose(static_cast<std::size_t>(i));
            refresh();  // a click on a locked question leaves it as it was
        });
        layout->addWidget(choice);
        m_choices.push_back(choice);
    }
    m_lock = bigButton(body, tr("Lock in the answer (Enter)"), QStringLiteral("lessonLockIn"));
    // Enter's meaning: lock in while asking, play on once locked.
    connect(m_lock, &QPushButton::clicked, m_player, &LessonPlayer::confirm);
    layout->addWidget(m_lock);

    m_verdict = textLabel(body, 1.3, true, QStringLiteral("lessonVerdict"));
    layout->addWidget(m_verdict);
    m_event = textLabel(body, 1.0, false, QStringLiteral("lessonEvent"));
    layout->addWidget(m_event);
    m_reveal = textLabel(body, 1.15, false, QStringLiteral("lessonReveal"));
    layout->addWidget(m_reveal);
    m_why = textLabel(body, 0.95, false, QStringLiteral("lessonWhy"));
    layout->addWidget(m_why);
    layout->addStretch(1);

    auto* buttons = new QHBoxLayout;
    buttons->setContentsMargins(6, 0, 6, 6);
    m_back = bigButton(this, tr("\u2190 Back"), QStringLiteral("lessonBack"));
    m_back->setToolTip(tr("The previous moment, exactly (Left)"));
    connect(m_back, &QPushButton::clicked, m_player, &LessonPlayer::back);
    m_next = bigButton(this, tr("Next \u2192"), QStringLiteral("lessonNext"));
    m_next->setToolTip(tr("On to the next moment (Space or Right)"));
    connect(m_next, &QPushButton::clicked, m_player, &LessonPlayer::next);
    m_again = bigButton(this, tr("\u21bb Again"), QStringLiteral("lessonWatchAgain"));
    m_again->setToolTip(tr("Watch it again: back to the pause, then on to the event (W)"));
    connect(m_again, &QPushButton::clicked, m_player, &LessonPlayer::watchAgain);
    m_close = new QPushButton(tr("Close"), this);
    m_close->setToolTip(tr("Close the lesson"));
    m_close->setObjectName(QStringLiteral("lessonClose"));
    m_close->setFocusPolicy(Qt::NoFocus);
    connect(m_close, &QPushButton::clicked, m_player, &LessonPlayer::close);
    buttons->addWidget(m_back);
    buttons->addWidget(m_again);
    buttons->addWidget(m_next, 1);
    buttons->addWidget(m_close);
    outer->addLayout(buttons);

    connect(m_resetScore, &QPushButton::clicked, m_player, &LessonPlayer::resetScore);
    connect(m_player, &LessonPlayer::changed, this, &LessonPanel::refresh);
    refresh();
}

QPushButton* LessonPanel::choiceButton(int index) const
{
    return index >= 0 && index < kMaxChoices ? m_choices[static_cast<std::size_t>(index)] : nullptr;
}

void LessonPanel::refresh()
{
    using Phase = LessonPlayer::Phase;
    const Phase phase = m_player->phase();
    if (phase == Phase::Closed) {
        m_progress->clear();
        m_score->clear();
        m_say->clear();
        for (QLabel* label : {m_prompt, m_verdict, m_reveal, m_event, m_why}) {
            label->hide();
        }
        for (QPushButton* button : m_choices) {
            button->hide();
        }
        m_lock->hide();
        m_again->hide();
        return;
    }
    const Lesson& lesson = m_player->lesson();
    const LessonStep& step = m_player->step();
    Q_UNUSED(lesson);
    m_progress->setText(
        phase == Phase::Finished
            ? tr("The end")
            : tr("Step %1 of %2").arg(m_player->stepIndex() + 1).arg(m_player->stepCount()));
    m_score->setText(tr("Score %1 / %2").arg(m_player->score()).arg(m_player->answered()));
    m_resetScore->setEnabled(m_player->answered() > 0);

    if (phase == Phase::Finished) {
        m_say->setText(tr("That was the whole lesson. The class got %1 of %2 questions right.")
                           .arg(m_player->score())
                           .arg(m_player->questionCount()));
    } else {
        m_say->setText(richText(QString::fromStdString(step.say)));
    }
    // Once the answer is out, the reveal takes the step's words' place.
    m_say->setVisible(phase != Phase::Revealed);

    const LessonQuestion* question = phase == Phase::Finished ? nullptr : m_player->nextQuestion();
    const bool freeQuestion =
        phase != Phase::Finished && step.ask && step.ask->kind == QuestionKind::Free;
    m_prompt->setVisible(question != nullptr || freeQuestion);
    if (question != nullptr || freeQuestion) {
        m_prompt->setText(richText(QString::fromStdString(step.ask->prompt)));
    }
    const auto chosen = m_player->chosen();
    const bool open = phase == Phase::Asking;
    for (int i = 0; i < kMaxChoices; ++i) {
        QPushButton* button = m_choices[static_cast<std::size_t>(i)];
        const auto index = static_cast<std::size_t>(i);
        const bool shown = question != nullptr && index < question->choices.size();
        button->setVisible(shown);
        if (!shown) {
            continue;
        }
        const bool revealedNow = phase == Phase::Revealed;
        const bool right = revealedNow && index == question->answer;
        const bool wrong = revealedNow && chosen && *chosen == index && !right;
        button->setText(QStringLiteral("%1  %2  %3")
                            .arg(i + 1)
                            .arg(right   ? QStringLiteral("\u2714")
                                 : wrong ? QStringLiteral("\u2718")
                                         : QStringLiteral(" "))
                            .arg(choiceLabel(question->choices[index])));
        const QString verdict = right   ? QStringLiteral("right")
                                : wrong ? QStringLiteral("wrong")
                                        : QString();
        if (button->property("verdict").toString() != verdict) {
            button->setProperty("verdict", verdict);
            button->style()->unpolish(button);
            button->style()->polish(button);
        }
        button->setChecked(chosen && *chosen == index);
        button->setEnabled(open || (chosen && *chosen == index) ||
                           (phase == Phase::Revealed && index == question->answer));
    }
    m_lock->setVisible(question != nullptr && (open || phase == Phase::Locked));
    m_lock->setEnabled(open && chosen.has_value());
    m_lock->setText(phase == Phase::Locked ? tr("Locked in: play on (Enter)")
                                           : tr("Lock in the answer (Enter)"));
    if (phase == Phase::Locked) {
        m_lock->setEnabled(true);
    }

    const bool revealed = phase == Phase::Revealed && question != nullptr;
    const bool freeShown = freeQuestion && m_player->freeRevealed();
    m_verdict->setVisible(revealed);
    m_event->setVisible(revealed);
    m_why->setVisible(revealed);
    m_again->setVisible(revealed && !m_player->answeredRight());
    m_reveal->setVisible((revealed || freeShown) && !step.reveal.empty());
    if (revealed) {
        const bool right = m_player->answeredRight();
        m_verdict->setText(right ? tr("<span style='color:#1b7a2e'>\u2714 Right!</span>")
                                 : tr("<span style='color:#b00020'>\u2718 Not this time.</span>"));
        const std::size_t line = m_player->outcome(m_player->stepIndex()).answerLine.value_or(0);
        m_event->setText(tr("Node did: <b>%1</b> (line #%L2, at %3 s)")
                             .arg(choiceLabel(question->choices[question->answer]).toHtmlEscaped())
                             .arg(line - 1)
                             .arg(m_host->currentTimeMs() / 1000.0, 0, 'f', 3));
        m_event->setToolTip(m_host->plainCurrentLine());
        m_why->setText(
            tr("<b>Why did this happen?</b> %1").arg(m_host->whyAtCurrentLine().toHtmlEscaped()));
    }
    if (!step.reveal.empty()) {
        m_reveal->setText(richText(QString::fromStdString(step.reveal)));
    }
    m_back->setEnabled(phase != Phase::Showing || m_player->stepIndex() > 0 ||
                       phase == Phase::Finished);
    m_next->setEnabled(phase != Phase::Asking && phase != Phase::Finished);
    m_next->setText(phase == Phase::Locked      ? tr("Play on \u2192")
                    : phase == Phase::PlayingOn ? tr("Skip ahead \u2192")
                                                : tr("Next \u2192"));
}

}  // namespace bplab::ui
