#include "bplab_ui/run/time_travel_keys.h"

#include <QAction>
#include <QInputDialog>
#include <QKeySequence>
#include <QRegularExpression>
#include <QWidget>

#include <cmath>

#include "bplab_ui/run/run.h"

namespace bplab::ui {

std::optional<GoToTarget> parseGoTo(const QString& text)
{
    const QString t = text.trimmed().toLower();
    static const QRegularExpression line(QStringLiteral(R"(^(?:#|line\s*)\s*(\d{1,15})$)"));
    static const QRegularExpression time(
        QStringLiteral(R"(^(?:t\s*=\s*)?(\d{1,12}(?:\.\d{0,3})?)\s*(ms|s)?$)"));
    if (const QRegularExpressionMatch m = line.match(t); m.hasMatch()) {
        return GoToTarget{true, m.captured(1).toLongLong()};
    }
    if (const QRegularExpressionMatch m = time.match(t); m.hasMatch()) {
        const double value = m.captured(1).toDouble();
        const bool ms = m.captured(2) == QStringLiteral("ms");
        return GoToTarget{false,
                          static_cast<std::int64_t>(std::llround(ms ? value : value * 1000.0))};
    }
    return std::nullopt;
}

TimeTravelKeys::TimeTravelKeys(QWidget* window, Run* run)
    : QObject(window), m_window(window), m_run(run)
{
    m_back = add(tr("Step back"), QKeySequence(Qt::Key_Left));
    m_back->setToolTip(tr("One trace line back (Left)"));
    connect(m_back, &QAction::triggered, run, &Run::stepBack);
    m_previous = add(tr("Back to pause/drain"), QKeySequence(Qt::SHIFT | Qt::Key_Left));
    connect(m_previous, &QAction::triggered, run, &Run::toPreviousPauseOrDrain);
    m_start = add(tr("To the start"), QKeySequence(Qt::Key_Home));
    connect(m_start, &QAction::triggered, run, &Run::toStart);
    m_end = add(tr("To the end"), QKeySequence(Qt::Key_End));
    connect(m_end, &QAction::triggered, run, &Run::toEnd);
    m_goTo = add(tr("Go to..."), QKeySequence(Qt::CTRL | Qt::Key_G));
    connect(m_goTo, &QAction::triggered, this, [this] {
        std::optional<QString> text;
        if (m_prompt) {
            text = m_prompt();
        } else {
            bool ok = false;
            const QString typed = QInputDialog::getText(
                m_window, tr("Go to"), tr("A time (12.5 s, 800 ms) or a line number (#1234):"),
                QLineEdit::Normal, QString(), &ok);
            if (ok) {
                text = typed;
            }
        }
        if (text) {
            goTo(*text);  // anything else: stay
        }
    });
}

QAction* TimeTravelKeys::add(const QString& text, const QKeySequence& key)
{
    auto* action = new QAction(text, this);
    action->setShortcut(key);
    action->setShortcutContext(Qt::ApplicationShortcut);
    m_window->addAction(action);
    return action;
}

void TimeTravelKeys::setPresenting(bool presenting)
{
    m_back->setEnabled(!presenting);
}

void TimeTravelKeys::setGoToPrompt(std::function<std::optional<QString>()> prompt)
{
    m_prompt = std::move(prompt);
}

bool TimeTravelKeys::goTo(const QString& text)
{
    const std::optional<GoToTarget> target = parseGoTo(text);
    if (!target) {
        return false;
    }
    if (target->line) {
        m_run->seekLine(target->value);
    } else {
        m_run->seekTime(target->value);
    }
    return true;
}

}  // namespace bplab::ui
