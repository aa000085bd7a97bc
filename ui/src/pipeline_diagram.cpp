#include "bplab_ui/pipeline_diagram.h"

#include "bplab_ui/format.h"

#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace bplab::ui {

namespace {

const QColor kInk(25, 25, 30);
const QColor kMuted(90, 95, 105);
const QColor kBoxFill(255, 255, 255);
const QColor kTankBack(236, 239, 243);
const QColor kProcessing(112, 72, 232);
const QColor kFlowing(43, 138, 62);
const QColor kPaused(240, 140, 0);
const QColor kNeedDrain(201, 42, 42);
const QColor kEnded(73, 80, 87);
const QColor kDestroyed(20, 20, 20);
const QColor kNaive(201, 42, 42);
const QColor kFormatTwo(0, 105, 92);   // a _flush, a decoder: what the stage does at its end
const QColor kForAwait(21, 110, 140);  // the for-await loop's arrow

struct Badge {
    QString text;
    QColor background;
    QColor foreground;
};

}  // namespace

const QColor& PipelineDiagram::fillColour()
{
    static const QColor colour(28, 110, 200);
    return colour;
}

const QColor& PipelineDiagram::overflowColour()
{
    static const QColor colour(232, 89, 12);
    return colour;
}

std::vector<ChunkInFlight> chunksInFlight(const TraceStore& trace, std::size_t visibleCount,
                                          double nowMs, double spanMs, std::size_t limit)
{
    std::vector<ChunkInFlight> chunks;
    if (spanMs <= 0.0) {
        return chunks;
    }
    std::size_t index = std::min(visibleCount, trace.size());
    while (index > 0 && chunks.size() < limit) {
        --index;
        const auto t = static_cast<double>(trace.timeAt(index));
        if (t > nowMs) {
            continue;
        }
        if (t <= nowMs - spanMs) {
            break;
        }
        if (trace.kindAt(index) == EventKind::Write && trace.stageAt(index) >= 1) {
            chunks.push_back({trace.stageAt(index), std::clamp((nowMs - t) / spanMs, 0.0, 1.0)});
        }
    }
    return chunks;
}

PipelineDiagram::PipelineDiagram(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void PipelineDiagram::setScenario(const Scenario& scenario)
{
    m_scenario = scenario;
    m_stages.assign(scenario.stages.size(), StageSnapshot{});
    m_chunks.clear();
    updateGeometry();  // the minimum width follows the stages
    relayout();
    update();
}

void PipelineDiagram::setStages(const std::vector<StageSnapshot>& stages)
{
    m_stages = stages;
    update();
}

void PipelineDiagram::setChunksInFlight(std::vector<ChunkInFlight> chunks)
{
    m_chunks = std::move(chunks);
    update();
}

void PipelineDiagram::setTextScale(double scale)
{
    m_textScale = std::clamp(scale, 0.5, 4.0);
    relayout();
    update();
}

void PipelineDiagram::setMinimumUnit(double pixels)
{
    m_minimumUnit = std::max(kMinimumUnit, pixels);
    updateGeometry();  // the minimum size follows
    relayout();
    update();
}

void PipelineDiagram::setPlainLanguage(bool on)
{
    m_plain = on;
    update();
}

QString PipelineDiagram::plain(const QString& nodeName, const QString& words) const
{
    return m_plain ? words + QStringLiteral(" (") + nodeName + QLatin1Char(')') : nodeName;
}

void PipelineDiagram::setTitleVisible(bool visible)
{
    m_titleVisible = visible;
    update();
}

void PipelineDiagram::setCallout(int stage, const QString& text, double opacity)
{
    if (stage == m_calloutStage && text == m_callout && opacity == m_calloutOpacity) {
        return;
    }
    m_calloutStage = stage;
    m_callout = text;
    m_calloutOpacity = opacity;
    update();
}

void PipelineDiagram::paintCallout(QPainter& painter)
{
    if (m_callout.isEmpty() || m_calloutOpacity <= 0.0) {
        return;
    }
    const double u = m_unit;
    QRectF anchor;
    if (m_calloutStage >= 0 && static_cast<std::size_t>(m_calloutStage) < m_layout.size()) {
        anchor = m_layout[static_cast<std::size_t>(m_calloutStage)].box;
    }
    if (anchor.isEmpty() && !m_layout.empty()) {
        anchor = m_layout.front().box.united(m_layout.back().box);
    }
    if (anchor.isEmpty()) {
        return;
    }
    QFont font = this->font();
    font.setPixelSize(static_cast<int>(u * 0.85));
    font.setBold(true);
    painter.setFont(font);
    // As wide as the box (at least 14 units), as tall as the words need:
    // wrapped, never cut.
    const double width =
        std::min(std::max(anchor.width(), u * 14.0), static_cast<double>(this->width()) - u);
    const QRectF measure = painter.fontMetrics().boundingRect(
        QRect(0, 0, static_cast<int>(width - u), 10000), Qt::TextWordWrap, m_callout);
    const double height = measure.height() + u * 0.6;
    double left = anchor.center().x() - width / 2.0;
    left = std::clamp(left, u * 0.3, std::max(u * 0.3, this->width() - width - u * 0.3));
    const QRectF bubble(left, anchor.bottom() - height - u * 0.2, width, height);
    painter.save();
    painter.setOpacity(m_calloutOpacity);
    painter.setPen(QPen(overflowColour(), std::max(2.0, u * 0.15)));
    painter.setBrush(QColor(255, 243, 191));
    painter.drawRoundedRect(bubble, u * 0.4, u * 0.4);
    painter.setPen(kInk);
    m_texts.draw(painter, bubble.adjusted(u * 0.5, u * 0.3, -u * 0.5, -u * 0.3),
                 Qt::AlignCenter | Qt::TextWordWrap, m_callout);
    painter.restore();
}

void PipelineDiagram::setZoomedStage(int stage)
{
    m_zoomed =
        stage >= 0 && static_cast<std::size_t>(stage) < m_scenario.stages.size() ? stage : -1;
    updateGeometry();
    relayout();
    update();
}

void PipelineDiagram::setCaption(const QString& caption)
{
    if (caption != m_caption) {
        m_caption = caption;
        update();
    }
}

void PipelineDiagram::setBanner(const QString& text, const QColor& colour)
{
    if (text != m_banner || colour != m_bannerColour) {
        m_banner = text;
        m_bannerColour = colour;
        update();
    }
}

void PipelineDiagram::setFooter(const QString& text)
{
    if (text != m_footer) {
        m_footer = text;
        update();
    }
}

void PipelineDiagram::setHighlightedStage(int stage)
{
    if (stage != m_highlighted) {
        m_highlighted = stage;
        update();
    }
}

QRectF PipelineDiagram::tankRect(int stage, Side side) const
{
    if (stage < 0 || static_cast<std::size_t>(stage) >= m_layout.size()) {
        return {};
    }
    const StageLayout& l = m_layout[static_cast<std::size_t>(stage)];
    return side == Side::Writable ? l.writableTank : l.readableTank;
}

double PipelineDiagram::tankScale(std::int64_t length, std::int64_t highWaterMark)
{
    const auto len = static_cast<double>(std::max<std::int64_t>(length, 0));
    if (highWaterMark <= 0) {
        // No mark to measure against: a power of two that holds the length.
        return std::max(1.0, std::exp2(std::ceil(std::log2(std::max(len, 1.0)))));
    }
    const auto hwm = static_cast<double>(highWaterMark);
    const double ratio = len / hwm;
    double step = 1.25;
    if (ratio > step) {
        // 2.5, 5, 10, 20, 50, 100, 200, 500, ...
        static const double kSteps[] = {2.5, 5.0};
        bool found = false;
        for (const double s : kSteps) {
            if (ratio <= s) {
                step = s;
                found = true;
                break;
            }
        }
        if (!found) {
            double decade = 10.0;
            while (true) {
                if (ratio <= decade) {
                    step = decade;
                    break;
                }
                if (ratio <= decade * 2.0) {
                    step = decade * 2.0;
                    break;
                }
                if (ratio <= decade * 5.0) {
                    step = decade * 5.0;
                    break;
                }
                decade *= 10.0;
            }
        }
    }
    return hwm * step;
}

void PipelineDiagram::mousePressEvent(QMouseEvent* event)
{
    for (std::size_t i = 0; i < m_layout.size(); ++i) {
        if (m_layout[i].box.contains(event->position())) {
            Q_EMIT stageClicked(static_cast<int>(i));
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

void PipelineDiagram::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
}

double PipelineDiagram::widthInUnits() const
{
    // A box holds its tanks with their labels and the processing chip: a
    // transform needs about 12 units, a source or sink 9.5, an arrow 4.5.
    double units = 1.2;
    if (m_zoomed >= 0) {
        return units + 12.0;
    }
    for (std::size_t i = 0; i < m_scenario.stages.size(); ++i) {
        units += m_scenario.stages[i].kind == StageKind::Transform ? 12.0 : 9.5;
        if (i > 0) {
            units += 4.5;
        }
    }
    return units;
}

QSize PipelineDiagram::minimumSizeHint() const
{
    // Never narrower than the stages need at the smallest legible unit: a
    // scroll area around the diagram scrolls instead of clipping words.
    // 19 units tall: the height relayout() divides by.
    return {std::max(360, static_cast<int>(std::ceil(widthInUnits() * m_minimumUnit))),
            static_cast<int>(std::ceil(19.0 * m_minimumUnit))};
}

void PipelineDiagram::relayout()
{
    // A larger text scale (presenter mode) packs the boxes tighter vertically.
    const double byHeight = static_cast<double>(height()) / 19.0;
    const double byWidth = static_cast<double>(width()) / widthInUnits();
    m_unit = std::clamp(std::min(byHeight, byWidth), m_minimumUnit,
                        std::max(m_minimumUnit, 24.0 * m_textScale));
    const double u = m_unit;
    const double margin = u * 0.6;
    const QRectF area = QRectF(rect()).adjusted(margin, margin * 0.5, -margin, -margin * 0.5);
    m_header = QRectF(area.left(), area.top(), area.width(), u * 1.7);
    const double footer = u * 1.5;
    const QRectF row(area.left(), m_header.bottom() + u * 0.3, area.width(),
                     area.height() - m_header.height() - footer - u * 0.3);

    m_layout.assign(m_scenario.stages.size(), StageLayout{});
    const auto n = static_cast<double>(m_scenario.stages.size());
    if (n < 1.0) {
        return;
    }
    const double shown = m_zoomed >= 0 ? 1.0 : n;
    // Arrows take a share of the width, but only of the width beyond what
    // the boxes need: a diagram of many stages, at its minimum width in a
    // scroll area, keeps every box its room.
    const double spare = std::max(0.0, area.width() - (widthInUnits() - 1.2) * u);
    const double arrow =
        n > 1.0 ? std::min(std::max(u * 4.5, area.width() * 0.075), u * 4.5 + spare / (n - 1.0))
                : 0.0;
    const double boxWidth = (row.width() - (shown - 1.0) * arrow) / shown;
    for (std::size_t i = 0; i < m_scenario.stages.size(); ++i) {
        if (m_zoomed >= 0 && static_cast<int>(i) != m_zoomed) {
            continue;  // not drawn: its box stays empty
        }
        StageLayout& l = m_layout[i];
        const double slot = m_zoomed >= 0 ? 0.0 : static_cast<double>(i);
        const double left = row.left() + slot * (boxWidth + arrow);
        l.box = QRectF(left, row.top(), boxWidth, row.height());
        const QRectF inner = l.box.adjusted(u * 0.5, u * 2.0, -u * 0.5, -u * 0.4);
        const double badgeHeight = u * 3.1;
        l.badges = QRectF(inner.left(), inner.bottom() - badgeHeight, inner.width(), badgeHeight);
        // Tanks: a side label above, the length under.
        const QRectF tanks(inner.left(), inner.top() + u * 1.2, inner.width(),
                           l.badges.top() - inner.top() - u * 1.2 - u * 2.4);
        const double tankWidth = std::min(tanks.width() * 0.28, u * 5.5);
        const StageKind kind = m_scenario.stages[i].kind;
        const QRectF leftTank(tanks.left(), tanks.top(), tankWidth, tanks.height());
        const QRectF rightTank(tanks.right() - tankWidth, tanks.top(), tankWidth, tanks.height());
        if (kind != StageKind::Readable) {
            l.writableTank = leftTank;
        }
        if (kind != StageKind::Writable) {
            l.readableTank = rightTank;
        }
        const double midLeft =
            kind == StageKind::Readable ? tanks.left() : leftTank.right() + u * 0.4;
        const double midRight =
            kind == StageKind::Writable ? tanks.right() : rightTank.left() - u * 0.4;
        const double procHeight = std::min(tanks.height(), u * 4.2);
        const double procWidth = std::min(std::max(0.0, midRight - midLeft), u * 8.0);
        l.processing = QRectF((midLeft + midRight - procWidth) / 2.0,
                              tanks.center().y() - procHeight / 2.0, procWidth, procHeight);
    }
}

void PipelineDiagram::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.fillRect(rect(), QColor(248, 249, 251));
    const double u = m_unit;
    // Many stages make the diagram far wider than its scroll area: paint only
    // the stages in the part exposed, and the header where it can be seen.
    const QRectF exposed = QRectF(event->rect()).adjusted(-u, 0.0, u, 0.0);
    const QRect seen = visibleRegion().boundingRect();
    const QRectF header =
        seen.isEmpty() || seen.width() >= width()
            ? m_header
            : QRectF(std::max(m_header.left(), seen.left() + u * 0.6), m_header.top(),
                     std::min(m_header.right(), seen.right() - u * 0.6) -
                         std::max(m_header.left(), seen.left() + u * 0.6),
                     m_header.height());

    // Header: the scenario's name, the caption, the banner.
    QFont titleFont = font();
    titleFont.setPixelSize(static_cast<int>(u * 1.15));
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(kInk);
    const QString title = m_titleVisible ? QString::fromStdString(m_scenario.name) : QString();
    m_texts.draw(painter, header, Qt::AlignLeft | Qt::AlignVCenter, title);
    const double titleWidth = painter.fontMetrics().horizontalAdvance(title);
    QFont captionFont = font();
    captionFont.setPixelSize(static_cast<int>(u * 1.0));
    painter.setFont(captionFont);
    painter.setPen(kMuted);
    m_texts.draw(painter, header, Qt::AlignRight | Qt::AlignVCenter, m_caption);
    if (!m_banner.isEmpty()) {
        QFont bannerFont = titleFont;
        painter.setFont(bannerFont);
        const double width = painter.fontMetrics().horizontalAdvance(m_banner) + u * 2.0;
        const double captionWidth = QFontMetricsF(captionFont).horizontalAdvance(m_caption);
        double left = header.center().x() - width / 2.0;
        left = std::max(left, header.left() + titleWidth + u);
        left = std::min(left, header.right() - captionWidth - u - width);
        const QRectF banner(left, header.top(), width, header.height());
        painter.setPen(Qt::NoPen);
        painter.setBrush(m_bannerColour);
        painter.drawRoundedRect(banner, u * 0.4, u * 0.4);
        painter.setPen(Qt::white);
        m_texts.draw(painter, banner, Qt::AlignCenter, m_banner);
    }

    for (std::size_t i = 1; i < m_layout.size(); ++i) {
        const QRectF& from = m_layout[i - 1].box;
        const QRectF& to = m_layout[i].box;
        if (!from.isEmpty() && !to.isEmpty() && to.left() >= exposed.left() &&
            from.right() <= exposed.right()) {
            paintArrow(painter, static_cast<int>(i));
        }
    }
    for (std::size_t i = 0; i < m_layout.size(); ++i) {
        if (!m_layout[i].box.isEmpty() && m_layout[i].box.intersects(exposed)) {
            paintStage(painter, static_cast<int>(i));
        }
    }

    paintCallout(painter);

    if (!m_footer.isEmpty()) {
        QFont footerFont = font();
        footerFont.setPixelSize(static_cast<int>(u * 0.95));
        footerFont.setFamily(QStringLiteral("monospace"));
        painter.setFont(footerFont);
        painter.setPen(kInk);
        const QRectF footer(header.left(), height() - u * 1.7, header.width(), u * 1.5);
        m_texts.draw(painter, footer, Qt::AlignLeft | Qt::AlignVCenter,
                     painter.fontMetrics().elidedText(m_footer, Qt::ElideRight,
                                                      static_cast<int>(footer.width())));
    }
}

// The for-await arrow's loop: a ring over the line with an arrowhead, the
// loop that asks the iterator for the next chunk after each write.
void PipelineDiagram::paintLoopGlyph(QPainter& painter, const QRectF& ring,
                                     const QColor& colour) const
{
    const double u = m_unit;
    QPen pen(colour, u * 0.18);
    pen.setCapStyle(Qt::RoundCap);
    painter.save();
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    constexpr int kSixteenths = 16;
    painter.drawArc(ring, 200 * kSixteenths, 290 * kSixteenths);
    // The arrowhead at the arc's end, pointing along it (anticlockwise).
    const QPointF tip(ring.left() + u * 0.1, ring.center().y() + u * 0.25);
    QPainterPath head;
    head.moveTo(tip);
    head.lineTo(tip + QPointF(-u * 0.35, -u * 0.45));
    head.lineTo(tip + QPointF(u * 0.4, -u * 0.3));
    head.closeSubpath();
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawPath(head);
    painter.restore();
}

QFont PipelineDiagram::arrowLabelFont() const
{
    QFont labelFont = font();
    labelFont.setPixelSize(static_cast<int>(m_unit * 0.95));
    labelFont.setBold(true);
    return labelFont;
}

PipelineDiagram::ArrowGeometry PipelineDiagram::arrowGeometry(int toStage) const
{
    const double u = m_unit;
    const StageLayout& from = m_layout[static_cast<std::size_t>(toStage - 1)];
    const StageLayout& to = m_layout[static_cast<std::size_t>(toStage)];
    ArrowGeometry g;
    g.y = from.processing.center().y();
    g.x0 = from.box.right() + u * 0.2;
    g.x1 = to.box.left() - u * 0.2;
    const Wiring wiring = wiringOfPair(m_scenario, static_cast<std::size_t>(toStage - 1));
    const bool forAwait = wiring == Wiring::ForAwait;
    switch (wiring) {
        case Wiring::Pipe:
            g.lines = {QStringLiteral("pipe()")};
            break;
        case Wiring::Pipeline:
            g.lines = {QStringLiteral("pipeline")};
            break;
        case Wiring::Naive:
            g.lines = {QStringLiteral("naive")};
            break;
        case Wiring::ForAwait:
            g.lines = {QStringLiteral("for await")};
            break;
    }
    // The loop's ring sits on the line; the for-await label goes over it,
    // on two lines where one would run into the boxes beside it.
    double extra = 0.0;
    if (forAwait) {
        const QFontMetricsF metrics(arrowLabelFont());
        if (metrics.horizontalAdvance(g.lines.front()) > g.x1 - g.x0 + u * 0.2) {
            g.lines = {QStringLiteral("for"), QStringLiteral("await")};
            extra = metrics.height();
        }
    }
    const double lift = forAwait ? u * 1.3 : 0.0;
    g.label = QRectF(g.x0 - u, g.y - u * 2.6 - lift - extra, g.x1 - g.x0 + 2 * u, u * 1.6 + extra);
    if (forAwait) {
        g.ring = QRectF((g.x0 + g.x1) / 2.0 - u * 0.9, g.y - u * 1.9, u * 1.8, u * 1.3);
    }
    return g;
}

QRectF PipelineDiagram::arrowLabelBounds(int toStage) const
{
    if (toStage < 1 || static_cast<std::size_t>(toStage) >= m_layout.size()) {
        return {};
    }
    const ArrowGeometry g = arrowGeometry(toStage);
    const QFontMetricsF metrics(arrowLabelFont());
    QRectF bounds;
    const auto count = static_cast<double>(g.lines.size());
    for (qsizetype i = 0; i < g.lines.size(); ++i) {
        const QSizeF size(metrics.horizontalAdvance(g.lines.at(i)), metrics.height());
        const double top = g.label.center().y() - count * size.height() / 2.0 +
                           static_cast<double>(i) * size.height();
        bounds = bounds.united(
            QRectF(g.label.center().x() - size.width() / 2.0, top, size.width(), size.height()));
    }
    return bounds;
}

QRectF PipelineDiagram::loopRingBounds(int toStage) const
{
    if (toStage < 1 || static_cast<std::size_t>(toStage) >= m_layout.size()) {
        return {};
    }
    const QRectF ring = arrowGeometry(toStage).ring;
    if (ring.isEmpty()) {
        return {};
    }
    // The pen's half width around the arc; the arrowhead reaches 0.35 units
    // left of the ring and 0.2 below its middle line.
    const double u = m_unit;
    return ring.adjusted(-u * 0.09 - u * 0.35, -u * 0.09, u * 0.09, u * 0.09);
}

void PipelineDiagram::paintArrow(QPainter& painter, int toStage)
{
    const double u = m_unit;
    const ArrowGeometry g = arrowGeometry(toStage);
    const double y = g.y;
    const double x0 = g.x0;
    const double x1 = g.x1;
    const Wiring wiring = wiringOfPair(m_scenario, static_cast<std::size_t>(toStage - 1));
    const bool naive = wiring == Wiring::Naive;
    const bool forAwait = wiring == Wiring::ForAwait;
    const QColor colour = naive ? kNaive : forAwait ? kForAwait : kInk;

    QPen pen(colour, u * 0.3);
    pen.setCapStyle(Qt::FlatCap);
    if (naive) {
        pen.setStyle(Qt::DashLine);
    }
    painter.setPen(pen);
    painter.drawLine(QPointF(x0, y), QPointF(x1 - u * 0.9, y));
    QPainterPath head;
    head.moveTo(x1, y);
    head.lineTo(x1 - u * 1.1, y - u * 0.7);
    head.lineTo(x1 - u * 1.1, y + u * 0.7);
    head.closeSubpath();
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawPath(head);

    const QFont labelFont = arrowLabelFont();
    painter.setFont(labelFont);
    painter.setPen(colour);
    QString under;
    bool awaitingDrain = false;
    switch (wiring) {
        case Wiring::Pipe:
            break;
        case Wiring::Pipeline:
            break;
        case Wiring::Naive:
            under = QStringLiteral("ignores false");
            break;
        case Wiring::ForAwait: {
            // The loop waits in `await once(down, 'drain')` while the
            // destination needs a drain.
            const auto down = static_cast<std::size_t>(toStage);
            awaitingDrain = down < m_stages.size() && m_stages[down].writable.present &&
                            m_stages[down].writable.needDrain;
            under = awaitingDrain ? QStringLiteral("awaiting 'drain'")
                                  : QStringLiteral("await 'drain'");
            paintLoopGlyph(painter, g.ring, colour);
            break;
        }
    }
    // Each line shaped once (TextCache), one under the other.
    const double lineHeight = QFontMetricsF(labelFont).height();
    const auto lineCount = static_cast<double>(g.lines.size());
    for (qsizetype i = 0; i < g.lines.size(); ++i) {
        const double top = g.label.center().y() - lineCount * lineHeight / 2.0 +
                           static_cast<double>(i) * lineHeight;
        m_texts.draw(painter, QRectF(g.label.left(), top, g.label.width(), lineHeight),
                     Qt::AlignCenter, g.lines.at(i));
    }
    if (!under.isEmpty()) {
        QFont small = labelFont;
        small.setBold(awaitingDrain);
        small.setPixelSize(static_cast<int>(u * 0.72));
        painter.setFont(small);
        m_texts.draw(painter, QRectF(x0, y + u * 0.9, x1 - x0, u * 2.4),
                     Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, under);
    }

    // Chunks travelling along the arrow.
    const bool objects = m_scenario.stages[static_cast<std::size_t>(toStage)].objectMode.writable;
    painter.setPen(QPen(kInk, 1.5));
    painter.setBrush(fillColour());
    const double size = u * 0.8;
    for (const ChunkInFlight& chunk : m_chunks) {
        if (chunk.toStage != toStage) {
            continue;
        }
        const double x = x0 + (x1 - u * 1.2 - x0) * chunk.progress;
        const QRectF r(x - size / 2.0, y - size / 2.0, size, size);
        if (objects) {
            painter.drawEllipse(r);
        } else {
            painter.drawRect(r);
        }
    }
}

void PipelineDiagram::paintTank(QPainter& painter, const QRectF& tank, std::int64_t length,
                                std::int64_t hwm, bool objectMode, const QString& label)
{
    const double u = m_unit;
    const double scale = tankScale(length, hwm);
    painter.setPen(Qt::NoPen);
    painter.setBrush(kTankBack);
    painter.drawRect(tank);

    const double fill = std::clamp(static_cast<double>(length) / scale, 0.0, 1.0) * tank.height();
    const double mark =
        hwm > 0 ? std::clamp(static_cast<double>(hwm) / scale, 0.0, 1.0) * tank.height() : 0.0;
    const double below = hwm > 0 ? std::min(fill, mark) : fill;
    painter.setBrush(fillColour());
    painter.drawRect(QRectF(tank.left(), tank.bottom() - below, tank.width(), below));
    if (hwm > 0 && fill > mark) {
        painter.setBrush(overflowColour());
        painter.drawRect(QRectF(tank.left(), tank.bottom() - fill, tank.width(), fill - mark));
    }

    // The tank's walls, then the mark across it.
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(kInk, std::max(2.0, u * 0.14)));
    painter.drawRect(tank);
    QFont small = font();
    small.setPixelSize(static_cast<int>(u * 0.8));
    small.setBold(true);
    painter.setFont(small);
    if (hwm > 0) {
        const double y = tank.bottom() - mark;
        QPen markPen(kInk, std::max(2.0, u * 0.16), Qt::DashLine);
        painter.setPen(markPen);
        painter.drawLine(QPointF(tank.left() - u * 0.3, y), QPointF(tank.right() + u * 0.3, y));
        // A chip on the line, legible over any fill.
        QFont chipFont = small;
        chipFont.setPixelSize(static_cast<int>(u * 0.7));
        painter.setFont(chipFont);
        const double chipWidth =
            QFontMetricsF(chipFont).horizontalAdvance(QStringLiteral("hwm")) + u * 0.5;
        // Kept inside the tank when the mark sits near the bottom.
        const double chipTop = std::min(y - u * 0.45, tank.bottom() - u * 0.9 - 2.0);
        const QRectF chip(tank.center().x() - chipWidth / 2.0, chipTop, chipWidth, u * 0.9);
        painter.setPen(QPen(kInk, 1.0));
        painter.setBrush(Qt::white);
        painter.drawRoundedRect(chip, u * 0.2, u * 0.2);
        m_texts.draw(painter, chip, Qt::AlignCenter, QStringLiteral("hwm"));
        painter.setBrush(Qt::NoBrush);
        painter.setFont(small);
        if (length > hwm) {
            const double times = static_cast<double>(length) / static_cast<double>(hwm);
            // "12x": inside the top of the fill, or just above it.
            const QString text = QStringLiteral("%1x").arg(times, 0, 'f', times < 10.0 ? 1 : 0);
            const double top = tank.bottom() - fill;
            if (fill - mark > u * 1.2) {
                painter.setPen(Qt::white);
                m_texts.draw(painter, QRectF(tank.left(), top + u * 0.1, tank.width(), u),
                             Qt::AlignHCenter | Qt::AlignTop, text);
            } else {
                painter.setPen(overflowColour().darker(130));
                m_texts.draw(
                    painter,
                    QRectF(tank.left(), std::max(tank.top(), top - u * 1.1), tank.width(), u),
                    Qt::AlignHCenter | Qt::AlignTop, text);
            }
        }
    }

    // Which side above, how full under.
    painter.setPen(kMuted);
    m_texts.draw(painter,
                 QRectF(tank.left() - u, tank.top() - u * 1.2, tank.width() + 2 * u, u * 1.1),
                 Qt::AlignHCenter | Qt::AlignBottom, label);
    QFont value = font();
    value.setPixelSize(static_cast<int>(u * 0.95));
    value.setBold(true);
    painter.setFont(value);
    painter.setPen(hwm > 0 && length > hwm ? overflowColour().darker(130) : kInk);
    const QRectF under(tank.left() - u * 1.5, tank.bottom() + u * 0.15, tank.width() + u * 3.0,
                       u * 1.2);
    m_texts.draw(painter, under, Qt::AlignHCenter | Qt::AlignTop, formatLength(length, objectMode));
    painter.setFont(small);
    painter.setPen(kMuted);
    m_texts.draw(painter, QRectF(under.left(), under.bottom() - u * 0.1, under.width(), u * 1.0),
                 Qt::AlignHCenter | Qt::AlignTop,
                 QStringLiteral("of %1").arg(formatLength(hwm, objectMode)));
}

namespace {

// A transform's _flush runs from Node's `final` (writable side ended, the
// last _transform called back) until its callback, which lets `prefinish` go.
bool flushing(const StageSnapshot& s)
{
    return s.writable.finalCalled && !s.writable.prefinished && !s.writable.destroyed;
}

void formatTwoBadges(const Stage& stage, const StageSnapshot& s, std::vector<Badge>& badges)
{
    const QString text = PipelineDiagram::formatTwoBadge(stage, s);
    if (!text.isEmpty()) {
        badges.push_back({text, kFormatTwo, Qt::white});
    }
}

}  // namespace

QString PipelineDiagram::formatTwoBadge(const Stage& stage, const StageSnapshot& s)
{
    if (stage.kind == StageKind::Transform && stage.flushMs) {
        return flushing(s)              ? tr("flushing")
               : s.writable.prefinished ? tr("flushed")
                                        : tr("_flush pending");
    }
    if (stage.kind == StageKind::Writable && stage.decode != Decode::None) {
        QString text =
            stage.decode == Decode::PerChunk ? tr("decodes per chunk") : tr("StringDecoder");
        if (s.decoderPendingCount > 0) {
            text += tr(" holds %1 B").arg(s.decoderPendingCount);
        }
        return text;
    }
    return {};
}

void PipelineDiagram::paintStage(QPainter& painter, int index)
{
    const double u = m_unit;
    const auto i = static_cast<std::size_t>(index);
    const StageLayout& l = m_layout[i];
    const Stage& stage = m_scenario.stages[i];
    const StageSnapshot empty;
    const StageSnapshot& s = i < m_stages.size() ? m_stages[i] : empty;
    const bool errored = s.readable.errored || s.writable.errored;
    const bool destroyed = s.readable.destroyed || s.writable.destroyed;

    painter.setPen(QPen(errored ? kNeedDrain : (destroyed ? kDestroyed : kMuted),
                        errored ? u * 0.25 : u * 0.12));
    painter.setBrush(kBoxFill);
    painter.drawRoundedRect(l.box, u * 0.5, u * 0.5);
    if (index == m_highlighted) {
        painter.setPen(QPen(kProcessing, u * 0.3));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(l.box.adjusted(-u * 0.25, -u * 0.25, u * 0.25, u * 0.25), u * 0.6,
                                u * 0.6);
    }

    QFont idFont = font();
    idFont.setPixelSize(static_cast<int>(u * 1.25));
    idFont.setBold(true);
    painter.setFont(idFont);
    painter.setPen(kInk);
    const QRectF titleRect(l.box.left() + u * 0.6, l.box.top() + u * 0.3, l.box.width() - u * 1.2,
                           u * 1.5);
    const QString id = QString::fromStdString(stage.id);
    QFont kindFont = font();
    kindFont.setPixelSize(static_cast<int>(u * 0.85));
    const QString kind = QString::fromUtf8(toString(stage.kind).data());
    const double kindWidth = QFontMetricsF(kindFont).horizontalAdvance(kind) + u * 0.6;
    // The id whole: the kind gives way first, then the id's size (down to
    // three quarters); only an id that still does not fit is elided.
    double idWidth = painter.fontMetrics().horizontalAdvance(id);
    const bool kindFits = idWidth + kindWidth <= titleRect.width();
    while (idWidth > titleRect.width() && idFont.pixelSize() > static_cast<int>(u * 0.95)) {
        idFont.setPixelSize(idFont.pixelSize() - 1);
        painter.setFont(idFont);
        idWidth = painter.fontMetrics().horizontalAdvance(id);
    }
    m_texts.draw(
        painter, titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        painter.fontMetrics().elidedText(id, Qt::ElideRight, static_cast<int>(titleRect.width())));
    if (kindFits) {
        painter.setFont(kindFont);
        painter.setPen(kMuted);
        m_texts.draw(painter, titleRect, Qt::AlignRight | Qt::AlignVCenter, kind);
    }

    if (!l.writableTank.isEmpty()) {
        paintTank(painter, l.writableTank, s.writable.length, s.writable.highWaterMark,
                  s.writable.objectMode, QStringLiteral("writable"));
    }
    if (!l.readableTank.isEmpty()) {
        paintTank(painter, l.readableTank, s.readable.length, s.readable.highWaterMark,
                  s.readable.objectMode, QStringLiteral("readable"));
    }

    // The chunk in processing (or the source producing).
    if (l.processing.width() > u) {
        const QRectF p = l.processing.adjusted(u * 0.2, 0, -u * 0.2, 0);
        painter.setPen(QPen(s.processing ? kProcessing : QColor(190, 195, 205), u * 0.15));
        painter.setBrush(
            s.processing ? QColor(kProcessing.red(), kProcessing.green(), kProcessing.blue(), 40)
                         : QColor(0, 0, 0, 0));
        painter.drawRoundedRect(p, u * 0.4, u * 0.4);
        QFont procFont = font();
        procFont.setPixelSize(static_cast<int>(u * 0.85));
        procFont.setBold(s.processing);
        painter.setFont(procFont);
        painter.setPen(s.processing ? kProcessing.darker(130) : kMuted);
        QString text;
        const QString verb = stage.kind == StageKind::Readable    ? QStringLiteral("_read")
                             : stage.kind == StageKind::Transform ? QStringLiteral("_transform")
                                                                  : QStringLiteral("_write");
        // Plain words first, Node's name beside them: "working (_transform)".
        const QString doing =
            !m_plain ? verb
            : s.processing
                ? (stage.kind == StageKind::Readable ? tr("making data (%1)") : tr("working (%1)"))
                      .arg(verb)
                : tr("idle (%1)").arg(verb);
        if (s.processing) {
            const bool objects =
                stage.kind == StageKind::Readable ? s.readable.objectMode : s.writable.objectMode;
            text = doing + QStringLiteral("\n") +
                   (objects ? QStringLiteral("%1 B obj").arg(s.processingBytes)
                            : formatBytes(static_cast<double>(s.processingBytes)));
        } else {
            text = m_plain ? doing : verb + QStringLiteral("\nidle");
        }
        if (stage.kind == StageKind::Readable) {
            text += QStringLiteral("\n%1 / %2 chunks").arg(s.pushedChunks).arg(stage.chunks);
        }
        if (s.callbackHeld) {
            text += QStringLiteral("\ncb held");
        }
        if (stage.flushMs && flushing(s)) {
            text = m_plain ? tr("flushing (_flush)") : QStringLiteral("_flush\nrunning");
        }
        // Each line whole: the largest size at which every line fits, and
        // "working (_transform)" on two lines when that is larger still (a
        // narrow box of many stages), rather than a clipped word.
        const auto largestFitting = [&p, u](const QString& candidate, QFont f) {
            const QStringList lines = candidate.split(QLatin1Char('\n'));
            while (f.pixelSize() > 7) {
                const QFontMetricsF metrics(f);
                double widest = 0.0;
                for (const QString& line : lines) {
                    widest = std::max(widest, metrics.horizontalAdvance(line));
                }
                if (widest <= p.width() - u * 0.3 &&
                    metrics.lineSpacing() * static_cast<double>(lines.size()) <= p.height()) {
                    break;
                }
                f.setPixelSize(f.pixelSize() - 1);
            }
            return f.pixelSize();
        };
        QString split = text;
        split.replace(QStringLiteral(" ("), QStringLiteral("\n("));
        const int whole = largestFitting(text, procFont);
        const int twoLines = split != text ? largestFitting(split, procFont) : 0;
        if (twoLines > whole) {
            text = split;
        }
        procFont.setPixelSize(std::max(whole, twoLines));
        painter.setFont(procFont);
        m_texts.draw(painter, p, Qt::AlignCenter, text);
    }

    // Badges, wrapped over two rows.
    std::vector<Badge> badges;
    if (s.readable.present) {
        if (s.readable.flowing == 1) {
            badges.push_back(
                {plain(QStringLiteral("flowing"), tr("data flows")), kFlowing, Qt::white});
        } else if (s.readable.flowing == 0) {
            badges.push_back(
                {plain(QStringLiteral("flowing = false"), tr("paused")), kPaused, kInk});
        }
    }
    if (s.writable.present && s.writable.needDrain) {
        badges.push_back(
            {plain(QStringLiteral("needDrain"), tr("waiting for drain")), kNeedDrain, Qt::white});
    }
    if (s.readable.present && s.readable.endEmitted) {
        badges.push_back({plain(QStringLiteral("ended"), tr("no more data")), kEnded, Qt::white});
    }
    if (s.writable.present && s.writable.finished) {
        badges.push_back({plain(QStringLiteral("finished"), tr("all written")), kEnded, Qt::white});
    }
    if (errored) {
        badges.push_back({plain(QStringLiteral("errored"), tr("failed")), kNeedDrain, Qt::white});
    } else if (destroyed) {
        badges.push_back(
            {plain(QStringLiteral("destroyed"), tr("torn down")), kDestroyed, Qt::white});
    }
    formatTwoBadges(stage, s, badges);
    QFont badgeFont = font();
    badgeFont.setPixelSize(static_cast<int>(u * 0.85));
    badgeFont.setBold(true);
    painter.setFont(badgeFont);
    const QFontMetricsF metrics(badgeFont);
    const double rowHeight = u * 1.4;
    double x = l.badges.left();
    double y = l.badges.top() + u * 0.15;
    for (const Badge& badge : badges) {
        // A badge wider than the box gets a smaller size, never a cut word.
        QFont fitted = badgeFont;
        double textWidth = metrics.horizontalAdvance(badge.text);
        while (textWidth + u * 1.0 > l.badges.width() && fitted.pixelSize() > 7) {
            fitted.setPixelSize(fitted.pixelSize() - 1);
            textWidth = QFontMetricsF(fitted).horizontalAdvance(badge.text);
        }
        const double width = textWidth + u * 1.0;
        if (x + width > l.badges.right() && x > l.badges.left()) {
            x = l.badges.left();
            y += rowHeight + u * 0.15;
        }
        const QRectF pill(x, y, std::min(width, l.badges.width()), rowHeight);
        painter.setPen(Qt::NoPen);
        painter.setBrush(badge.background);
        painter.drawRoundedRect(pill, rowHeight / 2.0, rowHeight / 2.0);
        painter.setPen(badge.foreground);
        painter.setFont(fitted);
        m_texts.draw(painter, pill, Qt::AlignCenter, badge.text);
        x += width + u * 0.3;
    }
}

}  // namespace bplab::ui
