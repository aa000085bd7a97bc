#include "bplab_ui/story/story_strip.h"

#include <QEvent>
#include <QGraphicsOpacityEffect>
#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QVBoxLayout>

#include <algorithm>

namespace bplab::ui {

StoryStrip::StoryStrip(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("storyStrip"));
    m_name = new QLabel(this);
    m_name->setObjectName(QStringLiteral("storyName"));
    QFont bold = m_name->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_name->setFont(bold);
    m_name->setWordWrap(true);  // a long name in large type must not widen the window
    m_description = new QLabel(this);
    m_description->setObjectName(QStringLiteral("storyDescription"));
    m_description->setWordWrap(true);
    m_description->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_moment = new QLabel(this);
    m_moment->setObjectName(QStringLiteral("storyMoment"));
    m_moment->setWordWrap(true);
    m_moment->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_moment->setStyleSheet(
        QStringLiteral("QLabel { background: #fff3bf; color: #1a1a1a; border: 2px solid #e8590c; "
                       "border-radius: 6px; padding: 3px 8px; }"));
    m_moment->setGraphicsEffect(new QGraphicsOpacityEffect(m_moment));
    m_moment->hide();
    m_badge = new QLabel(this);
    m_badge->setObjectName(QStringLiteral("storyBadge"));
    m_badge->setAlignment(Qt::AlignCenter);
    QPalette badge;
    badge.setColor(QPalette::Window, QColor(0, 60, 143));
    badge.setColor(QPalette::WindowText, Qt::white);
    m_badge->setPalette(badge);
    m_badge->setAutoFillBackground(true);
    m_badge->setMargin(4);
    m_badge->hide();
    // Their fonts follow the strip's (changeEvent): not scaled again by others.
    m_moment->setProperty("bplabOwnFont", true);
    m_badge->setProperty("bplabOwnFont", true);

    // The name with the badge at its right, then the description with the
    // moment beside it: the badge takes no width from the description, which
    // on a 1024-pixel projector would cost it two lines of large type.
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(8, 4, 8, 4);
    column->setSpacing(0);
    auto* top = new QHBoxLayout;
    top->addWidget(m_name, 1);
    top->addWidget(m_badge, 0, Qt::AlignTop);
    column->addLayout(top);
    auto* row = new QHBoxLayout;
    row->addWidget(m_description, 3);
    row->addWidget(m_moment, 2);
    column->addLayout(row);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
}

void StoryStrip::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        m_moment->setFont(font());
        QFont bold = font();
        bold.setBold(true);
        m_badge->setFont(bold);
        keepTextWhole();
    }
}

void StoryStrip::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    keepTextWhole();
}

void StoryStrip::keepTextWhole()
{
    // Never shorter than the wrapped name and description need at the width
    // they have: a window short of room takes it from the diagram and the
    // charts, not from the story's last line. Only once laid out on screen
    // (a strip not yet given its width would ask for far too much), and never
    // more than a third of the window.
    if (!isVisible() || m_description->width() < 200) {
        return;
    }
    const int textWidth = m_description->width();
    const QMargins margins = layout()->contentsMargins();
    int needed = std::max(m_name->heightForWidth(m_name->width()),
                          m_badge->isVisibleTo(this) ? m_badge->sizeHint().height() : 0) +
                 (m_description->isVisibleTo(this) ? m_description->heightForWidth(textWidth) : 0) +
                 margins.top() + margins.bottom();
    needed = std::min(needed, window()->height() / 3);
    if (needed > minimumHeight()) {
        setMinimumHeight(needed);
    }
}

void StoryStrip::setStory(const QString& name, const QString& description)
{
    m_name->setText(name);
    m_description->setText(description);
    m_description->setVisible(!description.isEmpty());
    setMinimumHeight(0);  // a new story: measured again
    keepTextWhole();
}

void StoryStrip::setMoment(const QString& text, double timeS, double opacity)
{
    m_momentText = opacity > 0.0 ? text : QString();
    if (opacity <= 0.0 || text.isEmpty() || !m_momentShown) {
        m_moment->hide();
        return;
    }
    m_moment->setText(
        QStringLiteral("<b>%1 s</b>&nbsp; %2").arg(timeS, 0, 'f', 3).arg(text.toHtmlEscaped()));
    static_cast<QGraphicsOpacityEffect*>(m_moment->graphicsEffect())->setOpacity(opacity);
    m_moment->show();
}

void StoryStrip::setMomentShown(bool shown)
{
    m_momentShown = shown;
    if (!shown) {
        m_moment->hide();
    }
}

}  // namespace bplab::ui
