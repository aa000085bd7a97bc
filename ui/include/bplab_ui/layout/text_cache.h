#pragma once

#include <QHash>
#include <QRectF>
#include <QStaticText>
#include <QString>

class QPainter;

namespace bplab::ui {

// Draws short one-line texts from a cache of laid-out texts. A call of
// QPainter::drawText(rect, flags, text) shapes its text again every time,
// and a diagram that draws a hundred labels 60 times a second spends most of
// its frame doing so; the same label in the same font is shaped once here.
// Word-wrapped or multi-line texts go to QPainter::drawText unchanged. Text
// wider or taller than its rectangle is clipped to it, as drawText does.
// GUI thread.
class TextCache {
public:
    // `flags`: Qt::Alignment flags, and Qt::TextWordWrap / Qt::TextDontClip.
    void draw(QPainter& painter, const QRectF& rect, int flags, const QString& text);
    void clear() { m_texts.clear(); }

private:
    static constexpr qsizetype kMaxTexts = 4096;  // then the cache starts again
    QHash<QString, QStaticText> m_texts;          // by font and text
};

}  // namespace bplab::ui
