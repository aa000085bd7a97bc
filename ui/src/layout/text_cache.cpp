#include "bplab_ui/layout/text_cache.h"

#include <QPainter>

namespace bplab::ui {

void TextCache::draw(QPainter& painter, const QRectF& rect, int flags, const QString& text)
{
    if (text.isEmpty()) {
        return;
    }
    if ((flags & Qt::TextWordWrap) != 0 || text.contains(QLatin1Char('\n'))) {
        painter.drawText(rect, flags, text);
        return;
    }
    const QFont& font = painter.font();
    const QString key = font.key() + QChar(0x1f) + text;
    auto it = m_texts.find(key);
    if (it == m_texts.end()) {
        if (m_texts.size() >= kMaxTexts) {
            m_texts.clear();
        }
        QStaticText laidOut(text);
        laidOut.setTextFormat(Qt::PlainText);
        laidOut.setPerformanceHint(QStaticText::AggressiveCaching);
        laidOut.prepare(QTransform(), font);
        it = m_texts.insert(key, laidOut);
    }
    const QSizeF size = it->size();
    double x = rect.left();
    if ((flags & Qt::AlignRight) != 0) {
        x = rect.right() - size.width();
    } else if ((flags & Qt::AlignHCenter) != 0) {
        x = rect.left() + (rect.width() - size.width()) / 2.0;
    }
    double y = rect.top();
    if ((flags & Qt::AlignBottom) != 0) {
        y = rect.bottom() - size.height();
    } else if ((flags & Qt::AlignVCenter) != 0) {
        y = rect.top() + (rect.height() - size.height()) / 2.0;
    }
    const bool overflows = size.width() > rect.width() + 0.5 || size.height() > rect.height() + 0.5;
    if (overflows && (flags & Qt::TextDontClip) == 0) {
        painter.save();
        painter.setClipRect(rect, Qt::IntersectClip);
        painter.drawStaticText(QPointF(x, y), *it);
        painter.restore();
        return;
    }
    painter.drawStaticText(QPointF(x, y), *it);
}

}  // namespace bplab::ui
