#include "bplab_charts/time_chart.h"

#include "bplab_charts/decimate.h"

#include <QFontInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <QResizeEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace bplab::charts {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPlotTop = 10.0;    // pixels above the plot
constexpr double kMaxTicks = 100.0;  // grid lines per axis, whatever the range

// 1, 2, 2.5, 5 times a power of ten, at least `value`.
double niceCeil(double value)
{
    if (value <= 0.0 || !std::isfinite(value)) {
        return 1.0;
    }
    const double exponent = std::floor(std::log10(value));
    const double base = std::pow(10.0, exponent);
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * base >= value * (1.0 - 1e-9)) {
            return step * base;
        }
    }
    return 10.0 * base;
}

QString shapeGlyph(MarkerShape shape)
{
    switch (shape) {
        case MarkerShape::Rectangle:
            return QStringLiteral("&#9632;");
        case MarkerShape::Triangle:
            return QStringLiteral("&#9650;");
        case MarkerShape::Diamond:
            return QStringLiteral("&#9670;");
        case MarkerShape::Star:
            return QStringLiteral("&#9733;");
        case MarkerShape::Pentagon:
            return QStringLiteral("&#11039;");
        case MarkerShape::TriangleDown:
            return QStringLiteral("&#9660;");
        case MarkerShape::Circle:
            break;
    }
    return QStringLiteral("&#9679;");
}

// A regular polygon (or star) of `corners` points on a circle of radius 1,
// the first pointing up.
QPolygonF unitPolygon(int corners, double rotation, double innerRadius = 0.0)
{
    QPolygonF polygon;
    const int points = innerRadius > 0.0 ? corners * 2 : corners;
    for (int i = 0; i < points; ++i) {
        const double radius = (innerRadius > 0.0 && i % 2 == 1) ? innerRadius : 1.0;
        const double angle = rotation + 2.0 * std::numbers::pi * i / points;
        polygon << QPointF(radius * std::sin(angle), -radius * std::cos(angle));
    }
    return polygon;
}

// The outline of a mark of `size` pixels around (0, 0); empty for a circle.
QPolygonF markOutline(MarkerShape shape, double size)
{
    const double r = size / 2.0;
    QPolygonF unit;
    switch (shape) {
        case MarkerShape::Rectangle:
            unit = unitPolygon(4, std::numbers::pi / 4.0);
            for (QPointF& p : unit) {
                p /= std::numbers::sqrt2;  // the square fits the mark's size
            }
            break;
        case MarkerShape::Triangle:
            unit = unitPolygon(3, 0.0);
            break;
        case MarkerShape::TriangleDown:
            unit = unitPolygon(3, std::numbers::pi);
            break;
        case MarkerShape::Diamond:
            unit = unitPolygon(4, 0.0);
            break;
        case MarkerShape::Star:
            unit = unitPolygon(5, 0.0, 0.45);
            break;
        case MarkerShape::Pentagon:
            unit = unitPolygon(5, 0.0);
            break;
        case MarkerShape::Circle:
            return {};
    }
    for (QPointF& p : unit) {
        p *= r;
    }
    return unit;
}

QString defaultFormat(double value)
{
    return QString::number(value, 'g', 4);
}

// A value axis label, as printf's %g writes it.
QString valueLabel(double value)
{
    return QString::asprintf("%g", std::abs(value) < 1e-12 ? 0.0 : value);
}

// The widget the plot is painted on; everything it shows lives in Impl.
class PlotView final : public QWidget {
public:
    explicit PlotView(QWidget* parent) : QWidget(parent)
    {
        setMouseTracking(true);  // hover without a button held
        setAttribute(Qt::WA_OpaquePaintEvent);
    }

    std::function<void(QPainter&)> onPaint;
    std::function<void(QPointF)> onMove;
    std::function<void()> onLeave;
    std::function<void(QPointF)> onPress;
    std::function<void()> onResize;

protected:
    void paintEvent(QPaintEvent* /*event*/) override
    {
        QPainter painter(this);
        onPaint(painter);
    }
    void mouseMoveEvent(QMouseEvent* event) override
    {
        onMove(event->position());
        QWidget::mouseMoveEvent(event);
    }
    void mousePressEvent(QMouseEvent* event) override
    {
        if (event->button() == Qt::LeftButton) {
            onPress(event->position());
        }
        QWidget::mousePressEvent(event);
    }
    void leaveEvent(QEvent* event) override
    {
        onLeave();
        QWidget::leaveEvent(event);
    }
    void resizeEvent(QResizeEvent* event) override
    {
        QWidget::resizeEvent(event);
        onResize();
    }
};

}  // namespace

// The plot is drawn with QPainter straight from the decimated points: moving
// the time axis (every frame while a run plays) costs a repaint, never a
// relayout, and nothing but the points on screen is kept for drawing.
class TimeChart::Impl {
public:
    struct Series {
        SeriesStyle style;
        std::vector<QPointF> data;
        QList<QPointF> plotted;  // data decimated for [plottedT0, plottedT1]
        double plottedT0 = kNaN;
        double plottedT1 = kNaN;
        int plottedColumns = 0;
        double plottedMax = 0.0;
        bool visible = true;
    };
    struct Markers {
        MarkerStyle style;
        QPolygonF outline;  // around (0, 0); empty: a circle
        std::vector<QPointF> data;
        std::vector<int> counts;  // per point of data, or empty
    };

    TimeChart* owner = nullptr;
    PlotView* view = nullptr;
    QLabel* readout = nullptr;
    QLabel* legend = nullptr;
    QString legendHtml;
    QStringList lanes;
    std::vector<Series> series;
    std::vector<Markers> markers;
    std::function<QString(double)> format = defaultFormat;
    double t0 = 0.0;
    double t1 = 10.0;
    double timeInterval = 1.0;
    int timeDecimals = 0;
    double valueMin = 0.0;
    double valueMax = 1.0;
    double valueInterval = 0.25;
    double cursor = kNaN;
    bool fixedRange = false;
    double minimumMax = 1.0;
    bool timeLabels = true;
    QString title;
    QString valueTitle;
    bool highContrast = false;
    QFont labelFont;
    QFont timeFont;
    QFont timeTitleFont;
    QFont laneFont;  // before placeLanes() fits it to the lanes' height
    QColor text;
    QColor grid;
    QColor background;
    int marginLeft = -1;  // < 0: room for the widest value label
    int marginRight = 0;

    // Pixels under the plot: the time labels and their title, when shown.
    [[nodiscard]] double bottomMargin(bool labels) const
    {
        if (!labels) {
            return 12.0;
        }
        const QFontMetricsF labelMetrics(timeFont);
        const QFontMetricsF titleMetrics(timeTitleFont);
        const double spare = highContrast ? 1.25 : 1.0;
        return (labelMetrics.lineSpacing() + titleMetrics.lineSpacing()) * spare + 16.0;
    }

    [[nodiscard]] QRectF plotRectFor(QSizeF size, bool labels) const
    {
        double left = marginLeft;
        double right = marginRight;
        if (marginLeft < 0) {
            const QFontMetricsF metrics(lanes.isEmpty() ? labelFont : laneFont);
            double widest = 0.0;
            if (lanes.isEmpty()) {
                const double ticks = std::floor((valueMax - valueMin) / valueInterval + 1e-6);
                for (int k = 0; k <= std::min(ticks, kMaxTicks); ++k) {
                    const double v = valueMin + k * valueInterval;
                    widest = std::max(widest, metrics.horizontalAdvance(valueLabel(v)));
                }
            } else {
                for (const QString& lane : lanes) {
                    widest = std::max(widest, metrics.horizontalAdvance(lane));
                }
            }
            left = widest + 16.0;
            right = 12.0;
        }
        return {left, kPlotTop, std::max(10.0, size.width() - left - right),
                std::max(10.0, size.height() - kPlotTop - bottomMargin(labels))};
    }

    [[nodiscard]] QRectF plotRect() const { return plotRectFor(view->size(), timeLabels); }

    [[nodiscard]] static QPointF map(const QRectF& plot, double t0, double t1, double vMin,
                                     double vMax, QPointF point)
    {
        const double x = plot.left() + (point.x() - t0) / (t1 - t0) * plot.width();
        const double y = plot.bottom() - (point.y() - vMin) / (vMax - vMin) * plot.height();
        return {x, y};
    }

    [[nodiscard]] QPointF mapToPosition(QPointF point) const
    {
        return map(plotRect(), t0, t1, valueMin, valueMax, point);
    }

    [[nodiscard]] int columnsFor(const QRectF& plot) const
    {
        // About one point per pixel column: min/max gives two per column.
        return std::max(16, static_cast<int>(plot.width() / 2.0));
    }

    void decimate(Series& s, int columns)
    {
        s.plotted = decimateMinMax(s.data, t0, t1, columns);
        s.plottedT0 = t0;
        s.plottedT1 = t1;
        s.plottedColumns = columns;
        double top = 0.0;
        for (const QPointF& p : s.plotted) {
            top = std::max(top, p.y());
        }
        s.plottedMax = top;
    }

    void updateTimeTicks()
    {
        // At most one label per 80 pixels, 1, 2 or 5 times a power of ten, so
        // that labels print exactly.
        const double plotWidth = std::max(80.0, plotRect().width());
        const double labels = std::clamp(std::floor(plotWidth / 80.0), 2.0, 10.0);
        const double rough = (t1 - t0) / labels;
        const double decade = std::pow(10.0, std::floor(std::log10(rough)));
        timeInterval = rough <= decade         ? decade
                       : rough <= 2.0 * decade ? 2.0 * decade
                       : rough <= 5.0 * decade ? 5.0 * decade
                                               : 10.0 * decade;
        timeDecimals = timeInterval >= 1.0 ? 0 : timeInterval >= 0.1 ? 1 : 2;
    }

    [[nodiscard]] double valueTickInterval(double span) const
    {
        const double plotHeight = std::max(1.0, view->height() - 40.0);
        const double labels = std::clamp(std::floor(plotHeight / 26.0), 2.0, 6.0);
        return niceCeil(span / (labels - 1.0));
    }

    void updateValueTicks()
    {
        if (lanes.isEmpty()) {
            valueInterval = valueTickInterval(valueMax - valueMin);
        }
    }

    [[nodiscard]] QString header() const
    {
        if (title.isEmpty()) {
            return valueTitle;
        }
        return valueTitle.isEmpty() ? title
                                    : title + QStringLiteral(" (") + valueTitle + QLatin1Char(')');
    }

    // The title and unit first, then one row per series and marker style, in
    // as many columns (up to three) as the height needs; what still does not
    // fit is counted ("+3 more"), never cut.
    void updateLegend()
    {
        struct Row {
            QString html;
            QString text;
        };
        std::vector<Row> rows;
        const auto row = [](const QColor& colour, const QString& swatch, const QString& name) {
            return Row{QStringLiteral("<span style='color:%1'>%2</span>&nbsp;%3")
                           .arg(colour.name(), swatch, name.toHtmlEscaped()),
                       QStringLiteral("## ") + name};
        };
        for (const Series& s : series) {
            if (s.style.inLegend && s.visible) {
                rows.push_back(row(s.style.color,
                                   s.style.line == LineStyle::Dashed
                                       ? QStringLiteral("&#8211; &#8211;")
                                       : QStringLiteral("&#9632;"),
                                   s.style.name));
            }
        }
        for (const Markers& m : markers) {
            rows.push_back(row(m.style.color, shapeGlyph(m.style.shape), m.style.name));
        }
        const QFontMetrics metrics(legend->font());
        const int line = std::max(1, metrics.lineSpacing());
        const QString head = header();
        QFont headFont = legend->font();
        headFont.setBold(true);
        const int usable = std::max(1, legend->width() - 10);
        const int headLines =
            head.isEmpty() ? 0 : 1 + QFontMetrics(headFont).horizontalAdvance(head) / usable;
        int widest = 1;
        for (const Row& r : rows) {
            widest = std::max(widest, metrics.horizontalAdvance(r.text));
        }
        // Rows never wrap: as many columns as the widest row allows, as many
        // rows as the height allows, and what is left is counted.
        const int perColumn = std::max(1, (legend->height() - 14) / line - headLines);
        const int maxColumns = std::clamp(usable / (widest + 8), 1, 3);
        int columns = 1;
        while (columns<maxColumns&& static_cast<int>(rows.size())> perColumn * columns) {
            ++columns;
        }
        const auto fit = static_cast<std::size_t>(perColumn * columns);
        QStringList cells;
        for (const Row& r : rows) {
            cells << r.html;
        }
        if (rows.size() > fit) {
            const auto more = static_cast<qsizetype>(rows.size() - (fit - 1));
            cells = cells.mid(0, static_cast<qsizetype>(fit) - 1);
            cells << QStringLiteral("+%1 more").arg(more);
        }
        QString html = QStringLiteral("<div style='color:%1'>").arg(text.name());
        if (!head.isEmpty()) {
            html += QStringLiteral("<b>%1</b>").arg(head.toHtmlEscaped());
        }
        const qsizetype per = (cells.size() + columns - 1) / std::max(1, columns);
        html += QStringLiteral("<table cellspacing=0 cellpadding=0><tr>");
        for (int c = 0; c < columns; ++c) {
            if (c > 0) {
                html += QStringLiteral("<td width=8></td>");
            }
            html += QStringLiteral("<td style='white-space:nowrap'>") +
                    cells.mid(c * per, per).join(QStringLiteral("<br>")) + QStringLiteral("</td>");
        }
        html += QStringLiteral("</tr></table></div>");
        if (html != legendHtml) {  // laying rich text out again is not free
            legendHtml = html;
            legend->setText(html);
        }
    }

    // Fonts from the widget's own (which follows the window's, e.g. in
    // presenter mode), colours from its palette or the projector theme.
    void applyLook(const QFont& base)
    {
        labelFont = base;
        if (!highContrast && base.pointSizeF() > 0) {
            labelFont.setPointSizeF(base.pointSizeF() * 0.9);
        } else if (!highContrast && base.pixelSize() > 0) {
            labelFont.setPixelSize(std::max(8, base.pixelSize() * 9 / 10));
        }
        QFont axisTitleFont = labelFont;
        axisTitleFont.setBold(true);
        text = highContrast ? QColor(0, 0, 0) : owner->palette().color(QPalette::Text);
        background = highContrast ? QColor(255, 255, 255) : owner->palette().color(QPalette::Base);
        grid = highContrast ? QColor(150, 150, 150) : owner->palette().color(QPalette::Mid);
        // On a projector the time axis's labels a size below the rest, so
        // that they fit under a short chart.
        timeFont = labelFont;
        timeTitleFont = axisTitleFont;
        if (highContrast && base.pixelSize() > 0) {
            timeFont.setPixelSize(std::max(10, base.pixelSize() * 3 / 4));
            timeTitleFont.setPixelSize(std::max(10, base.pixelSize() * 3 / 4));
        }
        legend->setFont(labelFont);
        legend->setStyleSheet(QStringLiteral("QLabel { background: %1; }").arg(background.name()));
        laneFont = base;
        laneFont.setBold(true);
        updateLegend();
        view->update();
    }

    // The lane names' font: shrunk to the lane's height when taller (many
    // stages in large type) rather than run into each other.
    [[nodiscard]] QFont fittedLaneFont(const QRectF& plot) const
    {
        QFont font = laneFont;
        const auto n = static_cast<double>(lanes.size());
        const double pitch = n > 0 ? plot.height() / n : 0.0;
        if (pitch > 0.0 && QFontMetricsF(font).height() > pitch) {
            font.setPixelSize(std::max(7, static_cast<int>(pitch * 0.85)));
        }
        return font;
    }

    void paint(QPainter& p, QSizeF size, bool labels, bool withCursor);
    void paintGrid(QPainter& p, const QRectF& plot, bool labels) const;
    void paintSeries(QPainter& p, const QRectF& plot);
    static void drawThickPolyline(QPainter& p, QPolygonF& line, const SeriesStyle& style);
    void paintMarkers(QPainter& p, const QRectF& plot) const;
    void updateCursor();
};

void TimeChart::Impl::paintGrid(QPainter& p, const QRectF& plot, bool labels) const
{
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(grid, 0));
    // Vertical lines at the time ticks, anchored at 0.
    p.setFont(timeFont);
    const QFontMetricsF timeMetrics(timeFont);
    const double firstTick = std::ceil(t0 / timeInterval - 1e-9);
    const double ticks = std::floor(t1 / timeInterval + 1e-9) - firstTick;
    for (int k = 0; k <= std::min(ticks, kMaxTicks); ++k) {
        const double t = (firstTick + k) * timeInterval;
        const double x = std::round(plot.left() + (t - t0) / (t1 - t0) * plot.width());
        p.setPen(QPen(grid, 0));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        if (labels) {
            const QString label = QString::number(t, 'f', timeDecimals);
            const double w = timeMetrics.horizontalAdvance(label);
            p.setPen(text);
            p.drawText(QPointF(x - w / 2.0, plot.bottom() + 6.0 + timeMetrics.ascent()), label);
        }
    }
    if (labels) {
        p.setFont(timeTitleFont);
        p.setPen(text);
        const QFontMetricsF titleMetrics(timeTitleFont);
        const QString axisTitle = QStringLiteral("virtual time (s)");
        const double w = titleMetrics.horizontalAdvance(axisTitle);
        p.drawText(QPointF(plot.center().x() - w / 2.0,
                           plot.bottom() + 8.0 + timeMetrics.lineSpacing() + titleMetrics.ascent()),
                   axisTitle);
    }
    if (lanes.isEmpty()) {
        // Horizontal lines at the value ticks, labelled at the left.
        p.setFont(labelFont);
        const QFontMetricsF metrics(labelFont);
        const double valueTicks = std::floor((valueMax - valueMin) / valueInterval + 1e-6);
        for (int k = 0; k <= std::min(valueTicks, kMaxTicks); ++k) {
            const double v = valueMin + k * valueInterval;
            const double y =
                std::round(plot.bottom() - (v - valueMin) / (valueMax - valueMin) * plot.height());
            p.setPen(QPen(grid, 0));
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
            const QString label = valueLabel(v);
            p.setPen(text);
            p.drawText(QPointF(plot.left() - 6.0 - metrics.horizontalAdvance(label),
                               y + metrics.ascent() / 2.0 - 1.0),
                       label);
        }
    } else {
        // Lines between the lanes, and each lane's name at its left.
        const auto n = static_cast<double>(lanes.size());
        for (qsizetype i = 0; i <= lanes.size(); ++i) {
            const double y = std::round(plot.bottom() - static_cast<double>(i) / n * plot.height());
            p.setPen(QPen(grid, 0));
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        }
        const QFont font = fittedLaneFont(plot);
        p.setFont(font);
        p.setPen(text);
        const QFontMetricsF metrics(font);
        for (qsizetype i = 0; i < lanes.size(); ++i) {
            const double y = plot.bottom() - (static_cast<double>(i) + 0.5) / n * plot.height();
            const QString& lane = lanes.at(i);
            p.drawText(QPointF(plot.left() - 8.0 - metrics.horizontalAdvance(lane),
                               y - metrics.height() / 2.0 + metrics.ascent()),
                       lane);
        }
    }
    // The axes' own lines.
    p.setPen(QPen(text, 0));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
}

void TimeChart::Impl::paintSeries(QPainter& p, const QRectF& plot)
{
    const int columns = columnsFor(plot);
    p.setRenderHint(QPainter::Antialiasing, true);
    QPolygonF line;
    for (Series& s : series) {
        if (!s.visible) {
            continue;
        }
        if (s.plottedT0 != t0 || s.plottedT1 != t1 || s.plottedColumns != columns) {
            decimate(s, columns);
        }
        if (s.plotted.isEmpty()) {
            continue;
        }
        line.resize(s.plotted.size());
        for (qsizetype i = 0; i < s.plotted.size(); ++i) {
            line[i] = map(plot, t0, t1, valueMin, valueMax, s.plotted[i]);
        }
        if (s.style.filled) {
            const double zero = map(plot, t0, t1, valueMin, valueMax, QPointF(0.0, 0.0)).y();
            QPolygonF area = line;
            area << QPointF(line.back().x(), zero) << QPointF(line.front().x(), zero);
            p.setPen(Qt::NoPen);
            p.setBrush(s.style.color);
            p.drawPolygon(area);
            p.setBrush(Qt::NoBrush);
        }
        drawThickPolyline(p, line, s.style);
    }
}

void TimeChart::Impl::drawThickPolyline(QPainter& p, QPolygonF& line, const SeriesStyle& style)
{
    // A pen wider than a pixel is stroked into a polygon and filled, which
    // for a line across the whole plot costs more than everything else in a
    // frame. A few one-pixel (cosmetic) passes, a fraction of a pixel
    // apart, draw the same width for a small part of that.
    QPen pen(style.color, 0);
    pen.setStyle(style.line == LineStyle::Dashed ? Qt::DashLine : Qt::SolidLine);
    pen.setCapStyle(Qt::FlatCap);
    p.setPen(pen);
    static constexpr QPointF kOffsets[] = {{0.0, 0.0},  {0.7, 0.0}, {0.0, 0.7},  {-0.7, 0.0},
                                           {0.0, -0.7}, {0.7, 0.7}, {-0.7, -0.7}};
    const int passes = style.width <= 1.0 ? 1 : style.width <= 2.6 ? 3 : style.width <= 3.5 ? 5 : 7;
    QPointF moved(0.0, 0.0);
    for (int i = 0; i < passes; ++i) {
        const QPointF step = kOffsets[i] - moved;
        if (!step.isNull()) {
            line.translate(step);
            moved = kOffsets[i];
        }
        p.drawPolyline(line);
    }
}

void TimeChart::Impl::paintMarkers(QPainter& p, const QRectF& plot) const
{
    p.setRenderHint(QPainter::Antialiasing, true);
    QFont countFont = labelFont;
    countFont.setPixelSize(std::max(9, QFontInfo(view->font()).pixelSize() * 3 / 4));
    countFont.setBold(true);
    const QFontMetricsF countMetrics(countFont);
    const QRectF reach = plot.adjusted(-20.0, -20.0, 20.0, 20.0);
    for (const Markers& m : markers) {
        p.setPen(QPen(m.style.color.darker(160), 1.0));
        p.setBrush(m.style.color);
        const double half = m.style.size / 2.0;
        for (const QPointF& point : m.data) {
            const QPointF at = map(plot, t0, t1, valueMin, valueMax, point);
            if (!reach.contains(at)) {
                continue;
            }
            if (m.outline.isEmpty()) {
                p.drawEllipse(at, half, half);
            } else {
                p.drawPolygon(m.outline.translated(at));
            }
        }
        // The number beside each mark that stands for more than one event,
        // at the mark's upper right.
        p.setFont(countFont);
        p.setPen(text);
        for (std::size_t i = 0; i < m.counts.size() && i < m.data.size(); ++i) {
            if (m.counts[i] <= 1) {
                continue;
            }
            const QPointF at = map(plot, t0, t1, valueMin, valueMax, m.data[i]);
            if (!reach.contains(at)) {
                continue;
            }
            p.drawText(QPointF(at.x() + half * 0.6,
                               at.y() - half - countMetrics.height() * 0.6 + countMetrics.ascent()),
                       QString::number(m.counts[i]));
        }
    }
    p.setBrush(Qt::NoBrush);
}

void TimeChart::Impl::paint(QPainter& p, QSizeF size, bool labels, bool withCursor)
{
    p.fillRect(QRectF(QPointF(0, 0), size), background);
    const QRectF plot = plotRectFor(size, labels);
    paintGrid(p, plot, labels);
    p.save();
    p.setClipRect(plot.adjusted(-1.0, -kPlotTop, 1.0, 1.0));
    paintSeries(p, plot);
    p.restore();
    p.save();
    p.setClipRect(plot.adjusted(-12.0, -kPlotTop, 12.0, 12.0));
    paintMarkers(p, plot);
    p.restore();
    if (withCursor && !std::isnan(cursor) && cursor >= t0 && cursor <= t1) {
        const double x = plot.left() + (cursor - t0) / (t1 - t0) * plot.width();
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(QPen(text, 1.5, Qt::DashLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
}

void TimeChart::Impl::updateCursor()
{
    view->update();
    if (std::isnan(cursor) || cursor < t0 || cursor > t1) {
        readout->hide();
        return;
    }
    const QRectF plot = plotRect();
    const double x = plot.left() + (cursor - t0) / (t1 - t0) * plot.width();

    QStringList lines;
    lines << QStringLiteral("<b>t = %1 s</b>").arg(cursor, 0, 'f', 3);
    const auto valueAt = [this](const Series& s, double& value) {
        auto it = std::upper_bound(s.data.begin(), s.data.end(), cursor,
                                   [](double t, const QPointF& p) { return t < p.x(); });
        if (it == s.data.begin()) {
            return false;
        }
        value = std::prev(it)->y();
        return true;
    };
    for (const Series& s : series) {
        if (!s.visible || !s.style.inReadout || s.data.empty()) {
            continue;
        }
        double value = 0.0;
        if (!valueAt(s, value)) {
            continue;
        }
        double below = 0.0;
        if (s.style.stackedOn >= 0 && static_cast<std::size_t>(s.style.stackedOn) < series.size() &&
            valueAt(series[static_cast<std::size_t>(s.style.stackedOn)], below)) {
            value -= below;
        }
        lines << QStringLiteral("<span style='color:%1'>&#9632;</span> %2: %3")
                     .arg(s.style.color.name(), s.style.name.toHtmlEscaped(), format(value));
    }
    // Markers within a few pixels of the cursor.
    const double pixelsPerSecond = plot.width() / std::max(1e-9, t1 - t0);
    const double near = 6.0 / pixelsPerSecond;
    int listed = 0;
    for (const Markers& m : markers) {
        for (const QPointF& p : m.data) {
            if (std::abs(p.x() - cursor) <= near && listed < 8) {
                const auto lane = static_cast<qsizetype>(std::lround(p.y()));
                const QString where =
                    (lane >= 0 && lane < lanes.size()) ? lanes.at(lane) : QString();
                lines << QStringLiteral("<span style='color:%1'>&#9679;</span> %2 %3 at %4 s")
                             .arg(m.style.color.name(), m.style.name.toHtmlEscaped(),
                                  where.toHtmlEscaped())
                             .arg(p.x(), 0, 'f', 3);
                ++listed;
            }
        }
    }
    readout->setText(lines.join(QStringLiteral("<br>")));
    readout->adjustSize();
    int left = static_cast<int>(x) + 12;
    if (left + readout->width() > view->width()) {
        left = static_cast<int>(x) - 12 - readout->width();
    }
    readout->move(std::max(0, left), static_cast<int>(plot.top()) + 4);
    readout->show();
    readout->raise();
}

TimeChart::TimeChart(QWidget* parent) : QWidget(parent), m_impl(std::make_unique<Impl>())
{
    Impl& d = *m_impl;
    d.owner = this;
    d.view = new PlotView(this);
    d.view->setObjectName(QStringLiteral("plot"));
    d.view->onPaint = [this](QPainter& painter) {
        Impl& i = *m_impl;
        i.paint(painter, i.view->size(), i.timeLabels, true);
    };
    d.view->onMove = [this](QPointF pos) {
        Impl& i = *m_impl;
        const QRectF plot = i.plotRect();
        if (!plot.contains(pos)) {
            setCursorTime(kNaN);
            Q_EMIT cursorMoved(kNaN);
            return;
        }
        const double t = i.t0 + (pos.x() - plot.left()) / plot.width() * (i.t1 - i.t0);
        setCursorTime(t);
        Q_EMIT cursorMoved(t);
    };
    d.view->onLeave = [this] {
        setCursorTime(kNaN);
        Q_EMIT cursorMoved(kNaN);
    };
    d.view->onPress = [this](QPointF pos) {
        Impl& i = *m_impl;
        constexpr double kReach = 8.0;  // pixels
        double best = kReach * kReach;
        int bestStyle = -1;
        QPointF bestPoint;
        for (std::size_t m = 0; m < i.markers.size(); ++m) {
            for (const QPointF& p : i.markers[m].data) {
                const QPointF at = i.mapToPosition(p);
                const double dx = at.x() - pos.x();
                const double dy = at.y() - pos.y();
                if (dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    bestStyle = static_cast<int>(m);
                    bestPoint = p;
                }
            }
        }
        if (bestStyle >= 0) {
            Q_EMIT markerClicked(bestStyle, bestPoint);
        }
    };
    // The ticks follow the plot's size, which settles after ours.
    d.view->onResize = [this] {
        m_impl->updateTimeTicks();
        m_impl->updateValueTicks();
        m_impl->updateLegend();
    };

    d.readout = new QLabel(d.view);
    d.readout->setTextFormat(Qt::RichText);
    d.readout->setStyleSheet(
        QStringLiteral("QLabel { background: rgba(255,255,255,235); color: #111; border: 1px solid "
                       "#555; padding: 4px; }"));
    d.readout->setAttribute(Qt::WA_TransparentForMouseEvents);
    d.readout->hide();

    d.legend = new QLabel(this);
    d.legend->setTextFormat(Qt::RichText);
    d.legend->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    d.legend->setFixedWidth(270);
    d.legend->setContentsMargins(4, 8, 4, 4);
    d.legend->setWordWrap(true);
    // Its text never makes the chart taller: rows that do not fit are counted.
    d.legend->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Ignored);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(d.view, 1);
    layout->addWidget(d.legend);
    setMinimumHeight(64);
    d.applyLook(font());
}

TimeChart::~TimeChart() = default;

void TimeChart::setTitle(const QString& title)
{
    m_impl->title = title;
    m_impl->updateLegend();
}

QString TimeChart::headerText() const
{
    return m_impl->header();
}

void TimeChart::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        m_impl->applyLook(font());
        // The room under the plot, or for the legend, follows the font.
        setTimeAxisLabelsVisible(m_impl->timeLabels);
        m_impl->updateTimeTicks();
        m_impl->updateValueTicks();
    }
}

void TimeChart::setHighContrast(bool on)
{
    if (m_impl->highContrast != on) {
        m_impl->highContrast = on;
        m_impl->applyLook(font());
        QResizeEvent resize(size(), size());
        resizeEvent(&resize);  // the legend's width
    }
}

bool TimeChart::highContrast() const
{
    return m_impl->highContrast;
}

const std::vector<QPointF>& TimeChart::seriesPoints(int id) const
{
    return m_impl->series.at(static_cast<std::size_t>(id)).data;
}

const std::vector<QPointF>& TimeChart::markerPoints(int style) const
{
    return m_impl->markers.at(static_cast<std::size_t>(style)).data;
}

QRect TimeChart::legendGeometry() const
{
    return m_impl->legend->geometry();
}

void TimeChart::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // The legend gives way on narrow windows (docks beside the charts); the
    // view's own resize then lays the plot out.
    m_impl->legend->setFixedWidth(m_impl->highContrast ? std::clamp(width() / 3, 150, 420)
                                                       : std::clamp(width() / 4, 150, 270));
}

void TimeChart::setPlotMargins(int left, int right)
{
    m_impl->marginLeft = left;
    m_impl->marginRight = right;
    m_impl->updateTimeTicks();
    m_impl->view->update();
}

void TimeChart::setTimeAxisLabelsVisible(bool visible)
{
    Impl& d = *m_impl;
    d.timeLabels = visible;
    // Without the time labels a chart may be a little shorter (a 1024x768
    // window keeps the story strip's every line), but keeps room for the
    // legend's head and two of its rows (large type on a projector needs
    // more than the 76 pixels of a small window).
    const int legendRows = 14 + 3 * QFontMetrics(d.legend->font()).lineSpacing();
    setMinimumHeight(visible ? std::max(125, static_cast<int>(d.bottomMargin(true)) + 80)
                             : std::max(76, legendRows));
    d.view->update();
}

QImage TimeChart::exportImage(QSize minimum)
{
    Impl& d = *m_impl;
    const int legendWidth = d.legend->width();
    const QSize size = this->size().expandedTo(minimum);
    const QSizeF plotSize(size.width() - legendWidth, size.height());

    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(d.background);
    {
        QPainter painter(&image);
        // Every exported chart has its time axis, whatever it shows on screen.
        d.paint(painter, plotSize, true, false);
        const QSize oldLegend = d.legend->size();
        d.legend->resize(legendWidth, size.height());
        d.updateLegend();
        d.legend->render(&painter, QPoint(static_cast<int>(plotSize.width()), 0), QRegion(),
                         QWidget::DrawChildren);
        d.legend->resize(oldLegend);
        d.updateLegend();
    }
    return image;
}

void TimeChart::setValueAxisTitle(const QString& title)
{
    m_impl->valueTitle = title;
    m_impl->updateLegend();
}

void TimeChart::setValueFormatter(std::function<QString(double)> format)
{
    m_impl->format = format ? std::move(format) : defaultFormat;
}

void TimeChart::setLanes(const QStringList& labels)
{
    // Lane i is drawn at y = i; the value axis keeps a fixed range and the
    // lanes' names stand where its labels would.
    Impl& d = *m_impl;
    d.lanes = labels;
    d.fixedRange = true;
    d.valueMin = -0.5;
    d.valueMax = static_cast<double>(labels.size()) - 0.5;
    d.valueInterval = 1.0;
    d.laneFont = font();
    d.laneFont.setBold(true);
    d.view->update();
}

void TimeChart::clear()
{
    Impl& d = *m_impl;
    d.series.clear();
    d.markers.clear();
    d.updateLegend();
    d.view->update();
}

int TimeChart::addSeries(const SeriesStyle& style)
{
    Impl& d = *m_impl;
    Impl::Series s;
    s.style = style;
    d.series.push_back(std::move(s));
    d.updateLegend();
    return static_cast<int>(d.series.size()) - 1;
}

int TimeChart::addMarkerStyle(const MarkerStyle& style)
{
    Impl& d = *m_impl;
    Impl::Markers m;
    m.style = style;
    m.outline = markOutline(style.shape, style.size);
    d.markers.push_back(std::move(m));
    d.updateLegend();
    return static_cast<int>(d.markers.size()) - 1;
}

void TimeChart::setSeriesVisible(int id, bool visible)
{
    Impl& d = *m_impl;
    auto& s = d.series.at(static_cast<std::size_t>(id));
    if (s.visible != visible) {
        s.visible = visible;
        d.updateLegend();
        d.view->update();
    }
}

void TimeChart::setSeriesPoints(int id, std::vector<QPointF> points)
{
    Impl& d = *m_impl;
    auto& s = d.series.at(static_cast<std::size_t>(id));
    s.data = std::move(points);
    d.decimate(s, d.columnsFor(d.plotRect()));
    d.view->update();
}

QPointF TimeChart::positionOf(QPointF point) const
{
    const Impl& d = *m_impl;
    return d.view->mapTo(this, d.mapToPosition(point));
}

void TimeChart::setMarkers(int style, const std::vector<QPointF>& points)
{
    Impl& d = *m_impl;
    auto& m = d.markers.at(static_cast<std::size_t>(style));
    m.data = points;
    m.counts.clear();
    d.view->update();
}

QStringList TimeChart::seriesNames() const
{
    QStringList names;
    for (const auto& s : m_impl->series) {
        names << s.style.name;
    }
    for (const auto& m : m_impl->markers) {
        names << m.style.name;
    }
    return names;
}

QStringList TimeChart::laneLabels() const
{
    QStringList top;
    for (auto it = m_impl->lanes.rbegin(); it != m_impl->lanes.rend(); ++it) {
        top << *it;
    }
    return top;
}

void TimeChart::setMarkerCounts(int style, std::vector<int> counts)
{
    Impl& d = *m_impl;
    d.markers.at(static_cast<std::size_t>(style)).counts = std::move(counts);
    d.view->update();
}

const std::vector<int>& TimeChart::markerCounts(int style) const
{
    return m_impl->markers.at(static_cast<std::size_t>(style)).counts;
}

void TimeChart::setTimeRange(double t0, double t1)
{
    Impl& d = *m_impl;
    if (t1 <= t0) {
        t1 = t0 + 1e-3;
    }
    if (t0 == d.t0 && t1 == d.t1) {
        return;
    }
    d.t0 = t0;
    d.t1 = t1;
    d.updateTimeTicks();
    d.view->update();
}

void TimeChart::setFixedValueRange(double min, double max)
{
    Impl& d = *m_impl;
    d.fixedRange = true;
    d.valueMin = min;
    d.valueMax = max;
    d.updateValueTicks();
    d.view->update();
}

void TimeChart::setMinimumValueMax(double max)
{
    m_impl->minimumMax = max;
}

void TimeChart::commit()
{
    Impl& d = *m_impl;
    if (!d.fixedRange) {
        double top = d.minimumMax;
        for (const auto& s : d.series) {
            if (s.visible) {
                top = std::max(top, s.plottedMax);
            }
        }
        const double wanted = niceCeil(top * 1.08);
        // Grow at once, shrink only when the data uses less than 40 %.
        if (wanted > d.valueMax || top < d.valueMax * 0.4) {
            d.valueMin = 0.0;
            d.valueMax = wanted;
            d.updateValueTicks();
            d.view->update();
        }
    }
    if (!std::isnan(d.cursor)) {
        d.updateCursor();
    }
}

void TimeChart::setCursorTime(double t)
{
    Impl& d = *m_impl;
    if (std::isnan(t) && std::isnan(d.cursor)) {
        return;
    }
    d.cursor = t;
    d.updateCursor();
}

}  // namespace bplab::charts
