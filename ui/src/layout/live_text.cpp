#include "bplab_ui/layout/live_text.h"

#include <QEvent>
#include <QPainter>

namespace bplab::ui {

LiveText::LiveText(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void LiveText::setText(const QString& text)
{
    if (text == m_text) {
        return;
    }
    m_text = text;
    const int width = fontMetrics().horizontalAdvance(text);
    if (width > m_widest) {
        m_widest = width;
        updateGeometry();
    }
    update();
}

void LiveText::setAlignment(Qt::Alignment alignment)
{
    m_alignment = alignment;
    update();
}

QSize LiveText::sizeHint() const
{
    const QMargins margins = contentsMargins();
    return {m_widest + 2 + margins.left() + margins.right(),
            fontMetrics().height() + margins.top() + margins.bottom()};
}

QSize LiveText::minimumSizeHint() const
{
    return sizeHint();
}

void LiveText::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    painter.setPen(
        palette().color(isEnabled() ? QPalette::Active : QPalette::Disabled, QPalette::WindowText));
    painter.drawText(contentsRect(), static_cast<int>(m_alignment), m_text);
}

void LiveText::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        m_widest = fontMetrics().horizontalAdvance(m_text);
        updateGeometry();
    }
}

}  // namespace bplab::ui
